//! The resources of one resource type: by id, in creation order, and by unique value.

use std::collections::HashMap;

use scim_filter::{CompValue, CompareOp, Filter};
use serde_json::{Map, Value};

use crate::resource::{Attributes, Meta, Resource, Version};
use crate::schema::{Attribute, AttributeType, ResourceView, Uniqueness};
use crate::store::Stored;

/// One stored resource.
#[derive(Debug)]
pub(super) struct Entry {
    /// The creation number: the position in creation order.
    pub(super) seq: u64,
    pub(super) id: String,
    pub(super) meta: Meta,
    /// The whole representation, `id` and `meta` included, so filters (`id eq ...`,
    /// `meta.lastModified gt ...`) and PATCH see what a client sees.
    pub(super) full: Resource,
    /// The keys this resource holds in its partition's unique indexes.
    pub(super) keys: Vec<UniqueKey>,
}

impl Entry {
    /// A new entry; `full`'s `id` and `meta` are set from `id` and `meta`.
    pub(super) fn new(
        seq: u64,
        id: String,
        meta: Meta,
        mut full: Resource,
        keys: Vec<UniqueKey>,
    ) -> Self {
        full.set_id(id.clone());
        full.set_meta(&meta);
        Entry {
            seq,
            id,
            meta,
            full,
            keys,
        }
    }

    /// What the store answers: a copy.
    pub(super) fn stored(&self) -> Stored {
        Stored::new(self.id.clone(), self.meta.clone(), self.full.clone())
    }

    /// A new version and `lastModified`, in `meta` and in the representation.
    pub(super) fn touch(&mut self, version: Version, now: chrono::DateTime<chrono::Utc>) {
        self.meta.version = Some(version);
        self.meta.last_modified = now;
        self.full.set_meta(&self.meta);
    }
}

impl Attributes for Entry {
    fn attributes(&self) -> &Map<String, Value> {
        self.full.as_map()
    }
}

/// A value of an attribute that is unique (RFC 7643 §2.2 `uniqueness`), as its index keys
/// it: the attribute's name as the schema spells it, and the value, case-folded unless the
/// attribute is `caseExact`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UniqueKey {
    pub(super) attribute: String,
    pub(super) key: String,
}

/// The attributes of `view`'s core schema whose values the store keeps unique: `uniqueness`
/// `server` or `global` (the store is the whole service), single-valued and simple. `id`
/// is unique by construction and not indexed here.
pub(super) fn unique_attributes<'r>(
    view: &ResourceView<'r>,
) -> impl Iterator<Item = &'r Attribute> + 'r {
    view.core_schema().attributes.iter().filter(|attribute| {
        attribute.uniqueness != Uniqueness::None
            && !attribute.multi_valued
            && attribute.attr_type != AttributeType::Complex
            && !attribute.name.eq_ignore_ascii_case("id")
    })
}

/// The unique-index keys of `resource` under `view`'s schema.
pub(super) fn unique_keys(view: &ResourceView<'_>, resource: &Resource) -> Vec<UniqueKey> {
    unique_attributes(view)
        .filter_map(|attribute| {
            let value = resource.get(&attribute.name)?;
            (!value.is_null()).then(|| UniqueKey {
                attribute: attribute.name.clone(),
                key: index_key(attribute, value),
            })
        })
        .collect()
}

/// How the index keys `value`: strings case-folded as the filter's `eq` folds them (each
/// character's Unicode lowercase, RFC 7643 §2.2) unless `caseExact`, other values as JSON.
fn index_key(attribute: &Attribute, value: &Value) -> String {
    match value {
        Value::String(text) if attribute.case_exact => text.clone(),
        Value::String(text) => fold(text),
        other => other.to_string(),
    }
}

/// Case folding as `scim_filter` compares strings that are not `caseExact`.
fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The resources of one type.
#[derive(Debug, Default)]
pub(super) struct Partition {
    entries: HashMap<String, Entry>,
    /// `(creation number, id)` in creation order: the stable order of unsorted lists, and
    /// positional access to one page. Removal shifts the tail (a `memmove` of 32 bytes per
    /// later resource).
    order: Vec<(u64, String)>,
    /// Per unique attribute: key -> id.
    unique: HashMap<String, HashMap<String, String>>,
}

impl Partition {
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }

    pub(super) fn get_mut(&mut self, id: &str) -> Option<&mut Entry> {
        self.entries.get_mut(id)
    }

    /// The resource, other than `except`, that holds one of `keys`, with the key it holds.
    pub(super) fn taken<'k>(
        &self,
        keys: &'k [UniqueKey],
        except: Option<&str>,
    ) -> Option<&'k UniqueKey> {
        keys.iter().find(|key| {
            self.unique
                .get(&key.attribute)
                .and_then(|index| index.get(&key.key))
                .is_some_and(|owner| Some(owner.as_str()) != except)
        })
    }

    /// Adds a new resource, last in creation order. Its keys must be free ([`Self::taken`]).
    pub(super) fn insert(&mut self, entry: Entry) {
        self.index(&entry.id, &entry.keys);
        self.order.push((entry.seq, entry.id.clone()));
        self.entries.insert(entry.id.clone(), entry);
    }

    /// Puts `entry` in the place of the resource with its id, which must exist, re-indexing
    /// its unique values; its creation number stays.
    pub(super) fn replace(&mut self, entry: Entry) {
        if let Some(old) = self.entries.get(&entry.id) {
            let old_keys = old.keys.clone();
            self.unindex(&entry.id, &old_keys);
        }
        self.index(&entry.id, &entry.keys);
        self.entries.insert(entry.id.clone(), entry);
    }

    /// Removes the resource `id`: O(log n) to find its place in creation order, then the
    /// shift of the later ones.
    pub(super) fn remove(&mut self, id: &str) -> Option<Entry> {
        let entry = self.entries.remove(id)?;
        self.unindex(id, &entry.keys);
        if let Ok(position) = self.order.binary_search_by_key(&entry.seq, |(seq, _)| *seq) {
            self.order.remove(position);
        }
        Some(entry)
    }

    fn index(&mut self, id: &str, keys: &[UniqueKey]) {
        for key in keys {
            self.unique
                .entry(key.attribute.clone())
                .or_default()
                .insert(key.key.clone(), id.to_owned());
        }
    }

    fn unindex(&mut self, id: &str, keys: &[UniqueKey]) {
        for key in keys {
            if let Some(index) = self.unique.get_mut(&key.attribute)
                && index.get(&key.key).is_some_and(|owner| owner == id)
            {
                index.remove(&key.key);
            }
        }
    }

    /// Every resource, in creation order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.order.iter().map(|(_, id)| &self.entries[id])
    }

    /// The resources at `range` of creation order (within `0..len`).
    pub(super) fn range(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = &Entry> {
        self.order[range].iter().map(|(_, id)| &self.entries[id])
    }

    /// When `filter` is an `eq` on a unique string attribute (`userName eq "bjensen"`),
    /// alone or as a term of a top-level `and`, the at most one resource that can match, from
    /// the index; `None` when the index cannot answer and every resource must be tried.
    pub(super) fn candidate(
        &self,
        view: &ResourceView<'_>,
        filter: &Filter<'_>,
    ) -> Option<Option<&Entry>> {
        match filter {
            Filter::Compare {
                path,
                op: CompareOp::Equal,
                value: CompValue::String(wanted),
            } if path.sub_attr().is_none()
                && path
                    .uri()
                    .is_none_or(|uri| uri.eq_ignore_ascii_case(&view.core_schema().id)) =>
            {
                let attribute = unique_attributes(view).find(|attribute| {
                    attribute.attr_type == AttributeType::String
                        && attribute.name.eq_ignore_ascii_case(path.name())
                })?;
                let key = index_key(attribute, &Value::String(wanted.to_string()));
                Some(
                    self.unique
                        .get(&attribute.name)
                        .and_then(|index| index.get(&key))
                        .and_then(|id| self.entries.get(id)),
                )
            }
            Filter::And(terms) => terms.iter().find_map(|term| self.candidate(view, term)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::json;

    use super::*;
    use crate::schema::SchemaRegistry;

    fn partition(view: &ResourceView<'_>, names: &[&str]) -> Partition {
        let mut partition = Partition::default();
        for (seq, name) in names.iter().enumerate() {
            let resource = Resource::from_json(json!({"userName": name})).unwrap();
            let keys = unique_keys(view, &resource);
            let now = Utc::now();
            let meta = Meta {
                resource_type: "User".into(),
                created: now,
                last_modified: now,
                location: None,
                version: Some(Version::new("1")),
            };
            partition.insert(Entry::new(
                seq as u64,
                format!("id{seq}"),
                meta,
                resource,
                keys,
            ));
        }
        partition
    }

    fn candidate<'p>(
        partition: &'p Partition,
        view: &ResourceView<'_>,
        filter: &str,
    ) -> Option<Option<&'p str>> {
        let filter = scim_filter::parse_filter(filter).unwrap();
        partition
            .candidate(view, &filter)
            .map(|entry| entry.map(|entry| entry.id.as_str()))
    }

    #[test]
    fn user_name_eq_is_answered_by_the_index() {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let partition = partition(&view, &["bjensen", "Ödön", "jsmith"]);
        assert_eq!(
            candidate(&partition, &view, r#"userName eq "BJENSEN""#),
            Some(Some("id0"))
        );
        assert_eq!(
            candidate(&partition, &view, r#"username eq "öDÖN""#),
            Some(Some("id1"))
        );
        assert_eq!(
            candidate(&partition, &view, r#"userName eq "nobody""#),
            Some(None)
        );
        assert_eq!(
            candidate(&partition, &view, r#"title pr and userName eq "jsmith""#),
            Some(Some("id2"))
        );
        assert_eq!(
            candidate(
                &partition,
                &view,
                r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "jsmith""#
            ),
            Some(Some("id2"))
        );
    }

    #[test]
    fn other_filters_are_not() {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let partition = partition(&view, &["bjensen"]);
        for filter in [
            r#"userName eq "bjensen" or title pr"#,
            r#"userName sw "bj""#,
            r#"not (userName eq "bjensen")"#,
            r#"displayName eq "bjensen""#,
            r#"emails[value eq "bjensen"]"#,
            r#"urn:example:other:userName eq "bjensen""#,
        ] {
            assert_eq!(candidate(&partition, &view, filter), None, "{filter}");
        }
    }

    #[test]
    fn removal_frees_keys_and_keeps_creation_order() {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let mut partition = partition(&view, &["a", "b", "c"]);
        partition.remove("id1").unwrap();
        let order: Vec<&str> = partition.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(order, ["id0", "id2"]);
        assert_eq!(partition.len(), 2);
        let key = [UniqueKey {
            attribute: "userName".into(),
            key: "b".into(),
        }];
        assert!(partition.taken(&key, None).is_none());
        let key = [UniqueKey {
            attribute: "userName".into(),
            key: "c".into(),
        }];
        assert!(partition.taken(&key, None).is_some());
        assert!(partition.taken(&key, Some("id2")).is_none());
    }
}
