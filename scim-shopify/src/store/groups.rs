//! SCIM Groups (RFC 7643 §4.2) kept in Shopify: each group is a metaobject of the app's type
//! `$app:scim_group` (fields `display_name`, `external_id`), and membership is the customer
//! tag [`group_tag`](crate::mapping::group_tag) (the configured prefix and the display name), so merchants can segment,
//! discount and gate content on it.
//!
//! This module reads groups (and keeps the cache behind Users' `groups`); `group_writes`
//! writes them. What each operation sends, and the consistency it gives: see the
//! [store](super) documentation.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use scim_core::ScimError;
use scim_core::query::{ListQuery, Page, select};
use scim_core::schema::ResourceView;
use scim_core::store::{StoreError, Stored};
use scim_filter::GROUP_SCHEMA;

use super::paging::{Walked, walk};
use super::{ShopifyStore, convert, not_found};
use crate::client::operations::{
    CustomerNodes, GroupMembers, GroupMembersVariables, MAX_MEMBERS_PER_PAGE,
    MAX_METAOBJECTS_PER_PAGE, MAX_NODES, MemberNode, Metaobject, MetaobjectById,
    MetaobjectDefinitionByType, MetaobjectDefinitionCreate, MetaobjectDefinitionCreateVariables,
    MetaobjectDefinitionInput, MetaobjectFieldDefinition, MetaobjectIdVariables,
    MetaobjectTypeVariables, Metaobjects, MetaobjectsVariables, NodesVariables,
};
use crate::mapping::{
    Customer, DISPLAY_NAME_FIELD, EXTERNAL_ID_FIELD, GROUP_TYPE, Group, GroupRef,
    METAOBJECT_GID_PREFIX, Member, customer_gid, group_from, group_stored, is_group_tag,
    live_search, members_query, tag_eq,
};

/// The least time between two re-reads of the groups caused by an unknown group tag.
///
/// ```
/// assert_eq!(scim_shopify::store::MISS_REFRESH.as_secs(), 10);
/// ```
pub const MISS_REFRESH: Duration = Duration::from_secs(10);

/// The most groups the cache behind Users' `groups` reads (a User read is not refused for
/// the store's list cap, which bounds what one list examines).
///
/// ```
/// assert!(scim_shopify::store::MAX_CACHED_GROUPS > scim_shopify::store::DEFAULT_LIST_CAP);
/// ```
pub const MAX_CACHED_GROUPS: usize = 10_000;

/// The group state a [`ShopifyStore`] keeps: whether the definition is known to exist, and
/// the cache of groups that answers Users' `groups`.
#[derive(Debug, Default)]
pub(crate) struct GroupState {
    definition_ready: AtomicBool,
    cache: Mutex<GroupCache>,
}

#[derive(Debug, Default)]
struct GroupCache {
    groups: Option<Vec<Group>>,
    refreshed: Option<Instant>,
}

/// The groups a set of customers' tags name, for [`crate::mapping::customer_to_user`].
#[derive(Debug, Default)]
pub(crate) struct GroupIndex(Vec<Group>);

impl GroupIndex {
    /// The group whose tag is `tag`.
    pub(crate) fn lookup(&self, tag: &str) -> Option<GroupRef> {
        self.0
            .iter()
            .find(|g| g.tag.as_deref().is_some_and(|t| tag_eq(t, tag)))
            .map(|g| GroupRef {
                id: g.id.clone(),
                display: g.display_name.clone(),
            })
    }
}

/// The group id a filter requires (`id eq "7"`, alone or in an `and`), if any.
fn id_term(filter: &scim_filter::Filter<'_>) -> Option<String> {
    use scim_filter::{CompValue, CompareOp, Filter};
    match filter {
        Filter::Compare {
            path,
            op: CompareOp::Equal,
            value: CompValue::String(id),
        } if path.name().eq_ignore_ascii_case("id") && path.sub_attr().is_none() => {
            Some(id.to_string())
        }
        Filter::And(terms) => terms.iter().find_map(id_term),
        _ => None,
    }
}

/// Whether `path` names the Group's `members` (bare, or qualified with the core Group
/// schema URN, RFC 7644 §3.10), with or without a sub-attribute.
fn is_members(path: &scim_filter::AttrPath<'_>) -> bool {
    path.uri()
        .is_none_or(|uri| uri.eq_ignore_ascii_case(GROUP_SCHEMA))
        && path.name().eq_ignore_ascii_case("members")
}

/// Whether a list's answer shows `members` (RFC 7644 §3.4.2.5): not when the client
/// excluded them (as Okta and Entra do) or asked for other attributes only, so those
/// lists cost no member search. Excluding a sub-attribute (`members.display`) leaves the
/// members, without it.
pub(super) fn returns_members(query: &ListQuery) -> bool {
    !query
        .excluded_attributes
        .iter()
        .any(|path| is_members(path) && path.sub_attr().is_none())
        && (query.attributes.is_empty() || query.attributes.iter().any(is_members))
}

/// Whether the filter (RFC 7644 §3.4.2.2) or the sort (§3.4.2.3) of a list looks at
/// `members`, so that every group's members must be read before selecting.
fn selects_on_members(query: &ListQuery) -> bool {
    fn names_members(filter: &scim_filter::Filter<'_>) -> bool {
        use scim_filter::Filter;
        match filter {
            Filter::Present(path)
            | Filter::Compare { path, .. }
            | Filter::ValuePath { path, .. } => is_members(path),
            Filter::Not(inner) => names_members(inner),
            Filter::And(terms) | Filter::Or(terms) => terms.iter().any(names_members),
        }
    }
    query.sort_by.as_ref().is_some_and(is_members)
        || query.filter.as_ref().is_some_and(names_members)
}

impl ShopifyStore {
    /// The group a metaobject the client read holds.
    pub(super) fn group_from(&self, m: &Metaobject) -> Result<Group, StoreError> {
        group_from(&self.config, &convert::group_entry(m))
            .map_err(|e| StoreError::backend(format!("reading the group {}", m.id), e))
    }

    /// Makes sure the `$app:scim_group` definition exists (looked up once per store).
    pub(super) async fn ensure_definition(&self) -> Result<(), StoreError> {
        if self.groups.definition_ready.load(Ordering::Acquire) {
            return Ok(());
        }
        let found = self
            .client
            .execute::<MetaobjectDefinitionByType>(&MetaobjectTypeVariables {
                r#type: GROUP_TYPE.to_owned(),
            })
            .await
            .map_err(|e| convert::backend("looking the group definition up", e))?;
        if found.data.metaobject_definition_by_type.is_none() {
            let text = |key: &str, name: &str, required| MetaobjectFieldDefinition {
                key: key.to_owned(),
                name: name.to_owned(),
                r#type: "single_line_text_field".to_owned(),
                required,
            };
            let created = self
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
                .map_err(|e| convert::backend("creating the group definition", e))?;
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
        self.groups.definition_ready.store(true, Ordering::Release);
        Ok(())
    }

    /// Every group, paged; 400 `tooMany` past `cap`. Refreshes the cache.
    async fn all_groups(&self, cap: usize) -> Result<Vec<Group>, StoreError> {
        let fetch = |first, after| async move {
            let answer = self
                .client
                .execute::<Metaobjects>(&MetaobjectsVariables {
                    r#type: GROUP_TYPE.to_owned(),
                    first,
                    after,
                })
                .await
                .map_err(|e| convert::backend("listing groups", e))?;
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
        let mut cache = self.cache();
        cache.groups = Some(groups.clone());
        cache.refreshed = Some(Instant::now());
        Ok(groups)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, GroupCache> {
        self.groups.cache.lock().unwrap_or_else(|p| p.into_inner())
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
        let cache = self.cache();
        cache.groups.iter().flatten().any(|g| {
            Some(g.gid.as_str()) != except && g.tag.as_deref().is_some_and(|t| tag_eq(t, tag))
        })
    }

    /// Records the groups a list read: every group when the list was `complete`, else each
    /// one in place (when the cache holds the groups).
    pub(super) fn cache_seen(&self, seen: &[Group], complete: bool) {
        let mut cache = self.cache();
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
        let mut cache = self.cache();
        if let Some(groups) = cache.groups.as_mut() {
            groups.retain(|g| g.gid != gid);
            groups.extend(group);
        }
    }

    /// The groups that the group tags of `customers` name (no call when none carries one).
    pub(crate) async fn group_index(
        &self,
        customers: &[&Customer],
    ) -> Result<GroupIndex, StoreError> {
        let tags: Vec<&String> = customers
            .iter()
            .flat_map(|c| &c.tags)
            .filter(|t| is_group_tag(&self.config, t))
            .collect();
        if tags.is_empty() {
            return Ok(GroupIndex::default());
        }
        let (cached, refreshed) = {
            let cache = self.cache();
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

    /// The group a SCIM `id` names, or 404.
    pub(super) async fn read_group(&self, id: &str) -> Result<Group, StoreError> {
        // Group ids are the numeric part of the metaobject gid.
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_found(id).into());
        }
        let answer = self
            .client
            .execute::<MetaobjectById>(&MetaobjectIdVariables {
                id: format!("{METAOBJECT_GID_PREFIX}{id}"),
            })
            .await
            .map_err(|e| convert::backend("reading a group", e))?;
        match answer.data.metaobject {
            // `$app:scim_group` resolves to `app--<app id>--scim_group`.
            Some(m) if m.r#type.starts_with("app--") && m.r#type.ends_with("--scim_group") => {
                self.group_from(&m)
            }
            _ => Err(not_found(id).into()),
        }
    }

    /// The customers the search finds with `tag` (and still carrying it); 400 `tooMany`
    /// past the list cap.
    pub(super) async fn search_members(&self, tag: &str) -> Result<Vec<Member>, StoreError> {
        let query = convert::search_query(&live_search(&self.config, Some(members_query(tag))));
        let fetch = |first, after| {
            let variables = GroupMembersVariables {
                query: query.clone(),
                first,
                after,
            };
            async move {
                let answer = self
                    .client
                    .execute::<GroupMembers>(&variables)
                    .await
                    .map_err(|e| convert::backend("searching a group's members", e))?;
                let page = answer.data.customers;
                let members = page
                    .nodes
                    .iter()
                    .filter(|n| n.tags.iter().any(|t| tag_eq(t, tag)))
                    // A deleted User is no member (RFC 7644 §3.6); the search lags.
                    .filter(|n| !n.tags.iter().any(|t| tag_eq(t, &self.config.deleted_tag)))
                    .filter_map(convert::member)
                    .collect();
                Ok(Walked {
                    items: members,
                    read: page.nodes.len(),
                    info: page.page_info,
                })
            }
        };
        let cap = self.list_cap;
        walk(cap, MAX_MEMBERS_PER_PAGE, fetch, || {
            ScimError::too_many(format!(
                "the group has more than {cap} members to read; read it with \
                 excludedAttributes=members"
            ))
        })
        .await
    }

    pub(super) async fn members_of(&self, group: &Group) -> Result<Vec<Member>, StoreError> {
        match &group.tag {
            Some(tag) => self.search_members(tag).await,
            None => Ok(Vec::new()),
        }
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
                .client
                .execute::<CustomerNodes>(&NodesVariables { ids: gids })
                .await
                .map_err(|e| convert::backend("reading group members", e))?;
            for node in answer.data.nodes.iter().flatten() {
                if let Some(customer) = node.customer()
                    && !customer
                        .tags
                        .iter()
                        .any(|t| tag_eq(t, &self.config.deleted_tag))
                    && let Some(member) = convert::member(&customer)
                {
                    found.insert(member.id, customer);
                }
            }
        }
        Ok(found)
    }

    /// GET /Groups/{id}.
    pub(crate) async fn get_group(&self, id: &str) -> Result<Stored, StoreError> {
        let group = self.read_group(id).await?;
        let members = self.members_of(&group).await?;
        Ok(group_stored(&group, Some(&members)))
    }

    /// GET /Groups (RFC 7644 §3.4.2): every group, the query evaluated in memory.
    pub(crate) async fn list_groups(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        // `id eq "..."` (Entra's membership check) reads that group alone.
        let groups = match query.filter.as_ref().and_then(id_term) {
            Some(id) => match self.read_group(&id).await {
                Ok(group) => vec![group],
                Err(StoreError::Scim(err)) if err.status() == http::StatusCode::NOT_FOUND => {
                    Vec::new()
                }
                Err(err) => return Err(err),
            },
            None => self.all_groups(self.list_cap).await?,
        };
        // Every group's members when the filter or the sort looks at them (read once, and
        // kept for the page).
        let mut read: HashMap<String, Vec<Member>> = HashMap::new();
        if selects_on_members(query) {
            for group in &groups {
                read.insert(group.id.clone(), self.members_of(group).await?);
            }
        }
        let resources = groups
            .iter()
            .map(|group| {
                group_stored(group, read.get(&group.id).map(Vec::as_slice)).into_resource(None)
            })
            .collect::<Vec<_>>();
        let mut page = select(view, resources, query)?;
        let returned = returns_members(query);
        let mut listed = Vec::new();
        for resource in std::mem::take(&mut page.resources) {
            let id = resource.id().unwrap_or_default();
            let group = groups
                .iter()
                .find(|g| g.id == id)
                .ok_or_else(|| StoreError::backend("listing groups", "a group went missing"))?;
            let members = match (returned, read.remove(id)) {
                (false, _) => None,
                (true, Some(members)) => Some(members),
                (true, None) => Some(self.members_of(group).await?),
            };
            listed.push(group_stored(group, members.as_deref()));
        }
        Ok(page.with_resources(listed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_core::query::QueryLimits;

    fn query(pairs: &[(&str, &str)]) -> ListQuery {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT).unwrap()
    }

    #[test]
    fn an_id_term_narrows_a_list_to_one_group() {
        let id = |text: &str| id_term(&scim_filter::parse_filter(text).unwrap());
        assert_eq!(id(r#"id eq "7""#).as_deref(), Some("7"));
        assert_eq!(
            id(r#"id eq "7" and members[value eq "9"]"#).as_deref(),
            Some("7")
        );
        assert_eq!(id(r#"id eq "7" or displayName eq "x""#), None);
        assert_eq!(id(r#"id ne "7""#), None);
        assert_eq!(id(r#"displayName eq "7""#), None);
    }

    #[test]
    fn lists_read_members_only_when_they_are_returned() {
        assert!(returns_members(&query(&[])));
        assert!(!returns_members(&query(&[(
            "excludedAttributes",
            "members"
        )])));
        assert!(!returns_members(&query(&[(
            "excludedAttributes",
            "urn:ietf:params:scim:schemas:core:2.0:Group:members"
        )])));
        assert!(!returns_members(&query(&[("attributes", "displayName")])));
        assert!(returns_members(&query(&[("attributes", "members.value")])));
        // RFC 7644 §3.4.2.5: excluding a sub-attribute keeps the members (scim2-tester).
        assert!(returns_members(&query(&[(
            "excludedAttributes",
            "members.display"
        )])));
    }

    #[test]
    fn members_are_read_before_selecting_only_for_a_filter_or_sort_on_them() {
        assert!(!selects_on_members(&query(&[])));
        assert!(!selects_on_members(&query(&[(
            "filter",
            r#"displayName eq "members""#
        )])));
        assert!(selects_on_members(&query(&[(
            "filter",
            r#"displayName eq "x" or not (members[value eq "7"])"#
        )])));
        assert!(selects_on_members(&query(&[(
            "filter",
            "members.value pr"
        )])));
        // RFC 7644 §3.4.2.3: a sort by a multi-valued attribute's value.
        assert!(selects_on_members(&query(&[("sortBy", "members.value")])));
        assert!(!selects_on_members(&query(&[("sortBy", "displayName")])));
    }

    #[test]
    fn the_index_finds_a_group_by_its_tag_in_any_case() {
        let now = chrono::Utc::now();
        let index = GroupIndex(vec![Group {
            gid: "gid://shopify/Metaobject/5".into(),
            id: "5".into(),
            display_name: "Sales".into(),
            external_id: None,
            tag: Some("scim-group:Sales".into()),
            created: now,
            updated: now,
        }]);
        let found = index.lookup("SCIM-GROUP:sales").unwrap();
        assert_eq!((found.id.as_str(), found.display.as_str()), ("5", "Sales"));
        assert!(index.lookup("scim-group:Support").is_none());
    }
}
