//! The requests Microsoft Entra ID's provisioning service sends (the "Tutorial: Develop
//! and plan provisioning for a SCIM endpoint" request/response pairs and its SCIM
//! validator), through the whole service in-process over the in-memory store.

use http::Method;
use scim_conformance::{Client, entra_user};
use serde_json::{Value, json};

const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

#[tokio::test]
async fn entra_user_lifecycle_with_capitalised_ops_and_string_booleans() {
    let client = Client::in_memory();
    scim_conformance::entra::user_lifecycle(&client).await;
}

#[tokio::test]
async fn entra_group_membership_added_and_removed_by_value() {
    let client = Client::in_memory();
    let user = client
        .post("Users", &entra_user("member@testuser.com", "u-1"))
        .await
        .id();

    let created = client
        .post(
            "Groups",
            &json!({
                "schemas": [GROUP],
                "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                "displayName": "displayName",
                "meta": {"resourceType": "Group"}
            }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let group = created.id();
    let path = format!("Groups/{group}");

    // Entra finds the group by displayName without its members.
    let found = client
        .get("Groups?excludedAttributes=members&filter=displayName+eq+%22displayName%22")
        .await;
    assert_eq!(found.body["totalResults"], 1);
    assert!(found.body["Resources"][0].get("members").is_none());

    // Add, with the `$ref: null` Entra sends.
    let add = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Add", "path": "members", "value": [{"$ref": null, "value": user}]}]
    });
    let added = client.patch(&path, &add).await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(added.body["members"][0]["value"], user.as_str());

    // Entra checks membership with a filter on members.
    let member_filter = format!(
        "Groups?filter=id+eq+%22{group}%22+and+members%5Bvalue+eq+%22{user}%22%5D&excludedAttributes=members"
    );
    assert_eq!(client.get(&member_filter).await.body["totalResults"], 1);

    // Remove by value: only that member goes.
    let remove = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": user}]}]
    });
    let removed = client.patch(&path, &remove).await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert!(removed.body.get("members").is_none_or(|m| m == &json!([])));
    assert_eq!(client.get(&member_filter).await.body["totalResults"], 0);

    // Entra asks for 204 on PATCH with Prefer: return=minimal in some tenants.
    let rename = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": "displayName", "value": "1879db59-3bdf-4490-ad68-ab880a269474"}]
    });
    let minimal = client
        .send(
            Method::PATCH,
            &path,
            Some(&rename),
            &[("prefer", "return=minimal")],
        )
        .await;
    assert_eq!(minimal.status, 204);
    assert_eq!(minimal.body, Value::Null);
    assert!(minimal.header("etag").is_some());
    assert_eq!(
        client.get(&path).await.body["displayName"],
        "1879db59-3bdf-4490-ad68-ab880a269474"
    );
}
