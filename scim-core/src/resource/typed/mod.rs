//! Typed views of the RFC's resources for Rust users: [`User`], [`Group`] and
//! [`EnterpriseUser`], converting to and from [`Resource`](super::Resource) without loss.
//!
//! Every struct keeps what it has no field for in `extra` (other attributes, other
//! extensions, sub-attributes a schema added), so `Resource -> User -> Resource` gives back
//! the same resource. Absent and `null` are the same (RFC 7643 §2.5): a `null` member does
//! not survive the trip, which changes nothing a client can observe.

mod enterprise;
mod fast;
mod group;
mod parts;
mod user;

pub use enterprise::{EnterpriseUser, Manager};
pub use group::{Group, Member};
pub use parts::{Address, MultiValue, Name, Reference};
pub use user::User;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Resource;
use crate::error::ScimError;

/// Reads a typed view from a resource; a member of the wrong JSON type is `invalidValue`.
fn from_resource<T: DeserializeOwned>(resource: Resource, what: &str) -> Result<T, ScimError> {
    serde_json::from_value(resource.into_json())
        .map_err(|err| ScimError::invalid_value(format!("not a valid {what}: {err}")))
}

/// Writes a typed view as a resource.
fn to_resource<T: Serialize>(typed: &T) -> Resource {
    // The views hold only strings, booleans, JSON values and string-keyed maps, which always
    // serialise, and always to an object.
    serde_json::to_value(typed)
        .ok()
        .and_then(|value| Resource::from_json(value).ok())
        .unwrap_or_default()
}
