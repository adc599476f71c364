//! PATCH (RFC 7644 §3.5.2) as data.
//!
//! - `tests/patch/cases.json`: operation × path kind × attribute kind, with the identity
//!   providers' quirks; each case a starting resource, a body, and the resulting resource
//!   (and whether it changed) or the error (status, `scimType`, part of the detail).
//!
//! The benchmark corpus's bodies (`patches.json` on `user_full.json`) are checked in the
//! conformance crate, which holds that corpus (`tests/tests/patch_corpus.rs`).

use std::collections::BTreeSet;

use scim_core::patch::{PatchRequest, apply};
use scim_core::resource::{Resource, Write, validate};
use scim_core::schema::{ResourceType, Schema, SchemaRegistry};
use serde::Deserialize;
use serde_json::Value;

const CASES: &str = include_str!("patch/cases.json");

const OPS: [&str; 3] = ["add", "remove", "replace"];
const PATH_KINDS: [&str; 6] = [
    "none",
    "attribute",
    "sub",
    "urn",
    "valuepath",
    "valuepath_sub",
];
const ATTRIBUTE_KINDS: [&str; 5] = [
    "single_simple",
    "complex",
    "multi_simple",
    "multi_complex",
    "extension",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CaseFile {
    #[allow(dead_code)]
    description: String,
    schemas: Vec<Schema>,
    resource_types: Vec<ResourceType>,
    extensions: Vec<ExtensionOf>,
    cases: Vec<Case>,
}

/// A test schema added as an extension of a registered resource type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExtensionOf {
    resource_type: String,
    schema: String,
    required: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Case {
    /// `op/pathKind/attributeKind/name`.
    id: String,
    /// Why the outcome is right: the RFC section or the identity provider.
    why: String,
    #[serde(default = "user")]
    resource_type: String,
    resource: Value,
    body: Value,
    #[serde(default)]
    expect: Option<Value>,
    #[serde(default)]
    changed: Option<bool>,
    #[serde(default)]
    error: Option<ExpectedError>,
}

fn user() -> String {
    "User".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpectedError {
    status: u16,
    scim_type: Option<String>,
    #[serde(default)]
    detail_contains: Option<String>,
}

fn case_file() -> CaseFile {
    serde_json::from_str(CASES)
        .unwrap_or_else(|err| panic!("tests/patch/cases.json is not valid case data: {err}"))
}

/// The RFC 7643 registry plus the test schemas of the case file.
fn registry(file: &CaseFile) -> SchemaRegistry {
    let mut registry = SchemaRegistry::rfc7643();
    for schema in &file.schemas {
        registry.add_schema(schema.clone()).expect("test schema");
    }
    for resource_type in &file.resource_types {
        registry
            .add_resource_type(resource_type.clone())
            .expect("test resource type");
    }
    for extension in &file.extensions {
        registry
            .add_extension(
                &extension.resource_type,
                &extension.schema,
                extension.required,
            )
            .expect("test extension");
    }
    registry
}

/// Runs one case; the error message says what differed.
fn run_case(registry: &SchemaRegistry, case: &Case) -> Result<(), String> {
    let view = registry
        .view(&case.resource_type)
        .ok_or_else(|| format!("unknown resource type {}", case.resource_type))?;
    let start = Resource::from_json(case.resource.clone()).map_err(|e| e.to_string())?;
    validate(&view, case.resource.clone(), Write::Create)
        .map_err(|err| format!("the starting resource is not valid: {err}"))?;
    let outcome = PatchRequest::from_json(case.body.clone())
        .and_then(|request| apply(&view, &request, start.clone()));
    match (outcome, &case.expect, &case.error) {
        (Ok(patched), Some(expect), None) => {
            let got = patched.resource.into_json();
            if &got != expect {
                return Err(format!(
                    "resource differs:\n  got:    {got}\n  wanted: {expect}"
                ));
            }
            if Some(patched.changed) != case.changed {
                return Err(format!(
                    "changed = {}, wanted {:?}",
                    patched.changed, case.changed
                ));
            }
            // What PATCH leaves is a resource that create would accept.
            validate(&view, got, Write::Create)
                .map_err(|err| format!("the result is not a valid resource: {err}"))?;
            Ok(())
        }
        (Err(err), None, Some(wanted)) => {
            let scim_type = err.scim_type().map(|t| t.as_str().to_owned());
            if err.status().as_u16() != wanted.status || scim_type != wanted.scim_type {
                return Err(format!(
                    "error {} {:?} ({}), wanted {} {:?}",
                    err.status().as_u16(),
                    scim_type,
                    err.detail(),
                    wanted.status,
                    wanted.scim_type
                ));
            }
            match &wanted.detail_contains {
                Some(part) if !err.detail().contains(part.as_str()) => Err(format!(
                    "detail `{}` does not contain `{part}`",
                    err.detail()
                )),
                _ => Ok(()),
            }
        }
        (Ok(patched), _, Some(wanted)) => Err(format!(
            "succeeded with {}, wanted error {:?}",
            patched.resource.into_json(),
            wanted.scim_type
        )),
        (Err(err), Some(_), _) => Err(format!("failed: {err}")),
        _ => Err("a case has exactly one of `expect` and `error`".into()),
    }
}

#[test]
fn rfc7644_s3_5_2_case_table() {
    let file = case_file();
    let registry = registry(&file);
    let failures: Vec<String> = file
        .cases
        .iter()
        .filter_map(|case| {
            run_case(&registry, case)
                .err()
                .map(|why| format!("{} ({}): {why}", case.id, case.why))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        file.cases.len(),
        failures.join("\n")
    );
}

#[test]
fn case_table_covers_every_op_path_kind_and_attribute_kind() {
    let file = case_file();
    let mut covered = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for case in &file.cases {
        assert!(
            ids.insert(case.id.as_str()),
            "duplicate case id {}",
            case.id
        );
        assert!(!case.why.trim().is_empty(), "{} says not why", case.id);
        assert!(
            case.changed.is_some() == case.expect.is_some(),
            "{}: a success case says whether it changed the resource",
            case.id
        );
        let parts: Vec<&str> = case.id.split('/').collect();
        let [op, path_kind, attribute_kind, name] = parts[..] else {
            panic!("case id {} is not op/pathKind/attributeKind/name", case.id);
        };
        assert!(OPS.contains(&op), "{}: unknown op", case.id);
        assert!(
            PATH_KINDS.contains(&path_kind),
            "{}: unknown path kind",
            case.id
        );
        assert!(
            attribute_kind == "*" || ATTRIBUTE_KINDS.contains(&attribute_kind),
            "{}: unknown attribute kind",
            case.id
        );
        assert!(!name.is_empty(), "{}: no name", case.id);
        for kind in ATTRIBUTE_KINDS {
            if attribute_kind == "*" || attribute_kind == kind {
                covered.insert((op, path_kind, kind));
            }
        }
    }
    let missing: Vec<String> = OPS
        .iter()
        .flat_map(|op| {
            PATH_KINDS
                .iter()
                .flat_map(move |path| ATTRIBUTE_KINDS.iter().map(move |kind| (*op, *path, *kind)))
        })
        .filter(|combination| !covered.contains(combination))
        .map(|(op, path, kind)| format!("{op}/{path}/{kind}"))
        .collect();
    assert!(missing.is_empty(), "no case for: {}", missing.join(", "));
}

#[test]
fn identity_provider_quirks_are_in_the_table() {
    let file = case_file();
    let has = |part: &str| file.cases.iter().any(|c| c.id.contains(part));
    for quirk in [
        "entra_capitalised_replace",
        "entra_string_false",
        "entra_dotted_keys",
        "entra_urn_qualified_keys",
        "entra_legacy_member_removal",
        "entra_creates_missing_work_email",
        "okta_deactivate",
        "okta_group_rename_with_same_id",
    ] {
        assert!(has(quirk), "no case for {quirk}");
    }
}

/// Microsoft Entra ID and Okta sync large groups: members are added and removed by the
/// hundred. Past a size, values are found through a hash index; the outcome is the same.
#[test]
fn large_group_member_sync_adds_and_removes_exactly_the_members_named() {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("Group").expect("Group");
    let member = |n: usize| serde_json::json!({"value": format!("user-{n:05}")});
    let group = Resource::from_json(serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Everyone",
        "members": (0..3000).map(member).collect::<Vec<_>>(),
    }))
    .expect("object");
    // Add 2900..3100: the first hundred are there already (one in other case, since
    // `members.value` is not caseExact), the second hundred are new.
    let mut added: Vec<Value> = (2900..3100).map(member).collect();
    added[0] = serde_json::json!({"value": "USER-02900"});
    // Remove 0..500 the legacy Entra ID way, and 500..600 one filter each.
    let mut operations = vec![
        serde_json::json!({"op": "Add", "path": "members", "value": added}),
        serde_json::json!({"op": "Remove", "path": "members", "value": (0..500).map(member).collect::<Vec<_>>()}),
    ];
    operations.extend((500..600).map(|n| {
        serde_json::json!({"op": "remove", "path": format!("members[value eq \"user-{n:05}\"]")})
    }));
    let request =
        PatchRequest::from_json(serde_json::json!({"Operations": operations})).expect("parses");
    let patched = apply(&view, &request, group).expect("applies");
    let members = patched.resource.get("members").cloned().unwrap_or_default();
    let expected: Vec<Value> = (600..3100).map(member).collect();
    assert_eq!(members, Value::Array(expected));
    assert!(patched.changed);
}
