//! Reading, removing and setting the attribute an [`AttrPath`] names in a resource's JSON,
//! with names matched case-insensitively (RFC 7643 §2.1).

use scim_filter::{AttrPath, USER_SCHEMA};
use serde_json::{Map, Value};

/// `map[key]` with the key matched case-insensitively.
pub(crate) fn get_ci<'m>(map: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// The key under which `key` sits in `map`, in whatever case.
fn key_ci(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned()
}

/// Removes `map[key]`, matched case-insensitively.
pub(crate) fn remove_ci(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let key = key_ci(map, key)?;
    map.remove(&key)
}

/// Sets `map[key]`, replacing a key of the same name in any case.
pub(crate) fn set_ci(map: &mut Map<String, Value>, key: &str, value: Value) {
    let key = key_ci(map, key).unwrap_or_else(|| key.to_owned());
    map.insert(key, value);
}

/// Whether the path is qualified with an extension URN (not the core User schema).
fn extension_uri<'p>(path: &'p AttrPath<'_>) -> Option<&'p str> {
    path.uri()
        .filter(|uri| !uri.eq_ignore_ascii_case(USER_SCHEMA))
}

/// The object holding the path's attribute: the resource, or its extension object.
fn container<'m>(
    map: &'m Map<String, Value>,
    path: &AttrPath<'_>,
) -> Option<&'m Map<String, Value>> {
    match extension_uri(path) {
        None => Some(map),
        Some(uri) => get_ci(map, uri)?.as_object(),
    }
}

/// The leaf values at `path`: the attribute (or each element of it), or the sub-attribute of
/// it (or of each element), with arrays flattened and nulls skipped.
pub(crate) fn values_at<'m>(map: &'m Map<String, Value>, path: &AttrPath<'_>) -> Vec<&'m Value> {
    let Some(value) = container(map, path).and_then(|c| get_ci(c, path.name())) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |v: &'m Value| match v {
        Value::Null => {}
        Value::Array(items) => out.extend(items.iter().filter(|i| !i.is_null())),
        other => out.push(other),
    };
    match (path.sub_attr(), value) {
        (None, value) => push(value),
        (Some(sub), Value::Object(object)) => {
            if let Some(v) = get_ci(object, sub) {
                push(v);
            }
        }
        (Some(sub), Value::Array(items)) => {
            for item in items {
                if let Some(v) = item.as_object().and_then(|o| get_ci(o, sub)) {
                    push(v);
                }
            }
        }
        (Some(_), _) => {}
    }
    out
}

/// The value at `path` as one JSON value, for targets that hold a whole attribute: the
/// attribute itself, or the sub-attribute of a single-valued complex attribute.
pub(crate) fn value_at<'m>(map: &'m Map<String, Value>, path: &AttrPath<'_>) -> Option<&'m Value> {
    let value = container(map, path).and_then(|c| get_ci(c, path.name()))?;
    let value = match path.sub_attr() {
        None => value,
        Some(sub) => get_ci(value.as_object()?, sub)?,
    };
    (!value.is_null()).then_some(value)
}

/// Removes the attribute at `path` (a sub-attribute of a single-valued complex attribute,
/// or of every element of a multi-valued one), then any object it leaves empty.
pub(crate) fn remove_at(map: &mut Map<String, Value>, path: &AttrPath<'_>) {
    let uri = extension_uri(path).map(str::to_owned);
    let holder = match &uri {
        None => Some(&mut *map),
        Some(uri) => key_ci(map, uri).and_then(|k| map.get_mut(&k)?.as_object_mut()),
    };
    let Some(holder) = holder else { return };
    match path.sub_attr() {
        None => {
            remove_ci(holder, path.name());
        }
        Some(sub) => {
            let Some(key) = key_ci(holder, path.name()) else {
                return;
            };
            let emptied = match holder.get_mut(&key) {
                Some(Value::Object(object)) => {
                    remove_ci(object, sub);
                    object.is_empty()
                }
                Some(Value::Array(items)) => {
                    for item in items.iter_mut() {
                        if let Some(object) = item.as_object_mut() {
                            remove_ci(object, sub);
                        }
                    }
                    items.retain(|i| i.as_object().is_none_or(|o| !o.is_empty()));
                    items.is_empty()
                }
                _ => false,
            };
            if emptied {
                holder.remove(&key);
            }
        }
    }
    if let Some(uri) = uri
        && let Some(key) = key_ci(map, &uri)
        && map
            .get(&key)
            .and_then(Value::as_object)
            .is_some_and(Map::is_empty)
    {
        map.remove(&key);
    }
}

/// Sets the attribute at `path` to `value`, creating the extension object and the complex
/// attribute it needs.
pub(crate) fn set_at(map: &mut Map<String, Value>, path: &AttrPath<'_>, value: Value) {
    let holder = match extension_uri(path) {
        None => map,
        Some(uri) => {
            let key = key_ci(map, uri).unwrap_or_else(|| uri.to_owned());
            let slot = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            match slot.as_object_mut() {
                Some(object) => object,
                None => return,
            }
        }
    };
    match path.sub_attr() {
        None => set_ci(holder, path.name(), value),
        Some(sub) => {
            let key = key_ci(holder, path.name()).unwrap_or_else(|| path.name().to_owned());
            let slot = holder
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Some(object) = slot.as_object_mut() {
                set_ci(object, sub, value);
            }
        }
    }
}

/// A leaf value as text: strings as they are, numbers and booleans printed.
pub(crate) fn leaf_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    fn path(text: &str) -> AttrPath<'_> {
        AttrPath::parse(text).unwrap()
    }

    #[test]
    fn reads_set_and_removes_through_extensions() {
        let mut map = json!({
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "roles": [{"value": "a"}, {"value": "b"}],
            ENTERPRISE: {"department": "Sales"},
        })
        .as_object()
        .cloned()
        .unwrap();
        let dept = format!("{ENTERPRISE}:department");
        assert_eq!(values_at(&map, &path(&dept)), vec![&json!("Sales")]);
        assert_eq!(values_at(&map, &path("roles.value")).len(), 2);
        assert_eq!(
            value_at(&map, &path("NAME.givenname")),
            Some(&json!("Barbara"))
        );

        remove_at(&mut map, &path(&dept));
        assert!(!map.contains_key(ENTERPRISE));
        remove_at(&mut map, &path("name.givenName"));
        remove_at(&mut map, &path("name.familyName"));
        assert!(!map.contains_key("name"));
        remove_at(&mut map, &path("roles.value"));
        assert!(!map.contains_key("roles"));

        set_at(&mut map, &path(&dept), json!("Ops"));
        set_at(&mut map, &path("name.givenName"), json!("B"));
        assert_eq!(map[ENTERPRISE]["department"], "Ops");
        assert_eq!(map["name"]["givenName"], "B");
        let core = format!("{USER_SCHEMA}:title");
        set_at(&mut map, &path(&core), json!("Boss"));
        assert_eq!(map["title"], "Boss");
    }
}
