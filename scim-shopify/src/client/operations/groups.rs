//! The customer side of SCIM Groups: reading a group's members by their tag, checking that
//! members exist, and moving a member from one group tag to another in one request.

use super::payloads::{PageInfo, UserError};
use crate::client::operation::{MUTATION_COST, Operation};
use serde::{Deserialize, Serialize};

/// The most ids one [`CustomerNodes`] asks for (Shopify's limit on `nodes(ids:)`).
///
/// ```
/// assert_eq!(scim_shopify::client::operations::MAX_NODES, 250);
/// ```
pub const MAX_NODES: usize = 250;

/// The most customers one [`GroupMembers`] page asks for (Shopify's page limit).
///
/// ```
/// assert_eq!(scim_shopify::client::operations::MAX_MEMBERS_PER_PAGE, 250);
/// ```
pub const MAX_MEMBERS_PER_PAGE: u32 = 250;

/// A customer as a group member: its id, display name and tags.
///
/// ```
/// let m: scim_shopify::client::operations::MemberNode = serde_json::from_str(
///     r#"{"id": "gid://shopify/Customer/1", "displayName": "Ada Lovelace", "tags": ["scim-group:Sales"]}"#,
/// ).unwrap();
/// assert_eq!(m.tags, ["scim-group:Sales"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberNode {
    /// The customer's global id.
    pub id: String,
    /// Shopify's display name (the names, else the email, else the phone).
    pub display_name: String,
    /// The customer's tags.
    pub tags: Vec<String>,
}

/// Variables of [`CustomerNodes`].
///
/// ```
/// let v = scim_shopify::client::operations::NodesVariables { ids: vec!["gid://shopify/Customer/1".into()] };
/// assert_eq!(serde_json::to_value(&v).unwrap()["ids"][0], "gid://shopify/Customer/1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodesVariables {
    /// The global ids (at most [`MAX_NODES`]).
    pub ids: Vec<String>,
}

/// `nodes(ids:)` read as customers: immediately consistent (unlike search), so the store
/// checks that members exist, and reads their tags, with it.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{CustomerNodes, NodesVariables};
///
/// let v = NodesVariables { ids: vec!["gid://shopify/Customer/1".into(); 3] };
/// assert_eq!(CustomerNodes::requested_cost(&v), 3);
/// ```
#[derive(Debug)]
pub struct CustomerNodes;

/// The data of [`CustomerNodes`]: one entry per id, `None` for an id that names nothing,
/// and a node without fields for one that names something else than a customer.
///
/// ```
/// let d: scim_shopify::client::operations::CustomerNodesData = serde_json::from_str(
///     r#"{"nodes": [null, {}, {"id": "gid://shopify/Customer/1", "displayName": "Ada", "tags": []}]}"#,
/// ).unwrap();
/// assert!(d.nodes[0].is_none());
/// assert!(d.nodes[1].as_ref().unwrap().customer().is_none());
/// assert!(d.nodes[2].as_ref().unwrap().customer().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerNodesData {
    /// The nodes, in the order of the ids.
    pub nodes: Vec<Option<MaybeCustomer>>,
}

/// A node that may be a customer.
///
/// See [`CustomerNodesData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaybeCustomer {
    id: Option<String>,
    display_name: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

impl MaybeCustomer {
    /// The customer, when the node is one.
    ///
    /// See [`CustomerNodesData`] for an example.
    pub fn customer(&self) -> Option<MemberNode> {
        Some(MemberNode {
            id: self.id.clone()?,
            display_name: self.display_name.clone().unwrap_or_default(),
            tags: self.tags.clone(),
        })
    }
}

impl Operation for CustomerNodes {
    const NAME: &'static str = "CustomerNodes";
    const DOCUMENT: &'static str = "query CustomerNodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Customer { id displayName tags }
  }
}
";
    type Variables = NodesVariables;
    type Data = CustomerNodesData;

    fn requested_cost(variables: &NodesVariables) -> u32 {
        u32::try_from(variables.ids.len()).unwrap_or(u32::MAX)
    }
}

/// Variables of [`GroupMembers`].
///
/// ```
/// let v = scim_shopify::client::operations::GroupMembersVariables {
///     query: r#"tag:"scim-group:Sales""#.into(), first: 50, after: None,
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["query"], r#"tag:"scim-group:Sales""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupMembersVariables {
    /// The search, `tag:"<group tag>"` in Shopify's search syntax, quoted by the caller.
    pub query: String,
    /// The page size (at most [`MAX_MEMBERS_PER_PAGE`]).
    pub first: u32,
    /// The cursor of the previous page's last customer.
    pub after: Option<String>,
}

/// `customers(query:)` for a group's members: ids, display names and tags only, so a page
/// of 250 costs 252 points. Search lags writes.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{GroupMembers, GroupMembersVariables};
///
/// let v = GroupMembersVariables { query: "tag:\"x\"".into(), first: 250, after: None };
/// assert_eq!(GroupMembers::requested_cost(&v), 252);
/// ```
#[derive(Debug)]
pub struct GroupMembers;

/// The data of [`GroupMembers`].
///
/// ```
/// let d: scim_shopify::client::operations::GroupMembersData = serde_json::from_str(
///     r#"{"customers": {"nodes": [], "pageInfo": {"hasNextPage": false, "endCursor": null}}}"#,
/// ).unwrap();
/// assert!(d.customers.nodes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GroupMembersData {
    /// The page.
    pub customers: MemberConnection,
}

/// A page of members.
///
/// See [`GroupMembersData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberConnection {
    /// The customers.
    pub nodes: Vec<MemberNode>,
    /// Whether more follow, and the cursor to ask for them.
    pub page_info: PageInfo,
}

impl Operation for GroupMembers {
    const NAME: &'static str = "GroupMembers";
    const DOCUMENT: &'static str =
        "query GroupMembers($query: String!, $first: Int!, $after: String) {
  customers(first: $first, after: $after, query: $query) {
    nodes { id displayName tags }
    pageInfo { hasNextPage endCursor }
  }
}
";
    type Variables = GroupMembersVariables;
    type Data = GroupMembersData;

    fn requested_cost(variables: &GroupMembersVariables) -> u32 {
        2 + variables.first
    }
}

/// Variables of [`GroupTagSwap`] and [`GroupTagRecase`].
///
/// ```
/// let v = scim_shopify::client::operations::TagSwapVariables {
///     id: "gid://shopify/Customer/1".into(),
///     add: vec!["scim-group:Revenue".into()], remove: vec!["scim-group:Sales".into()],
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["remove"][0], "scim-group:Sales");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagSwapVariables {
    /// The customer's global id.
    pub id: String,
    /// The tags to add.
    pub add: Vec<String>,
    /// The tags to remove.
    pub remove: Vec<String>,
}

/// The data of [`GroupTagSwap`] and [`GroupTagRecase`]: both mutations' errors.
///
/// ```
/// let d: scim_shopify::client::operations::TagSwapData = serde_json::from_str(
///     r#"{"add": {"userErrors": []}, "remove": {"userErrors": []}}"#,
/// ).unwrap();
/// assert!(d.user_errors().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TagSwapData {
    /// `tagsAdd`'s payload.
    pub add: TagSwapPayload,
    /// `tagsRemove`'s payload.
    pub remove: TagSwapPayload,
}

impl TagSwapData {
    /// Every user error of both mutations.
    ///
    /// See [`TagSwapData`] for an example.
    pub fn user_errors(&self) -> Vec<UserError> {
        self.add
            .user_errors
            .iter()
            .chain(&self.remove.user_errors)
            .cloned()
            .collect()
    }
}

/// One mutation's errors in a [`TagSwapData`].
///
/// See [`TagSwapData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagSwapPayload {
    /// Errors in the input.
    pub user_errors: Vec<UserError>,
}

/// A group rename for one member, in one request: `tagsAdd` of the new tag, then
/// `tagsRemove` of the old (mutation fields run in order), so the member never lacks the
/// group's tag.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert!(scim_shopify::client::operations::GroupTagSwap::DOCUMENT.find("tagsAdd")
///     < scim_shopify::client::operations::GroupTagSwap::DOCUMENT.find("tagsRemove"));
/// ```
#[derive(Debug)]
pub struct GroupTagSwap;

impl Operation for GroupTagSwap {
    const NAME: &'static str = "GroupTagSwap";
    const DOCUMENT: &'static str =
        "mutation GroupTagSwap($id: ID!, $add: [String!]!, $remove: [String!]!) {
  add: tagsAdd(id: $id, tags: $add) { userErrors { field message } }
  remove: tagsRemove(id: $id, tags: $remove) { userErrors { field message } }
}
";
    type Variables = TagSwapVariables;
    type Data = TagSwapData;

    fn requested_cost(_: &TagSwapVariables) -> u32 {
        2 * MUTATION_COST
    }
}

/// A group rename that changes only the case of its tag, for one member: `tagsRemove` of
/// the old tag first (Shopify compares tags case-insensitively, so adding first would keep
/// the old spelling), then `tagsAdd` of the new.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert!(scim_shopify::client::operations::GroupTagRecase::DOCUMENT.find("tagsRemove")
///     < scim_shopify::client::operations::GroupTagRecase::DOCUMENT.find("tagsAdd"));
/// ```
#[derive(Debug)]
pub struct GroupTagRecase;

impl Operation for GroupTagRecase {
    const NAME: &'static str = "GroupTagRecase";
    const DOCUMENT: &'static str =
        "mutation GroupTagRecase($id: ID!, $add: [String!]!, $remove: [String!]!) {
  remove: tagsRemove(id: $id, tags: $remove) { userErrors { field message } }
  add: tagsAdd(id: $id, tags: $add) { userErrors { field message } }
}
";
    type Variables = TagSwapVariables;
    type Data = TagSwapData;

    fn requested_cost(_: &TagSwapVariables) -> u32 {
        2 * MUTATION_COST
    }
}
