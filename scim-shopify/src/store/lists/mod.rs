//! Lists in Shopify's order: a list without a filter or `sortBy`, of Users or of Groups,
//! pages straight through Shopify's cursors, with no cap on how many Users or Groups a
//! shop holds: an identity provider's full import (`GET /Users?startIndex=1&count=100`,
//! then 101, 201…) of a shop with any number of customers. [`users`](super::users) and
//! [`groups`](super::groups) say what each of their pages reads.
//!
//! How such a list pages, for Users and Groups alike:
//!
//! - **RFC 9865 cursors** are Shopify's own, passed through sealed to the query
//!   ([`QueryFingerprint::seal`](scim_core::query::QueryFingerprint::seal)): `nextCursor`
//!   resumes after the page's last item, `previousCursor` ends before its first
//!   (`last:`/`before:`). A cursor of another query is 400 `invalidCursor`.
//! - **`startIndex`** (RFC 7644 §3.4.2.4) is reached by reading ids alone
//!   ([`CustomerIds`](crate::client::operations::CustomerIds), 250 a call, about one cost
//!   point a customer) from the nearest position the store remembers. Every page served is
//!   remembered (15 minutes after its last use), so an identity provider walking
//!   `startIndex=1, 101, 201…` pays one window a page and no id reads.
//! - **`totalResults`**: Groups, the definition's `metaobjectsCount` in the window's own
//!   call; Users, `customersCount` less the customers marked deleted, counted by their
//!   ids up to [`DEFAULT_COUNT_CAP`](super::DEFAULT_COUNT_CAP) (`customersCount` cannot
//!   search by tag). Kept for a minute, and forgotten by every write of this store.
//! - Search lags writes: a customer deleted a moment ago that Shopify still finds is left
//!   out in memory, and its page is one shorter rather than shifted.
//!
//! Positions are offsets in Shopify's list (deleted customers Shopify still finds are
//! dropped from a page, never replaced), so a client walking by index neither skips nor
//! repeats a customer because of them. The store remembers the counts and positions of
//! the lists it paged through (its snapshots).

mod snapshots;
mod window;

pub(crate) use snapshots::{Listing, Snapshots};
pub(crate) use window::{Chunk, Sizes};

use std::future::Future;

use scim_core::ScimError;
use scim_core::query::{ListQuery, Page, Pagination, QueryFingerprint};
use scim_core::schema::ResourceView;
use scim_core::store::StoreError;

use crate::client::operations::{IdPage, MAX_IDS_PER_PAGE, Slice};
use window::{Position, window};

/// A list read in Shopify's order: how [`Snapshots`] know it, how its window calls are
/// sized, one window call, and one page of its ids. The Users part and the Groups part
/// each have one.
pub(crate) trait InOrder {
    /// What a window call reads.
    type Item: Send;

    /// The list, as the snapshots know it.
    fn listing(&self) -> &Listing;

    /// How its window calls are sized.
    fn sizes(&self) -> Sizes;

    /// One window call.
    fn chunk(
        &self,
        slice: Slice,
    ) -> impl Future<Output = Result<Chunk<Self::Item>, StoreError>> + Send;

    /// One page of ids: at most `first` after the cursor `after`.
    fn ids(
        &self,
        first: u32,
        after: Option<String>,
    ) -> impl Future<Output = Result<IdPage, StoreError>> + Send;
}

/// Whether a list (of Users or Groups) pages through Shopify's cursors: no filter and
/// no `sortBy`. A filter is answered in memory:
/// [`translate_filter`](crate::mapping::translate_filter) makes a search that finds
/// every match but may find more (Shopify folds case and tokenizes its own way, and its
/// search lags writes), so what it finds is checked.
pub(crate) fn in_shopify_order(query: &ListQuery) -> bool {
    query.filter.is_none() && query.sort_by.is_none()
}

/// The page `query` asks for from `list`; `total` when known before reading (else the
/// window's count, or 0 for a list nobody created yet). `snapshots` are where the list's
/// positions are remembered.
pub(crate) async fn page<L: InOrder + Sync>(
    snapshots: &Snapshots,
    view: &ResourceView<'_>,
    query: &ListQuery,
    list: &L,
    total: Option<usize>,
) -> Result<Page<L::Item>, StoreError> {
    let listing = list.listing();
    let sizes = list.sizes();
    let fetch = |slice| list.chunk(slice);
    let empty = |total: Option<usize>, start_index| Page {
        total_results: total.unwrap_or(0),
        start_index,
        next_cursor: None,
        previous_cursor: None,
        resources: Vec::new(),
    };
    match &query.pagination {
        Pagination::Cursor { cursor } => {
            let fingerprint = QueryFingerprint::of(view, query);
            let position = match cursor {
                None => Position::After(None),
                Some(cursor) => Position::decode(&fingerprint.open(cursor)?)
                    .ok_or_else(|| ScimError::invalid_cursor("the cursor is damaged"))?,
            };
            if query.count == 0 {
                return Ok(empty(count_of(list, total).await?, None));
            }
            // The first page holds at most every item; a later one, `count`.
            let wanted = match (&position, total) {
                (Position::After(None), Some(total)) => query.count.min(total),
                _ => query.count,
            };
            if wanted == 0 {
                return Ok(empty(total, None));
            }
            let window = window(position, wanted, sizes, fetch).await?;
            let seal = |p: Position| fingerprint.seal(&p.encode());
            Ok(Page {
                total_results: total.or(window.total).unwrap_or(0),
                start_index: None,
                next_cursor: window.next.map(seal),
                previous_cursor: window.previous.map(seal),
                resources: window.items,
            })
        }
        Pagination::Index { .. } | Pagination::Unspecified => {
            let start_index = query.start_index();
            let skip = start_index - 1;
            if query.count == 0 || total.is_some_and(|total| skip >= total) {
                return Ok(empty(count_of(list, total).await?, Some(start_index)));
            }
            let Some(after) = reach(snapshots, list, skip).await? else {
                return Ok(empty(count_of(list, total).await?, Some(start_index)));
            };
            let wanted = match total {
                Some(total) => query.count.min(total - skip),
                None => query.count,
            };
            let window = window(Position::After(after), wanted, sizes, fetch).await?;
            if let Some(end) = window.end {
                snapshots.record(listing, skip + window.read, end);
            }
            Ok(Page {
                total_results: total.or(window.total).unwrap_or(0),
                start_index: Some(start_index),
                next_cursor: None,
                previous_cursor: None,
                resources: window.items,
            })
        }
    }
}

/// The cursor after the first `offset` items of `list` (`None` for the start), read by
/// ids from the nearest position `snapshots` remember; `Ok(None)` when the list is
/// shorter.
async fn reach<L: InOrder + Sync>(
    snapshots: &Snapshots,
    list: &L,
    offset: usize,
) -> Result<Option<Option<String>>, StoreError> {
    let listing = list.listing();
    let (mut at, mut after) = snapshots.nearest(listing, offset);
    while at < offset {
        let first = u32::try_from(offset - at)
            .unwrap_or(u32::MAX)
            .min(MAX_IDS_PER_PAGE);
        let page = list.ids(first, after.take()).await?;
        at += page.nodes.len();
        after = page.page_info.end_cursor;
        if let Some(cursor) = &after {
            snapshots.record(listing, at, cursor.clone());
        }
        if at < offset && (!page.page_info.has_next_page || page.nodes.is_empty()) {
            return Ok(None);
        }
    }
    Ok(Some(after))
}

/// `total` when known; else (Groups, whose count comes with each window) the count, read
/// with a window of one.
async fn count_of<L: InOrder + Sync>(
    list: &L,
    total: Option<usize>,
) -> Result<Option<usize>, StoreError> {
    if total.is_some() {
        return Ok(total);
    }
    let chunk = list
        .chunk(Slice::Forward {
            first: 1,
            after: None,
        })
        .await?;
    Ok(chunk.total)
}
