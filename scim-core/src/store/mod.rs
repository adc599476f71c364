//! Where resources live: the [`ResourceStore`] trait a backend implements, the types it
//! trades in, and [`InMemoryStore`], a store in memory.
//!
//! The service ([`crate::service`]) does everything the protocol asks before a store is called: it parses and
//! validates bodies against the schema, parses filters, checks `If-Match` preconditions
//! against what it read, projects answers and writes HTTP. A store only keeps resources: it
//! assigns `id` and `meta`, enforces uniqueness, evaluates the query it is handed, and
//! refuses a write whose expected version is not the stored one. Nothing here knows HTTP.
//!
//! ```
//! use scim_core::resource::{Write, validate};
//! use scim_core::schema::SchemaRegistry;
//! use scim_core::store::{InMemoryStore, ResourceStore};
//! use serde_json::json;
//! # fn block_on<F: std::future::Future>(future: F) -> F::Output {
//! #     let mut future = std::pin::pin!(future);
//! #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
//! #     loop {
//! #         if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) { return out; }
//! #     }
//! # }
//!
//! let registry = SchemaRegistry::rfc7643();
//! let users = registry.view("User").unwrap();
//! let store = InMemoryStore::new();
//!
//! // POST /Users: the service validates, the store assigns `id` and `meta`.
//! let user = validate(&users, json!({"userName": "bjensen@example.com"}), Write::Create)?;
//! let created = block_on(store.create(&users, user))?;
//! assert_eq!(created.meta.resource_type, "User");
//!
//! // GET /Users/{id}
//! let read = block_on(store.get(&users, created.id()))?;
//! assert_eq!(read, created);
//! assert_eq!(read.to_resource(None).get("userName").unwrap(), "bjensen@example.com");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod memory;
mod pace;
mod stored;

pub use async_trait::async_trait;
pub use error::StoreError;
pub use memory::InMemoryStore;
pub use pace::Pace;
pub use stored::Stored;

use crate::error::ScimError;
use crate::patch::{PatchRequest, apply};
use crate::query::{ListQuery, Page};
use crate::resource::{Resource, Version};
use crate::schema::ResourceView;

/// How many times [`update_by_replace`] reads, changes and writes again when another write
/// got in between its read and its write, before answering 409.
const UPDATE_ATTEMPTS: usize = 3;

/// The change an update makes ([`ResourceStore::update`]): from the resource as stored, the
/// resource to write in its place; `Ok(None)` when there is nothing to change (the stored
/// resource is the answer, nothing is written); an error refuses the update and nothing is
/// written. It may be called more than once (after another writer got in between), so it
/// must not have effects of its own.
///
/// ```
/// use scim_core::store::{Change, Stored};
///
/// // PATCH-like: a title set unless it is already there.
/// let set_title = |current: &Stored| {
///     let mut resource = current.to_resource(None);
///     if resource.get("title") == Some(&serde_json::json!("Tour Guide")) {
///         return Ok(None);
///     }
///     resource.set("title", serde_json::json!("Tour Guide"));
///     Ok(Some(resource))
/// };
/// let change: &Change<'_> = &set_title;
/// # let _ = change;
/// ```
pub type Change<'c> = dyn Fn(&Stored) -> Result<Option<Resource>, ScimError> + Send + Sync + 'c;

/// A backend that keeps resources of one or more resource types.
///
/// Every method receives the [`ResourceView`] of the resource type addressed (its name is
/// `view.resource_type().name`, its schemas give attribute characteristics for filters and
/// sorting). Resources handed in have been validated for that type ([`crate::resource::validate`])
/// and carry no `id` or `meta` the store should heed (any there are ignored); the store
/// assigns both and returns them as [`Stored`].
///
/// # Errors
///
/// A [`StoreError::Scim`] is shown to the client as it is: 404 `Resource ... not found`,
/// 409 `uniqueness`, 412 for a stale version, 400 for a query the backend cannot answer.
/// A [`StoreError::Backend`] (the database is down) is logged with its context by the
/// service and answered as a generic 500, so nothing internal leaks to the client.
///
/// # Versions and read-modify-write
///
/// `expected` on a write is the version the client names (RFC 7644 §3.14, `If-Match`) or
/// that the caller last read: when it is given and the stored version differs, the store
/// changes nothing and answers [`ScimError::precondition_failed`] (412). The check belongs
/// to the store's own conditional write, not to a read before it: of several writes racing
/// with one `expected` version, exactly one may succeed.
///
/// Every read-modify-write (PUT, PATCH) goes through one primitive,
/// [`update`](ResourceStore::update): read, check `expected`, [`Change`], write on condition
/// that the version read is still the stored one, and when another writer got in between
/// (and the caller named no version) start again, a bounded number of times. Its default
/// ([`update_by_replace`]) does this over [`get`](ResourceStore::get) and
/// [`replace`](ResourceStore::replace); a backend with a cheaper conditional write
/// overrides it. [`patch`](ResourceStore::patch) defaults to an update that applies the
/// PATCH.
///
/// # Pace
///
/// [`pace`](ResourceStore::pace) tells how busy the backend is ([`Pace`]), so that the
/// service can admit requests at the rate the backend sustains.
///
/// Implement it with [`async_trait`](crate::store::async_trait) (re-exported here).
#[async_trait]
pub trait ResourceStore: Send + Sync {
    /// Stores a new resource and returns it with its `id` and `meta`. A value that must be
    /// unique and is taken (a `userName`, RFC 7643 §4.1.1) is 409 `uniqueness`.
    async fn create(
        &self,
        view: &ResourceView<'_>,
        resource: Resource,
    ) -> Result<Stored, StoreError>;

    /// The resource `id`, or 404.
    async fn get(&self, view: &ResourceView<'_>, id: &str) -> Result<Stored, StoreError>;

    /// Replaces the resource `id` with `resource` (RFC 7644 §3.5.1), keeping its `id` and
    /// `meta.created`, if its version is still `expected` (when given).
    async fn replace(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError>;

    /// Reads the resource `id`, checks `expected`, and writes what `change` makes of it,
    /// on condition that it is still the version read (see [Versions and
    /// read-modify-write](ResourceStore#versions-and-read-modify-write)). When `change`
    /// answers `None`, nothing is written and the stored resource is the answer.
    ///
    /// The default is [`update_by_replace`].
    async fn update(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
        change: &Change<'_>,
    ) -> Result<Stored, StoreError> {
        update_by_replace(self, view, id, expected, change).await
    }

    /// Applies a PATCH (RFC 7644 §3.5.2) to the resource `id` if its version is still
    /// `expected` (when given).
    ///
    /// The default is an [`update`](ResourceStore::update) that applies the operations with
    /// [`crate::patch::apply`]; a PATCH that changes nothing is not written. A backend that
    /// can write some PATCHes without reading first overrides it.
    async fn patch(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let apply_patch = |current: &Stored| {
            let patched = apply(view, request, current.to_resource(None))?;
            // `Stored::new` in the write drops the `id` and `meta` put back for `apply`.
            Ok(patched.changed.then_some(patched.resource))
        };
        self.update(view, id, expected, &apply_patch).await
    }

    /// Deletes the resource `id` (RFC 7644 §3.6) if its version is still `expected` (when
    /// given); 404 if there is none.
    async fn delete(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError>;

    /// The page of resources `query` asks for (RFC 7644 §3.4.2): those matching its filter,
    /// in its sort order (a stable order of the store's choosing without `sortBy`, so that
    /// pages do not overlap), at its `startIndex` or cursor, `count` at most. The service
    /// projects them. [`crate::query::select`] does all of it in memory, and
    /// [`crate::query::Window`] computes the page bounds for a store that counts and fetches
    /// ranges itself.
    async fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError>;

    /// How busy the backend is ([`Pace`]); [`Pace::UNLIMITED`] unless the store knows
    /// better.
    fn pace(&self) -> Pace {
        Pace::UNLIMITED
    }
}

/// [`ResourceStore::update`] over [`get`](ResourceStore::get) and
/// [`replace`](ResourceStore::replace): reads the resource, checks `expected`, applies
/// `change`, and replaces the resource expecting the version it read. When that write finds
/// another version (412) and the caller named none, it starts again, three times at most,
/// then answers 409. A store that overrides `update` for some resource types calls it for
/// the others.
///
/// ```
/// use scim_core::resource::{Write, validate};
/// use scim_core::schema::SchemaRegistry;
/// use scim_core::store::{InMemoryStore, ResourceStore, Stored, update_by_replace};
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
/// let users = registry.view("User").unwrap();
/// let store = InMemoryStore::new();
/// let user = validate(&users, json!({"userName": "bjensen"}), Write::Create)?;
/// let created = block_on(store.create(&users, user))?;
///
/// let retitle = |current: &Stored| {
///     let mut resource = current.to_resource(None);
///     resource.set("title", json!("Tour Guide"));
///     Ok(Some(resource))
/// };
/// let updated = block_on(update_by_replace(&store, &users, created.id(), None, &retitle))?;
/// assert_eq!(updated.resource.get("title"), Some(&json!("Tour Guide")));
/// assert_ne!(updated.meta.version, created.meta.version);
///
/// // A version that is no longer the stored one: 412, nothing written.
/// let stale = created.meta.version.as_ref();
/// let refused = block_on(update_by_replace(&store, &users, created.id(), stale, &retitle));
/// assert_eq!(refused.unwrap_err().to_scim().status(), 412);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn update_by_replace<S: ResourceStore + ?Sized>(
    store: &S,
    view: &ResourceView<'_>,
    id: &str,
    expected: Option<&Version>,
    change: &Change<'_>,
) -> Result<Stored, StoreError> {
    for _ in 0..UPDATE_ATTEMPTS {
        let current = store.get(view, id).await?;
        if let Some(expected) = expected {
            current.check_version(expected)?;
        }
        let Some(resource) = change(&current)? else {
            return Ok(current);
        };
        match store
            .replace(view, id, resource, current.meta.version.as_ref())
            .await
        {
            Err(StoreError::Scim(err))
                if err.status() == http::StatusCode::PRECONDITION_FAILED && expected.is_none() =>
            {
                continue;
            }
            other => return other,
        }
    }
    Err(ScimError::conflict(format!(
        "the resource changed {UPDATE_ATTEMPTS} times while it was being updated; send the \
         request again"
    ))
    .into())
}
