//! A Group's `members` (RFC 7643 §4.2): the User ids a Group names, the ids a PATCH
//! mentions, and how a write changes the members ([`MemberDiff`]).

use scim_core::ScimError;
use scim_core::patch::PatchRequest;
use scim_core::resource::Resource;
use serde_json::Value;

use crate::mapping::customer::customer_gid;

/// The customer ids (numeric, as SCIM `id`s) a Group's `members` name, in order and without
/// repeats. A member is `{"value": "<User id>"}` with an optional `type` that must be `User`
/// (RFC 7643 §4.2: `type` is "User" or "Group"; nested groups are not kept in Shopify).
///
/// # Errors
///
/// 400 `invalidValue` naming the member: a `Group` member, another `type`, a member without
/// a `value`, or a `value` that cannot be a customer id.
///
/// ```
/// use scim_core::resource::Resource;
/// use scim_shopify::mapping::member_ids;
/// use serde_json::json;
///
/// let group = Resource::from_json(json!({"displayName": "Sales", "members": [
///     {"value": "7"}, {"value": "9", "type": "User"}, {"value": "7"},
/// ]}))?;
/// assert_eq!(member_ids(&group)?, ["7", "9"]);
///
/// let nested = Resource::from_json(json!({"displayName": "All", "members": [
///     {"value": "12", "type": "Group"},
/// ]}))?;
/// assert_eq!(member_ids(&nested).unwrap_err().status(), 400);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub fn member_ids(group: &Resource) -> Result<Vec<String>, ScimError> {
    let members = match group.get("members") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(members)) => members,
        Some(_) => return Err(ScimError::invalid_value("members must be an array")),
    };
    let mut ids: Vec<String> = Vec::new();
    for member in members {
        let value = member.get("value").and_then(Value::as_str);
        let kind = member.get("type").and_then(Value::as_str);
        let Some(value) = value else {
            return Err(ScimError::invalid_value(format!(
                "the member {member} has no value (the id of a User)"
            )));
        };
        match kind {
            None => {}
            Some(kind) if kind.eq_ignore_ascii_case("User") => {}
            Some(kind) if kind.eq_ignore_ascii_case("Group") => {
                return Err(ScimError::invalid_value(format!(
                    "the member \"{value}\" is a Group: nested groups are not supported by the \
                     Shopify store; add the nested group's Users instead"
                )));
            }
            Some(kind) => {
                return Err(ScimError::invalid_value(format!(
                    "the member \"{value}\" has the type \"{kind}\"; only User members are \
                     supported"
                )));
            }
        }
        if customer_gid(value).is_none() {
            return Err(not_a_user(value));
        }
        if !ids.iter().any(|id| id == value) {
            ids.push(value.to_owned());
        }
    }
    Ok(ids)
}

/// 400 `invalidValue`: `value` names no User of the store.
pub(crate) fn not_a_user(value: &str) -> ScimError {
    ScimError::invalid_value(format!(
        "the member \"{value}\" is not a User of this store"
    ))
}

/// Every customer id a PATCH request names: the strings of its values and the quoted
/// literals of its paths (`members[value eq "7"]`) that can be customer ids. A superset of
/// the members it adds or removes, so the store can read their tags directly instead of
/// trusting the lagging search.
///
/// ```
/// use scim_core::patch::PatchRequest;
/// use scim_shopify::mapping::mentioned_ids;
/// use serde_json::json;
///
/// let request = PatchRequest::from_json(json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
///     "Operations": [
///         {"op": "Remove", "path": "members", "value": [{"value": "7"}]},
///         {"op": "remove", "path": "members[value eq \"9\"]"},
///         {"op": "replace", "path": "displayName", "value": "Sales 2"},
///     ],
/// }))?;
/// assert_eq!(mentioned_ids(&request), ["7", "9"]);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub fn mentioned_ids(request: &PatchRequest) -> Vec<String> {
    let mut found = Vec::new();
    for operation in request.operations() {
        if let Some(value) = operation.value() {
            strings(value, &mut found);
        }
        if let Some(path) = operation.path() {
            let text = path.to_string();
            found.extend(text.split('"').skip(1).step_by(2).map(str::to_owned));
        }
    }
    let mut ids: Vec<String> = Vec::new();
    for id in found {
        if customer_gid(&id).is_some() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// How a write changes a group's members.
///
/// ```
/// use scim_shopify::mapping::MemberDiff;
///
/// let diff = MemberDiff::between(&["1".into(), "2".into()], &["2".into(), "3".into()]);
/// assert_eq!((diff.added, diff.kept, diff.removed), (vec!["3".into()], vec!["2".into()], vec!["1".into()]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberDiff {
    /// Members that join.
    pub added: Vec<String>,
    /// Members that stay.
    pub kept: Vec<String>,
    /// Members that leave.
    pub removed: Vec<String>,
}

impl MemberDiff {
    /// The change from `current` to `wanted` members.
    ///
    /// See [`MemberDiff`] for an example.
    pub fn between(current: &[String], wanted: &[String]) -> MemberDiff {
        MemberDiff {
            added: wanted
                .iter()
                .filter(|id| !current.contains(id))
                .cloned()
                .collect(),
            kept: wanted
                .iter()
                .filter(|id| current.contains(id))
                .cloned()
                .collect(),
            removed: current
                .iter()
                .filter(|id| !wanted.contains(id))
                .cloned()
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_without_value_or_with_bad_ids_are_refused_naming_them() {
        for members in [
            json!([{"display": "Ada"}]),
            json!([{"value": "not-a-number"}]),
            json!([{"value": "7", "type": "Device"}]),
        ] {
            let group =
                Resource::from_json(json!({"displayName": "G", "members": members})).unwrap();
            let err = member_ids(&group).unwrap_err();
            assert_eq!(err.status(), 400);
            assert_eq!(err.scim_type(), Some(scim_core::ScimType::InvalidValue));
        }
    }
}
