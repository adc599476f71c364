//! scim-filter speed on the benchmark corpus (`scim_conformance::corpus`), with the metrics of
//! `peers.md`: parses per second of each filter (no cache), and evaluations per second of
//! pre-parsed F01, F06, F08 and F09 against `user_full.json`, both one-shot (`matches`,
//! group `filter_eval`) and compiled once outside the loop (`CompiledFilter`, group
//! `filter_eval_compiled`).
//!
//! `cargo bench -p scim-benches --bench filter`, then
//! `cargo run -p scim-benches --bin bench-report` for the table with the F01–F09 mix.

use std::hint::black_box;

// Links the crate, and with it the `mimalloc` feature's global allocator.
use scim_benches as _;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scim_conformance::{corpus, filter_corpus};
use scim_filter::{CompiledFilter, CoreSchemaView, matches, parse_filter};

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_parse");
    group.throughput(Throughput::Elements(1));
    for case in filter_corpus().filters {
        group.bench_function(&case.id, |b| {
            b.iter(|| parse_filter(black_box(&case.filter)).expect("corpus filters parse"))
        });
    }
    group.finish();
}

const EVALUATED: [&str; 4] = [
    "F01_eq",
    "F06_and_or_group",
    "F08_valuepath_and",
    "F09_two_valuepaths",
];

/// One-shot: `matches` plans every comparison on each call.
fn evaluate(c: &mut Criterion) {
    let user = corpus::json("user_full.json");
    let corpus = filter_corpus();
    let mut group = c.benchmark_group("filter_eval");
    group.throughput(Throughput::Elements(1));
    for id in EVALUATED {
        let case = corpus.filters.iter().find(|f| f.id == id).expect(id);
        let filter = parse_filter(&case.filter).expect("corpus filters parse");
        group.bench_function(id, |b| {
            b.iter(|| {
                matches(black_box(&filter), black_box(&user)).expect("corpus filters evaluate")
            })
        });
    }
    group.finish();
}

/// Compiled once against `CoreSchemaView` outside the loop, as a store scanning many
/// resources uses it; only `CompiledFilter::matches_value` is timed.
fn evaluate_compiled(c: &mut Criterion) {
    let user = corpus::json("user_full.json");
    let corpus = filter_corpus();
    let mut group = c.benchmark_group("filter_eval_compiled");
    group.throughput(Throughput::Elements(1));
    for id in EVALUATED {
        let case = corpus.filters.iter().find(|f| f.id == id).expect(id);
        let filter = parse_filter(&case.filter).expect("corpus filters parse");
        let compiled =
            CompiledFilter::new(&filter, &CoreSchemaView).expect("corpus filters compile");
        group.bench_function(id, |b| {
            b.iter(|| {
                black_box(&compiled)
                    .matches_value(black_box(&user))
                    .expect("corpus filters evaluate")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse, evaluate, evaluate_compiled);
criterion_main!(benches);
