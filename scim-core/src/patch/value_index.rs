//! Stored values of a multi-valued attribute found by the key of their `value` in a hash
//! index, so that adding or removing many members of a large group stays linear.

use std::collections::HashMap;

use serde_json::Value;

use super::values::{identity_key, same_element};
use crate::schema::Attribute;

/// Above this many element comparisons (stored values × given values), values are found
/// through a [`ValueIndex`] instead of one by one.
pub(super) const INDEX_ABOVE: usize = 1024;

/// Stored values by the key of their `value` ([`identity_key`]), for large arrays.
pub(super) struct ValueIndex {
    by_key: HashMap<String, Vec<usize>>,
}

impl ValueIndex {
    pub(super) fn of(attribute: &Attribute, items: &[Value]) -> Self {
        let mut index = ValueIndex {
            by_key: HashMap::with_capacity(items.len()),
        };
        for (at, item) in items.iter().enumerate() {
            index.insert(attribute, item, at);
        }
        index
    }

    pub(super) fn insert(&mut self, attribute: &Attribute, item: &Value, at: usize) {
        if let Some(key) = identity_key(attribute, item) {
            self.by_key.entry(key).or_default().push(at);
        }
    }

    /// The stored value that is [`same_element`] as `item`.
    pub(super) fn find(
        &self,
        attribute: &Attribute,
        items: &[Value],
        item: &Value,
    ) -> Option<usize> {
        match identity_key(attribute, item) {
            Some(key) => self
                .by_key
                .get(&key)?
                .iter()
                .copied()
                .find(|&at| same_element(attribute, &items[at], item)),
            None => items
                .iter()
                .position(|stored| same_element(attribute, stored, item)),
        }
    }
}
