//! The GraphQL documents the Shopify store sends, one [`Operation`] type each.
//!
//! Selection sets hold what SCIM needs and no more. Every document here is listed in [`ALL`]
//! and validated against the 2026-07 Admin schema by the crate's tests; so is every shape
//! of [`CustomerWrite`] ([`customer_write_shapes`]).

#[macro_use]
mod customers;
mod groups;
mod metafields;
#[macro_use]
mod metaobjects;
mod tags;
mod windows;
mod write;

pub use customers::*;
pub use groups::*;
pub use metafields::*;
pub use metaobjects::*;
pub use tags::*;
pub use windows::*;
pub use write::*;

use super::Operation;
use serde::{Deserialize, Serialize};

/// The cost Shopify charges a mutation field itself.
const MUTATION_COST: u32 = 10;

/// `(name, document)` of every operation this module declares.
///
/// ```
/// use scim_shopify::client::operations::ALL;
///
/// assert!(ALL.iter().any(|(name, _)| *name == "CustomerCreate"));
/// for (name, document) in ALL {
///     assert!(document.contains(&format!(" {name}(")) || document.contains(&format!(" {name} {{")));
/// }
/// ```
pub const ALL: &[(&str, &str)] = &[
    entry::<CustomerCreate>(),
    entry::<CustomerUpdate>(),
    entry::<CustomerDelete>(),
    entry::<CustomerByIdentifier>(),
    entry::<CustomerById>(),
    entry::<Customers>(),
    entry::<CustomerRequestDataErasure>(),
    entry::<TagsAdd>(),
    entry::<TagsRemove>(),
    entry::<MetafieldsSet>(),
    entry::<MetafieldsDelete>(),
    entry::<CustomerWrite>(),
    entry::<MetafieldDefinitionCreate>(),
    entry::<MetafieldDefinitions>(),
    entry::<MetaobjectDefinitionCreate>(),
    entry::<MetaobjectCreate>(),
    entry::<MetaobjectUpdate>(),
    entry::<MetaobjectDelete>(),
    entry::<MetaobjectByHandle>(),
    entry::<MetaobjectDefinitionByType>(),
    entry::<MetaobjectById>(),
    entry::<Metaobjects>(),
    entry::<CustomerNodes>(),
    entry::<GroupMembers>(),
    entry::<GroupTagSwap>(),
    entry::<GroupTagRecase>(),
    entry::<CustomerWindow>(),
    entry::<CustomerIds>(),
    entry::<CustomersCount>(),
    entry::<GroupWindow>(),
    entry::<GroupIds>(),
];

const fn entry<O: Operation>() -> (&'static str, &'static str) {
    (O::NAME, O::DOCUMENT)
}

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
