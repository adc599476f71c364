//! The shop setup `--backend shopify` does on start (`ShopifyStore::ensure_definitions`: the
//! unique `id` metafield definition behind `externalId`), and what it buys: a second user
//! with the same `externalId` answers 409 `uniqueness` (RFC 7644 §3.3, §3.12) and nothing is
//! created. Offline, over the Shopify emulator.

use std::sync::Arc;

use scim_conformance::shop;
use scim_conformance::{Client, okta_user};
use scim_shopify::client::operations::{
    MetafieldDefinitionCreate, MetafieldDefinitionCreateVariables, MetafieldDefinitionInput,
    MetafieldDefinitions, MetafieldDefinitionsVariables,
};
use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{Definitions, DeletePolicy, SetupError, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use serde_json::json;

const SHOP_TOKEN: &str = "shpat_definitions";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async fn emulator() -> RunningEmulator {
    Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Standard))
        .await
        .expect("the emulator starts")
}

fn shopify_client(emulator: &RunningEmulator) -> ShopifyClient {
    shop::client(emulator, SHOP_TOKEN)
}

fn store(emulator: &RunningEmulator) -> ShopifyStore {
    ShopifyStore::new(
        shopify_client(emulator),
        MappingConfig::default(),
        DeletePolicy::default(),
    )
    .expect("a store")
}

/// The unique definitions behind `externalId` and `userName` (RFC 7643 §4.1.1), made once;
/// made both at once, on a shop that never had SCIM's customers, the shop is marked as
/// holding every User's `userName` key.
#[tokio::test]
async fn ensure_definitions_creates_the_unique_definitions_once() {
    let emulator = emulator().await;
    let store = store(&emulator);
    assert!(!store.user_names_indexed());
    assert_eq!(
        store.ensure_definitions().await.unwrap(),
        Definitions::Created
    );
    assert!(store.user_names_indexed());
    // A restart finds them, creates nothing, and finds the shop marked.
    let restarted = self::store(&emulator);
    assert_eq!(
        restarted.ensure_definitions().await.unwrap(),
        Definitions::Present
    );
    assert!(restarted.user_names_indexed());
    let stats = emulator.stats();
    assert_eq!(stats.operations["MetafieldDefinitionCreate"].calls, 2);
    assert_eq!(stats.operations["MetafieldDefinitions"].calls, 4);
    assert_eq!(stats.operations["ShopMetafield"].calls, 2);
    assert_eq!(stats.operations["MetafieldsSet"].calls, 1);
    for key in ["external_id", "user_name"] {
        let found = shopify_client(&emulator)
            .execute::<MetafieldDefinitions>(&MetafieldDefinitionsVariables {
                namespace: "scim".into(),
                key: key.into(),
            })
            .await
            .unwrap();
        let nodes = found.data.metafield_definitions.nodes;
        assert_eq!(nodes.len(), 1, "{key}");
        assert_eq!(nodes[0].r#type.name, "id");
        assert!(nodes[0].capabilities.unique_values.enabled);
    }
}

#[tokio::test]
async fn a_second_create_racing_the_first_counts_as_present() {
    // Two server instances start together: both look up, both create; the loser's TAKEN
    // (verbatim code of MetafieldDefinitionCreateUserErrorCode) is not an error.
    let emulator = emulator().await;
    let client = shopify_client(&emulator);
    let input = MetafieldDefinitionCreateVariables {
        definition: MetafieldDefinitionInput::unique_customer_id("scim", "external_id", "E"),
    };
    let first = client
        .execute::<MetafieldDefinitionCreate>(&input)
        .await
        .unwrap();
    assert!(
        first
            .data
            .metafield_definition_create
            .user_errors
            .is_empty()
    );
    let second = client
        .execute::<MetafieldDefinitionCreate>(&input)
        .await
        .unwrap();
    let errors = second.data.metafield_definition_create.user_errors;
    assert_eq!(errors[0].code.as_deref(), Some("TAKEN"));
    assert_eq!(
        errors[0].field.as_deref(),
        Some(&["definition".to_owned(), "key".to_owned()][..])
    );
    let key = MetafieldDefinitionCreateVariables {
        definition: MetafieldDefinitionInput::unique_customer_id("scim", "user_name", "U"),
    };
    client
        .execute::<MetafieldDefinitionCreate>(&key)
        .await
        .unwrap();
    let store = store(&emulator);
    assert_eq!(
        store.ensure_definitions().await.unwrap(),
        Definitions::Present
    );
    // Made by others: customers may have been provisioned without their userName key.
    assert!(!store.user_names_indexed());
}

#[tokio::test]
async fn a_definition_of_another_type_at_the_key_stops_the_setup() {
    let emulator = emulator().await;
    let mut text = MetafieldDefinitionInput::unique_customer_id("scim", "external_id", "E");
    text.r#type = "single_line_text_field".into();
    text.capabilities = None;
    shopify_client(&emulator)
        .execute::<MetafieldDefinitionCreate>(&MetafieldDefinitionCreateVariables {
            definition: text,
        })
        .await
        .unwrap();
    let err = store(&emulator).ensure_definitions().await.unwrap_err();
    assert!(matches!(err, SetupError::Conflict(_)), "{err:?}");
    assert!(
        err.to_string().contains("scim.external_id")
            && err.to_string().contains("single_line_text_field"),
        "{err}"
    );
}

#[tokio::test]
async fn setup_with_a_refused_token_is_a_shopify_error() {
    let emulator = emulator().await;
    let mut config = ShopifyConfig::new(
        "definitions.myshopify.com",
        Credentials::AccessToken(Secret::new("shpat_not_this_shop")),
    )
    .with_base_url(emulator.base_url());
    config.retry.max_attempts = 1;
    let store = ShopifyStore::new(
        ShopifyClient::new(config).unwrap(),
        MappingConfig::default(),
        DeletePolicy::default(),
    )
    .unwrap();
    let err = store.ensure_definitions().await.unwrap_err();
    assert!(matches!(err, SetupError::Shopify(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("shpat_not_this_shop"));
}

/// Okta and Entra ID both match users on `externalId`; a second POST with an `externalId`
/// another user holds conflicts with an existing resource: 409 `uniqueness` (RFC 7644
/// §3.3, §3.12 Table 9), and no customer is created.
#[tokio::test]
async fn a_duplicate_external_id_is_409_uniqueness_and_creates_nothing() {
    let emulator = emulator().await;
    let store = store(&emulator);
    store.ensure_definitions().await.unwrap();
    let client = Client::over(Arc::new(store));

    let first = okta_user("first@example.com", "First");
    let created = client.post("Users", &first).await;
    assert_eq!(created.status, 201, "{}", created.body);

    // The same externalId (okta_user's) on another userName and email.
    let second = okta_user("second@example.com", "Second");
    assert_eq!(second["externalId"], first["externalId"]);
    let refused = client.post("Users", &second).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.scim_type(), Some("uniqueness"));
    assert!(
        !refused.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains(first["externalId"].as_str().unwrap()),
        "the detail repeats the value: {}",
        refused.body
    );

    let all = client.get("Users").await;
    assert_eq!(all.body["totalResults"], 1, "{}", all.body);
    let by_name = client
        .get("Users?filter=userName%20eq%20%22second%40example.com%22")
        .await;
    assert_eq!(by_name.body["totalResults"], 0);

    // Taking another user's externalId by PATCH is refused alike, and changes nothing.
    let mut other = okta_user("third@example.com", "Third");
    other["externalId"] = json!("00u-third");
    let third = client.post("Users", &other).await;
    assert_eq!(third.status, 201, "{}", third.body);
    let path = format!("Users/{}", third.id());
    let take = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "path": "externalId", "value": first["externalId"]}]
    });
    let patched = client.patch(&path, &take).await;
    assert_eq!(patched.status, 409, "{}", patched.body);
    assert_eq!(patched.scim_type(), Some("uniqueness"));
    assert_eq!(client.get(&path).await.body["externalId"], "00u-third");
}
