//! What the Groups part of a store keeps: whether the group definition is known to exist,
//! and the cache of groups behind Users' `groups` ([`GroupCache`]), read through a
//! [`GroupIndex`]; and the limits of that cache.

use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::mapping::{Group, GroupRef, tag_eq};

/// The least time between two re-reads of the groups caused by an unknown group tag.
///
/// ```
/// assert_eq!(scim_shopify::store::MISS_REFRESH.as_secs(), 10);
/// ```
pub const MISS_REFRESH: Duration = Duration::from_secs(10);

/// The most groups the cache behind Users' `groups` reads (a User read is not refused for
/// the store's list cap, which bounds what one list examines).
///
/// ```
/// assert!(scim_shopify::store::MAX_CACHED_GROUPS > scim_shopify::store::DEFAULT_LIST_CAP);
/// ```
pub const MAX_CACHED_GROUPS: usize = 10_000;

/// The group state a store keeps: whether the definition is known to exist, and the cache
/// of groups that answers Users' `groups`.
#[derive(Debug, Default)]
pub(crate) struct GroupState {
    pub(crate) definition_ready: AtomicBool,
    cache: Mutex<GroupCache>,
}

impl GroupState {
    /// The cache, to read or change.
    pub(crate) fn cache(&self) -> MutexGuard<'_, GroupCache> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The groups the store last read, and when it read them all.
#[derive(Debug, Default)]
pub(crate) struct GroupCache {
    /// Every group, as last read (and changed by this store's own writes since).
    pub(crate) groups: Option<Vec<Group>>,
    /// When every group was last read.
    pub(crate) refreshed: Option<Instant>,
}

/// The groups a set of customers' tags name, for
/// [`customer_to_user`](crate::mapping::customer_to_user).
#[derive(Debug, Default)]
pub(crate) struct GroupIndex(pub(crate) Vec<Group>);

impl GroupIndex {
    /// The group whose tag is `tag`.
    pub(crate) fn lookup(&self, tag: &str) -> Option<GroupRef> {
        self.0
            .iter()
            .find(|g| g.tag.as_deref().is_some_and(|t| tag_eq(t, tag)))
            .map(|g| GroupRef {
                id: g.id.clone(),
                display: g.display_name.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_finds_a_group_by_its_tag_in_any_case() {
        let now = chrono::Utc::now();
        let index = GroupIndex(vec![Group {
            gid: "gid://shopify/Metaobject/5".into(),
            id: "5".into(),
            display_name: "Sales".into(),
            external_id: None,
            tag: Some("scim-group:Sales".into()),
            created: now,
            updated: now,
        }]);
        let found = index.lookup("SCIM-GROUP:sales").unwrap();
        assert_eq!((found.id.as_str(), found.display.as_str()), ("5", "Sales"));
        assert!(index.lookup("scim-group:Support").is_none());
    }
}
