//! The values a PATCH writes and how they compare: normalised with the rules of create
//! ([`normalize`], RFC 7643 §2), and compared as the schema says (`caseExact`, RFC 7643 §2.2)
//! when deciding whether a value is already there.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::resource::{get_ignore_case, normalize};
use crate::schema::{Attribute, AttributeType, Mutability};

/// The value `raw` as it will be stored for `attribute`: normalised as on create (`"False"`
/// becomes `false`, a single object becomes a one-element array for a multi-valued
/// attribute, a bare id becomes `{"value": id}`, canonical values take the schema's
/// spelling); `None` when it holds no value (RFC 7643 §2.5).
///
/// A readOnly attribute's value is taken as given, since normalising would drop its
/// read-only parts: it is only ever compared with the stored value, and a difference is a
/// `mutability` error.
///
/// `path` names the attribute in errors; it is only written out when there is one.
pub(super) fn prepare(
    attribute: &Attribute,
    raw: &Value,
    path: &dyn Fn() -> String,
) -> Result<Option<Value>, ScimError> {
    if attribute.mutability == Mutability::ReadOnly {
        return Ok(match raw {
            Value::Null => None,
            Value::Array(_) => Some(raw.clone()),
            single if attribute.multi_valued => Some(Value::Array(vec![single.clone()])),
            single => Some(single.clone()),
        });
    }
    normalize(attribute, raw.clone(), &Lazy(path))
}

/// A path written out only when an error message needs it.
pub(super) struct Lazy<'a>(pub(super) &'a dyn Fn() -> String);

impl fmt::Display for Lazy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&(self.0)())
    }
}

/// Whether two strings are equal without regard to case, as the filter evaluator compares
/// them (ASCII byte-wise, other text by Unicode lowercase mapping).
pub(super) fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    let folded = |text: &'_ str| {
        text.chars()
            .flat_map(char::to_lowercase)
            .collect::<Vec<_>>()
    };
    folded(a) == folded(b)
}

/// Whether two values of `attribute` (`None`: one no schema describes) are the same:
/// strings compare without case unless the attribute is `caseExact` (RFC 7643 §2.2), other
/// values exactly.
pub(super) fn same(attribute: Option<&Attribute>, a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => {
            if attribute.is_some_and(|attr| attr.case_exact) {
                a == b
            } else {
                eq_ignore_case(a, b)
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(attribute, a, b))
        }
        (a, b) => a == b,
    }
}

/// Whether `stored` already holds everything `given` says: for complex values, every
/// sub-attribute of `given` is in `stored` with the same value; for simple values, the two
/// are the same.
pub(super) fn covers(attribute: &Attribute, stored: &Value, given: &Value) -> bool {
    match (stored, given) {
        (Value::Object(stored), Value::Object(given)) => given.iter().all(|(key, value)| {
            get_ignore_case(stored, key)
                .is_some_and(|held| same(attribute.sub_attribute(key), held, value))
        }),
        (stored, given) => same(Some(attribute), stored, given),
    }
}

/// Whether `stored` and `given`, elements of a multi-valued `attribute`, are one and the
/// same value: for complex attributes with a `value` sub-attribute, the same `value` and, if
/// both have one, the same `type`; otherwise `stored` covers `given`.
pub(super) fn same_element(attribute: &Attribute, stored: &Value, given: &Value) -> bool {
    if attribute.attr_type != AttributeType::Complex {
        return same(Some(attribute), stored, given);
    }
    let (Value::Object(stored_members), Value::Object(given_members)) = (stored, given) else {
        return covers(attribute, stored, given);
    };
    let Some(value_sub) = attribute.sub_attribute("value") else {
        return covers(attribute, stored, given);
    };
    let Some(given_value) = get_ignore_case(given_members, "value") else {
        return covers(attribute, stored, given);
    };
    let same_sub = |sub: &Attribute, given: &Value| {
        get_ignore_case(stored_members, &sub.name).is_some_and(|held| same(Some(sub), held, given))
    };
    if !same_sub(value_sub, given_value) {
        return false;
    }
    match (
        attribute.sub_attribute("type"),
        get_ignore_case(given_members, "type"),
    ) {
        (Some(type_sub), Some(given_type)) => {
            get_ignore_case(stored_members, "type").is_none() || same_sub(type_sub, given_type)
        }
        _ => true,
    }
}

/// The key under which `element` is indexed for [`same_element`] lookups in large arrays:
/// its `value` folded to lowercase unless `caseExact`. `None` when the element has no
/// string `value` (such elements are compared one by one).
pub(super) fn identity_key(attribute: &Attribute, element: &Value) -> Option<String> {
    let (value, value_sub) = match element {
        Value::Object(members) => (
            get_ignore_case(members, "value")?,
            attribute.sub_attribute("value")?,
        ),
        scalar => (scalar, attribute),
    };
    let text = value.as_str()?;
    Some(if value_sub.case_exact {
        text.to_owned()
    } else {
        text.chars().flat_map(char::to_lowercase).collect()
    })
}

/// Merges the sub-attributes of `given` into the complex value `stored` (RFC 7644 §3.5.2.1
/// and §3.5.2.3: sub-attributes not given are left unchanged); whether anything changed.
/// A sub-attribute already the same (by [`same`]) keeps its stored spelling; an immutable
/// one with a value may not change (RFC 7644 §3.5.2).
pub(super) fn merge(
    attribute: &Attribute,
    stored: &mut Map<String, Value>,
    given: Map<String, Value>,
    path: &dyn Fn() -> String,
) -> Result<bool, ScimError> {
    let mut changed = false;
    for (key, value) in given {
        let sub = attribute.sub_attribute(&key);
        let name = sub.map_or(key.as_str(), |sub| sub.name.as_str());
        match super::container::get_mut(stored, name) {
            Some(held) if same(sub, held, &value) => {}
            Some(held) => {
                if let Some(sub) = sub.filter(|s| s.mutability == Mutability::Immutable)
                    && super::container::is_assigned(held)
                {
                    return Err(immutable(&format!("{}.{}", path(), sub.name)));
                }
                *held = value;
                changed = true;
            }
            None => {
                stored.insert(name.to_owned(), value);
                changed = true;
            }
        }
    }
    Ok(changed)
}

/// The `mutability` error of changing an immutable attribute that has a value.
pub(super) fn immutable(path: &str) -> ScimError {
    ScimError::mutability(format!(
        "`{path}` is immutable and already has a value, so it cannot be changed (RFC 7644 §3.5.2)"
    ))
}

/// The `mutability` error of changing a readOnly attribute.
pub(super) fn read_only(path: &str) -> ScimError {
    ScimError::mutability(format!(
        "`{path}` is readOnly; PATCH cannot change it (RFC 7644 §3.5.2, RFC 7643 §2.2)"
    ))
}

/// The `mutability` error of removing a required attribute.
pub(super) fn required(path: &str) -> ScimError {
    ScimError::mutability(format!(
        "`{path}` is required, so it cannot be removed or left without a value (RFC 7644 §3.5.2.2)"
    ))
}

/// Whether the checks after a change need to know if `attribute` had a value before: only
/// immutable and required attributes care, so the lookup is skipped for the others.
pub(super) fn needs_before(attribute: &Attribute) -> bool {
    attribute.mutability == Mutability::Immutable || attribute.required
}

/// Checks a change to `attribute` against its mutability (RFC 7644 §3.5.2: "a client MUST
/// NOT modify an attribute that has mutability "readOnly" or "immutable". However, a client
/// MAY "add" a value to an "immutable" attribute if the attribute had no previous value").
/// `had` says whether it had a value before.
pub(super) fn check_change(
    attribute: &Attribute,
    had: bool,
    changed: bool,
    path: &dyn Fn() -> String,
) -> Result<(), ScimError> {
    if !changed {
        return Ok(());
    }
    match attribute.mutability {
        Mutability::ReadOnly => Err(read_only(&path())),
        Mutability::Immutable if had => Err(immutable(&path())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::SchemaRegistry;

    fn user_attribute(name: &str) -> Attribute {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        view.attribute_of(None, name).unwrap().clone()
    }

    #[test]
    fn rfc7643_s2_2_strings_compare_without_case_unless_case_exact() {
        let emails = user_attribute("emails");
        let id = user_attribute("id");
        assert!(same(
            emails.sub_attribute("value"),
            &json!("BJ@x.org"),
            &json!("bj@x.org")
        ));
        assert!(!same(Some(&id), &json!("ABC"), &json!("abc")));
        assert!(eq_ignore_case("STRASSE", "strasse"));
        assert!(eq_ignore_case("ÉMILE", "émile"));
        assert!(!eq_ignore_case("a", "b"));
    }

    #[test]
    fn an_element_with_the_same_value_and_type_is_the_same_element() {
        let emails = user_attribute("emails");
        let stored = json!({"value": "bj@x.org", "type": "work", "primary": true});
        assert!(same_element(
            &emails,
            &stored,
            &json!({"value": "BJ@x.org"})
        ));
        assert!(same_element(
            &emails,
            &stored,
            &json!({"value": "bj@x.org", "type": "work"})
        ));
        assert!(!same_element(
            &emails,
            &stored,
            &json!({"value": "bj@x.org", "type": "home"})
        ));
        assert!(!same_element(
            &emails,
            &stored,
            &json!({"value": "other@x.org"})
        ));
        let addresses = user_attribute("addresses");
        let home = json!({"type": "home", "locality": "Hollywood"});
        assert!(same_element(
            &addresses,
            &home,
            &json!({"locality": "hollywood"})
        ));
        assert!(!same_element(
            &addresses,
            &home,
            &json!({"locality": "Burbank"})
        ));
    }

    #[test]
    fn prepare_normalizes_like_create_and_keeps_read_only_values_as_given() {
        let active = user_attribute("active");
        let path = || String::from("active");
        assert_eq!(
            prepare(&active, &json!("False"), &path).unwrap(),
            Some(json!(false))
        );
        let err = prepare(&active, &json!(1), &|| String::from("whole.path")).unwrap_err();
        assert_eq!(err.detail(), "`whole.path` must be a boolean, not a number");
        let groups = user_attribute("groups");
        assert_eq!(
            prepare(&groups, &json!({"value": "g1"}), &path).unwrap(),
            Some(json!([{"value": "g1"}]))
        );
    }

    #[test]
    fn rfc7644_s3_5_2_merge_keeps_immutable_sub_attributes() {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("Group").unwrap();
        let members = view.attribute_of(None, "members").unwrap();
        let mut stored = Map::new();
        stored.insert("value".into(), json!("u1"));
        let path = || String::from("members");
        let mut given = Map::new();
        given.insert("type".into(), json!("User"));
        assert!(merge(members, &mut stored, given, &path).unwrap());
        let mut given = Map::new();
        given.insert("value".into(), json!("u2"));
        let err = merge(members, &mut stored, given, &path).unwrap_err();
        assert_eq!(err.scim_type(), Some(crate::ScimType::Mutability));
        assert!(
            err.detail().starts_with("`members.value` is immutable"),
            "{}",
            err.detail()
        );
    }
}
