//! SCIM Groups (RFC 7643 §4.2) kept in the shop: each group is a metaobject of the app's
//! type [`GROUP_TYPE`](super::GROUP_TYPE) (fields `display_name`, `external_id`; `id` is the
//! numeric part of its gid), and membership is the customer tag
//! [`group_tag`](crate::mapping::group_tag) (the configured prefix and the display name),
//! so merchants can segment, discount and gate content on it.
//!
//! What each operation sends (N members, G groups; pages of members and groups start at 25
//! and double up to 250, so that a small group's read asks for 27 cost points, not 252):
//! - POST: the definition is looked up by type once per store (and created when missing, a
//!   concurrent "Type has already been taken" tolerated); `nodes(ids:)` checks the members
//!   are customers (one call per 250, none without members) before anything is written;
//!   `metaobjectCreate` (its handle, [`group_handle`](crate::mapping::group_handle), makes
//!   a second group with the same tag fail with 409 `uniqueness`; a group the cache knows
//!   under that tag, e.g. renamed in the Shopify admin, is 409 too, after one re-read of
//!   the groups confirms it); one `tagsAdd` per member.
//! - GET: `metaobject(id:)` and the members' search `customers(query: "tag:\"...\"")`.
//! - PATCH / PUT: the group and its members as GET reads them, plus `nodes(ids:)` for the
//!   member ids the request names (their tags are read directly, not through the lagging
//!   search) and for the members it adds (a non-customer is 400 before anything is
//!   written). On a rename, `metaobjectByHandle` of the new name's handle first (409
//!   `uniqueness` when another group has it). Then the tags, per member: one `tagsAdd`
//!   (joins), one `tagsRemove` (leaves), or on a rename one document adding the new tag
//!   and removing the old ([`GroupTagSwap`](crate::client::operations::GroupTagSwap));
//!   merchant tags are never touched. Then `metaobjectUpdate` (always: it moves the
//!   version; should another group take the name meanwhile, the tags are moved back and
//!   the answer is 409). So PATCH adding or removing 1 member is 5 calls, renaming a group
//!   of N members 4 + N, and a POST with N ≥ 1 members 2 + N (4 + N when it first creates
//!   the definition).
//! - DELETE: the group, its members' search, one `tagsRemove` per member, `metaobjectDelete`.
//! - list without a filter or `sortBy`: one `GroupWindow` call (a window of
//!   `metaobjects(type:)` and the definition's `metaobjectsCount`) per page, RFC 9865
//!   cursors and `startIndex` as for Users (see [lists in Shopify's order](super::lists)),
//!   then each returned group's members unless excluded.
//! - list with a filter or `sortBy`: every group, paged (`metaobjects(type:)`), or the one
//!   group an `id eq` term names (Entra's membership check), filtered, sorted and paged in
//!   memory by [`select`](scim_core::query::select); then each returned group's members,
//!   unless the client excluded them (`excludedAttributes=members`, as Okta and Entra do;
//!   excluding `members.display` keeps them) (every group's, read once before selecting,
//!   when the filter or `sortBy` names `members`).
//!
//! Consistency: `customers(query:)` lags writes, so a GET right after a write may miss the
//! latest joins and leaves (the write's own answer is computed, not searched). A PATCH
//! reads every member it names directly, so removing a member who just joined works; a PUT
//! or DELETE removes the tag from the members the search finds. The tags move before the
//! metaobject changes, so a write that fails part way leaves the group as it was named,
//! and sending it again finishes the move. A POST whose `tagsAdd` fails part way leaves the
//! group with the members tagged so far (a POST again is 409; a PATCH adds the rest).
//! `meta.version` is the metaobject's `updatedAt` (to the second).
//!
//! # Users' groups
//!
//! A User's read-only `groups` comes from its group tags through a cache of the groups,
//! filled on first need, updated by this store's own group writes, and re-read when a
//! customer carries a group tag the cache does not know (at most once per
//! [`MISS_REFRESH`](super::MISS_REFRESH)): a group created or renamed by another process
//! shows up on the next miss; a tag whose group is gone is left out.

mod cache;
mod create;
mod delete;
mod list;
mod membership;
mod read;
pub(super) mod state;
mod write;

use super::shop::Shop;
use state::GroupState;

/// The Groups part of a store: the shop it shares with the Users part, and its own state.
/// Each path is in a file of its own (`read`, `create`, `write`, `delete`, `list`;
/// `membership` moves the members' tags, `cache` keeps the groups behind Users' `groups`).
#[derive(Clone, Copy)]
pub(crate) struct Groups<'a> {
    shop: &'a Shop,
    state: &'a GroupState,
}

impl<'a> Groups<'a> {
    /// The Groups part over `shop`, with `state`.
    pub(crate) fn new(shop: &'a Shop, state: &'a GroupState) -> Self {
        Groups { shop, state }
    }
}
