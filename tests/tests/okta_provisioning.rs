//! The requests Okta's SCIM 2.0 provisioning client sends, in the order it sends them
//! (Okta's "SCIM 2.0 protocol reference" and its Runscope spec tests), through the whole
//! service in-process over the in-memory store.

use scim_conformance::{BASE_URL, Client, okta_user};
use serde_json::json;

const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

#[tokio::test]
async fn okta_user_lifecycle_lookup_create_update_deactivate_reactivate() {
    let client = Client::in_memory();

    // 1. Okta looks the user up by userName before creating it.
    let lookup = "Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100";
    let none = client.get(lookup).await;
    assert_eq!(none.status, 200);
    assert_eq!(none.header("content-type"), Some("application/scim+json"));
    assert_eq!(none.body["totalResults"], 0);
    assert_eq!(none.body["Resources"], json!([]));

    // 2. Create: 201 with Location, ETag, id and meta; the password is never returned,
    //    the read-only `groups` Okta sends is ignored.
    let created = client
        .post("Users", &okta_user("test.user@okta.local", "Test"))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.id();
    let location = format!("{BASE_URL}/Users/{id}");
    assert_eq!(created.header("location"), Some(location.as_str()));
    assert_eq!(created.body["meta"]["location"], location);
    assert_eq!(created.body["meta"]["resourceType"], "User");
    assert!(created.header("etag").unwrap().starts_with("W/\""));
    assert_eq!(
        created.header("etag"),
        created.body["meta"]["version"].as_str()
    );
    assert!(created.body.get("password").is_none());
    assert_eq!(created.body["active"], true);

    // 3. The same lookup now finds it, in any case of the userName (not caseExact).
    let found = client
        .get("Users?filter=userName%20eq%20%22TEST.USER%40okta.local%22&startIndex=1&count=100")
        .await;
    assert_eq!(found.body["totalResults"], 1);
    assert_eq!(found.body["Resources"][0]["id"], id.as_str());

    // 4. Profile update: Okta PUTs the whole user back, id and meta included.
    let mut update = created.body.clone();
    update["name"]["givenName"] = json!("Changed");
    update["password"] = json!("newpassword1");
    let replaced = client.put(&format!("Users/{id}"), &update).await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    assert_eq!(replaced.body["name"]["givenName"], "Changed");
    assert_eq!(
        replaced.body["meta"]["created"],
        created.body["meta"]["created"]
    );
    assert_ne!(replaced.header("etag"), created.header("etag"));

    // 5. Deactivate: a path-less replace of `active`.
    let deactivate = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "value": {"active": false}}]
    });
    let deactivated = client.patch(&format!("Users/{id}"), &deactivate).await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.body);
    assert_eq!(deactivated.body["active"], false);

    // A deactivated user is still there for GET and for filters.
    assert_eq!(
        client.get(&format!("Users/{id}")).await.body["active"],
        false
    );
    let inactive = client.get("Users?filter=active%20eq%20false").await;
    assert_eq!(inactive.body["totalResults"], 1);

    // 6. Reactivate.
    let reactivate = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "value": {"active": true}}]
    });
    let reactivated = client.patch(&format!("Users/{id}"), &reactivate).await;
    assert_eq!(reactivated.body["active"], true);

    // 7. Creating the same userName again is a conflict Okta recognises.
    let again = client
        .post("Users", &okta_user("Test.User@okta.local", "Other"))
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.scim_type(), Some("uniqueness"));
    assert_eq!(again.body["status"], "409");
}

#[tokio::test]
async fn okta_group_push_create_rename_add_and_remove_members_delete() {
    let client = Client::in_memory();
    let alice = client
        .post("Users", &okta_user("alice@okta.local", "Alice"))
        .await
        .id();
    let bob = client
        .post("Users", &okta_user("bob@okta.local", "Bob"))
        .await
        .id();

    // Okta checks whether the group exists, then creates it without members.
    let lookup = client
        .get("Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100")
        .await;
    assert_eq!(lookup.body["totalResults"], 0);
    let created = client
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Test SCIMv2", "members": []}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let group = created.id();
    let group_path = format!("Groups/{group}");

    // Members added with a path of `members`.
    let add = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "add", "path": "members", "value": [
            {"value": alice, "display": "alice@okta.local"},
            {"value": bob, "display": "bob@okta.local"}
        ]}]
    });
    let added = client.patch(&group_path, &add).await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(added.body["members"].as_array().unwrap().len(), 2);
    // The service gives each member's URI (RFC 7643 §4.2 `$ref`).
    let alice_uri = format!("{BASE_URL}/Users/{alice}");
    assert!(
        added.body["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["$ref"] == alice_uri.as_str())
    );

    // Each member's read-only `groups` follows (RFC 7643 §4.1.2).
    let alice_now = client.get(&format!("Users/{alice}")).await;
    assert_eq!(alice_now.body["groups"][0]["value"], group.as_str());
    assert_eq!(alice_now.body["groups"][0]["display"], "Test SCIMv2");
    assert_eq!(
        alice_now.body["groups"][0]["$ref"],
        format!("{BASE_URL}/Groups/{group}")
    );

    // Rename: Okta sends the id along with the new displayName in a path-less replace.
    let rename = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "value": {"id": group, "displayName": "Renamed"}}]
    });
    let renamed = client.patch(&group_path, &rename).await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["displayName"], "Renamed");
    let alice_now = client.get(&format!("Users/{alice}")).await;
    assert_eq!(alice_now.body["groups"][0]["display"], "Renamed");

    // Remove one member by a value filter.
    let remove = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "remove", "path": format!("members[value eq \"{bob}\"]")}]
    });
    let removed = client.patch(&group_path, &remove).await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    let members = removed.body["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["value"], alice.as_str());
    assert!(
        client
            .get(&format!("Users/{bob}"))
            .await
            .body
            .get("groups")
            .is_none_or(|g| g == &json!([]))
    );

    // Okta reads groups without members.
    let listed = client
        .get("Groups?startIndex=1&count=100&excludedAttributes=members")
        .await;
    assert_eq!(listed.body["totalResults"], 1);
    assert!(listed.body["Resources"][0].get("members").is_none());

    // Delete: 204, then 404, and the user no longer lists the group.
    assert_eq!(client.delete(&group_path).await.status, 204);
    let gone = client.get(&group_path).await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.body["status"], "404");
    assert!(
        client
            .get(&format!("Users/{alice}"))
            .await
            .body
            .get("groups")
            .is_none_or(|g| g == &json!([]))
    );
}
