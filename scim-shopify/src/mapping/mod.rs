//! The pure mapping between SCIM Users and Groups and Shopify customers: no HTTP, no
//! GraphQL documents, only data and functions the store calls around its requests.
//!
//! - [`Customer`]: what the store reads of a customer, in the Admin API's JSON shapes.
//! - [`MappingConfig`]: a store's mapping, with the defaults the project issue describes, in
//!   code or read from JSON ([`MappingConfig::from_json`]).
//! - [`create_input`] and [`update_plan`]: a User as a `customerCreate` input, or as the
//!   smallest change set against the current customer.
//! - [`customer_to_user`]: a customer read back as a User.
//! - [`translate_filter`]: a SCIM filter as a direct lookup or a `customers(query:)` search,
//!   plus what to check in memory; [`SearchExpr`] prints injection-proof search queries.
//! - [`group_tag`], [`group_rename_plan`], [`group_delete_plan`]: groups as customer tags.
//!
//! A User survives the trip through a customer:
//!
//! ```
//! use scim_core::resource::Resource;
//! use scim_shopify::mapping::{Customer, MappingConfig, create_input, customer_to_user, update_plan};
//! use serde_json::json;
//!
//! let config = MappingConfig::default();
//! let user = Resource::from_json(json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "userName": "bjensen@example.com",
//!     "name": {"givenName": "Barbara", "familyName": "Jensen"},
//!     "title": "Tour Guide",
//! }))?;
//! let input = create_input(&config, &user)?;
//!
//! // What Shopify answers once it has created the customer.
//! let mut created = serde_json::to_value(&input)?;
//! created["id"] = json!("gid://shopify/Customer/42");
//! let customer: Customer = serde_json::from_value(created)?;
//!
//! let read = customer_to_user(&config, &customer, |_| None)?;
//! assert_eq!(read.get("title"), Some(&json!("Tour Guide")));
//! assert_eq!(read.id(), Some("42"));
//! assert!(update_plan(&config, &customer, &read)?.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod attrs;
mod config;
mod customer;
mod error;
mod file;
mod filter;
mod groups;
mod read;
mod search;
mod write;

pub use config::{CustomerField, MappingConfig, MetafieldSpec, Rule, TagTemplate, Target};
pub(crate) use customer::tag_eq;
pub use customer::{
    CUSTOMER_GID_PREFIX, Customer, Metafield, MetafieldKey, customer_gid, numeric_id,
};
pub use error::MappingError;
pub use file::MAX_MAPPING_BYTES;
pub use filter::{DirectLookup, Translation, live_search, translate_filter};
pub use groups::{
    MAX_TAG_CHARS, TagStep, group_delete_plan, group_rename_plan, group_tag, is_group_tag,
    members_query, sanitize_tag,
};
pub use read::{GroupRef, customer_to_user};
pub use search::{Comparator, SearchExpr, SearchField};
pub use write::{CustomerUpdate, create_input, update_plan};
