//! Writing SCIM Groups to Shopify: POST, PUT, PATCH and DELETE of a group, as the [store
//! documentation](super) describes them (tags first, then the metaobject).

use std::collections::HashMap;

use scim_core::ScimError;
use scim_core::patch::{PatchRequest, apply};
use scim_core::resource::{Resource, Version};
use scim_core::schema::ResourceView;
use scim_core::store::{StoreError, Stored};

use super::{ShopifyStore, check_version, convert, not_found};
use crate::client::operations::{
    GroupTagRecase, GroupTagSwap, MemberNode, MetaobjectByHandle, MetaobjectByHandleVariables,
    MetaobjectCreate, MetaobjectCreateInput, MetaobjectCreateVariables, MetaobjectDelete,
    MetaobjectHandle, MetaobjectIdVariables, MetaobjectUpdate, MetaobjectUpdateInput,
    MetaobjectUpdateVariables, TagSwapVariables, TagsAdd, TagsRemove, TagsVariables, UserError,
};
use crate::mapping::{
    GROUP_TYPE, Group, GroupNames, Member, MemberDiff, TagStep, customer_gid, group_names,
    group_rename_plan, group_stored, member_ids, mentioned_ids, not_a_user, tag_eq,
};

/// 409 `uniqueness` (RFC 7644 §3.3): another group's membership tag is this name's.
fn taken(display_name: &str) -> StoreError {
    ScimError::uniqueness(format!(
        "a group whose membership tag is the same as \"{display_name}\"'s already exists"
    ))
    .into()
}

/// A failed metaobject write: a taken handle is a group with the same tag (409), anything
/// else a refused value (400).
fn metaobject_errors(errors: &[UserError], display_name: &str) -> StoreError {
    if errors
        .iter()
        .any(|e| e.code.as_deref() == Some("TAKEN") || e.message.contains("taken"))
    {
        return taken(display_name);
    }
    let detail = errors
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    ScimError::invalid_value(format!("Shopify refused the group: {detail}")).into()
}

impl ShopifyStore {
    async fn change_tag(&self, id: &str, tag: &str, add: bool) -> Result<(), StoreError> {
        let variables = TagsVariables {
            id: customer_gid(id).unwrap_or_default(),
            tags: vec![tag.to_owned()],
        };
        let errors = if add {
            let answer = self.client.execute::<TagsAdd>(&variables).await;
            answer
                .map_err(|e| convert::backend("adding a group tag", e))?
                .data
                .tags_add
                .user_errors
        } else {
            let answer = self.client.execute::<TagsRemove>(&variables).await;
            answer
                .map_err(|e| convert::backend("removing a group tag", e))?
                .data
                .tags_remove
                .user_errors
        };
        if errors.is_empty() {
            Ok(())
        } else {
            Err(convert::user_errors(&errors))
        }
    }

    /// Moves a member from the `old` tag to the `new` one in one request.
    async fn swap_tag(&self, id: &str, steps: &[TagStep]) -> Result<(), StoreError> {
        let (mut add, mut remove) = (Vec::new(), Vec::new());
        for step in steps {
            match step {
                TagStep::Add(tag) => add.push(tag.clone()),
                TagStep::Remove(tag) => remove.push(tag.clone()),
            }
        }
        let variables = TagSwapVariables {
            id: customer_gid(id).unwrap_or_default(),
            add,
            remove,
        };
        let recase = matches!(steps.first(), Some(TagStep::Remove(_)));
        let answer = if recase {
            self.client.execute::<GroupTagRecase>(&variables).await
        } else {
            self.client.execute::<GroupTagSwap>(&variables).await
        }
        .map_err(|e| convert::backend("renaming a group tag", e))?;
        let errors = answer.data.user_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(convert::user_errors(&errors))
        }
    }

    /// POST /Groups (RFC 7644 §3.3).
    pub(crate) async fn create_group(&self, resource: Resource) -> Result<Stored, StoreError> {
        let names = group_names(&self.config, &resource)?;
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
            .client
            .execute::<MetaobjectCreate>(&MetaobjectCreateVariables {
                metaobject: MetaobjectCreateInput {
                    r#type: GROUP_TYPE.to_owned(),
                    handle: Some(names.handle()),
                    fields: convert::metaobject_fields(names.created_fields()),
                },
            })
            .await
            .map_err(|e| convert::backend("creating a group", e))?;
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

    /// PUT /Groups/{id} (RFC 7644 §3.5.1): `members` replaced as a whole (absent: none).
    pub(crate) async fn replace_group(
        &self,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let group = self.read_group(id).await?;
        check_version(&group_stored(&group, None), expected)?;
        let current = self.members_of(&group).await?;
        self.write_group(group, current, HashMap::new(), &resource)
            .await
    }

    /// PATCH /Groups/{id} (RFC 7644 §3.5.2), applied to the group and its members, the
    /// members the request names read directly.
    pub(crate) async fn patch_group(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let group = self.read_group(id).await?;
        check_version(&group_stored(&group, None), expected)?;
        let mut current = self.members_of(&group).await?;
        let named = self.customer_nodes(&mentioned_ids(request)).await?;
        if let Some(tag) = &group.tag {
            // The search lags: what the named customers' own tags say wins.
            for (id, node) in &named {
                let tagged = node.tags.iter().any(|t| tag_eq(t, tag));
                let listed = current.iter().any(|m| &m.id == id);
                if tagged && !listed {
                    current.extend(convert::member(node));
                } else if !tagged && listed {
                    current.retain(|m| &m.id != id);
                }
            }
        }
        let stored = group_stored(&group, Some(&current));
        let patched = apply(view, request, stored.to_resource(None))?;
        if !patched.changed {
            return Ok(stored);
        }
        self.write_group(group, current, named, &patched.resource)
            .await
    }

    /// Writes `resource` over `group` whose members are `current`: on a rename, 409 first
    /// when another group has the new name's handle; then the members' tags; then the
    /// metaobject (which moves the version).
    async fn write_group(
        &self,
        group: Group,
        current: Vec<Member>,
        mut known: HashMap<String, MemberNode>,
        resource: &Resource,
    ) -> Result<Stored, StoreError> {
        let names = group_names(&self.config, resource)?;
        let GroupNames {
            display_name, tag, ..
        } = &names;
        let wanted = member_ids(resource)?;
        let current_ids: Vec<String> = current.iter().map(|m| m.id.clone()).collect();
        let diff = MemberDiff::between(&current_ids, &wanted);
        let unknown: Vec<String> = diff
            .added
            .iter()
            .filter(|id| !known.contains_key(*id))
            .cloned()
            .collect();
        known.extend(self.customer_nodes(&unknown).await?);
        if let Some(missing) = diff.added.iter().find(|id| !known.contains_key(*id)) {
            return Err(not_a_user(missing).into());
        }
        let old_tag = group.tag.clone();
        let renamed = old_tag.as_deref() != Some(tag.as_str());
        let handle = renamed.then(|| names.handle());
        if let Some(handle) = &handle {
            if self.tag_taken(tag, Some(&group.gid)).await? {
                return Err(taken(display_name));
            }
            self.check_handle_free(handle, &group.gid, display_name)
                .await?;
        }
        let plan = |from: &str, to: &str| match &old_tag {
            Some(_) if renamed => group_rename_plan(&self.config, from, to)
                .map_err(|e| StoreError::from(ScimError::invalid_value(e.to_string()))),
            _ => Ok(Vec::new()),
        };
        let rename = plan(&group.display_name, display_name)?;
        // The tags first: a write that fails part way leaves the group under its old name,
        // and sending the request again finishes the move.
        self.move_members(&diff, &rename, Some(tag), old_tag.as_deref())
            .await?;
        let answer = self
            .client
            .execute::<MetaobjectUpdate>(&MetaobjectUpdateVariables {
                id: group.gid.clone(),
                metaobject: MetaobjectUpdateInput {
                    handle,
                    fields: convert::metaobject_fields(names.updated_fields()),
                },
            })
            .await
            .map_err(|e| convert::backend("updating a group", e))?;
        let payload = answer.data.metaobject_update;
        if !payload.user_errors.is_empty() {
            // Another group took the name since the check: put the members back.
            let back = MemberDiff {
                added: diff.removed.clone(),
                kept: diff.kept.clone(),
                removed: diff.added.clone(),
            };
            let undo = plan(display_name, &group.display_name)?;
            if let Err(err) = self
                .move_members(&back, &undo, old_tag.as_deref(), Some(tag))
                .await
            {
                tracing::warn!(group = %group.gid, error = %err, "restoring the members' tags failed");
            }
            return Err(metaobject_errors(&payload.user_errors, display_name));
        }
        let updated = payload.metaobject.ok_or_else(|| {
            StoreError::backend("updating a group", "metaobjectUpdate answered nothing")
        })?;
        let updated = self.group_from(&updated)?;
        self.cache_put(&updated.gid, Some(updated.clone()));
        let members: Vec<Member> = wanted
            .iter()
            .filter_map(|id| {
                current
                    .iter()
                    .find(|m| &m.id == id)
                    .cloned()
                    .or_else(|| known.get(id).and_then(convert::member))
            })
            .collect();
        Ok(group_stored(&updated, Some(&members)))
    }

    /// 409 `uniqueness` when another group holds `handle` (its tag is the same as the new
    /// name's).
    async fn check_handle_free(
        &self,
        handle: &str,
        gid: &str,
        display_name: &str,
    ) -> Result<(), StoreError> {
        let answer = self
            .client
            .execute::<MetaobjectByHandle>(&MetaobjectByHandleVariables {
                handle: MetaobjectHandle {
                    r#type: GROUP_TYPE.to_owned(),
                    handle: handle.to_owned(),
                },
            })
            .await
            .map_err(|e| convert::backend("looking a group up by handle", e))?;
        match answer.data.metaobject_by_handle {
            Some(other) if other.id != gid => Err(taken(display_name)),
            _ => Ok(()),
        }
    }

    /// The tag changes of a member diff: `kept` members follow the rename `steps` (one
    /// request each), `added` ones get `join`, `removed` ones lose `leave`.
    async fn move_members(
        &self,
        diff: &MemberDiff,
        steps: &[TagStep],
        join: Option<&str>,
        leave: Option<&str>,
    ) -> Result<(), StoreError> {
        if !steps.is_empty() {
            for id in &diff.kept {
                self.swap_tag(id, steps).await?;
            }
        }
        if let Some(tag) = join {
            for id in &diff.added {
                self.change_tag(id, tag, true).await?;
            }
        }
        if let Some(tag) = leave {
            for id in &diff.removed {
                self.change_tag(id, tag, false).await?;
            }
        }
        Ok(())
    }

    /// DELETE /Groups/{id} (RFC 7644 §3.6): the tag off every member, then the metaobject.
    pub(crate) async fn delete_group(
        &self,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        let group = self.read_group(id).await?;
        check_version(&group_stored(&group, None), expected)?;
        if let Some(tag) = &group.tag {
            for member in self.search_members(tag).await? {
                self.change_tag(&member.id, tag, false).await?;
            }
        }
        let answer = self
            .client
            .execute::<MetaobjectDelete>(&MetaobjectIdVariables {
                id: group.gid.clone(),
            })
            .await
            .map_err(|e| convert::backend("deleting a group", e))?;
        let payload = answer.data.metaobject_delete;
        self.cache_put(&group.gid, None);
        if payload.deleted_id.is_none() {
            return Err(not_found(id).into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_handle_is_uniqueness_and_other_errors_invalid_value() {
        let error = |message: &str, code: &str| UserError {
            field: Some(vec!["metaobject".into(), "handle".into()]),
            message: message.into(),
            code: Some(code.into()),
        };
        let scim = |err: StoreError| match err {
            StoreError::Scim(err) => err,
            other => panic!("not a SCIM error: {other}"),
        };
        let taken = scim(metaobject_errors(
            &[error("Handle has already been taken", "TAKEN")],
            "Sales",
        ));
        assert_eq!(taken.status(), 409);
        assert_eq!(taken.scim_type(), Some(scim_core::ScimType::Uniqueness));
        let blank = scim(metaobject_errors(
            &[error(
                "Display name can't be blank",
                "OBJECT_FIELD_REQUIRED",
            )],
            "",
        ));
        assert_eq!(blank.status(), 400);
        assert_eq!(blank.scim_type(), Some(scim_core::ScimType::InvalidValue));
    }
}
