//! SCIM 2.0 (RFC 7643 / RFC 7644) without HTTP and without storage: schemas, resources,
//! validation, PATCH, projection, lists, errors and bulk.
//!
//! ```
//! let registry = scim_core::schema::SchemaRegistry::rfc7643();
//! assert!(registry.resource_type("Group").is_some());
//! ```

pub mod bulk;
mod error;
pub mod patch;
pub mod query;
pub mod resource;
pub mod schema;

pub use error::{ERROR_SCHEMA, ScimError, ScimType};
