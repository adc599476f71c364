//! The emulator's answers outside the captures' replay: authentication, validation, cost
//! limits, throttling, search lag and deletion blocked by orders.

use std::time::Duration;

use serde_json::{Value, json};

use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};

mod common;

use common::post;

const TOKEN: &str = "shpat_behaviour";

async fn start(config: EmulatorConfig) -> RunningEmulator {
    Emulator::start(config.shop(TOKEN, Plan::Standard))
        .await
        .unwrap()
}

const CREATE: &str = "mutation C($input: CustomerInput!) { customerCreate(input: $input) { customer { id email tags } userErrors { field message } } }";

#[tokio::test]
async fn a_bad_token_answers_401_with_shopifys_body() {
    let emulator = start(EmulatorConfig::new()).await;
    let (status, body) = post(&emulator, "wrong", json!({"query": "{ shop { id } }"})).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
    );
}

#[tokio::test]
async fn an_undefined_field_answers_shopifys_validation_error() {
    let emulator = start(EmulatorConfig::new()).await;
    let query = "query Q($id: ID!) {\n  customer(id: $id) {\n    id\n    nope\n  }\n}";
    let (status, body) = post(
        &emulator,
        TOKEN,
        json!({"query": query, "variables": {"id": "x"}}),
    )
    .await;
    assert_eq!(status, 200);
    let error = &body["errors"][0];
    assert_eq!(
        error["message"],
        "Field 'nope' doesn't exist on type 'Customer'"
    );
    assert_eq!(error["extensions"]["code"], "undefinedField");
    assert_eq!(error["locations"][0], json!({"line": 4, "column": 5}));
}

#[tokio::test]
async fn a_query_over_1000_points_is_refused_and_an_empty_bucket_throttles() {
    let emulator = start(EmulatorConfig::new()).await;
    let big = "{ customers(first: 250) { nodes { id defaultEmailAddress { emailAddress } metafields(first: 5) { nodes { id } } } } }";
    let (_, body) = post(&emulator, TOKEN, json!({"query": big})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "MAX_COST_EXCEEDED");

    emulator.faults().throttle_next(1);
    let (status, body) = post(
        &emulator,
        TOKEN,
        json!({"query": "{ customers(first: 1) { nodes { id } } }"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["errors"][0]["message"], "Throttled");
    assert_eq!(body["errors"][0]["extensions"]["code"], "THROTTLED");
    assert_eq!(body["extensions"]["cost"]["requestedQueryCost"], 3);
}

#[tokio::test]
async fn search_lags_writes_but_identifier_lookups_do_not() {
    let emulator = start(EmulatorConfig::new().search_lag(Duration::from_millis(300))).await;
    let (_, created) = post(&emulator, TOKEN, json!({"query": CREATE, "variables": {"input": {"email": " Ada@Example.COM ", "tags": ["b", "A,a"]}}})).await;
    let customer = &created["data"]["customerCreate"]["customer"];
    assert_eq!(customer["email"], "ada@example.com");
    assert_eq!(customer["tags"], json!(["A", "b"]));
    let search = json!({"query": "{ customers(first: 5, query: \"email:ada@example.com\") { nodes { email } } }"});
    let by_email = json!({"query": "{ customerByIdentifier(identifier: {emailAddress: \"ada@example.com\"}) { email } }"});
    let (_, found) = post(&emulator, TOKEN, by_email).await;
    assert_eq!(
        found["data"]["customerByIdentifier"]["email"],
        "ada@example.com"
    );
    let (_, early) = post(&emulator, TOKEN, search.clone()).await;
    assert_eq!(early["data"]["customers"]["nodes"], json!([]));
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (_, late) = post(&emulator, TOKEN, search).await;
    assert_eq!(
        late["data"]["customers"]["nodes"],
        json!([{"email": "ada@example.com"}])
    );
}

#[tokio::test]
async fn a_customer_with_orders_cannot_be_deleted_and_unsupported_fields_say_so() {
    let emulator = start(EmulatorConfig::new()).await;
    let (_, created) = post(
        &emulator,
        TOKEN,
        json!({"query": CREATE, "variables": {"input": {"email": "o@example.com"}}}),
    )
    .await;
    let id = created["data"]["customerCreate"]["customer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(emulator.seed_orders(TOKEN, &id, 1));
    let delete = "mutation D($id: ID!) { customerDelete(input: {id: $id}) { deletedCustomerId userErrors { field message } } }";
    let (_, body) = post(
        &emulator,
        TOKEN,
        json!({"query": delete, "variables": {"id": id}}),
    )
    .await;
    assert_eq!(
        body["data"]["customerDelete"]["userErrors"],
        json!([{"field": ["id"], "message": "Customer can\u{2019}t be deleted because they have associated orders"}])
    );
    let orders = "{ orders(first: 1) { nodes { id } } }";
    let (_, body) = post(&emulator, TOKEN, json!({"query": orders})).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "UNSUPPORTED_BY_EMULATOR"
    );
    assert_eq!(body["data"]["orders"], Value::Null);
}

#[tokio::test]
async fn injected_server_errors_come_first() {
    let emulator = start(EmulatorConfig::new()).await;
    emulator.faults().fail_next(1, 503);
    let query = json!({"query": "{ customers(first: 1) { nodes { id } } }"});
    let (status, _) = post(&emulator, TOKEN, query.clone()).await;
    assert_eq!(status, 503);
    let (status, _) = post(&emulator, TOKEN, query).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn data_erasure_of_an_unknown_customer_is_does_not_exist() {
    let emulator = Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .unwrap();
    // Verbatim from captures/.../customer-account-page-data-erasure.json (validation).
    let erase = "mutation E($customerId: ID!) { customerRequestDataErasure(customerId: $customerId) { customerId userErrors { field message code } } }";
    let (_, body) = post(
        &emulator,
        TOKEN,
        json!({"query": erase, "variables": {"customerId": "gid://shopify/Customer/999999999999999"}}),
    )
    .await;
    assert_eq!(
        body["data"]["customerRequestDataErasure"],
        json!({"customerId": null, "userErrors": [
            {"field": ["customerId"], "message": "Customer does not exist", "code": "DOES_NOT_EXIST"}
        ]})
    );
}

#[tokio::test]
async fn metafields_delete_answers_each_identifier_in_order() {
    let emulator = Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .unwrap();
    let create = "mutation C($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { field message } } }";
    let (_, body) = post(
        &emulator,
        TOKEN,
        json!({"query": create, "variables": {"input": {
            "email": "meta@example.com",
            "metafields": [{"namespace": "scim", "key": "active", "type": "boolean", "value": "false"}],
        }}}),
    )
    .await;
    let id = body["data"]["customerCreate"]["customer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The shapes of captures/.../metafield-definitions/metafield-delete-not-found.json.
    let delete = "mutation D($metafields: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $metafields) { deletedMetafields { ownerId namespace key } userErrors { field message } } }";
    let identifier = json!({"ownerId": id, "namespace": "scim", "key": "active"});
    let variables = json!({"metafields": [identifier]});
    let (_, body) = post(
        &emulator,
        TOKEN,
        json!({"query": delete, "variables": variables}),
    )
    .await;
    assert_eq!(
        body["data"]["metafieldsDelete"],
        json!({"deletedMetafields": [identifier], "userErrors": []})
    );
    let (_, body) = post(
        &emulator,
        TOKEN,
        json!({"query": delete, "variables": variables}),
    )
    .await;
    assert_eq!(
        body["data"]["metafieldsDelete"],
        json!({"deletedMetafields": [null], "userErrors": []})
    );
    let read = "query R($id: ID!) { customer(id: $id) { metafields(first: 5) { nodes { key } } } }";
    let (_, body) = post(
        &emulator,
        TOKEN,
        json!({"query": read, "variables": {"id": id}}),
    )
    .await;
    assert_eq!(body["data"]["customer"]["metafields"]["nodes"], json!([]));
}

#[tokio::test]
async fn stats_count_calls_cost_and_throttling_per_operation_name() {
    let emulator = start(EmulatorConfig::new()).await;
    let create = json!({"query": CREATE, "operationName": "C",
        "variables": {"input": {"email": "stats@example.com"}}});
    post(&emulator, TOKEN, create.clone()).await;
    emulator.faults().throttle_next(1);
    post(&emulator, TOKEN, create).await;
    post(&emulator, "wrong", json!({"query": "{ shop { id } }"})).await;

    let stats = emulator.stats();
    let c = &stats.operations["C"];
    assert_eq!((c.calls, c.throttled), (1, 1));
    assert_eq!(c.requested_cost, 10, "a mutation costs 10");
    assert_eq!(stats.calls(), 1, "a refused token is not a call: {stats:?}");
    emulator.reset_stats();
    assert_eq!(emulator.stats().calls(), 0);
}

/// `customersCount` is priced 10 (the captured `CustomersCountRead` asked three counts for
/// 30 points), counts to 10,000 unless `limit: null`, and says when it stopped.
#[tokio::test]
async fn customers_count_is_priced_10_and_honours_its_limit() {
    let emulator = start(EmulatorConfig::new()).await;
    for n in 0..3 {
        let (status, _) = post(
            &emulator,
            TOKEN,
            json!({"query": CREATE, "variables": {"input": {"email": format!("count{n}@example.com")}}}),
        )
        .await;
        assert_eq!(status, 200);
    }
    let (_, answer) = post(
        &emulator,
        TOKEN,
        json!({"query": "query Counts { all: customersCount(limit: null) { count precision } \
            two: customersCount(limit: 2) { count precision } plain: customersCount { count } }"}),
    )
    .await;
    assert_eq!(
        answer["data"]["all"],
        json!({"count": 3, "precision": "EXACT"})
    );
    assert_eq!(
        answer["data"]["two"],
        json!({"count": 2, "precision": "AT_LEAST"})
    );
    assert_eq!(answer["data"]["plain"]["count"], 3);
    assert_eq!(
        answer["extensions"]["cost"]["requestedQueryCost"], 30,
        "{answer}"
    );
    assert_eq!(
        answer["extensions"]["cost"]["actualQueryCost"], 30,
        "{answer}"
    );
}

/// A Shopify cursor is a place in the list (`{"last_id": …}`), not an item: after the
/// customer it names is deleted, `after:` resumes with the next id and `before:` ends with
/// the one before, as on a real shop.
#[tokio::test]
async fn a_cursor_outlives_the_customer_it_names() {
    let emulator = start(EmulatorConfig::new()).await;
    let mut ids = Vec::new();
    for n in 0..4 {
        let (_, created) = post(
            &emulator,
            TOKEN,
            json!({"query": CREATE, "variables": {"input": {"email": format!("cursor{n}@example.com")}}}),
        )
        .await;
        ids.push(
            created["data"]["customerCreate"]["customer"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let window = "query W($first: Int, $after: String, $last: Int, $before: String) { \
        customers(first: $first, after: $after, last: $last, before: $before, sortKey: ID) { \
        nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
    let (_, first_two) = post(
        &emulator,
        TOKEN,
        json!({"query": window, "variables": {"first": 2}}),
    )
    .await;
    let end = first_two["data"]["customers"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, last_two) = post(
        &emulator,
        TOKEN,
        json!({"query": window, "variables": {"last": 2}}),
    )
    .await;
    let start = last_two["data"]["customers"]["pageInfo"]["startCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    for id in [&ids[1], &ids[2]] {
        let (status, deleted) = post(
            &emulator,
            TOKEN,
            json!({"query": "mutation D($input: CustomerDeleteInput!) { customerDelete(input: $input) { deletedCustomerId } }",
                   "variables": {"input": {"id": id}}}),
        )
        .await;
        assert_eq!(status, 200, "{deleted}");
    }
    let ids_of = |answer: &Value| -> Vec<String> {
        answer["data"]["customers"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, after) = post(
        &emulator,
        TOKEN,
        json!({"query": window, "variables": {"first": 5, "after": end}}),
    )
    .await;
    assert_eq!(ids_of(&after), [ids[3].clone()], "{after}");
    assert_eq!(
        after["data"]["customers"]["pageInfo"]["hasPreviousPage"],
        true
    );
    let (_, before) = post(
        &emulator,
        TOKEN,
        json!({"query": window, "variables": {"last": 5, "before": start}}),
    )
    .await;
    assert_eq!(ids_of(&before), [ids[0].clone()], "{before}");
    assert_eq!(before["data"]["customers"]["pageInfo"]["hasNextPage"], true);
}
