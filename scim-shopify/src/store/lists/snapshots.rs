//! [`Snapshots`]: what the store learnt of each list it paged through Shopify's cursors
//! (how many items it holds, and the cursor found after the first N of them), so that an
//! identity provider walking `startIndex=1, 101, 201…` costs one window a page rather than
//! a walk from the start, and `totalResults` is not recounted on every page.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::mapping::SearchExpr;

/// How long a count is trusted. The store's own writes forget counts at once; this bounds
/// how stale a count can be after a change made elsewhere (the Shopify admin, another
/// replica).
pub(crate) const TOTAL_TTL: Duration = Duration::from_secs(60);

/// How long the positions of a list are kept after they were last used. A position is a
/// cursor (a customer or group to resume after), which stays valid while the list changes;
/// only its offset can drift by the items removed before it since.
pub(crate) const POSITIONS_TTL: Duration = Duration::from_secs(15 * 60);

/// The most lists remembered, and the most positions kept for one list.
const MAX_LISTS: usize = 64;
const MAX_POSITIONS: usize = 4096;

/// A list paged through Shopify's cursors.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Listing {
    /// `customers(query:)` with this search (deleted customers already left out).
    Customers(SearchExpr),
    /// The groups (`metaobjects(type:)`).
    Groups,
}

#[derive(Debug)]
struct Snapshot {
    used: Instant,
    total: Option<(usize, Instant)>,
    /// Offset → the cursor of the item at that offset, 1-based: resuming after it starts at
    /// the item of index `offset + 1`.
    positions: BTreeMap<usize, String>,
}

impl Snapshot {
    fn new(now: Instant) -> Self {
        Snapshot {
            used: now,
            total: None,
            positions: BTreeMap::new(),
        }
    }
}

/// The counts and positions of the lists a store paged through (see the module
/// documentation).
#[derive(Debug, Default)]
pub(crate) struct Snapshots {
    lists: Mutex<HashMap<Listing, Snapshot>>,
}

impl Snapshots {
    fn lock(&self) -> MutexGuard<'_, HashMap<Listing, Snapshot>> {
        self.lists.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The count of `listing`, if one was taken within [`TOTAL_TTL`] and no write of this
    /// store came since.
    pub(crate) fn total(&self, listing: &Listing) -> Option<usize> {
        let lists = self.lock();
        let (total, taken) = lists.get(listing)?.total?;
        (taken.elapsed() < TOTAL_TTL).then_some(total)
    }

    /// Remembers the count of `listing`.
    pub(crate) fn set_total(&self, listing: &Listing, total: usize) {
        let now = Instant::now();
        self.with(listing, now, |snapshot| snapshot.total = Some((total, now)));
    }

    /// The furthest known position of `listing` at or before `offset`: `(offset, cursor)`,
    /// or `(0, None)` for the start.
    pub(crate) fn nearest(&self, listing: &Listing, offset: usize) -> (usize, Option<String>) {
        let now = Instant::now();
        let mut lists = self.lock();
        let Some(snapshot) = lists.get_mut(listing) else {
            return (0, None);
        };
        if now.duration_since(snapshot.used) >= POSITIONS_TTL {
            snapshot.positions.clear();
        }
        snapshot.used = now;
        snapshot
            .positions
            .range(..=offset)
            .next_back()
            .map_or((0, None), |(at, cursor)| (*at, Some(cursor.clone())))
    }

    /// Remembers that `cursor` is the item at `offset` (1-based) of `listing`.
    pub(crate) fn record(&self, listing: &Listing, offset: usize, cursor: String) {
        if offset == 0 {
            return;
        }
        self.with(listing, Instant::now(), |snapshot| {
            if snapshot.positions.len() < MAX_POSITIONS || snapshot.positions.contains_key(&offset)
            {
                snapshot.positions.insert(offset, cursor);
            }
        });
    }

    /// Forgets every count: the store is writing, and a write can add an item to a list or
    /// take one out. Positions stay (see [`POSITIONS_TTL`]).
    pub(crate) fn forget_totals(&self) {
        for snapshot in self.lock().values_mut() {
            snapshot.total = None;
        }
    }

    /// Forgets every count now and again when dropped: held across a write, so that a
    /// count taken while the write ran is not kept either.
    pub(crate) fn writing(&self) -> WriteGuard<'_> {
        self.forget_totals();
        WriteGuard(self)
    }

    fn with(&self, listing: &Listing, now: Instant, change: impl FnOnce(&mut Snapshot)) {
        let mut lists = self.lock();
        if !lists.contains_key(listing) && lists.len() >= MAX_LISTS {
            // Make room: the stalest list goes.
            if let Some(stalest) = lists
                .iter()
                .min_by_key(|(_, snapshot)| snapshot.used)
                .map(|(listing, _)| listing.clone())
            {
                lists.remove(&stalest);
            }
        }
        let snapshot = lists
            .entry(listing.clone())
            .or_insert_with(|| Snapshot::new(now));
        snapshot.used = now;
        change(snapshot);
    }
}

/// See [`Snapshots::writing`].
#[derive(Debug)]
pub(crate) struct WriteGuard<'a>(&'a Snapshots);

impl Drop for WriteGuard<'_> {
    fn drop(&mut self) {
        self.0.forget_totals();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::{Comparator, SearchField};

    fn search(field: SearchField, value: impl Into<String>) -> Listing {
        Listing::Customers(SearchExpr::term(field, Comparator::Equal, value))
    }

    fn users() -> Listing {
        search(SearchField::TagNot, "scim-deleted")
    }

    #[test]
    fn the_nearest_position_at_or_before_an_offset_is_found() {
        let snapshots = Snapshots::default();
        assert_eq!(snapshots.nearest(&users(), 500), (0, None));
        snapshots.record(&users(), 250, "c250".into());
        snapshots.record(&users(), 100, "c100".into());
        assert_eq!(snapshots.nearest(&users(), 99), (0, None));
        assert_eq!(snapshots.nearest(&users(), 100), (100, Some("c100".into())));
        assert_eq!(snapshots.nearest(&users(), 249), (100, Some("c100".into())));
        assert_eq!(
            snapshots.nearest(&users(), 9999),
            (250, Some("c250".into()))
        );
        // Another list knows nothing of these.
        assert_eq!(snapshots.nearest(&Listing::Groups, 9999), (0, None));
    }

    #[test]
    fn a_write_forgets_counts_while_it_runs_and_after_it() {
        let snapshots = Snapshots::default();
        snapshots.set_total(&users(), 1200);
        assert_eq!(snapshots.total(&users()), Some(1200));
        {
            let _writing = snapshots.writing();
            assert_eq!(snapshots.total(&users()), None);
            // A list that counted during the write…
            snapshots.set_total(&users(), 1200);
        }
        // …is not believed after it.
        assert_eq!(snapshots.total(&users()), None);
        snapshots.record(&users(), 100, "c100".into());
        drop(snapshots.writing());
        assert_eq!(snapshots.nearest(&users(), 100), (100, Some("c100".into())));
    }

    #[test]
    fn remembered_lists_are_bounded() {
        let snapshots = Snapshots::default();
        for n in 0..(MAX_LISTS + 10) {
            snapshots.set_total(&search(SearchField::Tag, format!("q{n}")), n);
        }
        assert_eq!(snapshots.lock().len(), MAX_LISTS);
        let last = search(SearchField::Tag, format!("q{}", MAX_LISTS + 9));
        assert_eq!(snapshots.total(&last), Some(MAX_LISTS + 9));
    }
}
