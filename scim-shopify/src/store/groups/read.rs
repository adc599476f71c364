//! The Groups' read path: a group by id (its metaobject), its members by their tag (the
//! lagging search) or by id (read directly), and a metaobject read as a group.

use std::collections::HashMap;

use scim_core::ScimError;
use scim_core::store::{StoreError, Stored};

use super::Groups;
use crate::client::operations::{
    CustomerNodes, GroupMembers, GroupMembersVariables, MAX_MEMBERS_PER_PAGE, MAX_NODES,
    MemberNode, Metaobject, MetaobjectById, MetaobjectIdVariables, NodesVariables,
};
use crate::mapping::{
    Group, METAOBJECT_GID_PREFIX, Member, customer_gid, group_from, group_stored, live_search,
    members_query, tag_eq,
};
use crate::store::convert;
use crate::store::errors;
use crate::store::paging::{Walked, walk};
use crate::store::shop::not_found;

impl Groups<'_> {
    /// GET /Groups/{id}.
    pub(crate) async fn get(&self, id: &str) -> Result<Stored, StoreError> {
        let group = self.read_group(id).await?;
        let members = self.members_of(&group).await?;
        Ok(group_stored(&group, Some(&members)))
    }

    /// The group a SCIM `id` names, or 404.
    pub(super) async fn read_group(&self, id: &str) -> Result<Group, StoreError> {
        // Group ids are the numeric part of the metaobject gid.
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_found(id).into());
        }
        let answer = self
            .shop
            .client
            .execute::<MetaobjectById>(&MetaobjectIdVariables {
                id: format!("{METAOBJECT_GID_PREFIX}{id}"),
            })
            .await
            .map_err(|e| errors::backend("reading a group", e))?;
        match answer.data.metaobject {
            // `$app:scim_group` resolves to `app--<app id>--scim_group`.
            Some(m) if m.r#type.starts_with("app--") && m.r#type.ends_with("--scim_group") => {
                self.group_from(&m)
            }
            _ => Err(not_found(id).into()),
        }
    }

    /// The group a metaobject the client read holds.
    pub(super) fn group_from(&self, m: &Metaobject) -> Result<Group, StoreError> {
        group_from(&self.shop.config, &convert::group_entry(m))
            .map_err(|e| StoreError::backend(format!("reading the group {}", m.id), e))
    }

    pub(super) async fn members_of(&self, group: &Group) -> Result<Vec<Member>, StoreError> {
        match &group.tag {
            Some(tag) => self.search_members(tag).await,
            None => Ok(Vec::new()),
        }
    }

    /// The customers the search finds with `tag` (and still carrying it); 400 `tooMany`
    /// past the list cap.
    pub(super) async fn search_members(&self, tag: &str) -> Result<Vec<Member>, StoreError> {
        let query =
            convert::search_query(&live_search(&self.shop.config, Some(members_query(tag))));
        let fetch = |first, after| {
            let variables = GroupMembersVariables {
                query: query.clone(),
                first,
                after,
            };
            async move {
                let answer = self
                    .shop
                    .client
                    .execute::<GroupMembers>(&variables)
                    .await
                    .map_err(|e| errors::backend("searching a group's members", e))?;
                let page = answer.data.customers;
                let members = page
                    .nodes
                    .iter()
                    .filter(|n| n.tags.iter().any(|t| tag_eq(t, tag)))
                    // A deleted User is no member (RFC 7644 §3.6); the search lags.
                    .filter(|n| {
                        !n.tags
                            .iter()
                            .any(|t| tag_eq(t, &self.shop.config.deleted_tag))
                    })
                    .filter_map(convert::member)
                    .collect();
                Ok(Walked {
                    items: members,
                    read: page.nodes.len(),
                    info: page.page_info,
                })
            }
        };
        let cap = self.shop.list_cap;
        walk(cap, MAX_MEMBERS_PER_PAGE, fetch, || {
            ScimError::too_many(format!(
                "the group has more than {cap} members to read; read it with \
                 excludedAttributes=members"
            ))
        })
        .await
    }

    /// The customers among `ids` (SCIM ids), read directly, by id; a customer marked
    /// deleted is left out, as an unknown id is (RFC 7644 §3.6).
    pub(super) async fn customer_nodes(
        &self,
        ids: &[String],
    ) -> Result<HashMap<String, MemberNode>, StoreError> {
        let mut found = HashMap::new();
        for chunk in ids.chunks(MAX_NODES) {
            let gids: Vec<String> = chunk.iter().filter_map(|id| customer_gid(id)).collect();
            let answer = self
                .shop
                .client
                .execute::<CustomerNodes>(&NodesVariables { ids: gids })
                .await
                .map_err(|e| errors::backend("reading group members", e))?;
            for node in answer.data.nodes.iter().flatten() {
                if let Some(customer) = node.customer()
                    && !customer
                        .tags
                        .iter()
                        .any(|t| tag_eq(t, &self.shop.config.deleted_tag))
                    && let Some(member) = convert::member(&customer)
                {
                    found.insert(member.id, customer);
                }
            }
        }
        Ok(found)
    }
}
