//! Conformance tests for the workspace live in `tests/tests/`; this library holds what they
//! share: an in-process SCIM [`Client`] of the service, Entra ID's user lifecycle
//! ([`entra`]), the flows' emulated Shopify shop ([`shop`]), and the loader of the shared
//! corpus (`../shared/` beside the checkout) that they and the benches read.
//!
//! ```no_run
//! let corpus = scim_conformance::filter_corpus();
//! assert!(corpus.filters.iter().any(|f| f.id == "F01_eq"));
//! ```

mod client;
pub mod entra;
pub mod shop;

use std::path::PathBuf;

pub use client::{Answer, BASE_PATH, BASE_URL, Client, TOKEN, entra_user, okta_user};

use serde::Deserialize;
use serde_json::Value;

/// The folder of shared material: `$SCIM_SHARED_DIR` if set, else `shared/` beside the
/// workspace's folder (where CI and every developer's machine put it).
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("SCIM_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

/// A file of the shared folder as text. Panics with the path when it is missing, since a
/// test that cannot read its corpus must fail, not pass vacuously.
pub fn read_shared(relative: &str) -> String {
    let path = shared_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "cannot read {} ({err}); the shared corpus must sit beside the checkout or in $SCIM_SHARED_DIR",
            path.display()
        )
    })
}

fn parse_shared<T: serde::de::DeserializeOwned>(relative: &str) -> T {
    serde_json::from_str(&read_shared(relative))
        .unwrap_or_else(|err| panic!("{relative} is not what the loader expects: {err}"))
}

/// `bench/filters.json`: realistic filters (`F*`) and 50-term chains (`L*`).
#[derive(Debug, Deserialize)]
pub struct FilterCorpus {
    /// The filters, in file order.
    pub filters: Vec<CorpusFilter>,
}

/// One filter of the corpus.
#[derive(Debug, Deserialize)]
pub struct CorpusFilter {
    /// Its id, such as `F08_valuepath_and`.
    pub id: String,
    /// The filter text.
    pub filter: String,
    /// The grammar features it exercises.
    pub features: Vec<String>,
}

/// Loads `bench/filters.json`.
pub fn filter_corpus() -> FilterCorpus {
    parse_shared("bench/filters.json")
}

/// `bench/semantic_probes.json`: filters whose verdict on a resource is known.
#[derive(Debug, Deserialize)]
pub struct ProbeCorpus {
    /// The probes, in file order.
    pub probes: Vec<Probe>,
}

/// One semantic probe.
#[derive(Debug, Deserialize)]
pub struct Probe {
    /// Its id, such as `S5_valuepath_same_element`.
    pub id: String,
    /// The filter.
    pub filter: String,
    /// The resource it is evaluated against.
    pub resource: Value,
    /// The right verdict.
    pub expect: bool,
    /// Why, with the RFC section.
    pub why: String,
}

/// Loads `bench/semantic_probes.json`.
pub fn probe_corpus() -> ProbeCorpus {
    parse_shared("bench/semantic_probes.json")
}

/// A JSON file of the shared folder, such as `bench/user_full.json`.
pub fn shared_json(relative: &str) -> Value {
    parse_shared(relative)
}
