//! The Groups' write path: PUT and PATCH of a group, its members' tags moved first, then
//! the metaobject (which moves the version), moved back should Shopify refuse the name.

use std::collections::HashMap;

use scim_core::ScimError;
use scim_core::patch::{PatchRequest, apply};
use scim_core::resource::{Resource, Version};
use scim_core::schema::ResourceView;
use scim_core::store::{StoreError, Stored};

use super::Groups;
use crate::client::operations::{
    MemberNode, MetaobjectByHandle, MetaobjectByHandleVariables, MetaobjectHandle,
    MetaobjectUpdate, MetaobjectUpdateInput, MetaobjectUpdateVariables, UserError,
};
use crate::mapping::{
    GROUP_TYPE, Group, GroupNames, Member, MemberDiff, group_names, group_rename_plan,
    group_stored, member_ids, mentioned_ids, not_a_user, tag_eq,
};
use crate::store::convert;
use crate::store::errors;
use crate::store::shop::check_version;

/// 409 `uniqueness` (RFC 7644 §3.3): another group's membership tag is this name's.
pub(super) fn taken(display_name: &str) -> StoreError {
    ScimError::uniqueness(format!(
        "a group whose membership tag is the same as \"{display_name}\"'s already exists"
    ))
    .into()
}

/// A failed metaobject write: a taken handle is a group with the same tag (409), anything
/// else a refused value (400).
pub(super) fn metaobject_errors(errors: &[UserError], display_name: &str) -> StoreError {
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

impl Groups<'_> {
    /// PUT /Groups/{id} (RFC 7644 §3.5.1): `members` replaced as a whole (absent: none).
    pub(crate) async fn replace(
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
    pub(crate) async fn patch(
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
        let names = group_names(&self.shop.config, resource)?;
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
            Some(_) if renamed => group_rename_plan(&self.shop.config, from, to)
                .map_err(|e| StoreError::from(ScimError::invalid_value(e.to_string()))),
            _ => Ok(Vec::new()),
        };
        let rename = plan(&group.display_name, display_name)?;
        // The tags first: a write that fails part way leaves the group under its old name,
        // and sending the request again finishes the move.
        self.move_members(&diff, &rename, Some(tag), old_tag.as_deref())
            .await?;
        let answer = self
            .shop
            .client
            .execute::<MetaobjectUpdate>(&MetaobjectUpdateVariables {
                id: group.gid.clone(),
                metaobject: MetaobjectUpdateInput {
                    handle,
                    fields: convert::metaobject_fields(names.updated_fields()),
                },
            })
            .await
            .map_err(|e| errors::backend("updating a group", e))?;
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
            .shop
            .client
            .execute::<MetaobjectByHandle>(&MetaobjectByHandleVariables {
                handle: MetaobjectHandle {
                    r#type: GROUP_TYPE.to_owned(),
                    handle: handle.to_owned(),
                },
            })
            .await
            .map_err(|e| errors::backend("looking a group up by handle", e))?;
        match answer.data.metaobject_by_handle {
            Some(other) if other.id != gid => Err(taken(display_name)),
            _ => Ok(()),
        }
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
