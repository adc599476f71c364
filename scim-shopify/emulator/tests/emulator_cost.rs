//! The emulator charges the requested cost up front and refunds what the answer did not use
//! (shopify.dev, "GraphQL Admin API rate limits"): `actualQueryCost`, the bucket's
//! `currentlyAvailable` after the refund, and [`Stats`](scim_shopify_emulator::Stats).

use serde_json::json;

use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};

mod common;

use common::{post, request};

const TOKEN: &str = "shpat_cost";

#[tokio::test]
async fn the_bucket_is_refunded_what_the_answer_did_not_use() {
    let emulator = Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .unwrap();
    let query = "query Lookup($id: ID!) { customer(id: $id) { id \
        defaultEmailAddress { emailAddress } metafields(first: 5) { nodes { key } } } }";
    let (_, missing) = post(
        &emulator,
        TOKEN,
        request(query, json!({"id": "gid://shopify/Customer/999"})),
    )
    .await;
    let cost = &missing["extensions"]["cost"];
    // Requested: customer 1, email 1, metafields 2 + 5; a null customer is charged 1.
    assert_eq!(cost["requestedQueryCost"], 9, "{missing}");
    assert_eq!(cost["actualQueryCost"], 1, "{missing}");
    assert_eq!(
        cost["throttleStatus"]["currentlyAvailable"], 1999,
        "{missing}"
    );

    let (_, created) = post(
        &emulator,
        TOKEN,
        request(
            "mutation Create($input: CustomerInput!) { customerCreate(input: $input) { \
             customer { id metafields(first: 5) { nodes { key } } } userErrors { message } } }",
            json!({"input": {"email": "cost@example.com", "metafields": [
                {"namespace": "scim", "key": "a", "type": "single_line_text_field", "value": "1"}]}}),
        ),
    )
    .await;
    let cost = &created["extensions"]["cost"];
    // 10, plus metafields 2 + 5 requested and 2 + 1 returned.
    assert_eq!(cost["requestedQueryCost"], 17, "{created}");
    assert_eq!(cost["actualQueryCost"], 13, "{created}");

    let stats = emulator.stats();
    assert_eq!(stats.operations["Lookup"].requested_cost, 9);
    assert_eq!(stats.operations["Lookup"].actual_cost, 1);
    assert_eq!(stats.operations["Create"].actual_cost, 13);
    assert_eq!(stats.actual_cost(), 14);
    emulator.stop().await;
}

#[tokio::test]
async fn the_shop_costs_one_point_as_any_object_and_its_metafield_one_more() {
    let emulator = Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .unwrap();
    // `shop { id }`: requested and charged 1, as the capture
    // bulk-operation-run-mutation-allowed-roots.json (setup `shopId`) records.
    let (_, answer) = post(
        &emulator,
        TOKEN,
        request("query ShopId { shop { id } }", json!({})),
    )
    .await;
    assert_eq!(
        answer["extensions"]["cost"]["requestedQueryCost"], 1,
        "{answer}"
    );
    assert_eq!(
        answer["extensions"]["cost"]["actualQueryCost"], 1,
        "{answer}"
    );

    // The shop 1 and its metafield 1 (a customer's metafield costs the same): 2, charged in
    // full whether the metafield is there or null (a null object costs its own point).
    let read = "query ReadShopMarker { shop { metafield(namespace: \"app\", key: \"marker\") { \
        id namespace key type value compareDigest createdAt updatedAt } } }";
    let (_, absent) = post(&emulator, TOKEN, request(read, json!({}))).await;
    assert_eq!(absent["data"]["shop"]["metafield"], serde_json::Value::Null);
    assert_eq!(
        absent["extensions"]["cost"]["requestedQueryCost"], 2,
        "{absent}"
    );
    assert_eq!(
        absent["extensions"]["cost"]["actualQueryCost"], 2,
        "{absent}"
    );
    let set = "mutation Mark { metafieldsSet(metafields: [{ownerId: \"gid://shopify/Shop/1\", \
        namespace: \"app\", key: \"marker\", type: \"single_line_text_field\", value: \"v\"}]) { \
        userErrors { code } } }";
    post(&emulator, TOKEN, request(set, json!({}))).await;
    let (_, present) = post(&emulator, TOKEN, request(read, json!({}))).await;
    assert_eq!(
        present["data"]["shop"]["metafield"]["value"], "v",
        "{present}"
    );
    assert_eq!(
        present["extensions"]["cost"]["requestedQueryCost"], 2,
        "{present}"
    );
    assert_eq!(
        present["extensions"]["cost"]["actualQueryCost"], 2,
        "{present}"
    );

    let customer = "query ReadCustomerMarker { customer(id: \"gid://shopify/Customer/1\") { \
        metafield(namespace: \"app\", key: \"marker\") { id value compareDigest } } }";
    let (_, customer) = post(&emulator, TOKEN, request(customer, json!({}))).await;
    assert_eq!(
        customer["extensions"]["cost"]["requestedQueryCost"], 2,
        "{customer}"
    );

    // `metafields(first: 5)`: the shop 1, the connection 2 plus 5 nodes of 1, as a customer's.
    let list = "query ListShopMarkers { shop { metafields(first: 5) { nodes { key } } } }";
    let (_, listed) = post(&emulator, TOKEN, request(list, json!({}))).await;
    assert_eq!(
        listed["extensions"]["cost"]["requestedQueryCost"], 8,
        "{listed}"
    );
    assert_eq!(
        listed["extensions"]["cost"]["actualQueryCost"], 4,
        "{listed}"
    );
    emulator.stop().await;
}
