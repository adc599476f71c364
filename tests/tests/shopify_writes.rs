//! How many GraphQL calls each SCIM write costs over a `ShopifyStore`, deactivation without
//! a read (Okta and Entra ID PATCH bodies, DELETE), writes Shopify refuses in part, and the
//! recovery of a create whose answer was lost, through the whole service on the offline
//! Shopify emulator.

use std::sync::Arc;
use std::time::Duration;

use http::Method;
use scim_conformance::shop;
use scim_conformance::shop::{customer_in_shop, named, take_calls};
use scim_conformance::{Client, okta_user};
use scim_shopify::client::ShopifyClient;
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use serde_json::{Value, json};

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const SHOP_TOKEN: &str = "shpat_writes";

fn shopify_client(emulator: &RunningEmulator) -> ShopifyClient {
    let mut config = shop::client_config(emulator, SHOP_TOKEN);
    config.request_timeout = Duration::from_millis(300);
    // A request's last attempt reaches Shopify within about a second: a projection left
    // pending longer is made by the next write.
    config.retry.max_elapsed = Duration::from_millis(700);
    ShopifyClient::new(config).expect("a client")
}

async fn shopify() -> (RunningEmulator, Client) {
    let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Plus))
        .await
        .expect("the emulator starts");
    let client = shopify_client(&emulator);
    let store = ShopifyStore::new(client, MappingConfig::default(), DeletePolicy::Deactivate)
        .expect("a store");
    (emulator, Client::over(Arc::new(store)))
}

/// Okta deactivates with a path-less replace of a boolean (Okta "SCIM 2.0 protocol
/// reference", Update a specific user (PATCH)).
fn okta_active(value: bool) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": value}}]})
}

/// Entra ID sends `Replace` and the boolean as a string (Microsoft, "Known issues and
/// resolutions with SCIM 2.0 compliance").
fn entra_active(value: &str) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": [{"op": "Replace", "path": "active", "value": value}]})
}

async fn create(client: &Client, email: &str) -> Value {
    let created = client.post("Users", &okta_user(email, "Test")).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body
}

/// The budget: one GraphQL call for a create and for a deactivation; for PUT and
/// PATCH, a read, the commit (the version token on condition, with the metafields) and the
/// projection (fields and tags): 3 (RFC 7644 §3.3, §3.5.1, §3.5.2, §3.6).
#[tokio::test]
async fn each_scim_write_costs_the_calls_the_benchmark_asks_for() {
    let (emulator, client) = shopify().await;
    let created = create(&client, "calls@example.com").await;
    let id = created["id"].as_str().unwrap().to_owned();
    let user = format!("Users/{id}");
    assert_eq!(take_calls(&emulator), named(&[("CustomerCreate", 1)]));

    let deactivated = client.patch(&user, &okta_active(false)).await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.body);
    assert_eq!(deactivated.body["active"], false);
    assert_eq!(take_calls(&emulator), named(&[("CustomerWrite", 1)]));

    let reactivated = client.patch(&user, &entra_active("True")).await;
    assert_eq!(reactivated.status, 200, "{}", reactivated.body);
    assert_eq!(reactivated.body["active"], true);
    assert_eq!(take_calls(&emulator), named(&[("CustomerWrite", 1)]));

    let mut renamed = created.clone();
    renamed["name"]["givenName"] = json!("Renamed");
    let replaced = client.put(&user, &renamed).await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    assert_eq!(replaced.body["name"]["givenName"], "Renamed");
    assert_eq!(
        take_calls(&emulator),
        named(&[
            ("CustomerById", 1),
            ("CustomerWrite", 1),
            ("MetafieldsSet", 1)
        ])
    );

    let field = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "name.familyName", "value": "Patched"}
    ]});
    let patched = client.patch(&user, &field).await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["name"]["familyName"], "Patched");
    assert_eq!(
        take_calls(&emulator),
        named(&[
            ("CustomerById", 1),
            ("CustomerWrite", 1),
            ("MetafieldsSet", 1)
        ])
    );

    let deleted = client.delete(&user).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(take_calls(&emulator), named(&[("CustomerWrite", 1)]));
    // RFC 7644 §3.6: the User is gone; the customer stays, deactivated and marked deleted.
    let read = client.get(&user).await;
    assert_eq!(read.status, 404, "{}", read.body);
    let customer = customer_in_shop(&shopify_client(&emulator), &id).await;
    assert_eq!(customer.last_name.as_deref(), Some("Patched"));
    assert!(customer.tags.iter().any(|t| t == "scim-inactive"));
    assert!(customer.tags.iter().any(|t| t == "scim-deleted"));
}

/// Entra ID's string booleans in any case, and a URN-qualified path (RFC 7644 §3.10).
#[tokio::test]
async fn entra_string_booleans_and_qualified_paths_deactivate_in_one_call() {
    let (emulator, client) = shopify().await;
    let id = create(&client, "entra@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    emulator.reset_stats();
    let qualified = json!({"schemas": [PATCH_OP], "Operations": [{
        "op": "REPLACE", "path": "urn:ietf:params:scim:schemas:core:2.0:User:active", "value": "FALSE"
    }]});
    let answer = client.patch(&format!("Users/{id}"), &qualified).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["active"], false);
    assert_eq!(take_calls(&emulator), named(&[("CustomerWrite", 1)]));
    // Repeating it changes nothing further and still answers the resource.
    let again = client
        .patch(&format!("Users/{id}"), &entra_active("False"))
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["active"], false);
}

/// An unknown id is 404 on the read-free paths too (RFC 7644 §3.12): Shopify answers
/// "Customer does not exist" for it.
#[tokio::test]
async fn deactivating_an_unknown_customer_is_404() {
    let (_emulator, client) = shopify().await;
    let patched = client
        .patch("Users/999999999999", &okta_active(false))
        .await;
    assert_eq!(patched.status, 404, "{}", patched.body);
    let reactivated = client
        .patch("Users/999999999999", &entra_active("True"))
        .await;
    assert_eq!(reactivated.status, 404, "{}", reactivated.body);
    let deleted = client.delete("Users/999999999999").await;
    assert_eq!(deleted.status, 404, "{}", deleted.body);
    let not_an_id = client.delete("Users/not-a-number").await;
    assert_eq!(not_an_id.status, 404, "{}", not_an_id.body);
}

/// With `If-Match` the version is checked first (RFC 7644 §3.14): the store reads, then
/// commits on condition that nothing was written since; a stale version is 412 and writes
/// nothing.
#[tokio::test]
async fn if_match_reads_first_and_a_stale_version_is_412() {
    let (emulator, client) = shopify().await;
    let created = create(&client, "etag@example.com").await;
    let id = created["id"].as_str().unwrap();
    let version = created["meta"]["version"].as_str().unwrap().to_owned();
    emulator.reset_stats();
    let stale = client
        .send(
            Method::PATCH,
            &format!("Users/{id}"),
            Some(&okta_active(false)),
            &[("if-match", "W/\"1999-01-01T00:00:00Z\"")],
        )
        .await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    assert_eq!(take_calls(&emulator), named(&[("CustomerById", 1)]));
    let current = client
        .send(
            Method::PATCH,
            &format!("Users/{id}"),
            Some(&okta_active(false)),
            &[("if-match", &version)],
        )
        .await;
    assert_eq!(current.status, 200, "{}", current.body);
    assert_eq!(current.body["active"], false);
    assert_eq!(
        take_calls(&emulator),
        named(&[
            ("CustomerById", 1),
            ("CustomerWrite", 1),
            ("MetafieldsSet", 1)
        ])
    );
}

/// A PUT whose email Shopify refuses as taken (409 `uniqueness`, RFC 7644 §3.5.1) while it
/// also deactivates: the tag added after the refused `customerUpdate` is put back, so the
/// customer is as it was.
#[tokio::test]
async fn a_write_refused_in_part_is_put_back() {
    let (_emulator, client) = shopify().await;
    create(&client, "taken@example.com").await;
    let created = create(&client, "mine@example.com").await;
    let id = created["id"].as_str().unwrap();
    let mut update = created.clone();
    update["userName"] = json!("taken@example.com");
    update["emails"] = json!([{"value": "taken@example.com", "primary": true}]);
    update["active"] = json!(false);
    let refused = client.put(&format!("Users/{id}"), &update).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.scim_type(), Some("uniqueness"));
    let read = client.get(&format!("Users/{id}")).await;
    assert_eq!(read.body["userName"], "mine@example.com");
    assert_eq!(read.body["active"], true, "{}", read.body);
}

/// A create whose answer Shopify lost after making the customer (a 503 after commit, a
/// dropped connection, an answer past the client's timeout) is found by its unique
/// `userName` key and answered 201, never created twice.
#[tokio::test]
async fn a_create_whose_answer_was_lost_is_found_by_its_key_not_duplicated() {
    let (emulator, client) = shopify().await;
    let faults = emulator.faults();
    type Inject = fn(&scim_shopify_emulator::Faults);
    let cases: [(&str, Inject); 3] = [
        ("lost503@example.com", |f| f.fail_next_after_commit(1, 503)),
        ("dropped@example.com", |f| f.drop_next_after_commit(1)),
        ("late@example.com", |f| {
            f.delay_next_after_commit(1, Duration::from_millis(900))
        }),
    ];
    for (email, inject) in cases {
        emulator.reset_stats();
        inject(faults);
        let created = client.post("Users", &okta_user(email, "Lost")).await;
        assert_eq!(created.status, 201, "{email}: {}", created.body);
        assert_eq!(created.body["userName"], email);
        assert_eq!(
            take_calls(&emulator),
            named(&[("CustomerByIdentifier", 1), ("CustomerCreate", 1)]),
            "{email}"
        );
        let filter = format!("Users?filter=userName%20eq%20%22{email}%22");
        let found = client.get(&filter).await;
        assert_eq!(found.body["totalResults"], 1, "{email}: {}", found.body);
    }
}

/// A 5xx before commit made nothing: the lookup by the unique `userName` key the create
/// was sent with finds nobody and the create is sent again.
#[tokio::test]
async fn a_create_refused_before_commit_is_sent_again_after_the_lookup() {
    let (emulator, client) = shopify().await;
    emulator.faults().fail_next(1, 503);
    let created = client
        .post("Users", &okta_user("again@example.com", "Again"))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(
        take_calls(&emulator),
        named(&[("CustomerByIdentifier", 1), ("CustomerCreate", 1)])
    );
}

/// The lookup after a lost answer finds a customer with this email but another externalId:
/// another identity, so 409 `uniqueness` (RFC 7644 §3.3), not this User's creation.
#[tokio::test]
async fn a_lost_create_that_finds_another_identity_is_409() {
    let (emulator, client) = shopify().await;
    create(&client, "shared@example.com").await;
    let mut other = okta_user("shared@example.com", "Other");
    other["externalId"] = json!("00uOTHER");
    emulator.faults().fail_next(1, 503);
    let answer = client.post("Users", &other).await;
    assert_eq!(answer.status, 409, "{}", answer.body);
    assert_eq!(answer.scim_type(), Some("uniqueness"));
}

/// When every attempt is lost before commit, the store gives up with 503 (RFC 7644 §3.12)
/// and nothing is created.
#[tokio::test]
async fn a_create_that_never_reaches_shopify_is_503_and_creates_nothing() {
    let (emulator, client) = shopify().await;
    emulator.faults().fail_next(100, 503);
    let answer = client
        .post("Users", &okta_user("never@example.com", "Never"))
        .await;
    assert_eq!(answer.status, 503, "{}", answer.body);
    emulator.faults().fail_next(0, 503);
    let found = client
        .get("Users?filter=userName%20eq%20%22never%40example.com%22")
        .await;
    assert_eq!(found.body["totalResults"], 0, "{}", found.body);
}

/// A customer the merchant gave 250 tags cannot take the inactive tag (Shopify keeps at
/// most 250): the read-free deactivation answers 400 and deletes the inactive metafield it
/// set, so the customer stays active and consistent.
#[tokio::test]
async fn a_deactivation_refused_for_too_many_tags_leaves_the_customer_as_it_was() {
    use scim_shopify::client::operations::{
        CustomerById, CustomerByIdVariables, TagsAdd, TagsVariables,
    };
    let (emulator, client) = shopify().await;
    let id = create(&client, "tagged@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let gid = format!("gid://shopify/Customer/{id}");
    let shopify = shopify_client(&emulator);
    let merchant_tags = (0..250).map(|i| format!("merchant-{i:03}")).collect();
    shopify
        .execute::<TagsAdd>(&TagsVariables {
            id: gid.clone(),
            tags: merchant_tags,
        })
        .await
        .expect("the merchant's tags");
    let refused = client
        .patch(&format!("Users/{id}"), &okta_active(false))
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.scim_type(), Some("invalidValue"));
    let customer = shopify
        .execute::<CustomerById>(&CustomerByIdVariables {
            id: gid,
            metafield_namespace: Some("scim".into()),
        })
        .await
        .expect("a read")
        .data
        .customer
        .expect("the customer");
    assert!(!customer.tags.iter().any(|t| t == "scim-inactive"));
    assert!(
        !customer.metafields.nodes.iter().any(|m| m.key == "active"),
        "{:?}",
        customer.metafields
    );
}

/// The store's own resends are idempotent: a commit whose answer Shopify lost after it ran
/// (a 503 after commit) is sent again by the client, refused as stale (its own first
/// attempt moved the version token), and recognised by the token it wrote: the PATCH with
/// `If-Match` answers 200 with the change made once, not 412 (RFC 7644 §3.14).
#[tokio::test]
async fn a_commit_whose_answer_was_lost_is_known_as_its_own() {
    let (emulator, client) = shopify().await;
    let created = create(&client, "lost-commit@example.com").await;
    let id = created["id"].as_str().unwrap();
    let version = created["meta"]["version"].as_str().unwrap().to_owned();
    emulator.reset_stats();
    emulator
        .faults()
        .on("MetafieldsSet")
        .fail_next_after_commit(1, 503);
    let body = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "title", "value": "Once"}
    ]});
    let patched = client
        .send(
            Method::PATCH,
            &format!("Users/{id}"),
            Some(&body),
            &[("if-match", &version)],
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["title"], "Once");
    let stats = emulator.stats();
    assert_eq!(stats.operations["MetafieldsSet"].calls, 2);
    assert_eq!(stats.user_errors("STALE_OBJECT"), 1);
    let read = client.get(&format!("Users/{id}")).await;
    assert_eq!(read.body["title"], "Once");
    assert_eq!(read.header("etag"), patched.header("etag"));
}

/// A process that dies between a write's commit and its projection (here every attempt of
/// the projection is refused before it runs, and the client gives up) leaves the customer's
/// record ahead of its fields and tags. Nothing stays half-written for long: every read
/// shows the User as the commit made it, and the next write, once the projection can no
/// longer arrive (the client's retries and timeout, under a second here), makes it first,
/// so the customer catches up (RFC 7644 §3.5.2).
#[tokio::test]
async fn a_projection_a_crash_left_behind_is_shown_then_made() {
    let (emulator, client) = shopify().await;
    let created = create(&client, "crash@example.com").await;
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("Users/{id}");
    emulator.faults().on("CustomerWrite").fail_next(20, 503);
    let change = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "name.givenName", "value": "Committed"},
        {"op": "replace", "path": "active", "value": false}
    ]});
    let failed = client.patch(&path, &change).await;
    assert!(failed.status >= 500, "{}", failed.body);
    emulator.faults().on("CustomerWrite").fail_next(0, 503);

    // The shop: the record committed, the fields and tags not.
    let customer = customer_in_shop(&shopify_client(&emulator), &id).await;
    assert_eq!(customer.first_name.as_deref(), Some("Test"));
    assert!(!customer.tags.iter().any(|t| t == "scim-inactive"));
    // A read shows the User as committed.
    let read = client.get(&path).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["name"]["givenName"], "Committed");
    assert_eq!(read.body["active"], false);
    let listed = client
        .get("Users?filter=userName%20eq%20%22crash%40example.com%22")
        .await;
    assert_eq!(
        listed.body["Resources"][0]["name"]["givenName"],
        "Committed"
    );

    // The next write makes the pending projection, then its own change.
    let title = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "title", "value": "After"}
    ]});
    let after = client.patch(&path, &title).await;
    assert_eq!(after.status, 200, "{}", after.body);
    assert_eq!(after.body["title"], "After");
    assert_eq!(after.body["name"]["givenName"], "Committed");
    let customer = customer_in_shop(&shopify_client(&emulator), &id).await;
    assert_eq!(customer.first_name.as_deref(), Some("Committed"));
    assert!(customer.tags.iter().any(|t| t == "scim-inactive"));
    let token = customer
        .metafields
        .nodes
        .iter()
        .find(|m| m.key == "version")
        .expect("a version token");
    assert!(!token.value.contains('|'), "still pending: {}", token.value);
}

/// The store's own resends are idempotent (RFC 7644 §3.6): a soft DELETE whose answer
/// Shopify lost after it ran is sent again by the client; the second answer shows the
/// customer already marked deleted, by that first attempt, not by another request: 204, not
/// 404. The same for `customerDelete` under the `Delete` policy, whose resend finds the
/// customer gone.
#[tokio::test]
async fn a_delete_whose_answer_was_lost_is_204_not_404() {
    let (emulator, client) = shopify().await;
    let id = create(&client, "lost-delete@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    emulator
        .faults()
        .on("CustomerWrite")
        .fail_next_after_commit(1, 503);
    let deleted = client.delete(&format!("Users/{id}")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(emulator.stats().operations["CustomerWrite"].calls, 2);
    assert_eq!(client.get(&format!("Users/{id}")).await.status, 404);

    let store = ShopifyStore::new(
        shopify_client(&emulator),
        MappingConfig::default(),
        DeletePolicy::Delete,
    )
    .expect("a store");
    let hard = Client::over(Arc::new(store));
    let id = create(&hard, "lost-hard-delete@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    emulator
        .faults()
        .on("CustomerDelete")
        .fail_next_after_commit(1, 503);
    let deleted = hard.delete(&format!("Users/{id}")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(emulator.stats().operations["CustomerDelete"].calls, 2);
    assert_eq!(hard.get(&format!("Users/{id}")).await.status, 404);
}
