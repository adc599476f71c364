//! `InMemoryStore` as the service drives it: input validated with `validate`, then the
//! store's create, get, replace, patch, delete and list (RFC 7643 §3.1, §4; RFC 7644 §3.3 -
//! §3.6, §3.14; RFC 9865), and what identity providers do to users and groups.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use scim_core::patch::PatchRequest;
use scim_core::query::{ListQuery, Page, QueryLimits, decode_query_string};
use scim_core::resource::{Resource, Version, Write, validate};
use scim_core::schema::{ResourceType, ResourceView, Schema, SchemaRegistry};
use scim_core::store::{InMemoryStore, ResourceStore, StoreError, Stored};
use scim_core::{ScimError, ScimType};
use serde_json::{Value, json};

/// The store's futures never wait: polling once runs them.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

struct Fixture {
    registry: SchemaRegistry,
    store: InMemoryStore,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            registry: SchemaRegistry::rfc7643(),
            store: InMemoryStore::new(),
        }
    }

    fn view(&self, name: &str) -> ResourceView<'_> {
        self.registry.view(name).unwrap()
    }

    fn create(&self, type_name: &str, body: Value) -> Result<Stored, ScimError> {
        let view = self.view(type_name);
        let resource = validate(&view, body, Write::Create)?;
        block_on(self.store.create(&view, resource)).map_err(|e| e.to_scim())
    }

    fn user(&self, user_name: &str) -> Stored {
        self.create("User", json!({"userName": user_name})).unwrap()
    }

    fn group(&self, name: &str, members: &[&Stored]) -> Stored {
        let members: Vec<Value> = members.iter().map(|m| json!({"value": m.id()})).collect();
        self.create("Group", json!({"displayName": name, "members": members}))
            .unwrap()
    }

    fn get(&self, type_name: &str, id: &str) -> Result<Stored, ScimError> {
        block_on(self.store.get(&self.view(type_name), id)).map_err(|e| e.to_scim())
    }

    fn replace(
        &self,
        type_name: &str,
        id: &str,
        body: Value,
        expected: Option<&Version>,
    ) -> Result<Stored, ScimError> {
        let view = self.view(type_name);
        let existing = self.get(type_name, id)?.to_resource(None);
        let resource = validate(&view, body, Write::Replace(&existing))?;
        block_on(self.store.replace(&view, id, resource, expected)).map_err(|e| e.to_scim())
    }

    fn patch(
        &self,
        type_name: &str,
        id: &str,
        operations: Value,
        expected: Option<&Version>,
    ) -> Result<Stored, ScimError> {
        let request = PatchRequest::from_json(json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": operations,
        }))?;
        block_on(
            self.store
                .patch(&self.view(type_name), id, &request, expected),
        )
        .map_err(|e| e.to_scim())
    }

    fn delete(
        &self,
        type_name: &str,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), ScimError> {
        block_on(self.store.delete(&self.view(type_name), id, expected)).map_err(|e| e.to_scim())
    }

    fn list(&self, type_name: &str, raw_query: &str) -> Result<Page<Stored>, ScimError> {
        let pairs = decode_query_string(raw_query)?;
        let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
        block_on(self.store.list(&self.view(type_name), &query)).map_err(|e| e.to_scim())
    }

    fn len(&self, type_name: &str) -> usize {
        self.store.len(&self.view(type_name))
    }
}

fn version(stored: &Stored) -> Version {
    stored
        .meta
        .version
        .clone()
        .expect("every stored resource has a version")
}

fn ids(page: &Page<Stored>) -> Vec<String> {
    page.resources.iter().map(|r| r.id().to_owned()).collect()
}

fn attr<'s>(stored: &'s Stored, name: &str) -> Option<&'s Value> {
    stored.resource.get(name)
}

fn user_names(page: &Page<Stored>) -> Vec<&str> {
    page.resources
        .iter()
        .map(|r| attr(r, "userName").and_then(Value::as_str).unwrap())
        .collect()
}

fn assert_status(err: &ScimError, status: u16, scim_type: Option<ScimType>) {
    assert_eq!(err.status().as_u16(), status, "{err:?}");
    assert_eq!(err.scim_type(), scim_type, "{err:?}");
}

/// The `value`s of a user's `groups`.
fn groups_of(fx: &Fixture, user: &Stored) -> Vec<Value> {
    let user = fx.get("User", user.id()).unwrap();
    match attr(&user, "groups") {
        Some(Value::Array(groups)) => groups.clone(),
        None => Vec::new(),
        Some(other) => panic!("groups is not an array: {other}"),
    }
}

fn member_values(group: &Stored) -> Vec<&str> {
    attr(group, "members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|m| m["value"].as_str().unwrap())
        .collect()
}

// --- RFC 7644 §3.3, §3.4.1, §3.5.1, §3.6: create, get, replace, delete ---

#[test]
fn rfc7644_s3_3_create_assigns_id_and_meta() {
    let fx = Fixture::new();
    let created = fx
        .create(
            "User",
            json!({"userName": "bjensen", "id": "chosen-by-client", "meta": {"version": "W/\"x\""}}),
        )
        .unwrap();
    assert_eq!(created.id().len(), 32);
    assert!(created.id().bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(created.meta.resource_type, "User");
    assert_eq!(created.meta.created, created.meta.last_modified);
    assert_eq!(created.meta.location, None, "the service sets location");
    assert_ne!(version(&created), Version::new("x"));
    assert!(attr(&created, "id").is_none() && attr(&created, "meta").is_none());
    let full = created.to_resource(None);
    assert_eq!(full.id(), Some(created.id()));
    assert_eq!(fx.len("User"), 1);
}

#[test]
fn rfc7643_s3_1_ids_are_unique_across_types() {
    let fx = Fixture::new();
    let mut seen = std::collections::HashSet::new();
    for n in 0..200 {
        assert!(seen.insert(fx.user(&format!("user{n}")).id().to_owned()));
        assert!(seen.insert(fx.group("g", &[]).id().to_owned()));
    }
}

#[test]
fn rfc7644_s3_4_1_get_returns_what_was_created_and_404_otherwise() {
    let fx = Fixture::new();
    let created = fx.user("bjensen");
    assert_eq!(fx.get("User", created.id()).unwrap(), created);
    assert_status(&fx.get("User", "nope").unwrap_err(), 404, None);
    // An id of another resource type is not found under this one.
    assert_status(&fx.get("Group", created.id()).unwrap_err(), 404, None);
    assert_status(
        &fx.replace("Group", created.id(), json!({"displayName": "x"}), None)
            .unwrap_err(),
        404,
        None,
    );
    let group_view = fx.view("Group");
    let err = block_on(fx.store.replace(
        &group_view,
        created.id(),
        Resource::from_json(json!({"displayName": "x"})).unwrap(),
        None,
    ))
    .unwrap_err();
    assert_status(&err.to_scim(), 404, None);
    assert_status(
        &fx.patch(
            "Group",
            created.id(),
            json!([{"op": "replace", "path": "displayName", "value": "x"}]),
            None,
        )
        .unwrap_err(),
        404,
        None,
    );
    assert_status(
        &fx.delete("Group", created.id(), None).unwrap_err(),
        404,
        None,
    );
    assert!(fx.get("User", created.id()).is_ok(), "still there");
}

#[test]
fn rfc7644_s3_5_1_replace_keeps_id_and_created_and_ignores_given_id_and_meta() {
    let fx = Fixture::new();
    let created = fx
        .create(
            "User",
            json!({"userName": "bjensen", "title": "Tour Guide"}),
        )
        .unwrap();
    let view = fx.view("User");
    let body = Resource::from_json(json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "other",
        "meta": {"resourceType": "Group", "created": "2001-01-01T00:00:00Z",
                 "lastModified": "2001-01-01T00:00:00Z", "version": "W/\"1\""},
        "userName": "bjensen",
        "displayName": "Babs",
    }))
    .unwrap();
    let replaced = block_on(fx.store.replace(&view, created.id(), body, None)).unwrap();
    assert_eq!(replaced.id(), created.id());
    assert_eq!(replaced.meta.created, created.meta.created);
    assert_eq!(replaced.meta.resource_type, "User");
    assert!(replaced.meta.last_modified >= created.meta.last_modified);
    assert_ne!(version(&replaced), version(&created));
    assert_eq!(attr(&replaced, "displayName"), Some(&json!("Babs")));
    assert_eq!(attr(&replaced, "title"), None, "PUT replaces everything");
    assert_eq!(fx.get("User", created.id()).unwrap(), replaced);
    assert_eq!(
        replaced.to_resource(None).get("id"),
        Some(&json!(created.id()))
    );
}

#[test]
fn rfc7644_s3_6_delete_then_404() {
    let fx = Fixture::new();
    let created = fx.user("bjensen");
    fx.delete("User", created.id(), None).unwrap();
    assert_status(&fx.get("User", created.id()).unwrap_err(), 404, None);
    assert_status(
        &fx.delete("User", created.id(), None).unwrap_err(),
        404,
        None,
    );
    assert_eq!(fx.len("User"), 0);
    // The userName is free again.
    fx.user("BJENSEN");
}

// --- RFC 7644 §3.14: versions ---

#[test]
fn rfc7644_s3_14_every_write_makes_a_new_version_and_stale_ones_are_412() {
    let fx = Fixture::new();
    let created = fx.user("bjensen");
    let v1 = version(&created);
    let patched = fx
        .patch(
            "User",
            created.id(),
            json!([{"op": "replace", "path": "title", "value": "Guide"}]),
            Some(&v1),
        )
        .unwrap();
    let v2 = version(&patched);
    assert_ne!(v1, v2);
    assert!(patched.meta.last_modified >= created.meta.last_modified);
    assert_eq!(patched.meta.created, created.meta.created);

    // A client that read v1 and now replaces: 412, and nothing changes.
    let err = fx
        .replace(
            "User",
            created.id(),
            json!({"userName": "bjensen", "title": "Stale"}),
            Some(&v1),
        )
        .unwrap_err();
    assert_status(&err, 412, None);
    let err = fx
        .patch(
            "User",
            created.id(),
            json!([{"op": "replace", "path": "title", "value": "Stale"}]),
            Some(&v1),
        )
        .unwrap_err();
    assert_status(&err, 412, None);
    assert_status(
        &fx.delete("User", created.id(), Some(&v1)).unwrap_err(),
        412,
        None,
    );
    assert_eq!(fx.get("User", created.id()).unwrap(), patched);

    let replaced = fx
        .replace(
            "User",
            created.id(),
            json!({"userName": "bjensen", "title": "Fresh"}),
            Some(&v2),
        )
        .unwrap();
    let v3 = version(&replaced);
    assert!(![&v1, &v2].contains(&&v3));
    fx.delete("User", created.id(), Some(&v3)).unwrap();
}

#[test]
fn rfc7644_s3_5_2_patch_that_changes_nothing_keeps_the_version() {
    let fx = Fixture::new();
    let created = fx
        .create("User", json!({"userName": "bjensen", "active": true}))
        .unwrap();
    let same = fx
        .patch(
            "User",
            created.id(),
            json!([{"op": "replace", "path": "active", "value": true}]),
            None,
        )
        .unwrap();
    assert_eq!(same, created);
}

#[test]
fn rfc7644_s3_5_2_failed_patch_changes_nothing() {
    let fx = Fixture::new();
    let created = fx.user("bjensen");
    let err = fx
        .patch(
            "User",
            created.id(),
            json!([
                {"op": "replace", "path": "title", "value": "Guide"},
                {"op": "remove"},
            ]),
            None,
        )
        .unwrap_err();
    assert_status(&err, 400, Some(ScimType::NoTarget));
    assert_eq!(fx.get("User", created.id()).unwrap(), created);
}

// --- RFC 7643 §4.1.1: userName is unique, without regard to case ---

#[test]
fn rfc7643_s4_1_1_user_name_is_unique_without_case() {
    let fx = Fixture::new();
    fx.user("bjensen@example.com");
    let err = fx
        .create("User", json!({"userName": "BJensen@Example.com"}))
        .unwrap_err();
    assert_status(&err, 409, Some(ScimType::Uniqueness));
    assert!(err.detail().contains("userName"), "{}", err.detail());
    assert_eq!(fx.len("User"), 1, "nothing stored");
}

#[test]
fn rfc7643_s4_1_1_rename_to_own_name_in_another_case_is_allowed() {
    let fx = Fixture::new();
    let user = fx.user("bjensen");
    let renamed = fx
        .replace("User", user.id(), json!({"userName": "BJensen"}), None)
        .unwrap();
    assert_eq!(attr(&renamed, "userName"), Some(&json!("BJensen")));
    let page = fx.list("User", "filter=userName+eq+%22bjensen%22").unwrap();
    assert_eq!(ids(&page), [user.id()]);
}

#[test]
fn rfc7643_s4_1_1_rename_into_a_taken_name_is_409_and_changes_nothing() {
    let fx = Fixture::new();
    fx.user("bjensen");
    let jsmith = fx.user("jsmith");
    let err = fx
        .replace("User", jsmith.id(), json!({"userName": "BJENSEN"}), None)
        .unwrap_err();
    assert_status(&err, 409, Some(ScimType::Uniqueness));
    let err = fx
        .patch(
            "User",
            jsmith.id(),
            json!([{"op": "replace", "path": "userName", "value": "bJensen"}]),
            None,
        )
        .unwrap_err();
    assert_status(&err, 409, Some(ScimType::Uniqueness));
    assert_eq!(fx.get("User", jsmith.id()).unwrap(), jsmith);
    let page = fx.list("User", "filter=userName+eq+%22jsmith%22").unwrap();
    assert_eq!(ids(&page), [jsmith.id()], "the index still knows jsmith");
}

#[test]
fn rfc7643_s4_1_1_a_renamed_user_frees_its_old_name() {
    let fx = Fixture::new();
    let user = fx.user("bjensen");
    fx.replace("User", user.id(), json!({"userName": "barbara"}), None)
        .unwrap();
    assert!(
        fx.list("User", "filter=userName+eq+%22bjensen%22")
            .unwrap()
            .resources
            .is_empty()
    );
    fx.user("bjensen");
    let err = fx
        .create("User", json!({"userName": "Barbara"}))
        .unwrap_err();
    assert_status(&err, 409, Some(ScimType::Uniqueness));
}

#[test]
fn rfc7643_s4_2_group_display_names_are_not_unique() {
    let fx = Fixture::new();
    fx.group("Admins", &[]);
    fx.group("Admins", &[]);
    fx.group("admins", &[]);
    assert_eq!(fx.len("Group"), 3);
}

#[test]
fn uniqueness_server_of_a_custom_resource_type_is_honoured() {
    let mut registry = SchemaRegistry::rfc7643();
    let schema: Schema = serde_json::from_value(json!({
        "id": "urn:example:schemas:2.0:Device",
        "name": "Device",
        "attributes": [
            {"name": "serialNumber", "type": "string", "caseExact": true, "required": true,
             "uniqueness": "server"},
            {"name": "model", "type": "string"},
        ],
    }))
    .unwrap();
    registry.add_schema(schema).unwrap();
    let device: ResourceType = serde_json::from_value(json!({
        "name": "Device", "endpoint": "/Devices", "schema": "urn:example:schemas:2.0:Device",
    }))
    .unwrap();
    registry.add_resource_type(device).unwrap();
    let view = registry.view("Device").unwrap();
    let store = InMemoryStore::new();
    let create = |serial: &str| {
        let resource = validate(&view, json!({"serialNumber": serial}), Write::Create).unwrap();
        block_on(store.create(&view, resource))
    };
    let first = create("AB-1").unwrap();
    assert_eq!(first.meta.resource_type, "Device");
    let err = create("AB-1").unwrap_err().to_scim();
    assert_status(&err, 409, Some(ScimType::Uniqueness));
    create("ab-1").expect("serialNumber is caseExact");
    assert_eq!(store.len(&view), 2);
    // Kept apart from the RFC's types.
    let users = registry.view("User").unwrap();
    assert!(store.is_empty(&users));
    assert!(block_on(store.get(&users, first.id())).is_err());
}

// --- RFC 7643 §4.2: members resolved to the store's users and groups ---

#[test]
fn rfc7643_s4_2_members_must_exist_and_nothing_is_stored_otherwise() {
    let fx = Fixture::new();
    let user = fx.user("bjensen");
    let err = fx
        .create(
            "Group",
            json!({"displayName": "Tour Guides",
                   "members": [{"value": user.id()}, {"value": "no-such-id"}]}),
        )
        .unwrap_err();
    assert_status(&err, 400, Some(ScimType::InvalidValue));
    assert!(err.detail().contains("no-such-id"), "{}", err.detail());
    assert_eq!(fx.len("Group"), 0);
    assert!(groups_of(&fx, &user).is_empty());
    assert_eq!(
        fx.get("User", user.id()).unwrap(),
        user,
        "not even a version"
    );
}

#[test]
fn rfc7643_s4_2_member_type_and_display_are_filled() {
    let fx = Fixture::new();
    let bjensen = fx.user("bjensen");
    let babs = fx
        .create(
            "User",
            json!({"userName": "babs", "displayName": "Babs Jensen"}),
        )
        .unwrap();
    let nested = fx.group("Guides", &[]);
    let group = fx
        .create(
            "Group",
            json!({"displayName": "Staff", "members": [
                {"value": bjensen.id()},
                {"value": babs.id()},
                {"value": nested.id(), "type": "Group"},
                {"value": bjensen.id(), "display": "listed twice"},
            ]}),
        )
        .unwrap();
    let members = attr(&group, "members").unwrap().as_array().unwrap();
    assert_eq!(members.len(), 3, "a member listed twice is kept once");
    assert_eq!(members[0]["type"], "User");
    assert_eq!(members[0]["display"], "bjensen");
    assert_eq!(
        members[1]["display"], "Babs Jensen",
        "displayName when present"
    );
    assert_eq!(members[2]["type"], "Group");
    assert_eq!(members[2]["display"], "Guides");
    assert!(members[0].get("$ref").is_none(), "the service sets $ref");

    // A display the client sent is kept.
    let kept = fx
        .create(
            "Group",
            json!({"displayName": "Kept", "members": [{"value": babs.id(), "display": "B."}]}),
        )
        .unwrap();
    assert_eq!(attr(&kept, "members").unwrap()[0]["display"], "B.");
}

#[test]
fn rfc7643_s4_2_member_type_must_be_the_members() {
    let fx = Fixture::new();
    let user = fx.user("bjensen");
    let err = fx
        .create(
            "Group",
            json!({"displayName": "x", "members": [{"value": user.id(), "type": "Group"}]}),
        )
        .unwrap_err();
    assert_status(&err, 400, Some(ScimType::InvalidValue));
    assert!(err.detail().contains(user.id()));
}

#[test]
fn rfc7643_s4_2_a_group_is_not_its_own_member() {
    let fx = Fixture::new();
    let group = fx.group("Loop", &[]);
    let err = fx
        .patch(
            "Group",
            group.id(),
            json!([{"op": "add", "path": "members", "value": [{"value": group.id()}]}]),
            None,
        )
        .unwrap_err();
    assert_status(&err, 400, Some(ScimType::InvalidValue));
    assert_eq!(fx.get("Group", group.id()).unwrap(), group);
}

// --- RFC 7643 §4.1.2: a User's groups follow membership ---

#[test]
fn rfc7643_s4_1_2_groups_follow_members_added_and_removed() {
    let fx = Fixture::new();
    let (alice, bob) = (fx.user("alice"), fx.user("bob"));
    let group = fx.group("Admins", &[&alice]);

    let groups = groups_of(&fx, &alice);
    assert_eq!(
        groups,
        [json!({"value": group.id(), "display": "Admins", "type": "direct"})]
    );
    let alice_now = fx.get("User", alice.id()).unwrap();
    assert_ne!(
        version(&alice_now),
        version(&alice),
        "a membership change is a new version of the user"
    );
    assert!(alice_now.meta.last_modified >= alice.meta.last_modified);

    // PUT the group with bob instead of alice.
    fx.replace(
        "Group",
        group.id(),
        json!({"displayName": "Admins", "members": [{"value": bob.id()}]}),
        None,
    )
    .unwrap();
    assert!(groups_of(&fx, &alice).is_empty());
    assert!(attr(&fx.get("User", alice.id()).unwrap(), "groups").is_none());
    assert_eq!(groups_of(&fx, &bob)[0]["value"], group.id());
}

#[test]
fn entra_id_patch_adds_and_removes_members() {
    let fx = Fixture::new();
    let (alice, bob) = (fx.user("alice"), fx.user("bob"));
    let group = fx.group("Sales", &[]);
    let added = fx
        .patch(
            "Group",
            group.id(),
            json!([{"op": "Add", "path": "members",
                    "value": [{"value": alice.id()}, {"value": bob.id()}]}]),
            None,
        )
        .unwrap();
    assert_eq!(member_values(&added), [alice.id(), bob.id()]);
    assert_eq!(attr(&added, "members").unwrap()[1]["display"], "bob");
    assert_eq!(groups_of(&fx, &alice)[0]["display"], "Sales");
    assert_eq!(groups_of(&fx, &bob)[0]["display"], "Sales");

    // Entra ID removes with a value; Okta with a filter.
    fx.patch(
        "Group",
        group.id(),
        json!([{"op": "Remove", "path": "members", "value": [{"value": alice.id()}]}]),
        None,
    )
    .unwrap();
    assert!(groups_of(&fx, &alice).is_empty());
    let bob_before = fx.get("User", bob.id()).unwrap();
    let path = format!("members[value eq \"{}\"]", bob.id());
    let emptied = fx
        .patch(
            "Group",
            group.id(),
            json!([{"op": "remove", "path": path}]),
            None,
        )
        .unwrap();
    assert!(member_values(&emptied).is_empty());
    assert!(groups_of(&fx, &bob).is_empty());
    assert_ne!(
        version(&fx.get("User", bob.id()).unwrap()),
        version(&bob_before)
    );

    // Adding an unknown id by PATCH is refused like on create.
    let err = fx
        .patch(
            "Group",
            group.id(),
            json!([{"op": "add", "path": "members", "value": [{"value": "ghost"}]}]),
            None,
        )
        .unwrap_err();
    assert_status(&err, 400, Some(ScimType::InvalidValue));
    assert!(err.detail().contains("ghost"));
}

#[test]
fn okta_group_rename_updates_members_groups_display() {
    let fx = Fixture::new();
    let alice = fx.user("alice");
    let group = fx.group("Eng", &[&alice]);
    let before = fx.get("User", alice.id()).unwrap();
    // Okta renames with a path-less replace naming the id it already has.
    fx.patch(
        "Group",
        group.id(),
        json!([{"op": "replace", "value": {"id": group.id(), "displayName": "Engineering"}}]),
        None,
    )
    .unwrap();
    let after = fx.get("User", alice.id()).unwrap();
    assert_eq!(attr(&after, "groups").unwrap()[0]["display"], "Engineering");
    assert_ne!(version(&after), version(&before));
}

#[test]
fn rfc7643_s4_1_2_deleting_a_group_leaves_no_groups_behind() {
    let fx = Fixture::new();
    let alice = fx.user("alice");
    let (first, second) = (fx.group("A", &[&alice]), fx.group("B", &[&alice]));
    let outer = fx.group("Outer", &[&first]);
    let names: Vec<Value> = groups_of(&fx, &alice)
        .iter()
        .map(|g| g["display"].clone())
        .collect();
    assert_eq!(names, [json!("A"), json!("B")], "in group creation order");

    fx.delete("Group", first.id(), None).unwrap();
    let groups = groups_of(&fx, &alice);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["value"], second.id());
    // The deleted group is no longer a member of the group that held it.
    let outer_now = fx.get("Group", outer.id()).unwrap();
    assert!(member_values(&outer_now).is_empty());
    assert_ne!(version(&outer_now), version(&outer));
}

#[test]
fn client_sent_groups_are_ignored_and_kept_by_the_store() {
    let fx = Fixture::new();
    let alice = fx.user("alice");
    let group = fx.group("Admins", &[&alice]);
    let view = fx.view("User");
    // Even unvalidated input cannot write `groups`.
    let body = Resource::from_json(json!({
        "userName": "alice", "groups": [{"value": "forged", "display": "Root"}],
    }))
    .unwrap();
    let replaced = block_on(fx.store.replace(&view, alice.id(), body, None)).unwrap();
    assert_eq!(
        attr(&replaced, "groups").unwrap(),
        &json!([{"value": group.id(), "display": "Admins", "type": "direct"}])
    );
    let body =
        Resource::from_json(json!({"userName": "carol", "groups": [{"value": "x"}]})).unwrap();
    let carol = block_on(fx.store.create(&view, body)).unwrap();
    assert!(attr(&carol, "groups").is_none());
}

#[test]
fn deleting_a_user_removes_it_from_every_group() {
    let fx = Fixture::new();
    let (alice, bob) = (fx.user("alice"), fx.user("bob"));
    let both = fx.group("Both", &[&alice, &bob]);
    let only = fx.group("Only", &[&alice]);
    let untouched = fx.group("Untouched", &[&bob]);
    fx.delete("User", alice.id(), None).unwrap();

    let both_now = fx.get("Group", both.id()).unwrap();
    assert_eq!(member_values(&both_now), [bob.id()]);
    assert_ne!(version(&both_now), version(&both));
    let only_now = fx.get("Group", only.id()).unwrap();
    assert!(attr(&only_now, "members").is_none());
    assert_eq!(fx.get("Group", untouched.id()).unwrap(), untouched);
    // A new user never inherits the deleted one's memberships.
    let alice_again = fx.user("alice");
    assert!(groups_of(&fx, &alice_again).is_empty());
}

#[test]
fn deactivated_users_are_still_returned() {
    let fx = Fixture::new();
    let user = fx.user("bjensen");
    fx.patch(
        "User",
        user.id(),
        json!([{"op": "Replace", "path": "active", "value": "False"}]),
        None,
    )
    .unwrap();
    assert_eq!(
        attr(&fx.get("User", user.id()).unwrap(), "active"),
        Some(&json!(false))
    );
    let page = fx.list("User", "filter=active+eq+false").unwrap();
    assert_eq!(ids(&page), [user.id()]);
    let page = fx
        .list(
            "User",
            "filter=userName+eq+%22bjensen%22+and+active+eq+false",
        )
        .unwrap();
    assert_eq!(ids(&page), [user.id()]);
}

// --- RFC 7644 §3.4.2: lists ---

#[test]
fn okta_finds_a_user_by_user_name_in_any_case() {
    let fx = Fixture::new();
    for name in [
        "alice@example.com",
        "bjensen@example.com",
        "carol@example.com",
    ] {
        fx.user(name);
    }
    for raw in [
        "filter=userName+eq+%22BJENSEN%40example.com%22&startIndex=1&count=100",
        "filter=USERNAME+eq+%22bjensen%40EXAMPLE.com%22",
        "filter=urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Acore%3A2.0%3AUser%3AuserName+eq+%22bjensen%40example.com%22",
        "filter=userName+eq+%22bjensen%40example.com%22+and+userName+pr+or+userName+eq+%22x%22",
        "filter=title+pr+or+userName+eq+%22bjensen%40example.com%22",
    ] {
        let page = fx.list("User", raw).unwrap();
        assert_eq!(page.total_results, 1, "{raw}");
        assert_eq!(user_names(&page), ["bjensen@example.com"], "{raw}");
    }
    // With another term of an `and`, the whole filter still applies to the candidate.
    let page = fx
        .list(
            "User",
            "filter=userName+eq+%22bjensen%40example.com%22+and+title+pr",
        )
        .unwrap();
    assert_eq!(page.total_results, 0);
    let page = fx.list("User", "filter=userName+eq+%22nobody%22").unwrap();
    assert_eq!((page.total_results, page.resources.len()), (0, 0));
    let page = fx
        .list(
            "User",
            "filter=userName+eq+%22bjensen%40example.com%22&count=0",
        )
        .unwrap();
    assert_eq!((page.total_results, page.resources.len()), (1, 0));
}

#[test]
fn rfc7644_s3_4_2_2_a_bad_filter_is_invalid_filter_on_the_index_path_too() {
    let fx = Fixture::new();
    fx.user("bjensen");
    for raw in [
        "filter=userName+eq+%22bjensen%22+and+active+gt+true",
        "filter=userName+eq+%22nobody%22+and+meta.created+gt+%22yesterday%22",
        "filter=meta.lastModified+gt+%22not-a-date%22",
    ] {
        let err = fx.list("User", raw).unwrap_err();
        assert_status(&err, 400, Some(ScimType::InvalidFilter));
    }
    let err = fx
        .list("User", "filter=userName+eq+%22bjensen%22&sortBy=name")
        .unwrap_err();
    assert_eq!(err.status().as_u16(), 400, "a bad sortBy on the index path");
    // And on an empty type.
    let err = fx.list("Group", "filter=displayName+gt+true").unwrap_err();
    assert_status(&err, 400, Some(ScimType::InvalidFilter));
}

#[test]
fn rfc7644_s3_4_2_2_filters_see_id_and_meta() {
    let fx = Fixture::new();
    let old = fx.user("old");
    std::thread::sleep(std::time::Duration::from_millis(5));
    let between = scim_core::resource::format_date_time(&chrono::Utc::now());
    std::thread::sleep(std::time::Duration::from_millis(5));
    let new = fx.user("new");

    let page = fx
        .list(
            "User",
            &format!("filter=meta.lastModified+gt+%22{between}%22"),
        )
        .unwrap();
    assert_eq!(ids(&page), [new.id()]);
    let page = fx
        .list("User", &format!("filter=meta.created+lt+%22{between}%22"))
        .unwrap();
    assert_eq!(ids(&page), [old.id()]);
    let page = fx
        .list("User", &format!("filter=id+eq+%22{}%22", old.id()))
        .unwrap();
    assert_eq!(ids(&page), [old.id()]);
    let page = fx
        .list("User", "filter=meta.resourceType+eq+%22User%22")
        .unwrap();
    assert_eq!(page.total_results, 2);

    // Touching `old` moves its lastModified past `between`.
    fx.patch(
        "User",
        old.id(),
        json!([{"op": "add", "path": "title", "value": "Guide"}]),
        None,
    )
    .unwrap();
    let page = fx
        .list(
            "User",
            &format!("filter=meta.lastModified+gt+%22{between}%22"),
        )
        .unwrap();
    assert_eq!(ids(&page), [old.id(), new.id()], "creation order");
}

#[test]
fn rfc7643_s4_1_2_users_are_found_by_group() {
    let fx = Fixture::new();
    let (alice, _bob, carol) = (fx.user("alice"), fx.user("bob"), fx.user("carol"));
    let group = fx.group("Admins", &[&carol, &alice]);
    let page = fx
        .list(
            "User",
            &format!("filter=groups.value+eq+%22{}%22", group.id()),
        )
        .unwrap();
    assert_eq!(user_names(&page), ["alice", "carol"]);
    let page = fx
        .list("User", "filter=groups%5Bdisplay+eq+%22admins%22%5D")
        .unwrap();
    assert_eq!(page.total_results, 2);
}

#[test]
fn rfc7644_s3_4_2_4_index_pages_are_in_creation_order_and_stable_across_deletes() {
    let fx = Fixture::new();
    let users: Vec<Stored> = (0..25).map(|n| fx.user(&format!("user{n:02}"))).collect();
    let first = fx.list("User", "startIndex=1&count=10").unwrap();
    assert_eq!(first.total_results, 25);
    assert_eq!(first.start_index, Some(1));
    let expected: Vec<String> = users[..10].iter().map(|u| u.id().to_owned()).collect();
    assert_eq!(ids(&first), expected);

    // A user on a later page is deleted, one is created: earlier pages do not move, the
    // rest keeps its order, and the new user comes last.
    fx.delete("User", users[15].id(), None).unwrap();
    let late = fx.user("late");
    assert_eq!(
        ids(&fx.list("User", "startIndex=1&count=10").unwrap()),
        expected
    );
    let second = fx.list("User", "startIndex=11&count=10").unwrap();
    let third = fx.list("User", "startIndex=21&count=10").unwrap();
    assert_eq!(second.total_results, 25);
    let mut walked = ids(&first);
    walked.extend(ids(&second));
    walked.extend(ids(&third));
    let mut remaining: Vec<String> = users
        .iter()
        .filter(|u| u.id() != users[15].id())
        .map(|u| u.id().to_owned())
        .collect();
    remaining.push(late.id().to_owned());
    assert_eq!(walked, remaining);

    // A startIndex past the end: an empty page with the true total.
    let past = fx.list("User", "startIndex=100&count=10").unwrap();
    assert_eq!((past.total_results, past.resources.len()), (25, 0));
    // The filtered path is in creation order too.
    let filtered = fx
        .list("User", "filter=userName+sw+%22user%22&count=30")
        .unwrap();
    assert_eq!(filtered.total_results, 24);
    assert_eq!(ids(&filtered), remaining[..24]);
}

#[test]
fn rfc9865_s2_cursor_pages_walk_every_user_once() {
    let fx = Fixture::new();
    let users: Vec<String> = (0..23)
        .map(|n| fx.user(&format!("user{n:02}")).id().to_owned())
        .collect();
    let mut page = fx.list("User", "cursor&count=10").unwrap();
    assert_eq!(page.start_index, None);
    assert_eq!(page.previous_cursor, None);
    let mut walked = ids(&page);
    let mut pages = 1;
    while let Some(next) = page.next_cursor.clone() {
        page = fx.list("User", &format!("cursor={next}&count=10")).unwrap();
        assert!(page.previous_cursor.is_some());
        walked.extend(ids(&page));
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(walked, users);

    let first = fx.list("User", "cursor&count=10").unwrap();
    let next = first.next_cursor.unwrap();
    let err = fx
        .list("User", &format!("cursor={next}&count=5"))
        .unwrap_err();
    assert_status(&err, 400, Some(ScimType::InvalidCursor));
    let err = fx
        .list("Group", &format!("cursor={next}&count=10"))
        .unwrap_err();
    assert_status(&err, 400, Some(ScimType::InvalidCursor));
}

#[test]
fn rfc7644_s3_4_2_3_sort_by_user_name() {
    let fx = Fixture::new();
    for name in ["carol", "Alice", "bob", "dave"] {
        fx.user(name);
    }
    let page = fx
        .list("User", "sortBy=userName&sortOrder=descending&count=3")
        .unwrap();
    assert_eq!(page.total_results, 4);
    assert_eq!(user_names(&page), ["dave", "carol", "bob"]);
    let page = fx
        .list("User", "sortBy=userName&startIndex=2&count=2")
        .unwrap();
    assert_eq!(user_names(&page), ["bob", "carol"]);
    let page = fx
        .list("User", "filter=userName+ne+%22bob%22&sortBy=userName")
        .unwrap();
    assert_eq!(user_names(&page), ["Alice", "carol", "dave"]);
}

// --- concurrency ---

#[test]
fn concurrent_creates_of_one_user_name_have_exactly_one_winner() {
    const THREADS: usize = 6;
    const NAMES: usize = 40;
    let registry = Arc::new(SchemaRegistry::rfc7643());
    let store = Arc::new(InMemoryStore::new());
    let results: Vec<Vec<(usize, Result<String, StoreError>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|thread| {
                let (registry, store) = (Arc::clone(&registry), Arc::clone(&store));
                scope.spawn(move || {
                    let view = registry.view("User").unwrap();
                    let mut results = Vec::new();
                    for n in 0..NAMES {
                        // Each thread its own user, then a shared one in its own casing.
                        let own = format!("t{thread}-user{n}");
                        let own = validate(&view, json!({"userName": own}), Write::Create);
                        block_on(store.create(&view, own.unwrap())).unwrap();
                        let shared = if thread % 2 == 0 {
                            format!("shared{n}@example.com")
                        } else {
                            format!("SHARED{n}@Example.com")
                        };
                        let shared = validate(&view, json!({"userName": shared}), Write::Create);
                        let outcome = block_on(store.create(&view, shared.unwrap()));
                        results.push((n, outcome.map(|s| s.id().to_owned())));
                    }
                    results
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let mut winners = vec![Vec::new(); NAMES];
    for (n, outcome) in results.into_iter().flatten() {
        match outcome {
            Ok(id) => winners[n].push(id),
            Err(err) => assert_status(&err.to_scim(), 409, Some(ScimType::Uniqueness)),
        }
    }
    assert!(winners.iter().all(|w| w.len() == 1), "{winners:?}");
    let users = registry.view("User").unwrap();
    assert_eq!(store.len(&users), THREADS * NAMES + NAMES);

    let fx = Fixture {
        registry: SchemaRegistry::rfc7643(),
        store: Arc::into_inner(store).unwrap(),
    };
    for (n, winner) in winners.iter().enumerate() {
        let page = fx
            .list(
                "User",
                &format!("filter=userName+eq+%22Shared{n}%40example.com%22"),
            )
            .unwrap();
        assert_eq!(ids(&page), winner.as_slice());
    }
    let all = fx.list("User", "count=1000").unwrap();
    let distinct: std::collections::HashSet<String> = ids(&all).into_iter().collect();
    assert_eq!(distinct.len(), THREADS * NAMES + NAMES);
}

#[test]
fn concurrent_membership_changes_keep_groups_in_step() {
    let fx = Arc::new(Fixture::new());
    let users: Vec<Stored> = (0..20).map(|n| fx.user(&format!("user{n}"))).collect();
    let groups: Vec<Stored> = (0..4).map(|n| fx.group(&format!("g{n}"), &[])).collect();
    std::thread::scope(|scope| {
        for group in &groups {
            let (fx, users) = (Arc::clone(&fx), &users);
            scope.spawn(move || {
                for user in users {
                    fx.patch(
                        "Group",
                        group.id(),
                        json!([{"op": "add", "path": "members", "value": [{"value": user.id()}]}]),
                        None,
                    )
                    .unwrap();
                }
                for user in users.iter().step_by(2) {
                    let path = format!("members[value eq \"{}\"]", user.id());
                    fx.patch(
                        "Group",
                        group.id(),
                        json!([{"op": "remove", "path": path}]),
                        None,
                    )
                    .unwrap();
                }
            });
        }
    });
    for (n, user) in users.iter().enumerate() {
        let expected = if n % 2 == 0 { 0 } else { groups.len() };
        assert_eq!(groups_of(&fx, user).len(), expected, "user{n}");
    }
}

#[test]
fn store_is_send_and_sync() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<InMemoryStore>();
    let _: Arc<dyn ResourceStore> = Arc::new(InMemoryStore::default());
}
