//! The Groups' list path: without a filter or `sortBy`, a page in Shopify's order
//! ([lists in Shopify's order](crate::store::lists)), the count in the window's own call;
//! with one, every group (or the one an `id eq` term names) selected in memory. Members are
//! read only for the groups returned, unless the client excluded them.

use std::collections::HashMap;

use scim_core::query::{ListQuery, Page, select};
use scim_core::schema::ResourceView;
use scim_core::store::{StoreError, Stored};
use scim_filter::GROUP_SCHEMA;

use super::Groups;
use crate::client::operations::{
    EntryCount, GroupIds, GroupIdsVariables, GroupWindow, GroupWindowVariables, IdPage,
    MAX_METAOBJECTS_PER_PAGE, Metaobject, Slice,
};
use crate::mapping::{GROUP_TYPE, Member, group_stored};
use crate::store::errors;
use crate::store::lists::{self, Chunk, InOrder, Listing, Sizes, in_shopify_order};
use crate::store::paging::FIRST_PAGE;

impl Groups<'_> {
    /// GET /Groups (RFC 7644 §3.4.2): in Shopify's order without a filter or `sortBy`;
    /// else every group (or the one an `id eq` term names), the query evaluated in memory.
    pub(crate) async fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        if in_shopify_order(query) {
            return self.list_in_order(view, query).await;
        }
        self.list_selected(view, query).await
    }

    /// Every group (or the one an `id eq` term names), the filter, the sort and the page
    /// evaluated in memory.
    async fn list_selected(
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
            None => self.all_groups(self.shop.list_cap).await?,
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

    /// A page of Groups straight from `metaobjects(type:)`, with their members when the
    /// query returns them.
    async fn list_in_order(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        let list = GroupList {
            groups: self,
            listing: Listing::Groups,
        };
        let mut page = lists::page(&self.shop.snapshots, view, query, &list, None).await?;
        let groups = std::mem::take(&mut page.resources)
            .iter()
            .map(|m| self.group_from(m))
            .collect::<Result<Vec<_>, _>>()?;
        // What the list read keeps Users' `groups` current: a group renamed in the Shopify
        // admin is known by its new name (and its tag taken) from now on.
        self.cache_seen(&groups, page.total_results == groups.len());
        let with_members = returns_members(query);
        let mut resources = Vec::with_capacity(groups.len());
        for group in &groups {
            let members = match with_members {
                true => Some(self.members_of(group).await?),
                false => None,
            };
            resources.push(group_stored(group, members.as_deref()));
        }
        Ok(page.with_resources(resources))
    }

    /// One window call of groups, with their count.
    async fn group_chunk(&self, slice: Slice) -> Result<Chunk<Metaobject>, StoreError> {
        let answer = self
            .shop
            .client
            .execute::<GroupWindow>(&GroupWindowVariables {
                r#type: GROUP_TYPE.to_owned(),
                slice,
            })
            .await
            .map_err(|e| errors::backend("listing groups", e))?;
        let data = answer.data;
        Ok(Chunk {
            items: data.metaobjects.nodes,
            bounds: data.metaobjects.page_info,
            total: Some(entry_count(data.metaobject_definition_by_type)),
        })
    }

    /// One page of the groups' ids.
    async fn group_ids(&self, first: u32, after: Option<String>) -> Result<IdPage, StoreError> {
        self.shop
            .client
            .execute::<GroupIds>(&GroupIdsVariables {
                r#type: GROUP_TYPE.to_owned(),
                first,
                after,
            })
            .await
            .map(|answer| answer.data.metaobjects)
            .map_err(|e| errors::backend("reading group ids", e))
    }
}

/// The groups as a list in Shopify's order.
struct GroupList<'a> {
    groups: &'a Groups<'a>,
    listing: Listing,
}

impl InOrder for GroupList<'_> {
    type Item = Metaobject;

    fn listing(&self) -> &Listing {
        &self.listing
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            first: FIRST_PAGE,
            max: MAX_METAOBJECTS_PER_PAGE,
        }
    }

    async fn chunk(&self, slice: Slice) -> Result<Chunk<Metaobject>, StoreError> {
        self.groups.group_chunk(slice).await
    }

    async fn ids(&self, first: u32, after: Option<String>) -> Result<IdPage, StoreError> {
        self.groups.group_ids(first, after).await
    }
}

/// A definition's count; 0 when the definition does not exist yet.
fn entry_count(definition: Option<EntryCount>) -> usize {
    definition.map_or(0, |d| {
        usize::try_from(d.metaobjects_count).unwrap_or(usize::MAX)
    })
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
fn returns_members(query: &ListQuery) -> bool {
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
}
