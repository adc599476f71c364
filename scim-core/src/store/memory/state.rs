//! Everything an [`InMemoryStore`](super::InMemoryStore) keeps, and its operations, run
//! under the store's lock.

use std::collections::HashMap;

use chrono::Utc;

use super::ids::IdSource;
use super::members::{GROUP, Memberships, USER, member_ids};
use super::partition::{Entry, Partition, unique_keys};
use crate::error::ScimError;
use crate::patch::{PatchRequest, apply};
use crate::query::{ListQuery, Page, Window, select};
use crate::resource::{Meta, Resource, Version};
use crate::schema::ResourceView;
use crate::store::Stored;

#[derive(Debug)]
pub(super) struct State {
    pub(super) ids: IdSource,
    /// The resources, by resource type name.
    types: HashMap<String, Partition>,
    /// Which groups each user or group is a direct member of.
    pub(super) memberships: Memberships,
}

fn not_found(view: &ResourceView<'_>, id: &str) -> ScimError {
    ScimError::not_found(format!("{} {id} not found", view.resource_type().name))
}

fn check_version(entry: &Entry, expected: Option<&Version>) -> Result<(), ScimError> {
    match expected {
        Some(expected) if entry.meta.version.as_ref() != Some(expected) => {
            Err(ScimError::precondition_failed(format!(
                "the resource {} has changed since version {expected} was read",
                entry.id
            )))
        }
        _ => Ok(()),
    }
}

/// Drops what the store maintains itself: `id`, `meta`, and a User's read-only `groups`.
fn strip(view: &ResourceView<'_>, resource: &mut Resource) {
    resource.remove("id");
    resource.remove("meta");
    if view.resource_type().name == USER {
        resource.remove("groups");
    }
}

fn uniqueness_error(key: &super::partition::UniqueKey, resource: &Resource) -> ScimError {
    let value = resource
        .get(&key.attribute)
        .map_or_else(String::new, |value| match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        });
    ScimError::uniqueness(format!("{} `{value}` is already in use", key.attribute))
}

impl State {
    pub(super) fn new() -> Self {
        State {
            ids: IdSource::new(),
            types: HashMap::new(),
            memberships: Memberships::new(),
        }
    }

    pub(super) fn entry(&self, resource_type: &str, id: &str) -> Option<&Entry> {
        self.types.get(resource_type)?.get(id)
    }

    pub(super) fn entry_mut(&mut self, resource_type: &str, id: &str) -> Option<&mut Entry> {
        self.types.get_mut(resource_type)?.get_mut(id)
    }

    pub(super) fn len(&self, resource_type: &str) -> usize {
        self.types.get(resource_type).map_or(0, Partition::len)
    }

    pub(super) fn create(
        &mut self,
        view: &ResourceView<'_>,
        mut resource: Resource,
    ) -> Result<Stored, ScimError> {
        let name = &view.resource_type().name;
        strip(view, &mut resource);
        let keys = unique_keys(view, &resource);
        if let Some(taken) = self.types.get(name).and_then(|p| p.taken(&keys, None)) {
            return Err(uniqueness_error(taken, &resource));
        }
        let members = if name == GROUP {
            self.resolve_members(None, &mut resource)?
        } else {
            Vec::new()
        };

        let (seq, id) = self.ids.next_id();
        let now = Utc::now();
        let meta = Meta {
            resource_type: name.clone(),
            created: now,
            last_modified: now,
            location: None,
            version: Some(self.ids.next_version()),
        };
        let entry = Entry::new(seq, id.clone(), meta, resource, keys);
        let stored = entry.stored();
        self.types.entry(name.clone()).or_default().insert(entry);
        if name == GROUP {
            self.set_members(seq, &id, &[], &members, false, now);
        }
        Ok(stored)
    }

    pub(super) fn get(&self, view: &ResourceView<'_>, id: &str) -> Result<Stored, ScimError> {
        self.entry(&view.resource_type().name, id)
            .map(Entry::stored)
            .ok_or_else(|| not_found(view, id))
    }

    pub(super) fn replace(
        &mut self,
        view: &ResourceView<'_>,
        id: &str,
        mut resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, ScimError> {
        let name = &view.resource_type().name;
        let partition = self.types.get(name);
        let current = partition
            .and_then(|p| p.get(id))
            .ok_or_else(|| not_found(view, id))?;
        check_version(current, expected)?;
        strip(view, &mut resource);
        let keys = unique_keys(view, &resource);
        if let Some(taken) = partition.and_then(|p| p.taken(&keys, Some(id))) {
            return Err(uniqueness_error(taken, &resource));
        }
        let (seq, created) = (current.seq, current.meta.created);
        let old_display = current.full.get("displayName").cloned();
        let (old_members, members) = if name == GROUP {
            let old = member_ids(&current.full);
            (old, self.resolve_members(Some(id), &mut resource)?)
        } else {
            (Vec::new(), Vec::new())
        };
        if name == USER
            && let Some(groups) = self.groups_of(id)
        {
            resource.set("groups", groups);
        }

        let now = Utc::now();
        let meta = Meta {
            resource_type: name.clone(),
            created,
            last_modified: now,
            location: None,
            version: Some(self.ids.next_version()),
        };
        let renamed = resource.get("displayName") != old_display.as_ref();
        let entry = Entry::new(seq, id.to_owned(), meta, resource, keys);
        let stored = entry.stored();
        if let Some(partition) = self.types.get_mut(name) {
            partition.replace(entry);
        }
        if name == GROUP {
            self.set_members(seq, id, &old_members, &members, renamed, now);
        }
        Ok(stored)
    }

    /// PATCH as one read-apply-write under the lock: no other write can come between.
    pub(super) fn patch(
        &mut self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, ScimError> {
        let current = self
            .entry(&view.resource_type().name, id)
            .ok_or_else(|| not_found(view, id))?;
        check_version(current, expected)?;
        let patched = apply(view, request, current.full.clone())?;
        if !patched.changed {
            return Ok(current.stored());
        }
        self.replace(view, id, patched.resource, None)
    }

    pub(super) fn delete(
        &mut self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), ScimError> {
        let name = &view.resource_type().name;
        let current = self.entry(name, id).ok_or_else(|| not_found(view, id))?;
        check_version(current, expected)?;
        let Some(removed) = self.types.get_mut(name).and_then(|p| p.remove(id)) else {
            return Err(not_found(view, id));
        };
        let now = Utc::now();
        if name == GROUP {
            self.dissolve(removed.seq, &member_ids(&removed.full), now);
        }
        self.leave_all_groups(id, now);
        Ok(())
    }

    pub(super) fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, ScimError> {
        let empty = Partition::default();
        let partition = self.types.get(&view.resource_type().name).unwrap_or(&empty);
        let page = match (&query.filter, &query.sort_by) {
            // The stable order is creation order: only the page is read.
            (None, None) => {
                let window = Window::new(view, query, partition.len())?;
                let resources = partition.range(window.range()).map(Entry::stored).collect();
                return Ok(window.into_page(resources));
            }
            // `userName eq "..."`: at most one candidate, from the index. `select` still
            // checks the filter and `sortBy` and evaluates the whole filter on it.
            (Some(filter), _) => match partition.candidate(view, filter) {
                Some(candidate) => select(view, candidate, query)?,
                None => select(view, partition.iter(), query)?,
            },
            (None, Some(_)) => select(view, partition.iter(), query)?,
        };
        Ok(page.map(Entry::stored))
    }
}
