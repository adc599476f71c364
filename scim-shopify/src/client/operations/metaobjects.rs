//! Metaobjects: the `$app:scim_group` definition and its entries (one per SCIM Group).

use super::{MUTATION_COST, UserError};
use crate::client::Operation;
use serde::{Deserialize, Serialize};

/// The cost of one `ScimMetaobject` selection: the object and its list of fields.
pub(super) const METAOBJECT_COST: u32 = 2;

/// The fields SCIM reads from a metaobject.
macro_rules! scim_metaobject_fragment {
    () => {
        "
fragment ScimMetaobject on Metaobject {
  id
  handle
  type
  displayName
  createdAt
  updatedAt
  fields { key value }
}
"
    };
}

/// A metaobject as SCIM sees it.
///
/// ```
/// let m: scim_shopify::client::operations::Metaobject = serde_json::from_str(r#"{
///     "id": "gid://shopify/Metaobject/1", "handle": "sales", "type": "app--1--scim_group",
///     "displayName": "Sales", "createdAt": "2026-07-04T23:37:19Z", "updatedAt": "2026-07-04T23:37:19Z",
///     "fields": [{"key": "display_name", "value": "Sales"}]
/// }"#).unwrap();
/// assert_eq!(m.field("display_name"), Some("Sales"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metaobject {
    /// The global id.
    pub id: String,
    /// The handle, unique per type.
    pub handle: String,
    /// The type (`$app:` resolved to the app's prefix).
    pub r#type: String,
    /// The display name.
    pub display_name: String,
    /// When it was created.
    pub created_at: String,
    /// When it was last updated.
    pub updated_at: String,
    /// The field values.
    pub fields: Vec<MetaobjectField>,
}

impl Metaobject {
    /// The value of field `key`, if set.
    ///
    /// See [`Metaobject`] for an example.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| f.value.as_deref())
    }
}

/// A metaobject field (`key value`).
///
/// See [`Metaobject`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetaobjectField {
    /// The key.
    pub key: String,
    /// The value, when set.
    pub value: Option<String>,
}

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

/// A `MetaobjectFieldDefinitionCreateInput`.
///
/// ```
/// let f = scim_shopify::client::operations::MetaobjectFieldDefinition {
///     key: "display_name".into(), name: "Display name".into(),
///     r#type: "single_line_text_field".into(), required: true,
/// };
/// assert_eq!(serde_json::to_value(&f).unwrap()["required"], true);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectFieldDefinition {
    /// The key.
    pub key: String,
    /// A human-readable name.
    pub name: String,
    /// The field type.
    pub r#type: String,
    /// Whether every entry must set it.
    pub required: bool,
}

/// A `MetaobjectDefinitionCreateInput` (the parts the store uses).
///
/// ```
/// let d = scim_shopify::client::operations::MetaobjectDefinitionInput {
///     r#type: "$app:scim_group".into(), name: "SCIM group".into(),
///     display_name_key: Some("display_name".into()), field_definitions: vec![],
/// };
/// assert_eq!(serde_json::to_value(&d).unwrap()["displayNameKey"], "display_name");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectDefinitionInput {
    /// The type, e.g. `$app:scim_group`.
    pub r#type: String,
    /// A human-readable name.
    pub name: String,
    /// The field shown as the entry's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name_key: Option<String>,
    /// The fields.
    pub field_definitions: Vec<MetaobjectFieldDefinition>,
}

/// Variables of [`MetaobjectDefinitionCreate`].
///
/// See [`MetaobjectDefinitionInput`] for the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectDefinitionCreateVariables {
    /// The definition.
    pub definition: MetaobjectDefinitionInput,
}

/// `metaobjectDefinitionCreate(definition:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetaobjectDefinitionCreate::NAME, "MetaobjectDefinitionCreate");
/// ```
#[derive(Debug)]
pub struct MetaobjectDefinitionCreate;

/// The data of [`MetaobjectDefinitionCreate`].
///
/// ```
/// let d: scim_shopify::client::operations::MetaobjectDefinitionCreateData = serde_json::from_str(
///     r#"{"metaobjectDefinitionCreate": {"metaobjectDefinition": {"id": "gid://shopify/MetaobjectDefinition/1", "type": "app--1--scim_group"}, "userErrors": []}}"#,
/// ).unwrap();
/// assert_eq!(d.metaobject_definition_create.metaobject_definition.unwrap().r#type, "app--1--scim_group");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectDefinitionCreateData {
    /// The payload.
    pub metaobject_definition_create: MetaobjectDefinitionCreatePayload,
}

/// The payload of `metaobjectDefinitionCreate`.
///
/// See [`MetaobjectDefinitionCreateData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectDefinitionCreatePayload {
    /// The new definition.
    pub metaobject_definition: Option<MetaobjectDefinitionRef>,
    /// Errors, with codes.
    pub user_errors: Vec<UserError>,
}

/// A created definition's id and resolved type.
///
/// See [`MetaobjectDefinitionCreateData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetaobjectDefinitionRef {
    /// The global id.
    pub id: String,
    /// The resolved type.
    pub r#type: String,
}

impl Operation for MetaobjectDefinitionCreate {
    const NAME: &'static str = "MetaobjectDefinitionCreate";
    const DOCUMENT: &'static str =
        "mutation MetaobjectDefinitionCreate($definition: MetaobjectDefinitionCreateInput!) {
  metaobjectDefinitionCreate(definition: $definition) {
    metaobjectDefinition { id type }
    userErrors { field message code }
  }
}
";
    type Variables = MetaobjectDefinitionCreateVariables;
    type Data = MetaobjectDefinitionCreateData;

    fn requested_cost(_: &MetaobjectDefinitionCreateVariables) -> u32 {
        MUTATION_COST + 1
    }
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

/// Variables of [`MetaobjectDefinitionByType`].
///
/// ```
/// let v = scim_shopify::client::operations::MetaobjectTypeVariables { r#type: "$app:scim_group".into() };
/// assert_eq!(serde_json::to_value(&v).unwrap()["type"], "$app:scim_group");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaobjectTypeVariables {
    /// The type (`$app:` resolves to the calling app's prefix).
    pub r#type: String,
}

/// `metaobjectDefinitionByType(type:)`: whether the definition exists, and its resolved type.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetaobjectDefinitionByType::NAME, "MetaobjectDefinitionByType");
/// ```
#[derive(Debug)]
pub struct MetaobjectDefinitionByType;

/// The data of [`MetaobjectDefinitionByType`].
///
/// ```
/// let d: scim_shopify::client::operations::MetaobjectDefinitionByTypeData =
///     serde_json::from_str(r#"{"metaobjectDefinitionByType": null}"#).unwrap();
/// assert!(d.metaobject_definition_by_type.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaobjectDefinitionByTypeData {
    /// The definition, if there is one.
    pub metaobject_definition_by_type: Option<MetaobjectDefinitionRef>,
}

impl Operation for MetaobjectDefinitionByType {
    const NAME: &'static str = "MetaobjectDefinitionByType";
    const DOCUMENT: &'static str = "query MetaobjectDefinitionByType($type: String!) {
  metaobjectDefinitionByType(type: $type) { id type }
}
";
    type Variables = MetaobjectTypeVariables;
    type Data = MetaobjectDefinitionByTypeData;

    fn requested_cost(_: &MetaobjectTypeVariables) -> u32 {
        1
    }
}

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
    pub page_info: super::PageInfo,
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
