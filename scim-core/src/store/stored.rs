//! A resource as a store keeps it: its id, its metadata and its attributes.

use serde_json::Value;

use crate::error::ScimError;
use crate::resource::{Meta, Resource, Version};

/// A stored resource: what every [`crate::store::ResourceStore`] method returns.
///
/// `resource` holds the attributes without `id` and `meta`, which are kept apart so they
/// cannot disagree with the store's; [`Stored::to_resource`] puts them together for output,
/// filtering and PATCH.
///
/// ```
/// use chrono::Utc;
/// use scim_core::resource::{Meta, Resource, Version};
/// use scim_core::store::Stored;
/// use serde_json::json;
///
/// let now = Utc::now();
/// let stored = Stored::new(
///     "2819c223",
///     Meta { resource_type: "User".into(), created: now, last_modified: now, location: None,
///            version: Some(Version::new("1")) },
///     Resource::from_json(json!({"userName": "bjensen", "id": "ignored"}))?,
/// );
/// let full = stored.to_resource(Some("https://example.com/scim/v2/Users/2819c223"));
/// assert_eq!(full.id(), Some("2819c223"));
/// assert_eq!(full.get("meta").unwrap()["location"], "https://example.com/scim/v2/Users/2819c223");
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    id: String,
    /// The resource's metadata; `location` is usually left to the service, which knows its
    /// own address.
    pub meta: Meta,
    /// The attributes, without `id` and `meta`.
    pub resource: Resource,
}

impl Stored {
    /// A stored resource; any `id` or `meta` inside `resource` is dropped.
    pub fn new(id: impl Into<String>, meta: Meta, mut resource: Resource) -> Self {
        resource.remove("id");
        resource.remove("meta");
        Stored {
            id: id.into(),
            meta,
            resource,
        }
    }

    /// The resource's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The whole resource, `id` and `meta` included, with `meta.location` set to `location`
    /// when given.
    pub fn to_resource(&self, location: Option<&str>) -> Resource {
        self.clone().into_resource(location)
    }

    /// [`Stored::to_resource`] without copying the attributes.
    pub fn into_resource(self, location: Option<&str>) -> Resource {
        let Stored {
            id,
            mut meta,
            mut resource,
        } = self;
        resource.set("id", Value::String(id));
        if let Some(location) = location {
            meta.location = Some(location.to_owned());
        }
        resource.set("meta", meta.to_json());
        resource
    }

    /// Ok if the stored version is `expected` (RFC 7644 §3.14); 412 otherwise, and when the
    /// store keeps no version.
    pub fn check_version(&self, expected: &Version) -> Result<(), ScimError> {
        match &self.meta.version {
            Some(version) if version == expected => Ok(()),
            _ => Err(ScimError::precondition_failed(format!(
                "the resource {} has changed since version {expected} was read",
                self.id
            ))),
        }
    }
}
