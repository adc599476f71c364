//! Lists of a shop with more customers than the store examines in memory
//! ([`DEFAULT_LIST_CAP`]), through the whole service over a `ShopifyStore` on the offline
//! Shopify emulator: an identity provider's full import by `startIndex` (RFC 7644
//! §3.4.2.4, as Okta's import pages), RFC 9865 cursors passed straight through from
//! Shopify, and the same for Groups.

use std::collections::HashSet;
use std::sync::Arc;

use scim_conformance::shop;
use scim_conformance::{Client, okta_user};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DEFAULT_LIST_CAP, DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use serde_json::{Value, json};

const SHOP_TOKEN: &str = "shpat_pagination";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// Customers the merchant already had, made straight in Shopify (not through SCIM).
const MERCHANT_CUSTOMERS: usize = DEFAULT_LIST_CAP + 150;

struct Shop {
    emulator: RunningEmulator,
}

impl Shop {
    async fn start() -> Shop {
        let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Plus))
            .await
            .expect("the emulator starts");
        Shop { emulator }
    }

    /// A SCIM client of a fresh service and store over the shop (nothing remembered).
    fn scim(&self) -> Client {
        self.scim_with(|store| store)
    }

    fn scim_with(&self, configure: impl FnOnce(ShopifyStore) -> ShopifyStore) -> Client {
        let store = ShopifyStore::new(
            shop::client(&self.emulator, SHOP_TOKEN),
            MappingConfig::default(),
            DeletePolicy::default(),
        )
        .expect("a store");
        Client::over(Arc::new(configure(store)))
    }

    /// Adds `count` customers the merchant already had (made outside SCIM).
    fn seed_customers(&self, count: usize) {
        assert_eq!(self.emulator.seed_customers(SHOP_TOKEN, count).len(), count);
    }

    fn calls(&self, operation: &str) -> u64 {
        self.emulator
            .stats()
            .operations
            .get(operation)
            .map_or(0, |o| o.calls)
    }
}

fn ids(page: &Value) -> Vec<String> {
    page["Resources"]
        .as_array()
        .unwrap_or_else(|| panic!("no Resources: {page}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Every User, by Okta's import: `startIndex` 1, 101, 201… until past `totalResults`.
async fn import_by_index(scim: &Client, count: usize) -> (usize, Vec<String>) {
    let (mut seen, mut start) = (Vec::new(), 1);
    loop {
        let page = scim
            .get(&format!("Users?startIndex={start}&count={count}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body["startIndex"], start);
        let total = page.body["totalResults"].as_u64().unwrap() as usize;
        let got = ids(&page.body);
        assert_eq!(page.body["itemsPerPage"], got.len());
        seen.extend(got);
        start += count;
        if start > total {
            return (total, seen);
        }
    }
}

/// RFC 7644 §3.4.2.4 (index pagination), as Okta imports: a shop with more customers than
/// the store reads in memory is listed whole, each customer once, in one window a page
/// after the first; deleted Users (RFC 7644 §3.6) are left out and not counted.
#[tokio::test]
async fn okta_imports_a_shop_past_the_list_cap_by_start_index() {
    let shop = Shop::start().await;
    shop.seed_customers(MERCHANT_CUSTOMERS);
    let scim = shop.scim();
    let mut provisioned = Vec::new();
    for n in 0..5 {
        let created = scim
            .post("Users", &okta_user(&format!("okta{n}@okta.local"), "Okta"))
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        provisioned.push(created.id());
    }
    for deleted in &provisioned[..2] {
        assert_eq!(scim.delete(&format!("Users/{deleted}")).await.status, 204);
    }
    let live = MERCHANT_CUSTOMERS + 3;

    shop.emulator.reset_stats();
    let (total, seen) = import_by_index(&scim, 100).await;
    assert_eq!(total, live);
    assert_eq!(seen.len(), live);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        live,
        "a User twice"
    );
    for deleted in &provisioned[..2] {
        assert!(!seen.contains(deleted), "deleted User {deleted} listed");
    }
    assert_eq!(seen[live - 3..], provisioned[2..], "id order, SCIM's last");
    // Counted once (customers, and the deleted ones' ids); every page is one window of
    // 100 customers, two calls under the 1000-point cap; no id walk, since each page
    // starts where the last ended.
    let pages = live.div_ceil(100) as u64;
    assert_eq!(shop.calls("CustomersCount"), 1);
    assert_eq!(shop.calls("CustomerIds"), 1);
    assert_eq!(shop.calls("CustomerWindow"), 2 * pages - 1);

    // A page far in, asked of a store that remembers nothing, is reached by reading ids
    // (250 a call) and agrees with the walk.
    let fresh = shop.scim();
    shop.emulator.reset_stats();
    let page = fresh.get("Users?startIndex=1001&count=5").await;
    assert_eq!(ids(&page.body), seen[1000..1005]);
    assert_eq!(page.body["totalResults"], live);
    assert_eq!(
        shop.calls("CustomerIds"),
        1 + 4,
        "{:?}",
        shop.emulator.stats()
    );
    // Past the end: an empty page with the total.
    let past = fresh
        .get(&format!("Users?startIndex={}&count=5", live + 1))
        .await;
    assert_eq!(past.status, 200, "{}", past.body);
    assert_eq!(past.body["totalResults"], live);
    assert_eq!(past.body["itemsPerPage"], 0);
    // count=0 asks for the total alone (RFC 7644 §3.4.2.4).
    let counted = fresh.get("Users?count=0").await;
    assert_eq!(counted.body["totalResults"], live);
    assert_eq!(counted.body["itemsPerPage"], 0);
}

/// RFC 9865 §2: cursor pages of a shop past the list cap carry Shopify's cursors: every
/// customer once forwards, `previousCursor` gives the page before exactly, and a cursor of
/// another query or a damaged one is 400 `invalidCursor`.
#[tokio::test]
async fn rfc9865_cursors_pass_shopify_cursors_through() {
    let shop = Shop::start().await;
    shop.seed_customers(MERCHANT_CUSTOMERS);
    let scim = shop.scim();

    let mut pages: Vec<Value> = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = scim.get(&format!("Users?cursor={cursor}&count=250")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body["totalResults"], MERCHANT_CUSTOMERS);
        assert!(page.body.get("startIndex").is_none(), "{}", page.body);
        let next = page.body["nextCursor"].as_str().map(str::to_owned);
        pages.push(page.body);
        match next {
            Some(next) => cursor = next,
            None => break,
        }
    }
    assert_eq!(pages.len(), MERCHANT_CUSTOMERS.div_ceil(250));
    let all: Vec<String> = pages.iter().flat_map(ids).collect();
    assert_eq!(all.len(), MERCHANT_CUSTOMERS);
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), MERCHANT_CUSTOMERS);
    assert!(pages[0].get("previousCursor").is_none());
    for cursor in pages.iter().filter_map(|p| p["nextCursor"].as_str()) {
        assert!(
            cursor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)),
            "{cursor}"
        );
    }

    // Backwards from the third page: the second, exactly.
    let previous = pages[2]["previousCursor"]
        .as_str()
        .expect("a previousCursor");
    let back = scim
        .get(&format!("Users?cursor={previous}&count=250"))
        .await;
    assert_eq!(back.status, 200, "{}", back.body);
    assert_eq!(ids(&back.body), ids(&pages[1]));
    assert_eq!(back.body["nextCursor"], pages[1]["nextCursor"]);
    let first = scim
        .get(&format!(
            "Users?cursor={}&count=250",
            back.body["previousCursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(ids(&first.body), ids(&pages[0]));
    assert!(first.body.get("previousCursor").is_none(), "{}", first.body);

    // A cursor belongs to its query (RFC 9865 §2).
    let next = pages[0]["nextCursor"].as_str().unwrap();
    for other in [
        format!("Users?cursor={next}&count=100"),
        format!("Groups?cursor={next}&count=250"),
        format!("Users?cursor={next}&count=250&filter=userName%20eq%20%22a%40b.c%22"),
        format!("Users?cursor={}x&count=250", &next[..next.len() - 1]),
    ] {
        let refused = scim.get(&other).await;
        assert_eq!(refused.status, 400, "{other}: {}", refused.body);
        assert_eq!(refused.scim_type(), Some("invalidCursor"), "{other}");
    }
}

/// Groups in Shopify's order page through `metaobjects(type:)` with the count in the same
/// call: RFC 9865 cursors both ways and `startIndex` (RFC 7644 §3.4.2.4).
#[tokio::test]
async fn group_lists_page_through_metaobject_cursors() {
    let shop = Shop::start().await;
    let scim = shop.scim();
    let empty = scim.get("Groups?cursor&count=10").await;
    assert_eq!(empty.status, 200, "{}", empty.body);
    assert_eq!(empty.body["totalResults"], 0);
    let mut created = Vec::new();
    for n in 0..25 {
        let group = scim
            .post(
                "Groups",
                &json!({"schemas": [GROUP], "displayName": format!("Team {n:02}")}),
            )
            .await;
        assert_eq!(group.status, 201, "{}", group.body);
        created.push(group.id());
    }

    shop.emulator.reset_stats();
    let mut walked = Vec::new();
    let mut pages = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = scim
            .get(&format!(
                "Groups?cursor={cursor}&count=10&excludedAttributes=members"
            ))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body["totalResults"], 25);
        walked.extend(ids(&page.body));
        let next = page.body["nextCursor"].as_str().map(str::to_owned);
        pages.push(page.body);
        match next {
            Some(next) => cursor = next,
            None => break,
        }
    }
    assert_eq!(walked, created);
    assert_eq!(pages.len(), 3);
    assert_eq!(
        shop.calls("GroupWindow"),
        3,
        "one call a page, count included"
    );
    let previous = pages[2]["previousCursor"].as_str().unwrap();
    let back = scim
        .get(&format!(
            "Groups?cursor={previous}&count=10&excludedAttributes=members"
        ))
        .await;
    assert_eq!(ids(&back.body), ids(&pages[1]));

    // The groups before a previousCursor all deleted: an empty page whose nextCursor
    // starts the list again, rather than a dead end.
    let before_second = pages[1]["previousCursor"].as_str().unwrap().to_owned();
    for id in &created[..10] {
        assert_eq!(scim.delete(&format!("Groups/{id}")).await.status, 204);
    }
    let emptied = scim
        .get(&format!(
            "Groups?cursor={before_second}&count=10&excludedAttributes=members"
        ))
        .await;
    assert_eq!(emptied.status, 200, "{}", emptied.body);
    assert_eq!(emptied.body["itemsPerPage"], 0, "{}", emptied.body);
    assert!(
        emptied.body.get("previousCursor").is_none(),
        "{}",
        emptied.body
    );
    let again = scim
        .get(&format!(
            "Groups?cursor={}&count=10&excludedAttributes=members",
            emptied.body["nextCursor"].as_str().expect("a nextCursor")
        ))
        .await;
    assert_eq!(ids(&again.body), created[10..20]);
    let created = created[10..].to_vec();

    let indexed = scim.get("Groups?startIndex=11&count=10").await;
    assert_eq!(indexed.body["totalResults"], 15);
    assert_eq!(ids(&indexed.body), created[10..]);
    let past = scim.get("Groups?startIndex=16&count=10").await;
    assert_eq!(past.body["totalResults"], 15, "{}", past.body);
    assert_eq!(past.body["itemsPerPage"], 0);
}
