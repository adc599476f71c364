//! The core Group resource (RFC 7643 §4.2) as a Rust struct.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Reference, from_resource, to_resource};
use crate::error::ScimError;
use crate::resource::Resource;

/// A member of a Group (RFC 7643 §4.2): a reference to a User or a Group.
pub type Member = Reference;

/// A Group (RFC 7643 §4.2), with everything it has no field for in `extra`.
///
/// ```
/// use scim_core::resource::{Group, Member, Resource};
///
/// let group = Group {
///     display_name: "Tour Guides".into(),
///     members: vec![Member { value: Some("2819c223".into()), ..Member::default() }],
///     ..Group::default()
/// };
/// let resource = Resource::from(group.clone());
/// assert_eq!(resource.get("members").unwrap()[0]["value"], "2819c223");
/// assert_eq!(Group::try_from(resource)?, group);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The schemas the resource uses.
    #[serde(default = "Group::default_schemas")]
    pub schemas: Vec<String>,
    /// The service provider's id (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The provisioning client's id for the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The name to display (required).
    #[serde(default)]
    pub display_name: String,
    /// The members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    /// The resource's `meta`, as stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
    /// Attributes and extensions without a field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Group {
    fn default_schemas() -> Vec<String> {
        vec![scim_filter::GROUP_SCHEMA.to_owned()]
    }
}

/// A resource read as a Group; an attribute of the wrong JSON type is `invalidValue`.
impl TryFrom<Resource> for Group {
    type Error = ScimError;

    fn try_from(resource: Resource) -> Result<Self, ScimError> {
        from_resource(resource, "Group")
    }
}

impl From<Group> for Resource {
    fn from(group: Group) -> Self {
        to_resource(&group)
    }
}
