//! [`ShopifyStore`]: a [`ResourceStore`] that keeps SCIM Users as Shopify customers and SCIM
//! Groups as `$app:scim_group` metaobjects with membership as customer tags, over the
//! [`client`](crate::client) and the [`mapping`](crate::mapping).
//!
//! Users:
//!
//! What each call sends (calls and requested cost as the emulator charges them, with the
//! default mapping):
//!
//! - `create` is one `customerCreate`, metafields and tags inline (1 call, 19 points).
//!   When its answer is lost (a 5xx, a timeout, a dropped connection), the customer is
//!   looked up by email (then externalId, then phone) with `customerByIdentifier` before
//!   the create is sent again; see [`ShopifyStore::create`](ResourceStore::create).
//! - `get` is one `customer(id:)` (1 call, 10 points).
//! - Every write is one [`CustomerWrite`]: the update plan's parts as aliased root fields
//!   of one mutation, run in order (`metafieldsDelete`, then `customerUpdate` with the
//!   fields and the metafields to set inline, then `tagsRemove`, then `tagsAdd`), the last
//!   selecting the customer, so nothing is read back (10 points per part plus 9 for the
//!   customer). A part Shopify refuses after another ran is put back (a read and a write),
//!   so nothing stays half-written.
//! - `replace` (PUT) writes after the read the service makes first: the store keeps the
//!   customer its `get` read and uses it when still at the version the service expects, so
//!   a PUT is 2 calls (read, write). Versions are `updatedAt` to the second, so a change
//!   made elsewhere within the second of that read goes unseen, as it would between a
//!   read of the store's own and its write; the write sends only what changes.
//! - `patch` that only sets `active` (Okta's `{"op": "replace", "value": {"active":
//!   false}}`, Entra ID's `{"op": "Replace", "path": "active", "value": "False"}`) without
//!   `If-Match` is one write and no read: deactivating sets the inactive metafield and adds
//!   the inactive tag, reactivating deletes the one and removes the other (1 call, 29
//!   points). Any other PATCH reads once and writes once (2 calls). An unknown id is 404
//!   either way.
//! - `delete` follows the store's [`DeletePolicy`]; under [`DeletePolicy::Deactivate`]
//!   without `If-Match` it is the deactivating write alone, with the deleted tag added
//!   beside the inactive one (1 call, 38 points: `customerUpdate` also answers the customer
//!   as it was before the tags, so that a second DELETE is 404 without a read). With
//!   `If-Match` the service reads first and the store writes after that read (2 calls).
//!
//! Deleted Users (RFC 7644 §3.6, "MUST return a 404 (Not Found) error code for all
//! operations associated with the previously deleted resource" and "MUST omit the resource
//! from future query results"): the store keeps the customer (orders, consent and the
//! merchant's history stay) but marks it with the mapping's
//! [`deleted_tag`](crate::mapping::MappingConfig::deleted_tag) (default `scim-deleted`),
//! beside the deactivation the merchant's theme and Flow act on. A customer with that tag
//! is 404 for GET, PUT, PATCH and DELETE; the read-free PATCH of `active` finds it in its
//! write's answer and, when that write reactivated it, puts the deactivation back (one
//! more call) before answering 404. Every list leaves it out: searches add
//! `tag_not:"scim-deleted"` ([`live_search`]) and, since search lags writes, every
//! customer a list or a group's member search reads is checked in memory too; a direct
//! lookup (`customerByIdentifier`, `customer(id:)`) is checked the same way. It is no
//! group's member, and naming it as one is 400 as an unknown id is. A create whose email
//! (or externalId, or phone) Shopify still holds on a deleted customer takes that customer
//! over (see [`ShopifyStore::create`](ResourceStore::create)): 3 calls (the refused
//! `customerCreate`, `customerByIdentifier`, one write).
//! - `list` without a filter or `sortBy` (an identity provider's import) pages straight
//!   through Shopify's cursors, whatever the number of customers: RFC 9865 cursors are
//!   Shopify's own, sealed to the query, and `startIndex` is reached from the positions the
//!   store remembers (see [Lists in Shopify's order](self#lists-in-shopifys-order)). A page of `count`
//!   customers is one `CustomerWindow` call per 99 of them (the 1000-point cap); the count
//!   (`customersCount`, 10 points, less the deleted customers' ids) is taken once a minute
//!   at most.
//! - `list` with a filter looks a customer up directly when the filter allows it
//!   (`customerByIdentifier`, `customer(id:)`), else searches `customers(query:)`, pages
//!   through Shopify's cursors up to [`DEFAULT_LIST_CAP`] customers, and evaluates the
//!   filter, the sort and the page in memory with [`select`]; so does a sorted list.
//! - A User's read-only `groups` comes from its group tags (see below).
//!
//! # Lists in Shopify's order
//!
//! How a list without a filter or `sortBy` pages, for Users and Groups alike:
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
//!   ids up to [`DEFAULT_COUNT_CAP`] (`customersCount` cannot search by tag). Kept for a
//!   minute, and forgotten by every write of this store.
//! - Search lags writes: a customer deleted a moment ago that Shopify still finds is left
//!   out in memory, and its page is one shorter rather than shifted.
//!
//! `meta.version` is `updatedAt`, which Shopify keeps to the second: two writes within one
//! second share a version.
//!
//! Groups (RFC 7643 §4.2): each group is a metaobject of the app's type [`GROUP_TYPE`]
//! (fields `display_name`, `external_id`; `id` is the numeric part of its gid), and
//! membership is the customer tag [`group_tag`](crate::mapping::group_tag) (the configured
//! prefix and the display name), so merchants can segment, discount and gate content on it.
//!
//! What each operation sends (N members, G groups; pages of members and groups start at 25
//! and double up to 250, so that a small group's read asks for 27 cost points, not 252):
//! - POST: the definition is looked up by type once per store (and created when missing, a
//!   concurrent "Type has already been taken" tolerated); `nodes(ids:)` checks the members
//!   are customers (one call per 250, none without members) before anything is written;
//!   `metaobjectCreate` (its handle, [`group_handle`](crate::mapping::group_handle), makes a second group with the same tag
//!   fail with 409 `uniqueness`; a group the cache knows under that tag, e.g. renamed in the
//!   Shopify admin, is 409 too, after one re-read of the groups confirms it); one `tagsAdd`
//!   per member.
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
//!   cursors and `startIndex` as for Users, then each returned group's members unless
//!   excluded.
//! - list with a filter or `sortBy`: every group, paged (`metaobjects(type:)`), or the one group an `id eq` term
//!   names (Entra's membership check), filtered, sorted and paged in memory by
//!   [`select`]; then each returned group's members, unless the client excluded them
//!   (`excludedAttributes=members`, as Okta and Entra do; excluding `members.display`
//!   keeps them) (every group's, read once before selecting, when the filter or `sortBy`
//!   names `members`).
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
//! A User's read-only `groups` comes from its group tags through a cache of the groups,
//! filled on first need, updated by this store's own group writes, and re-read when a
//! customer carries a group tag the cache does not know (at most once per
//! [`MISS_REFRESH`]): a group created or renamed by another process shows up on the next
//! miss; a tag whose group is gone is left out.
//!
//! Any other resource type answers 501.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
//! use scim_shopify::mapping::MappingConfig;
//! use scim_shopify::store::{DeletePolicy, ShopifyStore};
//!
//! let client = ShopifyClient::new(ShopifyConfig::new(
//!     "example.myshopify.com",
//!     Credentials::AccessToken(Secret::new("shpat_x")),
//! ))?;
//! let store = ShopifyStore::new(client, MappingConfig::default(), DeletePolicy::default())?;
//! # let _ = store; Ok(()) }
//! ```

mod convert;
mod group_writes;
mod groups;
mod listing;
mod paging;
mod setup;
mod snapshots;

pub use crate::mapping::{DISPLAY_NAME_FIELD, EXTERNAL_ID_FIELD, GROUP_TYPE};
pub use groups::{MAX_CACHED_GROUPS, MISS_REFRESH};
pub use listing::DEFAULT_COUNT_CAP;
pub use setup::{Definitions, SetupError};

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use http::StatusCode;
use scim_core::ScimError;
use scim_core::patch::{Op, PatchRequest, apply};
use scim_core::query::{ListQuery, Page, select};
use scim_core::resource::{Attributes, Meta, Resource, Version};
use scim_core::schema::ResourceView;
use scim_core::store::{ResourceStore, StoreError, Stored, async_trait};
use scim_filter::{Filter, PatchPath, USER_SCHEMA};
use serde_json::{Map, Value};

use crate::client::ShopifyClient;
use crate::client::operations::{
    CustomerById, CustomerByIdVariables, CustomerByIdentifier, CustomerByIdentifierVariables,
    CustomerCreate, CustomerDelete, CustomerIdVariables, CustomerIdentifier,
    CustomerInputVariables, CustomerRequestDataErasure, CustomerWrite, CustomerWriteVariables,
    Customers, CustomersVariables, MAX_CUSTOMERS_PER_PAGE, UserError,
};
use groups::GroupIndex;
use paging::{Walked, walk};

use crate::mapping::{
    Customer, CustomerField, DirectLookup, FieldChanges, MAX_TAG_CHARS, MappingConfig,
    MappingError, Metafield, SearchExpr, Target, UpdatePlan, create_plan, customer_gid,
    customer_meta, customer_to_stored, customer_to_user, is_group_tag, live_search,
    translate_filter, update_plan,
};

/// The most customers (or groups) one filtered or sorted `list` fetches from Shopify
/// before it gives up with 400 `tooMany` (unless changed with
/// [`ShopifyStore::with_list_cap`]). A search is a pre-filter evaluated in memory, so a
/// filter that Shopify cannot narrow reads every customer; past this many the client is
/// asked to narrow its filter rather than answered a silently truncated list. A list
/// without a filter or `sortBy` has no cap: it pages through Shopify's cursors (see
/// [lists in Shopify's order](self#lists-in-shopifys-order)).
pub const DEFAULT_LIST_CAP: usize = 1000;

/// How many times `create` sends `customerCreate` when answers are lost (a 5xx, a timeout,
/// a dropped connection), looking the customer up before each retry.
const CREATE_ATTEMPTS: u32 = 4;

/// How many customers read by `get` are kept for the write that follows (all are dropped
/// when full).
const RECENT_CAP: usize = 1024;

/// Shopify's cap on a customer's tags (shopify.dev, `tagsAdd`); a tag's own is
/// [`MAX_TAG_CHARS`].
const MAX_TAGS: usize = 250;

/// What DELETE does to a customer.
///
/// RFC 7644 §3.6 lets a service provider keep a deleted resource, provided every later
/// operation on it is 404 and no query returns it: every policy meets that, the default by
/// marking the customer deleted (see the [module documentation](self)).
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

/// A [`ResourceStore`] for SCIM Users kept as the customers of one Shopify shop.
///
/// See the [module documentation](self) for what each call sends.
#[derive(Debug)]
pub struct ShopifyStore {
    client: ShopifyClient,
    config: MappingConfig,
    policy: DeletePolicy,
    list_cap: usize,
    count_cap: usize,
    namespaces: Option<String>,
    /// Customers `get` read, by gid, for the write the service sends right after its read
    /// (PUT, and PATCH or DELETE with `If-Match`); used only at the version it expects.
    recent: Mutex<HashMap<String, Customer>>,
    groups: groups::GroupState,
    /// What lists paged through Shopify's cursors learnt (counts, positions).
    snapshots: snapshots::Snapshots,
}

impl ShopifyStore {
    /// A store over `client` with the mapping `config` and the DELETE `policy`.
    ///
    /// # Errors
    ///
    /// The mapping's own check ([`MappingConfig::check`]) fails; or a rule maps to the
    /// customer `note`, or the owned metafields span more than one namespace, which the
    /// client's customer selection does not read.
    pub fn new(
        client: ShopifyClient,
        config: MappingConfig,
        policy: DeletePolicy,
    ) -> Result<Self, MappingError> {
        config.check()?;
        if config
            .rules
            .iter()
            .any(|rule| matches!(rule.target(), Target::Field(CustomerField::Note)))
        {
            return Err(MappingError::Conflict(
                "the Shopify store does not read or write the customer note".into(),
            ));
        }
        let namespaces: Vec<String> = config
            .owned_metafields()
            .map(|m| m.namespace.clone())
            .collect();
        let namespace = namespaces.first().cloned();
        if namespaces.iter().any(|n| Some(n) != namespace.as_ref()) {
            return Err(MappingError::Conflict(
                "every metafield of the mapping must be in one namespace".into(),
            ));
        }
        Ok(ShopifyStore {
            client,
            config,
            policy,
            list_cap: DEFAULT_LIST_CAP,
            count_cap: DEFAULT_COUNT_CAP,
            namespaces: namespace,
            recent: Mutex::new(HashMap::new()),
            groups: groups::GroupState::default(),
            snapshots: snapshots::Snapshots::default(),
        })
    }

    /// The same store with another cap on the customers one `list` fetches
    /// (default [`DEFAULT_LIST_CAP`]).
    pub fn with_list_cap(mut self, cap: usize) -> Self {
        self.list_cap = cap;
        self
    }

    fn ns(&self) -> Option<String> {
        self.namespaces.clone()
    }

    /// The customer `gid`, or `None`.
    async fn read(&self, gid: &str) -> Result<Option<Customer>, StoreError> {
        let answer = self
            .client
            .execute::<CustomerById>(&CustomerByIdVariables {
                id: gid.to_owned(),
                metafield_namespace: self.ns(),
            })
            .await
            .map_err(|e| convert::backend("reading a customer", e))?;
        Ok(answer.data.customer.map(convert::customer))
    }

    /// The customer a SCIM `id` names, or 404 (also for a customer marked deleted, RFC 7644
    /// §3.6).
    async fn read_id(&self, id: &str) -> Result<(String, Customer), StoreError> {
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        let customer = self
            .read(&gid)
            .await?
            .filter(|c| !self.is_deleted(c))
            .ok_or_else(|| not_found(id))?;
        Ok((gid, customer))
    }

    /// Whether the customer carries the deleted tag: its User was deleted and the store
    /// answers 404 for it (RFC 7644 §3.6).
    fn is_deleted(&self, customer: &Customer) -> bool {
        customer.has_tag(&self.config.deleted_tag)
    }

    async fn by_identifier(
        &self,
        identifier: CustomerIdentifier,
    ) -> Result<Option<Customer>, StoreError> {
        let answer = self
            .client
            .execute::<CustomerByIdentifier>(&CustomerByIdentifierVariables {
                identifier,
                metafield_namespace: self.ns(),
            })
            .await
            .map_err(|e| convert::backend("looking a customer up", e))?;
        Ok(answer.data.customer_by_identifier.map(convert::customer))
    }

    /// The User for a customer, its `groups` from `index` (`meta` inside, for a list to
    /// filter and sort on).
    fn to_user(&self, customer: &Customer, index: &GroupIndex) -> Result<Resource, StoreError> {
        customer_to_user(&self.config, customer, |tag| index.lookup(tag))
            .map_err(|e| StoreError::backend(format!("reading the customer {}", customer.id), e))
    }

    /// The User for a customer as [`Stored`], its `groups` from `index`.
    fn stored_with(&self, customer: &Customer, index: &GroupIndex) -> Result<Stored, StoreError> {
        customer_to_stored(&self.config, customer, |tag| index.lookup(tag))
            .map_err(|e| StoreError::backend(format!("reading the customer {}", customer.id), e))
    }

    /// The customer as [`Stored`] without its `groups`, for a version check (which needs no
    /// group lookup).
    fn version_only(&self, customer: &Customer) -> Result<Stored, StoreError> {
        self.stored_with(customer, &GroupIndex::default())
    }

    /// The Users for `customers` as [`Stored`], their `groups` from one lookup of the groups
    /// they name.
    async fn stored_all(&self, customers: &[Customer]) -> Result<Vec<Stored>, StoreError> {
        let index = self
            .group_index(&customers.iter().collect::<Vec<_>>())
            .await?;
        customers
            .iter()
            .map(|c| self.stored_with(c, &index))
            .collect()
    }

    async fn to_stored(&self, customer: &Customer) -> Result<Stored, StoreError> {
        let index = self.group_index(&[customer]).await?;
        self.stored_with(customer, &index)
    }

    /// Sends the smallest change set that makes `current` hold `user` as one
    /// [`CustomerWrite`], which answers the customer as written.
    ///
    /// When Shopify refuses one part (a taken email) after another part ran (the tags
    /// after it), the store puts back what ran, so that nothing stays half-written, and
    /// answers the refusal.
    async fn write(
        &self,
        gid: &str,
        current: Customer,
        user: &Resource,
    ) -> Result<Customer, StoreError> {
        let plan = update_plan(&self.config, &current, user)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        self.write_plan(gid, current, plan).await
    }

    /// Sends `plan` (from `current`) as one [`CustomerWrite`]; see [`write`](Self::write).
    async fn write_plan(
        &self,
        gid: &str,
        current: Customer,
        plan: UpdatePlan,
    ) -> Result<Customer, StoreError> {
        check_tags(&current, &plan.tags_to_add, &plan.tags_to_remove)?;
        let write = self.write_of(gid, plan);
        if write.is_empty() {
            return Ok(current);
        }
        match self.send(write).await {
            Ok(written) => Ok(written),
            Err(Refused {
                error,
                applied: true,
            }) => {
                self.undo(gid, &current).await;
                Err(error)
            }
            Err(Refused { error, .. }) => Err(error),
        }
    }

    /// The [`CustomerWrite`] of an update plan: field changes and metafields to set in
    /// `customerUpdate`, the rest in their own parts.
    fn write_of(&self, gid: &str, plan: UpdatePlan) -> CustomerWriteVariables {
        let mut write = CustomerWriteVariables::new(gid, self.ns());
        write.input = convert::update_input(plan.fields, plan.metafields_to_set);
        write.metafields_to_delete = plan
            .metafields_to_delete
            .into_iter()
            .map(|key| convert::metafield_identifier(gid, key.namespace, key.key))
            .collect();
        write.tags_to_remove = plan.tags_to_remove;
        write.tags_to_add = plan.tags_to_add;
        write
    }

    /// Sends one [`CustomerWrite`] and answers the customer as written (read back only
    /// after a lone `metafieldsDelete`, whose payload does not reach the customer).
    async fn send(&self, write: CustomerWriteVariables) -> Result<Customer, Refused> {
        self.send_reading_before(write)
            .await
            .map(|(written, _)| written)
    }

    /// [`send`](Self::send), and the customer as `customerUpdate` answered it before the tag
    /// parts ran when the write [`reads before`](CustomerWriteVariables::read_before).
    async fn send_reading_before(
        &self,
        write: CustomerWriteVariables,
    ) -> Result<(Customer, Option<Customer>), Refused> {
        let gid = write.id.clone();
        self.forget(&gid);
        let selects_customer = write.selects_customer();
        let answer = match self.client.execute::<CustomerWrite>(&write).await {
            Ok(answer) => answer,
            Err(err) if convert::is_resource_not_found(&err) => {
                return Err(Refused::nothing_applied(missing(&gid)));
            }
            Err(err) => {
                return Err(Refused::nothing_applied(convert::backend(
                    "writing a customer",
                    err,
                )));
            }
        };
        let data = answer.data;
        let errors: Vec<UserError> = data.user_errors().cloned().collect();
        if !errors.is_empty() {
            let error = if convert::names_missing_customer(&errors) {
                missing(&gid)
            } else {
                convert::user_errors(&errors)
            };
            return Err(Refused {
                error,
                applied: data.some_part_applied(),
            });
        }
        let before = data.before_tags().cloned().map(convert::customer);
        let written = match data.into_customer() {
            Some(customer) => Some(convert::customer(customer)),
            None if selects_customer => None,
            None => self.read(&gid).await.map_err(Refused::nothing_applied)?,
        };
        written.map(|written| (written, before)).ok_or_else(|| {
            Refused::nothing_applied(StoreError::backend(
                "writing a customer",
                "CustomerWrite answered neither the customer nor userErrors",
            ))
        })
    }

    /// Puts back `before` after a write that Shopify refused in part: reads the customer
    /// and sends the plan from what it holds now to what it held. Best effort: a failure
    /// is logged (with the customer id only) and the refusal is answered all the same.
    async fn undo(&self, gid: &str, before: &Customer) {
        let undone = async {
            let after = self.read(gid).await?.ok_or_else(|| missing(gid))?;
            // `groups` is read-only and the plan never touches group tags: no index needed.
            let user = self.to_user(before, &GroupIndex::default())?;
            let plan = update_plan(&self.config, &after, &user)
                .map_err(|e| StoreError::backend("undoing a refused write", e.to_string()))?;
            let write = self.write_of(gid, plan);
            if !write.is_empty() {
                self.send(write).await.map_err(|refused| refused.error)?;
            }
            Ok::<(), StoreError>(())
        };
        if let Err(err) = undone.await {
            tracing::warn!(
                customer = %gid,
                error = %err,
                "Shopify refused part of a write and putting back the rest failed"
            );
        }
    }

    /// Sets `active` with one [`CustomerWrite`] and no read (RFC 7644 §3.5.2.3 `replace`
    /// of `active`; DELETE under [`DeletePolicy::Deactivate`]): deactivating sets the
    /// inactive metafield (inline in `customerUpdate`) and adds the inactive tag;
    /// reactivating deletes the metafield and removes the tag. An unknown customer is 404.
    ///
    /// `active` is read from the tag. Should Shopify set the metafield and refuse the tag
    /// (a customer already at 250 tags), the customer was active, without the metafield:
    /// the metafield is deleted again and the refusal answered.
    async fn set_active(&self, gid: &str, active: bool) -> Result<Customer, StoreError> {
        self.set_state(gid, active, false)
            .await
            .map(|(written, _)| written)
    }

    /// The soft delete (RFC 7644 §3.6): the deactivating write of
    /// [`set_active`](Self::set_active) with the deleted tag added beside the inactive
    /// one, still one [`CustomerWrite`], whose `customerUpdate` also answers the customer
    /// as it was before the tags (so that deleting a deleted User is 404 without a read).
    async fn mark_deleted(&self, gid: &str, id: &str) -> Result<(), StoreError> {
        let (_, before) = self.set_state(gid, false, true).await?;
        if before.is_some_and(|before| self.is_deleted(&before)) {
            return Err(not_found(id).into());
        }
        Ok(())
    }

    /// Sets `active` as [`set_active`](Self::set_active) does and, with `delete` (only
    /// when deactivating), adds the deleted tag in the same `tagsAdd`; answers the customer
    /// as written and, with `delete`, as it was before the tags.
    async fn set_state(
        &self,
        gid: &str,
        active: bool,
        delete: bool,
    ) -> Result<(Customer, Option<Customer>), StoreError> {
        let spec = &self.config.inactive_metafield;
        let mut write = CustomerWriteVariables::new(gid, self.ns());
        if active {
            write.metafields_to_delete = vec![convert::metafield_identifier(
                gid,
                &spec.namespace,
                &spec.key,
            )];
            write.tags_to_remove = vec![self.config.inactive_tag.clone()];
        } else {
            let inactive = Metafield::new(&spec.namespace, &spec.key, &spec.kind, "false");
            write.input = convert::update_input(FieldChanges::default(), vec![inactive]);
            write.tags_to_add = vec![self.config.inactive_tag.clone()];
            if delete {
                write.tags_to_add.push(self.config.deleted_tag.clone());
                write.read_before = true;
            }
        }
        match self.send_reading_before(write).await {
            Ok(written) => Ok(written),
            Err(Refused {
                error,
                applied: true,
            }) if !active => {
                let untagged = self
                    .read(gid)
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|c| !c.has_tag(&self.config.inactive_tag));
                if untagged {
                    let mut undo = CustomerWriteVariables::new(gid, self.ns());
                    undo.metafields_to_delete = vec![convert::metafield_identifier(
                        gid,
                        &spec.namespace,
                        &spec.key,
                    )];
                    if let Err(refused) = self.send(undo).await {
                        tracing::warn!(
                            customer = %gid,
                            error = %refused.error,
                            "Shopify refused the inactive tag and deleting the inactive metafield failed"
                        );
                    }
                }
                Err(error)
            }
            Err(refused) => Err(refused.error),
        }
    }

    /// The customer a write with `expected` (from `If-Match`, or the version the service
    /// just read) applies to: the one [`get`](ResourceStore::get) read last when it is at
    /// that version, else read now. 412 when it is at another version.
    async fn current(
        &self,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(String, Customer), StoreError> {
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        let recent = expected.and_then(|expected| {
            let customer = self.recent().remove(&gid)?;
            check_version(&self.version_only(&customer).ok()?, Some(expected)).ok()?;
            Some(customer)
        });
        let customer = match recent {
            Some(customer) => customer,
            None => self.read(&gid).await?.ok_or_else(|| not_found(id))?,
        };
        if self.is_deleted(&customer) {
            return Err(not_found(id).into());
        }
        check_version(&self.version_only(&customer)?, expected)?;
        Ok((gid, customer))
    }

    fn recent(&self) -> std::sync::MutexGuard<'_, HashMap<String, Customer>> {
        self.recent.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps the customer `get` read, for the write the service sends next.
    fn remember(&self, customer: &Customer) {
        let mut recent = self.recent();
        if recent.len() >= RECENT_CAP {
            recent.clear();
        }
        recent.insert(customer.id.clone(), customer.clone());
    }

    fn forget(&self, gid: &str) {
        self.recent().remove(gid);
    }

    /// The answer to a create refused as taken (`lost`: after an attempt whose answer was
    /// lost), from a lookup of the customer holding the identity: a customer marked deleted
    /// is [revived](Self::revive); after a lost attempt, the customer it made (same
    /// identity) is the answer; `None` when it finds neither or cannot look.
    async fn adopt(
        &self,
        identity: &Identity,
        user: &Resource,
        lost: bool,
    ) -> Option<Result<Stored, StoreError>> {
        let found = self.find_created(identity).await.ok()??;
        if self.is_deleted(&found) {
            return Some(self.revive(found, user).await);
        }
        if !lost || !identity.matches(&found, &self.config) {
            return None;
        }
        Some(self.to_stored(&found).await)
    }

    /// Makes the customer `found`, marked deleted, hold the User `user` exactly, as its
    /// create: one [`CustomerWrite`] of the update plan from `found` to `user` (an absent
    /// `active` counts as `true`, as on create), plus removing the deleted tag and the
    /// group tags the deleted User kept, and adding the creation tags it lacks.
    async fn revive(&self, found: Customer, user: &Resource) -> Result<Stored, StoreError> {
        let mut user = user.clone();
        if user.get("active").is_none() {
            user.set("active", Value::Bool(true));
        }
        let mut plan = update_plan(&self.config, &found, &user)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        for tag in &found.tags {
            let stale = crate::mapping::tag_eq(tag, &self.config.deleted_tag)
                || is_group_tag(&self.config, tag);
            if stale && !plan.tags_to_remove.contains(tag) {
                plan.tags_to_remove.push(tag.clone());
            }
        }
        for tag in &self.config.creation_tags {
            if !found.has_tag(tag) && !plan.tags_to_add.contains(tag) {
                plan.tags_to_add.push(tag.clone());
            }
        }
        let gid = found.id.clone();
        tracing::info!(customer = %gid, "a created User takes over its deleted customer");
        let written = self.write_plan(&gid, found, plan).await?;
        self.to_stored(&written).await
    }

    /// Looks up the customer a `customerCreate` whose answer was lost may have created:
    /// by email, else by the externalId custom id, else by phone (`customerByIdentifier`
    /// is immediately consistent; search lags writes).
    async fn find_created(&self, identity: &Identity) -> Result<Option<Customer>, StoreError> {
        if let Some(email) = &identity.email
            && let Some(found) = self
                .by_identifier(CustomerIdentifier::email(email.clone()))
                .await?
        {
            return Ok(Some(found));
        }
        if let Some(external_id) = &identity.external_id {
            let spec = &self.config.external_id;
            let by_external_id =
                CustomerIdentifier::custom_id(&spec.namespace, &spec.key, external_id.clone());
            if let Some(found) = self.by_identifier(by_external_id).await? {
                return Ok(Some(found));
            }
        }
        if identity.email.is_none()
            && let Some(phone) = &identity.phone
        {
            return self
                .by_identifier(CustomerIdentifier::PhoneNumber(phone.clone()))
                .await;
        }
        Ok(None)
    }

    /// The customers a filter's translation names (at most `list_cap` of them), and what
    /// of the filter is left to evaluate on them.
    async fn candidates(
        &self,
        query: &ListQuery,
    ) -> Result<(Vec<Customer>, Option<Filter<'static>>), StoreError> {
        let (mut customers, residual) = self.matching(query).await?;
        // The search lags writes, and the direct lookups see every customer.
        customers.retain(|c| !self.is_deleted(c));
        Ok((customers, residual))
    }

    /// [`candidates`](Self::candidates), deleted customers included.
    async fn matching(
        &self,
        query: &ListQuery,
    ) -> Result<(Vec<Customer>, Option<Filter<'static>>), StoreError> {
        let Some(translation) = query
            .filter
            .as_ref()
            .map(|filter| translate_filter(&self.config, filter))
        else {
            return Ok((self.search(None).await?, None));
        };
        match translation.direct {
            Some(direct) => {
                let found = match direct {
                    DirectLookup::CustomerId(gid) => self.read(&gid).await?,
                    DirectLookup::Email(email) => {
                        self.by_identifier(CustomerIdentifier::email(email)).await?
                    }
                    DirectLookup::CustomId { namespace, key, id } => {
                        self.by_identifier(CustomerIdentifier::custom_id(namespace, key, id))
                            .await?
                    }
                    DirectLookup::NoMatch => None,
                };
                Ok((found.into_iter().collect(), translation.residual))
            }
            None => Ok((self.search(translation.search).await?, translation.residual)),
        }
    }

    /// Every customer `search` finds (every customer without one) but those marked deleted
    /// ([`live_search`]), paging through Shopify's cursors; 400 `tooMany` past `list_cap`.
    async fn search(&self, search: Option<SearchExpr>) -> Result<Vec<Customer>, StoreError> {
        let query = convert::search_query(&live_search(&self.config, search));
        let fetch = |first, after| {
            let variables = CustomersVariables {
                query: Some(query.clone()),
                first,
                after,
                metafield_namespace: self.ns(),
            };
            async move {
                let answer = self
                    .client
                    .execute::<Customers>(&variables)
                    .await
                    .map_err(|e| convert::backend("searching customers", e))?;
                let page = answer.data.customers;
                Ok(Walked {
                    read: page.nodes.len(),
                    items: page.nodes.into_iter().map(convert::customer).collect(),
                    info: page.page_info,
                })
            }
        };
        let cap = self.list_cap;
        walk(cap, MAX_CUSTOMERS_PER_PAGE, fetch, || {
            ScimError::too_many(format!(
                "the filter matches more than {cap} customers to examine; narrow it"
            ))
        })
        .await
    }
}

/// The resource types kept in Shopify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Group,
}

/// Users and Groups are kept in Shopify; any other type answers 501.
fn kind(view: &ResourceView<'_>) -> Result<Kind, StoreError> {
    match view.resource_type().name.as_str() {
        "User" => Ok(Kind::User),
        "Group" => Ok(Kind::Group),
        name => Err(ScimError::new(
            StatusCode::NOT_IMPLEMENTED,
            None,
            format!("{name}s are not provisioned to Shopify; only Users and Groups are"),
        )
        .into()),
    }
}

/// A PATCH that removes `active` is refused with 400 `mutability` rather than answered as
/// a silent no-op: the store keeps every User active or inactive (the inactive tag and
/// metafield), so it cannot hold a User without `active`, and reading the removal as
/// `active: true` would let a `remove` grant access. The client replaces `active` instead
/// (RFC 7644 §3.5.2.2 lets a service provider refuse a removal it cannot perform).
fn refuse_removing_active(before: &Resource, after: &Resource) -> Result<(), ScimError> {
    if before.get("active").is_some() && after.get("active").is_none() {
        return Err(ScimError::mutability(
            "this store keeps every User active or inactive: replace active with true or \
             false instead of removing it",
        ));
    }
    Ok(())
}

fn not_found(id: &str) -> ScimError {
    ScimError::not_found(format!("Resource {id} not found"))
}

/// 503 for a create Shopify neither confirmed nor can be found to have made (RFC 7644
/// §3.12: the client may send it again).
fn unconfirmed() -> ScimError {
    ScimError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        None,
        "Shopify did not confirm the customer's creation; send the request again",
    )
}

fn is_uniqueness(err: &StoreError) -> bool {
    matches!(err, StoreError::Scim(e) if e.scim_type() == Some(scim_core::ScimType::Uniqueness))
}

/// 404 for the customer `gid`.
fn missing(gid: &str) -> StoreError {
    not_found(crate::mapping::numeric_id(gid).unwrap_or(gid)).into()
}

/// A write Shopify did not make (in whole): the error to answer, and whether some part of
/// it ran all the same.
struct Refused {
    error: StoreError,
    applied: bool,
}

impl Refused {
    fn nothing_applied(error: StoreError) -> Self {
        Refused {
            error,
            applied: false,
        }
    }
}

/// Refuses before sending what `tagsAdd` would refuse after other parts of the write ran:
/// a tag over 255 characters, or more than 250 tags on the customer.
fn check_tags(current: &Customer, add: &[String], remove: &[String]) -> Result<(), StoreError> {
    if let Some(tag) = add.iter().find(|t| t.chars().count() > MAX_TAG_CHARS) {
        return Err(ScimError::invalid_value(format!(
            "a tag made from this User has {} characters; Shopify keeps at most {MAX_TAG_CHARS}",
            tag.chars().count()
        ))
        .into());
    }
    let kept = current
        .tags
        .iter()
        .filter(|t| !remove.iter().any(|r| r.eq_ignore_ascii_case(t)))
        .count();
    if kept + add.len() > MAX_TAGS {
        return Err(ScimError::invalid_value(format!(
            "the customer would have {} tags; Shopify keeps at most {MAX_TAGS}",
            kept + add.len()
        ))
        .into());
    }
    Ok(())
}

/// Who a create is for: what tells the customer it made from another one.
struct Identity {
    email: Option<String>,
    phone: Option<String>,
    external_id: Option<String>,
}

impl Identity {
    /// Whether `found` is the customer this create made: the same email (Shopify keeps it
    /// lowercased) and, when the User has one, the same externalId.
    fn matches(&self, found: &Customer, config: &MappingConfig) -> bool {
        let same_email = match (&self.email, &found.email) {
            (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
            (None, _) => true,
            (Some(_), None) => false,
        };
        let spec = &config.external_id;
        let same_external_id = self.external_id.as_deref().is_none_or(|id| {
            found
                .metafield(&spec.namespace, &spec.key)
                .is_some_and(|m| m.same_value(id))
        });
        same_email && same_external_id
    }
}

/// `Some(active)` when every operation of a PATCH only sets `active`: Okta's
/// `{"op": "replace", "value": {"active": false}}`, Entra ID's
/// `{"op": "Replace", "path": "active", "value": "False"}` (RFC 7644 §3.5.2.1 and §3.5.2.3;
/// `add` of a single-valued attribute replaces it). `op` in any case, the value a boolean
/// or `"True"`/`"False"` in any case; the last operation wins.
fn only_active(request: &PatchRequest) -> Option<bool> {
    let mut active = None;
    for operation in request.operations() {
        if !matches!(operation.op(), Op::Add | Op::Replace) {
            return None;
        }
        let value = operation.value()?;
        let value = match operation.path() {
            Some(PatchPath::Attribute(path))
                if is_active(path.uri(), path.name(), path.sub_attr()) =>
            {
                value
            }
            Some(_) => return None,
            None => {
                let Value::Object(members) = value else {
                    return None;
                };
                let mut members = members.iter();
                let (key, value) = members.next()?;
                if members.next().is_some() {
                    return None;
                }
                let path = scim_filter::AttrPath::parse(key).ok()?;
                if !is_active(path.uri(), path.name(), path.sub_attr()) {
                    return None;
                }
                value
            }
        };
        active = Some(match value {
            Value::Bool(b) => *b,
            Value::String(s) if s.eq_ignore_ascii_case("true") => true,
            Value::String(s) if s.eq_ignore_ascii_case("false") => false,
            _ => return None,
        });
    }
    active
}

/// `active`, bare or qualified with the core User schema URN (RFC 7644 §3.10).
fn is_active(uri: Option<&str>, name: &str, sub_attr: Option<&str>) -> bool {
    uri.is_none_or(|uri| uri.eq_ignore_ascii_case(USER_SCHEMA))
        && name.eq_ignore_ascii_case("active")
        && sub_attr.is_none()
}

/// A User a filtered or sorted list read: the whole resource, which the filter and the
/// sort look at, and its `meta` apart, so that a selected User becomes [`Stored`] without
/// reading `meta` back from its JSON.
struct Listed {
    user: Resource,
    meta: Option<Meta>,
}

impl Listed {
    fn into_stored(self) -> Result<Stored, StoreError> {
        let id = self.user.id().map(str::to_owned).unwrap_or_default();
        let meta = self.meta.ok_or_else(|| {
            StoreError::backend(
                format!("reading the customer {id}"),
                "the customer has no createdAt or updatedAt",
            )
        })?;
        Ok(Stored::new(id, meta, self.user))
    }
}

impl Attributes for Listed {
    fn attributes(&self) -> &Map<String, Value> {
        self.user.as_map()
    }
}

fn check_version(stored: &Stored, expected: Option<&Version>) -> Result<(), StoreError> {
    match expected {
        Some(expected) => Ok(stored.check_version(expected)?),
        None => Ok(()),
    }
}

#[async_trait]
impl ResourceStore for ShopifyStore {
    /// One `customerCreate`. When its answer is lost (a 5xx, a timeout, a dropped
    /// connection: Shopify may have created the customer, and the client does not replay
    /// a create), the customer is looked up by email (or externalId, or phone) with
    /// `customerByIdentifier` before the create is sent again: found with the same email
    /// and externalId, it is the answer; found as another identity, 409 `uniqueness`
    /// (RFC 7644 §3.3); not found, the create is sent again, four times in all, then
    /// 503.
    ///
    /// A create Shopify refuses as taken ("Email has already been taken") looks the
    /// customer up the same way. One marked deleted (its User was deleted under
    /// [`DeletePolicy::Deactivate`]) is taken over: one write makes it hold the new User
    /// exactly (the update plan from the customer to the User, an absent `active` counting
    /// as `true`; the deleted tag and the old group tags removed, the creation tags added),
    /// answered 201 with the customer's id. That id is reused because Shopify keys
    /// customers by email: the customer is the same person's, whom the identity provider
    /// deleted and now provisions again (Entra ID does so on un-assignment and
    /// re-assignment), so no id passes to another resource (RFC 7643 §3.1). `meta.created`
    /// stays the customer's. Held by a customer not marked deleted, the email is 409
    /// `uniqueness`.
    async fn create(
        &self,
        view: &ResourceView<'_>,
        resource: Resource,
    ) -> Result<Stored, StoreError> {
        let _writing = self.snapshots.writing();
        if kind(view)? == Kind::Group {
            return self.create_group(resource).await;
        }
        let plan = create_plan(&self.config, &resource)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        let spec = &self.config.external_id;
        let identity = Identity {
            email: plan.fields.email.clone().flatten(),
            phone: plan.fields.phone.clone().flatten(),
            external_id: plan
                .metafields
                .iter()
                .find(|m| m.namespace == spec.namespace && m.key == spec.key)
                .map(|m| m.value.clone()),
        };
        let variables = CustomerInputVariables {
            input: convert::create_input(plan),
            metafield_namespace: self.ns(),
        };
        for attempt in 1..=CREATE_ATTEMPTS {
            let err = match self.client.execute::<CustomerCreate>(&variables).await {
                Ok(answer) => {
                    let payload = answer.data.customer_create;
                    if !payload.user_errors.is_empty() {
                        let refused = convert::user_errors(&payload.user_errors);
                        // A resend refused as taken: the lost attempt may have been made
                        // after the lookup missed it (a slow request that ran late).
                        // Or the email (phone, externalId) is held by the customer of a
                        // deleted User: an IdP re-creating the person it deleted.
                        if is_uniqueness(&refused) {
                            return self
                                .adopt(&identity, &resource, attempt > 1)
                                .await
                                .unwrap_or(Err(refused));
                        }
                        return Err(refused);
                    }
                    let customer = payload.customer.map(convert::customer).ok_or_else(|| {
                        StoreError::backend(
                            "creating a customer",
                            "customerCreate answered neither a customer nor userErrors",
                        )
                    })?;
                    return self.to_stored(&customer).await;
                }
                Err(err) if err.is_retryable() => err,
                Err(err) => return Err(convert::backend("creating a customer", err)),
            };
            if identity.email.is_none()
                && identity.phone.is_none()
                && identity.external_id.is_none()
            {
                return Err(convert::backend("creating a customer", err));
            }
            tracing::warn!(
                attempt,
                error = %err,
                "customerCreate may have run without its answer; looking the customer up"
            );
            let found = match self.find_created(&identity).await {
                Ok(found) => found,
                Err(StoreError::Backend { context, source }) => {
                    tracing::warn!(
                        error = %source,
                        "{context} after a lost customerCreate answer failed too"
                    );
                    return Err(unconfirmed().into());
                }
                Err(err) => return Err(err),
            };
            if let Some(found) = found {
                if self.is_deleted(&found) {
                    return self.revive(found, &resource).await;
                }
                if identity.matches(&found, &self.config) {
                    return self.to_stored(&found).await;
                }
                return Err(ScimError::uniqueness(
                    "a customer with this email, phone or externalId already exists",
                )
                .into());
            }
        }
        Err(unconfirmed().into())
    }

    async fn get(&self, view: &ResourceView<'_>, id: &str) -> Result<Stored, StoreError> {
        if kind(view)? == Kind::Group {
            return self.get_group(id).await;
        }
        let (_, customer) = self.read_id(id).await?;
        self.remember(&customer);
        self.to_stored(&customer).await
    }

    /// One `CustomerWrite`, after the read the service just made (through
    /// [`get`](ResourceStore::get)) at the `expected` version, or after a read of its own.
    async fn replace(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let _writing = self.snapshots.writing();
        if kind(view)? == Kind::Group {
            return self.replace_group(id, resource, expected).await;
        }
        let (gid, current) = self.current(id, expected).await?;
        let written = self.write(&gid, current, &resource).await?;
        self.to_stored(&written).await
    }

    /// A PATCH that only sets `active` (any case of `op`, a boolean or a string) without `If-Match` is one
    /// `CustomerWrite` and no read; a deleted User found in its answer is 404 (RFC 7644
    /// §3.6), after one more write that puts back the deactivation a reactivation removed. Any other reads the customer once, applies the PATCH
    /// to the User read from it, and sends the update plan as one `CustomerWrite`. Unlike
    /// the trait's default it does not read again before writing: the plan holds only what
    /// changes (tags are added and removed, never overwritten), so a write that raced
    /// another touches only what this PATCH changed.
    async fn patch(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let _writing = self.snapshots.writing();
        if kind(view)? == Kind::Group {
            return self.patch_group(view, id, request, expected).await;
        }
        if expected.is_none()
            && let Some(active) = only_active(request)
        {
            let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
            let written = self.set_active(&gid, active).await?;
            if self.is_deleted(&written) {
                // A deleted User is 404 (RFC 7644 §3.6); reactivating removed the
                // deactivation the deletion made, which one more write puts back.
                if active && let Err(err) = self.set_active(&gid, false).await {
                    tracing::warn!(
                        customer = %gid,
                        error = %err,
                        "putting back the deactivation of a deleted customer failed"
                    );
                }
                return Err(not_found(id).into());
            }
            return self.to_stored(&written).await;
        }
        let (gid, current) = self.current(id, expected).await?;
        let stored = self.to_stored(&current).await?;
        let patched = apply(view, request, stored.to_resource(None))?;
        if !patched.changed {
            return Ok(stored);
        }
        refuse_removing_active(&stored.resource, &patched.resource)?;
        let written = self.write(&gid, current, &patched.resource).await?;
        self.to_stored(&written).await
    }

    async fn delete(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        let _writing = self.snapshots.writing();
        if kind(view)? == Kind::Group {
            return self.delete_group(id, expected).await;
        }
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        if self.policy == DeletePolicy::Deactivate && expected.is_none() {
            return self.mark_deleted(&gid, id).await;
        }
        let (gid, _) = self.current(id, expected).await?;
        match self.policy {
            DeletePolicy::Deactivate => self.mark_deleted(&gid, id).await,
            DeletePolicy::Delete => {
                self.forget(&gid);
                let answer = self
                    .client
                    .execute::<CustomerDelete>(&CustomerIdVariables { id: gid.clone() })
                    .await
                    .map_err(|e| convert::backend("deleting a customer", e))?;
                let payload = answer.data.customer_delete;
                if payload.user_errors.is_empty() {
                    return Ok(());
                }
                tracing::warn!(
                    customer = %gid,
                    "Shopify refused to delete the customer (it has orders); deactivated and \
                     marked deleted instead"
                );
                self.mark_deleted(&gid, id).await
            }
            DeletePolicy::Erase => {
                self.forget(&gid);
                let answer = self
                    .client
                    .execute::<CustomerRequestDataErasure>(&CustomerIdVariables { id: gid.clone() })
                    .await
                    .map_err(|e| convert::backend("requesting a customer's erasure", e))?;
                let payload = answer.data.customer_request_data_erasure;
                if !payload.user_errors.is_empty() {
                    return Err(convert::user_errors(&payload.user_errors));
                }
                // Shopify erases later; until then the customer is marked deleted, so the
                // User is 404 at once (RFC 7644 §3.6).
                self.mark_deleted(&gid, id).await
            }
        }
    }

    async fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        if kind(view)? == Kind::Group {
            if Self::in_shopify_order(query) {
                return self.list_groups_in_order(view, query).await;
            }
            return self.list_groups(view, query).await;
        }
        if Self::in_shopify_order(query) {
            return self.list_users_in_order(view, query).await;
        }
        let (customers, residual) = self.candidates(query).await?;
        let index = self
            .group_index(&customers.iter().collect::<Vec<_>>())
            .await?;
        let users = customers
            .iter()
            .map(|customer| {
                Ok(Listed {
                    user: self.to_user(customer, &index)?,
                    meta: customer_meta(customer),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // What Shopify did not answer exactly is evaluated in memory, with the sort and
        // the page.
        let query = ListQuery {
            filter: residual,
            ..query.clone()
        };
        let mut page = select(view, users, &query)?;
        let resources = std::mem::take(&mut page.resources)
            .into_iter()
            .map(Listed::into_stored)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(page.with_resources(resources))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(operations: Value) -> PatchRequest {
        PatchRequest::from_json(json!({"Operations": operations})).expect("a PATCH body")
    }

    #[test]
    fn okta_and_entra_active_patches_are_recognised() {
        // Okta: a path-less replace with a boolean.
        let okta = request(json!([{"op": "replace", "value": {"active": false}}]));
        assert_eq!(only_active(&okta), Some(false));
        // Entra ID: `Replace`, a path, a string boolean.
        let entra = request(json!([{"op": "Replace", "path": "active", "value": "True"}]));
        assert_eq!(only_active(&entra), Some(true));
        // RFC 7644 §3.10: the attribute qualified with its schema URN; `add` replaces a
        // single-valued attribute (§3.5.2.1); the last operation wins.
        let qualified = request(json!([
            {"op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:User:active", "value": true},
            {"op": "replace", "value": {"ACTIVE": "false"}},
        ]));
        assert_eq!(only_active(&qualified), Some(false));
    }

    #[test]
    fn anything_more_than_active_takes_the_read_path() {
        for operations in [
            json!([]),
            json!([{"op": "replace", "value": {"active": false, "title": "x"}}]),
            json!([{"op": "replace", "path": "active", "value": false},
                   {"op": "replace", "path": "title", "value": "x"}]),
            json!([{"op": "remove", "path": "active"}]),
            json!([{"op": "replace", "path": "active", "value": "maybe"}]),
            json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "a@b.c"}]),
            json!([{"op": "replace",
                    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:active",
                    "value": false}]),
        ] {
            assert_eq!(
                only_active(&request(operations.clone())),
                None,
                "{operations}"
            );
        }
    }

    #[test]
    fn tags_shopify_would_refuse_are_refused_before_sending() {
        let customer = |tags: usize| Customer {
            tags: (0..tags).map(|i| format!("t{i}")).collect(),
            ..Customer::default()
        };
        assert!(check_tags(&customer(249), &["new".into()], &[]).is_ok());
        let err = check_tags(&customer(250), &["new".into()], &[]).unwrap_err();
        assert_eq!(err.to_scim().status(), 400);
        assert!(check_tags(&customer(250), &["new".into()], &["T0".into()]).is_ok());
        let long = "x".repeat(256);
        assert_eq!(
            check_tags(&customer(0), &[long], &[])
                .unwrap_err()
                .to_scim()
                .status(),
            400
        );
    }
}
