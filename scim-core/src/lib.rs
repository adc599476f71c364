//! SCIM 2.0 (RFC 7643 / RFC 7644): schemas, resources, validation, PATCH, projection,
//! lists, errors and bulk, none of which knows HTTP or storage; the [`store::ResourceStore`]
//! trait backends implement, with an in-memory store; and the protocol [`service`] over
//! `http::Request` / `http::Response`, which any tower host (axum, hyper) mounts.
//!
//! - [`schema`]: the RFC's schemas and resource types, and a registry for custom ones.
//! - [`resource`]: resources that keep every attribute and extension, typed views, metadata,
//!   and validation of what clients write on create and replace.
//! - [`patch`]: PATCH requests (RFC 7644 §3.5.2), applied all-or-nothing.
//! - [`query`]: list and search parameters, projection, sorting and `ListResponse`.
//! - [`bulk`]: bulk requests with bulkId references, planned and run through an executor.
//! - [`store`]: the [`store::ResourceStore`] trait and [`store::InMemoryStore`].
//! - [`service`]: the HTTP protocol (RFC 7644 §3): routing, authentication, preconditions,
//!   discovery, tenants.
//! - [`ScimError`]: every error, with its one wire form (RFC 7644 §3.12).
//!
//! What an identity provider does to a user, end to end, with a `Vec` as the store:
//!
//! ```
//! use scim_core::patch::{PatchRequest, apply};
//! use scim_core::query::{ListQuery, QueryLimits, decode_query_string, list};
//! use scim_core::resource::{Write, validate};
//! use scim_core::schema::SchemaRegistry;
//! use serde_json::json;
//!
//! let registry = SchemaRegistry::rfc7643();
//! let users = registry.view("User").unwrap();
//!
//! // POST /Users, as Okta sends it: read-only `groups` ignored, the rest normalised.
//! let mut user = validate(&users, json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "userName": "bjensen@example.com",
//!     "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
//!     "active": true,
//!     "groups": [],
//! }), Write::Create)?;
//! user.set_id("2819c223");
//!
//! // PATCH /Users/2819c223, as Entra ID deactivates: `Replace` and a "False" string.
//! let request = PatchRequest::from_json(json!({
//!     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
//!     "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
//! }))?;
//! let patched = apply(&users, &request, user)?;
//! assert!(patched.changed);
//! let store = vec![patched.resource];
//!
//! // GET /Users?filter=userName eq "BJENSEN@example.com" (userName is not case-exact).
//! let pairs = decode_query_string("filter=userName+eq+%22BJENSEN%40example.com%22")?;
//! let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
//! let page = list(&users, store, &query)?;
//! assert_eq!(page.total_results, 1);
//! assert_eq!(page.resources[0]["active"], false);
//! # Ok::<(), scim_core::ScimError>(())
//! ```

pub mod bulk;
mod error;
pub mod patch;
pub mod query;
pub mod resource;
pub mod schema;
pub mod service;
pub mod store;

pub use error::{ERROR_SCHEMA, ScimError, ScimType};

/// The examples of the crate's README, run as document tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
