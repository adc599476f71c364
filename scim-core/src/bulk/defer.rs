//! Breaking a cycle of bulkId references (RFC 7644 §3.7.1): a POST is split into the resource
//! it creates without its references into the cycle, and a PATCH that adds them once the
//! resources they name exist.
//!
//! What moves to the PATCH is the smallest piece of the resource that the PATCH `add`
//! operation (§3.5.2.1) can put back unchanged:
//! - in a multi-valued attribute (`members`), the values that hold such a reference; the
//!   others stay, and the PATCH adds the moved ones to the attribute;
//! - any other attribute (`manager`, a string) moves whole;
//! - in an extension (a member named by a URN whose value is an object), the same rules apply
//!   to the extension's attributes, and the PATCH path is `urn:...:attribute`.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::reference::refers_to_any;

/// The URN of PATCH request messages (RFC 7644 §3.5.2).
const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A POST's data split in two.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Split {
    /// What the POST creates: the data without the deferred references.
    pub(super) create: Value,
    /// The PatchOp message that adds them back (its bulkId references still unresolved).
    pub(super) patch: Value,
}

/// Splits `data` (a JSON object) so that no reference to `deferred` is left in what is
/// created; `None` if `data` is not an object or holds no such reference.
pub(super) fn split(data: &Value, deferred: &HashSet<&str>) -> Option<Split> {
    let Value::Object(members) = data else {
        return None;
    };
    let mut create = members.clone();
    let mut operations = Vec::new();
    for (name, value) in members {
        if !refers_to_any(value, deferred) {
            continue;
        }
        match value {
            Value::Object(extension) if is_urn(name) => {
                let mut kept = extension.clone();
                for (attribute, value) in extension {
                    if refers_to_any(value, deferred) {
                        let path = format!("{name}:{attribute}");
                        operations.push(move_out(&mut kept, attribute, value, path, deferred));
                    }
                }
                if kept.is_empty() {
                    create.remove(name);
                } else {
                    create.insert(name.clone(), Value::Object(kept));
                }
            }
            _ => operations.push(move_out(&mut create, name, value, name.clone(), deferred)),
        }
    }
    if operations.is_empty() {
        return None;
    }
    Some(Split {
        create: Value::Object(create),
        patch: json!({"schemas": [PATCH_OP_SCHEMA], "Operations": operations}),
    })
}

/// Takes what refers to `deferred` out of `container[name]` and returns the PATCH `add`
/// operation that puts it back at `path`.
fn move_out(
    container: &mut Map<String, Value>,
    name: &str,
    value: &Value,
    path: String,
    deferred: &HashSet<&str>,
) -> Value {
    let moved = match value {
        Value::Array(items) => {
            let (moved, kept): (Vec<Value>, Vec<Value>) = items
                .iter()
                .cloned()
                .partition(|item| refers_to_any(item, deferred));
            if kept.is_empty() {
                container.remove(name);
            } else {
                container.insert(name.to_owned(), Value::Array(kept));
            }
            Value::Array(moved)
        }
        other => {
            container.remove(name);
            other.clone()
        }
    };
    json!({"op": "add", "path": path, "value": moved})
}

/// Whether a member name is a schema URN (an extension's container, RFC 7643 §3.3).
fn is_urn(name: &str) -> bool {
    name.get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("urn:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deferred<'a>(ids: &[&'a str]) -> HashSet<&'a str> {
        ids.iter().copied().collect()
    }

    #[test]
    fn rfc7644_s3_7_1_group_members_move_to_the_patch() {
        let data = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Group A",
            "members": [
                {"type": "Group", "value": "bulkId:ytrewq"},
                {"type": "User", "value": "2819c223"},
                {"type": "User", "value": "bulkId:alice"},
            ],
        });
        let split = split(&data, &deferred(&["ytrewq"])).unwrap();
        assert_eq!(
            split.create,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "displayName": "Group A",
                "members": [
                    {"type": "User", "value": "2819c223"},
                    {"type": "User", "value": "bulkId:alice"},
                ],
            })
        );
        assert_eq!(
            split.patch,
            json!({
                "schemas": [PATCH_OP_SCHEMA],
                "Operations": [{"op": "add", "path": "members", "value": [
                    {"type": "Group", "value": "bulkId:ytrewq"},
                ]}],
            })
        );
    }

    #[test]
    fn rfc7644_s3_7_1_emptied_attributes_and_extensions_are_removed() {
        let data = json!({
            "userName": "bob",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "manager": {"value": "bulkId:bob"},
            },
            "members": [{"value": "bulkId:bob"}],
            "nickName": "bulkId:bob",
        });
        let split = split(&data, &deferred(&["bob"])).unwrap();
        assert_eq!(split.create, json!({"userName": "bob"}));
        let mut operations = split.patch["Operations"].as_array().unwrap().clone();
        operations.sort_by_key(|op| op["path"].as_str().unwrap_or_default().to_owned());
        assert_eq!(
            operations,
            vec![
                json!({"op": "add", "path": "members", "value": [{"value": "bulkId:bob"}]}),
                json!({"op": "add", "path": "nickName", "value": "bulkId:bob"}),
                json!({"op": "add",
                    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                    "value": {"value": "bulkId:bob"}}),
            ]
        );
    }

    #[test]
    fn nothing_to_split_is_none() {
        let data = json!({"members": [{"value": "bulkId:other"}]});
        assert_eq!(split(&data, &deferred(&["mine"])), None);
        assert_eq!(split(&json!([1]), &deferred(&["mine"])), None);
    }
}
