//! SCIM Users (RFC 7643 §4.1) kept as the customers of the shop: what each call sends, how
//! a deleted User is kept, and how a create whose answer is lost is found again.
//!
//! What each call sends (calls and requested cost as the emulator charges them, with the
//! default mapping):
//!
//! - `create` is one `customerCreate`, metafields (the unique `userName` key, a first
//!   version token) and tags inline (1 call). When its answer is lost (a 5xx, a timeout, a
//!   dropped connection), the customer is looked up by its unique `userName` key with
//!   `customerByIdentifier` before the create is sent again; see [Create](#create).
//! - `get` is one `customer(id:)` (1 call).
//! - Every other write of a User is two calls: **the commit**,
//!   one `metafieldsSet` of a new version token on condition that the customer still holds
//!   the token the write read (`compareDigest`), with every metafield the plan sets, all or
//!   none; then **the projection**, one [`CustomerWrite`](crate::client::operations::CustomerWrite)
//!   of the plan's other parts as aliased root fields of one mutation, run in order
//!   (`metafieldsDelete`, `customerUpdate` with the fields, `tagsRemove`, `tagsAdd`), the
//!   last selecting the customer (10 points per part plus the customer). A commit refused
//!   because another process wrote first reads again and commits again (without
//!   `If-Match`) or answers 412; a part of the projection Shopify refuses puts back what the
//!   write did, so nothing stays half-written. The commit records the projection it is
//!   about to make in the version token's value, and the projection clears it: a process
//!   that dies between the two leaves the record pending, every read shows the User as
//!   committed, and the next write makes the projection first (2 more calls).
//! - PUT and PATCH are the store's `update` (the read-modify-write of
//!   [`ResourceStore::update`](scim_core::store::ResourceStore::update)): one read, the
//!   commit and the projection, 3 calls. Writes of one User take turns within the process.
//! - `patch` that only sets `active` (Okta's `{"op": "replace", "value": {"active":
//!   false}}`, Entra ID's `{"op": "Replace", "path": "active", "value": "False"}`) without
//!   `If-Match` is one `CustomerWrite` and no read: deactivating sets the inactive metafield
//!   and adds the inactive tag, reactivating deletes the one and removes the other, and
//!   either sets a new version token unconditionally, so that a write that read the User
//!   before it is refused at its commit (1 call). An unknown id is 404 either way. See
//!   [Replace and PATCH](#replace-and-patch).
//! - `delete` follows the store's [`DeletePolicy`](super::DeletePolicy); under
//!   [`DeletePolicy::Deactivate`](super::DeletePolicy::Deactivate) without `If-Match` it
//!   is the deactivating write alone, with the deleted tag added beside the inactive one
//!   (1 call: `customerUpdate` also answers the customer as it was before the tags, so that
//!   a second DELETE is 404 without a read). With `If-Match` the store reads, checks the
//!   version it names, and writes (2 calls).
//! - `list` without a filter or `sortBy` (an identity provider's import) pages straight
//!   through Shopify's cursors, whatever the number of customers: RFC 9865 cursors are
//!   Shopify's own, sealed to the query, and `startIndex` is reached from the positions the
//!   store remembers (see [lists in Shopify's order](super::lists)). A page of `count`
//!   customers is one `CustomerWindow` call per 83 of them (the 1000-point cap); the count
//!   (`customersCount`, 10 points, less the deleted customers' ids) is taken once a minute
//!   at most.
//! - `list` with a filter looks a customer up directly when the filter allows it
//!   (`customerByIdentifier`, `customer(id:)`), else searches `customers(query:)`, pages
//!   through Shopify's cursors up to [`DEFAULT_LIST_CAP`](super::DEFAULT_LIST_CAP)
//!   customers, and evaluates the filter, the sort and the page in memory with
//!   [`select`](scim_core::query::select); so does a sorted list.
//! - A User's read-only `groups` comes from its group tags (see
//!   [Users' groups](super::groups#users-groups)).
//!
//! A User's version (`meta.version`, the `ETag`) derives from its version token
//! ([`MappingConfig::version`](crate::mapping::MappingConfig::version)) and the customer's
//! `updatedAt`: it moves with every write of the store, whatever process made it, and with
//! every change the merchant makes in Shopify.
//!
//! # Deleted Users
//!
//! RFC 7644 §3.6: "MUST return a 404 (Not Found) error code for all operations associated
//! with the previously deleted resource" and "MUST omit the resource from future query
//! results". The store keeps the customer (orders, consent and the merchant's history
//! stay) but marks it with the mapping's
//! [`deleted_tag`](crate::mapping::MappingConfig::deleted_tag) (default `scim-deleted`),
//! beside the deactivation the merchant's theme and Flow act on. A customer with that tag
//! is 404 for GET, PUT, PATCH and DELETE; the read-free PATCH of `active` finds it in its
//! write's answer and, when that write reactivated it, puts the deactivation back (one
//! more call) before answering 404. Every list leaves it out: searches add
//! `tag_not:"scim-deleted"` ([`live_search`](crate::mapping::live_search)) and, since
//! search lags writes, every customer a list or a group's member search reads is checked
//! in memory too; a direct lookup (`customerByIdentifier`, `customer(id:)`) is checked the
//! same way. It is no group's member, and naming it as one is 400 as an unknown id is. A
//! create whose email (or externalId, or phone) Shopify still holds on a deleted customer
//! takes that customer over (see [Create](#create)): 3 calls (the refused
//! `customerCreate`, `customerByIdentifier`, one write).
//!
//! # Create
//!
//! One `customerCreate`. When its answer is lost (a 5xx, a timeout, a dropped connection:
//! Shopify may have created the customer, and the client does not replay a create), the
//! customer is looked up by email (or externalId, or phone) with `customerByIdentifier`
//! before the create is sent again: found with the same email and externalId, it is the
//! answer; found as another identity, 409 `uniqueness` (RFC 7644 §3.3); not found, the
//! create is sent again, four times in all, then 503.
//!
//! A create Shopify refuses as taken ("Email has already been taken") looks the customer
//! up the same way. One marked deleted (its User was deleted under
//! [`DeletePolicy::Deactivate`](super::DeletePolicy::Deactivate)) is taken over: one write
//! makes it hold the new User exactly (the update plan from the customer to the User, an
//! absent `active` counting as `true`; the deleted tag and the old group tags removed, the
//! creation tags added), answered 201 with the customer's id. That id is reused because
//! Shopify keys customers by email: the customer is the same person's, whom the identity
//! provider deleted and now provisions again (Entra ID does so on un-assignment and
//! re-assignment), so no id passes to another resource (RFC 7643 §3.1). `meta.created`
//! stays the customer's. Held by a customer not marked deleted, the email is 409
//! `uniqueness`.
//!
//! # Replace and PATCH
//!
//! A PUT is the store's `update`: one `customer(id:)` (412 when it is not at the version
//! `If-Match` names), the body validated against the User read from it, then the commit
//! and the projection of what changes.
//!
//! A PATCH that only sets `active` (any case of `op`, a boolean or a string) without
//! `If-Match` is one `CustomerWrite` and no read; a deleted User found in its answer is 404
//! (RFC 7644 §3.6), after one more write that puts back the deactivation a reactivation
//! removed. Any other reads the customer once, applies the PATCH to the User read from it,
//! and sends the update plan as the commit and the projection (the same `update`). It does
//! not read again before writing: the plan holds only what changes (tags are added and
//! removed, never overwritten), so a write that raced another touches only what this PATCH
//! changed.

mod active;
mod create;
mod delete;
mod list;
mod pending;
mod read;
mod send;
pub(super) mod state;
mod write;

use super::groups::Groups;
use super::shop::Shop;
use state::UserState;

/// The Users part of a store: the shop it shares with the Groups part, its own state, and
/// the Groups part, which names a User's `groups`. Each path is in a file of its own
/// (`read`, `create`, `write`, `delete`, `list`; `send` and `active` hold the writes they
/// share).
pub(crate) struct Users<'a> {
    shop: &'a Shop,
    state: &'a UserState,
    groups: Groups<'a>,
}

impl<'a> Users<'a> {
    /// The Users part over `shop`, with `state`, naming groups with `groups`.
    pub(crate) fn new(shop: &'a Shop, state: &'a UserState, groups: Groups<'a>) -> Self {
        Users {
            shop,
            state,
            groups,
        }
    }
}
