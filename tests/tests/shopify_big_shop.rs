//! A big shop: 20,000 customers the merchant already had, most of them not SCIM's. What
//! identity providers send before a create and during an import must be answered in a
//! bounded number of calls, whatever the shop's size, and a filter Shopify cannot narrow is
//! refused at once (400 `tooMany`) instead of draining the shop's API budget. Offline, over
//! the emulator, on a Plus plan's bucket (the numbers of calls are what is asserted).

use scim_conformance::shop::{self, take_calls};
use scim_conformance::{Client, entra_user, okta_user};
use scim_shopify::store::DeletePolicy;
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use serde_json::Value;

const SHOP_TOKEN: &str = "shpat_big_shop";
const MERCHANT_CUSTOMERS: usize = 20_000;

async fn big_shop() -> (RunningEmulator, Client) {
    let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Plus))
        .await
        .expect("the emulator starts");
    let client = shop::set_up_store(&emulator, SHOP_TOKEN, DeletePolicy::default()).await;
    assert_eq!(
        emulator
            .seed_customers(SHOP_TOKEN, MERCHANT_CUSTOMERS)
            .len(),
        MERCHANT_CUSTOMERS
    );
    (emulator, client)
}

/// The GraphQL calls of the last step, all operations together.
fn calls(emulator: &RunningEmulator) -> u64 {
    take_calls(emulator).iter().map(|(_, calls)| calls).sum()
}

async fn total(client: &Client, query: &str) -> Value {
    let found = client.get(&format!("Users?{query}")).await;
    assert_eq!(found.status, 200, "{query}: {}", found.body);
    found.body["totalResults"].clone()
}

/// Okta's pre-create check (`userName eq`, a plain name or an address) and Entra ID's
/// (`externalId eq`, then `userName eq`), and a lookup of the primary email: one call
/// each, hit or miss, among 20,000 customers (RFC 7644 §3.4.2.2).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pre_create_checks_are_one_lookup_each() {
    let (emulator, client) = big_shop().await;
    let okta = client
        .post("Users", &okta_user("jdoe@example.com", "J"))
        .await;
    assert_eq!(okta.status, 201, "{}", okta.body);
    let entra = client
        .post("Users", &entra_user("ada@contoso.com", "ext-ada"))
        .await;
    assert_eq!(entra.status, 201, "{}", entra.body);
    take_calls(&emulator);

    for (query, expected) in [
        ("filter=userName%20eq%20%22JDOE%40example.com%22", 1),
        ("filter=userName%20eq%20%22jdoe%22", 0),
        ("filter=userName%20eq%20%22nobody%40example.com%22", 0),
        ("filter=externalId%20eq%20%22ext-ada%22", 1),
        ("filter=externalId%20eq%20%22ext-nobody%22", 0),
        ("filter=emails%5Bvalue%20eq%20%22ada%40contoso.com%22%5D", 1),
        ("filter=emails.value%20eq%20%22ADA%40contoso.com%22", 1),
        ("filter=id%20eq%20%22123%22", 0),
        // A merchant's own customer is found by its email too.
        ("filter=userName%20eq%20%22customer1%40seed.example%22", 1),
    ] {
        assert_eq!(total(&client, query).await, expected, "{query}");
        let spent = calls(&emulator);
        assert!(spent <= 2, "{query}: {spent} calls");
    }
}

/// An import's pages (RFC 7644 §3.4.2.4 `startIndex`, RFC 9865 cursors) cost a bounded
/// number of calls each, near the start and deep in the shop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_pages_cost_a_bounded_number_of_calls() {
    let (emulator, client) = big_shop().await;
    take_calls(&emulator);
    assert_eq!(
        total(&client, "startIndex=1&count=100").await,
        MERCHANT_CUSTOMERS
    );
    let first = calls(&emulator);
    assert!(first <= 4, "the first page: {first} calls");
    assert_eq!(
        total(&client, "startIndex=101&count=100").await,
        MERCHANT_CUSTOMERS
    );
    let next = calls(&emulator);
    assert!(next <= 3, "the next page: {next} calls");

    let page = client.get("Users?cursor&count=100").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let cursor = page.body["nextCursor"]
        .as_str()
        .expect("a next cursor")
        .to_owned();
    take_calls(&emulator);
    let page = client
        .get(&format!("Users?cursor={cursor}&count=100"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.body["Resources"].as_array().unwrap().len(), 100);
    let by_cursor = calls(&emulator);
    assert!(by_cursor <= 3, "a page by cursor: {by_cursor} calls");
}

/// A filter or a sort Shopify cannot narrow (`active eq true`, `sortBy=userName`) is 400
/// `tooMany` once the list's budget (2000 points) would be passed: a few calls, never the
/// shop's whole customers, and the answer says what to send instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unnarrowable_lists_are_refused_within_their_budget() {
    let (emulator, client) = big_shop().await;
    take_calls(&emulator);
    for query in [
        "filter=active%20eq%20true",
        "sortBy=userName",
        "filter=title%20co%20%22x%22",
    ] {
        emulator.reset_stats();
        let refused = client.get(&format!("Users?{query}")).await;
        assert_eq!(refused.status, 400, "{query}: {}", refused.body);
        assert_eq!(refused.scim_type(), Some("tooMany"));
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap()
                .contains("userName"),
            "{}",
            refused.body
        );
        let stats = emulator.stats();
        assert!(
            stats.requested_cost() <= 2000,
            "{query}: {}",
            stats.requested_cost()
        );
        assert!(stats.calls() <= 4, "{query}: {} calls", stats.calls());
    }
}
