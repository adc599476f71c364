//! The requests Microsoft Entra ID's provisioning service sends (the "Tutorial: Develop and
//! plan provisioning for a SCIM endpoint" request/response pairs and its SCIM validator), as
//! `entra_provisioning.rs` sends them to the in-memory store, here through the whole service
//! over a `ShopifyStore` on the offline Shopify emulator, the shop set up as
//! `--backend shopify` sets it up (`ensure_definitions`).
//!
//! Users only: Entra ID's group steps on Shopify (members added and removed by value) are
//! in `shopify_groups.rs`.

use scim_conformance::shop::set_up_shop;
use scim_conformance::{Client, entra_user};
use scim_shopify_emulator::RunningEmulator;
use serde_json::json;

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const SHOP_TOKEN: &str = "shpat_entra";

/// A service over a Shopify store on a fresh emulated shop, set up, deleting customers on
/// DELETE (Entra expects a deleted user to be gone: 404 afterwards).
async fn shopify() -> (RunningEmulator, Client) {
    set_up_shop(SHOP_TOKEN).await
}

#[tokio::test]
async fn entra_user_lifecycle_on_shopify_with_capitalised_ops_and_string_booleans() {
    let (_emulator, client) = shopify().await;
    scim_conformance::entra::user_lifecycle(&client).await;
}

/// Entra's validator also changes userName and externalId by PATCH without a path (the
/// "Update User" test), with `"True"` in an `Add` whose value is an object.
#[tokio::test]
async fn entra_patch_without_a_path_on_shopify() {
    let (_emulator, client) = shopify().await;
    let created = client
        .post("Users", &entra_user("first@testuser.com", "ext-1"))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let path = format!("Users/{}", created.id());
    let update = json!({
        "schemas": [PATCH_OP],
        "Operations": [
            {"op": "Replace", "value": {"userName": "renamed@testuser.com", "externalId": "ext-2"}},
            {"op": "Add", "value": {"active": "True", "displayName": "Renamed"}}
        ]
    });
    let updated = client.patch(&path, &update).await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.body["userName"], "renamed@testuser.com");
    assert_eq!(updated.body["externalId"], "ext-2");
    assert_eq!(updated.body["displayName"], "Renamed");
    let by_external = client.get("Users?filter=externalId+eq+%22ext-2%22").await;
    assert_eq!(by_external.body["totalResults"], 1, "{}", by_external.body);
    let old = client.get("Users?filter=externalId+eq+%22ext-1%22").await;
    assert_eq!(old.body["totalResults"], 0, "{}", old.body);
    let by_name = client
        .get("Users?filter=userName+eq+%22renamed%40testuser.com%22")
        .await;
    assert_eq!(by_name.body["totalResults"], 1, "{}", by_name.body);
}
