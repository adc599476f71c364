//! SCIM Groups kept in Shopify (a `$app:scim_group` metaobject per group, membership as a
//! customer tag), through the whole service over a `ShopifyStore` on the offline emulator:
//! Okta's and Entra's group requests, RFC 7644 error answers, and the customers' tags read
//! back both as the Users' `groups` (RFC 7643 §4.1.2) and directly from the shop.

use std::sync::Arc;
use std::time::Duration;

use scim_conformance::shop;
use scim_conformance::shop::{named, take_calls};
use scim_conformance::{Client, okta_user};
use scim_shopify::client::ShopifyClient;
use scim_shopify::client::operations::{
    CustomerById, CustomerByIdVariables, MetaobjectById, MetaobjectIdVariables, Metaobjects,
    MetaobjectsVariables, TagsAdd, TagsVariables,
};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, GROUP_TYPE, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use serde_json::{Value, json};

const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const SHOP_TOKEN: &str = "shpat_groups";

/// The emulator, a SCIM client over a `ShopifyStore` on it, and a Shopify client that reads
/// the shop directly.
struct Shop {
    emulator: RunningEmulator,
    scim: Client,
    shopify: ShopifyClient,
}

fn shopify_client(emulator: &RunningEmulator) -> ShopifyClient {
    shop::client(emulator, SHOP_TOKEN)
}

async fn shop_with(config: EmulatorConfig) -> Shop {
    let emulator = Emulator::start(config.shop(SHOP_TOKEN, Plan::Plus))
        .await
        .expect("the emulator starts");
    let store = ShopifyStore::new(
        shopify_client(&emulator),
        MappingConfig::default(),
        DeletePolicy::default(),
    )
    .expect("a store");
    Shop {
        scim: Client::over(Arc::new(store)),
        shopify: shopify_client(&emulator),
        emulator,
    }
}

async fn shop() -> Shop {
    shop_with(EmulatorConfig::new()).await
}

impl Shop {
    async fn user(&self, name: &str) -> String {
        let mut user = okta_user(&format!("{name}@okta.local"), name);
        user["externalId"] = json!(format!("00u-{name}"));
        let created = self.scim.post("Users", &user).await;
        assert_eq!(created.status, 201, "{}", created.body);
        created.id()
    }

    /// The customer's tags, read from the shop.
    async fn tags(&self, id: &str) -> Vec<String> {
        self.shopify
            .execute::<CustomerById>(&CustomerByIdVariables {
                id: format!("gid://shopify/Customer/{id}"),
                metafield_namespace: None,
            })
            .await
            .expect("the customer reads")
            .data
            .customer
            .expect("the customer exists")
            .tags
    }

    /// A merchant's own tag, added in the shop.
    async fn merchant_tag(&self, id: &str, tag: &str) {
        let answer = self
            .shopify
            .execute::<TagsAdd>(&TagsVariables {
                id: format!("gid://shopify/Customer/{id}"),
                tags: vec![tag.to_owned()],
            })
            .await
            .expect("tagsAdd");
        assert!(answer.data.tags_add.user_errors.is_empty());
    }

    /// The `groups` of the SCIM User, as `(value, display)`.
    async fn groups_of(&self, id: &str) -> Vec<(String, String)> {
        let user = self.scim.get(&format!("Users/{id}")).await;
        assert_eq!(user.status, 200, "{}", user.body);
        user.body
            .get("groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|g| {
                (
                    g["value"].as_str().unwrap().to_owned(),
                    g["display"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// How many `scim_group` metaobjects the shop holds.
    async fn group_metaobjects(&self) -> usize {
        self.shopify
            .execute::<Metaobjects>(&MetaobjectsVariables {
                r#type: GROUP_TYPE.to_owned(),
                first: 50,
                after: None,
            })
            .await
            .expect("metaobjects")
            .data
            .metaobjects
            .nodes
            .len()
    }
}

fn patch(operations: Value) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": operations})
}

fn member_values(group: &Value) -> Vec<String> {
    let mut values: Vec<String> = group
        .get("members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|m| m["value"].as_str().unwrap().to_owned())
        .collect();
    values.sort();
    values
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// Okta's group push (Okta "SCIM 2.0 protocol reference", Groups): look up by displayName,
/// create with members, rename with a path-less replace, add and remove members, replace
/// the members, delete; the customers' tags checked at each step, merchant tags untouched.
#[tokio::test]
async fn okta_group_push_moves_membership_tags_and_leaves_merchant_tags() {
    let shop = shop().await;
    let alice = shop.user("alice").await;
    let bob = shop.user("bob").await;
    let carol = shop.user("carol").await;
    shop.merchant_tag(&alice, "VIP").await;

    // Okta looks the group up by displayName first.
    let lookup = "Groups?filter=displayName%20eq%20%22Sales%20Team%22&startIndex=1&count=100";
    let none = shop.scim.get(lookup).await;
    assert_eq!(none.status, 200, "{}", none.body);
    assert_eq!(none.body["totalResults"], 0);

    // Create with two members: a metaobject, and the tag on both customers.
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Sales Team", "externalId": "00g-sales",
                    "members": [{"value": alice}, {"value": bob}]}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let group = created.id();
    assert!(group.bytes().all(|b| b.is_ascii_digit()), "{group}");
    assert_eq!(created.body["externalId"], "00g-sales");
    assert_eq!(created.body["meta"]["resourceType"], "Group");
    assert_eq!(
        member_values(&created.body),
        sorted(vec![alice.clone(), bob.clone()])
    );
    assert_eq!(created.body["members"][0]["type"], "User");
    assert_eq!(shop.tags(&alice).await, ["scim-group:Sales Team", "VIP"]);
    assert_eq!(shop.tags(&bob).await, ["scim-group:Sales Team"]);
    assert_eq!(shop.group_metaobjects().await, 1);
    assert_eq!(
        shop.groups_of(&alice).await,
        [(group.clone(), "Sales Team".to_owned())]
    );

    // The lookup finds it now, members read from the tag search.
    let found = shop.scim.get(lookup).await;
    assert_eq!(found.body["totalResults"], 1, "{}", found.body);
    assert_eq!(found.body["Resources"][0]["id"], group.as_str());
    let read = shop.scim.get(&format!("Groups/{group}")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(
        member_values(&read.body),
        sorted(vec![alice.clone(), bob.clone()])
    );
    let by_external = shop
        .scim
        .get("Groups?filter=externalId%20eq%20%2200g-sales%22")
        .await;
    assert_eq!(by_external.body["totalResults"], 1, "{}", by_external.body);

    // Rename: Okta sends the id with the new displayName in a path-less replace. Every
    // member trades the old tag for the new one.
    let path = format!("Groups/{group}");
    let renamed = shop
        .scim
        .patch(
            &path,
            &patch(json!([{"op": "replace", "value": {"id": group, "displayName": "Revenue"}}])),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["displayName"], "Revenue");
    assert_eq!(
        member_values(&renamed.body),
        sorted(vec![alice.clone(), bob.clone()])
    );
    assert_eq!(shop.tags(&alice).await, ["scim-group:Revenue", "VIP"]);
    assert_eq!(shop.tags(&bob).await, ["scim-group:Revenue"]);
    assert_eq!(
        shop.groups_of(&bob).await,
        [(group.clone(), "Revenue".to_owned())]
    );
    // `meta.version` is the metaobject's `updatedAt`, to the second: it moves, or stays
    // within the second of the create.
    assert!(renamed.body["meta"]["version"].as_str() >= created.body["meta"]["version"].as_str());

    // Okta's profile push PUTs the whole user back, with the read-only `groups` it read:
    // the group tag (not the User's to write) and the merchant's tag stay.
    let mut profile = shop.scim.get(&format!("Users/{alice}")).await.body;
    profile["name"]["givenName"] = json!("Alicia");
    profile["groups"] = json!([]);
    let pushed = shop.scim.put(&format!("Users/{alice}"), &profile).await;
    assert_eq!(pushed.status, 200, "{}", pushed.body);
    assert_eq!(pushed.body["groups"][0]["display"], "Revenue");
    assert_eq!(shop.tags(&alice).await, ["scim-group:Revenue", "VIP"]);

    // Add carol, remove bob by a value filter.
    let changed = shop
        .scim
        .patch(
            &path,
            &patch(json!([
                {"op": "add", "path": "members", "value": [{"value": carol, "display": "carol"}]},
                {"op": "remove", "path": format!("members[value eq \"{bob}\"]")},
            ])),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(
        member_values(&changed.body),
        sorted(vec![alice.clone(), carol.clone()])
    );
    assert_eq!(shop.tags(&carol).await, ["scim-group:Revenue"]);
    assert!(shop.tags(&bob).await.is_empty());
    assert!(shop.groups_of(&bob).await.is_empty());

    // Okta replaces the whole member list: alice leaves, keeping her merchant tag.
    let replaced = shop
        .scim
        .patch(
            &path,
            &patch(json!([{"op": "replace", "path": "members", "value": [{"value": carol}]}])),
        )
        .await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    assert_eq!(member_values(&replaced.body), [carol.as_str()]);
    assert_eq!(shop.tags(&alice).await, ["VIP"]);
    assert_eq!(
        shop.groups_of(&carol).await,
        [(group.clone(), "Revenue".to_owned())]
    );
    // Users filter on their read-only `groups` (RFC 7644 §3.4.2.2), evaluated in memory.
    let in_group = shop
        .scim
        .get(&format!("Users?filter=groups.value%20eq%20%22{group}%22"))
        .await;
    assert_eq!(in_group.status, 200, "{}", in_group.body);
    assert_eq!(in_group.body["totalResults"], 1, "{}", in_group.body);
    assert_eq!(in_group.body["Resources"][0]["id"], carol.as_str());

    // Delete: the tag leaves every member, the metaobject goes, GET is 404.
    assert_eq!(shop.scim.delete(&path).await.status, 204);
    assert!(shop.tags(&carol).await.is_empty());
    assert_eq!(shop.tags(&alice).await, ["VIP"]);
    assert_eq!(shop.scim.get(&path).await.status, 404);
    assert_eq!(shop.group_metaobjects().await, 0);
    let gone = shop
        .shopify
        .execute::<MetaobjectById>(&MetaobjectIdVariables {
            id: format!("gid://shopify/Metaobject/{group}"),
        })
        .await
        .unwrap();
    assert!(gone.data.metaobject.is_none());
    assert!(shop.groups_of(&carol).await.is_empty());
    assert_eq!(shop.scim.get("Groups").await.body["totalResults"], 0);
}

/// Entra ID's membership changes (Microsoft "Tutorial: develop a SCIM endpoint", Groups):
/// add, the `members[value eq]` check, and remove by value with `$ref: null`.
#[tokio::test]
async fn entra_removes_a_member_by_value() {
    let shop = shop().await;
    let user = shop.user("entra").await;
    let other = shop.user("other").await;
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "displayName",
                    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                    "members": [{"value": other}]}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let group = created.id();
    let path = format!("Groups/{group}");

    let found = shop
        .scim
        .get("Groups?excludedAttributes=members&filter=displayName+eq+%22displayName%22")
        .await;
    assert_eq!(found.body["totalResults"], 1, "{}", found.body);
    assert!(found.body["Resources"][0].get("members").is_none());

    let add =
        patch(json!([{"op": "Add", "path": "members", "value": [{"$ref": null, "value": user}]}]));
    let added = shop.scim.patch(&path, &add).await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(shop.tags(&user).await, ["scim-group:displayName"]);
    let member_filter = format!(
        "Groups?filter=id+eq+%22{group}%22+and+members%5Bvalue+eq+%22{user}%22%5D&excludedAttributes=members"
    );
    // The check reads that one group and its members, whatever the number of groups.
    shop.emulator.reset_stats();
    assert_eq!(shop.scim.get(&member_filter).await.body["totalResults"], 1);
    assert_eq!(shop.emulator.stats().calls(), 2);

    let remove = patch(
        json!([{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": user}]}]),
    );
    let removed = shop.scim.patch(&path, &remove).await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(member_values(&removed.body), [other.as_str()]);
    assert!(shop.tags(&user).await.is_empty());
    assert_eq!(shop.tags(&other).await, ["scim-group:displayName"]);
    assert_eq!(shop.scim.get(&member_filter).await.body["totalResults"], 0);
}

/// RFC 7644 §3.3: a group whose membership tag would be another group's is 409
/// `uniqueness` (Shopify compares tags case-insensitively; commas become spaces), on create
/// and on rename, and changes nothing.
#[tokio::test]
async fn groups_whose_tags_collide_are_409_uniqueness() {
    let shop = shop().await;
    let alice = shop.user("alice").await;
    let first = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Sales, EMEA", "members": [{"value": alice}]}),
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    for name in ["SALES EMEA", "  sales   emea "] {
        let again = shop
            .scim
            .post("Groups", &json!({"schemas": [GROUP], "displayName": name}))
            .await;
        assert_eq!(again.status, 409, "{name}: {}", again.body);
        assert_eq!(again.scim_type(), Some("uniqueness"));
    }
    assert_eq!(shop.group_metaobjects().await, 1);

    let other = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Support"}),
        )
        .await;
    assert_eq!(other.status, 201, "{}", other.body);
    let rename = shop
        .scim
        .patch(
            &format!("Groups/{}", other.id()),
            &patch(json!([{"op": "replace", "path": "displayName", "value": "sales emea"}])),
        )
        .await;
    assert_eq!(rename.status, 409, "{}", rename.body);
    assert_eq!(rename.scim_type(), Some("uniqueness"));
    let support = shop.scim.get(&format!("Groups/{}", other.id())).await;
    assert_eq!(support.body["displayName"], "Support");
    assert_eq!(shop.tags(&alice).await, ["scim-group:Sales EMEA"]);

    // A rename that only changes the case keeps the group's own tag, re-spelled.
    let recased = shop
        .scim
        .patch(
            &format!("Groups/{}", first.id()),
            &patch(json!([{"op": "replace", "path": "displayName", "value": "SALES EMEA"}])),
        )
        .await;
    assert_eq!(recased.status, 200, "{}", recased.body);
    assert_eq!(shop.tags(&alice).await, ["scim-group:SALES EMEA"]);
}

/// RFC 7644 §3.12 (400 `invalidValue`): a member that is no User of the store, or a nested
/// Group, is refused naming it, and nothing is written.
#[tokio::test]
async fn an_unknown_or_nested_member_is_400_and_nothing_is_written() {
    let shop = shop().await;
    let alice = shop.user("alice").await;
    let refused = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Ghosts",
                    "members": [{"value": alice}, {"value": "424242424242"}]}),
        )
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.scim_type(), Some("invalidValue"));
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("424242424242")
    );
    assert!(shop.tags(&alice).await.is_empty());
    assert_eq!(shop.group_metaobjects().await, 0);
    assert_eq!(shop.scim.get("Groups").await.body["totalResults"], 0);

    let group = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Real"}),
        )
        .await;
    assert_eq!(group.status, 201, "{}", group.body);
    let nested = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Parent",
                    "members": [{"value": group.id(), "type": "Group"}]}),
        )
        .await;
    assert_eq!(nested.status, 400, "{}", nested.body);
    assert!(nested.body["detail"].as_str().unwrap().contains("nested"));
    // A group's id is not a User's either.
    let path = format!("Groups/{}", group.id());
    let add_group = shop
        .scim
        .patch(
            &path,
            &patch(json!([{"op": "add", "path": "members", "value": [{"value": alice}, {"value": group.id()}]}])),
        )
        .await;
    assert_eq!(add_group.status, 400, "{}", add_group.body);
    assert!(shop.tags(&alice).await.is_empty());
    assert_eq!(shop.group_metaobjects().await, 1);
    assert!(member_values(&shop.scim.get(&path).await.body).is_empty());
}

/// RFC 7644 §3.14: a write with a stale `If-Match` is 412 and changes nothing.
#[tokio::test]
async fn a_stale_group_version_is_412() {
    let shop = shop().await;
    let alice = shop.user("alice").await;
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Versioned"}),
        )
        .await;
    let path = format!("Groups/{}", created.id());
    let stale = [("if-match", "W/\"2001-01-01T00:00:00Z\"")];
    let add = patch(json!([{"op": "add", "path": "members", "value": [{"value": alice}]}]));
    let refused = shop
        .scim
        .send(http::Method::PATCH, &path, Some(&add), &stale)
        .await;
    assert_eq!(refused.status, 412, "{}", refused.body);
    let deleted = shop
        .scim
        .send(http::Method::DELETE, &path, None, &stale)
        .await;
    assert_eq!(deleted.status, 412, "{}", deleted.body);
    assert!(shop.tags(&alice).await.is_empty());
    let current = [(
        "if-match",
        created.body["meta"]["version"].as_str().unwrap(),
    )];
    let accepted = shop
        .scim
        .send(http::Method::PATCH, &path, Some(&add), &current)
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(shop.tags(&alice).await, ["scim-group:Versioned"]);
}

/// RFC 7644 §3.5.1: a PUT replaces the members as a whole (none when absent) and the
/// display name; the tags follow.
#[tokio::test]
async fn a_put_replaces_members_and_name() {
    let shop = shop().await;
    let alice = shop.user("alice").await;
    let bob = shop.user("bob").await;
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Ops", "members": [{"value": alice}]}),
        )
        .await;
    let path = format!("Groups/{}", created.id());
    let put = shop
        .scim
        .put(
            &path,
            &json!({"schemas": [GROUP], "displayName": "Platform", "members": [{"value": bob}]}),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(member_values(&put.body), [bob.as_str()]);
    assert!(put.body.get("externalId").is_none());
    assert!(shop.tags(&alice).await.is_empty());
    assert_eq!(shop.tags(&bob).await, ["scim-group:Platform"]);
    let emptied = shop
        .scim
        .put(
            &path,
            &json!({"schemas": [GROUP], "displayName": "Platform"}),
        )
        .await;
    assert_eq!(emptied.status, 200, "{}", emptied.body);
    assert!(shop.tags(&bob).await.is_empty());
}

/// The GraphQL calls each of Okta's group requests (Okta "SCIM 2.0 protocol reference":
/// create with members, read, remove a member, rename, list without members, delete) makes,
/// counted by the emulator: the figures the store's documentation gives.
#[tokio::test]
async fn group_operations_make_the_documented_calls() {
    let shop = shop().await;
    let alice = shop.user("alice").await;
    let bob = shop.user("bob").await;
    let calls = |shop: &Shop| take_calls(&shop.emulator);
    calls(&shop);

    // First create with 2 members: the definition looked up and created once.
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Counted",
                    "members": [{"value": alice}, {"value": bob}]}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(
        calls(&shop),
        named(&[
            ("CustomerNodes", 1),
            ("MetaobjectCreate", 1),
            ("MetaobjectDefinitionByType", 1),
            ("MetaobjectDefinitionCreate", 1),
            ("TagsAdd", 2),
        ])
    );
    let path = format!("Groups/{}", created.id());

    assert_eq!(shop.scim.get(&path).await.status, 200);
    assert_eq!(
        calls(&shop),
        named(&[("GroupMembers", 1), ("MetaobjectById", 1)])
    );

    let removed = shop
        .scim
        .patch(
            &path,
            &patch(json!([{"op": "remove", "path": format!("members[value eq \"{bob}\"]")}])),
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(
        calls(&shop),
        named(&[
            ("CustomerNodes", 1),
            ("GroupMembers", 1),
            ("MetaobjectById", 1),
            ("MetaobjectUpdate", 1),
            ("TagsRemove", 1),
        ])
    );

    let renamed = shop
        .scim
        .patch(
            &path,
            &patch(json!([{"op": "replace", "path": "displayName", "value": "Recounted"}])),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(
        calls(&shop),
        named(&[
            ("GroupMembers", 1),
            ("GroupTagSwap", 1),
            ("MetaobjectByHandle", 1),
            ("MetaobjectById", 1),
            ("MetaobjectUpdate", 1),
        ])
    );

    // A User without group tags costs no group lookup; the first with a group tag fills
    // the store's group cache (one page of metaobjects), the next ones read it.
    shop.scim.get(&format!("Users/{bob}")).await;
    assert_eq!(calls(&shop), named(&[("CustomerById", 1)]));
    assert_eq!(
        shop.groups_of(&alice).await,
        [(created.id(), "Recounted".to_owned())]
    );
    assert_eq!(
        calls(&shop),
        named(&[("CustomerById", 1), ("Metaobjects", 1)])
    );
    shop.scim.get(&format!("Users/{alice}")).await;
    assert_eq!(calls(&shop), named(&[("CustomerById", 1)]));

    // Okta lists groups without members: one window of metaobjects with their count, no
    // member search.
    let listed = shop
        .scim
        .get("Groups?startIndex=1&count=100&excludedAttributes=members")
        .await;
    assert_eq!(listed.body["totalResults"], 1, "{}", listed.body);
    assert_eq!(calls(&shop), named(&[("GroupWindow", 1)]));
    let with_members = shop.scim.get("Groups").await;
    assert_eq!(
        member_values(&with_members.body["Resources"][0]),
        [alice.as_str()]
    );
    assert_eq!(
        calls(&shop),
        named(&[("GroupMembers", 1), ("GroupWindow", 1)])
    );

    assert_eq!(shop.scim.delete(&path).await.status, 204);
    assert_eq!(
        calls(&shop),
        named(&[
            ("GroupMembers", 1),
            ("MetaobjectById", 1),
            ("MetaobjectDelete", 1),
            ("TagsRemove", 1),
        ])
    );
}

/// Okta's remove-member PATCH (RFC 7644 §3.5.2.2, `members[value eq "..."]`) right after
/// the member joined: Shopify's search lags writes (`customers(query:)`), so a PATCH reads
/// the members it names directly, and the removal works although the search does not show
/// the member yet.
#[tokio::test]
async fn a_patch_removes_a_member_the_lagging_search_does_not_show_yet() {
    let shop = shop_with(EmulatorConfig::new().search_lag(Duration::from_secs(30))).await;
    let alice = shop.user("alice").await;
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Laggy", "members": [{"value": alice}]}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(shop.tags(&alice).await, ["scim-group:Laggy"]);
    let path = format!("Groups/{}", created.id());
    let removed = shop
        .scim
        .patch(
            &path,
            &patch(json!([{"op": "remove", "path": format!("members[value eq \"{alice}\"]")}])),
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert!(member_values(&removed.body).is_empty());
    assert!(shop.tags(&alice).await.is_empty());
}

/// A rename (RFC 7644 §3.5.2.3, Okta's path-less replace) interrupted after some members
/// were moved to the new tag is finished by sending it again: the group keeps its old name
/// until every member carries the new tag.
#[tokio::test]
async fn a_rename_sent_again_finishes_moving_the_members() {
    let shop = shop().await;
    let moved = shop.user("moved").await;
    let pending = shop.user("pending").await;
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Before",
                    "members": [{"value": moved}, {"value": pending}]}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let group = created.id();
    // The state a rename leaves when it fails after its first member: one moved, the
    // metaobject not yet renamed.
    shop.merchant_tag(&moved, "scim-group:After").await;
    let answer = shop
        .shopify
        .execute::<scim_shopify::client::operations::TagsRemove>(&TagsVariables {
            id: format!("gid://shopify/Customer/{moved}"),
            tags: vec!["scim-group:Before".into()],
        })
        .await
        .unwrap();
    assert!(answer.data.tags_remove.user_errors.is_empty());
    assert_eq!(
        shop.scim.get(&format!("Groups/{group}")).await.body["displayName"],
        "Before"
    );

    let rename = patch(json!([{"op": "replace", "value": {"id": group, "displayName": "After"}}]));
    let renamed = shop.scim.patch(&format!("Groups/{group}"), &rename).await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(shop.tags(&moved).await, ["scim-group:After"]);
    assert_eq!(shop.tags(&pending).await, ["scim-group:After"]);
    let read = shop.scim.get(&format!("Groups/{group}")).await;
    assert_eq!(read.body["displayName"], "After");
    assert_eq!(member_values(&read.body), sorted(vec![moved, pending]));
}

/// RFC 7644 §3.4.2 (400 `tooMany`): a group list answered in memory (filtered or sorted)
/// past the store's cap is refused rather than truncated, while a User's `groups` (RFC 7643 §4.1.2) still reads whatever the cap.
#[tokio::test]
async fn the_list_cap_bounds_group_lists_but_not_users_groups() {
    let shop = shop().await;
    let alice = shop.user("alice").await;
    for name in ["One", "Two"] {
        let created = shop
            .scim
            .post(
                "Groups",
                &json!({"schemas": [GROUP], "displayName": name, "members": [{"value": alice}]}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
    }
    let capped = ShopifyStore::new(
        shopify_client(&shop.emulator),
        MappingConfig::default(),
        DeletePolicy::default(),
    )
    .unwrap()
    .with_list_cap(1);
    let capped = Client::over(Arc::new(capped));
    // A sorted list is answered in memory, and refused past the cap.
    let refused = capped.get("Groups?sortBy=displayName").await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.scim_type(), Some("tooMany"));
    // In Shopify's order, the list pages through Shopify's cursors whatever the cap.
    let listed = capped.get("Groups?count=1").await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.body["totalResults"], 2, "{}", listed.body);
    assert_eq!(listed.body["Resources"][0]["displayName"], "One");
    let user = capped.get(&format!("Users/{alice}")).await;
    assert_eq!(user.status, 200, "{}", user.body);
    let mut names: Vec<&str> = user.body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["display"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["One", "Two"]);
}

/// RFC 7644 §3.4.2: members and groups past one Shopify page (the first asks for 25) are
/// read through Shopify's cursors, none lost.
#[tokio::test]
async fn members_and_groups_past_one_page_are_all_read() {
    let shop = shop().await;
    let mut users = Vec::new();
    for n in 0..30 {
        users.push(shop.user(&format!("member{n:02}")).await);
    }
    let members: Vec<Value> = users.iter().map(|id| json!({"value": id})).collect();
    let big = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Everyone", "members": members}),
        )
        .await;
    assert_eq!(big.status, 201, "{}", big.body);
    shop.emulator.reset_stats();
    let read = shop.scim.get(&format!("Groups/{}", big.id())).await;
    assert_eq!(member_values(&read.body), sorted(users.clone()));
    assert_eq!(shop.emulator.stats().operations["GroupMembers"].calls, 2);

    for n in 0..26 {
        let created = shop
            .scim
            .post(
                "Groups",
                &json!({"schemas": [GROUP], "displayName": format!("Team {n:02}")}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
    }
    shop.emulator.reset_stats();
    let listed = shop
        .scim
        .get("Groups?excludedAttributes=members&sortBy=displayName&count=100")
        .await;
    assert_eq!(listed.body["totalResults"], 27, "{}", listed.body);
    assert_eq!(listed.body["Resources"][0]["displayName"], "Everyone");
    assert_eq!(listed.body["Resources"][26]["displayName"], "Team 25");
    assert_eq!(shop.emulator.stats().operations["Metaobjects"].calls, 2);
}

/// RFC 7644 §3.3 (409 `uniqueness`): a group renamed in the Shopify admin keeps its old
/// handle, so the store also refuses a new group whose tag a known group already has.
#[tokio::test]
async fn a_group_renamed_in_the_admin_still_owns_its_new_tag() {
    let shop = shop().await;
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Alpha"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let answer = shop
        .shopify
        .execute::<scim_shopify::client::operations::MetaobjectUpdate>(
            &scim_shopify::client::operations::MetaobjectUpdateVariables {
                id: format!("gid://shopify/Metaobject/{}", created.id()),
                metaobject: scim_shopify::client::operations::MetaobjectUpdateInput {
                    handle: None,
                    fields: vec![scim_shopify::client::operations::MetaobjectFieldInput {
                        key: "display_name".into(),
                        value: "Beta".into(),
                    }],
                },
            },
        )
        .await
        .unwrap();
    assert!(answer.data.metaobject_update.user_errors.is_empty());
    // The store learns of the rename when it next reads the groups.
    let listed = shop.scim.get("Groups").await;
    assert_eq!(listed.body["Resources"][0]["displayName"], "Beta");
    let again = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "beta"}),
        )
        .await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(again.scim_type(), Some("uniqueness"));
    assert_eq!(shop.group_metaobjects().await, 1);
}

/// RFC 7644 §3.3: a group deleted outside this store (another replica, the Shopify admin)
/// may linger in the store's cache; creating a group of that name again succeeds, the cache
/// re-read before answering 409.
#[tokio::test]
async fn a_group_deleted_elsewhere_does_not_block_its_name() {
    let shop = shop().await;
    let created = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Gamma"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(shop.scim.get("Groups").await.body["totalResults"], 1);
    let deleted = shop
        .shopify
        .execute::<scim_shopify::client::operations::MetaobjectDelete>(&MetaobjectIdVariables {
            id: format!("gid://shopify/Metaobject/{}", created.id()),
        })
        .await
        .unwrap();
    assert!(deleted.data.metaobject_delete.deleted_id.is_some());
    let again = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Gamma"}),
        )
        .await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(shop.group_metaobjects().await, 1);
}

/// What scim2-tester sends that Okta and Entra ID do not, on Groups: `attributes` and
/// `excludedAttributes` naming a sub-attribute of `members` (RFC 7644 §3.4.2.5), a sort by
/// `members.value` (§3.4.2.3), `count=0` (§3.4.2.4), `externalId eq` and `displayName eq`
/// filters (§3.4.2.2), members sent with `$ref` (RFC 7643 §4.2), and a PATCH replace of
/// `displayName` with a path (§3.5.2.3).
#[tokio::test]
async fn scim2_tester_group_queries_are_answered_as_for_any_store() {
    let shop = shop().await;
    let alice = shop.user("alice").await;
    let bob = shop.user("bob").await;
    let with_ref = |id: &str| {
        json!({"value": id, "type": "User",
               "$ref": format!("https://scim.example.com/scim/v2/Users/{id}")})
    };
    let a = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Alpha", "externalId": "ext-a",
                    "members": [with_ref(&bob)]}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(
        a.body["members"][0]["$ref"],
        format!("https://scim.example.com/scim/v2/Users/{bob}")
    );
    let b = shop
        .scim
        .post(
            "Groups",
            &json!({"schemas": [GROUP], "displayName": "Beta", "externalId": "ext-b",
                    "members": [with_ref(&alice)]}),
        )
        .await;
    assert_eq!(b.status, 201, "{}", b.body);

    // excludedAttributes=members.display leaves the members, without their display.
    let listed = shop
        .scim
        .get("Groups?excludedAttributes=members.display")
        .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    for group in listed.body["Resources"].as_array().unwrap() {
        let members = group["members"]
            .as_array()
            .unwrap_or_else(|| panic!("{group}"));
        assert!(
            members
                .iter()
                .all(|m| m.get("display").is_none() && m["value"].is_string())
        );
    }
    // A sort by members.value: Beta (alice's id, the smaller) first.
    let sorted = shop
        .scim
        .get("Groups?sortBy=members.value&attributes=displayName")
        .await;
    assert_eq!(sorted.status, 200, "{}", sorted.body);
    let names: Vec<&str> = sorted.body["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Beta", "Alpha"]);
    // count=0: the total only.
    let counted = shop.scim.get("Groups?count=0").await;
    assert_eq!(counted.status, 200, "{}", counted.body);
    assert_eq!(counted.body["totalResults"], 2);
    assert!(
        counted
            .body
            .get("Resources")
            .is_none_or(|r| r.as_array().unwrap().is_empty())
    );
    // externalId eq, displayName eq (case-insensitive, RFC 7643 §4.2).
    let by_external = shop
        .scim
        .get("Groups?filter=externalId%20eq%20%22ext-b%22")
        .await;
    assert_eq!(by_external.body["totalResults"], 1, "{}", by_external.body);
    assert_eq!(by_external.body["Resources"][0]["displayName"], "Beta");
    let by_name = shop
        .scim
        .get("Groups?filter=displayName%20eq%20%22alpha%22")
        .await;
    assert_eq!(by_name.body["totalResults"], 1, "{}", by_name.body);
    // GET one group with attributes=displayName.
    let one = shop
        .scim
        .get(&format!("Groups/{}?attributes=displayName", a.id()))
        .await;
    assert_eq!(one.status, 200, "{}", one.body);
    assert!(one.body.get("members").is_none(), "{}", one.body);
    // PATCH replace displayName with a path.
    let renamed = shop
        .scim
        .patch(
            &format!("Groups/{}", a.id()),
            &patch(json!([{"op": "replace", "path": "displayName", "value": "Gamma"}])),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["displayName"], "Gamma");
    assert_eq!(shop.tags(&bob).await, ["scim-group:Gamma"]);
    // RFC 7644 §3.5.2.2: removing the required displayName is 400 `mutability`, and the
    // tags stay.
    let removed = shop
        .scim
        .patch(
            &format!("Groups/{}", a.id()),
            &patch(json!([{"op": "remove", "path": "displayName"}])),
        )
        .await;
    assert_eq!(removed.status, 400, "{}", removed.body);
    assert_eq!(removed.scim_type(), Some("mutability"));
    // A member with a `$ref` but no `value` (the id the store keeps) is 400 `invalidValue`,
    // nothing written.
    let ref_only = shop
        .scim
        .patch(
            &format!("Groups/{}", a.id()),
            &patch(json!([{"op": "add", "path": "members", "value": [
                {"$ref": format!("https://scim.example.com/scim/v2/Users/{alice}")}
            ]}])),
        )
        .await;
    assert_eq!(ref_only.status, 400, "{}", ref_only.body);
    assert_eq!(ref_only.scim_type(), Some("invalidValue"));
    assert_eq!(shop.tags(&alice).await, ["scim-group:Beta"]);
    assert_eq!(shop.tags(&bob).await, ["scim-group:Gamma"]);
    // A members filter reads every group's members, and the page shows none when excluded.
    let by_member = shop
        .scim
        .get(&format!(
            "Groups?filter=members%5Bvalue%20eq%20%22{alice}%22%5D&excludedAttributes=members"
        ))
        .await;
    assert_eq!(by_member.body["totalResults"], 1, "{}", by_member.body);
    assert_eq!(by_member.body["Resources"][0]["displayName"], "Beta");
    assert!(by_member.body["Resources"][0].get("members").is_none());
}
