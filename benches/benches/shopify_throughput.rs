//! Sustained provisioning throughput of the SCIM service over `ShopifyStore`, against the
//! offline Shopify emulator at Standard plan limits (a 2000-point bucket restoring 100
//! points per second, shopify.dev "GraphQL Admin API rate limits").
//!
//! For each SCIM operation an identity provider sends while provisioning (create, PUT with a
//! name change, PATCH `active: false` in Okta's shape, group member add) the bench runs a
//! concurrent load of `SCIM_BENCH_CONCURRENCY` requests in flight (default 6), first until
//! the bucket's burst is spent, then over a steady window of `SCIM_BENCH_WINDOW_SECS` seconds
//! (default 25). It prints a markdown table: operations per second, the rate-limit bound
//! (restore rate ÷ the actual cost points of one operation, since the bucket is refunded down
//! to the actual cost and the requested cost only gates admission), throughput as a share of
//! the bound, GraphQL calls and requested/actual cost points per operation (from the
//! emulator's `Stats`), p50/p99 latency and failed operations.
//!
//! ```sh
//! cargo bench -p scim-benches --bench shopify_throughput
//! SCIM_BENCH_WINDOW_SECS=5 cargo bench -p scim-benches --bench shopify_throughput
//! ```
//!
//! Rate-limit bound: other work on the machine matters little, as long as the service and
//! emulator keep up with about ten requests per second.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use scim_benches::env_or;
use scim_conformance::{Answer, Client, okta_user};
use scim_shopify::client::operations::{CustomerById, CustomerByIdVariables};
use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator, Stats};
use serde_json::{Value, json};

const SHOP_TOKEN: &str = "shpat_bench";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PLAN: Plan = Plan::Standard;
/// The burst is spent when the bucket holds less than this (a few operations' requested
/// cost: the client keeps about that much for the requests it has in flight).
const DRAINED: f64 = 300.0;

/// One SCIM request of an operation type: the `n`th of the run.
type Request = Arc<dyn Fn(Client, usize) -> futures_like::BoxFuture<Answer> + Send + Sync>;

mod futures_like {
    pub type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>;
}

/// What one steady window measured.
struct Measured {
    name: &'static str,
    /// Operations that succeeded in the window.
    ops: usize,
    failed: usize,
    window: Duration,
    latencies: Vec<Duration>,
    stats: Stats,
    note: String,
}

struct Load {
    client: Client,
    /// A second API client on the same shop, to read the bucket.
    probe: ShopifyClient,
    emulator: Arc<RunningEmulator>,
    concurrency: usize,
    window: Duration,
}

impl Load {
    /// The points the shop's bucket holds, from a cheap lookup's `throttleStatus` (requested
    /// 10 points, charged 1).
    async fn bucket_level(&self) -> f64 {
        let answer = self
            .probe
            .execute::<CustomerById>(&CustomerByIdVariables {
                id: "gid://shopify/Customer/0".into(),
                metafield_namespace: None,
            })
            .await;
        answer
            .ok()
            .and_then(|a| a.cost)
            .map_or(0.0, |c| c.throttle_status.currently_available)
    }

    /// Runs `request` with `concurrency` in flight: until the burst is spent (the actual cost
    /// spent exceeds the full bucket plus what it restored meanwhile), then over the window.
    async fn run(&self, name: &'static str, ok: u16, request: Request) -> Measured {
        let counter = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let measuring = Arc::new(AtomicBool::new(false));
        let printed = Arc::new(AtomicUsize::new(0));
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        let mut tasks = Vec::new();
        for _ in 0..self.concurrency {
            let (client, request) = (self.client.clone(), request.clone());
            let (counter, stop, measuring) = (counter.clone(), stop.clone(), measuring.clone());
            let printed = printed.clone();
            let sender = sender.clone();
            tasks.push(tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let started = Instant::now();
                    let answer = request(client.clone(), n).await;
                    let took = started.elapsed();
                    let good = answer.status == ok;
                    if !good && printed.fetch_add(1, Ordering::Relaxed) < 3 {
                        eprintln!("{name} #{n} failed: {} {}", answer.status, answer.body);
                    }
                    // Operations finished inside the window are measured, as the emulator's
                    // stats count the calls answered inside it.
                    if measuring.load(Ordering::Relaxed) {
                        let _ = sender.send((took, good));
                    }
                }
            }));
        }
        drop(sender);
        // Burst: spend what the bucket holds before measuring.
        let burst = Instant::now();
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let left = self.bucket_level().await;
            if left <= DRAINED {
                break;
            }
            if burst.elapsed() > Duration::from_secs(120) {
                eprintln!("{name}: the bucket still holds {left} points after 120 s");
                break;
            }
        }
        let burst = burst.elapsed();
        tokio::time::sleep(Duration::from_secs(1)).await;
        self.emulator.reset_stats();
        measuring.store(true, Ordering::Relaxed);
        let started = Instant::now();
        tokio::time::sleep(self.window).await;
        measuring.store(false, Ordering::Relaxed);
        let window = started.elapsed();
        let stats = self.emulator.stats();
        stop.store(true, Ordering::Relaxed);
        for task in tasks {
            let _ = task.await;
        }
        let mut latencies = Vec::new();
        let mut failed = 0;
        while let Some((took, good)) = receiver.recv().await {
            if good {
                latencies.push(took);
            } else {
                failed += 1;
            }
        }
        latencies.sort();
        Measured {
            name,
            ops: latencies.len(),
            failed,
            window,
            latencies,
            stats,
            note: format!("burst spent in {:.1} s", burst.as_secs_f64()),
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn user(n: usize, given: &str) -> Value {
    let mut user = okta_user(&format!("bench.user{n}@example.com"), given);
    user["externalId"] = json!(format!("00ubench{n}"));
    user
}

fn print_table(rows: &[Measured]) {
    let rate = PLAN.restore_rate();
    println!();
    println!(
        "Standard plan: {} points, +{rate}/s. Bound = {rate} ÷ actual points per operation \
         (the refund leaves the actual cost spent; requested cost only gates admission).",
        PLAN.maximum_available()
    );
    println!();
    println!(
        "| operation | ops/s | bound ops/s | % of bound | GraphQL calls/op | requested pts/op | actual pts/op | bound if requested | p50 | p99 | failed | throttled calls |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for m in rows {
        let ops = m.ops.max(1) as f64;
        let per_second = m.ops as f64 / m.window.as_secs_f64();
        let calls = m.stats.calls() as f64 / ops;
        let requested = m.stats.requested_cost() as f64 / ops;
        let actual = m.stats.actual_cost() as f64 / ops;
        let bound = rate / actual;
        println!(
            "| {} | {per_second:.2} | {bound:.2} | {:.1}% | {calls:.2} | {requested:.1} | {actual:.1} | {:.2} | {:.0} ms | {:.0} ms | {} | {} |",
            m.name,
            100.0 * per_second / bound,
            rate / requested,
            percentile(&m.latencies, 0.50).as_secs_f64() * 1000.0,
            percentile(&m.latencies, 0.99).as_secs_f64() * 1000.0,
            m.failed,
            m.stats.throttled(),
        );
    }
    println!();
    for m in rows {
        let calls: Vec<String> = m
            .stats
            .operations
            .iter()
            .map(|(name, o)| {
                format!(
                    "{name} {}× (requested {}, actual {})",
                    o.calls, o.requested_cost, o.actual_cost
                )
            })
            .collect();
        println!(
            "- {}: {} ops in {:.1} s, {}; {}",
            m.name,
            m.ops,
            m.window.as_secs_f64(),
            m.note,
            calls.join(", ")
        );
    }
}

fn main() {
    let window = Duration::from_secs(env_or("SCIM_BENCH_WINDOW_SECS", 25));
    let concurrency = env_or("SCIM_BENCH_CONCURRENCY", 6) as usize;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, PLAN))
            .await
            .expect("the emulator starts");
        let config = ShopifyConfig::new(
            "bench.myshopify.com",
            Credentials::AccessToken(Secret::new(SHOP_TOKEN)),
        )
        .with_base_url(emulator.base_url());
        let shopify = ShopifyClient::new(config.clone()).expect("a client");
        let probe = ShopifyClient::new(config).expect("a client");
        let store = ShopifyStore::new(shopify, MappingConfig::default(), DeletePolicy::default())
            .expect("a store");
        let client = Client::over(Arc::new(store));
        let load = Load {
            client: client.clone(),
            probe,
            emulator: Arc::new(emulator),
            concurrency,
            window,
        };
        eprintln!(
            "shopify_throughput: {concurrency} in flight, {} s steady window per operation",
            window.as_secs()
        );

        let mut rows = Vec::new();
        let ids = Arc::new(std::sync::Mutex::new(Vec::<(String, usize)>::new()));
        let created = ids.clone();
        let create: Request = Arc::new(move |client, n| {
            let created = created.clone();
            Box::pin(async move {
                let answer = client.post("Users", &user(n, "Bench")).await;
                if answer.status == 201 {
                    created.lock().unwrap().push((answer.id(), n));
                }
                answer
            })
        });
        rows.push(load.run("create (POST /Users)", 201, create).await);
        let created: Vec<(String, usize)> = ids.lock().unwrap().clone();
        let users: Arc<Vec<String>> = Arc::new(created.iter().map(|(id, _)| id.clone()).collect());
        eprintln!("{} users created", users.len());

        // PUT sends the user as created, its given name changed.
        let pool = Arc::new(created);
        let put: Request = Arc::new(move |client, n| {
            let (id, number) = pool[n % pool.len()].clone();
            let body = user(number, &format!("Put{n}"));
            Box::pin(async move { client.put(&format!("Users/{id}"), &body).await })
        });
        rows.push(load.run("PUT /Users/{id} (name)", 200, put).await);

        let wrapped = Arc::new(AtomicBool::new(false));
        let pool = users.clone();
        let flag = wrapped.clone();
        let patch: Request = Arc::new(move |client, n| {
            let id = pool[n % pool.len()].clone();
            // Past the pool, alternate true/false so each PATCH still changes the user.
            let active = (n / pool.len()) % 2 == 1;
            if active {
                flag.store(true, Ordering::Relaxed);
            }
            let body = json!({"schemas": [PATCH_OP],
                "Operations": [{"op": "replace", "value": {"active": active}}]});
            Box::pin(async move { client.patch(&format!("Users/{id}"), &body).await })
        });
        let mut measured = load.run("PATCH active false (Okta)", 200, patch).await;
        if wrapped.load(Ordering::Relaxed) {
            measured.note += "; the user pool wrapped, some PATCHes set active true";
        }
        rows.push(measured);

        match group_member_add(&load, &users).await {
            Ok(measured) => rows.push(measured),
            Err(reason) => println!("group member add skipped: {reason}"),
        }
        print_table(&rows);
    });
}

/// PATCH /Groups/{id} adding one member per request; an error names why it cannot run.
async fn group_member_add(load: &Load, users: &Arc<Vec<String>>) -> Result<Measured, String> {
    let group = load
        .client
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Bench group"}),
        )
        .await;
    if group.status == 501 {
        return Err(format!(
            "POST /Groups answered 501 (Groups are not provisioned to Shopify yet): {}",
            group.body
        ));
    }
    if group.status != 201 {
        return Err(format!(
            "POST /Groups answered {}: {}",
            group.status, group.body
        ));
    }
    let group_id = group.id();
    let pool = users.clone();
    let add: Request = Arc::new(move |client, n| {
        let member = pool[n % pool.len()].clone();
        let path = format!("Groups/{group_id}");
        let body = json!({"schemas": [PATCH_OP],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": member}]}]});
        Box::pin(async move { client.patch(&path, &body).await })
    });
    let status_ok = 200;
    Ok(load
        .run("PATCH /Groups/{id} add member", status_ok, add)
        .await)
}
