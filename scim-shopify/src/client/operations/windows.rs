//! Paging straight through Shopify's cursors: a window of customers or groups in either
//! direction ([`CustomerWindow`], [`GroupWindow`]), ids alone to move through a search
//! cheaply ([`CustomerIds`], [`GroupIds`]), and the number of customers
//! ([`CustomersCount`]). Customers come in id order (`sortKey: ID`, the default written
//! out), so a cursor stays a fixed place in the list while customers are added.

use super::customer::{CUSTOMER_COST, ScimCustomer};
use super::metaobject::{METAOBJECT_COST, Metaobject};
use super::payloads::{NodeId, PageInfo};
use crate::client::operation::Operation;
use serde::{Deserialize, Serialize};

/// The largest `first:` of an id-only page (Shopify's connection maximum).
///
/// ```
/// assert_eq!(scim_shopify::client::operations::MAX_IDS_PER_PAGE, 250);
/// ```
pub const MAX_IDS_PER_PAGE: u32 = 250;

/// The requested cost of `customersCount`: its `Count` is priced 10, as the captures show
/// (three counts in one query requested 30).
const COUNT_COST: u32 = 10;

/// Which slice of a connection to read (the Relay connection arguments): the `first` after
/// a cursor, or the `last` before one. Serialized as those two variables.
///
/// ```
/// use scim_shopify::client::operations::Slice;
///
/// let back = Slice::Backward { last: 10, before: "abc".into() };
/// assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::json!({"last": 10, "before": "abc"}));
/// assert_eq!(back.size(), 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Slice {
    /// `first:` items after `after` (from the start without it).
    Forward {
        /// How many.
        first: u32,
        /// The cursor to start after.
        after: Option<String>,
    },
    /// `last:` items before `before`.
    Backward {
        /// How many.
        last: u32,
        /// The cursor to end before.
        before: String,
    },
}

impl Slice {
    /// How many items the slice asks for.
    pub fn size(&self) -> u32 {
        match self {
            Slice::Forward { first, .. } => *first,
            Slice::Backward { last, .. } => *last,
        }
    }
}

/// A window's `pageInfo`: whether items lie on either side, and the cursors of its ends.
///
/// ```
/// let info: scim_shopify::client::operations::PageBounds = serde_json::from_str(
///     r#"{"hasNextPage": true, "hasPreviousPage": false, "startCursor": "a", "endCursor": "b"}"#,
/// ).unwrap();
/// assert!(info.has_next_page && !info.has_previous_page);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageBounds {
    /// Whether items follow the window.
    pub has_next_page: bool,
    /// Whether items precede the window.
    pub has_previous_page: bool,
    /// The cursor of the window's first item.
    #[serde(default)]
    pub start_cursor: Option<String>,
    /// The cursor of the window's last item.
    #[serde(default)]
    pub end_cursor: Option<String>,
}

/// Variables of [`CustomerWindow`].
///
/// ```
/// use scim_shopify::client::operations::{CustomerWindowVariables, Slice};
///
/// let v = CustomerWindowVariables {
///     query: Some("tag_not:\"scim-deleted\"".into()),
///     slice: Slice::Forward { first: 20, after: None },
///     metafield_namespace: Some("scim".into()),
/// };
/// let json = serde_json::to_value(&v).unwrap();
/// assert_eq!(json["first"], 20);
/// assert!(json.get("last").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerWindowVariables {
    /// A search query (Shopify search syntax), built with proper quoting by the caller.
    pub query: Option<String>,
    /// Which customers (at most [`MAX_CUSTOMERS_PER_PAGE`](super::MAX_CUSTOMERS_PER_PAGE)).
    #[serde(flatten)]
    pub slice: Slice,
    /// The namespace of the metafields to read.
    pub metafield_namespace: Option<String>,
}

/// `customers(query:, first:/after: or last:/before:, sortKey: ID)` with both ends'
/// cursors: one window of a search, in id order. Search lags writes.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{CustomerWindow, CustomerWindowVariables, Slice};
///
/// let v = CustomerWindowVariables {
///     query: None, slice: Slice::Backward { last: 10, before: "c".into() }, metafield_namespace: None,
/// };
/// assert_eq!(CustomerWindow::requested_cost(&v), 2 + 10 * 12);
/// ```
#[derive(Debug)]
pub struct CustomerWindow;

/// One window of a connection: its items in order, and what lies on either side.
///
/// See [`CustomerWindowData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowPage<T> {
    /// The items, in the connection's order.
    pub nodes: Vec<T>,
    /// What lies on either side.
    pub page_info: PageBounds,
}

/// The data of [`CustomerWindow`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomerWindowData = serde_json::from_str(
///     r#"{"customers": {"nodes": [], "pageInfo": {"hasNextPage": false,
///         "hasPreviousPage": false, "startCursor": null, "endCursor": null}}}"#,
/// ).unwrap();
/// assert!(d.customers.nodes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerWindowData {
    /// The window, in id order.
    pub customers: WindowPage<ScimCustomer>,
}

impl Operation for CustomerWindow {
    const NAME: &'static str = "CustomerWindow";
    const DOCUMENT: &'static str = concat!(
        "query CustomerWindow($query: String, $first: Int, $after: String, $last: Int, $before: String, $metafieldNamespace: String) {
  customers(query: $query, first: $first, after: $after, last: $last, before: $before, sortKey: ID) {
    nodes { ...ScimCustomer }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
",
        scim_customer_fragment!()
    );
    type Variables = CustomerWindowVariables;
    type Data = CustomerWindowData;

    fn requested_cost(variables: &CustomerWindowVariables) -> u32 {
        2u32.saturating_add(variables.slice.size().saturating_mul(CUSTOMER_COST))
    }
}

/// Variables of [`CustomerIds`].
///
/// ```
/// let v = scim_shopify::client::operations::CustomerIdsVariables {
///     query: None, first: 250, after: Some("abc".into()),
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["after"], "abc");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerIdsVariables {
    /// A search query (Shopify search syntax), built with proper quoting by the caller.
    pub query: Option<String>,
    /// The page size (at most [`MAX_IDS_PER_PAGE`]).
    pub first: u32,
    /// The cursor to start after.
    pub after: Option<String>,
}

/// `customers(query:, first:, after:, sortKey: ID) { nodes { id } }`: a search's ids alone,
/// at one cost point a customer, to count a search or reach a position in it.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{CustomerIds, CustomerIdsVariables};
///
/// let v = CustomerIdsVariables { query: None, first: 250, after: None };
/// assert_eq!(CustomerIds::requested_cost(&v), 252);
/// ```
#[derive(Debug)]
pub struct CustomerIds;

/// The data of [`CustomerIds`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomerIdsData = serde_json::from_str(
///     r#"{"customers": {"nodes": [{"id": "gid://shopify/Customer/1"}],
///         "pageInfo": {"hasNextPage": true, "endCursor": "a"}}}"#,
/// ).unwrap();
/// assert_eq!(d.customers.nodes.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerIdsData {
    /// The page.
    pub customers: IdPage,
}

/// A page of ids.
///
/// See [`CustomerIdsData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdPage {
    /// The ids, in order.
    pub nodes: Vec<NodeId>,
    /// Whether more follow, and the cursor to ask for them.
    pub page_info: PageInfo,
}

impl Operation for CustomerIds {
    const NAME: &'static str = "CustomerIds";
    const DOCUMENT: &'static str =
        "query CustomerIds($query: String, $first: Int!, $after: String) {
  customers(query: $query, first: $first, after: $after, sortKey: ID) {
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}
";
    type Variables = CustomerIdsVariables;
    type Data = CustomerIdsData;

    fn requested_cost(variables: &CustomerIdsVariables) -> u32 {
        2u32.saturating_add(variables.first)
    }
}

/// The variables of an operation that takes none: `{}` on the wire.
///
/// ```
/// let none = scim_shopify::client::operations::NoVariables {};
/// assert_eq!(serde_json::to_string(&none).unwrap(), "{}");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NoVariables {}

/// `customersCount(limit: null)`: how many customers the shop holds, exactly. Shopify's
/// `query:` here knows only `id`, `created_at` and `updated_at` (anything else is ignored
/// with a warning, as the captures show), so none is sent: a search is counted with
/// [`CustomerIds`].
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::CustomersCount;
///
/// assert_eq!(CustomersCount::requested_cost(&Default::default()), 10);
/// let d: scim_shopify::client::operations::CustomersCountData = serde_json::from_str(
///     r#"{"customersCount": {"count": 1232, "precision": "EXACT"}}"#,
/// ).unwrap();
/// assert_eq!(d.customers_count.count, 1232);
/// ```
#[derive(Debug)]
pub struct CustomersCount;

/// The data of [`CustomersCount`]. See [`CustomersCount`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomersCountData {
    /// The count.
    pub customers_count: Count,
}

/// A `Count`: a number, and whether it is exact or a lower bound.
///
/// See [`CustomersCount`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Count {
    /// The number.
    pub count: u64,
    /// `EXACT`, or `AT_LEAST` when the count stopped at its limit.
    pub precision: String,
}

impl Operation for CustomersCount {
    const NAME: &'static str = "CustomersCount";
    const DOCUMENT: &'static str = "query CustomersCount {
  customersCount(limit: null) { count precision }
}
";
    type Variables = NoVariables;
    type Data = CustomersCountData;

    fn requested_cost(_: &NoVariables) -> u32 {
        COUNT_COST
    }
}

/// Variables of [`GroupWindow`].
///
/// ```
/// use scim_shopify::client::operations::{GroupWindowVariables, Slice};
///
/// let v = GroupWindowVariables { r#type: "$app:scim_group".into(), slice: Slice::Forward { first: 5, after: None } };
/// assert_eq!(serde_json::to_value(&v).unwrap()["type"], "$app:scim_group");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupWindowVariables {
    /// The definition's type.
    pub r#type: String,
    /// Which entries (at most [`MAX_METAOBJECTS_PER_PAGE`](super::MAX_METAOBJECTS_PER_PAGE)).
    #[serde(flatten)]
    pub slice: Slice,
}

/// `metaobjects(type:, first:/after: or last:/before:)` with both ends' cursors, and the
/// definition's `metaobjectsCount`: one window of the groups and how many there are, in one
/// call.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{GroupWindow, GroupWindowVariables, Slice};
///
/// let v = GroupWindowVariables { r#type: "$app:scim_group".into(), slice: Slice::Forward { first: 10, after: None } };
/// assert_eq!(GroupWindow::requested_cost(&v), 1 + 2 + 10 * 2);
/// ```
#[derive(Debug)]
pub struct GroupWindow;

/// The data of [`GroupWindow`].
///
/// ```
/// let d: scim_shopify::client::operations::GroupWindowData = serde_json::from_str(
///     r#"{"metaobjectDefinitionByType": {"metaobjectsCount": 3},
///         "metaobjects": {"nodes": [], "pageInfo": {"hasNextPage": false,
///         "hasPreviousPage": false, "startCursor": null, "endCursor": null}}}"#,
/// ).unwrap();
/// assert_eq!(d.metaobject_definition_by_type.unwrap().metaobjects_count, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupWindowData {
    /// The definition, `null` when the type has none yet (no group was ever created).
    pub metaobject_definition_by_type: Option<EntryCount>,
    /// The window, in id order.
    pub metaobjects: WindowPage<Metaobject>,
}

/// A definition's number of entries.
///
/// See [`GroupWindowData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryCount {
    /// How many entries the type holds.
    pub metaobjects_count: u64,
}

impl Operation for GroupWindow {
    const NAME: &'static str = "GroupWindow";
    const DOCUMENT: &'static str = concat!(
        "query GroupWindow($type: String!, $first: Int, $after: String, $last: Int, $before: String) {
  metaobjectDefinitionByType(type: $type) { metaobjectsCount }
  metaobjects(type: $type, first: $first, after: $after, last: $last, before: $before) {
    nodes { ...ScimMetaobject }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
",
        scim_metaobject_fragment!()
    );
    type Variables = GroupWindowVariables;
    type Data = GroupWindowData;

    fn requested_cost(variables: &GroupWindowVariables) -> u32 {
        3u32.saturating_add(variables.slice.size().saturating_mul(METAOBJECT_COST))
    }
}

/// Variables of [`GroupIds`].
///
/// ```
/// let v = scim_shopify::client::operations::GroupIdsVariables {
///     r#type: "$app:scim_group".into(), first: 250, after: None,
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["first"], 250);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupIdsVariables {
    /// The definition's type.
    pub r#type: String,
    /// The page size (at most [`MAX_IDS_PER_PAGE`]).
    pub first: u32,
    /// The cursor to start after.
    pub after: Option<String>,
}

/// `metaobjects(type:, first:, after:) { nodes { id } }`: the groups' ids alone, to reach a
/// position in their list cheaply.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{GroupIds, GroupIdsVariables};
///
/// let v = GroupIdsVariables { r#type: "$app:scim_group".into(), first: 100, after: None };
/// assert_eq!(GroupIds::requested_cost(&v), 102);
/// ```
#[derive(Debug)]
pub struct GroupIds;

/// The data of [`GroupIds`].
///
/// ```
/// let d: scim_shopify::client::operations::GroupIdsData = serde_json::from_str(
///     r#"{"metaobjects": {"nodes": [], "pageInfo": {"hasNextPage": false, "endCursor": null}}}"#,
/// ).unwrap();
/// assert!(d.metaobjects.nodes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GroupIdsData {
    /// The page.
    pub metaobjects: IdPage,
}

impl Operation for GroupIds {
    const NAME: &'static str = "GroupIds";
    const DOCUMENT: &'static str = "query GroupIds($type: String!, $first: Int!, $after: String) {
  metaobjects(type: $type, first: $first, after: $after) {
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}
";
    type Variables = GroupIdsVariables;
    type Data = GroupIdsData;

    fn requested_cost(variables: &GroupIdsVariables) -> u32 {
        2u32.saturating_add(variables.first)
    }
}
