//! The pure mapping between SCIM Users and Groups and Shopify customers: no HTTP, no
//! GraphQL documents, nothing of the client's: only data and functions the store calls
//! around its requests. The mapping returns plans of its own, which the store converts to
//! the client's request types.
//!
//! - [`Customer`]: what the store reads of a customer, in the Admin API's JSON shapes.
//! - [`MappingConfig`]: a store's mapping, with the defaults the project issue describes, in
//!   code or read from JSON ([`MappingConfig::from_json`]).
//! - [`create_plan`] and [`update_plan`]: a User as a new customer ([`CreatePlan`]), or as
//!   the smallest change set against the current customer ([`UpdatePlan`]).
//! - [`customer_to_user`] and [`customer_to_stored`]: a customer read back as a User.
//! - [`translate_filter`]: a SCIM filter as a direct lookup or a `customers(query:)` search,
//!   plus what to check in memory; searches stay typed ([`SearchExpr`]) until a request
//!   prints them as injection-proof search queries.
//! - Groups: a Group's metaobject ([`GROUP_TYPE`], [`group_handle`]), its `members`
//!   ([`member_ids`], [`MemberDiff`]), and membership as customer tags ([`group_tag`],
//!   [`group_rename_plan`], [`group_delete_plan`]).
//!
//! A User survives the trip through a customer:
//!
//! ```
//! use scim_core::resource::Resource;
//! use scim_shopify::mapping::{Customer, MappingConfig, create_plan, customer_to_user, update_plan};
//! use serde_json::json;
//!
//! let config = MappingConfig::default();
//! let user = Resource::from_json(json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "userName": "bjensen@example.com",
//!     "name": {"givenName": "Barbara", "familyName": "Jensen"},
//!     "title": "Tour Guide",
//! }))?;
//! let plan = create_plan(&config, &user)?;
//!
//! // What Shopify answers once it has created the customer.
//! let mut created = serde_json::to_value(&plan)?;
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
mod blob;
mod config;
mod customer;
mod desired;
mod error;
mod file;
mod filter;
mod groups;
mod plan;
mod read;
mod search;
mod tags;
mod values;
mod write;

pub use config::{CustomerField, MappingConfig, MetafieldSpec, Rule, TagTemplate, Target};
pub use customer::{
    CUSTOMER_GID_PREFIX, Customer, Metafield, MetafieldKey, customer_gid, numeric_id,
};
pub use error::MappingError;
pub use file::MAX_MAPPING_BYTES;
pub use filter::{
    DirectLookup, Translation, live_search, translate_filter, translate_filter_unindexed,
};
pub use groups::{
    DISPLAY_NAME_FIELD, EXTERNAL_ID_FIELD, GROUP_TYPE, MemberDiff, TagStep, group_delete_plan,
    group_handle, group_rename_plan, group_tag, is_group_tag, member_ids, members_query,
    mentioned_ids,
};
pub(crate) use groups::{
    Group, GroupEntry, GroupNames, METAOBJECT_GID_PREFIX, Member, group_from, group_names,
    group_stored, not_a_user,
};
pub use plan::{CreatePlan, FieldChanges, UpdatePlan};
pub(crate) use read::customer_meta;
pub use read::{GroupRef, customer_to_stored, customer_to_user};
pub use search::{Comparator, SearchExpr, SearchField};
pub(crate) use tags::tag_eq;
pub use tags::{MAX_TAG_CHARS, sanitize_tag};
pub use values::user_name_key;
pub use write::{create_plan, update_plan};
