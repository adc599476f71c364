//! Schemas and resource types (RFC 7643 §6, §7).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::attribute::{Attribute, find_attribute};

/// A schema: a URN and the attributes it defines (RFC 7643 §7).
///
/// ```
/// let registry = scim_core::schema::SchemaRegistry::rfc7643();
/// let user = registry.schema("urn:ietf:params:scim:schemas:core:2.0:user").unwrap();
/// assert_eq!(user.name.as_deref(), Some("User"));
/// assert!(user.attribute("USERNAME").is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// The schema's URN.
    pub id: String,
    /// Its human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its attributes.
    pub attributes: Vec<Attribute>,
    /// The `meta` of the schema representation, kept as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
}

impl Schema {
    /// The attribute `name`, matched case-insensitively (RFC 7643 §2.1).
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        find_attribute(&self.attributes, name)
    }
}

/// A schema extension of a resource type (RFC 7643 §6 `schemaExtensions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaExtension {
    /// The extension's schema URN.
    pub schema: String,
    /// Whether every resource of the type must carry the extension.
    #[serde(default)]
    pub required: bool,
}

/// A resource type: its endpoint, core schema and extensions (RFC 7643 §6).
///
/// ```
/// let registry = scim_core::schema::SchemaRegistry::rfc7643();
/// let users = registry.resource_type("User").unwrap();
/// assert_eq!(users.endpoint, "/Users");
/// assert_eq!(users.schema_extensions[0].schema,
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    /// The `schemas` of the representation, kept as given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<String>,
    /// Its id (usually the name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its name, such as `User`, as `meta.resourceType` carries it.
    pub name: String,
    /// The endpoint path, such as `/Users`.
    pub endpoint: String,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The core schema's URN.
    pub schema: String,
    /// The extensions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schema_extensions: Vec<SchemaExtension>,
    /// The `meta` of the representation, kept as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
}

impl ResourceType {
    /// Whether `urn` is this type's core schema or one of its extensions.
    pub fn uses_schema(&self, urn: &str) -> bool {
        self.schema.eq_ignore_ascii_case(urn) || self.extension(urn).is_some()
    }

    /// The extension `urn` of this type, if it has it.
    pub fn extension(&self, urn: &str) -> Option<&SchemaExtension> {
        self.schema_extensions
            .iter()
            .find(|e| e.schema.eq_ignore_ascii_case(urn))
    }
}
