//! Metaobjects' mutations: `metaobjectCreate`, `metaobjectUpdate` and `metaobjectDelete`
//! (one SCIM Group each), with the inputs and payloads they share.

use super::metaobject::{METAOBJECT_COST, Metaobject};
use super::payloads::UserError;
use crate::client::operation::{MUTATION_COST, Operation};
use serde::{Deserialize, Serialize};

/// A `MetaobjectFieldInput`.
///
/// ```
/// let f = scim_shopify::client::operations::MetaobjectFieldInput { key: "display_name".into(), value: "Sales".into() };
/// assert_eq!(serde_json::to_value(&f).unwrap()["value"], "Sales");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectFieldInput {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

/// A payload holding a metaobject (`metaobjectCreate` / `metaobjectUpdate`).
///
/// ```
/// let p: scim_shopify::client::operations::MetaobjectPayload = serde_json::from_str(
///     r#"{"metaobject": null, "userErrors": [{"field": ["metaobject", "handle"], "message": "Handle has already been taken", "code": "TAKEN"}]}"#,
/// ).unwrap();
/// assert_eq!(p.user_errors[0].code.as_deref(), Some("TAKEN"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectPayload {
    /// The metaobject, when the mutation succeeded.
    pub metaobject: Option<Metaobject>,
    /// Errors, with codes.
    pub user_errors: Vec<UserError>,
}

/// A `MetaobjectCreateInput`.
///
/// ```
/// let m = scim_shopify::client::operations::MetaobjectCreateInput {
///     r#type: "$app:scim_group".into(), handle: Some("sales".into()), fields: vec![],
/// };
/// assert_eq!(serde_json::to_value(&m).unwrap()["handle"], "sales");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectCreateInput {
    /// The definition's type.
    pub r#type: String,
    /// The handle (generated from the display name when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// The field values.
    pub fields: Vec<MetaobjectFieldInput>,
}

/// Variables of [`MetaobjectCreate`].
///
/// See [`MetaobjectCreateInput`] for the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectCreateVariables {
    /// The new metaobject.
    pub metaobject: MetaobjectCreateInput,
}

/// `metaobjectCreate(metaobject:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetaobjectCreate::NAME, "MetaobjectCreate");
/// ```
#[derive(Debug)]
pub struct MetaobjectCreate;

/// The data of [`MetaobjectCreate`].
///
/// ```
/// let d: scim_shopify::client::operations::MetaobjectCreateData =
///     serde_json::from_str(r#"{"metaobjectCreate": {"metaobject": null, "userErrors": []}}"#).unwrap();
/// assert!(d.metaobject_create.metaobject.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectCreateData {
    /// The payload.
    pub metaobject_create: MetaobjectPayload,
}

impl Operation for MetaobjectCreate {
    const NAME: &'static str = "MetaobjectCreate";
    const DOCUMENT: &'static str = concat!(
        "mutation MetaobjectCreate($metaobject: MetaobjectCreateInput!) {
  metaobjectCreate(metaobject: $metaobject) {
    metaobject { ...ScimMetaobject }
    userErrors { field message code }
  }
}
",
        scim_metaobject_fragment!()
    );
    const REPLAY_SAFE: bool = false;
    type Variables = MetaobjectCreateVariables;
    type Data = MetaobjectCreateData;

    fn requested_cost(_: &MetaobjectCreateVariables) -> u32 {
        MUTATION_COST + METAOBJECT_COST
    }
}

/// A `MetaobjectUpdateInput`.
///
/// ```
/// let m = scim_shopify::client::operations::MetaobjectUpdateInput { handle: None, fields: vec![] };
/// assert!(serde_json::to_value(&m).unwrap().get("handle").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectUpdateInput {
    /// A new handle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// The field values to change.
    pub fields: Vec<MetaobjectFieldInput>,
}

/// Variables of [`MetaobjectUpdate`].
///
/// See [`MetaobjectUpdateInput`] for the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectUpdateVariables {
    /// The metaobject's global id.
    pub id: String,
    /// The changes.
    pub metaobject: MetaobjectUpdateInput,
}

/// `metaobjectUpdate(id:, metaobject:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetaobjectUpdate::NAME, "MetaobjectUpdate");
/// ```
#[derive(Debug)]
pub struct MetaobjectUpdate;

/// The data of [`MetaobjectUpdate`].
///
/// ```
/// let d: scim_shopify::client::operations::MetaobjectUpdateData =
///     serde_json::from_str(r#"{"metaobjectUpdate": {"metaobject": null, "userErrors": []}}"#).unwrap();
/// assert!(d.metaobject_update.user_errors.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectUpdateData {
    /// The payload.
    pub metaobject_update: MetaobjectPayload,
}

impl Operation for MetaobjectUpdate {
    const NAME: &'static str = "MetaobjectUpdate";
    const DOCUMENT: &'static str = concat!(
        "mutation MetaobjectUpdate($id: ID!, $metaobject: MetaobjectUpdateInput!) {
  metaobjectUpdate(id: $id, metaobject: $metaobject) {
    metaobject { ...ScimMetaobject }
    userErrors { field message code }
  }
}
",
        scim_metaobject_fragment!()
    );
    type Variables = MetaobjectUpdateVariables;
    type Data = MetaobjectUpdateData;

    fn requested_cost(_: &MetaobjectUpdateVariables) -> u32 {
        MUTATION_COST + METAOBJECT_COST
    }
}

/// Variables of [`MetaobjectDelete`].
///
/// ```
/// let v = scim_shopify::client::operations::MetaobjectIdVariables { id: "gid://shopify/Metaobject/1".into() };
/// assert_eq!(serde_json::to_value(&v).unwrap()["id"], "gid://shopify/Metaobject/1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectIdVariables {
    /// The metaobject's global id.
    pub id: String,
}

/// `metaobjectDelete(id:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetaobjectDelete::NAME, "MetaobjectDelete");
/// ```
#[derive(Debug)]
pub struct MetaobjectDelete;

/// The data of [`MetaobjectDelete`].
///
/// ```
/// let d: scim_shopify::client::operations::MetaobjectDeleteData = serde_json::from_str(
///     r#"{"metaobjectDelete": {"deletedId": "gid://shopify/Metaobject/1", "userErrors": []}}"#,
/// ).unwrap();
/// assert!(d.metaobject_delete.deleted_id.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectDeleteData {
    /// The payload.
    pub metaobject_delete: MetaobjectDeletePayload,
}

/// The payload of `metaobjectDelete`.
///
/// See [`MetaobjectDeleteData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectDeletePayload {
    /// The deleted id.
    pub deleted_id: Option<String>,
    /// Errors, with codes.
    pub user_errors: Vec<UserError>,
}

impl Operation for MetaobjectDelete {
    const NAME: &'static str = "MetaobjectDelete";
    const DOCUMENT: &'static str = "mutation MetaobjectDelete($id: ID!) {
  metaobjectDelete(id: $id) {
    deletedId
    userErrors { field message code }
  }
}
";
    type Variables = MetaobjectIdVariables;
    type Data = MetaobjectDeleteData;

    fn requested_cost(_: &MetaobjectIdVariables) -> u32 {
        MUTATION_COST
    }
}
