//! The `$app:scim_group` definition: `metaobjectDefinitionCreate`, and
//! `metaobjectDefinitionByType` to find out whether it exists.

use super::payloads::UserError;
use crate::client::operation::{MUTATION_COST, Operation};
use serde::{Deserialize, Serialize};

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
