//! The Okta user lifecycle and the store's error answers, through the whole service over a
//! `ShopifyStore` on the offline Shopify emulator.

use std::sync::Arc;

use scim_conformance::shop;
use scim_conformance::shop::customer_in_shop;
use scim_conformance::{Client, okta_user};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use serde_json::{Value, json};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const SHOP_TOKEN: &str = "shpat_emulated";

async fn shopify(policy: DeletePolicy) -> (RunningEmulator, Client) {
    let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Standard))
        .await
        .expect("the emulator starts");
    let client = client_of(&emulator, policy, None);
    (emulator, client)
}

/// A SCIM client of a service over a `ShopifyStore` on `emulator`.
fn client_of(emulator: &RunningEmulator, policy: DeletePolicy, list_cap: Option<usize>) -> Client {
    let client = shop::client(emulator, SHOP_TOKEN);
    let mut store = ShopifyStore::new(client, MappingConfig::default(), policy).expect("a store");
    if let Some(cap) = list_cap {
        store = store.with_list_cap(cap);
    }
    Client::over(Arc::new(store))
}

fn active(value: bool) -> Value {
    json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "value": {"active": value}}]
    })
}

#[tokio::test]
async fn okta_user_lifecycle_through_shopify_customers() {
    let (_emulator, client) = shopify(DeletePolicy::default()).await;

    // 1. Okta looks the user up by userName before creating it.
    let lookup = "Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100";
    let none = client.get(lookup).await;
    assert_eq!(none.status, 200, "{}", none.body);
    assert_eq!(none.body["totalResults"], 0);

    // 2. Create: one customer, the id its numeric id.
    let created = client
        .post("Users", &okta_user("test.user@okta.local", "Test"))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.id();
    assert!(id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    assert_eq!(created.body["active"], true);
    assert_eq!(created.body["displayName"], "Test User");
    assert_eq!(created.body["externalId"], "00ujl29u0le5T6Aj10h7");
    assert!(created.body.get("password").is_none());

    // 3. GET, and the lookup finds it now.
    let read = client.get(&format!("Users/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["userName"], "test.user@okta.local");
    assert_eq!(read.body["name"]["familyName"], "User");
    let found = client.get(lookup).await;
    assert_eq!(found.body["totalResults"], 1, "{}", found.body);
    assert_eq!(found.body["Resources"][0]["id"], id.as_str());
    let by_external = client
        .get("Users?filter=externalId%20eq%20%2200ujl29u0le5T6Aj10h7%22")
        .await;
    assert_eq!(by_external.body["totalResults"], 1, "{}", by_external.body);

    // 4. PUT the whole user back with a change, and an attribute the customer has no
    //    field for.
    let mut update = created.body.clone();
    update["name"]["givenName"] = json!("Changed");
    update["title"] = json!("Tour Guide");
    let replaced = client.put(&format!("Users/{id}"), &update).await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    assert_eq!(replaced.body["name"]["givenName"], "Changed");
    assert_eq!(replaced.body["title"], "Tour Guide");
    assert_eq!(
        replaced.body["meta"]["created"],
        created.body["meta"]["created"]
    );

    // 5. Deactivate; the user stays readable and listable.
    let deactivated = client.patch(&format!("Users/{id}"), &active(false)).await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.body);
    assert_eq!(deactivated.body["active"], false);
    assert_eq!(
        client.get(&format!("Users/{id}")).await.body["active"],
        false
    );
    let inactive = client.get("Users?filter=active%20eq%20false").await;
    assert_eq!(inactive.status, 200, "{}", inactive.body);
    assert_eq!(inactive.body["totalResults"], 1, "{}", inactive.body);
    assert_eq!(inactive.body["Resources"][0]["id"], id.as_str());
    let all = client.get("Users").await;
    assert_eq!(all.body["Resources"][0]["active"], false);

    // 6. Reactivate.
    let reactivated = client.patch(&format!("Users/{id}"), &active(true)).await;
    assert_eq!(reactivated.status, 200, "{}", reactivated.body);
    assert_eq!(reactivated.body["active"], true);
    assert_eq!(reactivated.body["title"], "Tour Guide");
    let inactive = client.get("Users?filter=active%20eq%20false").await;
    assert_eq!(inactive.body["totalResults"], 0, "{}", inactive.body);

    // 7. DELETE by the default policy deactivates the customer and marks it deleted: the
    //    User is 404 (RFC 7644 §3.6), the customer stays, inactive.
    let deleted = client.delete(&format!("Users/{id}")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(client.get(&format!("Users/{id}")).await.status, 404);
    let customer = customer_in_shop(&shop::client(&_emulator, SHOP_TOKEN), &id).await;
    assert!(customer.tags.iter().any(|t| t == "scim-inactive"));
    assert!(customer.tags.iter().any(|t| t == "scim-deleted"));
}

#[tokio::test]
async fn delete_policy_deletes_and_falls_back_to_deactivate_for_customers_with_orders() {
    let (emulator, client) = shopify(DeletePolicy::Delete).await;
    let gone = client
        .post("Users", &okta_user("gone@okta.local", "Gone"))
        .await
        .id();
    assert_eq!(client.delete(&format!("Users/{gone}")).await.status, 204);
    assert_eq!(client.get(&format!("Users/{gone}")).await.status, 404);

    let buyer = client
        .post("Users", &okta_user("buyer@okta.local", "Buyer"))
        .await
        .id();
    assert!(emulator.seed_orders(SHOP_TOKEN, &format!("gid://shopify/Customer/{buyer}"), 1));
    assert_eq!(client.delete(&format!("Users/{buyer}")).await.status, 204);
    // The customer Shopify keeps is deactivated and marked deleted: the User is 404
    // (RFC 7644 §3.6).
    let kept = client.get(&format!("Users/{buyer}")).await;
    assert_eq!(kept.status, 404, "{}", kept.body);
    let customer = customer_in_shop(&shop::client(&emulator, SHOP_TOKEN), &buyer).await;
    assert!(customer.tags.iter().any(|t| t == "scim-inactive"));
    assert!(customer.tags.iter().any(|t| t == "scim-deleted"));
    assert_eq!(client.delete(&format!("Users/{buyer}")).await.status, 404);
}

#[tokio::test]
async fn a_taken_email_is_409_uniqueness() {
    let (_emulator, client) = shopify(DeletePolicy::default()).await;
    let first = client
        .post("Users", &okta_user("dup@okta.local", "One"))
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let mut second = okta_user("dup@okta.local", "Two");
    second["externalId"] = json!("00uother");
    let again = client.post("Users", &second).await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(again.scim_type(), Some("uniqueness"));
}

#[tokio::test]
async fn a_bad_filter_is_400_and_unknown_ids_are_404() {
    let (_emulator, client) = shopify(DeletePolicy::default()).await;
    let bad = client.get("Users?filter=userName%20zz%20%22x%22").await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert_eq!(bad.scim_type(), Some("invalidFilter"));

    // Groups are kept too (see `shopify_groups.rs`); none exist yet.
    let groups = client.get("Groups").await;
    assert_eq!(groups.status, 200, "{}", groups.body);
    assert_eq!(groups.body["totalResults"], 0);
    assert_eq!(client.get("Groups/12345").await.status, 404);

    let missing = client.get("Users/not-a-number").await;
    assert_eq!(missing.status, 404);
    let missing = client.get("Users/12345").await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn an_injected_503_is_retried() {
    let (emulator, client) = shopify(DeletePolicy::default()).await;
    let id = client
        .post("Users", &okta_user("retry@okta.local", "Retry"))
        .await
        .id();
    emulator.faults().fail_next(2, 503);
    let read = client.get(&format!("Users/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["userName"], "retry@okta.local");
}

#[tokio::test]
async fn a_stale_version_is_412() {
    let (_emulator, client) = shopify(DeletePolicy::default()).await;
    let created = client
        .post("Users", &okta_user("stale@okta.local", "Stale"))
        .await;
    let id = created.id();
    let stale = [("if-match", "W/\"2001-01-01T00:00:00Z\"")];
    let mut update = created.body.clone();
    update["name"]["givenName"] = json!("Changed");
    let put = client
        .send(
            http::Method::PUT,
            &format!("Users/{id}"),
            Some(&update),
            &stale,
        )
        .await;
    assert_eq!(put.status, 412, "{}", put.body);
    let patch = client
        .send(
            http::Method::PATCH,
            &format!("Users/{id}"),
            Some(&active(false)),
            &stale,
        )
        .await;
    assert_eq!(patch.status, 412, "{}", patch.body);
    let current = client.get(&format!("Users/{id}")).await;
    assert_eq!(current.body["name"]["givenName"], "Stale");
    assert_eq!(current.body["active"], true);
}

#[tokio::test]
async fn sorted_lists_are_answered_in_memory_and_refused_past_the_cap() {
    let (emulator, client) = shopify(DeletePolicy::default()).await;
    for n in 0..30 {
        let mut user = okta_user(&format!("user{n:02}@okta.local"), "Many");
        user["externalId"] = json!(format!("ext{n}"));
        let created = client.post("Users", &user).await;
        assert_eq!(created.status, 201, "{}", created.body);
    }
    // 30 customers come in two Shopify pages (25, then the rest); SCIM pages over them.
    let page = client
        .get("Users?sortBy=userName&startIndex=26&count=10")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.body["totalResults"], 30);
    assert_eq!(page.body["itemsPerPage"], 5);
    assert_eq!(page.body["Resources"][0]["userName"], "user25@okta.local");

    // A store that may examine 29 customers refuses a sorted list rather than truncate it.
    let capped = client_of(&emulator, DeletePolicy::default(), Some(29));
    let refused = capped.get("Users?count=1&sortBy=userName").await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.scim_type(), Some("tooMany"));
    // In Shopify's order, the list pages through Shopify's cursors whatever the cap.
    let listed = capped.get("Users?count=1&startIndex=30").await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.body["totalResults"], 30, "{}", listed.body);
    assert_eq!(listed.body["Resources"][0]["userName"], "user29@okta.local");
    // A direct lookup examines one customer, whatever the cap.
    let one = capped
        .get("Users?filter=userName%20eq%20%22user07%40okta.local%22")
        .await;
    assert_eq!(one.body["totalResults"], 1, "{}", one.body);
}

#[tokio::test]
async fn erase_policy_requests_data_erasure() {
    let (emulator, client) = shopify(DeletePolicy::Erase).await;
    let id = client
        .post("Users", &okta_user("erase@okta.local", "Erase"))
        .await
        .id();
    let gid = format!("gid://shopify/Customer/{id}");
    assert!(!emulator.erasure_requested(SHOP_TOKEN, &gid));
    assert_eq!(client.delete(&format!("Users/{id}")).await.status, 204);
    assert!(emulator.erasure_requested(SHOP_TOKEN, &gid));
    // Shopify erases later; the customer is marked deleted meanwhile, so the User is 404
    // at once (RFC 7644 §3.6).
    assert_eq!(client.get(&format!("Users/{id}")).await.status, 404);
    assert_eq!(client.delete(&format!("Users/{id}")).await.status, 404);
    let customer = customer_in_shop(&shop::client(&emulator, SHOP_TOKEN), &id).await;
    assert!(customer.tags.iter().any(|t| t == "scim-deleted"));
}

#[tokio::test]
async fn shopify_refusing_a_field_is_400_naming_it() {
    let (_emulator, client) = shopify(DeletePolicy::default()).await;
    let mut user = okta_user("long@okta.local", "x");
    user["name"]["givenName"] = json!("x".repeat(300));
    let refused = client.post("Users", &user).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.scim_type(), Some("invalidValue"));
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(detail.contains("firstName"), "{detail}");
}

#[tokio::test]
async fn a_put_without_an_attribute_removes_it() {
    let (_emulator, client) = shopify(DeletePolicy::default()).await;
    let mut user = okta_user("put@okta.local", "Put");
    user["title"] = json!("Tour Guide");
    let created = client.post("Users", &user).await;
    let id = created.id();
    assert_eq!(created.body["title"], "Tour Guide");

    // Everything the customer has no field for lives in one JSON metafield: a PUT without
    // any of it empties that metafield.
    let bare = json!({"schemas": [USER], "userName": "put@okta.local"});
    let replaced = client.put(&format!("Users/{id}"), &bare).await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    let read = client.get(&format!("Users/{id}")).await.body;
    assert!(read.get("title").is_none(), "{read}");
    assert!(read.get("displayName").is_none(), "{read}");
    assert!(read["name"].get("givenName").is_none(), "{read}");
    assert_eq!(read["active"], true);
}

/// RFC 7644 §3.5.2.2: a PATCH `remove` of `active` is refused with 400 `mutability`, not
/// answered as a silent no-op (the store keeps every User active or inactive), and the
/// inactive User stays inactive: a `remove` never grants access.
#[tokio::test]
async fn removing_active_is_400_mutability_and_changes_nothing() {
    let (_emulator, client) = shopify(DeletePolicy::default()).await;
    let created = client
        .post("Users", &okta_user("remove.active@okta.local", "Remove"))
        .await;
    let id = created.id();
    let deactivated = client.patch(&format!("Users/{id}"), &active(false)).await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.body);

    let remove = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "remove", "path": "active"}]
    });
    let refused = client.patch(&format!("Users/{id}"), &remove).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.scim_type(), Some("mutability"));
    let read = client.get(&format!("Users/{id}")).await;
    assert_eq!(read.body["active"], false);
}
