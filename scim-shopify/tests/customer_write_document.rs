//! The store's `CustomerWrite` document (several aliased root mutation fields in one
//! request) as the offline Shopify runs it: in order, each under its alias, charged their sum.

use serde_json::{Value, json};

use scim_shopify::client::Operation;
use scim_shopify::client::operations::CustomerWrite;
use scim_shopify_emulator::{ADMIN_API_VERSION, Emulator, EmulatorConfig, Plan, RunningEmulator};

const TOKEN: &str = "shpat_customer_write";

const CREATE: &str = "mutation CustomerCreate($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { field message } } }";

async fn post(emulator: &RunningEmulator, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(emulator.graphql_url(ADMIN_API_VERSION))
        .header("X-Shopify-Access-Token", TOKEN)
        .json(&body)
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

/// GraphQL runs a mutation's root fields serially, in document order, each under its alias
/// (GraphQL spec, "Normal and Serial Execution"); Shopify charges 10 per mutation field
/// plus what the payloads select below their first level.
#[tokio::test]
async fn aliased_root_mutations_run_in_order_and_cost_their_sum() {
    let emulator = Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .expect("the emulator starts");
    let (_, created) = post(
        &emulator,
        json!({"query": CREATE, "operationName": "CustomerCreate", "variables": {"input": {
            "email": "order@example.com", "tags": ["scim-group:Old"],
            "metafields": [{"namespace": "scim", "key": "title", "type": "single_line_text_field", "value": "x"}],
        }}}),
    )
    .await;
    let gid = created["data"]["customerCreate"]["customer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let variables = json!({
        "id": gid,
        "input": {"id": gid, "firstName": "Ada",
                  "metafields": [{"namespace": "scim", "key": "active", "type": "boolean", "value": "false"}]},
        "deletions": [{"ownerId": gid, "namespace": "scim", "key": "title"}],
        "tagsToRemove": ["scim-group:Old"],
        "tagsToAdd": ["scim-inactive"],
        "metafieldNamespace": "scim",
    });
    let (status, body) = post(
        &emulator,
        json!({"query": CustomerWrite::DOCUMENT, "operationName": "CustomerWrite", "variables": variables}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let data = &body["data"];
    let keys: Vec<&str> = data
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["deleteMetafields", "update", "removeTags", "addTags"]
    );
    let customer = &data["addTags"]["node"];
    assert_eq!(customer["firstName"], "Ada");
    assert_eq!(customer["tags"], json!(["scim-inactive"]));
    let metafield = &customer["metafields"]["nodes"][0];
    assert_eq!(
        (&metafield["key"], &metafield["value"]),
        (&json!("active"), &json!("false"))
    );
    assert_eq!(customer["metafields"]["nodes"].as_array().unwrap().len(), 1);
    // The compare-and-set digest of its value, read with it (`HasCompareDigest`).
    assert_eq!(metafield["compareDigest"].as_str().map(str::len), Some(64));
    // Four mutation fields, and the customer the last one selects: its email and phone
    // objects (1 each) and 7 metafields (2 + 7).
    assert_eq!(
        body["extensions"]["cost"]["requestedQueryCost"],
        4 * 10 + 11
    );
}
