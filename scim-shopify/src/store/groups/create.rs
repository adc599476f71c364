//! The Groups' create path: the group definition made sure of once, the members checked to
//! be customers, then `metaobjectCreate` and one `tagsAdd` per member.

use std::sync::atomic::Ordering;

use scim_core::resource::Resource;
use scim_core::store::{StoreError, Stored};

use super::Groups;
use super::write::{metaobject_errors, taken};
use crate::client::operations::{
    MetaobjectCreate, MetaobjectCreateInput, MetaobjectCreateVariables, MetaobjectDefinitionByType,
    MetaobjectDefinitionCreate, MetaobjectDefinitionCreateVariables, MetaobjectDefinitionInput,
    MetaobjectFieldDefinition, MetaobjectTypeVariables,
};
use crate::mapping::{
    DISPLAY_NAME_FIELD, EXTERNAL_ID_FIELD, GROUP_TYPE, Member, group_names, group_stored,
    member_ids, not_a_user,
};
use crate::store::convert;
use crate::store::errors;

impl Groups<'_> {
    /// POST /Groups (RFC 7644 §3.3).
    pub(crate) async fn create(&self, resource: Resource) -> Result<Stored, StoreError> {
        let names = group_names(&self.shop.config, &resource)?;
        let ids = member_ids(&resource)?;
        // Nothing is written until every member is known to be a customer.
        let nodes = self.customer_nodes(&ids).await?;
        if let Some(missing) = ids.iter().find(|id| !nodes.contains_key(*id)) {
            return Err(not_a_user(missing).into());
        }
        if self.tag_taken(&names.tag, None).await? {
            return Err(taken(&names.display_name));
        }
        self.ensure_definition().await?;
        let answer = self
            .shop
            .client
            .execute::<MetaobjectCreate>(&MetaobjectCreateVariables {
                metaobject: MetaobjectCreateInput {
                    r#type: GROUP_TYPE.to_owned(),
                    handle: Some(names.handle()),
                    fields: convert::metaobject_fields(names.created_fields()),
                },
            })
            .await
            .map_err(|e| errors::backend("creating a group", e))?;
        let payload = answer.data.metaobject_create;
        if !payload.user_errors.is_empty() {
            return Err(metaobject_errors(&payload.user_errors, &names.display_name));
        }
        let created = payload.metaobject.ok_or_else(|| {
            StoreError::backend("creating a group", "metaobjectCreate answered nothing")
        })?;
        let group = self.group_from(&created)?;
        self.cache_put(&group.gid, Some(group.clone()));
        for id in &ids {
            self.change_tag(id, &names.tag, true).await?;
        }
        let members: Vec<Member> = ids
            .iter()
            .filter_map(|id| nodes.get(id).and_then(convert::member))
            .collect();
        Ok(group_stored(&group, Some(&members)))
    }

    /// Makes sure the `$app:scim_group` definition exists (looked up once per store).
    pub(super) async fn ensure_definition(&self) -> Result<(), StoreError> {
        if self.state.definition_ready.load(Ordering::Acquire) {
            return Ok(());
        }
        let found = self
            .shop
            .client
            .execute::<MetaobjectDefinitionByType>(&MetaobjectTypeVariables {
                r#type: GROUP_TYPE.to_owned(),
            })
            .await
            .map_err(|e| errors::backend("looking the group definition up", e))?;
        if found.data.metaobject_definition_by_type.is_none() {
            let text = |key: &str, name: &str, required| MetaobjectFieldDefinition {
                key: key.to_owned(),
                name: name.to_owned(),
                r#type: "single_line_text_field".to_owned(),
                required,
            };
            let created = self
                .shop
                .client
                .execute::<MetaobjectDefinitionCreate>(&MetaobjectDefinitionCreateVariables {
                    definition: MetaobjectDefinitionInput {
                        r#type: GROUP_TYPE.to_owned(),
                        name: "SCIM group".to_owned(),
                        display_name_key: Some(DISPLAY_NAME_FIELD.to_owned()),
                        field_definitions: vec![
                            text(DISPLAY_NAME_FIELD, "Display name", true),
                            text(EXTERNAL_ID_FIELD, "External id", false),
                        ],
                    },
                })
                .await
                .map_err(|e| errors::backend("creating the group definition", e))?;
            let errors = created.data.metaobject_definition_create.user_errors;
            // Another process created it meanwhile: "Type has already been taken".
            if !errors.is_empty() && !errors.iter().any(|e| e.code.as_deref() == Some("TAKEN")) {
                let detail = errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>();
                return Err(StoreError::backend(
                    "creating the group definition",
                    detail.join("; "),
                ));
            }
        }
        self.state.definition_ready.store(true, Ordering::Release);
        Ok(())
    }
}
