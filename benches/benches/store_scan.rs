//! One filtered list that must try every one of 10,000 users (`userName sw "x"`, which no
//! user matches), run a given number of times without criterion, for counting instructions
//! under callgrind, whose counts repeat where wall-clock times swing:
//!
//! ```text
//! cargo bench -p scim-benches --bench store_scan --no-run   # prints the executable
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/store_scan-… 0
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/store_scan-… 10
//! ```
//!
//! The difference of the two totals over 10 is the cost of one scan; the run with 0 scans
//! counts the setup alone. `cargo bench` runs it once, as a smoke test.

use std::future::Future;
use std::task::{Context, Poll, Waker};

// Links the crate, and with it the `mimalloc` feature's global allocator.
use scim_benches as _;

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

fn main() {
    // `cargo bench` passes `--bench`; the first plain number is the count of scans.
    let scans: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(1);
    let registry = SchemaRegistry::rfc7643();
    let users = registry.view("User").unwrap();
    let store = InMemoryStore::new();
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
        block_on(store.create(&users, user)).unwrap();
    }
    let pairs = decode_query_string("filter=userName+sw+%22x%22").unwrap();
    let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT).unwrap();
    let mut found = 0;
    for _ in 0..scans {
        found += block_on(store.list(&users, std::hint::black_box(&query)))
            .unwrap()
            .total_results;
    }
    println!("{scans} scans of {USERS} users, {found} matches");
}
