//! What the emulator's test files share: posting a GraphQL request to a running emulator as
//! the app of a token, and reading its answer.

#![allow(dead_code, reason = "each test file uses a part of it")]

use std::time::Duration;

use reqwest::Client;
use serde_json::{Value, json};

use scim_shopify_emulator::RunningEmulator;

/// The Admin API version the tests post to, unless they replay a capture of another.
pub const VERSION: &str = "2026-07";

/// The request body of `query` with `variables`.
pub fn request(query: &str, variables: Value) -> Value {
    json!({"query": query, "variables": variables})
}

/// Posts `body` to `url` with `client`, as the app of `token`: the HTTP status and the
/// answer, or why no complete JSON answer came back (a dropped connection, a timeout).
pub async fn send(
    client: &Client,
    url: &str,
    token: &str,
    body: &Value,
) -> Result<(u16, Value), String> {
    let response = client
        .post(url)
        .header("X-Shopify-Access-Token", token)
        .json(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(|e| e.to_string())?;
    let answer = serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
    Ok((status, answer))
}

/// Posts `body` to the emulator as the app of `token`: the HTTP status and the answer.
///
/// # Panics
///
/// No complete JSON answer came back.
pub async fn post(emulator: &RunningEmulator, token: &str, body: Value) -> (u16, Value) {
    send(&Client::new(), &emulator.graphql_url(VERSION), token, &body)
        .await
        .unwrap()
}

/// Posts `query` with `variables` as the app of `token`, asserting an HTTP 200: the answer.
pub async fn post_ok(
    emulator: &RunningEmulator,
    token: &str,
    query: &str,
    variables: Value,
) -> Value {
    let (status, answer) = post(emulator, token, request(query, variables)).await;
    assert_eq!(status, 200);
    answer
}

/// Posts `body` as the app of `token` with a client that gives up after `timeout`: as
/// [`send`].
pub async fn post_within(
    emulator: &RunningEmulator,
    token: &str,
    body: Value,
    timeout: Duration,
) -> Result<(u16, Value), String> {
    let client = Client::builder()
        .timeout(timeout)
        .build()
        .map_err(|e| e.to_string())?;
    send(&client, &emulator.graphql_url(VERSION), token, &body).await
}

/// `customerCreate` with `input`, asserting it made the customer: its gid.
pub async fn create_customer(emulator: &RunningEmulator, token: &str, input: Value) -> String {
    let create = "mutation CreateCustomer($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { field message } } }";
    let answer = post_ok(emulator, token, create, json!({"input": input})).await;
    let payload = &answer["data"]["customerCreate"];
    assert_eq!(payload["userErrors"], json!([]), "{answer}");
    payload["customer"]["id"].as_str().unwrap().to_owned()
}

/// `metafieldDefinitionCreate` of a customer metafield definition of type `id` at
/// `namespace.key` (unique values), asserting it was made.
pub async fn define_custom_id(emulator: &RunningEmulator, token: &str, namespace: &str, key: &str) {
    let create = "mutation DefineCustomId($definition: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $definition) { createdDefinition { id } userErrors { field message code } } }";
    let definition = json!({"ownerType": "CUSTOMER", "namespace": namespace, "key": key, "name": key, "type": "id"});
    let answer = post_ok(emulator, token, create, json!({"definition": definition})).await;
    assert_eq!(
        answer["data"]["metafieldDefinitionCreate"]["userErrors"],
        json!([]),
        "{answer}"
    );
}

/// The document of a query named `ReadMetafield` reading the `value` and `compareDigest` of
/// the metafield `$namespace.$key` of the customer `$id`.
pub const READ_METAFIELD: &str = "query ReadMetafield($id: ID!, $namespace: String!, $key: String!) { customer(id: $id) { metafield(namespace: $namespace, key: $key) { value compareDigest } } }";

/// The metafield `namespace.key` of the customer `gid`, read with [`READ_METAFIELD`]: its
/// `value` and `compareDigest`, or null.
pub async fn read_metafield(
    emulator: &RunningEmulator,
    token: &str,
    gid: &str,
    namespace: &str,
    key: &str,
) -> Value {
    let variables = json!({"id": gid, "namespace": namespace, "key": key});
    let answer = post_ok(emulator, token, READ_METAFIELD, variables).await;
    answer["data"]["customer"]["metafield"].clone()
}

/// The document of a mutation named `SetMetafields`: `metafieldsSet` of `$metafields`,
/// answering the metafields set (`key value compareDigest`) and the `userErrors` with their
/// code.
pub const SET_METAFIELDS: &str = "mutation SetMetafields($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { key value compareDigest } userErrors { field message code } } }";

/// `metafieldsSet` of `metafields` with [`SET_METAFIELDS`]: its payload.
pub async fn set_metafields(emulator: &RunningEmulator, token: &str, metafields: Value) -> Value {
    let answer = post_ok(
        emulator,
        token,
        SET_METAFIELDS,
        json!({"metafields": metafields}),
    )
    .await;
    answer["data"]["metafieldsSet"].clone()
}

/// The gid of the shop the app of `token` reaches, read with `shop { id }`.
pub async fn shop_gid(emulator: &RunningEmulator, token: &str) -> String {
    let answer = post_ok(emulator, token, "query ShopId { shop { id } }", json!({})).await;
    answer["data"]["shop"]["id"].as_str().unwrap().to_owned()
}

/// The document of a query named `ReadShopMetafield` reading the metafield
/// `$namespace.$key` of the shop: `id namespace key type value compareDigest createdAt
/// updatedAt`.
pub const READ_SHOP_METAFIELD: &str = "query ReadShopMetafield($namespace: String!, $key: String!) { shop { metafield(namespace: $namespace, key: $key) { id namespace key type value compareDigest createdAt updatedAt } } }";

/// The metafield `namespace.key` of the shop the app of `token` reaches, read with
/// [`READ_SHOP_METAFIELD`], or null.
pub async fn read_shop_metafield(
    emulator: &RunningEmulator,
    token: &str,
    namespace: &str,
    key: &str,
) -> Value {
    let variables = json!({"namespace": namespace, "key": key});
    let answer = post_ok(emulator, token, READ_SHOP_METAFIELD, variables).await;
    answer["data"]["shop"]["metafield"].clone()
}
