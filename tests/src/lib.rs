//! Conformance tests for the workspace live in `tests/tests/`; this library holds what they
//! share: an in-process SCIM [`Client`] of the service, Entra ID's user lifecycle
//! ([`entra`]), the flows' emulated Shopify shop ([`shop`]), and the benchmark [`corpus`]
//! (`tests/corpus/`, compiled in) that they and the benches read.
//!
//! ```
//! let corpus = scim_conformance::filter_corpus();
//! assert!(corpus.filters.iter().any(|f| f.id == "F01_eq"));
//! ```

mod client;
pub mod corpus;
pub mod entra;
pub mod races;
pub mod shop;

pub use client::{Answer, BASE_PATH, BASE_URL, Client, TOKEN, entra_user, okta_user};
pub use corpus::{filter_corpus, probe_corpus};
