//! The compare-and-set of `metafieldsSet` on customer metafields.
//!
//! No capture records a `compareDigest` sent to Shopify, so the oracle is the schema's
//! documentation (`schema/admin-2026-07.graphql`): `HasCompareDigest.compareDigest` ("The
//! data stored in the resource, represented as a digest"), `MetafieldsSetInput.compareDigest`,
//! the mutation `metafieldsSet` ("This operation is atomic, meaning no changes are persisted
//! if an error is encountered." and its paragraph on compare-and-set), and the codes of
//! `MetafieldsSetUserErrorCode` (`STALE_OBJECT`: "The metafield has been modified since it
//! was loaded."; `TAKEN`: "The input value is already taken."). The captures give the
//! digest's shape: 64 lowercase hex digits, equal for equal values.

use serde_json::{Value, json};

use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};

mod common;

use common::{create_customer, define_custom_id, post_ok, read_metafield, set_metafields};

const TOKEN: &str = "shpat_compare_and_set";

/// The message of `STALE_OBJECT`, from the code's description in the schema.
const STALE: &str = "The metafield has been modified since it was loaded.";

async fn start() -> RunningEmulator {
    Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .unwrap()
}

/// A customer with the metafield `scim.external_id` holding `value`: its gid.
async fn customer_with(emulator: &RunningEmulator, email: &str, value: &str) -> String {
    create_customer(
        emulator,
        TOKEN,
        json!({"email": email, "metafields": [
            {"namespace": "scim", "key": "external_id", "type": "single_line_text_field", "value": value},
        ]}),
    )
    .await
}

/// A `MetafieldsSetInput` of `scim.{key}` on `owner`, with `compare_digest` when it is
/// given (`Some(Value::Null)` sends an explicit null).
fn input(owner: &str, key: &str, value: &str, compare_digest: Option<Value>) -> Value {
    let mut input = json!({"ownerId": owner, "namespace": "scim", "key": key,
        "type": "single_line_text_field", "value": value});
    if let Some(digest) = compare_digest {
        input["compareDigest"] = digest;
    }
    input
}

fn digest_of(metafield: &Value) -> String {
    metafield["compareDigest"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_digest_is_answered_and_follows_the_value() {
    let emulator = start().await;
    let gid = customer_with(&emulator, "digest@example.com", "ext-1").await;
    let read = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    let first = digest_of(&read);
    assert_eq!(first.len(), 64, "{first}");
    assert!(first.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));

    // The same value again: the same digest, in the payload and when read.
    let same = set_metafields(
        &emulator,
        TOKEN,
        json!([input(&gid, "external_id", "ext-1", None)]),
    )
    .await;
    assert_eq!(digest_of(&same["metafields"][0]), first);
    // Another customer holding the same value: the same digest (as the captures show).
    let other = customer_with(&emulator, "twin@example.com", "ext-1").await;
    let twin = read_metafield(&emulator, TOKEN, &other, "scim", "external_id").await;
    assert_eq!(digest_of(&twin), first);

    // Another value: another digest.
    let changed = set_metafields(
        &emulator,
        TOKEN,
        json!([input(&gid, "external_id", "ext-2", None)]),
    )
    .await;
    let second = digest_of(&changed["metafields"][0]);
    assert_ne!(second, first);
    let read = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert_eq!(read, json!({"value": "ext-2", "compareDigest": second}));

    // Wherever a metafield is selected: the customer's `metafields` connection too.
    let list = "query List($id: ID!) { customer(id: $id) { metafields(first: 5) { nodes { compareDigest } } } }";
    let answer = post_ok(&emulator, TOKEN, list, json!({"id": gid})).await;
    assert_eq!(
        answer["data"]["customer"]["metafields"]["nodes"],
        json!([{"compareDigest": second}])
    );
}

#[tokio::test]
async fn the_current_digest_sets_the_metafield() {
    let emulator = start().await;
    let gid = customer_with(&emulator, "current@example.com", "ext-1").await;
    let digest = digest_of(&read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await);
    let set = set_metafields(
        &emulator,
        TOKEN,
        json!([input(&gid, "external_id", "ext-2", Some(json!(digest)))]),
    )
    .await;
    assert_eq!(set["userErrors"], json!([]));
    assert_eq!(set["metafields"][0]["value"], "ext-2");
    let read = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert_eq!(read["value"], "ext-2");
}

#[tokio::test]
async fn a_stale_digest_writes_nothing_not_even_a_valid_neighbour() {
    let emulator = start().await;
    let gid = customer_with(&emulator, "stale@example.com", "ext-1").await;
    let loaded = digest_of(&read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await);
    // Another writer changes the value after it was loaded.
    set_metafields(
        &emulator,
        TOKEN,
        json!([input(&gid, "external_id", "ext-2", None)]),
    )
    .await;

    // The stale write, beside one that would have been set on its own: atomic, so neither.
    let set = set_metafields(
        &emulator,
        TOKEN,
        json!([
            input(&gid, "external_id", "ext-3", Some(json!(loaded))),
            input(&gid, "department", "Sales", None),
        ]),
    )
    .await;
    assert_eq!(
        set["userErrors"],
        json!([{"field": ["metafields", "0", "compareDigest"], "message": STALE, "code": "STALE_OBJECT"}])
    );
    assert_eq!(set["metafields"], json!([]));
    let read = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert_eq!(read["value"], "ext-2", "the other writer's value stays");
    let neighbour = read_metafield(&emulator, TOKEN, &gid, "scim", "department").await;
    assert_eq!(neighbour, Value::Null, "nothing of the call was written");
}

#[tokio::test]
async fn a_null_digest_sets_only_a_metafield_that_does_not_exist() {
    let emulator = start().await;
    let gid = customer_with(&emulator, "null@example.com", "ext-1").await;

    let refused = set_metafields(
        &emulator,
        TOKEN,
        json!([input(&gid, "external_id", "ext-2", Some(Value::Null))]),
    )
    .await;
    assert_eq!(refused["userErrors"][0]["code"], "STALE_OBJECT");
    assert_eq!(
        refused["userErrors"][0]["field"],
        json!(["metafields", "0", "compareDigest"])
    );
    let read = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert_eq!(read["value"], "ext-1");

    let created = set_metafields(
        &emulator,
        TOKEN,
        json!([input(&gid, "department", "Sales", Some(Value::Null))]),
    )
    .await;
    assert_eq!(created["userErrors"], json!([]));
    let read = read_metafield(&emulator, TOKEN, &gid, "scim", "department").await;
    assert_eq!(read["value"], "Sales");
}

#[tokio::test]
async fn a_digest_for_a_metafield_that_does_not_exist_is_stale() {
    let emulator = start().await;
    let gid = customer_with(&emulator, "gone@example.com", "ext-1").await;
    let loaded = digest_of(&read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await);
    let delete = "mutation Delete($metafields: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $metafields) { userErrors { message } } }";
    let identifier = json!({"ownerId": gid, "namespace": "scim", "key": "external_id"});
    post_ok(
        &emulator,
        TOKEN,
        delete,
        json!({"metafields": [identifier]}),
    )
    .await;

    let set = set_metafields(
        &emulator,
        TOKEN,
        json!([input(&gid, "external_id", "ext-2", Some(json!(loaded)))]),
    )
    .await;
    assert_eq!(set["userErrors"][0]["code"], "STALE_OBJECT");
    let read = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert_eq!(read, Value::Null);
}

#[tokio::test]
async fn a_unique_value_another_customer_holds_answers_the_code_taken() {
    let emulator = start().await;
    define_custom_id(&emulator, TOKEN, "scim", "external_id").await;
    customer_with(&emulator, "first@example.com", "ext-1").await;
    let second = create_customer(&emulator, TOKEN, json!({"email": "second@example.com"})).await;
    let set = set_metafields(
        &emulator,
        TOKEN,
        json!([{"ownerId": second, "namespace": "scim", "key": "external_id", "type": "id", "value": "ext-1"}]),
    )
    .await;
    assert_eq!(
        set["userErrors"],
        json!([{"field": ["metafields", "0", "value"], "message": "Value has already been taken", "code": "TAKEN"}])
    );
}

#[tokio::test]
async fn the_inline_metafields_of_a_customer_write_have_no_compare_digest() {
    // `MetafieldInput` (customerCreate, customerUpdate) has no `compareDigest` in the schema:
    // the document is invalid.
    let emulator = start().await;
    let gid = customer_with(&emulator, "inline@example.com", "ext-1").await;
    let update = "mutation Update($id: ID!) { customerUpdate(input: {id: $id, metafields: [{namespace: \"scim\", key: \"external_id\", value: \"x\", compareDigest: null}]}) { userErrors { message } } }";
    let answer = post_ok(&emulator, TOKEN, update, json!({"id": gid})).await;
    assert!(answer["data"].is_null(), "{answer}");
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("compareDigest"),
        "{answer}"
    );
}
