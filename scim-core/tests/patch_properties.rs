//! Properties of PATCH (RFC 7644 §3.5.2) over random requests built from valid and invalid
//! paths, values and ops:
//! - applying never panics, and gives the same outcome twice;
//! - a request that succeeds leaves a resource that create would accept;
//! - `changed` is false only when the resource is what it was, and for one operation it is
//!   true exactly when the resource differs;
//! - a request that fails says which operation failed (`Operations[i]`), and the operations
//!   before it apply on their own: the error is that operation's, and atomicity (RFC 7644
//!   §3.5.2) is what discards the earlier ones.

use proptest::prelude::*;
use scim_core::patch::{PatchRequest, apply};
use scim_core::resource::{Resource, Write, validate};
use scim_core::schema::SchemaRegistry;
use serde_json::{Value, json};

const EU: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn start() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", EU],
        "id": "2819c223",
        "userName": "bjensen",
        "title": "Tour Guide",
        "active": true,
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"},
        ],
        "phoneNumbers": [{"value": "555-3", "type": "fax"}, {"value": "555-1", "type": "work"}],
        "groups": [{"value": "g1", "display": "Tour Guides"}],
        EU: {"department": "Tours", "manager": {"value": "m1", "displayName": "John"}},
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"},
    })
}

fn paths() -> Vec<String> {
    let mut paths: Vec<String> = [
        "title",
        "TITLE",
        "active",
        "userName",
        "displayName",
        "name",
        "name.givenName",
        "emails",
        "emails.type",
        "emails.value",
        r#"emails[type eq "work"]"#,
        r#"emails[type eq "work"].value"#,
        r#"emails[type eq "home"].primary"#,
        r#"emails[value co "example"]"#,
        r#"emails[type eq "other" and primary eq true]"#,
        r#"emails[not (type eq "work")].display"#,
        r#"emails[value gt 3]"#,
        r#"phoneNumbers[type eq "fax"]"#,
        r#"addresses[type eq "work"].streetAddress"#,
        "x509Certificates",
        "id",
        "meta",
        "meta.created",
        "groups",
        r#"groups[value eq "g1"]"#,
        "schemas",
        "urn:ietf:params:scim:schemas:core:2.0:User:nickName",
    ]
    .map(String::from)
    .to_vec();
    for suffix in [
        "",
        ":department",
        ":manager",
        ":manager.value",
        ":manager.displayName",
    ] {
        paths.push(format!("{EU}{suffix}"));
    }
    // The last INVALID_PATHS name nothing or do not parse.
    paths.extend(
        [
            "urn:bogus:x",
            "emails[",
            "",
            r#"emails[type eq "work"].nope"#,
            "name.nope",
        ]
        .map(String::from),
    );
    paths.push(format!("{EU}:nope"));
    paths
}

/// How many paths at the end of [`paths`] are invalid.
const INVALID_PATHS: usize = 6;

fn values() -> Vec<Value> {
    vec![
        json!("work"),
        json!("False"),
        json!(true),
        json!(5),
        json!(null),
        json!([]),
        json!({}),
        json!("26118915"),
        json!(["x"]),
        json!({"value": "x@example.com", "type": "work"}),
        json!({"value": "x@example.com", "primary": true}),
        json!([{"value": "a@example.com", "type": "home", "primary": true}]),
        json!([{"value": "a@example.com", "primary": true}, {"value": "b@example.com", "primary": true}]),
        json!({"givenName": "B", "familyName": "J"}),
        json!({"department": "Sales", "manager": "m2"}),
        json!({"value": "g2"}),
        json!("2010-01-23T04:56:22Z"),
    ]
}

/// One operation as JSON, from indices into the pools.
fn operation(op: usize, path: Option<usize>, value: Option<usize>, keys: &[usize]) -> Value {
    let ops = ["add", "remove", "replace", "Replace", "Remove", "move"];
    let (paths, values) = (paths(), values());
    let mut operation = json!({"op": ops[op % ops.len()]});
    match path {
        Some(path) => operation["path"] = json!(paths[path]),
        None => {
            // A path-less operation: an object keyed by paths.
            let object: serde_json::Map<String, Value> = keys
                .iter()
                .map(|k| {
                    (
                        paths[k % paths.len()].clone(),
                        values[(k / 7) % values.len()].clone(),
                    )
                })
                .collect();
            operation["value"] = Value::Object(object);
        }
    }
    if let (Some(value), Some(_)) = (value, path) {
        operation["value"] = values[value % values.len()].clone();
    }
    operation
}

/// Well-typed operations, so that sequences reach states random pairs of paths and values
/// rarely do.
fn fitting() -> Vec<Value> {
    vec![
        json!({"op": "replace", "path": "title", "value": "Lead"}),
        json!({"op": "Replace", "path": "active", "value": "False"}),
        json!({"op": "add", "path": "nickName", "value": "Babs"}),
        json!({"op": "remove", "path": "title"}),
        json!({"op": "remove", "path": "name"}),
        json!({"op": "replace", "path": "name.givenName", "value": "Barb"}),
        json!({"op": "add", "path": "emails", "value": [{"value": "o@example.com", "type": "other"}]}),
        json!({"op": "add", "path": "emails", "value": {"value": "BJensen@example.com", "primary": true}}),
        json!({"op": "add", "path": "emails", "value": [
            {"value": "babs@jensen.org", "primary": true},
            {"value": "BABS@jensen.org", "display": "Babs"},
        ]}),
        json!({"op": "replace", "path": "emails", "value": [{"value": "n@example.com", "type": "work"}]}),
        json!({"op": "replace", "path": r#"emails[type eq "home"].primary"#, "value": true}),
        json!({"op": "replace", "path": r#"emails[type eq "work"].value"#, "value": "w@example.com"}),
        json!({"op": "add", "path": r#"emails[type eq "other"].value"#, "value": "x@example.com"}),
        json!({"op": "remove", "path": r#"emails[type eq "work"]"#}),
        json!({"op": "remove", "path": "emails.primary"}),
        json!({"op": "remove", "path": r#"phoneNumbers[type eq "fax"]"#}),
        json!({"op": "remove", "path": "phoneNumbers", "value": [{"value": "555-1"}]}),
        json!({"op": "replace", "path": format!("{EU}:department"), "value": "Sales"}),
        json!({"op": "add", "path": format!("{EU}:manager"), "value": "m2"}),
        json!({"op": "remove", "path": format!("{EU}:manager.value")}),
        json!({"op": "remove", "path": EU}),
        json!({"op": "replace", "value": {"displayName": "B", "name.familyName": "J", EU: {"division": "Parks"}}}),
        json!({"op": "replace", "value": {"title": null, format!("{EU}:costCenter"): "4130"}}),
    ]
}

/// Mostly operations that can apply (well-typed ones, and valid ops on paths the schema
/// has), with some that cannot (`move`, a path that does not parse or names nothing).
fn operations() -> impl Strategy<Value = Vec<Value>> {
    let op = prop_oneof![24 => 0usize..5, 1 => Just(5usize)];
    let path_count = paths().len();
    let valid_paths = path_count - INVALID_PATHS;
    let path = prop_oneof![
        16 => (0..valid_paths).prop_map(Some),
        1 => (valid_paths..path_count).prop_map(Some),
        2 => Just(None),
    ];
    let random = (
        op,
        path,
        prop::option::weighted(0.97, 0usize..64),
        prop::collection::vec(0usize..512, 1..3),
    )
        .prop_map(|(op, path, value, keys)| operation(op, path, value, &keys));
    let fitting = (0..fitting().len()).prop_map(|at| fitting()[at].clone());
    prop::collection::vec(prop_oneof![3 => fitting, 2 => random], 1..5)
}

/// What became of a request.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// The body did not parse.
    Refused(scim_core::ScimError),
    /// It parsed, and applying it failed.
    Failed(scim_core::ScimError),
    /// It applied: the resource, and whether it changed.
    Applied(Resource, bool),
}

fn run(operations: &[Value]) -> Outcome {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").expect("User");
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": operations,
    });
    let request = match PatchRequest::from_json(body) {
        Ok(request) => request,
        Err(err) => return Outcome::Refused(err),
    };
    let stored = Resource::from_json(start()).expect("object");
    match apply(&view, &request, stored) {
        Ok(patched) => Outcome::Applied(patched.resource, patched.changed),
        Err(err) => Outcome::Failed(err),
    }
}

/// The index `i` of `Operations[i]: ` at the start of a detail.
fn failed_index(detail: &str) -> Option<usize> {
    detail
        .strip_prefix("Operations[")?
        .split_once(']')?
        .0
        .parse()
        .ok()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_requests_keep_the_patch_contract(operations in operations()) {
        let first = run(&operations);
        // Deterministic.
        prop_assert_eq!(&first, &run(&operations));
        let start = Resource::from_json(start()).expect("object");
        match first {
            Outcome::Applied(resource, changed) => {
                let registry = SchemaRegistry::rfc7643();
                let view = registry.view("User").expect("User");
                let valid = validate(&view, resource.clone().into_json(), Write::Create);
                prop_assert!(valid.is_ok(), "not a valid resource: {:?}\n{}", valid.err(), resource.clone().into_json());
                if !changed {
                    prop_assert_eq!(&resource, &start);
                }
                if operations.len() == 1 {
                    prop_assert_eq!(changed, resource != start);
                }
            }
            Outcome::Refused(err) => {
                // The operation named fails to parse on its own; those before it parse.
                let index = failed_index(err.detail());
                prop_assert!(index.is_some() || !err.detail().starts_with("Operations["), "{}", err);
                if let Some(index) = index {
                    prop_assert!(matches!(run(&operations[index..=index]), Outcome::Refused(_)));
                    prop_assert!(!matches!(run(&operations[..index]), Outcome::Refused(_)));
                }
            }
            Outcome::Failed(err) => {
                let index = failed_index(err.detail());
                prop_assert!(index.is_some(), "error without its operation: {}", err);
                let index = index.unwrap_or_default();
                prop_assert!(index < operations.len());
                let before = run(&operations[..index]);
                prop_assert!(matches!(before, Outcome::Applied(..)), "Operations[{}] failed, yet so do the ones before: {:?}", index, before);
            }
        }
    }
}

#[test]
fn rfc7644_s3_5_2_a_failed_request_leaves_the_stored_resource_as_it_was() {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").expect("User");
    let stored = Resource::from_json(start()).expect("object");
    let request = PatchRequest::from_json(json!({"Operations": [
        {"op": "replace", "path": "title", "value": "Lead"},
        {"op": "remove", "path": "emails"},
        {"op": "replace", "path": "groups", "value": []},
    ]}))
    .expect("parses");
    let err = apply(&view, &request, stored.clone()).unwrap_err();
    assert!(
        err.detail().starts_with("Operations[2]: "),
        "{}",
        err.detail()
    );
    assert_eq!(stored.into_json(), start());
}
