//! The answer to a list or search (RFC 7644 §3.4.2; RFC 9865 §2 for cursor pages), and a
//! function that computes it over resources in memory.

use scim_filter::CompiledFilter;
use serde::ser::SerializeStruct;
use serde_json::Value;

use super::cursor::QueryFingerprint;
use super::params::{ListQuery, Pagination};
use super::projection::Projection;
use super::sort::SortPlan;
use crate::error::ScimError;
use crate::resource::Attributes;
use crate::schema::ResourceView;

/// The URN of list responses (RFC 7644 §3.4.2).
///
/// ```
/// use scim_core::query::{LIST_RESPONSE_SCHEMA, ListResponse};
///
/// let page = ListResponse {
///     total_results: 0, start_index: Some(1), next_cursor: None, previous_cursor: None,
///     resources: vec![],
/// };
/// assert_eq!(page.to_json()["schemas"][0], LIST_RESPONSE_SCHEMA);
/// ```
pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// One page of a list or search (RFC 7644 §3.4.2). Its `Serialize` (or
/// [`ListResponse::to_json`]) writes the body:
///
/// - `schemas`, `totalResults`, `itemsPerPage` (the number of resources on this page) and
///   `Resources` always, the numbers as JSON numbers; `Resources` is `[]` on an empty page;
/// - `startIndex` on index pages (RFC 7644 §3.4.2.4);
/// - `nextCursor` and `previousCursor` on cursor pages when there is such a page
///   (RFC 9865 §2). Cursor pages carry no `startIndex`: it means nothing there, and no
///   example of RFC 9865 has one.
///
/// ```
/// use scim_core::query::ListResponse;
/// use serde_json::json;
///
/// let page = ListResponse {
///     total_results: 100,
///     start_index: Some(1),
///     next_cursor: None,
///     previous_cursor: None,
///     resources: vec![json!({"id": "2819c223", "userName": "bjensen"})],
/// };
/// assert_eq!(page.to_json(), json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
///     "totalResults": 100,
///     "itemsPerPage": 1,
///     "startIndex": 1,
///     "Resources": [{"id": "2819c223", "userName": "bjensen"}],
/// }));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ListResponse {
    /// How many resources match, on all pages together.
    pub total_results: usize,
    /// The 1-based index of this page's first resource; `None` on cursor pages.
    pub start_index: Option<usize>,
    /// The cursor of the next page; `None` on the last page (RFC 9865 §2: omitted "only to
    /// indicate that there are no more result pages").
    pub next_cursor: Option<String>,
    /// The cursor of the previous page, if there is one and the service offers it.
    pub previous_cursor: Option<String>,
    /// The resources of this page, as returned (see [`crate::query::project`]).
    pub resources: Vec<Value>,
}

impl ListResponse {
    /// `itemsPerPage`: how many resources this page holds.
    ///
    /// ```
    /// let page = scim_core::query::ListResponse {
    ///     total_results: 3, start_index: Some(1), next_cursor: None, previous_cursor: None,
    ///     resources: vec![],
    /// };
    /// assert_eq!(page.items_per_page(), 0);
    /// ```
    pub fn items_per_page(&self) -> usize {
        self.resources.len()
    }

    /// The response body.
    ///
    /// ```
    /// let page = scim_core::query::ListResponse {
    ///     total_results: 0, start_index: None, next_cursor: None, previous_cursor: None,
    ///     resources: vec![],
    /// };
    /// assert_eq!(page.to_json()["Resources"], serde_json::json!([]));
    /// ```
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl serde::Serialize for ListResponse {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = 4
            + usize::from(self.start_index.is_some())
            + usize::from(self.next_cursor.is_some())
            + usize::from(self.previous_cursor.is_some());
        let mut body = serializer.serialize_struct("ListResponse", fields)?;
        body.serialize_field("schemas", &[LIST_RESPONSE_SCHEMA])?;
        body.serialize_field("totalResults", &self.total_results)?;
        body.serialize_field("itemsPerPage", &self.items_per_page())?;
        if let Some(start_index) = self.start_index {
            body.serialize_field("startIndex", &start_index)?;
        }
        if let Some(cursor) = &self.next_cursor {
            body.serialize_field("nextCursor", cursor)?;
        }
        if let Some(cursor) = &self.previous_cursor {
            body.serialize_field("previousCursor", cursor)?;
        }
        body.serialize_field("Resources", &self.resources)?;
        body.end()
    }
}

/// One page of matched resources before projection: what a store answers a list with
/// (see [`select`] and [`Window`]), and what [`Page::project`] turns into a [`ListResponse`].
///
/// ```
/// use scim_core::query::{ListQuery, Page, Window};
/// use scim_core::schema::SchemaRegistry;
///
/// let registry = SchemaRegistry::rfc7643();
/// let window = Window::new(&registry.view("User").unwrap(), &ListQuery::default(), 3)?;
/// let page: Page<&str> = window.into_page(vec!["a", "b", "c"]);
/// assert_eq!((page.total_results, page.start_index), (3, Some(1)));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Page<R> {
    /// How many resources match, on all pages together.
    pub total_results: usize,
    /// The 1-based index of the first resource, on index pages.
    pub start_index: Option<usize>,
    /// The cursor of the next page, on cursor pages that have one (RFC 9865 §2).
    pub next_cursor: Option<String>,
    /// The cursor of the previous page, on cursor pages after the first.
    pub previous_cursor: Option<String>,
    /// The resources on this page, in order.
    pub resources: Vec<R>,
}

impl<R> Page<R> {
    /// The same page (total, index, cursors) holding `resources` instead: for a store that
    /// takes a page's resources out (`std::mem::take`) to turn them into others with a
    /// fallible or asynchronous step.
    ///
    /// ```
    /// use scim_core::query::Page;
    ///
    /// let mut page = Page { total_results: 7, start_index: Some(3), next_cursor: None, previous_cursor: None, resources: vec![1, 2] };
    /// let numbers = std::mem::take(&mut page.resources);
    /// let texts = numbers.iter().map(|n| format!("#{n}")).collect::<Vec<_>>();
    /// let page = page.with_resources(texts);
    /// assert_eq!((page.total_results, page.start_index), (7, Some(3)));
    /// assert_eq!(page.resources, ["#1", "#2"]);
    /// ```
    pub fn with_resources<T>(self, resources: Vec<T>) -> Page<T> {
        Page {
            total_results: self.total_results,
            start_index: self.start_index,
            next_cursor: self.next_cursor,
            previous_cursor: self.previous_cursor,
            resources,
        }
    }

    /// The same page with each resource turned into something else.
    pub fn map<T>(mut self, f: impl FnMut(R) -> T) -> Page<T> {
        let resources = std::mem::take(&mut self.resources);
        self.with_resources(resources.into_iter().map(f).collect())
    }
}

impl<R: Attributes> Page<R> {
    /// The list response: each resource projected with the query's `attributes` and
    /// `excludedAttributes` (RFC 7644 §3.9, see [`crate::query::project`]).
    pub fn project(&self, view: &ResourceView<'_>, query: &ListQuery) -> ListResponse {
        let projection = Projection::new(view, &query.attributes, &query.excluded_attributes);
        ListResponse {
            total_results: self.total_results,
            start_index: self.start_index,
            next_cursor: self.next_cursor.clone(),
            previous_cursor: self.previous_cursor.clone(),
            resources: self
                .resources
                .iter()
                .map(|resource| projection.apply(resource.attributes()))
                .collect(),
        }
    }
}

/// Where the page a query asks for lies among `total` matched resources in a stable order:
/// the positions to fetch, and the page's `startIndex` or cursors.
///
/// A store that can count its matches and fetch a range of them (an unfiltered list, an
/// index lookup, a database query with `OFFSET`) uses it to pay for one page only, never for
/// every resource; [`select`] uses it after filtering and sorting in memory.
///
/// - Index pagination (`startIndex`, or no pagination parameter) takes `count` resources
///   from the 1-based `startIndex` (RFC 7644 §3.4.2.4); a `startIndex` past the end gives
///   an empty page with the true `totalResults`.
/// - Cursor pagination (RFC 9865 §2): the cursors are positions bound to the query (its
///   filter, sort, count and attributes, and the resource type), so one sent with another
///   query is `invalidCursor`. `nextCursor` is given while results remain, `previousCursor`
///   after the first page. With `count=0` there is no next page: it would be the same one.
///
/// ```
/// use scim_core::query::{ListQuery, Pagination, Window};
/// use scim_core::schema::SchemaRegistry;
///
/// let registry = SchemaRegistry::rfc7643();
/// let users = registry.view("User").unwrap();
/// let query = ListQuery { pagination: Pagination::Index { start_index: 11 }, count: 10, ..ListQuery::default() };
/// let window = Window::new(&users, &query, 15)?;
/// assert_eq!(window.range(), 10..15);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    total: usize,
    start: usize,
    end: usize,
    start_index: Option<usize>,
    next_cursor: Option<String>,
    previous_cursor: Option<String>,
}

impl Window {
    /// The window of `query` over `total` matches of `view`'s resource type; a cursor
    /// not issued for this query and type is `invalidCursor`.
    pub fn new(
        view: &ResourceView<'_>,
        query: &ListQuery,
        total: usize,
    ) -> Result<Window, ScimError> {
        let fingerprint = QueryFingerprint::of(view, query);
        let cursor_offset = match &query.pagination {
            Pagination::Cursor {
                cursor: Some(cursor),
            } => Some(fingerprint.offset(cursor)?),
            Pagination::Cursor { cursor: None } => Some(0),
            Pagination::Index { .. } | Pagination::Unspecified => None,
        };
        let offset = cursor_offset.unwrap_or_else(|| query.start_index() - 1);
        let start = offset.min(total);
        let end = offset.saturating_add(query.count).min(total);
        let window = match cursor_offset {
            None => Window {
                total,
                start,
                end,
                start_index: Some(query.start_index()),
                next_cursor: None,
                previous_cursor: None,
            },
            Some(offset) => {
                let moves = query.count > 0;
                Window {
                    total,
                    start,
                    end,
                    start_index: None,
                    next_cursor: (moves && end < total).then(|| fingerprint.cursor(end)),
                    previous_cursor: (moves && offset > 0)
                        .then(|| fingerprint.cursor(offset.saturating_sub(query.count))),
                }
            }
        };
        Ok(window)
    }

    /// The 0-based positions of the page's resources among all matches.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The page, given the resources at [`Window::range`].
    pub fn into_page<R>(self, resources: Vec<R>) -> Page<R> {
        Page {
            total_results: self.total,
            start_index: self.start_index,
            next_cursor: self.next_cursor,
            previous_cursor: self.previous_cursor,
            resources,
        }
    }
}

/// Chooses the page `query` asks for among `resources` of `view`'s type, all in memory:
/// filter, sort, window; no projection (see [`Page::project`]). Resources are only
/// borrowed, so a store can select among what it keeps and copy the page alone.
///
/// - The filter is first compiled against the schema ([`scim_filter::CompiledFilter`]), which
///   checks it as `scim_filter::validate_with` does, so a filter that cannot be evaluated is
///   `400 invalidFilter` even when nothing is stored;
///   so is `sortBy` (see [`crate::query::sort`]). A filter that fails on a stored value is
///   `invalidFilter` too.
/// - Pagination as [`Window`] says.
///
/// ```
/// use scim_core::query::{ListQuery, QueryLimits, decode_query_string, select};
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::{Map, Value, json};
///
/// let registry = SchemaRegistry::rfc7643();
/// let view = registry.view("User").unwrap();
/// let kept: Vec<Map<String, Value>> = ["bjensen", "jsmith"].iter().map(|name| {
///     json!({"userName": name}).as_object().unwrap().clone()
/// }).collect();
///
/// let pairs = decode_query_string("filter=userName+sw+%22j%22")?;
/// let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
/// let page = select(&view, kept.iter(), &query)?;
/// assert_eq!(page.resources, [&kept[1]]);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub fn select<R: Attributes>(
    view: &ResourceView<'_>,
    resources: impl IntoIterator<Item = R>,
    query: &ListQuery,
) -> Result<Page<R>, ScimError> {
    // Compiling checks the filter against the schema, once for all resources.
    let filter = query
        .filter
        .as_ref()
        .map(|filter| CompiledFilter::new(filter, view))
        .transpose()?;
    let sort = query
        .sort_by
        .as_ref()
        .map(|by| SortPlan::new(view, by))
        .transpose()?;
    let mut matched = Vec::new();
    for resource in resources {
        let keep = match &filter {
            None => true,
            Some(filter) => filter.matches(resource.attributes())?,
        };
        if keep {
            matched.push(resource);
        }
    }
    if let Some(sort) = sort {
        sort.apply(&mut matched, query.sort_order);
    }
    let window = Window::new(view, query, matched.len())?;
    let range = window.range();
    matched.truncate(range.end);
    matched.drain(..range.start);
    Ok(window.into_page(matched))
}

/// Answers `query` over `resources` of `view`'s type, all in memory: filter, sort, take one
/// page ([`select`]), project ([`Page::project`]). For tests and small stores.
///
/// ```
/// use scim_core::query::{ListQuery, QueryLimits, decode_query_string, list};
/// use scim_core::resource::Resource;
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::rfc7643();
/// let view = registry.view("User").unwrap();
/// let users = ["bjensen", "jsmith", "Adams"].into_iter().enumerate().map(|(i, name)| {
///     Resource::from_json(json!({"id": i.to_string(), "userName": name, "password": "x"}))
/// }).collect::<Result<Vec<_>, _>>()?;
///
/// let pairs = decode_query_string("filter=userName+ne+%22jsmith%22&sortBy=userName&attributes=userName")?;
/// let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
/// let page = list(&view, users, &query)?;
/// assert_eq!(page.to_json(), json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
///     "totalResults": 2,
///     "itemsPerPage": 2,
///     "startIndex": 1,
///     "Resources": [{"id": "2", "userName": "Adams"}, {"id": "0", "userName": "bjensen"}],
/// }));
///
/// // A filter that cannot be evaluated is refused even with nothing stored.
/// let pairs = decode_query_string("filter=meta.created+gt+%22yesterday%22")?;
/// let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
/// let err = list(&view, Vec::<Resource>::new(), &query).unwrap_err();
/// assert_eq!(err.scim_type(), Some(scim_core::ScimType::InvalidFilter));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub fn list<R: Attributes>(
    view: &ResourceView<'_>,
    resources: impl IntoIterator<Item = R>,
    query: &ListQuery,
) -> Result<ListResponse, ScimError> {
    Ok(select(view, resources, query)?.project(view, query))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ScimType;
    use crate::query::{QueryLimits, decode_query_string};
    use crate::resource::Resource;
    use crate::schema::SchemaRegistry;

    fn users(count: usize) -> Vec<Resource> {
        (1..=count)
            .map(|n| {
                Resource::from_json(json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "id": format!("u{n:03}"),
                    "userName": format!("user{n:03}"),
                    "active": n % 2 == 0,
                }))
                .unwrap()
            })
            .collect()
    }

    fn run(raw: &str, resources: Vec<Resource>) -> Result<ListResponse, ScimError> {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let query = ListQuery::from_query_pairs(&decode_query_string(raw)?, &QueryLimits::DEFAULT)?;
        list(&view, resources, &query)
    }

    fn ids(page: &ListResponse) -> Vec<&str> {
        page.resources
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn rfc7644_s3_4_2_4_index_pages() {
        let page = run("startIndex=11&count=10", users(25)).unwrap();
        assert_eq!(page.total_results, 25);
        assert_eq!(page.start_index, Some(11));
        assert_eq!(page.items_per_page(), 10);
        assert_eq!(ids(&page)[0], "u011");
        let last = run("startIndex=21&count=10", users(25)).unwrap();
        assert_eq!(ids(&last), ["u021", "u022", "u023", "u024", "u025"]);
        let past = run("startIndex=40&count=10", users(25)).unwrap();
        assert_eq!((past.total_results, past.items_per_page()), (25, 0));
        assert_eq!(past.to_json()["startIndex"], 40);
    }

    #[test]
    fn rfc7644_s3_4_2_4_count_zero_returns_only_the_total() {
        let page = run("filter=active+eq+true&count=0", users(10)).unwrap();
        assert_eq!(
            page.to_json(),
            json!({
                "schemas": [LIST_RESPONSE_SCHEMA],
                "totalResults": 5,
                "itemsPerPage": 0,
                "startIndex": 1,
                "Resources": [],
            })
        );
    }

    #[test]
    fn huge_start_index_gives_an_empty_page() {
        let page = run("startIndex=99999999999999999999&count=10", users(3)).unwrap();
        assert_eq!((page.total_results, page.items_per_page()), (3, 0));
    }

    #[test]
    fn filter_sort_and_projection_apply_before_the_page() {
        let page = run(
            "filter=active+eq+false&sortBy=userName&sortOrder=descending&count=2&attributes=userName",
            users(7),
        )
        .unwrap();
        assert_eq!(page.total_results, 4);
        assert_eq!(ids(&page), ["u007", "u005"]);
        assert_eq!(
            page.resources[0],
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "id": "u007",
                "userName": "user007",
            })
        );
    }

    #[test]
    fn rfc7644_s3_4_2_2_unevaluable_filter_fails_on_an_empty_store() {
        for raw in [
            "filter=active+gt+true",
            "filter=meta.lastModified+gt+%22not-a-date%22",
            "filter=emails%5Bvalue+gt+5%5D",
        ] {
            let err = run(raw, Vec::new()).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter), "{raw}");
        }
    }

    #[test]
    fn filter_errors_on_stored_values_are_invalid_filter() {
        // `badge` has no schema: compared by its stored type, a string against a number.
        let stored = vec![Resource::from_json(json!({"id": "1", "badge": "gold"})).unwrap()];
        let err = run("filter=badge+gt+5", stored).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter));
    }

    #[test]
    fn bad_sort_by_fails_on_an_empty_store() {
        let err = run("sortBy=name", Vec::new()).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
    }

    #[test]
    fn rfc9865_s2_cursor_pages_walk_forward_and_back() {
        let first = run("cursor&count=10&sortBy=userName", users(25)).unwrap();
        assert_eq!(first.total_results, 25);
        assert_eq!(first.start_index, None);
        assert_eq!(first.previous_cursor, None);
        assert_eq!(ids(&first)[0], "u001");
        let json = first.to_json();
        assert!(json.get("startIndex").is_none());
        let next = first.next_cursor.clone().unwrap();
        assert_eq!(json["nextCursor"], next.as_str());

        let second = run(
            &format!("cursor={next}&count=10&sortBy=userName"),
            users(25),
        )
        .unwrap();
        assert_eq!(ids(&second)[0], "u011");
        let back = second.previous_cursor.clone().unwrap();
        let again = run(
            &format!("cursor={back}&count=10&sortBy=userName"),
            users(25),
        )
        .unwrap();
        assert_eq!(ids(&again), ids(&first));

        let third_cursor = second.next_cursor.unwrap();
        let third = run(
            &format!("cursor={third_cursor}&count=10&sortBy=userName"),
            users(25),
        )
        .unwrap();
        assert_eq!(ids(&third).len(), 5);
        assert_eq!(third.next_cursor, None, "the last page has no nextCursor");
        assert!(third.previous_cursor.is_some());
    }

    #[test]
    fn rfc9865_s2_cursor_from_another_query_is_invalid_cursor() {
        let first = run("cursor&count=10", users(25)).unwrap();
        let next = first.next_cursor.unwrap();
        let err = run(&format!("cursor={next}&count=5"), users(25)).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidCursor));
        let err = run("cursor=VZUTiyhEQJ94IR&count=10", users(25)).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidCursor));
    }

    #[test]
    fn rfc9865_count_zero_cursor_page_has_no_next_page() {
        let page = run("cursor&count=0", users(3)).unwrap();
        assert_eq!((page.total_results, page.items_per_page()), (3, 0));
        assert_eq!(page.next_cursor, None);
    }

    #[test]
    fn no_pagination_parameter_is_an_index_page_from_one() {
        let page = run("", users(150)).unwrap();
        assert_eq!(page.start_index, Some(1));
        assert_eq!(page.items_per_page(), QueryLimits::DEFAULT.default_count);
        assert_eq!(page.total_results, 150);
    }

    #[test]
    fn list_output_never_carries_passwords() {
        let stored = vec![
            Resource::from_json(json!({"id": "1", "userName": "b", "password": "secret"})).unwrap(),
        ];
        let page = run("attributes=password,userName", stored).unwrap();
        assert_eq!(page.resources, [json!({"id": "1", "userName": "b"})]);
    }

    #[test]
    fn serialization_order_puts_resources_last() {
        let page = ListResponse {
            total_results: 1,
            start_index: None,
            next_cursor: Some("n".into()),
            previous_cursor: Some("p".into()),
            resources: vec![json!({"id": "1"})],
        };
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"itemsPerPage":1,"nextCursor":"n","previousCursor":"p","Resources":[{"id":"1"}]}"#
        );
    }
}
