//! Attribute definitions: the characteristics of RFC 7643 §2.2, in the representation of §7.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use scim_filter::AttributeType;

/// When an attribute may be written (RFC 7643 §7 `mutability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mutability {
    /// Set by the service provider only; ignored on input (RFC 7644 §3.3).
    ReadOnly,
    /// Written freely.
    #[default]
    ReadWrite,
    /// Written once (on creation, or when it has no value), never changed after.
    Immutable,
    /// Written but never returned (passwords).
    WriteOnly,
}

/// When an attribute is returned (RFC 7643 §7 `returned`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Returned {
    /// Always, even when `excludedAttributes` names it.
    Always,
    /// Never (RFC 7643 §7: "never returned").
    Never,
    /// Unless excluded, or unless `attributes` names others only.
    #[default]
    Default,
    /// Only when `attributes` names it.
    Request,
}

/// How unique an attribute's value is (RFC 7643 §7 `uniqueness`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Uniqueness {
    /// No constraint.
    #[default]
    None,
    /// Unique within the service provider.
    Server,
    /// Globally unique.
    Global,
}

/// One attribute of a schema, with its characteristics (RFC 7643 §2.2, §7); defaults are the
/// RFC's (§2.2: string, single-valued, optional, not case-exact, readWrite, returned by
/// default, no uniqueness).
///
/// ```
/// use scim_core::schema::{Attribute, AttributeType, Mutability};
///
/// let attr: Attribute = serde_json::from_value(serde_json::json!({
///     "name": "employeeNumber", "type": "string", "multiValued": false,
///     "required": false, "caseExact": false, "mutability": "readWrite",
///     "returned": "default", "uniqueness": "none",
/// }))?;
/// assert_eq!(attr.attr_type, AttributeType::String);
/// assert_eq!(attr.mutability, Mutability::ReadWrite);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    /// The name, as the schema spells it.
    pub name: String,
    /// The data type.
    #[serde(rename = "type", with = "attribute_type", default = "string_type")]
    pub attr_type: AttributeType,
    /// Whether the attribute holds an array.
    #[serde(default)]
    pub multi_valued: bool,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether a value is required.
    #[serde(default)]
    pub required: bool,
    /// The suggested values, if the schema lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub canonical_values: Vec<String>,
    /// Whether string comparisons respect case.
    #[serde(default)]
    pub case_exact: bool,
    /// When it may be written.
    #[serde(default)]
    pub mutability: Mutability,
    /// When it is returned.
    #[serde(default)]
    pub returned: Returned,
    /// How unique its value is.
    #[serde(default)]
    pub uniqueness: Uniqueness,
    /// For references: what they may point at (`User`, `Group`, `external`, `uri`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_types: Vec<String>,
    /// For complex attributes: the sub-attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_attributes: Vec<Attribute>,
}

fn string_type() -> AttributeType {
    AttributeType::String
}

impl Attribute {
    /// A single-valued, optional, readWrite attribute of `attr_type`.
    pub fn new(name: impl Into<String>, attr_type: AttributeType) -> Self {
        Attribute {
            name: name.into(),
            attr_type,
            multi_valued: false,
            description: None,
            required: false,
            canonical_values: Vec::new(),
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            uniqueness: Uniqueness::None,
            reference_types: Vec::new(),
            sub_attributes: Vec::new(),
        }
    }

    /// The sub-attribute `name`, matched case-insensitively (RFC 7643 §2.1).
    pub fn sub_attribute(&self, name: &str) -> Option<&Attribute> {
        find_attribute(&self.sub_attributes, name)
    }

    /// The characteristics the filter evaluator needs.
    pub fn characteristics(&self) -> scim_filter::Characteristics {
        scim_filter::Characteristics {
            attr_type: self.attr_type,
            multi_valued: self.multi_valued,
            case_exact: self.case_exact,
        }
    }

    /// Whether this is a complex attribute with a `value` sub-attribute, which a bare value
    /// stands for (RFC 7643 §2.4: "value" is the attribute's significant value).
    pub fn has_value_sub_attribute(&self) -> bool {
        self.attr_type == AttributeType::Complex && self.sub_attribute("value").is_some()
    }
}

/// The attribute `name` of `attributes`, matched case-insensitively (RFC 7643 §2.1).
pub(crate) fn find_attribute<'a>(attributes: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attributes
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
}

/// `type` as RFC 7643 §7 spells it.
mod attribute_type {
    use super::*;

    const NAMES: [(&str, AttributeType); 8] = [
        ("string", AttributeType::String),
        ("boolean", AttributeType::Boolean),
        ("decimal", AttributeType::Decimal),
        ("integer", AttributeType::Integer),
        ("dateTime", AttributeType::DateTime),
        ("binary", AttributeType::Binary),
        ("reference", AttributeType::Reference),
        ("complex", AttributeType::Complex),
    ];

    const KNOWN: [&str; 8] = [
        "string",
        "boolean",
        "decimal",
        "integer",
        "dateTime",
        "binary",
        "reference",
        "complex",
    ];

    pub(super) fn serialize<S: Serializer>(
        value: &AttributeType,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.name())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<AttributeType, D::Error> {
        let name = String::deserialize(deserializer)?;
        NAMES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(&name))
            .map(|(_, t)| *t)
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, &KNOWN))
    }
}
