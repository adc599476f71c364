//! The user lifecycle Microsoft Entra ID's provisioning service sends (the "Tutorial:
//! Develop and plan provisioning for a SCIM endpoint" request/response pairs and its SCIM
//! validator), one sequence for every store the flows run it against.

use http::Method;
use serde_json::{Value, json};

use crate::{Client, entra_user};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// Entra ID's user lifecycle through `client`: the validator's probe, create (and the
/// same user again, 409), lookups by externalId and by userName in another case,
/// capitalised PATCH ops with a value path and the manager as a bare id, `"False"` and
/// `"True"` (with `Prefer: return=minimal`), an empty PATCH, and DELETE. Panics at the
/// first answer that is not Entra's expectation.
pub async fn user_lifecycle(client: &Client) {
    // The validator's first probe: a userName nobody has, with `+` for spaces.
    let probe = client
        .get("Users?filter=userName+eq+%22non-existent-7c1a@contoso.com%22")
        .await;
    assert_eq!(probe.status, 200, "{}", probe.body);
    assert_eq!(probe.body["totalResults"], 0);

    let user_name = "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com";
    let external_id = "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef";
    let created = client
        .post("Users", &entra_user(user_name, external_id))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.id();
    assert_eq!(created.body["userName"], user_name);
    assert_eq!(created.body[ENTERPRISE]["department"], "Sales");
    assert_eq!(created.body["externalId"], external_id);
    let path = format!("Users/{id}");

    // The validator posts the same user again: 409 uniqueness (RFC 7644 §3.3).
    let again = client
        .post("Users", &entra_user(user_name, external_id))
        .await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(again.scim_type(), Some("uniqueness"));

    // Entra matches on externalId and on userName (the case of userName does not matter,
    // RFC 7643 §4.1.1 caseExact false).
    let by_external = client
        .get(&format!("Users?filter=externalId+eq+%22{external_id}%22"))
        .await;
    assert_eq!(by_external.body["totalResults"], 1, "{}", by_external.body);
    assert_eq!(by_external.body["Resources"][0]["id"], id.as_str());
    for name in [user_name.to_owned(), user_name.to_uppercase()] {
        let by_name = client
            .get(&format!(
                "Users?filter=userName+eq+%22{}%22",
                name.replace('@', "%40")
            ))
            .await;
        assert_eq!(by_name.body["totalResults"], 1, "{name}: {}", by_name.body);
        assert_eq!(by_name.body["Resources"][0]["id"], id.as_str());
    }

    // Attribute updates: capitalised ops, a value path that selects the work email, the
    // manager as a bare id inside the enterprise extension.
    let manager = client
        .post("Users", &entra_user("manager@testuser.com", "m-1"))
        .await;
    assert_eq!(manager.status, 201, "{}", manager.body);
    let manager = manager.id();
    let update = json!({
        "schemas": [PATCH_OP],
        "Operations": [
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "updatedEmail@microsoft.com"},
            {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
            {"op": "Add", "path": format!("{ENTERPRISE}:manager"), "value": manager}
        ]
    });
    let updated = client.patch(&path, &update).await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(
        updated.body["emails"][0]["value"],
        "updatedEmail@microsoft.com"
    );
    assert_eq!(updated.body["userName"], user_name);
    assert_eq!(updated.body["name"]["familyName"], "updatedFamilyName");
    assert_eq!(
        updated.body[ENTERPRISE]["manager"]["value"],
        manager.as_str()
    );
    let read = client.get(&path).await;
    assert_eq!(read.body["emails"], updated.body["emails"]);
    assert_eq!(read.body[ENTERPRISE], updated.body[ENTERPRISE]);

    // Disable with a string boolean; the filter Entra uses to check it.
    let disable = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}]
    });
    let disabled = client.patch(&path, &disable).await;
    assert_eq!(disabled.status, 200, "{}", disabled.body);
    assert_eq!(disabled.body["active"], false);
    assert_eq!(client.get(&path).await.body["active"], false);

    // The validator's empty PATCH is a no-op 200 that leaves the version alone.
    let before = client.get(&path).await;
    let empty = client
        .patch(&path, &json!({"schemas": [PATCH_OP], "Operations": []}))
        .await;
    assert_eq!(empty.status, 200, "{}", empty.body);
    assert_eq!(empty.header("etag"), before.header("etag"));

    // Some tenants ask for 204 with Prefer: return=minimal (RFC 7240), and enable again
    // with a string boolean.
    let enable = json!({
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": "active", "value": "True"}]
    });
    let minimal = client
        .send(
            Method::PATCH,
            &path,
            Some(&enable),
            &[("prefer", "return=minimal")],
        )
        .await;
    assert_eq!(minimal.status, 204, "{}", minimal.body);
    assert_eq!(minimal.body, Value::Null);
    assert!(minimal.header("etag").is_some());
    assert_eq!(client.get(&path).await.body["active"], true);

    // Delete: 204, then the user is gone for GET and for filters.
    assert_eq!(client.delete(&path).await.status, 204);
    assert_eq!(client.get(&path).await.status, 404);
    let after = client
        .get(&format!("Users?filter=externalId+eq+%22{external_id}%22"))
        .await;
    assert_eq!(after.body["totalResults"], 0);
}
