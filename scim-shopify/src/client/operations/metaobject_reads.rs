//! Reading metaobjects: by handle (`metaobjectByHandle`), by id (`metaobject(id:)`), and a
//! type's entries page by page (`metaobjects(type:)`).

use super::metaobject::{METAOBJECT_COST, Metaobject};
use super::metaobject_mutations::MetaobjectIdVariables;
use super::payloads::PageInfo;
use crate::client::operation::Operation;
use serde::{Deserialize, Serialize};

/// A `MetaobjectHandleInput`.
///
/// ```
/// let h = scim_shopify::client::operations::MetaobjectHandle { r#type: "$app:scim_group".into(), handle: "sales".into() };
/// assert_eq!(serde_json::to_value(&h).unwrap()["type"], "$app:scim_group");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectHandle {
    /// The definition's type.
    pub r#type: String,
    /// The handle.
    pub handle: String,
}

/// Variables of [`MetaobjectByHandle`].
///
/// See [`MetaobjectHandle`] for the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectByHandleVariables {
    /// The type and handle.
    pub handle: MetaobjectHandle,
}

/// `metaobjectByHandle(handle:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetaobjectByHandle::NAME, "MetaobjectByHandle");
/// ```
#[derive(Debug)]
pub struct MetaobjectByHandle;

/// The data of [`MetaobjectByHandle`].
///
/// ```
/// let d: scim_shopify::client::operations::MetaobjectByHandleData =
///     serde_json::from_str(r#"{"metaobjectByHandle": null}"#).unwrap();
/// assert!(d.metaobject_by_handle.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectByHandleData {
    /// The metaobject, if it exists.
    pub metaobject_by_handle: Option<Metaobject>,
}

impl Operation for MetaobjectByHandle {
    const NAME: &'static str = "MetaobjectByHandle";
    const DOCUMENT: &'static str = concat!(
        "query MetaobjectByHandle($handle: MetaobjectHandleInput!) {
  metaobjectByHandle(handle: $handle) { ...ScimMetaobject }
}
",
        scim_metaobject_fragment!()
    );
    type Variables = MetaobjectByHandleVariables;
    type Data = MetaobjectByHandleData;

    fn requested_cost(_: &MetaobjectByHandleVariables) -> u32 {
        METAOBJECT_COST
    }
}

/// The most metaobjects one [`Metaobjects`] page asks for (Shopify's page limit).
///
/// ```
/// use scim_shopify::client::operations::MAX_METAOBJECTS_PER_PAGE;
/// assert_eq!(MAX_METAOBJECTS_PER_PAGE, 250);
/// ```
pub const MAX_METAOBJECTS_PER_PAGE: u32 = 250;

/// `metaobject(id:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetaobjectById::NAME, "MetaobjectById");
/// ```
#[derive(Debug)]
pub struct MetaobjectById;

/// The data of [`MetaobjectById`].
///
/// ```
/// let d: scim_shopify::client::operations::MetaobjectByIdData =
///     serde_json::from_str(r#"{"metaobject": null}"#).unwrap();
/// assert!(d.metaobject.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetaobjectByIdData {
    /// The metaobject, if it exists.
    pub metaobject: Option<Metaobject>,
}

impl Operation for MetaobjectById {
    const NAME: &'static str = "MetaobjectById";
    const DOCUMENT: &'static str = concat!(
        "query MetaobjectById($id: ID!) {
  metaobject(id: $id) { ...ScimMetaobject }
}
",
        scim_metaobject_fragment!()
    );
    type Variables = MetaobjectIdVariables;
    type Data = MetaobjectByIdData;

    fn requested_cost(_: &MetaobjectIdVariables) -> u32 {
        METAOBJECT_COST
    }
}

/// Variables of [`Metaobjects`].
///
/// ```
/// let v = scim_shopify::client::operations::MetaobjectsVariables {
///     r#type: "$app:scim_group".into(), first: 50, after: None,
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["first"], 50);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectsVariables {
    /// The definition's type.
    pub r#type: String,
    /// The page size (at most [`MAX_METAOBJECTS_PER_PAGE`]).
    pub first: u32,
    /// The cursor of the previous page's last entry.
    pub after: Option<String>,
}

/// `metaobjects(type:, first:, after:)`: one page of a type's entries, in id order.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{Metaobjects, MetaobjectsVariables};
///
/// let v = MetaobjectsVariables { r#type: "$app:scim_group".into(), first: 10, after: None };
/// assert_eq!(Metaobjects::requested_cost(&v), 22);
/// ```
#[derive(Debug)]
pub struct Metaobjects;

/// The data of [`Metaobjects`].
///
/// ```
/// let d: scim_shopify::client::operations::MetaobjectsData = serde_json::from_str(
///     r#"{"metaobjects": {"nodes": [], "pageInfo": {"hasNextPage": false, "endCursor": null}}}"#,
/// ).unwrap();
/// assert!(d.metaobjects.nodes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetaobjectsData {
    /// The page.
    pub metaobjects: MetaobjectConnection,
}

/// A page of metaobjects.
///
/// See [`MetaobjectsData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectConnection {
    /// The entries.
    pub nodes: Vec<Metaobject>,
    /// Whether more follow, and the cursor to ask for them.
    pub page_info: PageInfo,
}

impl Operation for Metaobjects {
    const NAME: &'static str = "Metaobjects";
    const DOCUMENT: &'static str = concat!(
        "query Metaobjects($type: String!, $first: Int!, $after: String) {
  metaobjects(type: $type, first: $first, after: $after) {
    nodes { ...ScimMetaobject }
    pageInfo { hasNextPage endCursor }
  }
}
",
        scim_metaobject_fragment!()
    );
    type Variables = MetaobjectsVariables;
    type Data = MetaobjectsData;

    fn requested_cost(variables: &MetaobjectsVariables) -> u32 {
        2 + variables.first * METAOBJECT_COST
    }
}
