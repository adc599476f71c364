//! scim-core resource speed on the benchmark corpus (`scim_conformance::corpus`), with the metrics of `peers.md`:
//! deserialize + validate a creation request and the full enterprise user (text to the
//! validated resource, and on to the typed `User`, generically or with the typed fast path
//! `User::from_json_str`), and serialize the full user back.
//!
//! `cargo bench -p scim-benches --bench resource`

use std::hint::black_box;

// Links the crate, and with it the `mimalloc` feature's global allocator.
use scim_benches as _;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scim_conformance::corpus;
use scim_core::resource::{Resource, User, Write, validate};
use scim_core::schema::SchemaRegistry;
use serde_json::Value;

fn deserialize_validate(c: &mut Criterion) {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").expect("built-in User type");
    let mut group = c.benchmark_group("resource");
    group.throughput(Throughput::Elements(1));
    for (id, file) in [
        ("create_request", "user_create_request.json"),
        ("full_user", "user_full.json"),
    ] {
        let text = corpus::text(file);
        group.bench_function(format!("{id}/deserialize_validate"), |b| {
            b.iter(|| {
                let json: Value = serde_json::from_str(black_box(text)).expect("corpus is JSON");
                validate(&view, json, Write::Create).expect("corpus validates")
            })
        });
        group.bench_function(format!("{id}/deserialize_validate_typed"), |b| {
            b.iter(|| {
                let json: Value = serde_json::from_str(black_box(text)).expect("corpus is JSON");
                let resource = validate(&view, json, Write::Create).expect("corpus validates");
                User::try_from(resource).expect("a valid user reads as a User")
            })
        });
        group.bench_function(format!("{id}/typed_fast"), |b| {
            b.iter(|| User::from_json_str(black_box(text), &view).expect("corpus validates"))
        });
        group.bench_function(format!("{id}/deserialize_only"), |b| {
            b.iter(|| serde_json::from_str::<Value>(black_box(text)).expect("corpus is JSON"))
        });
    }
    let full: Resource =
        Resource::from_json(serde_json::from_str(corpus::text("user_full.json")).unwrap()).unwrap();
    group.bench_function("full_user/serialize", |b| {
        b.iter(|| serde_json::to_string(black_box(&full)).expect("serializes"))
    });
    group.finish();
}

criterion_group!(benches, deserialize_validate);
criterion_main!(benches);
