//! `userName` unique without case in Shopify (RFC 7643 §4.1.1) on a shop whose customers
//! were provisioned before the store kept a unique `userName` key
//! (`MappingConfig::user_name`): found as before until the shop is indexed, then by the key
//! alone, whatever the shop's size; `ShopifyStore::index_user_names` gives the key to the
//! customers that lack it and reports the names that clash. Offline, over the emulator.

use std::sync::Arc;

use scim_conformance::Client;
use scim_conformance::shop::{self, named, take_calls};
use scim_shopify::client::ShopifyClient;
use scim_shopify::client::operations::{
    MetafieldDefinitionCreate, MetafieldDefinitionCreateVariables, MetafieldDefinitionInput,
    MetafieldIdentifier, MetafieldsDelete, MetafieldsDeleteVariables,
};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{Definitions, DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use serde_json::json;

const SHOP_TOKEN: &str = "shpat_user_names";

/// A shop whose unique definitions another instance (an earlier version) made: the store
/// cannot know that every customer holds its key.
async fn earlier_shop() -> (RunningEmulator, Arc<ShopifyStore>, Client) {
    let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Plus))
        .await
        .expect("the emulator starts");
    let client = shop::client(&emulator, SHOP_TOKEN);
    for (key, name) in [("external_id", "E"), ("user_name", "U")] {
        client
            .execute::<MetafieldDefinitionCreate>(&MetafieldDefinitionCreateVariables {
                definition: MetafieldDefinitionInput::unique_customer_id("scim", key, name),
            })
            .await
            .unwrap();
    }
    let store = Arc::new(
        ShopifyStore::new(client, MappingConfig::default(), DeletePolicy::default())
            .expect("a store"),
    );
    assert_eq!(
        store.ensure_definitions().await.unwrap(),
        Definitions::Present
    );
    assert!(!store.user_names_indexed());
    let scim = Client::over(store.clone());
    (emulator, store, scim)
}

/// A User made through the service, then stripped of its key, as a customer provisioned
/// before the key existed is; its id.
async fn provisioned_before_the_key(
    scim: &Client,
    shopify: &ShopifyClient,
    user_name: &str,
) -> String {
    let created = scim.post("Users", &user(user_name)).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.id();
    let deleted = shopify
        .execute::<MetafieldsDelete>(&MetafieldsDeleteVariables {
            metafields: vec![MetafieldIdentifier {
                owner_id: format!("gid://shopify/Customer/{id}"),
                namespace: "scim".into(),
                key: "user_name".into(),
            }],
        })
        .await
        .unwrap();
    assert!(deleted.data.metafields_delete.user_errors.is_empty());
    id
}

/// A User as identity providers send one, the name not necessarily an address.
fn user(user_name: &str) -> serde_json::Value {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
           "userName": user_name, "name": {"givenName": "Early", "familyName": "User"}})
}

async fn total(scim: &Client, user_name: &str) -> u64 {
    let found = scim
        .get(&format!("Users?filter=userName%20eq%20%22{user_name}%22"))
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    found.body["totalResults"].as_u64().unwrap()
}

#[tokio::test]
async fn users_provisioned_before_the_key_are_found_then_indexed() {
    let (emulator, store, scim) = earlier_shop().await;
    let shopify = shop::client(&emulator, SHOP_TOKEN);
    provisioned_before_the_key(&scim, &shopify, "plain-one").await;
    provisioned_before_the_key(&scim, &shopify, "addr@example.com").await;
    // A new one holds its key from its create.
    let created = scim.post("Users", &user("New-One")).await;
    assert_eq!(created.status, 201);

    // Unindexed: userName is asked as before the key (a search for a plain name, the email
    // for an address), so the early Users are found, in any case, and the new one too.
    emulator.reset_stats();
    assert_eq!(total(&scim, "PLAIN-one").await, 1);
    assert_eq!(take_calls(&emulator), named(&[("Customers", 1)]));
    assert_eq!(total(&scim, "ADDR@example.com").await, 1);
    assert_eq!(take_calls(&emulator), named(&[("CustomerByIdentifier", 1)]));
    assert_eq!(total(&scim, "new-one").await, 1);

    let report = store.index_user_names().await.unwrap();
    assert_eq!((report.read, report.keyed), (3, 2), "{report:?}");
    assert!(report.clashes.is_empty());
    assert!(store.user_names_indexed());
    take_calls(&emulator);

    // Indexed: one lookup by key, hit or miss; a plain name is never searched again.
    assert_eq!(total(&scim, "Plain-One").await, 1);
    assert_eq!(total(&scim, "nobody-at-all").await, 0);
    assert_eq!(take_calls(&emulator), named(&[("CustomerByIdentifier", 2)]));
    // An address the key does not find is still asked by email (a merchant's customer).
    assert_eq!(total(&scim, "nobody@example.com").await, 0);
    assert_eq!(take_calls(&emulator), named(&[("CustomerByIdentifier", 2)]));

    // The shop is marked: another instance finds it so, and indexing again reads nothing.
    let again = ShopifyStore::new(
        shop::client(&emulator, SHOP_TOKEN),
        MappingConfig::default(),
        DeletePolicy::default(),
    )
    .unwrap();
    again.ensure_definitions().await.unwrap();
    assert!(again.user_names_indexed());
    take_calls(&emulator);
    let report = again.index_user_names().await.unwrap();
    assert_eq!((report.read, report.keyed), (0, 0));
    assert_eq!(take_calls(&emulator), named(&[("ShopMetafield", 1)]));

    // And now, RFC 7643 §4.1.1: the early plain name is taken, in any case.
    let duplicate = scim.post("Users", &user("PLAIN-ONE")).await;
    assert_eq!(duplicate.status, 409, "{}", duplicate.body);
    assert_eq!(duplicate.scim_type(), Some("uniqueness"));
}

/// Two Users named alike in another case, both made before the key could refuse the second:
/// the first keeps the name, the second is reported, and the shop stays unmarked (its
/// `userName` filters keep searching) until one of them is renamed or deleted.
#[tokio::test]
async fn names_that_clash_are_reported_and_the_shop_stays_unmarked() {
    let (emulator, store, scim) = earlier_shop().await;
    let shopify = shop::client(&emulator, SHOP_TOKEN);
    let first = provisioned_before_the_key(&scim, &shopify, "Twin").await;
    let second = provisioned_before_the_key(&scim, &shopify, "TWIN").await;
    let report = store.index_user_names().await.unwrap();
    assert_eq!(report.keyed, 1, "{report:?}");
    assert_eq!(report.clashes, vec![second.clone()]);
    assert!(!store.user_names_indexed());
    assert!(emulator.stats().user_errors("TAKEN") >= 1);
    // Both are still found (by key, then by search), and renaming the second resolves it.
    assert_eq!(total(&scim, "twin").await, 2);
    let renamed = scim
        .patch(
            &format!("Users/{second}"),
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{"op": "replace", "path": "userName", "value": "twin-2"}]}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    let report = store.index_user_names().await.unwrap();
    assert!(report.clashes.is_empty(), "{report:?}");
    assert!(store.user_names_indexed());
    assert_eq!(total(&scim, "TWIN").await, 1);
    let _ = first;
}
