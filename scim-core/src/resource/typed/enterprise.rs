//! The Enterprise User extension (RFC 7643 §4.3).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The Enterprise User extension's attributes (RFC 7643 §4.3), as they sit under
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
///
/// ```
/// use scim_core::resource::EnterpriseUser;
///
/// let enterprise: EnterpriseUser = serde_json::from_value(serde_json::json!({
///     "employeeNumber": "701984",
///     "manager": {"value": "26118915", "displayName": "John Smith"},
/// }))?;
/// assert_eq!(enterprise.manager.unwrap().value.as_deref(), Some("26118915"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseUser {
    /// Employee number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_number: Option<String>,
    /// Cost center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_center: Option<String>,
    /// Organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Division.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// Department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The user's manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<Manager>,
    /// Attributes without a field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user's manager (RFC 7643 §4.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manager {
    /// The manager's `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The manager's URI.
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The manager's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Sub-attributes without a field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
