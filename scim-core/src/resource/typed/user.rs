//! The core User resource (RFC 7643 §4.1) as a Rust struct.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Address, EnterpriseUser, MultiValue, Name, Reference, from_resource, to_resource};
use crate::error::ScimError;
use crate::resource::{Meta, Resource};

/// A User (RFC 7643 §4.1), with the Enterprise User extension (§4.3) when present and
/// everything else kept in `extra`.
///
/// ```
/// use scim_core::resource::{MultiValue, Resource, User};
///
/// let user = User {
///     user_name: "bjensen@example.com".into(),
///     active: Some(true),
///     emails: vec![MultiValue::primary("bjensen@example.com", "work")],
///     ..User::default()
/// };
/// let resource = Resource::from(user.clone());
/// assert_eq!(resource.get("userName"), Some(&serde_json::json!("bjensen@example.com")));
/// assert_eq!(User::try_from(resource)?, user);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The schemas the resource uses.
    #[serde(default = "User::default_schemas")]
    pub schemas: Vec<String>,
    /// The service provider's id (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The provisioning client's id for the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The unique login name (required).
    #[serde(default)]
    pub user_name: String,
    /// The components of the user's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// The name to display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The casual name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick_name: Option<String>,
    /// The online profile's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_url: Option<String>,
    /// The title, such as "Vice President".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The relationship to the organization, such as "Employee".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_type: Option<String>,
    /// The preferred language (RFC 7231 §5.3.5 language tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    /// The default location for localisation, such as "en-US".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The time zone (IANA name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Whether the user is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The password (write-only: never returned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Email addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<MultiValue>,
    /// Phone numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phone_numbers: Vec<MultiValue>,
    /// Instant messaging addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ims: Vec<MultiValue>,
    /// Photo URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<MultiValue>,
    /// Mailing addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// The groups the user belongs to (read-only, kept by the service provider).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Reference>,
    /// Entitlements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entitlements: Vec<MultiValue>,
    /// Roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<MultiValue>,
    /// X.509 certificates (base64 DER).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub x509_certificates: Vec<MultiValue>,
    /// The Enterprise User extension.
    #[serde(
        rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enterprise: Option<EnterpriseUser>,
    /// The resource's `meta`, as stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
    /// Attributes and extensions without a field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl User {
    fn default_schemas() -> Vec<String> {
        vec![scim_filter::USER_SCHEMA.to_owned()]
    }

    /// The `meta`, parsed, when it is complete.
    pub fn parsed_meta(&self) -> Option<Meta> {
        self.meta.as_ref().and_then(Meta::from_json)
    }

    /// The primary email, or else the first.
    pub fn primary_email(&self) -> Option<&str> {
        let primary = self.emails.iter().find(|e| e.primary == Some(true));
        primary
            .or(self.emails.first())
            .and_then(|e| e.value.as_deref())
    }
}

/// A resource read as a User; an attribute of the wrong JSON type is `invalidValue`.
impl TryFrom<Resource> for User {
    type Error = ScimError;

    fn try_from(resource: Resource) -> Result<Self, ScimError> {
        from_resource(resource, "User")
    }
}

impl From<User> for Resource {
    fn from(user: User) -> Self {
        to_resource(&user)
    }
}
