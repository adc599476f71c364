//! What clients built on scim2-models (Python) send and expect: a `schemas` member inside
//! an extension's object, and Group members with `display` described by `/Schemas`.

use scim_conformance::Client;
use serde_json::json;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

#[tokio::test]
async fn a_schemas_member_inside_an_extension_is_ignored_on_create_and_patch() {
    let client = Client::in_memory();
    let created = client
        .post(
            "Users",
            &json!({"userName": "bjensen", ENTERPRISE: {"schemas": [ENTERPRISE], "department": "Tour"}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body[ENTERPRISE], json!({"department": "Tour"}));

    let patch = json!({"Operations": [{"op": "replace", "path": ENTERPRISE,
                                       "value": {"schemas": [ENTERPRISE], "employeeNumber": "7"}}]});
    let patched = client
        .patch(&format!("Users/{}", created.id()), &patch)
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(
        patched.body[ENTERPRISE],
        json!({"department": "Tour", "employeeNumber": "7"})
    );
}

#[tokio::test]
async fn rfc7643_erratum_6011_group_members_display_is_published_in_schemas() {
    let client = Client::in_memory();
    let group = client
        .get("Schemas/urn:ietf:params:scim:schemas:core:2.0:Group")
        .await;
    let members = group.body["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "members")
        .unwrap();
    let subs: Vec<&str> = members["subAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(subs.contains(&"display"), "{subs:?}");
}
