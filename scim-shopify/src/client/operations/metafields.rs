//! Metafields: `metafieldsSet`, `metafieldsDelete`, and `metafieldDefinitionCreate` and
//! `metafieldDefinitions` (the definitions the store needs, such as the unique `id`
//! metafield behind `externalId`).

use super::payloads::{NodeId, UserError};
use crate::client::operation::{MUTATION_COST, Operation};
use serde::{Deserialize, Serialize};

/// A metafield as read back (`namespace key type value`), a node of
/// [`MetafieldNodes`](super::MetafieldNodes).
///
/// ```
/// let m: scim_shopify::client::operations::MetafieldNode = serde_json::from_str(
///     r#"{"namespace": "scim", "key": "active", "type": "boolean", "value": "false"}"#,
/// ).unwrap();
/// assert_eq!(m.r#type, "boolean");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetafieldNode {
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
    /// The type.
    pub r#type: String,
    /// The value, as a string.
    pub value: String,
    /// A digest of the value (`HasCompareDigest`), for a compare-and-set
    /// ([`MetafieldsSetInput::compare_digest`]); absent where the document did not select it.
    #[serde(rename = "compareDigest", default)]
    pub compare_digest: Option<String>,
}

/// A `MetafieldsSetInput`.
///
/// ```
/// let mut m = scim_shopify::client::operations::MetafieldsSetInput {
///     owner_id: "gid://shopify/Customer/1".into(), namespace: "scim".into(),
///     key: "active".into(), r#type: "boolean".into(), value: "false".into(),
///     compare_digest: None,
/// };
/// let json = serde_json::to_value(&m).unwrap();
/// assert_eq!(json["ownerId"], "gid://shopify/Customer/1");
/// assert!(json.get("compareDigest").is_none()); // set whatever is there
/// m.compare_digest = Some(None); // set only if there is none
/// assert!(serde_json::to_value(&m).unwrap()["compareDigest"].is_null());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldsSetInput {
    /// The owner's global id.
    pub owner_id: String,
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
    /// The type.
    pub r#type: String,
    /// The value, as a string.
    pub value: String,
    /// The compare-and-set condition (the schema's `metafieldsSet` documentation): `None`
    /// sets the metafield whatever it holds; `Some(None)` (an explicit `null`) only if it
    /// does not exist yet; `Some(Some(digest))` only if it still holds the value of that
    /// digest (else the whole call is refused with `STALE_OBJECT`: it is atomic).
    #[serde(rename = "compareDigest", skip_serializing_if = "Option::is_none")]
    pub compare_digest: Option<Option<String>>,
}

/// Variables of [`MetafieldsSet`].
///
/// ```
/// let v = scim_shopify::client::operations::MetafieldsSetVariables { metafields: vec![] };
/// assert!(serde_json::to_value(&v).unwrap()["metafields"].is_array());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetafieldsSetVariables {
    /// Up to 25 metafields, set atomically.
    pub metafields: Vec<MetafieldsSetInput>,
}

/// `metafieldsSet(metafields:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetafieldsSet::NAME, "MetafieldsSet");
/// ```
#[derive(Debug)]
pub struct MetafieldsSet;

/// The data of [`MetafieldsSet`].
///
/// ```
/// let d: scim_shopify::client::operations::MetafieldsSetData = serde_json::from_str(
///     r#"{"metafieldsSet": {"metafields": [], "userErrors": []}}"#,
/// ).unwrap();
/// assert!(d.metafields_set.user_errors.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldsSetData {
    /// The payload.
    pub metafields_set: MetafieldsSetPayload,
}

/// The payload of `metafieldsSet`.
///
/// See [`MetafieldsSetData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldsSetPayload {
    /// The metafields as set.
    pub metafields: Option<Vec<MetafieldNode>>,
    /// Errors, with codes.
    pub user_errors: Vec<UserError>,
}

impl Operation for MetafieldsSet {
    const NAME: &'static str = "MetafieldsSet";
    const DOCUMENT: &'static str = "mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { namespace key type value compareDigest }
    userErrors { field message code }
  }
}
";
    type Variables = MetafieldsSetVariables;
    type Data = MetafieldsSetData;

    fn requested_cost(variables: &MetafieldsSetVariables) -> u32 {
        let count = u32::try_from(variables.metafields.len()).unwrap_or(u32::MAX);
        MUTATION_COST.saturating_add(count)
    }
}

/// A `MetafieldIdentifierInput` (and, read back, a `MetafieldIdentifier`): which metafield of
/// which owner.
///
/// ```
/// let m = scim_shopify::client::operations::MetafieldIdentifier {
///     owner_id: "gid://shopify/Customer/1".into(), namespace: "scim".into(), key: "active".into(),
/// };
/// assert_eq!(serde_json::to_value(&m).unwrap()["ownerId"], "gid://shopify/Customer/1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldIdentifier {
    /// The owner's global id.
    pub owner_id: String,
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
}

/// Variables of [`MetafieldsDelete`].
///
/// ```
/// let v = scim_shopify::client::operations::MetafieldsDeleteVariables { metafields: vec![] };
/// assert!(serde_json::to_value(&v).unwrap()["metafields"].is_array());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetafieldsDeleteVariables {
    /// The metafields to delete.
    pub metafields: Vec<MetafieldIdentifier>,
}

/// `metafieldsDelete(metafields:)`: deleting a metafield that is not there is no error (its
/// entry in `deletedMetafields` is `null`).
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetafieldsDelete::NAME, "MetafieldsDelete");
/// ```
#[derive(Debug)]
pub struct MetafieldsDelete;

/// The data of [`MetafieldsDelete`].
///
/// ```
/// let d: scim_shopify::client::operations::MetafieldsDeleteData = serde_json::from_str(
///     r#"{"metafieldsDelete": {"deletedMetafields": [null], "userErrors": []}}"#,
/// ).unwrap();
/// assert_eq!(d.metafields_delete.deleted_metafields, Some(vec![None]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldsDeleteData {
    /// The payload.
    pub metafields_delete: MetafieldsDeletePayload,
}

/// The payload of `metafieldsDelete`.
///
/// See [`MetafieldsDeleteData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldsDeletePayload {
    /// One entry per identifier, in order: the deleted metafield, or `null` when there was
    /// none.
    pub deleted_metafields: Option<Vec<Option<MetafieldIdentifier>>>,
    /// Errors.
    pub user_errors: Vec<UserError>,
}

impl Operation for MetafieldsDelete {
    const NAME: &'static str = "MetafieldsDelete";
    const DOCUMENT: &'static str =
        "mutation MetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
  metafieldsDelete(metafields: $metafields) {
    deletedMetafields { ownerId namespace key }
    userErrors { field message }
  }
}
";
    type Variables = MetafieldsDeleteVariables;
    type Data = MetafieldsDeleteData;

    fn requested_cost(_: &MetafieldsDeleteVariables) -> u32 {
        MUTATION_COST
    }
}

/// A `MetafieldDefinitionInput` (the parts the store uses).
///
/// ```
/// use scim_shopify::client::operations::MetafieldDefinitionInput;
///
/// let d = MetafieldDefinitionInput::unique_customer_id("scim", "external_id", "SCIM externalId");
/// let json = serde_json::to_value(&d).unwrap();
/// assert_eq!(json["ownerType"], "CUSTOMER");
/// assert_eq!(json["capabilities"]["uniqueValues"]["enabled"], true);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldDefinitionInput {
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
    /// A human-readable name.
    pub name: String,
    /// The owner type (`CUSTOMER`).
    pub owner_type: String,
    /// The metafield type.
    pub r#type: String,
    /// Capabilities (unique values, for `customerByIdentifier`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<MetafieldCapabilities>,
}

impl MetafieldDefinitionInput {
    /// A customer metafield of type `id` with unique values, findable by `customerByIdentifier`.
    ///
    /// See [`MetafieldDefinitionInput`] for an example.
    pub fn unique_customer_id(
        namespace: impl Into<String>,
        key: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        MetafieldDefinitionInput {
            namespace: namespace.into(),
            key: key.into(),
            name: name.into(),
            owner_type: "CUSTOMER".to_owned(),
            r#type: "id".to_owned(),
            capabilities: Some(MetafieldCapabilities {
                unique_values: Some(Enabled { enabled: true }),
            }),
        }
    }
}

/// `MetafieldCapabilityCreateInput` (only `uniqueValues`).
///
/// See [`MetafieldDefinitionInput`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldCapabilities {
    /// Whether values must be unique per shop.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique_values: Option<Enabled>,
}

/// `{ enabled: Boolean! }`.
///
/// See [`MetafieldDefinitionInput`] for an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Enabled {
    /// Whether the capability is on.
    pub enabled: bool,
}

/// Variables of [`MetafieldDefinitionCreate`].
///
/// ```
/// use scim_shopify::client::operations::{MetafieldDefinitionCreateVariables, MetafieldDefinitionInput};
/// let v = MetafieldDefinitionCreateVariables {
///     definition: MetafieldDefinitionInput::unique_customer_id("scim", "external_id", "externalId"),
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["definition"]["type"], "id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetafieldDefinitionCreateVariables {
    /// The definition.
    pub definition: MetafieldDefinitionInput,
}

/// `metafieldDefinitionCreate(definition:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::MetafieldDefinitionCreate::NAME, "MetafieldDefinitionCreate");
/// ```
#[derive(Debug)]
pub struct MetafieldDefinitionCreate;

/// The data of [`MetafieldDefinitionCreate`].
///
/// ```
/// let d: scim_shopify::client::operations::MetafieldDefinitionCreateData = serde_json::from_str(
///     r#"{"metafieldDefinitionCreate": {"createdDefinition": {"id": "gid://shopify/MetafieldDefinition/1"},
///         "userErrors": [{"field": ["definition", "key"], "message": "Key is in use", "code": "TAKEN"}]}}"#,
/// ).unwrap();
/// assert_eq!(d.metafield_definition_create.user_errors[0].code.as_deref(), Some("TAKEN"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldDefinitionCreateData {
    /// The payload.
    pub metafield_definition_create: MetafieldDefinitionCreatePayload,
}

/// The payload of `metafieldDefinitionCreate`.
///
/// See [`MetafieldDefinitionCreateData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldDefinitionCreatePayload {
    /// The new definition's id.
    pub created_definition: Option<NodeId>,
    /// Errors, with codes (`TAKEN` when it already exists).
    pub user_errors: Vec<UserError>,
}

impl Operation for MetafieldDefinitionCreate {
    const NAME: &'static str = "MetafieldDefinitionCreate";
    const DOCUMENT: &'static str =
        "mutation MetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
  metafieldDefinitionCreate(definition: $definition) {
    createdDefinition { id }
    userErrors { field message code }
  }
}
";
    type Variables = MetafieldDefinitionCreateVariables;
    type Data = MetafieldDefinitionCreateData;

    fn requested_cost(_: &MetafieldDefinitionCreateVariables) -> u32 {
        MUTATION_COST + 1
    }
}

/// Variables of [`MetafieldDefinitions`]: the customer definition at `namespace.key`.
///
/// ```
/// let v = scim_shopify::client::operations::MetafieldDefinitionsVariables {
///     namespace: "scim".into(), key: "external_id".into(),
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["key"], "external_id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetafieldDefinitionsVariables {
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
}

/// `metafieldDefinitions(ownerType: CUSTOMER, namespace:, key:, first: 1)`: whether the
/// customer metafield definition at `namespace.key` exists, with its type and whether its
/// values are unique.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::MetafieldDefinitions;
/// assert!(MetafieldDefinitions::DOCUMENT.contains("ownerType: CUSTOMER"));
/// ```
#[derive(Debug)]
pub struct MetafieldDefinitions;

/// The data of [`MetafieldDefinitions`].
///
/// ```
/// let d: scim_shopify::client::operations::MetafieldDefinitionsData = serde_json::from_str(
///     r#"{"metafieldDefinitions": {"nodes": [{"id": "gid://shopify/MetafieldDefinition/1",
///         "type": {"name": "id"}, "capabilities": {"uniqueValues": {"enabled": true}}}]}}"#,
/// ).unwrap();
/// let found = &d.metafield_definitions.nodes[0];
/// assert_eq!(found.r#type.name, "id");
/// assert!(found.capabilities.unique_values.enabled);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldDefinitionsData {
    /// The definitions found (at most one).
    pub metafield_definitions: MetafieldDefinitionNodes,
}

/// `{ nodes }` of [`MetafieldDefinitionsData`].
///
/// See [`MetafieldDefinitionsData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetafieldDefinitionNodes {
    /// The definitions.
    pub nodes: Vec<MetafieldDefinitionSummary>,
}

/// A metafield definition as [`MetafieldDefinitions`] reads it.
///
/// See [`MetafieldDefinitionsData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetafieldDefinitionSummary {
    /// The definition's global id.
    pub id: String,
    /// Its type (`{ name }`).
    pub r#type: MetafieldTypeName,
    /// Its capabilities (only `uniqueValues` is read).
    pub capabilities: MetafieldCapabilitiesRead,
}

/// `{ name }` of a `MetafieldDefinitionType`.
///
/// See [`MetafieldDefinitionsData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetafieldTypeName {
    /// The type's name (`id`, `json`, ...).
    pub name: String,
}

/// `MetafieldCapabilities` as read (only `uniqueValues`).
///
/// See [`MetafieldDefinitionsData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldCapabilitiesRead {
    /// Whether values must be unique.
    pub unique_values: EnabledRead,
}

/// `{ enabled }` of a capability, as read.
///
/// See [`MetafieldDefinitionsData`] for an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct EnabledRead {
    /// Whether the capability is on.
    pub enabled: bool,
}

impl Operation for MetafieldDefinitions {
    const NAME: &'static str = "MetafieldDefinitions";
    const DOCUMENT: &'static str =
        "query MetafieldDefinitions($namespace: String!, $key: String!) {
  metafieldDefinitions(ownerType: CUSTOMER, namespace: $namespace, key: $key, first: 1) {
    nodes { id type { name } capabilities { uniqueValues { enabled } } }
  }
}
";
    type Variables = MetafieldDefinitionsVariables;
    type Data = MetafieldDefinitionsData;

    fn requested_cost(_: &MetafieldDefinitionsVariables) -> u32 {
        // The connection (2) and one node (1) with its two objects (1 each).
        5
    }
}
