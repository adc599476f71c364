//! Every class of bad request gets its SCIM error (RFC 7644 §3.12): the right status, the
//! `status` as a string, a `detail`, and the `scimType` where the RFC defines one; and
//! nothing stored changes.

use bytes::Bytes;
use http::Method;
use scim_conformance::Client;
use serde_json::{Value, json};

const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

fn assert_error(answer: &scim_conformance::Answer, status: u16, scim_type: Option<&str>) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.body["schemas"], json!([ERROR]));
    assert_eq!(answer.body["status"], status.to_string());
    assert!(
        answer.body["detail"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
    assert_eq!(answer.scim_type(), scim_type, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/scim+json"));
}

async fn bjensen(client: &Client) -> String {
    let created = client
        .post(
            "Users",
            &json!({"userName": "bjensen", "name": {"givenName": "Barbara"}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.id()
}

#[tokio::test]
async fn rfc6750_s3_missing_or_wrong_token_is_401_with_www_authenticate() {
    let client = Client::in_memory();
    for token in [None, Some("wrong-token"), Some("")] {
        let answer = client.with_token(token).get("Users").await;
        assert_error(&answer, 401, None);
        assert!(
            answer
                .header("www-authenticate")
                .unwrap()
                .starts_with("Bearer")
        );
        assert!(!answer.body.to_string().contains("conformance-token"));
    }
}

#[tokio::test]
async fn rfc7644_s3_12_unknown_resources_and_paths_are_404() {
    let client = Client::in_memory();
    assert_error(&client.get("Users/no-such-id").await, 404, None);
    assert_error(&client.delete("Groups/no-such-id").await, 404, None);
    assert_error(&client.get("Widgets").await, 404, None);
    assert_error(&client.get("/elsewhere/Users").await, 404, None);
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow_before_the_body_is_read() {
    let client = Client::in_memory();
    let answer = client
        .send_raw(
            Method::DELETE,
            "Users",
            Bytes::from_static(b"not json"),
            &[],
        )
        .await;
    assert_error(&answer, 405, None);
    assert_eq!(answer.header("allow"), Some("GET, POST"));
}

#[tokio::test]
async fn rfc7644_s3_12_bodies_that_are_not_resources_are_400() {
    let client = Client::in_memory();
    let id = bjensen(&client).await;

    let not_json = client
        .send_raw(
            Method::POST,
            "Users",
            Bytes::from_static(b"{\"userName\":"),
            &[],
        )
        .await;
    assert_error(&not_json, 400, Some("invalidSyntax"));
    let empty = client
        .send_raw(Method::POST, "Users", Bytes::new(), &[])
        .await;
    assert_error(&empty, 400, Some("invalidSyntax"));
    let array = client.post("Users", &json!([1, 2])).await;
    assert_error(&array, 400, Some("invalidSyntax"));

    let wrong_type = client
        .post("Users", &json!({"userName": "x", "active": 5}))
        .await;
    assert_error(&wrong_type, 400, Some("invalidValue"));
    let missing_required = client.post("Users", &json!({"displayName": "x"})).await;
    assert_error(&missing_required, 400, Some("invalidValue"));

    // PATCH: a bad path, no target for remove, a read-only attribute.
    let patch = |ops: Value| json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops});
    let path = format!("Users/{id}");
    let bad_path = client
        .patch(
            &path,
            &patch(json!([{"op": "add", "path": "emails[type", "value": "x"}])),
        )
        .await;
    assert_error(&bad_path, 400, Some("invalidPath"));
    let no_target = client.patch(&path, &patch(json!([{"op": "remove"}]))).await;
    assert_error(&no_target, 400, Some("noTarget"));
    let read_only = client
        .patch(
            &path,
            &patch(json!([{"op": "replace", "path": "id", "value": "other"}])),
        )
        .await;
    assert_error(&read_only, 400, Some("mutability"));
    let bad_op = client
        .patch(
            &path,
            &patch(json!([{"op": "frobnicate", "path": "nickName", "value": "x"}])),
        )
        .await;
    assert_eq!(bad_op.status, 400);

    // None of it changed the user.
    let user = client.get(&path).await;
    assert_eq!(user.body["userName"], "bjensen");
    assert_eq!(user.body["name"]["givenName"], "Barbara");
}

#[tokio::test]
async fn rfc7644_s3_4_2_2_filters_that_cannot_be_parsed_or_evaluated_are_400_invalid_filter() {
    let client = Client::in_memory();
    bjensen(&client).await;
    for filter in [
        "userName%20eq",                       // no value
        "userName%20eq%20%22x%22%20and",       // dangling and
        "(userName%20eq%20%22x%22",            // unclosed
        "meta.created%20gt%20%22yesterday%22", // not a dateTime
        "active%20gt%20true",                  // booleans have no order
        "emails%5Btype%20eq%20%22work%22",     // unclosed value path
    ] {
        let answer = client.get(&format!("Users?filter={filter}")).await;
        assert_error(&answer, 400, Some("invalidFilter"));
    }
    let search = client
        .post(
            "Users/.search",
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "userName eq"}),
        )
        .await;
    assert_error(&search, 400, Some("invalidFilter"));
}

#[tokio::test]
async fn rfc7644_s3_14_preconditions_412_and_304() {
    let client = Client::in_memory();
    let id = bjensen(&client).await;
    let path = format!("Users/{id}");
    let read = client.get(&path).await;
    let etag = read.header("etag").unwrap().to_owned();

    let unchanged = client
        .send(Method::GET, &path, None, &[("if-none-match", &etag)])
        .await;
    assert_eq!(unchanged.status, 304);
    assert_eq!(unchanged.body, Value::Null);

    let update = json!({"userName": "bjensen", "nickName": "Babs"});
    let stale = "W/\"not-the-version\"";
    let refused = client
        .send(Method::PUT, &path, Some(&update), &[("if-match", stale)])
        .await;
    assert_error(&refused, 412, None);
    let refused_delete = client
        .send(Method::DELETE, &path, None, &[("if-match", stale)])
        .await;
    assert_error(&refused_delete, 412, None);
    assert_eq!(client.get(&path).await.header("etag"), Some(etag.as_str()));

    let accepted = client
        .send(Method::PUT, &path, Some(&update), &[("if-match", &etag)])
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(accepted.body["nickName"], "Babs");

    // The old ETag is now stale for PATCH too.
    let patch = json!({"Operations": [{"op": "replace", "path": "nickName", "value": "B"}]});
    let late = client
        .send(Method::PATCH, &path, Some(&patch), &[("if-match", &etag)])
        .await;
    assert_error(&late, 412, None);
}

#[tokio::test]
async fn rfc7643_s4_1_1_user_name_is_unique_without_case_409_uniqueness() {
    let client = Client::in_memory();
    let first = bjensen(&client).await;
    let other = client
        .post("Users", &json!({"userName": "jsmith"}))
        .await
        .id();

    assert_error(
        &client.post("Users", &json!({"userName": "BJensen"})).await,
        409,
        Some("uniqueness"),
    );
    // Renaming another user onto the name is refused, and changes nothing.
    let rename = client
        .put(&format!("Users/{other}"), &json!({"userName": "BJENSEN"}))
        .await;
    assert_error(&rename, 409, Some("uniqueness"));
    assert_eq!(
        client.get(&format!("Users/{other}")).await.body["userName"],
        "jsmith"
    );
    // A user may change the case of its own name.
    let own = client
        .put(&format!("Users/{first}"), &json!({"userName": "BJensen"}))
        .await;
    assert_eq!(own.status, 200, "{}", own.body);
}

#[tokio::test]
async fn oversized_bodies_are_413_and_other_media_types_415() {
    let client = Client::in_memory();
    let huge = format!("{{\"userName\":\"{}\"}}", "x".repeat(2 << 20));
    let answer = client
        .send_raw(Method::POST, "Users", Bytes::from(huge), &[])
        .await;
    assert_error(&answer, 413, None);

    let form = client
        .send_raw(
            Method::POST,
            "Users",
            Bytes::from_static(b"userName=x"),
            &[("content-type", "application/x-www-form-urlencoded")],
        )
        .await;
    assert_error(&form, 415, None);
    let plain_json = client
        .send_raw(
            Method::POST,
            "Users",
            Bytes::from_static(br#"{"userName":"okta-json"}"#),
            &[("content-type", "application/json; charset=utf-8")],
        )
        .await;
    assert_eq!(plain_json.status, 201, "{}", plain_json.body);
}

#[tokio::test]
async fn rfc7644_s3_11_me_is_501() {
    let client = Client::in_memory();
    assert_error(&client.get("Me").await, 501, None);
}

#[tokio::test]
async fn rfc7644_s4_discovery_refuses_filters_with_403() {
    let client = Client::in_memory();
    assert_error(&client.get("Schemas?filter=id%20pr").await, 403, None);
}
