//! `tagsAdd` and `tagsRemove`: group membership as customer tags, never a full overwrite.

use super::payloads::{NodeId, UserError};
use crate::client::operation::{MUTATION_COST, Operation};
use serde::{Deserialize, Serialize};

/// Variables of [`TagsAdd`] and [`TagsRemove`].
///
/// ```
/// let vars = scim_shopify::client::operations::TagsVariables {
///     id: "gid://shopify/Customer/1".into(),
///     tags: vec!["scim-inactive".into()],
/// };
/// assert_eq!(serde_json::to_value(&vars).unwrap()["tags"][0], "scim-inactive");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagsVariables {
    /// The customer's global id.
    pub id: String,
    /// The tags.
    pub tags: Vec<String>,
}

/// The payload of `tagsAdd` / `tagsRemove`.
///
/// ```
/// let payload: scim_shopify::client::operations::TagsPayload = serde_json::from_str(
///     r#"{"node": {"id": "gid://shopify/Customer/1"}, "userErrors": []}"#,
/// ).unwrap();
/// assert!(payload.user_errors.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagsPayload {
    /// The tagged node.
    pub node: Option<NodeId>,
    /// Errors in the input.
    pub user_errors: Vec<UserError>,
}

/// `tagsAdd(id:, tags:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::TagsAdd::NAME, "TagsAdd");
/// ```
#[derive(Debug)]
pub struct TagsAdd;

/// The data of [`TagsAdd`].
///
/// ```
/// let data: scim_shopify::client::operations::TagsAddData = serde_json::from_str(
///     r#"{"tagsAdd": {"node": null, "userErrors": [{"field": ["id"], "message": "Not found"}]}}"#,
/// ).unwrap();
/// assert_eq!(data.tags_add.user_errors.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagsAddData {
    /// The payload.
    pub tags_add: TagsPayload,
}

impl Operation for TagsAdd {
    const NAME: &'static str = "TagsAdd";
    const DOCUMENT: &'static str = "mutation TagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) {
    node { id }
    userErrors { field message }
  }
}
";
    type Variables = TagsVariables;
    type Data = TagsAddData;

    fn requested_cost(_: &TagsVariables) -> u32 {
        MUTATION_COST + 1
    }
}

/// `tagsRemove(id:, tags:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::TagsRemove::NAME, "TagsRemove");
/// ```
#[derive(Debug)]
pub struct TagsRemove;

/// The data of [`TagsRemove`].
///
/// ```
/// let data: scim_shopify::client::operations::TagsRemoveData = serde_json::from_str(
///     r#"{"tagsRemove": {"node": {"id": "gid://shopify/Customer/1"}, "userErrors": []}}"#,
/// ).unwrap();
/// assert!(data.tags_remove.node.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagsRemoveData {
    /// The payload.
    pub tags_remove: TagsPayload,
}

impl Operation for TagsRemove {
    const NAME: &'static str = "TagsRemove";
    const DOCUMENT: &'static str = "mutation TagsRemove($id: ID!, $tags: [String!]!) {
  tagsRemove(id: $id, tags: $tags) {
    node { id }
    userErrors { field message }
  }
}
";
    type Variables = TagsVariables;
    type Data = TagsRemoveData;

    fn requested_cost(_: &TagsVariables) -> u32 {
        MUTATION_COST + 1
    }
}
