//! `customerByIdentifier(identifier: {customId: {namespace, key, value}})`: a customer found
//! by the value of a metafield whose definition is of type `id` (unique values).
//!
//! The oracle: the schema (`CustomerIdentifierInput.customId`, "The custom ID of the
//! customer"; `UniqueMetafieldValueInput`, whose `namespace` "If omitted, the app-reserved
//! namespace will be used") and the capture
//! `captures/harry-test-heelo.myshopify.com/2026-04/customers/customer-set-custom-id.json`
//! (case `readBack`: the customer whose `id` metafield holds the value, immediately after
//! the write).

use serde_json::{Value, json};

use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};

mod common;

use common::{create_customer, define_custom_id, post_ok, set_metafields};

const TOKEN: &str = "shpat_custom_id";

async fn start() -> RunningEmulator {
    Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .unwrap()
}

/// The gid of the customer `customerByIdentifier` finds by the custom id `custom_id`, or
/// null.
async fn find(emulator: &RunningEmulator, custom_id: Value) -> Value {
    let by_custom_id = "query ByCustomId($identifier: CustomerIdentifierInput!) { customerByIdentifier(identifier: $identifier) { id } }";
    let answer = post_ok(
        emulator,
        TOKEN,
        by_custom_id,
        json!({"identifier": {"customId": custom_id}}),
    )
    .await;
    assert!(answer.get("errors").is_none(), "{answer}");
    answer["data"]["customerByIdentifier"]["id"].clone()
}

#[tokio::test]
async fn a_customer_is_found_by_its_unique_id_value_at_once() {
    let emulator = start().await;
    define_custom_id(&emulator, TOKEN, "scim", "external_id").await;
    let created = create_customer(
        &emulator,
        TOKEN,
        json!({"email": "inline@example.com", "metafields": [
            {"namespace": "scim", "key": "external_id", "type": "id", "value": "ext-inline"},
        ]}),
    )
    .await;
    let later = create_customer(&emulator, TOKEN, json!({"email": "set@example.com"})).await;
    let set = set_metafields(
        &emulator,
        TOKEN,
        json!([{"ownerId": later, "namespace": "scim", "key": "external_id", "type": "id", "value": "ext-set"}]),
    )
    .await;
    assert_eq!(set["userErrors"], json!([]));

    let custom_id =
        |value: &str| json!({"namespace": "scim", "key": "external_id", "value": value});
    assert_eq!(
        find(&emulator, custom_id("ext-inline")).await,
        json!(created)
    );
    assert_eq!(find(&emulator, custom_id("ext-set")).await, json!(later));
    assert_eq!(find(&emulator, custom_id("ext-unknown")).await, Value::Null);
    let other_key = json!({"namespace": "scim", "key": "other", "value": "ext-set"});
    assert_eq!(find(&emulator, other_key).await, Value::Null);

    // A changed value finds the customer by the new value only.
    set_metafields(
        &emulator,
        TOKEN,
        json!([{"ownerId": later, "namespace": "scim", "key": "external_id", "type": "id", "value": "ext-new"}]),
    )
    .await;
    assert_eq!(find(&emulator, custom_id("ext-set")).await, Value::Null);
    assert_eq!(find(&emulator, custom_id("ext-new")).await, json!(later));
}

#[tokio::test]
async fn an_omitted_namespace_is_the_one_a_write_without_namespace_uses() {
    let emulator = start().await;
    // The emulator's namespace for a metafield written without one is `custom`.
    define_custom_id(&emulator, TOKEN, "custom", "member_id").await;
    let gid = create_customer(&emulator, TOKEN, json!({"email": "ns@example.com"})).await;
    set_metafields(
        &emulator,
        TOKEN,
        json!([{"ownerId": gid, "key": "member_id", "type": "id", "value": "m-1"}]),
    )
    .await;
    let found = find(&emulator, json!({"key": "member_id", "value": "m-1"})).await;
    assert_eq!(found, json!(gid));
}
