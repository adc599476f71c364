//! Lists paged straight through Shopify's cursors when they ask for Shopify's own order
//! (no `filter`, no `sortBy`), with no cap on how many Users or Groups a shop holds: an
//! identity provider's full import (`GET /Users?startIndex=1&count=100`, then 101, 201…)
//! of a shop with any number of customers. The store's module documentation ("Lists in
//! Shopify's order") says what each page reads; [`Snapshots`](super::snapshots) keeps the
//! counts and positions.
//!
//! Positions are offsets in Shopify's list (deleted customers Shopify still finds are
//! dropped from a page, never replaced), so a client walking by index neither skips nor
//! repeats a customer because of them.

use std::future::Future;

use scim_core::ScimError;
use scim_core::query::{ListQuery, Page, Pagination, QueryFingerprint};
use scim_core::schema::ResourceView;
use scim_core::store::{StoreError, Stored};

use super::paging::{FIRST_PAGE, Walked, walk};
use super::snapshots::Listing;
use super::{ShopifyStore, convert};
use crate::client::operations::{
    CustomerIds, CustomerIdsVariables, CustomerWindow, CustomerWindowVariables, CustomersCount,
    GroupIds, GroupIdsVariables, GroupWindow, GroupWindowVariables, IdPage, MAX_CUSTOMERS_PER_PAGE,
    MAX_IDS_PER_PAGE, MAX_METAOBJECTS_PER_PAGE, Metaobject, NoVariables, PageBounds, Slice,
};
use crate::mapping::{Customer, SearchExpr, group_stored, live_search, members_query};

/// The most ids of customers marked deleted that counting the Users reads (about one cost
/// point each, [`MAX_IDS_PER_PAGE`] a call) before an unfiltered Users list is refused
/// with 400 `tooMany`, unless changed with [`ShopifyStore::with_count_cap`]: 10,000 ids
/// take 40 calls and, on a Standard plan's 100 points a second, about 100 seconds of the
/// shop's API budget.
///
/// ```
/// assert_eq!(scim_shopify::store::DEFAULT_COUNT_CAP, 10_000);
/// ```
pub const DEFAULT_COUNT_CAP: usize = 10_000;

/// Where a page starts or ends, as a sealed cursor holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Position {
    /// After the item of this Shopify cursor; from the start with `None`.
    After(Option<String>),
    /// Before the item of this Shopify cursor.
    Before(String),
}

impl Position {
    fn encode(&self) -> Vec<u8> {
        match self {
            Position::After(None) => b"s".to_vec(),
            Position::After(Some(cursor)) => [b"a", cursor.as_bytes()].concat(),
            Position::Before(cursor) => [b"b", cursor.as_bytes()].concat(),
        }
    }

    fn decode(bytes: &[u8]) -> Option<Position> {
        let (tag, rest) = bytes.split_first()?;
        let cursor = || {
            std::str::from_utf8(rest)
                .ok()
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
        };
        match tag {
            b's' if rest.is_empty() => Some(Position::After(None)),
            b'a' => Some(Position::After(Some(cursor()?))),
            b'b' => Some(Position::Before(cursor()?)),
            _ => None,
        }
    }
}

/// One call's answer: the items, what lies around them, and the count when the call
/// answers one.
struct Chunk<T> {
    items: Vec<T>,
    bounds: PageBounds,
    total: Option<usize>,
}

/// One page read through a connection.
struct Window<T> {
    items: Vec<T>,
    next: Option<Position>,
    previous: Option<Position>,
    /// The cursor of the last item read, and how many were read: where the page ends.
    end: Option<String>,
    read: usize,
    total: Option<usize>,
}

/// How a window's calls are sized: the first asks for at most `first` items, each next one
/// for twice as many, up to `max`. Shopify charges a call's requested cost (`first` times a
/// node's) before it runs, so a list whose length is not known starts small.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    first: u32,
    max: u32,
}

impl Sizes {
    fn of(listing: &Listing) -> Sizes {
        match listing {
            // The number of customers left is known before reading, and bounds the count.
            Listing::Customers(_) => Sizes {
                first: MAX_CUSTOMERS_PER_PAGE,
                max: MAX_CUSTOMERS_PER_PAGE,
            },
            Listing::Groups => Sizes {
                first: FIRST_PAGE,
                max: MAX_METAOBJECTS_PER_PAGE,
            },
        }
    }
}

/// Reads `count` items from `position` in calls sized by `sizes`, forwards or backwards,
/// and says what lies on either side.
async fn window<T, F, Fut>(
    position: Position,
    count: usize,
    sizes: Sizes,
    mut fetch: F,
) -> Result<Window<T>, StoreError>
where
    F: FnMut(Slice) -> Fut,
    Fut: Future<Output = Result<Chunk<T>, StoreError>>,
{
    let mut next = sizes.first.min(sizes.max);
    let mut size = |remaining: usize| {
        let size = u32::try_from(remaining).unwrap_or(u32::MAX).min(next);
        next = next.saturating_mul(2).min(sizes.max);
        size
    };
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut remaining = count;
    let mut total = None;
    // The bounds of the chunk nearest the position, and of the one furthest from it.
    let mut near: Option<PageBounds> = None;
    let mut far: Option<PageBounds> = None;
    let backward = matches!(position, Position::Before(_));
    let from_cursor = !matches!(position, Position::After(None));
    let mut at = position;
    while remaining > 0 {
        let slice = match at {
            Position::After(after) => Slice::Forward {
                first: size(remaining),
                after,
            },
            Position::Before(before) => Slice::Backward {
                last: size(remaining),
                before,
            },
        };
        let chunk = fetch(slice).await?;
        total = total.or(chunk.total);
        remaining = remaining.saturating_sub(chunk.items.len());
        let got = !chunk.items.is_empty();
        chunks.push(chunk.items);
        let bounds = chunk.bounds;
        let onward = if backward {
            bounds
                .start_cursor
                .clone()
                .filter(|_| bounds.has_previous_page)
                .map(Position::Before)
        } else {
            bounds
                .end_cursor
                .clone()
                .filter(|_| bounds.has_next_page)
                .map(|c| Position::After(Some(c)))
        };
        near.get_or_insert_with(|| bounds.clone());
        far = Some(bounds);
        match onward {
            Some(onward) if got => at = onward,
            _ => break,
        }
    }
    if backward {
        chunks.reverse();
    }
    let items: Vec<T> = chunks.into_iter().flatten().collect();
    let read = items.len();
    // Forwards the near chunk is the first of the page; backwards, the last. Relay's
    // `pageInfo` is only sure of the side the window moves towards (`hasNextPage` with
    // `first:`, `hasPreviousPage` with `last:`); the other side is known from where the
    // window started: a cursor's own item lies there.
    let (first, last) = if backward { (far, near) } else { (near, far) };
    let end = last.as_ref().and_then(|b| b.end_cursor.clone());
    let start = first.as_ref().and_then(|b| b.start_cursor.clone());
    let next = if backward {
        // Nothing before a `before:` cursor: the page that follows is the first.
        Some(Position::After(end.clone()))
    } else {
        end.clone()
            .filter(|_| last.as_ref().is_some_and(|b| b.has_next_page))
            .map(|c| Position::After(Some(c)))
    };
    let previous = if backward {
        start.filter(|_| first.as_ref().is_some_and(|b| b.has_previous_page))
    } else {
        start.filter(|_| from_cursor)
    }
    .map(Position::Before);
    Ok(Window {
        items,
        next,
        previous,
        end,
        read,
        total,
    })
}

impl ShopifyStore {
    /// The same store with another cap on the ids of deleted customers one count reads
    /// (default [`DEFAULT_COUNT_CAP`]).
    pub fn with_count_cap(mut self, cap: usize) -> Self {
        self.count_cap = cap;
        self
    }

    /// Whether a list (of Users or Groups) pages through Shopify's cursors: no filter and
    /// no `sortBy`. A filter is answered in memory:
    /// [`translate_filter`](crate::mapping::translate_filter) makes a search that finds
    /// every match but may find more (Shopify folds case and tokenizes its own way, and its
    /// search lags writes), so what it finds is checked.
    pub(super) fn in_shopify_order(query: &ListQuery) -> bool {
        query.filter.is_none() && query.sort_by.is_none()
    }

    /// A page of Users straight from `customers(query:)`, the deleted customers left out.
    pub(super) async fn list_users_in_order(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        let search = live_search(&self.config, None);
        let listing = Listing::Customers(search.clone());
        let total = self.customer_total(&listing).await?;
        let mut page = self
            .page(view, query, &listing, Some(total), |slice| {
                self.customer_chunk(&search, slice)
            })
            .await?;
        let customers: Vec<Customer> = std::mem::take(&mut page.resources)
            .into_iter()
            .filter(|customer| !self.is_deleted(customer))
            .collect();
        let resources = self.stored_all(&customers).await?;
        Ok(page.with_resources(resources))
    }

    /// A page of Groups straight from `metaobjects(type:)`, with their members when the
    /// query returns them.
    pub(super) async fn list_groups_in_order(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        let mut page = self
            .page(view, query, &Listing::Groups, None, |slice| {
                self.group_chunk(slice)
            })
            .await?;
        let groups = std::mem::take(&mut page.resources)
            .iter()
            .map(|m| self.group_from(m))
            .collect::<Result<Vec<_>, _>>()?;
        // What the list read keeps Users' `groups` current: a group renamed in the Shopify
        // admin is known by its new name (and its tag taken) from now on.
        self.cache_seen(&groups, page.total_results == groups.len());
        let with_members = super::groups::returns_members(query);
        let mut resources = Vec::with_capacity(groups.len());
        for group in &groups {
            let members = match with_members {
                true => Some(self.members_of(group).await?),
                false => None,
            };
            resources.push(group_stored(group, members.as_deref()));
        }
        Ok(page.with_resources(resources))
    }

    /// The page `query` asks for from `listing`, read with `fetch`; `total` when known
    /// before reading (else the window's count, or 0 for a list nobody created yet).
    async fn page<T, F, Fut>(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
        listing: &Listing,
        total: Option<usize>,
        fetch: F,
    ) -> Result<Page<T>, StoreError>
    where
        F: FnMut(Slice) -> Fut,
        Fut: Future<Output = Result<Chunk<T>, StoreError>>,
    {
        let sizes = Sizes::of(listing);
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
                    return Ok(empty(self.count_of(total).await?, None));
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
                    return Ok(empty(self.count_of(total).await?, Some(start_index)));
                }
                let Some(after) = self.reach(listing, skip).await? else {
                    return Ok(empty(self.count_of(total).await?, Some(start_index)));
                };
                let wanted = match total {
                    Some(total) => query.count.min(total - skip),
                    None => query.count,
                };
                let window = window(Position::After(after), wanted, sizes, fetch).await?;
                if let Some(end) = window.end {
                    self.snapshots.record(listing, skip + window.read, end);
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

    /// The cursor after the first `offset` items of `listing` (`None` for the start), read
    /// by ids from the nearest remembered position; `Ok(None)` when the list is shorter.
    async fn reach(
        &self,
        listing: &Listing,
        offset: usize,
    ) -> Result<Option<Option<String>>, StoreError> {
        let (mut at, mut after) = self.snapshots.nearest(listing, offset);
        while at < offset {
            let first = u32::try_from(offset - at)
                .unwrap_or(u32::MAX)
                .min(MAX_IDS_PER_PAGE);
            let page = self.ids(listing, first, after.take()).await?;
            at += page.nodes.len();
            after = page.page_info.end_cursor;
            if let Some(cursor) = &after {
                self.snapshots.record(listing, at, cursor.clone());
            }
            if at < offset && (!page.page_info.has_next_page || page.nodes.is_empty()) {
                return Ok(None);
            }
        }
        Ok(Some(after))
    }

    /// One page of ids of `listing`.
    async fn ids(
        &self,
        listing: &Listing,
        first: u32,
        after: Option<String>,
    ) -> Result<IdPage, StoreError> {
        match listing {
            Listing::Customers(search) => self
                .client
                .execute::<CustomerIds>(&CustomerIdsVariables {
                    query: Some(convert::search_query(search)),
                    first,
                    after,
                })
                .await
                .map(|answer| answer.data.customers)
                .map_err(|e| convert::backend("reading customer ids", e)),
            Listing::Groups => self
                .client
                .execute::<GroupIds>(&GroupIdsVariables {
                    r#type: crate::mapping::GROUP_TYPE.to_owned(),
                    first,
                    after,
                })
                .await
                .map(|answer| answer.data.metaobjects)
                .map_err(|e| convert::backend("reading group ids", e)),
        }
    }

    /// How many live customers there are (`listing` is their search): remembered, or
    /// `customersCount` less the customers marked deleted, counted by their ids.
    async fn customer_total(&self, listing: &Listing) -> Result<usize, StoreError> {
        if let Some(total) = self.snapshots.total(listing) {
            return Ok(total);
        }
        let answer = self
            .client
            .execute::<CustomersCount>(&NoVariables {})
            .await
            .map_err(|e| convert::backend("counting customers", e))?;
        let all = usize::try_from(answer.data.customers_count.count).unwrap_or(usize::MAX);
        let deleted = self.count_deleted().await?;
        let total = all.saturating_sub(deleted);
        self.snapshots.set_total(listing, total);
        Ok(total)
    }

    /// How many customers are marked deleted, by reading their ids; 400 `tooMany` past
    /// the count cap.
    async fn count_deleted(&self) -> Result<usize, StoreError> {
        let deleted = Listing::Customers(members_query(&self.config.deleted_tag));
        let fetch = |first, after| {
            let deleted = &deleted;
            async move {
                let page = self.ids(deleted, first, after).await?;
                Ok(Walked {
                    read: page.nodes.len(),
                    items: page.nodes,
                    info: page.page_info,
                })
            }
        };
        let cap = self.count_cap;
        let ids = walk(cap, MAX_IDS_PER_PAGE, fetch, || {
            ScimError::too_many(format!(
                "more than {cap} customers are marked deleted, more than this service counts \
                 for one list (its count cap); filter the list, or raise the cap"
            ))
        })
        .await?;
        Ok(ids.len())
    }

    /// One window call of the customers `search` finds.
    async fn customer_chunk(
        &self,
        search: &SearchExpr,
        slice: Slice,
    ) -> Result<Chunk<Customer>, StoreError> {
        let answer = self
            .client
            .execute::<CustomerWindow>(&CustomerWindowVariables {
                query: Some(convert::search_query(search)),
                slice,
                metafield_namespace: self.ns(),
            })
            .await
            .map_err(|e| convert::backend("listing customers", e))?;
        let page = answer.data.customers;
        Ok(Chunk {
            items: page.nodes.into_iter().map(convert::customer).collect(),
            bounds: page.page_info,
            total: None,
        })
    }

    /// One window call of groups, with their count.
    async fn group_chunk(&self, slice: Slice) -> Result<Chunk<Metaobject>, StoreError> {
        let answer = self
            .client
            .execute::<GroupWindow>(&GroupWindowVariables {
                r#type: crate::mapping::GROUP_TYPE.to_owned(),
                slice,
            })
            .await
            .map_err(|e| convert::backend("listing groups", e))?;
        let data = answer.data;
        Ok(Chunk {
            items: data.metaobjects.nodes,
            bounds: data.metaobjects.page_info,
            total: Some(entry_count(data.metaobject_definition_by_type)),
        })
    }

    /// `total` when known; else (Groups, whose count comes with each window) the count,
    /// read with a window of one.
    async fn count_of(&self, total: Option<usize>) -> Result<Option<usize>, StoreError> {
        if total.is_some() {
            return Ok(total);
        }
        let chunk = self
            .group_chunk(Slice::Forward {
                first: 1,
                after: None,
            })
            .await?;
        Ok(chunk.total)
    }
}

/// A definition's count; 0 when the definition does not exist yet.
fn entry_count(definition: Option<crate::client::operations::EntryCount>) -> usize {
    definition.map_or(0, |d| {
        usize::try_from(d.metaobjects_count).unwrap_or(usize::MAX)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_damage_is_refused() {
        for position in [
            Position::After(None),
            Position::After(Some("eyJsYXN0X2lkIjo2MTU3fQ==".into())),
            Position::Before("abc".into()),
        ] {
            assert_eq!(Position::decode(&position.encode()), Some(position));
        }
        for bad in [&b""[..], b"a", b"b", b"sx", b"x12", &[b'a', 0xff]] {
            assert_eq!(Position::decode(bad), None, "{bad:?}");
        }
    }
}
