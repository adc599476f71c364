//! The emulator's metaobjects and `nodes(ids:)` outside the captures' replay: `$app:` types
//! throughout, paging, handles, the errors no capture shows, and tag searches with quotes.

use serde_json::{Value, json};

use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};

mod common;

use common::post_ok;

const TOKEN: &str = "shpat_metaobjects";

async fn start() -> RunningEmulator {
    Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Plus))
        .await
        .unwrap()
}

const DEFINE: &str = "mutation D($definition: MetaobjectDefinitionCreateInput!) {
  metaobjectDefinitionCreate(definition: $definition) {
    metaobjectDefinition { id type }
    userErrors { field message code }
  }
}";

const CREATE: &str = "mutation C($metaobject: MetaobjectCreateInput!) {
  metaobjectCreate(metaobject: $metaobject) {
    metaobject { id handle type displayName fields { key value } }
    userErrors { field message code elementKey }
  }
}";

const LIST: &str = "query L($type: String!, $first: Int!, $after: String) {
  metaobjects(type: $type, first: $first, after: $after) {
    nodes { handle displayName }
    pageInfo { hasNextPage endCursor }
  }
}";

async fn define_groups(emulator: &RunningEmulator) {
    let defined = post_ok(emulator, TOKEN,
        DEFINE,
        json!({"definition": {
            "type": "$app:scim_group", "name": "SCIM group", "displayNameKey": "display_name",
            "fieldDefinitions": [
                {"key": "display_name", "name": "Display name", "type": "single_line_text_field", "required": true},
                {"key": "external_id", "name": "External id", "type": "single_line_text_field"},
            ],
        }}),
    )
    .await;
    assert_eq!(
        defined["data"]["metaobjectDefinitionCreate"]["metaobjectDefinition"]["type"],
        "app--347082227713--scim_group"
    );
}

async fn create_group(emulator: &RunningEmulator, name: &str) -> Value {
    let created = post_ok(
        emulator,
        TOKEN,
        CREATE,
        json!({"metaobject": {"type": "$app:scim_group",
                              "fields": [{"key": "display_name", "value": name}]}}),
    )
    .await;
    created["data"]["metaobjectCreate"].clone()
}

#[tokio::test]
async fn app_types_resolve_everywhere_and_lists_page_by_cursor() {
    let emulator = start().await;
    define_groups(&emulator).await;
    for name in ["Sales", "Support", "R&D"] {
        let created = create_group(&emulator, name).await;
        assert_eq!(created["userErrors"], json!([]), "{created}");
        assert_eq!(
            created["metaobject"]["type"],
            "app--347082227713--scim_group"
        );
        assert_eq!(created["metaobject"]["displayName"], name);
    }
    let first = post_ok(
        &emulator,
        TOKEN,
        LIST,
        json!({"type": "$app:scim_group", "first": 2}),
    )
    .await;
    let page = &first["data"]["metaobjects"];
    assert_eq!(
        page["nodes"],
        json!([{"handle": "sales", "displayName": "Sales"},
               {"handle": "support", "displayName": "Support"}])
    );
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let second = post_ok(
        &emulator,
        TOKEN,
        LIST,
        json!({"type": "app--347082227713--scim_group", "first": 2,
               "after": page["pageInfo"]["endCursor"]}),
    )
    .await;
    let page = &second["data"]["metaobjects"];
    assert_eq!(
        page["nodes"],
        json!([{"handle": "r-d", "displayName": "R&D"}])
    );
    assert_eq!(page["pageInfo"]["hasNextPage"], false);

    let by_handle = post_ok(&emulator, TOKEN,
        "query H($handle: MetaobjectHandleInput!) { metaobjectByHandle(handle: $handle) { displayName } }",
        json!({"handle": {"type": "$app:scim_group", "handle": "r-d"}}),
    )
    .await;
    assert_eq!(
        by_handle["data"]["metaobjectByHandle"]["displayName"],
        "R&D"
    );
    let other_type = post_ok(
        &emulator,
        TOKEN,
        LIST,
        json!({"type": "$app:other", "first": 5}),
    )
    .await;
    assert_eq!(other_type["data"]["metaobjects"]["nodes"], json!([]));
}

#[tokio::test]
async fn unknown_types_and_fields_and_taken_handles_are_user_errors() {
    let emulator = start().await;
    let unknown = create_group(&emulator, "Sales").await;
    assert_eq!(unknown["metaobject"], Value::Null);
    assert_eq!(unknown["userErrors"][0]["code"], "UNDEFINED_OBJECT_TYPE");
    assert_eq!(
        unknown["userErrors"][0]["field"],
        json!(["metaobject", "type"])
    );

    define_groups(&emulator).await;
    let undefined = post_ok(
        &emulator,
        TOKEN,
        CREATE,
        json!({"metaobject": {"type": "$app:scim_group", "fields": [
            {"key": "display_name", "value": "Sales"}, {"key": "colour", "value": "red"},
        ]}}),
    )
    .await;
    let errors = &undefined["data"]["metaobjectCreate"]["userErrors"];
    assert_eq!(errors[0]["code"], "UNDEFINED_OBJECT_FIELD");
    assert_eq!(errors[0]["field"], json!(["metaobject", "fields", "1"]));
    assert_eq!(errors[0]["elementKey"], "colour");

    let taken = post_ok(
        &emulator,
        TOKEN,
        CREATE,
        json!({"metaobject": {"type": "$app:scim_group", "handle": "sales", "fields": [
            {"key": "display_name", "value": "Sales"},
        ]}}),
    )
    .await;
    assert_eq!(taken["data"]["metaobjectCreate"]["userErrors"], json!([]));
    let again = post_ok(
        &emulator,
        TOKEN,
        CREATE,
        json!({"metaobject": {"type": "$app:scim_group", "handle": "sales", "fields": [
            {"key": "display_name", "value": "Other"},
        ]}}),
    )
    .await;
    assert_eq!(
        again["data"]["metaobjectCreate"]["userErrors"],
        json!([{"field": ["metaobject", "handle"], "message": "Handle has already been taken",
                "code": "TAKEN", "elementKey": null}])
    );
}

#[tokio::test]
async fn nodes_answer_customers_metaobjects_and_nulls_in_order() {
    let emulator = start().await;
    define_groups(&emulator).await;
    let group = create_group(&emulator, "Sales").await["metaobject"]["id"].clone();
    let customer = post_ok(
        &emulator,
        TOKEN,
        "mutation C($input: CustomerInput!) { customerCreate(input: $input) { customer { id } } }",
        json!({"input": {"email": "ada@example.com", "tags": ["scim-group:say \"hi\""]}}),
    )
    .await["data"]["customerCreate"]["customer"]["id"]
        .clone();
    let nodes = post_ok(
        &emulator,
        TOKEN,
        "query N($ids: [ID!]!) { nodes(ids: $ids) { id ... on Customer { tags } } }",
        json!({"ids": [customer, "gid://shopify/Customer/1", group]}),
    )
    .await;
    assert_eq!(
        nodes["data"]["nodes"],
        json!([{"id": customer, "tags": ["scim-group:say \"hi\""]}, null, {"id": group}])
    );

    // A quoted search value with escaped quotes matches the tag exactly.
    let found = post_ok(
        &emulator,
        TOKEN,
        "query S($query: String!) { customers(first: 5, query: $query) { nodes { id } } }",
        json!({"query": r#"tag:"scim-group:say \"hi\"""#}),
    )
    .await;
    assert_eq!(
        found["data"]["customers"]["nodes"],
        json!([{"id": customer}])
    );
}
