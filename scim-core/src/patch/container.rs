//! Where an attribute's value sits in a resource: at the top level, or in an extension's
//! object (RFC 7643 §3.3), under a key matched case-insensitively (RFC 7643 §2.1) and
//! written in the schema's spelling. Also keeps `schemas` in step with the extensions present.

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::resource::{get_ignore_case, remove_ignore_case};
use crate::schema::{ResourceView, Schema};

/// Whether a value counts as assigned: `null`, `[]` and `{}` are "no value" (RFC 7643 §2.5).
pub(super) fn is_assigned(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) => !items.is_empty(),
        Value::Object(members) => !members.is_empty(),
        _ => true,
    }
}

/// The value of `name` in `map`, matched case-insensitively.
pub(super) fn get<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    get_ignore_case(map, name)
}

/// Whether `map` has an assigned value for `name`.
pub(super) fn has(map: &Map<String, Value>, name: &str) -> bool {
    get(map, name).is_some_and(is_assigned)
}

/// The value of `name` in `map`, to change. A key in another spelling is renamed to `name`
/// (the schema's spelling) first.
pub(super) fn get_mut<'m>(map: &'m mut Map<String, Value>, name: &str) -> Option<&'m mut Value> {
    if !map.contains_key(name) {
        let key = map.keys().find(|k| k.eq_ignore_ascii_case(name))?.clone();
        let value = map.remove(&key)?;
        map.insert(name.to_owned(), value);
    }
    map.get_mut(name)
}

/// Removes `name` from `map`; whether an assigned value was removed.
pub(super) fn remove(map: &mut Map<String, Value>, name: &str) -> bool {
    remove_ignore_case(map, name).is_some_and(|value| is_assigned(&value))
}

/// Sets `name` to `value`; whether that changed anything.
pub(super) fn set(map: &mut Map<String, Value>, name: &str, value: Value) -> bool {
    match get_mut(map, name) {
        Some(slot) if *slot == value => false,
        Some(slot) => {
            *slot = value;
            true
        }
        None => {
            map.insert(name.to_owned(), value);
            true
        }
    }
}

/// Runs `f` on the object `name` of `map` (a new empty one if there is none), keeping the
/// object only if `f` leaves something in it: an object with no members is unassigned
/// (RFC 7643 §2.5), as is an extension whose attributes are all removed.
pub(super) fn with_object<R>(
    map: &mut Map<String, Value>,
    name: &str,
    f: impl FnOnce(&mut Map<String, Value>) -> R,
) -> R {
    match get_mut(map, name) {
        Some(Value::Object(members)) => {
            let result = f(members);
            if members.is_empty() {
                map.remove(name);
            }
            result
        }
        _ => {
            let mut members = Map::new();
            let result = f(&mut members);
            if !members.is_empty() {
                map.insert(name.to_owned(), Value::Object(members));
            }
            result
        }
    }
}

/// Runs `f` on the values of the multi-valued attribute `name` of `map` (none if it has no
/// value; a single stored value counts as one), keeping the attribute only if values remain
/// (RFC 7644 §3.5.2.2: "If no other values remain ... the multi-valued attribute SHALL be
/// considered unassigned").
pub(super) fn with_array<R>(
    map: &mut Map<String, Value>,
    name: &str,
    f: impl FnOnce(&mut Vec<Value>) -> R,
) -> R {
    match get_mut(map, name) {
        Some(Value::Array(items)) => {
            let result = f(items);
            if items.is_empty() {
                map.remove(name);
            }
            result
        }
        slot => {
            let mut items = match slot.map(Value::take) {
                None | Some(Value::Null) => Vec::new(),
                Some(single) => vec![single],
            };
            let result = f(&mut items);
            if items.is_empty() {
                map.remove(name);
            } else {
                map.insert(name.to_owned(), Value::Array(items));
            }
            result
        }
    }
}

/// Whether the resource holds a value for `extension`.
pub(super) fn has_extension(resource: &Map<String, Value>, extension: &Schema) -> bool {
    has(resource, &extension.id)
}

/// After an operation inside `extension`: an empty extension object is removed, and
/// `schemas` lists the extension exactly when the resource has it (RFC 7643 §3). Removing a
/// required extension (RFC 7643 §6 `schemaExtensions.required`) is a `mutability` error
/// (RFC 7644 §3.5.2.2).
pub(super) fn sync_extension(
    view: &ResourceView<'_>,
    resource: &mut Map<String, Value>,
    extension: &Schema,
    had: bool,
) -> Result<(), ScimError> {
    let present = has_extension(resource, extension);
    if !present {
        remove(resource, &extension.id);
        let required = view
            .resource_type()
            .extension(&extension.id)
            .is_some_and(|e| e.required);
        if had && required {
            return Err(ScimError::mutability(format!(
                "extension `{}` is required of {} resources; its attributes cannot all be removed (RFC 7644 §3.5.2.2)",
                extension.id,
                view.resource_type().name
            )));
        }
    }
    list_schema(resource, &view.core_schema().id, &extension.id, present);
    Ok(())
}

/// Lists `urn` in `schemas`, or takes it out.
fn list_schema(resource: &mut Map<String, Value>, core: &str, urn: &str, listed: bool) {
    let is_urn = |item: &Value| item.as_str().is_some_and(|u| u.eq_ignore_ascii_case(urn));
    match get_mut(resource, "schemas") {
        Some(Value::Array(urns)) => {
            let position = urns.iter().position(is_urn);
            match (listed, position) {
                (true, None) => urns.push(Value::String(urn.to_owned())),
                (false, Some(_)) => urns.retain(|item| !is_urn(item)),
                _ => {}
            }
        }
        _ if listed => {
            let urns = vec![
                Value::String(core.to_owned()),
                Value::String(urn.to_owned()),
            ];
            resource.insert("schemas".to_owned(), Value::Array(urns));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(members) => members,
            _ => Map::new(),
        }
    }

    #[test]
    fn rfc7643_s2_1_keys_match_without_case_and_are_respelled_on_write() {
        let mut members = map(json!({"DisplayName": "Babs"}));
        assert_eq!(get(&members, "displayName"), Some(&json!("Babs")));
        assert!(!set(&mut members, "displayName", json!("Babs")));
        assert_eq!(members, map(json!({"displayName": "Babs"})));
        assert!(set(&mut members, "displayName", json!("Barbara")));
        assert!(remove(&mut members, "DISPLAYNAME"));
        assert!(members.is_empty());
    }

    #[test]
    fn rfc7643_s2_5_null_and_empty_values_are_unassigned() {
        for value in [json!(null), json!([]), json!({})] {
            assert!(!is_assigned(&value));
        }
        for value in [json!(""), json!(false), json!([1]), json!({"a": 1})] {
            assert!(is_assigned(&value));
        }
    }

    #[test]
    fn a_single_stored_value_of_a_multi_valued_attribute_counts_as_one() {
        let mut members = map(json!({"emails": {"value": "a@example.com"}, "empty": null}));
        assert_eq!(with_array(&mut members, "emails", |items| items.len()), 1);
        assert_eq!(members["emails"], json!([{"value": "a@example.com"}]));
        assert_eq!(with_array(&mut members, "empty", |items| items.len()), 0);
        assert!(!members.contains_key("empty"));
    }

    #[test]
    fn rfc7644_s3_5_2_2_containers_left_empty_are_unassigned() {
        let mut members = map(json!({"emails": [{"value": "a"}], "name": {"givenName": "B"}}));
        with_array(&mut members, "emails", Vec::clear);
        with_object(&mut members, "name", Map::clear);
        assert!(members.is_empty());
        with_object(&mut members, "name", |name| {
            name.insert("givenName".into(), json!("B"))
        });
        assert_eq!(members, map(json!({"name": {"givenName": "B"}})));
    }
}
