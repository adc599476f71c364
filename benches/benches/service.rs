//! The protocol service in process: requests built as a server would hand them over, sent
//! through `ScimService::handle` with a real `Authorization: Bearer` header, so tenant
//! lookup, authentication, routing, query decoding, JSON parsing, validation, the store,
//! projection and serialization are all in the figure. Only the socket and HTTP framing are
//! not (the load test in `benches/load/` measures those).
//!
//! Each request is measured against an `InMemoryStore` holding 10k users and one holding
//! 100k (functions `10k` and `100k` of group `service_<request>`), realistic ones from
//! [`scim_benches::user`], stored through `ResourceStore::create`. A figure that is the same
//! at both sizes costs what the request asks for, not what the store holds:
//!
//! - `get_by_id`: `GET /Users/{id}`, a random existing id each time.
//! - `filter_userName_eq`: `GET /Users?filter=userName eq "..."`, a random existing user
//!   (the store's unique index, not a scan).
//! - `page_deep_100`: `GET /Users?startIndex=N&count=100` with the page the last 100 users.
//! - `post`: `POST /Users` of a new user (body serialized beforehand); the users created
//!   within a sample are deleted after it, untimed, so the store keeps its size.
//! - `patch_active`: `PATCH /Users/{id}` replacing `active`, toggled on a random user so
//!   every PATCH writes.
//! - `filter_scan_familyName`: `GET /Users?filter=name.familyName eq "x"`, which matches no
//!   one and must try every user: the contrast, O(n).
//!
//! The store never suspends (nothing in it awaits), so each request is polled once to
//! completion, with no runtime in the figure; [`now`] panics if one ever is not ready.
//!
//! Both stores are built first and each request is measured at 10k then at once at 100k,
//! so the two figures see the same machine. And the measure is the bench thread's CPU time
//! ([`ThreadCpu`]), not wall-clock time: on a shared machine with more runnable threads than
//! cores, wall-clock time counts the time the bench waited for a core, and swings with
//! whatever else runs. CPU time still feels others through the caches, but not through the
//! scheduler.
//!
//! `cargo bench -p scim-benches --bench service` (add `--features mimalloc` to measure with
//! mimalloc), then `cargo run -p scim-benches --bin bench-report` for the table.

use std::future::Future;
use std::hint::black_box;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use cpu_time::ThreadTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use http::{Method, Request, Response};
use scim_core::resource::{Write, validate};
use scim_core::schema::SchemaRegistry;
use scim_core::service::{BearerToken, ScimService, Tenant};
use scim_core::store::{InMemoryStore, ResourceStore};
// With the crate comes the `mimalloc` feature's global allocator.
use scim_benches::user;

const BASE_PATH: &str = "/scim/v2";
const AUTHORIZATION: &str = "Bearer bench-token";
const SIZES: [(usize, &str); 2] = [(10_000, "10k"), (100_000, "100k")];
const PAGE: usize = 100;

/// The output of a future that is ready at its first poll. The in-memory store awaits
/// nothing, so every request completes in one poll; one that does not is a bug here.
fn now<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => {
            panic!("the in-memory service suspended; these benches assume it never does")
        }
    }
}

/// The CPU time of the bench thread (`CLOCK_THREAD_CPUTIME_ID`: user and system time), in
/// nanoseconds, printed as criterion prints wall-clock time.
struct ThreadCpu;

/// Only lends its formatter to [`ThreadCpu`].
static WALL_TIME: WallTime = WallTime;

impl Measurement for ThreadCpu {
    type Intermediate = ThreadTime;
    type Value = Duration;

    fn start(&self) -> ThreadTime {
        ThreadTime::now()
    }
    fn end(&self, started: ThreadTime) -> Duration {
        started.elapsed()
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL_TIME.formatter()
    }
}

/// xorshift64*: random enough to pick users, with no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as usize % bound
    }
}

/// A service over a store of `size` users, and their ids in creation order.
struct Fixture {
    label: &'static str,
    rng: Rng,
    registry: SchemaRegistry,
    store: Arc<InMemoryStore>,
    service: ScimService,
    ids: Vec<String>,
}

impl Fixture {
    fn new(size: usize, label: &'static str) -> Self {
        let started = std::time::Instant::now();
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").expect("the User type");
        let store = Arc::new(InMemoryStore::new());
        let ids = (0..size)
            .map(|n| {
                let resource = validate(&view, user(n), Write::Create).expect("users validate");
                let stored = now(store.create(&view, resource)).expect("userNames are unique");
                stored.id().to_owned()
            })
            .collect();
        let service = ScimService::builder()
            .tenant(
                Tenant::new(BASE_PATH, store.clone())
                    .with_authenticator(BearerToken::new("bench-token"))
                    .with_base_url("https://scim.example.com/scim/v2"),
            )
            .build()
            .expect("one tenant");
        eprintln!("stored {size} users in {:.1?}", started.elapsed());
        Fixture {
            label,
            rng: Rng(0x9e37_79b9_7f4a_7c15),
            registry,
            store,
            service,
            ids,
        }
    }

    /// Sends a request; panics unless it succeeded.
    fn send(&self, method: Method, uri: &str, body: Bytes) -> Response<Bytes> {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("authorization", AUTHORIZATION);
        if !body.is_empty() {
            request = request.header("content-type", "application/scim+json");
        }
        let request = request.body(body).expect("a valid request");
        let response = now(self.service.handle(request));
        assert!(
            response.status().is_success(),
            "{uri}: {} {:?}",
            response.status(),
            response.body()
        );
        response
    }

    fn get(&self, uri: &str) -> Response<Bytes> {
        self.send(Method::GET, uri, Bytes::new())
    }

    fn size(&self) -> usize {
        self.ids.len()
    }

    /// A random user.
    fn pick(&mut self) -> usize {
        let size = self.size();
        self.rng.below(size)
    }
}

/// `GET /Users?filter=...` with the filter percent-encoded as clients send it.
fn filter_uri(filter: &str) -> String {
    let mut uri = format!("{BASE_PATH}/Users?filter=");
    for byte in filter.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

fn total_results(response: &Response<Bytes>) -> u64 {
    let body: serde_json::Value = serde_json::from_slice(response.body()).expect("JSON");
    body["totalResults"].as_u64().expect("a ListResponse")
}

type Group<'c> = BenchmarkGroup<'c, ThreadCpu>;

/// Runs `bench` at each size, one right after the other, in a group of its own.
fn compare(
    c: &mut Criterion<ThreadCpu>,
    fixtures: &mut [Fixture],
    request: &str,
    mut bench: impl FnMut(&mut Group<'_>, &mut Fixture),
) {
    let mut group = c.benchmark_group(format!("service_{request}"));
    group.throughput(Throughput::Elements(1));
    for fixture in fixtures {
        bench(&mut group, fixture);
    }
    group.finish();
}

fn service(c: &mut Criterion<ThreadCpu>) {
    let mut fixtures: Vec<Fixture> = SIZES
        .iter()
        .map(|&(size, label)| Fixture::new(size, label))
        .collect();

    compare(c, &mut fixtures, "get_by_id", |group, fixture| {
        group.bench_function(fixture.label, |b| {
            b.iter(|| {
                let n = fixture.pick();
                fixture.get(&format!("{BASE_PATH}/Users/{}", fixture.ids[n]))
            })
        });
    });

    compare(c, &mut fixtures, "filter_userName_eq", |group, fixture| {
        let probe = fixture.get(&filter_uri(r#"userName eq "USER000042@example.com""#));
        assert_eq!(total_results(&probe), 1, "userName eq finds its user");
        group.bench_function(fixture.label, |b| {
            b.iter(|| {
                let name = scim_benches::user_name(fixture.pick());
                fixture.get(&filter_uri(&format!(r#"userName eq "{name}""#)))
            })
        });
    });

    compare(c, &mut fixtures, "page_deep_100", |group, fixture| {
        let deep = format!(
            "{BASE_PATH}/Users?startIndex={}&count={PAGE}",
            fixture.size() - PAGE + 1
        );
        let probe: serde_json::Value =
            serde_json::from_slice(fixture.get(&deep).body()).expect("JSON");
        assert_eq!(probe["Resources"].as_array().map(Vec::len), Some(PAGE));
        group.bench_function(fixture.label, |b| b.iter(|| fixture.get(black_box(&deep))));
    });

    let mut next = 10_000_000;
    compare(c, &mut fixtures, "post", |group, fixture| {
        let uri = format!("{BASE_PATH}/Users");
        group.bench_function(fixture.label, |b| {
            b.iter_custom(|iters| {
                let bodies: Vec<Bytes> = (0..iters)
                    .map(|_| {
                        next += 1;
                        Bytes::from(user(next).to_string())
                    })
                    .collect();
                let started = ThreadTime::now();
                let created: Vec<Response<Bytes>> = bodies
                    .into_iter()
                    .map(|body| fixture.send(Method::POST, &uri, body))
                    .collect();
                let elapsed = started.elapsed();
                let view = fixture.registry.view("User").expect("the User type");
                for response in created {
                    let location = response.headers()["location"].to_str().expect("text");
                    let id = location.rsplit('/').next().expect("an id");
                    now(fixture.store.delete(&view, id, None)).expect("just created");
                }
                elapsed
            })
        });
        let view = fixture.registry.view("User").expect("the User type");
        assert_eq!(fixture.store.len(&view), fixture.size());
    });

    let to_false = Bytes::from_static(
        br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#,
    );
    let to_true = Bytes::from_static(
        br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}"#,
    );
    compare(c, &mut fixtures, "patch_active", |group, fixture| {
        let mut inactive = vec![false; fixture.size()];
        group.bench_function(fixture.label, |b| {
            b.iter(|| {
                let n = fixture.pick();
                let body = if inactive[n] { &to_true } else { &to_false };
                inactive[n] = !inactive[n];
                let uri = format!("{BASE_PATH}/Users/{}", fixture.ids[n]);
                fixture.send(Method::PATCH, &uri, body.clone())
            })
        });
    });

    let scan = filter_uri(r#"name.familyName eq "x""#);
    compare(
        c,
        &mut fixtures,
        "filter_scan_familyName",
        |group, fixture| {
            assert_eq!(total_results(&fixture.get(&scan)), 0);
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(5));
            group.bench_function(fixture.label, |b| b.iter(|| fixture.get(black_box(&scan))));
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = service
}
criterion_main!(benches);
