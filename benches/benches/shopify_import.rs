//! An identity provider's full import of a shop's customers through the SCIM service over
//! `ShopifyStore`, against the offline Shopify emulator at Standard plan limits (a
//! 2000-point bucket restoring 100 points per second, shopify.dev "GraphQL Admin API rate
//! limits"): `GET /Users?startIndex=1&count=100`, 101, 201… as Okta imports, then the same
//! walk by RFC 9865 cursors, each on a fresh store over a shop of `SCIM_BENCH_CUSTOMERS`
//! customers (default 2000) the merchant already had.
//!
//! It prints a markdown table: customers per second, the rate-limit bound (the restore rate
//! over the actual cost points the walk spent past the first bucketful), the share of the
//! bound, GraphQL calls and requested/actual cost points per page (from the emulator's
//! `Stats`), and whether every customer was listed once.
//!
//! ```sh
//! cargo bench -p scim-benches --bench shopify_import
//! SCIM_BENCH_CUSTOMERS=1000 cargo bench -p scim-benches --bench shopify_import
//! ```

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use scim_conformance::Client;
use scim_conformance::shop;
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator, Stats};
use serde_json::Value;

const SHOP_TOKEN: &str = "shpat_import";
const PLAN: Plan = Plan::Standard;
const PAGE: usize = 100;

/// What one walk measured.
struct Walk {
    name: &'static str,
    pages: usize,
    listed: Vec<String>,
    took: Duration,
    stats: Stats,
}

fn ids(page: &Value) -> Vec<String> {
    page["Resources"]
        .as_array()
        .map(|resources| {
            resources
                .iter()
                .filter_map(|r| r["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn fresh_client(emulator: &RunningEmulator) -> Client {
    let store = ShopifyStore::new(
        shop::client(emulator, SHOP_TOKEN),
        MappingConfig::default(),
        DeletePolicy::default(),
    )
    .expect("a store");
    Client::over(Arc::new(store))
}

/// Okta's import: `startIndex` 1, 101, 201… until past `totalResults`.
async fn by_index(client: &Client) -> (usize, Vec<String>) {
    let (mut listed, mut start, mut pages) = (Vec::new(), 1, 0);
    loop {
        let page = client
            .get(&format!("Users?startIndex={start}&count={PAGE}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        pages += 1;
        listed.extend(ids(&page.body));
        let total = page.body["totalResults"].as_u64().unwrap_or(0) as usize;
        start += PAGE;
        if start > total {
            return (pages, listed);
        }
    }
}

/// RFC 9865: `cursor`, then each `nextCursor` until there is none.
async fn by_cursor(client: &Client) -> (usize, Vec<String>) {
    let (mut listed, mut cursor, mut pages) = (Vec::new(), String::new(), 0);
    loop {
        let page = client
            .get(&format!("Users?cursor={cursor}&count={PAGE}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        pages += 1;
        listed.extend(ids(&page.body));
        match page.body["nextCursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => return (pages, listed),
        }
    }
}

/// Waits until the shop's bucket is full again, so each walk starts from the same burst.
async fn refill() {
    let full = PLAN.maximum_available() / PLAN.restore_rate();
    tokio::time::sleep(Duration::from_secs_f64(full + 1.0)).await;
}

fn row(walk: &Walk, customers: usize) -> String {
    let stats = &walk.stats;
    let pages = walk.pages.max(1) as f64;
    let secs = walk.took.as_secs_f64();
    let rate = walk.listed.len() as f64 / secs;
    // The first bucketful is spent at once; the rest at the restore rate.
    let paced = (stats.actual_cost() as f64 - PLAN.maximum_available()).max(0.0);
    let bound_secs = paced / PLAN.restore_rate();
    let bound = if bound_secs > 0.0 {
        customers as f64 / bound_secs
    } else {
        f64::INFINITY
    };
    let unique = walk.listed.iter().collect::<HashSet<_>>().len();
    let calls: Vec<String> = stats
        .operations
        .iter()
        .map(|(name, op)| format!("{name} {}", op.calls))
        .collect();
    format!(
        "| {} | {} | {} | {:.1} s | {:.1} | {:.1} | {:.1}% | {:.2} | {:.0} | {:.0} | {} | {} |",
        walk.name,
        walk.pages,
        walk.listed.len(),
        secs,
        rate,
        bound,
        100.0 * rate / bound,
        stats.calls() as f64 / pages,
        stats.requested_cost() as f64 / pages,
        stats.actual_cost() as f64 / pages,
        calls.join(", "),
        if unique == customers && walk.listed.len() == customers {
            "yes"
        } else {
            "NO"
        },
    )
}

fn main() {
    let customers = scim_benches::env_or("SCIM_BENCH_CUSTOMERS", 2000) as usize;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, PLAN))
            .await
            .expect("the emulator starts");
        let seeded = emulator.seed_customers(SHOP_TOKEN, customers);
        assert_eq!(seeded.len(), customers);
        let mut walks = Vec::new();
        for (name, walk) in [("startIndex", true), ("RFC 9865 cursor", false)] {
            refill().await;
            let client = fresh_client(&emulator);
            emulator.reset_stats();
            let started = Instant::now();
            let (pages, listed) = if walk {
                by_index(&client).await
            } else {
                by_cursor(&client).await
            };
            walks.push(Walk {
                name,
                pages,
                listed,
                took: started.elapsed(),
                stats: emulator.stats(),
            });
        }
        println!(
            "\nFull import of {customers} customers, {PAGE} a page, Standard plan \
             ({} points, {} restored a second)\n",
            PLAN.maximum_available(),
            PLAN.restore_rate()
        );
        println!(
            "| walk | pages | listed | time | customers/s | bound | % of bound | calls/page | requested pts/page | actual pts/page | calls | each once |"
        );
        println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for walk in &walks {
            println!("{}", row(walk, customers));
        }
        emulator.stop().await;
    });
}
