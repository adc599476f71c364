//! Validation of what clients write (RFC 7643 §2, §8; RFC 7644 §3.3, §3.5.1), on the RFC's
//! own examples and on identity providers' payloads, each kept as a data file.

use std::path::{Path, PathBuf};

use scim_core::resource::{Group, Resource, User, Write, validate};
use scim_core::schema::{Attribute, AttributeType, Mutability, Schema, SchemaRegistry};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
struct Fixture {
    section: String,
    why: String,
    #[serde(rename = "resourceType")]
    resource_type: String,
    input: Value,
    expected: Value,
}

fn fixtures(folder: &str) -> Vec<(PathBuf, Fixture)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let fixture =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, fixture)
        })
        .collect()
}

fn check_fixture(path: &Path, fixture: Fixture, registry: &SchemaRegistry) {
    let name = format!("{} ({}): {}", path.display(), fixture.section, fixture.why);
    let view = registry
        .view(&fixture.resource_type)
        .expect("known resource type");
    let resource =
        validate(&view, fixture.input, Write::Create).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(resource.clone().into_json(), fixture.expected, "{name}");

    // Validation is idempotent: what it produced is already in normal form.
    let again = validate(&view, resource.clone().into_json(), Write::Create).unwrap();
    assert_eq!(again, resource, "{name}: not idempotent");

    // The typed views read and write the resource without loss.
    let back: Resource = match fixture.resource_type.as_str() {
        "User" => User::try_from(resource.clone()).unwrap().into(),
        _ => Group::try_from(resource.clone()).unwrap().into(),
    };
    assert_eq!(back, resource, "{name}: typed round trip lost something");
}

#[test]
fn rfc7643_s8_examples_validate_to_their_normal_form() {
    let registry = SchemaRegistry::rfc7643();
    for (path, fixture) in fixtures("rfc7643") {
        check_fixture(&path, fixture, &registry);
    }
}

#[test]
fn identity_provider_payloads_validate_to_their_normal_form() {
    let registry = SchemaRegistry::rfc7643();
    for (path, fixture) in fixtures("providers") {
        check_fixture(&path, fixture, &registry);
    }
}

#[derive(Deserialize)]
struct ErrorCase {
    id: String,
    #[serde(default)]
    why: String,
    #[serde(rename = "resourceType")]
    resource_type: String,
    input: Value,
    status: u16,
    #[serde(rename = "scimType")]
    scim_type: String,
    detail: String,
}

#[test]
fn malformed_input_is_a_scim_error_naming_the_attribute() {
    let registry = SchemaRegistry::rfc7643();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validation_errors.json");
    let cases: Vec<ErrorCase> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let view = registry.view(&case.resource_type).unwrap();
        let err = validate(&view, case.input, Write::Create)
            .map(|r| panic!("{} ({}): accepted as {:?}", case.id, case.why, r))
            .unwrap_err();
        assert_eq!(err.status().as_u16(), case.status, "{}", case.id);
        assert_eq!(
            err.scim_type().map(|t| t.as_str()),
            Some(case.scim_type.as_str()),
            "{}",
            case.id
        );
        assert!(
            err.detail().contains(&case.detail),
            "{}: {:?} lacks {:?}",
            case.id,
            err.detail(),
            case.detail
        );
    }
}

/// A registry with a custom extension whose `badge` is immutable and `tier` required.
fn registry_with_extension() -> SchemaRegistry {
    let mut registry = SchemaRegistry::rfc7643();
    registry
        .add_schema(Schema {
            id: "urn:example:params:scim:schemas:extension:shop:2.0:User".into(),
            name: Some("Shop".into()),
            description: None,
            attributes: vec![
                Attribute {
                    mutability: Mutability::Immutable,
                    ..Attribute::new("badge", AttributeType::Integer)
                },
                Attribute {
                    required: true,
                    canonical_values: vec!["gold".into(), "silver".into()],
                    ..Attribute::new("tier", AttributeType::String)
                },
            ],
            meta: None,
        })
        .unwrap();
    registry
        .add_extension(
            "User",
            "urn:example:params:scim:schemas:extension:shop:2.0:User",
            false,
        )
        .unwrap();
    registry
}

const SHOP: &str = "urn:example:params:scim:schemas:extension:shop:2.0:User";

#[test]
fn custom_extension_registered_at_run_time_is_validated() {
    let registry = registry_with_extension();
    let view = registry.view("User").unwrap();
    let user = validate(
        &view,
        json!({"userName": "u", SHOP: {"BADGE": 7, "tier": "GOLD"}}),
        Write::Create,
    )
    .unwrap();
    assert_eq!(user.get(SHOP), Some(&json!({"badge": 7, "tier": "gold"})));
    assert_eq!(
        user.schemas().collect::<Vec<_>>(),
        [scim_filter::USER_SCHEMA, SHOP]
    );

    let err = validate(
        &view,
        json!({"userName": "u", SHOP: {"badge": 7}}),
        Write::Create,
    )
    .unwrap_err();
    assert_eq!(err.detail(), format!("`{SHOP}:tier` is required"));
    let err = validate(
        &view,
        json!({"userName": "u", SHOP: {"badge": 1.5, "tier": "gold"}}),
        Write::Create,
    )
    .unwrap_err();
    assert_eq!(err.detail(), "`badge` must be an integer, not a number");
}

#[test]
fn rfc7644_s3_5_1_replace_keeps_and_protects_immutable_values() {
    let registry = registry_with_extension();
    let view = registry.view("User").unwrap();
    let stored = validate(
        &view,
        json!({"userName": "u", SHOP: {"badge": 7, "tier": "gold"}}),
        Write::Create,
    )
    .unwrap();

    // Left out: kept.
    let replaced = validate(
        &view,
        json!({"userName": "u2", SHOP: {"tier": "silver"}}),
        Write::Replace(&stored),
    )
    .unwrap();
    assert_eq!(
        replaced.get(SHOP),
        Some(&json!({"badge": 7, "tier": "silver"}))
    );
    // Repeated unchanged: fine.
    assert!(
        validate(
            &view,
            json!({"userName": "u", SHOP: {"badge": 7, "tier": "gold"}}),
            Write::Replace(&stored)
        )
        .is_ok()
    );
    // Changed: a mutability error.
    let err = validate(
        &view,
        json!({"userName": "u", SHOP: {"badge": 8, "tier": "gold"}}),
        Write::Replace(&stored),
    )
    .unwrap_err();
    assert_eq!(err.scim_type(), Some(scim_core::ScimType::Mutability));
}

#[test]
fn unknown_attributes_and_extensions_are_kept_as_sent() {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").unwrap();
    let input = json!({
        "userName": "u",
        "favouriteColour": "teal",
        "urn:example:unregistered:1.0:User": {"anything": [1, {"deep": true}]},
    });
    let user = validate(&view, input, Write::Create).unwrap();
    assert_eq!(user.get("favouriteColour"), Some(&json!("teal")));
    assert_eq!(
        user.get("urn:example:unregistered:1.0:User").unwrap()["anything"][1]["deep"],
        true
    );
    assert!(
        user.schemas()
            .any(|s| s == "urn:example:unregistered:1.0:User")
    );
    // And the typed view keeps them too.
    let typed = User::try_from(user.clone()).unwrap();
    assert_eq!(typed.extra["favouriteColour"], "teal");
    assert_eq!(Resource::from(typed), user);
}

#[test]
fn urn_qualified_core_attribute_names_are_accepted() {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").unwrap();
    let user = validate(
        &view,
        json!({"urn:ietf:params:scim:schemas:core:2.0:User:userName": "u"}),
        Write::Create,
    )
    .unwrap();
    assert_eq!(user.get("userName"), Some(&json!("u")));
}
