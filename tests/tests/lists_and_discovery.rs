//! Lists (RFC 7644 §3.4.2), searches (§3.4.3), projection (§3.9), discovery (§4), bulk
//! (§3.7) and tenants, through the whole service in-process.

use std::sync::Arc;

use scim_conformance::{Client, TOKEN};
use scim_core::service::{BearerToken, ScimService, Tenant};
use scim_core::store::InMemoryStore;
use serde_json::{Value, json};

async fn users(client: &Client, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for n in 0..count {
        let user = json!({
            "userName": format!("user{n:03}@example.com"),
            "name": {"givenName": format!("Given{}", count - n), "familyName": "Family"},
            "emails": [{"value": format!("user{n:03}@example.com"), "type": "work", "primary": true}],
            "password": "never-returned",
            "active": n % 2 == 0,
        });
        let created = client.post("Users", &user).await;
        assert_eq!(created.status, 201, "{}", created.body);
        ids.push(created.id());
    }
    ids
}

fn ids(page: &Value) -> Vec<String> {
    page["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn rfc7644_s3_4_2_4_index_pages_are_stable_and_complete() {
    let client = Client::in_memory();
    let created = users(&client, 25).await;

    let mut seen = Vec::new();
    for start in [1, 11, 21] {
        let page = client
            .get(&format!("Users?startIndex={start}&count=10"))
            .await;
        assert_eq!(page.status, 200);
        assert_eq!(page.body["totalResults"], 25);
        assert_eq!(page.body["startIndex"], start);
        assert_eq!(
            page.body["itemsPerPage"],
            page.body["Resources"].as_array().unwrap().len()
        );
        seen.extend(ids(&page.body));
    }
    assert_eq!(seen, created, "creation order, no overlap, no gap");

    // Past the end: an empty page with the true total.
    let past = client.get("Users?startIndex=100&count=10").await;
    assert_eq!(past.body["totalResults"], 25);
    assert_eq!(past.body["Resources"], json!([]));
    // count=0: only the total.
    let none = client.get("Users?count=0").await;
    assert_eq!(
        (
            none.body["totalResults"].clone(),
            none.body["itemsPerPage"].clone()
        ),
        (json!(25), json!(0))
    );
}

#[tokio::test]
async fn rfc9865_cursor_pages_walk_the_whole_list() {
    let client = Client::in_memory();
    let created = users(&client, 12).await;
    let mut seen = Vec::new();
    let mut next = Some(String::new());
    while let Some(cursor) = next {
        let page = client.get(&format!("Users?cursor={cursor}&count=5")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.get("startIndex").is_none());
        seen.extend(ids(&page.body));
        next = page.body["nextCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, created);
    let foreign = client.get("Users?cursor=5.0000000000000000&count=5").await;
    assert_eq!(foreign.status, 400);
    assert_eq!(foreign.scim_type(), Some("invalidCursor"));
}

#[tokio::test]
async fn rfc7644_s3_4_2_3_sorting_and_s3_4_2_2_filtering_together() {
    let client = Client::in_memory();
    users(&client, 6).await;
    let page = client
        .get("Users?filter=active%20eq%20true&sortBy=name.givenName&sortOrder=descending")
        .await;
    assert_eq!(page.body["totalResults"], 3);
    let given: Vec<&str> = page.body["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"]["givenName"].as_str().unwrap())
        .collect();
    assert_eq!(given, ["Given6", "Given4", "Given2"]);
}

#[tokio::test]
async fn rfc7644_s3_9_attributes_and_excluded_attributes_shape_every_answer() {
    let client = Client::in_memory();
    let id = users(&client, 1).await.remove(0);

    let only = client
        .get(&format!("Users/{id}?attributes=userName,name.givenName"))
        .await;
    let mut keys: Vec<&str> = only
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["id", "name", "schemas", "userName"]);
    assert_eq!(only.body["name"], json!({"givenName": "Given1"}));

    let without = client.get("Users?excludedAttributes=emails,name").await;
    let first = &without.body["Resources"][0];
    assert!(first.get("emails").is_none() && first.get("name").is_none());
    assert!(first.get("userName").is_some() && first.get("id").is_some());
    assert!(first.get("password").is_none(), "returned: never");

    // The same on a write's answer.
    let patched = client
        .patch(
            &format!("Users/{id}?attributes=active"),
            &json!({"Operations": [{"op": "replace", "path": "active", "value": false}]}),
        )
        .await;
    assert_eq!(patched.body["active"], false);
    assert!(patched.body.get("emails").is_none());
}

#[tokio::test]
async fn rfc7644_s3_4_3_search_with_post_per_type_and_at_the_root() {
    let client = Client::in_memory();
    users(&client, 3).await;
    client
        .post("Groups", &json!({"displayName": "user-admins"}))
        .await;
    let request = |filter: &str| {
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": filter,
            "attributes": ["userName", "displayName"],
            "startIndex": 1,
            "count": 10
        })
    };
    let per_type = client
        .post("Users/.search", &request("userName sw \"user00\""))
        .await;
    assert_eq!(per_type.status, 200, "{}", per_type.body);
    assert_eq!(per_type.body["totalResults"], 3);

    let root = client
        .post(
            ".search",
            &request("userName sw \"user001\" or displayName eq \"user-admins\""),
        )
        .await;
    assert_eq!(root.status, 200, "{}", root.body);
    assert_eq!(root.body["totalResults"], 2);
    let kinds: Vec<&str> = root.body["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["schemas"][0].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:core:2.0:Group"
        ]
    );
}

#[tokio::test]
async fn rfc7644_s4_discovery_endpoints_describe_what_is_enforced() {
    let client = Client::in_memory();
    let config = client.get("ServiceProviderConfig").await;
    assert_eq!(config.status, 200);
    assert_eq!(config.body["patch"]["supported"], true);
    assert_eq!(config.body["bulk"]["maxOperations"], 1000);
    assert_eq!(config.body["bulk"]["maxPayloadSize"], 1_048_576);
    assert_eq!(config.body["filter"]["maxResults"], 1000);
    assert_eq!(config.body["etag"]["supported"], true);
    assert_eq!(
        config.body["authenticationSchemes"][0]["type"],
        "oauthbearertoken"
    );

    let schemas = client.get("Schemas").await;
    assert_eq!(
        schemas.body["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    );
    let ids: Vec<&str> = schemas.body["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"urn:ietf:params:scim:schemas:core:2.0:User"));
    assert!(ids.contains(&"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
    let user = client
        .get("Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
        .await;
    assert_eq!(user.status, 200);
    assert_eq!(user.body["meta"]["resourceType"], "Schema");

    let types = client.get("ResourceTypes").await;
    assert_eq!(types.body["totalResults"], 2);
    let group = client.get("ResourceTypes/Group").await;
    assert_eq!(group.body["endpoint"], "/Groups");
    assert_eq!(client.get("ResourceTypes/Widget").await.status, 404);
}

#[tokio::test]
async fn rfc7644_s3_7_bulk_creates_a_user_and_a_group_that_refers_to_it() {
    let client = Client::in_memory();
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        "Operations": [
            {"method": "POST", "path": "/Groups", "bulkId": "g1",
             "data": {"displayName": "Tour Guides", "members": [{"type": "User", "value": "bulkId:u1"}]}},
            {"method": "POST", "path": "/Users", "bulkId": "u1", "data": {"userName": "alice"}},
            {"method": "POST", "path": "/Users", "bulkId": "u2", "data": {"userName": "ALICE"}},
        ]
    });
    let answer = client.post("Bulk", &body).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let ops = answer.body["Operations"].as_array().unwrap();
    let status = |bulk_id: &str| {
        ops.iter()
            .find(|op| op["bulkId"] == bulk_id)
            .map(|op| op["status"].as_str().unwrap().to_owned())
    };
    assert_eq!(status("u1").as_deref(), Some("201"));
    assert_eq!(status("g1").as_deref(), Some("201"));
    assert_eq!(status("u2").as_deref(), Some("409"));

    let group = client
        .get("Groups?filter=displayName%20eq%20%22Tour%20Guides%22")
        .await;
    let alice = client.get("Users?filter=userName%20eq%20%22alice%22").await;
    assert_eq!(
        group.body["Resources"][0]["members"][0]["value"],
        alice.body["Resources"][0]["id"]
    );
}

#[tokio::test]
async fn tenants_have_their_own_paths_tokens_and_stores() {
    let acme = Tenant::new("/acme/scim/v2", Arc::new(InMemoryStore::new()))
        .with_authenticator(BearerToken::new(TOKEN));
    let globex = Tenant::new("/globex/scim/v2", Arc::new(InMemoryStore::new()))
        .with_authenticator(BearerToken::new("globex-token"));
    let service = ScimService::builder()
        .tenant(acme)
        .tenant(globex)
        .build()
        .unwrap();
    let client = Client::of(service);
    let globex_client = client.with_token(Some("globex-token"));

    let created = client
        .post("/acme/scim/v2/Users", &json!({"userName": "bjensen"}))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert!(
        created
            .header("location")
            .unwrap()
            .ends_with(&format!("/acme/scim/v2/Users/{}", created.id()))
    );

    // Globex neither sees Acme's user nor accepts Acme's token.
    assert_eq!(client.get("/globex/scim/v2/Users").await.status, 401);
    let listed = globex_client.get("/globex/scim/v2/Users").await;
    assert_eq!(listed.body["totalResults"], 0);
    assert_eq!(
        globex_client
            .get(&format!("/globex/scim/v2/Users/{}", created.id()))
            .await
            .status,
        404
    );
    // The same userName is free in the other tenant.
    let again = globex_client
        .post("/globex/scim/v2/Users", &json!({"userName": "bjensen"}))
        .await;
    assert_eq!(again.status, 201);
}
