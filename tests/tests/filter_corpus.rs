//! The shared benchmark corpus through scim-filter: every filter parses and prints back to
//! itself, and every semantic probe gets its expected verdict, one-shot and compiled.

use scim_conformance::{corpus, filter_corpus, probe_corpus};
use scim_filter::{CompiledFilter, CoreSchemaView, Filter, matches, parse_filter};

#[test]
fn every_corpus_filter_parses_and_round_trips() {
    let corpus = filter_corpus();
    assert!(
        corpus.filters.len() >= 12,
        "the corpus shrank: {}",
        corpus.filters.len()
    );
    for case in &corpus.filters {
        let filter = parse_filter(&case.filter).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        let canonical = filter.to_string();
        let again =
            parse_filter(&canonical).unwrap_or_else(|e| panic!("{}: {canonical}: {e}", case.id));
        assert_eq!(
            again, filter,
            "{}: canonical form changed the tree",
            case.id
        );
        assert_eq!(
            again.to_string(),
            canonical,
            "{}: printing is not idempotent",
            case.id
        );
    }
}

#[test]
fn fifty_term_chains_are_shallow_trees_with_rfc_precedence() {
    let corpus = filter_corpus();
    let chain = |id: &str| {
        let case = corpus.filters.iter().find(|f| f.id == id).expect(id);
        parse_filter(&case.filter).unwrap().into_owned()
    };
    let Filter::Or(terms) = chain("L50_or_chain") else {
        panic!("L50_or_chain is not an or")
    };
    assert_eq!(terms.len(), 50);
    assert!(terms.iter().all(|t| matches!(t, Filter::Compare { .. })));

    // `a and b or c and d ...`: 25 `and` pairs under one `or` (RFC 7644 §3.4.2.2, Table 4).
    let Filter::Or(pairs) = chain("L50_and_or_mixed") else {
        panic!("L50_and_or_mixed is not an or")
    };
    assert_eq!(pairs.len(), 25);
    assert!(
        pairs
            .iter()
            .all(|p| matches!(p, Filter::And(t) if t.len() == 2))
    );
}

#[test]
fn every_semantic_probe_returns_its_expectation() {
    let corpus = probe_corpus();
    assert_eq!(corpus.probes.len(), 8);
    for probe in &corpus.probes {
        let filter = parse_filter(&probe.filter).unwrap_or_else(|e| panic!("{}: {e}", probe.id));
        let verdict =
            matches(&filter, &probe.resource).unwrap_or_else(|e| panic!("{}: {e}", probe.id));
        assert_eq!(verdict, probe.expect, "{}: {}", probe.id, probe.why);
        let compiled = CompiledFilter::new(&filter, &CoreSchemaView)
            .and_then(|compiled| compiled.matches_value(&probe.resource))
            .unwrap_or_else(|e| panic!("{} (compiled): {e}", probe.id));
        assert_eq!(
            compiled, probe.expect,
            "{} (compiled): {}",
            probe.id, probe.why
        );
    }
}

#[test]
fn benchmark_filters_give_the_documented_verdicts_on_the_full_user() {
    // peers.md: F01, F06, F08, F09 against user_full.json are false, false, true, true.
    let user = corpus::json("user_full.json");
    let corpus = filter_corpus();
    for (id, expected) in [
        ("F01_eq", false),
        ("F06_and_or_group", false),
        ("F08_valuepath_and", true),
        ("F09_two_valuepaths", true),
    ] {
        let case = corpus.filters.iter().find(|f| f.id == id).expect(id);
        let filter = parse_filter(&case.filter).unwrap();
        assert_eq!(matches(&filter, &user).unwrap(), expected, "{id}");
        let compiled = CompiledFilter::new(&filter, &CoreSchemaView).unwrap();
        assert_eq!(
            compiled.matches_value(&user).unwrap(),
            expected,
            "{id} (compiled)"
        );
    }
}
