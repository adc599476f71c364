//! What the payloads of many operations share: a mutation's `userErrors` ([`UserError`]),
//! a connection's `pageInfo` ([`PageInfo`]), and a node's id ([`NodeId`]).

use serde::{Deserialize, Serialize};

/// An error a mutation reports as data (`userErrors`): the store maps these to SCIM 409/400.
///
/// ```
/// let error: scim_shopify::client::operations::UserError = serde_json::from_str(
///     r#"{"field": ["email"], "message": "Email has already been taken"}"#,
/// ).unwrap();
/// assert_eq!(error.field.as_deref(), Some(&["email".to_owned()][..]));
/// assert_eq!(error.code, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UserError {
    /// The path of the input field at fault, when there is one.
    #[serde(default)]
    pub field: Option<Vec<String>>,
    /// Shopify's message, verbatim.
    pub message: String,
    /// The error code, for the payloads whose error type has one.
    #[serde(default)]
    pub code: Option<String>,
}

/// A connection's `pageInfo`: whether there is a next page and the cursor to ask for it.
///
/// ```
/// let info: scim_shopify::client::operations::PageInfo =
///     serde_json::from_str(r#"{"hasNextPage": true, "endCursor": "abc"}"#).unwrap();
/// assert!(info.has_next_page);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    /// Whether another page follows.
    pub has_next_page: bool,
    /// The cursor of the last node, for `after:`.
    #[serde(default)]
    pub end_cursor: Option<String>,
}

/// A node id in a payload (`{ "id": "gid://..." }`).
///
/// ```
/// let node: scim_shopify::client::operations::NodeId =
///     serde_json::from_str(r#"{"id": "gid://shopify/Customer/1"}"#).unwrap();
/// assert_eq!(node.id, "gid://shopify/Customer/1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct NodeId {
    /// The global id.
    pub id: String,
}
