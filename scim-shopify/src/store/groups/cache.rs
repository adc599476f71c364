//! The cache of groups behind Users' `groups` (see [Users' groups](super#users-groups)):
//! filled on first need, refreshed on a miss or by a list that read every group, changed
//! by this store's own writes, and asked whether a tag is taken.

use std::time::Instant;

use scim_core::ScimError;
use scim_core::store::StoreError;

use super::Groups;
use super::state::{GroupIndex, MAX_CACHED_GROUPS, MISS_REFRESH};
use crate::client::operations::{MAX_METAOBJECTS_PER_PAGE, Metaobjects, MetaobjectsVariables};
use crate::mapping::{Customer, GROUP_TYPE, Group, is_group_tag, tag_eq};
use crate::store::errors;
use crate::store::paging::{Walked, walk};

impl Groups<'_> {
    /// The groups that the group tags of `customers` name (no call when none carries one).
    pub(crate) async fn group_index(
        &self,
        customers: &[&Customer],
    ) -> Result<GroupIndex, StoreError> {
        let tags: Vec<&String> = customers
            .iter()
            .flat_map(|c| &c.tags)
            .filter(|t| is_group_tag(&self.shop.config, t))
            .collect();
        if tags.is_empty() {
            return Ok(GroupIndex::default());
        }
        let (cached, refreshed) = {
            let cache = self.state.cache();
            (cache.groups.clone(), cache.refreshed)
        };
        let knows_all = |groups: &[Group]| {
            tags.iter().all(|tag| {
                groups
                    .iter()
                    .any(|g| g.tag.as_deref().is_some_and(|t| tag_eq(t, tag)))
            })
        };
        let groups = match cached {
            Some(groups) if knows_all(&groups) => groups,
            Some(groups) if refreshed.is_some_and(|at| at.elapsed() < MISS_REFRESH) => groups,
            _ => self.all_groups(MAX_CACHED_GROUPS).await?,
        };
        Ok(GroupIndex(groups))
    }

    /// Every group, paged; 400 `tooMany` past `cap`. Refreshes the cache.
    pub(super) async fn all_groups(&self, cap: usize) -> Result<Vec<Group>, StoreError> {
        let fetch = |first, after| async move {
            let answer = self
                .shop
                .client
                .execute::<Metaobjects>(&MetaobjectsVariables {
                    r#type: GROUP_TYPE.to_owned(),
                    first,
                    after,
                })
                .await
                .map_err(|e| errors::backend("listing groups", e))?;
            let page = answer.data.metaobjects;
            Ok(Walked {
                read: page.nodes.len(),
                items: page
                    .nodes
                    .iter()
                    .map(|m| self.group_from(m))
                    .collect::<Result<Vec<_>, _>>()?,
                info: page.page_info,
            })
        };
        let groups = walk(cap, MAX_METAOBJECTS_PER_PAGE, fetch, || {
            ScimError::too_many(format!("there are more than {cap} groups to examine"))
        })
        .await?;
        let mut cache = self.state.cache();
        cache.groups = Some(groups.clone());
        cache.refreshed = Some(Instant::now());
        Ok(groups)
    }

    /// Whether a group other than `except` has `tag`, by the cache, confirmed by reading
    /// the groups again when the cache says so (a group deleted elsewhere may linger there).
    /// No call when the cache does not know the tag: a group whose handle does not follow
    /// its name (renamed in the Shopify admin) is caught here once the cache knows it, and
    /// any other by the handle.
    pub(super) async fn tag_taken(
        &self,
        tag: &str,
        except: Option<&str>,
    ) -> Result<bool, StoreError> {
        if !self.tag_taken_in_cache(tag, except) {
            return Ok(false);
        }
        self.all_groups(MAX_CACHED_GROUPS).await?;
        Ok(self.tag_taken_in_cache(tag, except))
    }

    fn tag_taken_in_cache(&self, tag: &str, except: Option<&str>) -> bool {
        let cache = self.state.cache();
        cache.groups.iter().flatten().any(|g| {
            Some(g.gid.as_str()) != except && g.tag.as_deref().is_some_and(|t| tag_eq(t, tag))
        })
    }

    /// Records the groups a list read: every group when the list was `complete`, else each
    /// one in place (when the cache holds the groups).
    pub(super) fn cache_seen(&self, seen: &[Group], complete: bool) {
        let mut cache = self.state.cache();
        if complete {
            cache.groups = Some(seen.to_vec());
            cache.refreshed = Some(Instant::now());
        } else if let Some(groups) = cache.groups.as_mut() {
            for group in seen {
                groups.retain(|g| g.gid != group.gid);
                groups.push(group.clone());
            }
        }
    }

    /// Records a group write in the cache (`None` removes the group `gid`).
    pub(super) fn cache_put(&self, gid: &str, group: Option<Group>) {
        let mut cache = self.state.cache();
        if let Some(groups) = cache.groups.as_mut() {
            groups.retain(|g| g.gid != gid);
            groups.extend(group);
        }
    }
}
