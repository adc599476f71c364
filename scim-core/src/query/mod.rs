//! Lists and searches: the query parameters of RFC 7644 §3.4.2 and §3.4.3 (with RFC 9865's
//! cursor pagination), projection of resources by `attributes`, `excludedAttributes` and
//! `returned` (RFC 7644 §3.9, RFC 7643 §7), sorting (§3.4.2.3), and the `ListResponse`.
//!
//! Nothing here knows HTTP: query parameters arrive as decoded `(name, value)` pairs
//! ([`decode_query_string`] decodes a raw query string for callers without a framework),
//! a `/.search` body as JSON, and a [`ListResponse`] leaves as JSON.
//!
//! ```
//! use scim_core::query::{ListQuery, QueryLimits, decode_query_string, list};
//! use scim_core::resource::Resource;
//! use scim_core::schema::SchemaRegistry;
//! use serde_json::json;
//!
//! let registry = SchemaRegistry::rfc7643();
//! let view = registry.view("User").unwrap();
//! let stored = vec![Resource::from_json(json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "id": "2819c223",
//!     "userName": "bjensen@example.com",
//! }))?];
//!
//! // What Okta sends to find a user before creating it.
//! let pairs = decode_query_string(
//!     "filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&count=100",
//! )?;
//! let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
//! let page = list(&view, stored, &query)?;
//! assert_eq!(page.total_results, 1);
//! assert_eq!(page.to_json()["Resources"][0]["id"], "2819c223");
//! # Ok::<(), scim_core::ScimError>(())
//! ```

mod cursor;
mod decode;
mod limits;
mod list;
mod params;
mod projection;
mod search;
mod sort;

pub use cursor::QueryFingerprint;
pub(crate) use decode::decode_path_segment;
pub use decode::decode_query_string;
pub use limits::QueryLimits;
pub use list::{LIST_RESPONSE_SCHEMA, ListResponse, Page, Window, list, select};
pub use params::{ListQuery, Pagination};
pub use projection::{for_output, project};
pub use search::SEARCH_REQUEST_SCHEMA;
pub use sort::{SortOrder, sort};
