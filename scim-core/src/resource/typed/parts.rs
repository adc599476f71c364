//! The complex values the core schemas share (RFC 7643 §4.1.1, §4.1.2, §2.4).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `name` (RFC 7643 §4.1.1): the components of a user's real name.
///
/// ```
/// use scim_core::resource::Name;
///
/// let name: Name = serde_json::from_value(serde_json::json!({
///     "givenName": "Barbara", "familyName": "Jensen", "nickname": "kept in extra",
/// }))?;
/// assert_eq!(name.given_name.as_deref(), Some("Barbara"));
/// assert_eq!(name.extra["nickname"], "kept in extra");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Name {
    /// The full name, formatted for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// Family name (last name in most Western languages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Given name (first name in most Western languages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Middle name(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Honorific prefix (title), such as "Ms.".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific_prefix: Option<String>,
    /// Honorific suffix, such as "III".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific_suffix: Option<String>,
    /// Sub-attributes without a field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One value of a multi-valued attribute with `value`, `display`, `type` and `primary`
/// sub-attributes: emails, phone numbers, ims, photos, entitlements, roles, certificates
/// (RFC 7643 §2.4, §4.1.2).
///
/// ```
/// use scim_core::resource::MultiValue;
///
/// let email = MultiValue::primary("bjensen@example.com", "work");
/// assert_eq!(serde_json::to_value(&email)?, serde_json::json!({
///     "value": "bjensen@example.com", "type": "work", "primary": true,
/// }));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MultiValue {
    /// The value itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A human-readable label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// Its kind (`work`, `home`, ...).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether it is the preferred value; at most one is (RFC 7643 §2.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// Sub-attributes without a field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl MultiValue {
    /// A value of a kind.
    pub fn new(value: impl Into<String>, kind: impl Into<String>) -> Self {
        MultiValue {
            value: Some(value.into()),
            kind: Some(kind.into()),
            ..MultiValue::default()
        }
    }

    /// A value of a kind, marked primary.
    pub fn primary(value: impl Into<String>, kind: impl Into<String>) -> Self {
        MultiValue {
            primary: Some(true),
            ..MultiValue::new(value, kind)
        }
    }
}

/// A physical mailing address (RFC 7643 §4.1.2 `addresses`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// The full address, formatted for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// Street, house number, and so on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// City or locality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// State or region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Zip or postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country, as an ISO 3166-1 alpha-2 code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Its kind (`work`, `home`, `other`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether it is the preferred address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// Sub-attributes without a field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A reference to another resource: a User's `groups` element, a Group's `members`
/// element (RFC 7643 §4.1.2, §4.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reference {
    /// The referenced resource's `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Its URI.
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Its display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// Its kind (`User`, `Group`; `direct`, `indirect` for a User's groups).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Sub-attributes without a field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
