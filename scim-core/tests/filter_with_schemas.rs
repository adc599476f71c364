//! Filters evaluated with the registry's schemas as their attribute view (RFC 7643 §2.2
//! `caseExact` and types from §8.7.1, extensions from §3.3), rather than scim-filter's
//! built-in defaults.

use scim_core::schema::{Attribute, AttributeType, Schema, SchemaRegistry};
use scim_filter::{matches_with, parse_filter, validate_with};
use serde_json::json;

fn user() -> serde_json::Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": "2819c223",
        "externalId": "EXT-701984",
        "userName": "bjensen@example.com",
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
        "meta": {"created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984",
            "manager": {"value": "MGR-1"}
        }
    })
}

fn verdict(registry: &SchemaRegistry, filter: &str) -> bool {
    let view = registry.view("User").unwrap();
    matches_with(&parse_filter(filter).unwrap(), &user(), &view).unwrap()
}

#[test]
fn case_exactness_comes_from_the_schemas() {
    let registry = SchemaRegistry::rfc7643();
    // RFC 7643 §3.1: id and externalId are caseExact.
    assert!(!verdict(&registry, r#"externalId eq "ext-701984""#));
    assert!(verdict(&registry, r#"externalId eq "EXT-701984""#));
    // §8.7.1: userName is not.
    assert!(verdict(&registry, r#"userName eq "BJENSEN@example.com""#));
    // Erratum 8472 applied: manager.value is caseExact.
    assert!(!verdict(
        &registry,
        r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "mgr-1""#
    ));
}

#[test]
fn types_come_from_the_schemas() {
    let registry = SchemaRegistry::rfc7643();
    // 05:00 at +00:30 is 04:30Z, before 04:56:22Z: compared as instants, not as text.
    assert!(!verdict(
        &registry,
        r#"meta.created lt "2010-01-23T05:00:00+00:30""#
    ));
    assert!(verdict(
        &registry,
        r#"meta.created gt "2010-01-23T05:00:00+00:30""#
    ));
    assert!(verdict(
        &registry,
        r#"emails[primary eq true and type eq "WORK"]"#
    ));
    let view = registry.view("User").unwrap();
    let err = validate_with(&parse_filter("emails.primary gt false").unwrap(), &view).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`gt` cannot compare boolean attribute `emails.primary`"
    );
}

#[test]
fn a_custom_extension_is_filterable_under_its_urn() {
    const SHOP: &str = "urn:example:params:scim:schemas:extension:shop:2.0:User";
    let mut registry = SchemaRegistry::rfc7643();
    registry
        .add_schema(Schema {
            id: SHOP.into(),
            name: None,
            description: None,
            attributes: vec![Attribute {
                case_exact: true,
                ..Attribute::new("code", AttributeType::String)
            }],
            meta: None,
        })
        .unwrap();
    registry.add_extension("User", SHOP, false).unwrap();
    let view = registry.view("User").unwrap();
    let resource = json!({"userName": "u", SHOP: {"code": "AbC"}});
    let exact = parse_filter(&format!(r#"{SHOP}:code eq "AbC""#))
        .unwrap()
        .into_owned();
    let other_case = parse_filter(&format!(r#"{SHOP}:code eq "abc""#))
        .unwrap()
        .into_owned();
    assert!(matches_with(&exact, &resource, &view).unwrap());
    assert!(!matches_with(&other_case, &resource, &view).unwrap());
}

#[test]
fn registry_rejects_malformed_schemas() {
    let mut registry = SchemaRegistry::rfc7643();
    let nested = Attribute {
        sub_attributes: vec![Attribute {
            sub_attributes: vec![Attribute::new("deep", AttributeType::String)],
            ..Attribute::new("inner", AttributeType::Complex)
        }],
        ..Attribute::new("outer", AttributeType::Complex)
    };
    let schema = Schema {
        id: "urn:example:bad".into(),
        name: None,
        description: None,
        attributes: vec![nested],
        meta: None,
    };
    let err = registry.add_schema(schema).unwrap_err();
    assert_eq!(
        err.detail(),
        "sub-attribute `inner` is complex (RFC 7643 §2.3.8)"
    );
    let err = registry
        .add_extension("User", "urn:example:never-registered", false)
        .unwrap_err();
    assert_eq!(
        err.detail(),
        "schema `urn:example:never-registered` is not registered"
    );
    let dup = registry
        .schema("urn:ietf:params:scim:schemas:core:2.0:User")
        .unwrap()
        .clone();
    assert!(registry.add_schema(dup).is_err());
}
