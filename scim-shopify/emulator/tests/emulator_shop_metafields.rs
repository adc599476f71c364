//! The shop itself and its own metafields: `shop { id }`, `shop { metafield metafields }`,
//! and `metafieldsSet` and `metafieldsDelete` with the shop's gid as owner, alone or beside
//! customers, so that an app can keep a shop-wide marker and move it by compare-and-set.
//!
//! The captures give the shop's gid shape (`gid://shopify/Shop/N`, `shop { id }` requested
//! and charged 1) and a shop metafield's `ownerType` (`SHOP`, set by a bulk `metafieldsSet`
//! on the shop's gid: `captures/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-mutation-allowed-roots.json`).
//! No capture records a `compareDigest` sent to Shopify, for any owner: the rest follows the
//! schema's documentation (`schema/admin-2026-07.graphql`): `metafieldsSet` ("atomic", its
//! compare-and-set paragraph), `MetafieldsSetInput.type` ("Required when there's no
//! corresponding definition for the given `namespace`, `key`, and owner resource type
//! (derived from `ownerId`)"), `STALE_OBJECT` ("The metafield has been modified since it was
//! loaded.").

use serde_json::{Value, json};

use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};

mod common;

use common::{
    create_customer, define_custom_id, post_ok, read_metafield, read_shop_metafield, shop_gid,
};

const TOKEN: &str = "shpat_shop_metafields";

/// The message of `STALE_OBJECT`, from the code's description in the schema.
const STALE: &str = "The metafield has been modified since it was loaded.";

/// `metafieldsSet` answering every field the tests read of the metafields set.
const SET: &str = "mutation SetMetafields($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { id namespace key type value compareDigest ownerType } userErrors { field message code } } }";

async fn start() -> RunningEmulator {
    Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .unwrap()
}

/// `metafieldsSet` of `metafields` with [`SET`]: its payload.
async fn set(emulator: &RunningEmulator, metafields: Value) -> Value {
    let answer = post_ok(emulator, TOKEN, SET, json!({"metafields": metafields})).await;
    answer["data"]["metafieldsSet"].clone()
}

/// A `MetafieldsSetInput` of `app.{key}` on `owner` (typed), with `compare_digest` when it is
/// given (`Some(Value::Null)` sends an explicit null).
fn input(owner: &str, key: &str, value: &str, compare_digest: Option<Value>) -> Value {
    let mut input = json!({"ownerId": owner, "namespace": "app", "key": key,
        "type": "single_line_text_field", "value": value});
    if let Some(digest) = compare_digest {
        input["compareDigest"] = digest;
    }
    input
}

#[tokio::test]
async fn each_shop_answers_its_own_gid_wherever_the_shop_is_selected() {
    let emulator = Emulator::start(
        EmulatorConfig::new()
            .shop(TOKEN, Plan::Standard)
            .shop("shpat_other_shop", Plan::Standard),
    )
    .await
    .unwrap();
    let gid = shop_gid(&emulator, TOKEN).await;
    assert_eq!(gid, "gid://shopify/Shop/1");
    assert_eq!(
        shop_gid(&emulator, "shpat_other_shop").await,
        "gid://shopify/Shop/2"
    );

    let nodes = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }";
    let answer = post_ok(&emulator, TOKEN, nodes, json!({"ids": [gid]})).await;
    assert_eq!(
        answer["data"]["nodes"],
        json!([{"__typename": "Shop", "id": gid}])
    );

    // `CustomerDeletePayload.shop` is `Shop!`, as the capture customer-delete-parity answers.
    let customer = create_customer(&emulator, TOKEN, json!({"email": "gone@example.com"})).await;
    let delete = "mutation Delete($id: ID!) { customerDelete(input: {id: $id}) { deletedCustomerId shop { id } } }";
    let answer = post_ok(&emulator, TOKEN, delete, json!({"id": customer})).await;
    assert_eq!(answer["data"]["customerDelete"]["shop"], json!({"id": gid}));

    // The other fields of the shop are not emulated, and say so.
    let answer = post_ok(&emulator, TOKEN, "{ shop { id name } }", json!({})).await;
    assert_eq!(answer["data"]["shop"]["id"], gid);
    assert_eq!(
        answer["errors"][0]["extensions"]["code"],
        "UNSUPPORTED_BY_EMULATOR"
    );
    assert_eq!(answer["errors"][0]["path"], json!(["shop", "name"]));
}

#[tokio::test]
async fn a_shop_marker_is_claimed_once_and_then_moved_by_its_digest() {
    let emulator = start().await;
    let shop = shop_gid(&emulator, TOKEN).await;
    assert_eq!(
        read_shop_metafield(&emulator, TOKEN, "app", "marker").await,
        Value::Null
    );

    // Claimed with `compareDigest: null`: only if there is none yet.
    let claimed = set(
        &emulator,
        json!([input(&shop, "marker", "v1", Some(Value::Null))]),
    )
    .await;
    assert_eq!(claimed["userErrors"], json!([]));
    let set_one = &claimed["metafields"][0];
    assert_eq!(set_one["ownerType"], "SHOP");
    assert_eq!(set_one["value"], "v1");
    let digest = set_one["compareDigest"].as_str().unwrap().to_owned();

    // Read back: every field, the digest the set answered.
    let read = read_shop_metafield(&emulator, TOKEN, "app", "marker").await;
    assert_eq!(read["id"], set_one["id"]);
    assert!(
        read["id"]
            .as_str()
            .unwrap()
            .starts_with("gid://shopify/Metafield/")
    );
    assert_eq!(
        (
            &read["namespace"],
            &read["key"],
            &read["type"],
            &read["value"]
        ),
        (
            &json!("app"),
            &json!("marker"),
            &json!("single_line_text_field"),
            &json!("v1")
        )
    );
    assert_eq!(read["compareDigest"], digest.as_str());
    assert!(read["createdAt"].as_str().unwrap().ends_with('Z'), "{read}");
    assert!(read["updatedAt"].is_string(), "{read}");

    // A second claim loses: STALE_OBJECT, nothing written.
    let second = set(
        &emulator,
        json!([input(&shop, "marker", "v2", Some(Value::Null))]),
    )
    .await;
    assert_eq!(
        second["userErrors"],
        json!([{"field": ["metafields", "0", "compareDigest"], "message": STALE, "code": "STALE_OBJECT"}])
    );
    assert_eq!(second["metafields"], json!([]));
    assert_eq!(emulator.stats().user_errors("STALE_OBJECT"), 1);

    // The digest read moves it, once: the old digest is then stale.
    let moved = set(
        &emulator,
        json!([input(&shop, "marker", "v2", Some(json!(digest)))]),
    )
    .await;
    assert_eq!(moved["userErrors"], json!([]));
    assert_eq!(
        moved["metafields"][0]["id"], read["id"],
        "the same metafield"
    );
    let read = read_shop_metafield(&emulator, TOKEN, "app", "marker").await;
    assert_eq!(read["value"], "v2");
    assert_ne!(read["compareDigest"], digest.as_str());
    let replayed = set(
        &emulator,
        json!([input(&shop, "marker", "v3", Some(json!(digest)))]),
    )
    .await;
    assert_eq!(replayed["userErrors"][0]["code"], "STALE_OBJECT");

    // Without `compareDigest`: set whatever is stored.
    let forced = set(&emulator, json!([input(&shop, "marker", "v4", None)])).await;
    assert_eq!(forced["userErrors"], json!([]));

    // Listed by `metafields`, by namespace.
    let list = "query List($namespace: String) { shop { metafields(first: 5, namespace: $namespace) { nodes { namespace key value } } } }";
    let answer = post_ok(&emulator, TOKEN, list, json!({"namespace": "app"})).await;
    assert_eq!(
        answer["data"]["shop"]["metafields"]["nodes"],
        json!([{"namespace": "app", "key": "marker", "value": "v4"}])
    );
    let answer = post_ok(&emulator, TOKEN, list, json!({"namespace": "other"})).await;
    assert_eq!(answer["data"]["shop"]["metafields"]["nodes"], json!([]));
}

#[tokio::test]
async fn a_set_on_the_shop_and_a_customer_is_atomic() {
    let emulator = start().await;
    let shop = shop_gid(&emulator, TOKEN).await;
    let customer = create_customer(&emulator, TOKEN, json!({"email": "mixed@example.com"})).await;
    set(&emulator, json!([input(&customer, "marker", "c1", None)])).await;

    // The customer's entry is stale: the shop's, valid on its own, is not written either.
    let refused = set(
        &emulator,
        json!([
            input(&shop, "marker", "s1", Some(Value::Null)),
            input(&customer, "marker", "c2", Some(Value::Null)),
        ]),
    )
    .await;
    assert_eq!(
        refused["userErrors"],
        json!([{"field": ["metafields", "1", "compareDigest"], "message": STALE, "code": "STALE_OBJECT"}])
    );
    assert_eq!(
        read_shop_metafield(&emulator, TOKEN, "app", "marker").await,
        Value::Null
    );
    let kept = read_metafield(&emulator, TOKEN, &customer, "app", "marker").await;
    assert_eq!(kept["value"], "c1");

    // Both valid: both written, each on its owner.
    let digest = kept["compareDigest"].clone();
    let written = set(
        &emulator,
        json!([
            input(&shop, "marker", "s1", Some(Value::Null)),
            input(&customer, "marker", "c2", Some(digest)),
        ]),
    )
    .await;
    assert_eq!(written["userErrors"], json!([]));
    let owners: Vec<&Value> = written["metafields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["ownerType"])
        .collect();
    assert_eq!(owners, [&json!("SHOP"), &json!("CUSTOMER")]);
    let shop_marker = read_shop_metafield(&emulator, TOKEN, "app", "marker").await;
    assert_eq!(shop_marker["value"], "s1");
    let customer_marker = read_metafield(&emulator, TOKEN, &customer, "app", "marker").await;
    assert_eq!(customer_marker["value"], "c2");
}

#[tokio::test]
async fn a_customer_definition_governs_customers_only() {
    let emulator = start().await;
    let shop = shop_gid(&emulator, TOKEN).await;
    define_custom_id(&emulator, TOKEN, "scim", "external_id").await;
    let customer = create_customer(&emulator, TOKEN, json!({"email": "unique@example.com"})).await;
    let untyped = |owner: &str| json!({"ownerId": owner, "namespace": "scim", "key": "external_id", "value": "ext-1"});

    // Without a type: the customer's metafield takes its definition's; there is no shop
    // definition, so the shop's needs one.
    let typed_by_definition = set(&emulator, json!([untyped(&customer)])).await;
    assert_eq!(typed_by_definition["userErrors"], json!([]));
    assert_eq!(typed_by_definition["metafields"][0]["type"], "id");
    let refused = set(&emulator, json!([untyped(&shop)])).await;
    assert_eq!(
        refused["userErrors"],
        json!([{"field": ["metafields", "0", "type"], "message": "Type can't be blank", "code": null}])
    );

    // The customer's unique value is not taken for the shop.
    let mut shop_input = untyped(&shop);
    shop_input["type"] = json!("single_line_text_field");
    let shared = set(&emulator, json!([shop_input])).await;
    assert_eq!(shared["userErrors"], json!([]));
    assert_eq!(shared["metafields"][0]["ownerType"], "SHOP");
}

#[tokio::test]
async fn the_shop_marker_is_deleted_by_its_identifier() {
    let emulator = start().await;
    let shop = shop_gid(&emulator, TOKEN).await;
    set(&emulator, json!([input(&shop, "marker", "v1", None)])).await;
    let delete = "mutation Delete($metafields: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $metafields) { deletedMetafields { ownerId namespace key } userErrors { field message } } }";
    let identifier = json!({"ownerId": shop, "namespace": "app", "key": "marker"});
    let answer = post_ok(
        &emulator,
        TOKEN,
        delete,
        json!({"metafields": [identifier, identifier]}),
    )
    .await;
    assert_eq!(
        answer["data"]["metafieldsDelete"],
        json!({"deletedMetafields": [identifier, null], "userErrors": []})
    );
    assert_eq!(
        read_shop_metafield(&emulator, TOKEN, "app", "marker").await,
        Value::Null
    );
}

#[tokio::test]
async fn owners_that_are_not_this_shop_or_its_customers() {
    let emulator = start().await;
    // Another shop's gid names no owner here.
    let elsewhere = set(
        &emulator,
        json!([input("gid://shopify/Shop/2", "marker", "v", None)]),
    )
    .await;
    assert_eq!(
        elsewhere["userErrors"],
        json!([{"field": ["metafields", "0", "ownerId"], "message": "Owner does not exist.", "code": null}])
    );
    // Other owner types are not emulated, and say so.
    let answer = post_ok(
        &emulator,
        TOKEN,
        SET,
        json!({"metafields": [input("gid://shopify/Product/1", "marker", "v", None)]}),
    )
    .await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"],
        "UNSUPPORTED_BY_EMULATOR"
    );
}
