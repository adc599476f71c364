//! The benchmark corpus's PATCH bodies (RFC 7644 §3.5.2; `corpus/patches.json`) applied to
//! its full user (`corpus/user_full.json`): what each does is written in
//! `patch_corpus_expected.json` as changes to the user, values set and removed.

use scim_conformance::corpus;
use scim_core::patch::{PatchRequest, apply};
use scim_core::resource::Resource;
use scim_core::schema::SchemaRegistry;
use serde::Deserialize;
use serde_json::Value;

const EXPECTED: &str = include_str!("patch_corpus_expected.json");

/// What one body of the corpus does to `user_full.json`: values set and values removed, by JSON
/// pointer (RFC 6901).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    id: String,
    why: String,
    set: serde_json::Map<String, Value>,
    unset: Vec<String>,
    changed: bool,
}

/// `user` with the expected changes made by hand.
fn expected_user(user: &Value, expected: &Expected) -> Value {
    let mut user = user.clone();
    for (pointer, value) in &expected.set {
        let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
        user.pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{}: no object at {parent}", expected.id))
            .insert(key.replace("~1", "/").replace("~0", "~"), value.clone());
    }
    for pointer in &expected.unset {
        let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
        user.pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .and_then(|object| object.remove(key))
            .unwrap_or_else(|| panic!("{}: nothing at {pointer}", expected.id));
    }
    user
}

#[test]
fn corpus_patches_apply_to_user_full() {
    let user = corpus::json("user_full.json");
    let corpus = corpus::json("patches.json");
    let expectations: Vec<Expected> =
        serde_json::from_str(EXPECTED).expect("patch_corpus_expected.json");
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").expect("User");
    let patches = corpus["patches"].as_array().expect("`patches` array");
    assert_eq!(
        patches.len(),
        expectations.len(),
        "one expectation per body"
    );
    for patch in patches {
        let id = patch["id"].as_str().expect("id");
        let expected = expectations
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("no expectation for {id}"));
        let request = PatchRequest::from_json(patch["body"].clone())
            .unwrap_or_else(|err| panic!("{id} does not parse: {err}"));
        let start = Resource::from_json(user.clone()).expect("user_full is an object");
        let patched = apply(&view, &request, start)
            .unwrap_or_else(|err| panic!("{id} does not apply: {err}"));
        let got = patched.resource.into_json();
        assert_eq!(
            got,
            expected_user(&user, expected),
            "{id} ({})",
            expected.why
        );
        assert_eq!(patched.changed, expected.changed, "{id}");
    }
}

#[test]
fn corpus_p8_leaves_exactly_one_primary_email() {
    let user = corpus::json("user_full.json");
    let corpus = corpus::json("patches.json");
    let p8 = corpus["patches"]
        .as_array()
        .and_then(|patches| patches.iter().find(|p| p["id"] == "P8_multi_op"))
        .expect("P8_multi_op in the corpus");
    let request = PatchRequest::from_json(p8["body"].clone()).expect("P8 parses");
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").expect("User");
    let patched =
        apply(&view, &request, Resource::from_json(user).expect("object")).expect("P8 applies");
    let emails = patched.resource.get("emails").cloned().unwrap_or_default();
    let primaries: Vec<&Value> = emails
        .as_array()
        .into_iter()
        .flatten()
        .filter(|email| email["primary"] == true)
        .collect();
    assert_eq!(primaries.len(), 1, "{emails}");
    assert_eq!(primaries[0]["type"], "home");
}
