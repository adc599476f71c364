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
