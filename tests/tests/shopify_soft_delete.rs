//! DELETE of a User kept as a Shopify customer under the default policy: a soft delete
//! (RFC 7644 §3.6: "Service providers MAY choose not to permanently delete the resource,
//! but MUST return a 404 (Not Found) error code for all operations associated with the
//! previously deleted resource. Service providers MUST omit the resource from future query
//! results."), and Entra ID's un-assign and re-assign of the same person, through the whole
//! service over a `ShopifyStore` on the offline emulator.

use std::sync::Arc;

use scim_conformance::shop;
use scim_conformance::shop::{customer_in_shop, named, take_calls};
use scim_conformance::{Client, okta_user};
use scim_shopify::client::ShopifyClient;
use scim_shopify::client::operations::ScimCustomer;
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use serde_json::{Value, json};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const SHOP_TOKEN: &str = "shpat_soft_delete";

fn shopify_client(emulator: &RunningEmulator) -> ShopifyClient {
    shop::client(emulator, SHOP_TOKEN)
}

async fn shopify() -> (RunningEmulator, Client) {
    let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Plus))
        .await
        .expect("the emulator starts");
    let store = ShopifyStore::new(
        shopify_client(&emulator),
        MappingConfig::default(),
        DeletePolicy::default(),
    )
    .expect("a store");
    (emulator, Client::over(Arc::new(store)))
}

fn has_tag(customer: &ScimCustomer, tag: &str) -> bool {
    customer.tags.iter().any(|t| t == tag)
}

fn inactive_metafield(customer: &ScimCustomer) -> Option<&str> {
    customer
        .metafields
        .nodes
        .iter()
        .find(|m| m.namespace == "scim" && m.key == "active")
        .map(|m| m.value.as_str())
}

/// Entra ID's `Replace` of `active` with a string boolean (Microsoft, "Known issues and
/// resolutions with SCIM 2.0 compliance").
fn entra_active(value: &str) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": [{"op": "Replace", "path": "active", "value": value}]})
}

/// The user Entra ID's provisioning service creates (Microsoft, "Tutorial: Develop and plan
/// provisioning for a SCIM endpoint", Create User request).
fn entra_user(email: &str, external_id: &str, given: &str) -> Value {
    json!({
        "schemas": [USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": external_id,
        "userName": email,
        "active": true,
        "emails": [{"primary": true, "type": "work", "value": email}],
        "name": {"givenName": given, "familyName": "Jensen"},
    })
}

fn encode(filter: &str) -> String {
    filter
        .replace(' ', "%20")
        .replace('"', "%22")
        .replace('@', "%40")
}

/// RFC 7644 §3.6: after a DELETE under the default policy every operation on the User is
/// 404 and no query returns it; the customer stays in the shop, deactivated (the inactive
/// tag and metafield the merchant's theme and Flow act on) and marked deleted. The DELETE
/// is one GraphQL call.
#[tokio::test]
async fn rfc7644_3_6_a_deleted_user_is_404_for_every_operation_and_omitted_from_lists() {
    let (emulator, client) = shopify().await;
    let gone = client
        .post("Users", &okta_user("gone@okta.local", "Gone"))
        .await;
    assert_eq!(gone.status, 201, "{}", gone.body);
    let kept = client
        .post("Users", &okta_user("kept@okta.local", "Kept"))
        .await;
    assert_eq!(kept.status, 201, "{}", kept.body);
    let (id, path) = (gone.id(), format!("Users/{}", gone.id()));

    emulator.reset_stats();
    let deleted = client.delete(&path).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    // Two parts (10 points each), the customer after them and before the tags (11 each).
    let write = &emulator.stats().operations["CustomerWrite"];
    assert_eq!(write.requested_cost, 42);
    assert_eq!(take_calls(&emulator), named(&[("CustomerWrite", 1)]));

    let not_found = format!("Resource {id} not found");
    let read = client.get(&path).await;
    assert_eq!(read.status, 404, "{}", read.body);
    assert_eq!(read.body["detail"], not_found.as_str());
    let put = client.put(&path, &gone.body).await;
    assert_eq!(put.status, 404, "{}", put.body);
    let rename = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "name.givenName", "value": "Back"}
    ]});
    let patched = client.patch(&path, &rename).await;
    assert_eq!(patched.status, 404, "{}", patched.body);
    let deactivated = client.patch(&path, &entra_active("False")).await;
    assert_eq!(deactivated.status, 404, "{}", deactivated.body);
    emulator.reset_stats();
    let again = client.delete(&path).await;
    assert_eq!(again.status, 404, "{}", again.body);
    assert_eq!(again.body["detail"], not_found.as_str());
    assert_eq!(take_calls(&emulator), named(&[("CustomerWrite", 1)]));

    // Omitted from lookups (which read the customer directly) and searches.
    for filter in [
        r#"userName eq "gone@okta.local""#.to_owned(),
        format!(r#"id eq "{id}""#),
        r#"externalId eq "00ujl29u0le5T6Aj10h7""#.to_owned(),
        "active eq false".to_owned(),
        r#"name.givenName eq "Gone" or name.givenName eq "Kept""#.to_owned(),
    ] {
        let found = client
            .get(&format!("Users?filter={}", encode(&filter)))
            .await;
        assert_eq!(found.status, 200, "{}", found.body);
        let ids: Vec<&Value> = found.body["Resources"]
            .as_array()
            .map(|r| r.iter().map(|u| &u["id"]).collect())
            .unwrap_or_default();
        assert!(!ids.contains(&&json!(id)), "{filter}: {}", found.body);
    }
    let either = client
        .get(&format!(
            "Users?filter={}",
            encode(r#"name.givenName eq "Gone" or name.givenName eq "Kept""#)
        ))
        .await;
    assert_eq!(either.body["totalResults"], 1, "{}", either.body);
    let all = client.get("Users").await;
    assert_eq!(all.body["totalResults"], 1, "{}", all.body);
    assert_eq!(all.body["Resources"][0]["id"], kept.id().as_str());

    // The customer stays, deactivated and marked deleted; its data is untouched.
    let customer = customer_in_shop(&shopify_client(&emulator), &id).await;
    assert!(has_tag(&customer, "scim-inactive"), "{:?}", customer.tags);
    assert!(has_tag(&customer, "scim-deleted"), "{:?}", customer.tags);
    assert_eq!(inactive_metafield(&customer), Some("false"));
    assert_eq!(customer.email(), Some("gone@okta.local"));
    assert_eq!(customer.first_name.as_deref(), Some("Gone"));
}

/// Entra ID deletes a user on un-assignment and creates it again on re-assignment, with the
/// same email. Shopify still holds that email on the soft-deleted customer ("Email has
/// already been taken"): the create takes it over, 201 with its id, holding exactly the new
/// User (nothing of the old one leaks), active, no longer marked deleted.
#[tokio::test]
async fn entra_id_delete_then_recreate_takes_over_the_deleted_customer() {
    let (emulator, client) = shopify().await;
    let mut old = entra_user("ada@contoso.com", "ext-old", "Ada");
    old["title"] = json!("Countess");
    old["phoneNumbers"] = json!([{"value": "+16135550142", "type": "work", "primary": true}]);
    let created = client.post("Users", &old).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.id();
    assert_eq!(client.delete(&format!("Users/{id}")).await.status, 204);

    emulator.reset_stats();
    let new = entra_user("ada@contoso.com", "ext-new", "Augusta");
    let recreated = client.post("Users", &new).await;
    assert_eq!(recreated.status, 201, "{}", recreated.body);
    // customerCreate (taken), customerByIdentifier (by the userName key), the commit on
    // the deleted customer's version (of re-creates racing, one takes it over) and its
    // projection.
    assert_eq!(
        take_calls(&emulator),
        named(&[
            ("CustomerByIdentifier", 1),
            ("CustomerCreate", 1),
            ("CustomerWrite", 1),
            ("MetafieldsSet", 1)
        ])
    );
    assert_eq!(recreated.id(), id, "the customer is the same person's");
    let body = &recreated.body;
    assert_eq!(body["active"], true);
    assert_eq!(body["externalId"], "ext-new");
    assert_eq!(body["name"]["givenName"], "Augusta");
    assert!(body.get("title").is_none(), "{body}");
    assert!(body.get("phoneNumbers").is_none(), "{body}");

    let read = client.get(&format!("Users/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["externalId"], "ext-new");
    assert!(read.body.get("title").is_none(), "{}", read.body);
    let found = client
        .get(&format!(
            "Users?filter={}",
            encode(r#"userName eq "ada@contoso.com""#)
        ))
        .await;
    assert_eq!(found.body["totalResults"], 1, "{}", found.body);

    let customer = customer_in_shop(&shopify_client(&emulator), &id).await;
    assert!(!has_tag(&customer, "scim-deleted"), "{:?}", customer.tags);
    assert!(!has_tag(&customer, "scim-inactive"), "{:?}", customer.tags);
    assert_eq!(inactive_metafield(&customer), None);
    assert_eq!(customer.first_name.as_deref(), Some("Augusta"));
    assert!(customer.default_phone_number.is_none());
}

/// RFC 7644 §3.3: an email a live customer holds stays 409 `uniqueness`, whoever asks.
#[tokio::test]
async fn a_taken_email_of_a_live_customer_stays_409() {
    let (emulator, client) = shopify().await;
    let first = client
        .post("Users", &entra_user("live@contoso.com", "ext-1", "Live"))
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let second = client
        .post("Users", &entra_user("live@contoso.com", "ext-2", "Other"))
        .await;
    assert_eq!(second.status, 409, "{}", second.body);
    assert_eq!(second.body["scimType"], "uniqueness");
    let customer = customer_in_shop(&shopify_client(&emulator), &first.id()).await;
    assert_eq!(customer.first_name.as_deref(), Some("Live"));
}

/// The read-free PATCH of `active` (Entra ID's `Replace` of `"True"`) on a deleted User is
/// 404, and the reactivation it made is put back with one more write: the customer stays
/// deactivated.
#[tokio::test]
async fn entra_id_reactivating_a_deleted_user_is_404_and_the_customer_stays_deactivated() {
    let (emulator, client) = shopify().await;
    let id = client
        .post("Users", &entra_user("late@contoso.com", "ext-late", "Late"))
        .await
        .id();
    let path = format!("Users/{id}");
    assert_eq!(client.delete(&path).await.status, 204);

    emulator.reset_stats();
    let reactivated = client.patch(&path, &entra_active("True")).await;
    assert_eq!(reactivated.status, 404, "{}", reactivated.body);
    assert_eq!(take_calls(&emulator), named(&[("CustomerWrite", 2)]));
    let customer = customer_in_shop(&shopify_client(&emulator), &id).await;
    assert!(has_tag(&customer, "scim-inactive"), "{:?}", customer.tags);
    assert!(has_tag(&customer, "scim-deleted"), "{:?}", customer.tags);
    assert_eq!(inactive_metafield(&customer), Some("false"));
    assert_eq!(client.get(&path).await.status, 404);
    // The customer's record still says its User was deleted: a create takes it over.
    let again = client
        .post("Users", &entra_user("late@contoso.com", "ext-late", "Late"))
        .await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.id(), id);
}

/// A deleted User is no group's member (RFC 7644 §3.6: omitted from query results) and
/// cannot be made one (400, as an unknown id); re-created, it starts with no groups.
#[tokio::test]
async fn a_deleted_user_is_no_group_member_and_cannot_join_one() {
    let (emulator, client) = shopify().await;
    let gone = client
        .post("Users", &entra_user("gone@contoso.com", "ext-gone", "Gone"))
        .await
        .id();
    let kept = client
        .post("Users", &entra_user("kept@contoso.com", "ext-kept", "Kept"))
        .await
        .id();
    let group = client
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Sales",
                    "members": [{"value": gone}, {"value": kept}]}),
        )
        .await;
    assert_eq!(group.status, 201, "{}", group.body);
    let group_path = format!("Groups/{}", group.id());
    assert_eq!(client.delete(&format!("Users/{gone}")).await.status, 204);

    let read = client.get(&group_path).await;
    assert_eq!(read.status, 200, "{}", read.body);
    let members: Vec<&Value> = read.body["members"]
        .as_array()
        .map(|m| m.iter().map(|m| &m["value"]).collect())
        .unwrap_or_default();
    assert_eq!(members, [&json!(kept)], "{}", read.body);

    let add = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "add", "path": "members", "value": [{"value": gone}]}
    ]});
    let refused = client.patch(&group_path, &add).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.body["scimType"], "invalidValue");
    let new_group = client
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Support", "members": [{"value": gone}]}),
        )
        .await;
    assert_eq!(new_group.status, 400, "{}", new_group.body);

    // Re-created (Entra ID's re-assignment), the User has no groups: the old membership tag
    // goes with the deleted tag.
    let recreated = client
        .post("Users", &entra_user("gone@contoso.com", "ext-gone", "Back"))
        .await;
    assert_eq!(recreated.status, 201, "{}", recreated.body);
    assert_eq!(recreated.id(), gone);
    assert!(
        recreated.body["groups"]
            .as_array()
            .is_none_or(|g| g.is_empty()),
        "{}",
        recreated.body
    );
    let customer = customer_in_shop(&shopify_client(&emulator), &gone).await;
    assert!(
        !customer.tags.iter().any(|t| t.starts_with("scim-group:")),
        "{:?}",
        customer.tags
    );
}
