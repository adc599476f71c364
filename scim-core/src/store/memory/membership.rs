//! Group membership (RFC 7643 §4.2 `members`, §4.1.2 a User's `groups`): members resolved to
//! the users and groups of the store, and each user's `groups` kept in step.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::members::{GROUP, USER, get, key_of};
use super::partition::Entry;
use super::state::State;
use crate::error::ScimError;
use crate::resource::Resource;

/// What a member's `display` is filled with: a user's `displayName`, else its `userName`;
/// a group's `displayName`.
fn display_of(entry: &Entry) -> Option<Value> {
    entry
        .full
        .get("displayName")
        .or_else(|| entry.full.get("userName"))
        .filter(|value| value.is_string())
        .cloned()
}

impl State {
    /// Checks the `members` of a group about to be written (`group_id`: its id on a replace)
    /// and completes them: each `value` must be the id of a User or Group of this store
    /// (else `invalidValue` naming it), a `type` given must be the right one, `type` and
    /// `display` are filled when missing, a member listed twice is kept once. A group
    /// cannot be its own member. Returns the member ids, in order.
    pub(super) fn resolve_members(
        &self,
        group_id: Option<&str>,
        group: &mut Resource,
    ) -> Result<Vec<String>, ScimError> {
        let Some(key) = key_of(group.as_map(), "members") else {
            return Ok(Vec::new());
        };
        let members = match group.as_map_mut().remove(&key) {
            Some(Value::Array(members)) => members,
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err(ScimError::invalid_value("`members` must be an array")),
        };
        let mut seen = HashSet::new();
        let mut ids = Vec::with_capacity(members.len());
        let mut kept = Vec::with_capacity(members.len());
        for member in members {
            let Value::Object(mut member) = member else {
                return Err(ScimError::invalid_value(
                    "each of `members` must be an object with a `value`",
                ));
            };
            let Some(id) = get(&member, "value")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                return Err(ScimError::invalid_value(
                    "each of `members` needs a `value`: the id of a User or a Group",
                ));
            };
            if Some(id.as_str()) == group_id {
                return Err(ScimError::invalid_value(format!(
                    "members: the group `{id}` cannot be a member of itself"
                )));
            }
            let (kind, entry) = match self.entry(USER, &id) {
                Some(user) => (USER, user),
                None => match self.entry(GROUP, &id) {
                    Some(group) => (GROUP, group),
                    None => {
                        return Err(ScimError::invalid_value(format!(
                            "members: `{id}` is not the id of a User or a Group"
                        )));
                    }
                },
            };
            match key_of(&member, "type") {
                Some(type_key) => {
                    let given = member.get(&type_key).and_then(Value::as_str).unwrap_or("");
                    if !given.eq_ignore_ascii_case(kind) {
                        return Err(ScimError::invalid_value(format!(
                            "members: `{id}` is a {kind}, not a {given}"
                        )));
                    }
                    member.insert(type_key, json!(kind));
                }
                None => {
                    member.insert("type".into(), json!(kind));
                }
            }
            if key_of(&member, "display").is_none()
                && let Some(display) = display_of(entry)
            {
                member.insert("display".into(), display);
            }
            if seen.insert(id.clone()) {
                ids.push(id);
                kept.push(Value::Object(member));
            }
        }
        if !kept.is_empty() {
            group.as_map_mut().insert(key, Value::Array(kept));
        }
        Ok(ids)
    }

    /// Records that the group (`group_seq`, `group_id`) now has `new` members instead of
    /// `old`, and brings the `groups` of the users concerned up to date.
    pub(super) fn set_members(
        &mut self,
        group_seq: u64,
        group_id: &str,
        old: &[String],
        new: &[String],
        renamed: bool,
        now: DateTime<Utc>,
    ) {
        let old_set: HashSet<&String> = old.iter().collect();
        let new_set: HashSet<&String> = new.iter().collect();
        for gone in old.iter().filter(|id| !new_set.contains(id)) {
            self.forget_membership(gone, group_seq);
            self.refresh_groups(gone, now);
        }
        for added in new.iter().filter(|id| !old_set.contains(id)) {
            self.memberships
                .entry(added.clone())
                .or_default()
                .insert(group_seq, group_id.to_owned());
            self.refresh_groups(added, now);
        }
        if renamed {
            for kept in new.iter().filter(|id| old_set.contains(id)) {
                self.refresh_groups(kept, now);
            }
        }
    }

    fn forget_membership(&mut self, member: &str, group_seq: u64) {
        if let Some(groups) = self.memberships.get_mut(member) {
            groups.remove(&group_seq);
            if groups.is_empty() {
                self.memberships.remove(member);
            }
        }
    }

    /// The `groups` of user `user_id` (RFC 7643 §4.1.2): the groups that have it as a
    /// direct member. `None` when there are none.
    pub(super) fn groups_of(&self, user_id: &str) -> Option<Value> {
        let groups: Vec<Value> = self
            .memberships
            .get(user_id)?
            .values()
            .filter_map(|group_id| {
                let group = self.entry(GROUP, group_id)?;
                let mut value = Map::new();
                value.insert("value".into(), json!(group_id));
                if let Some(display) = display_of(group) {
                    value.insert("display".into(), display);
                }
                value.insert("type".into(), json!("direct"));
                Some(Value::Object(value))
            })
            .collect();
        (!groups.is_empty()).then_some(Value::Array(groups))
    }

    /// Rewrites the `groups` of `id` if it is a user and they changed; a change is a new
    /// version of the user, with a new `lastModified`.
    pub(super) fn refresh_groups(&mut self, id: &str, now: DateTime<Utc>) {
        let groups = self.groups_of(id);
        let Some(user) = self.entry(USER, id) else {
            return;
        };
        if user.full.get("groups") == groups.as_ref() {
            return;
        }
        let version = self.ids.next_version();
        let Some(user) = self.entry_mut(USER, id) else {
            return;
        };
        match groups {
            Some(groups) => user.full.set("groups", groups),
            None => {
                user.full.remove("groups");
            }
        }
        user.touch(version, now);
    }

    /// Takes the deleted resource `id` (a user or a group) out of every group that has it
    /// as a member; each such group gets a new version.
    pub(super) fn leave_all_groups(&mut self, id: &str, now: DateTime<Utc>) {
        let Some(groups) = self.memberships.remove(id) else {
            return;
        };
        for group_id in groups.into_values() {
            if self.entry(GROUP, &group_id).is_none() {
                continue;
            }
            let version = self.ids.next_version();
            let Some(group) = self.entry_mut(GROUP, &group_id) else {
                continue;
            };
            let Some(key) = key_of(group.full.as_map(), "members") else {
                continue;
            };
            let map = group.full.as_map_mut();
            if let Some(Value::Array(members)) = map.get_mut(&key) {
                members.retain(|member| {
                    member
                        .as_object()
                        .and_then(|m| get(m, "value"))
                        .and_then(Value::as_str)
                        != Some(id)
                });
                if members.is_empty() {
                    map.remove(&key);
                }
            }
            group.touch(version, now);
        }
    }

    /// Forgets the memberships of the deleted group (`group_seq`) and updates the `groups`
    /// of its members.
    pub(super) fn dissolve(&mut self, group_seq: u64, members: &[String], now: DateTime<Utc>) {
        for member in members {
            self.forget_membership(member, group_seq);
            self.refresh_groups(member, now);
        }
    }
}
