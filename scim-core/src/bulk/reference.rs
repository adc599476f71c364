//! `bulkId` references (RFC 7644 §3.7.2): the `"bulkId:<id>"` strings that stand for the id
//! of a resource a POST of the same bulk request creates, finding them and replacing them.
//!
//! JSON is walked with an explicit stack, never by recursion, so that no input can exhaust
//! the call stack.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::error::ScimError;

/// What a string value starts with to refer to a `bulkId` (RFC 7644 §3.7.2): the bulkId
/// `qwerty` is referred to as `"bulkId:qwerty"`.
pub const BULK_ID_PREFIX: &str = "bulkId:";

/// The bulkId that `text` refers to, if it is a reference (RFC 7644 §3.7.2). The whole
/// string is the reference; the prefix is case-sensitive, as the RFC spells it.
///
/// ```
/// use scim_core::bulk::bulk_id_reference;
///
/// assert_eq!(bulk_id_reference("bulkId:qwerty"), Some("qwerty"));
/// assert_eq!(bulk_id_reference("92b725cd-9465-4e7d-8c16-01f8e146b87a"), None);
/// assert_eq!(bulk_id_reference("see bulkId:qwerty"), None);
/// ```
pub fn bulk_id_reference(text: &str) -> Option<&str> {
    text.strip_prefix(BULK_ID_PREFIX)
}

/// Every bulkId that a string value anywhere in `value` refers to (RFC 7644 §3.7.2): member
/// values of objects and elements of arrays at any depth, never object keys. Each bulkId is
/// listed once, in the order the walk first meets it (object members in key order).
///
/// ```
/// use scim_core::bulk::references;
///
/// let group = serde_json::json!({
///     "displayName": "Tour Guides",
///     "members": [{"type": "User", "value": "bulkId:qwerty"}, {"value": "bulkId:qwerty"}],
///     "urn:example:ext": {"nested": [["bulkId:ytrewq"]]},
/// });
/// assert_eq!(references(&group), ["qwerty", "ytrewq"]);
/// ```
pub fn references(value: &Value) -> Vec<&str> {
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) => {
                if let Some(bulk_id) = bulk_id_reference(text)
                    && seen.insert(bulk_id)
                {
                    found.push(bulk_id);
                }
            }
            // Pushed in reverse, so that they are popped in document order.
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(members) => stack.extend(members.values().rev()),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    found
}

/// Whether `value` holds a reference to any of `bulk_ids`.
pub(crate) fn refers_to_any(value: &Value, bulk_ids: &HashSet<&str>) -> bool {
    references(value)
        .into_iter()
        .any(|bulk_id| bulk_ids.contains(bulk_id))
}

/// The ids of the resources that the POSTs of one bulk request created, by bulkId, and the
/// substitution of those ids for the references to them (RFC 7644 §3.7.2: "The service
/// provider MUST replace the string `bulkId:qwerty` with the permanent resource id once
/// created").
///
/// ```
/// use scim_core::bulk::BulkIds;
/// use serde_json::json;
///
/// let mut ids = BulkIds::new();
/// ids.insert("qwerty", "92b725cd-9465-4e7d-8c16-01f8e146b87a");
///
/// let mut group = json!({"members": [{"type": "User", "value": "bulkId:qwerty"}]});
/// ids.substitute(&mut group)?;
/// assert_eq!(group["members"][0]["value"], "92b725cd-9465-4e7d-8c16-01f8e146b87a");
///
/// let mut other = json!({"members": [{"value": "bulkId:ytrewq"}]});
/// let err = ids.substitute(&mut other).unwrap_err();
/// assert_eq!(err.status(), http::StatusCode::CONFLICT);
/// assert_eq!(other["members"][0]["value"], "bulkId:ytrewq"); // unchanged
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkIds {
    ids: HashMap<String, String>,
}

impl BulkIds {
    /// No ids yet.
    pub fn new() -> Self {
        BulkIds::default()
    }

    /// Records that the POST with `bulk_id` created the resource `id`.
    pub fn insert(&mut self, bulk_id: impl Into<String>, id: impl Into<String>) {
        self.ids.insert(bulk_id.into(), id.into());
    }

    /// The id of the resource the POST with `bulk_id` created, if it did.
    pub fn get(&self, bulk_id: &str) -> Option<&str> {
        self.ids.get(bulk_id).map(String::as_str)
    }

    /// How many resources are recorded.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Replaces every reference in `value` (as [`references`] finds them) with the id it
    /// stands for. If any reference has no id, nothing is changed and the answer is 409
    /// naming the first such bulkId.
    pub fn substitute(&self, value: &mut Value) -> Result<(), ScimError> {
        if let Some(missing) = references(value)
            .into_iter()
            .find(|bulk_id| !self.ids.contains_key(*bulk_id))
        {
            return Err(ScimError::conflict(format!(
                "`{BULK_ID_PREFIX}{missing}` names no resource created in this bulk request"
            )));
        }
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            match value {
                Value::String(text) => {
                    if let Some(id) = bulk_id_reference(text).and_then(|b| self.ids.get(b)) {
                        *text = id.clone();
                    }
                }
                Value::Array(items) => stack.extend(items.iter_mut()),
                Value::Object(members) => stack.extend(members.values_mut()),
                Value::Null | Value::Bool(_) | Value::Number(_) => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn rfc7644_s3_7_2_references_in_nested_arrays_and_extensions() {
        let data = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "bob",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "manager": {"value": "bulkId:alice"}
            },
            "x-deep": [[[{"a": ["bulkId:carol", {"b": "bulkId:alice"}]}]]],
            "bulkId:not-a-reference-as-a-key": 1,
            "almost": "BULKID:dave",
        });
        assert_eq!(references(&data), ["alice", "carol"]);
    }

    #[test]
    fn rfc7644_s3_7_2_substitution_replaces_every_occurrence() {
        let mut ids = BulkIds::new();
        ids.insert("alice", "id-a");
        ids.insert("carol", "id-c");
        let mut data = json!({
            "m": {"value": "bulkId:alice"},
            "deep": [[["bulkId:carol", "bulkId:alice", "bulkId"]]],
            "n": 3,
        });
        ids.substitute(&mut data).unwrap();
        assert_eq!(
            data,
            json!({"m": {"value": "id-a"}, "deep": [[["id-c", "id-a", "bulkId"]]], "n": 3})
        );
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let mut value = json!("bulkId:x");
        for _ in 0..100_000 {
            value = Value::Array(vec![value]);
        }
        assert_eq!(references(&value), ["x"]);
        let mut ids = BulkIds::new();
        ids.insert("x", "1");
        ids.substitute(&mut value).unwrap();
        assert!(references(&value).is_empty());
        // Dropping a deep `Value` recurses in serde_json; unwind it here iteratively.
        while let Value::Array(mut items) = value {
            value = items.pop().unwrap_or(Value::Null);
        }
        assert_eq!(value, json!("1"));
    }
}
