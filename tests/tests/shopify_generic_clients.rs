//! Users as a generic SCIM client writes them (scim2-tester's generated users, which
//! `.ci/external-conformance` sends to `--backend shopify-emulator`), through the whole
//! service over a `ShopifyStore` on the offline Shopify emulator: what RFC 7643 allows but
//! a Shopify customer cannot hold as such is provisioned all the same and read back as
//! written.

use scim_conformance::Client;
use scim_conformance::shop::set_up_shop;
use scim_shopify_emulator::RunningEmulator;
use serde_json::json;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const SHOP_TOKEN: &str = "shpat_generic";

async fn shopify() -> (RunningEmulator, Client) {
    set_up_shop(SHOP_TOKEN).await
}

/// RFC 7643 §4.1: `userName` is the only required attribute. Shopify refuses a customer
/// without a name, phone or email, so the userName stands in as its last name, which the
/// User does not show as `name.familyName`.
#[tokio::test]
async fn a_user_with_only_a_user_name_is_created_and_read_back_as_written() {
    let (_emulator, client) = shopify().await;
    let created = client
        .post(
            "Users",
            &json!({"schemas": [USER], "userName": "5f1d6c0e-2a4b-4e8f-9c3d-7b6a5e4d3c2b"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let read = client.get(&format!("Users/{}", created.id())).await;
    assert_eq!(
        read.body["userName"],
        "5f1d6c0e-2a4b-4e8f-9c3d-7b6a5e4d3c2b"
    );
    assert!(read.body.get("name").is_none(), "{}", read.body);

    // Given a real name later, the stand-in goes.
    let named = client
        .put(
            &format!("Users/{}", created.id()),
            &json!({"schemas": [USER], "userName": "5f1d6c0e-2a4b-4e8f-9c3d-7b6a5e4d3c2b",
                    "name": {"givenName": "Barbara"}}),
        )
        .await;
    assert_eq!(named.status, 200, "{}", named.body);
    assert_eq!(named.body["name"], json!({"givenName": "Barbara"}));
}

/// RFC 7643 §4.1.1 `locale` and §4.1.2 `phoneNumbers`: a locale that is no language tag
/// Shopify knows, and a number Shopify refuses ("Phone is invalid"), are kept as written
/// instead of failing the whole user with 400.
#[tokio::test]
async fn a_locale_and_a_phone_shopify_cannot_hold_are_kept_as_written() {
    let (_emulator, client) = shopify().await;
    let user = json!({
        "schemas": [USER],
        "userName": "generic@example.com",
        "locale": "3e5c2a10-5b7d-4c1e-8f2a-6d9b0c4e7a31",
        "phoneNumbers": [{"value": "0123456789", "type": "other", "primary": true}]
    });
    let created = client.post("Users", &user).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let read = client.get(&format!("Users/{}", created.id())).await;
    assert_eq!(read.body["locale"], user["locale"]);
    assert_eq!(read.body["phoneNumbers"], user["phoneNumbers"]);

    // A national number Shopify keeps in E.164 reads back as written too.
    let national = json!({
        "schemas": [USER],
        "userName": "national@example.com",
        "locale": "fr-CA",
        "phoneNumbers": [{"value": "3369165758", "type": "work", "primary": true}]
    });
    let created = client.post("Users", &national).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["locale"], "fr-CA");
    assert_eq!(created.body["phoneNumbers"], national["phoneNumbers"]);
}

/// RFC 7644 §3.5.2.2: a PATCH `remove` of `locale` removes it, although Shopify cannot
/// clear a customer's locale (and gives every new customer one): a User created without a
/// locale shows none either.
#[tokio::test]
async fn a_removed_locale_is_gone_although_the_customer_keeps_one() {
    let (_emulator, client) = shopify().await;
    let bare = client
        .post(
            "Users",
            &json!({"schemas": [USER], "userName": "bare@example.com"}),
        )
        .await;
    assert_eq!(bare.status, 201, "{}", bare.body);
    assert!(bare.body.get("locale").is_none(), "{}", bare.body);

    let created = client
        .post(
            "Users",
            &json!({"schemas": [USER], "userName": "fr@example.com", "locale": "fr-CA"}),
        )
        .await;
    assert_eq!(created.body["locale"], "fr-CA");
    let path = format!("Users/{}", created.id());
    let removed = client
        .patch(
            &path,
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{"op": "remove", "path": "locale"}]}),
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert!(removed.body.get("locale").is_none(), "{}", removed.body);
    assert!(client.get(&path).await.body.get("locale").is_none());
}
