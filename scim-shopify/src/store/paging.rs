//! [`PageSizes`]: the `first:` of each page of a walk through a Shopify connection that
//! stops past a cap; [`walk`]: such a walk.

use std::future::Future;

use scim_core::ScimError;
use scim_core::store::StoreError;

use crate::client::operations::PageInfo;

/// The size of the first page of a walk, doubled on each next page up to the connection's
/// maximum: Shopify charges a page's requested cost (`first` times a node's) before it
/// runs, so a small first page keeps the common small answer cheap.
pub(super) const FIRST_PAGE: u32 = 25;

/// The `first:` of each page of a walk that gives up past `cap` items: [`FIRST_PAGE`], then
/// doubling up to `max`, and never more than one item past the cap (enough to tell that the
/// cap is passed).
#[derive(Debug, Clone, Copy)]
pub(super) struct PageSizes {
    cap: usize,
    max: u32,
    next: u32,
}

impl PageSizes {
    /// Pages of at most `max` items, for a walk that stops past `cap` items.
    pub(super) fn new(cap: usize, max: u32) -> Self {
        PageSizes {
            cap,
            max,
            next: FIRST_PAGE.min(max),
        }
    }

    /// The `first:` of the next page, once `seen` items were read.
    pub(super) fn next(&mut self, seen: usize) -> u32 {
        let room = self.cap.saturating_sub(seen) + 1;
        let first = u32::try_from(room).unwrap_or(u32::MAX).min(self.next);
        self.next = self.next.saturating_mul(2).min(self.max);
        first
    }
}

/// One page of a [`walk`]: the items kept of it, how many nodes Shopify answered (some may
/// not be kept), and where the next page starts.
pub(super) struct Walked<T> {
    pub(super) items: Vec<T>,
    pub(super) read: usize,
    pub(super) info: PageInfo,
}

/// Every item of a connection, read page by page from the start with `fetch(first, after)`
/// (sizes from [`PageSizes`]); `too_many` (400 `tooMany`) as soon as more than `cap` items
/// are kept. Stops at the last page, or at a page of no nodes.
pub(super) async fn walk<T, F, Fut>(
    cap: usize,
    max: u32,
    mut fetch: F,
    too_many: impl FnOnce() -> ScimError,
) -> Result<Vec<T>, StoreError>
where
    F: FnMut(u32, Option<String>) -> Fut,
    Fut: Future<Output = Result<Walked<T>, StoreError>>,
{
    let (mut items, mut after) = (Vec::new(), None);
    let mut sizes = PageSizes::new(cap, max);
    loop {
        let page = fetch(sizes.next(items.len()), after.take()).await?;
        items.extend(page.items);
        if items.len() > cap {
            return Err(too_many().into());
        }
        match page.info.end_cursor {
            Some(cursor) if page.info.has_next_page && page.read > 0 => after = Some(cursor),
            _ => return Ok(items),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_double_up_to_the_maximum() {
        let mut sizes = PageSizes::new(10_000, 250);
        let firsts: Vec<u32> = (0..6).map(|_| sizes.next(0)).collect();
        assert_eq!(firsts, [25, 50, 100, 200, 250, 250]);
    }

    #[test]
    fn a_page_asks_for_one_item_past_the_cap_at_most() {
        let mut sizes = PageSizes::new(30, 250);
        assert_eq!(sizes.next(0), 25);
        assert_eq!(
            sizes.next(25),
            6,
            "5 left under the cap, and one to see it passed"
        );
        assert_eq!(PageSizes::new(0, 250).next(0), 1);
    }
}
