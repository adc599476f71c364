//! The benchmark corpus, `tests/corpus/` (see its README: where the files come from), compiled
//! in so that the tests and the benches read no file at run time: realistic filters, PATCH
//! bodies, semantic probes with known verdicts, a creation request and a full user.
//!
//! ```
//! let user = scim_conformance::corpus::json("user_full.json");
//! assert_eq!(user["userName"], "bjensen@example.com");
//! ```

use serde::Deserialize;
use serde_json::Value;

/// Every file of the corpus, by name.
const FILES: &[(&str, &str)] = &[
    ("filters.json", include_str!("../corpus/filters.json")),
    ("patches.json", include_str!("../corpus/patches.json")),
    (
        "semantic_probes.json",
        include_str!("../corpus/semantic_probes.json"),
    ),
    (
        "user_create_request.json",
        include_str!("../corpus/user_create_request.json"),
    ),
    ("user_full.json", include_str!("../corpus/user_full.json")),
];

/// The text of the corpus file `name`, such as `user_full.json`.
///
/// # Panics
///
/// There is no such file: a test naming one must not pass without it.
pub fn text(name: &str) -> &'static str {
    FILES
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("no corpus file {name}"))
}

/// The corpus file `name` as JSON.
///
/// # Panics
///
/// There is no such file, or it is not JSON.
pub fn json(name: &str) -> Value {
    parse(name)
}

fn parse<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(text(name))
        .unwrap_or_else(|err| panic!("{name} is not what the loader expects: {err}"))
}

/// `filters.json`: realistic filters (`F*`) and 50-term chains (`L*`).
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

/// Loads `filters.json`.
pub fn filter_corpus() -> FilterCorpus {
    parse("filters.json")
}

/// `semantic_probes.json`: filters whose verdict on a resource is known.
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

/// Loads `semantic_probes.json`.
pub fn probe_corpus() -> ProbeCorpus {
    parse("semantic_probes.json")
}
