//! Nothing is written by a request that is then refused: every write route (POST, PUT, PATCH,
//! DELETE of Users and Groups, and `/Bulk`) with every kind of bad parameter it takes (a
//! malformed `attributes` or `excludedAttributes`, RFC 7644 §3.9; a body that is not JSON, not
//! a resource of the type, or not a PATCH, §3.12; a version that is not the stored one,
//! §3.14) answers 4xx and leaves every resource as it was, on the in-memory store and on the
//! Shopify store. (List parameters such as `filter` do not apply to a write and are ignored
//! there, as unknown parameters are.)

use http::Method;
use scim_conformance::shop::set_up_shop;
use scim_conformance::{Client, okta_user};
use serde_json::{Value, json};

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// One request to refuse: method, path with query, body, extra headers.
type Refusable = (
    Method,
    String,
    Option<Value>,
    Vec<(&'static str, &'static str)>,
);

/// Every User and Group as the service answers them (versions included).
async fn everything(client: &Client) -> (Value, Value) {
    let users = client.get("Users?count=100&sortBy=userName").await;
    let groups = client.get("Groups?count=100&sortBy=displayName").await;
    assert_eq!(users.status, 200, "{}", users.body);
    assert_eq!(groups.status, 200, "{}", groups.body);
    (users.body, groups.body)
}

async fn walk_every_write_route(client: &Client) {
    let user = client
        .post("Users", &okta_user("kept@example.com", "Kept"))
        .await;
    assert_eq!(user.status, 201, "{}", user.body);
    let user_path = format!("Users/{}", user.id());
    let group = client
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Kept"}),
        )
        .await;
    assert_eq!(group.status, 201, "{}", group.body);
    let group_path = format!("Groups/{}", group.id());
    let before = everything(client).await;

    let projections = [
        "attributes=emails%5Btype%20eq%20%22x%22%5D",
        "excludedAttributes=name..givenName",
        "attributes=userName&excludedAttributes=%5B",
    ];
    let new_user = okta_user("new@example.com", "New");
    let replaced = okta_user("kept@example.com", "Renamed");
    let rename = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "name.givenName", "value": "Renamed"}]});
    let new_group = json!({"schemas": [GROUP], "displayName": "New"});
    let group_rename = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "displayName", "value": "Renamed"}]});
    let mut requests: Vec<Refusable> = Vec::new();
    for query in projections {
        requests.push((
            Method::POST,
            format!("Users?{query}"),
            Some(new_user.clone()),
            vec![],
        ));
        requests.push((
            Method::PUT,
            format!("{user_path}?{query}"),
            Some(replaced.clone()),
            vec![],
        ));
        requests.push((
            Method::PATCH,
            format!("{user_path}?{query}"),
            Some(rename.clone()),
            vec![],
        ));
        requests.push((
            Method::POST,
            format!("Groups?{query}"),
            Some(new_group.clone()),
            vec![],
        ));
        requests.push((
            Method::PATCH,
            format!("{group_path}?{query}"),
            Some(group_rename.clone()),
            vec![],
        ));
    }
    // Bodies that are not what the route takes.
    for (method, path) in [
        (Method::POST, "Users".to_owned()),
        (Method::PUT, user_path.clone()),
        (Method::PATCH, user_path.clone()),
        (Method::POST, "Groups".to_owned()),
        (Method::PATCH, group_path.clone()),
    ] {
        requests.push((
            method.clone(),
            path.clone(),
            Some(json!("not an object")),
            vec![],
        ));
        requests.push((
            method.clone(),
            path.clone(),
            Some(json!({"userName": 7, "displayName": 7,
            "Operations": [{"op": "jump"}]})),
            vec![],
        ));
    }
    // A version that is not the stored one (RFC 7644 §3.14).
    for (method, path, body) in [
        (Method::PUT, user_path.clone(), Some(replaced.clone())),
        (Method::PATCH, user_path.clone(), Some(rename.clone())),
        (Method::DELETE, user_path.clone(), None),
        (
            Method::PATCH,
            group_path.clone(),
            Some(group_rename.clone()),
        ),
        (Method::DELETE, group_path.clone(), None),
    ] {
        requests.push((
            method,
            path,
            body,
            vec![("if-match", "W/\"not-the-version\"")],
        ));
    }
    // A bulk request that is not one, and one over its limits' shape.
    requests.push((
        Method::POST,
        "Bulk".to_owned(),
        Some(json!({"Operations": "none"})),
        vec![],
    ));
    requests.push((
        Method::POST,
        "Bulk".to_owned(),
        Some(
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                    "failOnErrors": 0, "Operations": []}),
        ),
        vec![],
    ));

    for (method, path, body, headers) in &requests {
        let answer = client
            .send(method.clone(), path, body.as_ref(), headers)
            .await;
        assert!(
            (400..500).contains(&answer.status),
            "{method} {path}: {} {}",
            answer.status,
            answer.body
        );
        assert_eq!(everything(client).await, before, "{method} {path} wrote");
    }
}

#[tokio::test]
async fn nothing_is_written_by_a_refused_request_in_memory() {
    walk_every_write_route(&Client::in_memory()).await;
}

#[tokio::test]
async fn nothing_is_written_by_a_refused_request_on_shopify() {
    let (_emulator, client) = set_up_shop("shpat_no_write").await;
    walk_every_write_route(&client).await;
}
