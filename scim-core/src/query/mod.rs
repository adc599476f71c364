//! Lists and searches: the query parameters of RFC 7644 §3.4.2 and §3.4.3 (with RFC 9865's
//! cursor pagination), projection of resources by `attributes`, `excludedAttributes` and
//! `returned` (RFC 7644 §3.9, RFC 7643 §7), and sorting (§3.4.2.3).
//!
//! Nothing here knows HTTP: query parameters arrive as decoded `(name, value)` pairs
//! ([`decode_query_string`] decodes a raw query string for callers without a framework),
//! and a `/.search` body as JSON.
//!
//! ```
//! use scim_core::query::{ListQuery, QueryLimits, decode_query_string};
//!
//! let pairs = decode_query_string(
//!     "filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&count=100",
//! )?;
//! let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
//! assert_eq!(query.count, 100);
//! # Ok::<(), scim_core::ScimError>(())
//! ```

mod decode;
mod limits;
mod params;
mod projection;
mod search;
mod sort;

pub use decode::decode_query_string;
pub use limits::QueryLimits;
pub use params::{ListQuery, Pagination};
pub use projection::{for_output, project};
pub use search::SEARCH_REQUEST_SCHEMA;
pub use sort::{SortOrder, sort};
