//! [`InMemoryStore`]: a [`ResourceStore`] that keeps everything in memory.

mod ids;
mod members;
mod membership;
mod partition;
mod state;

use std::fmt;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use state::State;

use super::{Change, ResourceStore, StoreError, Stored, async_trait};
use crate::patch::PatchRequest;
use crate::query::{ListQuery, Page};
use crate::resource::{Resource, Version};
use crate::schema::ResourceView;

/// A [`ResourceStore`] in memory: the default of the example server, and the reference for
/// what a store does. Share it behind an [`Arc`](std::sync::Arc); it is `Send + Sync`.
///
/// ```
/// use scim_core::resource::{Write, validate};
/// use scim_core::schema::SchemaRegistry;
/// use scim_core::store::{InMemoryStore, ResourceStore};
/// use serde_json::json;
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let mut future = std::pin::pin!(future);
/// #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
/// #     loop {
/// #         if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) { return out; }
/// #     }
/// # }
///
/// let registry = SchemaRegistry::rfc7643();
/// let (users, groups) = (registry.view("User").unwrap(), registry.view("Group").unwrap());
/// let store = InMemoryStore::new();
///
/// let user = validate(&users, json!({"userName": "bjensen"}), Write::Create)?;
/// let bjensen = block_on(store.create(&users, user))?;
/// let group = validate(&groups, json!({
///     "displayName": "Tour Guides",
///     "members": [{"value": bjensen.id()}],
/// }), Write::Create)?;
/// let guides = block_on(store.create(&groups, group))?;
///
/// // The member's `type` and `display` are filled in (RFC 7643 §4.2) ...
/// assert_eq!(guides.resource.get("members").unwrap()[0]["display"], "bjensen");
/// // ... and the user's read-only `groups` follows (RFC 7643 §4.1.2).
/// let bjensen = block_on(store.get(&users, bjensen.id()))?;
/// assert_eq!(bjensen.resource.get("groups").unwrap()[0]["display"], "Tour Guides");
///
/// // userName is unique without regard to case (RFC 7643 §4.1.1).
/// let again = validate(&users, json!({"userName": "BJensen"}), Write::Create)?;
/// let err = block_on(store.create(&users, again)).unwrap_err();
/// assert_eq!(err.to_scim().status(), 409);
/// assert_eq!(store.len(&users), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # What it does
///
/// - **Resource types** are kept apart by name (`view.resource_type().name`), so any
///   registered type works, custom ones included. An id is unique in the whole store, and a
///   GET, PUT, PATCH or DELETE of an id under another type is 404.
/// - **Ids** are 32 opaque hex digits that never repeat within a store (RFC 7643 §3.1).
/// - **`meta`** (RFC 7643 §3.1): every write sets `version` (a counter of the store's
///   writes, opaque to clients) and `lastModified`; a create sets `created`; `resourceType`
///   is the type's name; `location` is left to the service. A replace keeps `id` and
///   `created` and ignores any `id` or `meta` it is given.
/// - **Preconditions** (RFC 7644 §3.14): a write with an `expected` version other than the
///   stored one is 412, and changes nothing.
/// - **Uniqueness** (RFC 7643 §2.2, §7): attributes of the core schema with `uniqueness`
///   `server` or `global` (for the RFC's schemas: `userName`) are unique within their type,
///   compared without case unless `caseExact` (RFC 7643 §4.1.1: `userName` is not). A
///   create or a rename to a value in use is 409 `uniqueness`; renaming to another casing
///   of one's own value is fine. A Group's `displayName` is not unique (its uniqueness is
///   `none`).
/// - **Members** (RFC 7643 §4.2): on create and replace of a `Group`, each `members.value`
///   must be the id of a `User` or `Group` of this store (else 400 `invalidValue` naming
///   it, and nothing is stored); `type` is filled, and so is `display` (a user's
///   `displayName`, else its `userName`; a group's `displayName`) when missing. A `type`
///   that is not the member's is `invalidValue`; a member listed twice is kept once; a group
///   cannot be its own member. `$ref` is left to the service.
/// - **A User's `groups`** (RFC 7643 §4.1.2) is maintained by the store: the groups having
///   the user as a direct member, each with `value`, `display` and `type: "direct"`, in the
///   order the groups were created. Whatever `groups` a client writes is ignored. It is
///   kept in step when members are added or removed, when a group is renamed or deleted.
///   **Such a change is a new version of the user**, with a new `lastModified`, since its
///   representation changed (a client's `If-Match` on the old version fails, as it should).
/// - **Deleting** a user or a group removes it from the members of every group, and each
///   group changed gets a new version. A member's `display` is not updated when the
///   member is renamed: it is what the group was written with.
/// - **Deactivated users** (`active: false`) are ordinary resources: GET and filters see
///   them.
/// - **PATCH** (RFC 7644 §3.5.2) reads, applies and writes under one lock, so no other write
///   comes between; a PATCH that changes nothing writes nothing and keeps the version.
///
/// # Lists
///
/// Unsorted lists are in creation order, so pages are stable (RFC 7644 §3.4.2.4); a
/// resource deleted between two page requests shifts the later ones by one.
///
/// - No filter, no `sortBy`: only the page is read (O(`count`)).
/// - A filter that is `eq` on a unique attribute (`userName eq "bjensen"`, alone or as a
///   term of a top-level `and`): one index lookup, then the whole filter on the at most one
///   candidate (O(1)). The filter is still checked against the schema, so a filter that
///   cannot be evaluated is `invalidFilter` here too.
/// - Anything else: every resource of the type is tried ([`crate::query::select`], over
///   references), then sorted; only the page is copied.
///
/// Filters see the whole representation, `id` and `meta` included (`meta.lastModified gt
/// "2011-05-13T04:42:34Z"`).
///
/// # Costs
///
/// n resources of the type, m members of a group, g groups of a user.
///
/// | operation | cost |
/// |---|---|
/// | create | O(1) (a `Group`: O(m), and O(g) per member to rewrite its `groups`) |
/// | get | O(1) plus the copy |
/// | replace, patch | O(1) (a `Group`: O(m), and O(g) per member added, removed or renamed) |
/// | delete | O(n) to shift the creation order (a `memmove`), O(m) per group it was in |
/// | list without filter or sort | O(`count`) |
/// | list `userName eq` | O(1) |
/// | any other list | O(n) filter, O(k log k) sort of the k matched, O(`count`) copy |
///
/// # Locking
///
/// One [`RwLock`] guards everything: reads share it, writes take it alone, and it is never
/// held across an `.await` (no method awaits). A panic while it was held (a bug) poisons it;
/// the store goes on with what it holds rather than failing every later request, since a
/// write checks everything before it changes anything.
pub struct InMemoryStore {
    state: RwLock<State>,
}

impl InMemoryStore {
    /// An empty store.
    ///
    /// ```
    /// use scim_core::schema::SchemaRegistry;
    /// use scim_core::store::InMemoryStore;
    ///
    /// let registry = SchemaRegistry::rfc7643();
    /// let store = InMemoryStore::new();
    /// assert!(store.is_empty(&registry.view("User").unwrap()));
    /// ```
    pub fn new() -> Self {
        InMemoryStore {
            state: RwLock::new(State::new()),
        }
    }

    /// How many resources of `view`'s type the store holds.
    ///
    /// ```
    /// use scim_core::schema::SchemaRegistry;
    /// use scim_core::store::InMemoryStore;
    ///
    /// let registry = SchemaRegistry::rfc7643();
    /// assert_eq!(InMemoryStore::new().len(&registry.view("Group").unwrap()), 0);
    /// ```
    pub fn len(&self, view: &ResourceView<'_>) -> usize {
        self.read().len(&view.resource_type().name)
    }

    /// Whether the store holds no resource of `view`'s type.
    ///
    /// ```
    /// use scim_core::schema::SchemaRegistry;
    /// use scim_core::store::InMemoryStore;
    ///
    /// let registry = SchemaRegistry::rfc7643();
    /// assert!(InMemoryStore::default().is_empty(&registry.view("User").unwrap()));
    /// ```
    pub fn is_empty(&self, view: &ResourceView<'_>) -> bool {
        self.len(view) == 0
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for InMemoryStore {
    fn default() -> Self {
        InMemoryStore::new()
    }
}

impl fmt::Debug for InMemoryStore {
    /// Says nothing of the resources (they hold passwords).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemoryStore").finish_non_exhaustive()
    }
}

#[async_trait]
impl ResourceStore for InMemoryStore {
    async fn create(
        &self,
        view: &ResourceView<'_>,
        resource: Resource,
    ) -> Result<Stored, StoreError> {
        Ok(self.write().create(view, resource)?)
    }

    async fn get(&self, view: &ResourceView<'_>, id: &str) -> Result<Stored, StoreError> {
        Ok(self.read().get(view, id)?)
    }

    async fn replace(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        Ok(self.write().replace(view, id, resource, expected)?)
    }

    async fn patch(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        Ok(self.write().patch(view, id, request, expected)?)
    }

    /// The read, the change and the write under one hold of the lock, so an update never
    /// meets another writer and is never retried.
    async fn update(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
        change: &Change<'_>,
    ) -> Result<Stored, StoreError> {
        let mut state = self.write();
        let current = state.get(view, id)?;
        if let Some(expected) = expected {
            current.check_version(expected)?;
        }
        let Some(resource) = change(&current)? else {
            return Ok(current);
        };
        Ok(state.replace(view, id, resource, current.meta.version.as_ref())?)
    }

    async fn delete(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        Ok(self.write().delete(view, id, expected)?)
    }

    async fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        Ok(self.read().list(view, query)?)
    }
}
