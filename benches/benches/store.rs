//! `InMemoryStore` with 10,000 users: what a lookup by `userName` (the index), a page of an
//! unfiltered list (creation order), and a filter that must try every user each cost.
//!
//! `cargo bench -p scim-benches --bench store`

use std::future::Future;
use std::hint::black_box;
use std::task::{Context, Poll, Waker};

// Links the crate, and with it the `mimalloc` feature's global allocator.
use scim_benches as _;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scim_core::query::{ListQuery, QueryLimits, decode_query_string};
use scim_core::resource::{Write, validate};
use scim_core::schema::SchemaRegistry;
use scim_core::store::{InMemoryStore, ResourceStore};
use serde_json::json;

const USERS: usize = 10_000;

/// The store's futures never wait: one poll runs them.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn list(c: &mut Criterion) {
    let registry = SchemaRegistry::rfc7643();
    let users = registry.view("User").unwrap();
    let store = InMemoryStore::new();
    let mut ids = Vec::with_capacity(USERS);
    for n in 0..USERS {
        let user = validate(
            &users,
            json!({
                "userName": format!("user{n:05}@example.com"),
                "name": {"givenName": "User", "familyName": format!("Number {n}")},
                "emails": [{"value": format!("user{n:05}@example.com"), "type": "work"}],
                "active": n % 10 != 0,
            }),
            Write::Create,
        )
        .unwrap();
        ids.push(
            block_on(store.create(&users, user))
                .unwrap()
                .id()
                .to_owned(),
        );
    }
    let query = |raw: &str| {
        let pairs = decode_query_string(raw).unwrap();
        ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT).unwrap()
    };

    let mut group = c.benchmark_group("store_memory_10k");
    group.throughput(Throughput::Elements(1));
    group.bench_function("get", |b| {
        b.iter(|| block_on(store.get(&users, black_box(&ids[5_000]))).unwrap())
    });
    for (name, raw) in [
        (
            "list_user_name_eq_index",
            "filter=userName+eq+%22USER05000%40example.com%22",
        ),
        (
            "list_user_name_sw_scan",
            "filter=userName+sw+%22USER05000%40%22",
        ),
        ("list_page_100_at_5001", "startIndex=5001&count=100"),
        (
            "list_filtered_page_100_scan",
            "filter=active+eq+true&startIndex=5001&count=100",
        ),
    ] {
        let query = query(raw);
        group.bench_function(name, |b| {
            b.iter(|| block_on(store.list(&users, black_box(&query))).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, list);
criterion_main!(benches);
