//! What membership bookkeeping is built on (RFC 7643 §4.1, §4.2): the two resource types
//! that hold members, the map of who is whose member, and the member ids a stored group
//! names, read from its JSON in whatever case its keys are written.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::resource::Resource;

/// The resource type whose resources are users (RFC 7643 §4.1, §8.6).
pub(super) const USER: &str = "User";
/// The resource type whose resources are groups and have `members` (RFC 7643 §4.2, §8.6).
pub(super) const GROUP: &str = "Group";

/// For each resource that is a member of groups: the groups, by creation number (so a
/// user's `groups` lists them in the order they were created).
pub(super) type Memberships = std::collections::HashMap<String, BTreeMap<u64, String>>;

/// The key of `name` in `object`, in whatever case it is written (RFC 7643 §2.1).
pub(super) fn key_of(object: &Map<String, Value>, name: &str) -> Option<String> {
    object
        .keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
}

pub(super) fn get<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The ids of the members of a stored group, in order.
pub(super) fn member_ids(group: &Resource) -> Vec<String> {
    group
        .get("members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|member| member.as_object().and_then(|m| get(m, "value")))
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}
