//! Schemas: attribute characteristics (RFC 7643 §2.2, §7), the common attributes (§3.1), the
//! RFC's own schemas and resource types (§8.6, §8.7.1) and a registry for custom ones.

mod attribute;
mod common;
mod definition;
mod registry;

pub use attribute::{Attribute, AttributeType, Mutability, Returned, Uniqueness};
pub use common::{common_attribute, common_attributes};
pub use definition::{ResourceType, Schema, SchemaExtension};
pub use registry::{ResourceView, SchemaRegistry};
