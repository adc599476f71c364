//! scim-core PATCH speed on the benchmark corpus (`scim_conformance::corpus`), with the metric of
//! `peers.md`: bodies applied per second, each to a fresh deep copy of `user_full.json`
//! (the user is parsed once; each iteration clones it, applies the body and drops the
//! result), and the copy alone as "copy only". Each body is parsed once, outside the timed
//! loop, as the peers' metric counts applying, not parsing; `patch_parse_apply` adds the
//! parse of P8's JSON text for reference.
//!
//! `cargo bench -p scim-benches --bench patch`, then
//! `cargo run -p scim-benches --bin bench-report` for the table.

use std::hint::black_box;

// Links the crate, and with it the `mimalloc` feature's global allocator.
use scim_benches as _;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scim_conformance::corpus;
use scim_core::patch::{PatchRequest, apply};
use scim_core::resource::Resource;
use scim_core::schema::SchemaRegistry;

fn user_full() -> Resource {
    Resource::from_json(corpus::json("user_full.json")).expect("user_full.json is an object")
}

/// The bodies of `patches.json`, by id, as JSON.
fn bodies() -> Vec<(String, serde_json::Value)> {
    let file = corpus::json("patches.json");
    file["patches"]
        .as_array()
        .expect("`patches` is an array")
        .iter()
        .map(|patch| {
            let id = patch["id"].as_str().expect("each patch has an id");
            (id.to_owned(), patch["body"].clone())
        })
        .collect()
}

fn patch(c: &mut Criterion) {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").expect("the User type");
    let user = user_full();
    let mut group = c.benchmark_group("patch");
    group.throughput(Throughput::Elements(1));
    group.bench_function("copy only", |b| b.iter(|| black_box(&user).clone()));
    for (id, body) in bodies() {
        let request = PatchRequest::from_json(body).expect("corpus bodies parse");
        group.bench_function(&id, |b| {
            b.iter(|| {
                apply(&view, black_box(&request), black_box(&user).clone())
                    .expect("corpus bodies apply")
            })
        });
    }
    group.finish();
}

fn parse_and_patch(c: &mut Criterion) {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").expect("the User type");
    let user = user_full();
    let (id, body) = bodies()
        .into_iter()
        .find(|(id, _)| id.starts_with("P8"))
        .expect("P8 in the corpus");
    let text = serde_json::to_vec(&body).expect("serialisable");
    let mut group = c.benchmark_group("patch_parse_apply");
    group.throughput(Throughput::Elements(1));
    group.bench_function(&id, |b| {
        b.iter(|| {
            let request = PatchRequest::from_slice(black_box(&text)).expect("P8 parses");
            apply(&view, &request, black_box(&user).clone()).expect("P8 applies")
        })
    });
    group.finish();
}

criterion_group!(benches, patch, parse_and_patch);
criterion_main!(benches);
