//! What the Users part of a store is set with and keeps: the DELETE policy
//! ([`DeletePolicy`]), the cap on counting deleted customers ([`DEFAULT_COUNT_CAP`]), and
//! the turns writes of one customer take in this process ([`UserState::turn`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use tokio::sync::OwnedMutexGuard;

/// What DELETE does to a customer.
///
/// RFC 7644 §3.6 lets a service provider keep a deleted resource, provided every later
/// operation on it is 404 and no query returns it: every policy meets that, the default by
/// marking the customer deleted (see [deleted Users](crate::store::users#deleted-users)).
///
/// ```
/// assert_eq!(scim_shopify::store::DeletePolicy::default(), scim_shopify::store::DeletePolicy::Deactivate);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeletePolicy {
    /// A soft delete: mark the customer inactive (the inactive tag and metafield), as
    /// `active: false` does, and deleted (the mapping's deleted tag), in one write. The
    /// customer stays in the shop; the User is 404 afterwards and left out of every list
    /// (RFC 7644 §3.6). A create of the same email takes the customer over.
    #[default]
    Deactivate,
    /// `customerDelete`; a customer Shopify refuses to delete (it has orders) is
    /// deactivated and marked deleted instead, as [`Deactivate`](Self::Deactivate) does,
    /// and a warning says so (with the customer id only).
    Delete,
    /// `customerRequestDataErasure`: Shopify erases the customer's personal data later;
    /// meanwhile the customer is deactivated and marked deleted (one more write), so the
    /// User is 404 at once (RFC 7644 §3.6).
    Erase,
}

/// The most ids of customers marked deleted that counting the Users reads (about one cost
/// point each, [`MAX_IDS_PER_PAGE`](crate::client::operations::MAX_IDS_PER_PAGE) a call)
/// before an unfiltered Users list is refused with 400 `tooMany`, unless changed with
/// [`ShopifyStore::with_count_cap`](crate::store::ShopifyStore::with_count_cap): 10,000 ids
/// take 40 calls and, on a Standard plan's 100 points a second, about 100 seconds of the
/// shop's API budget.
///
/// ```
/// assert_eq!(scim_shopify::store::DEFAULT_COUNT_CAP, 10_000);
/// ```
pub const DEFAULT_COUNT_CAP: usize = 10_000;

/// The state of the Users part of a store.
#[derive(Debug)]
pub(crate) struct UserState {
    /// What DELETE does.
    pub(crate) policy: DeletePolicy,
    /// The most ids of deleted customers one count reads.
    pub(crate) count_cap: usize,
    /// One lock per customer being written, held while a write of it runs.
    turns: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
}

impl UserState {
    /// The state of a store deleting by `policy`, with the default count cap.
    pub(crate) fn new(policy: DeletePolicy) -> Self {
        UserState {
            policy,
            count_cap: DEFAULT_COUNT_CAP,
            turns: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for the turn to write the customer `gid` in this process: writes of one
    /// customer run one after another, in the order they asked, so that they do not refuse
    /// each other's commit (another process's writes are met by the commit's condition).
    /// The turn ends when the guard is dropped; a customer nobody is writing holds no lock.
    pub(crate) async fn turn(&self, gid: &str) -> OwnedMutexGuard<()> {
        let lock = {
            let mut turns = self.turns.lock().unwrap_or_else(PoisonError::into_inner);
            if turns.len() >= 1024 {
                turns.retain(|_, lock| lock.strong_count() > 0);
            }
            match turns.get(gid).and_then(Weak::upgrade) {
                Some(lock) => lock,
                None => {
                    let lock = Arc::new(tokio::sync::Mutex::new(()));
                    turns.insert(gid.to_owned(), Arc::downgrade(&lock));
                    lock
                }
            }
        };
        lock.lock_owned().await
    }
}
