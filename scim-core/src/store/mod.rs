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
mod stored;

pub use async_trait::async_trait;
pub use error::StoreError;
pub use memory::InMemoryStore;
pub use stored::Stored;

use crate::error::ScimError;
use crate::patch::{PatchRequest, apply};
use crate::query::{ListQuery, Page};
use crate::resource::{Resource, Version};
use crate::schema::ResourceView;

/// How many times the default [`ResourceStore::patch`] re-reads and re-applies a PATCH when
/// another write got in between its read and its write, before answering 409.
const PATCH_ATTEMPTS: usize = 3;

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
/// # Versions
///
/// `expected` on a write is the version the caller last read (RFC 7644 §3.14): when it is
/// given and the stored version differs, the store changes nothing and answers
/// [`ScimError::precondition_failed`]. This is how the service makes read-modify-write
/// (PUT, PATCH) safe against concurrent writers without holding a lock across calls.
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

    /// Applies a PATCH (RFC 7644 §3.5.2) to the resource `id` if its version is still
    /// `expected` (when given).
    ///
    /// The default reads the resource, applies the operations with [`crate::patch::apply`]
    /// and writes the result with [`ResourceStore::replace`], expecting the version it read;
    /// when another writer got in between and the caller gave no `expected` version of its
    /// own, it starts again (up to three times, then 409). A PATCH that changes nothing is
    /// not written. A backend that can write less than the whole resource overrides it.
    async fn patch(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        for _ in 0..PATCH_ATTEMPTS {
            let current = self.get(view, id).await?;
            if let Some(expected) = expected {
                current.check_version(expected)?;
            }
            let patched = apply(view, request, current.to_resource(None))?;
            if !patched.changed {
                return Ok(current);
            }
            // `Stored::new` in `replace` drops the `id` and `meta` put back for `apply`.
            match self
                .replace(view, id, patched.resource, current.meta.version.as_ref())
                .await
            {
                Err(StoreError::Scim(err))
                    if err.status() == http::StatusCode::PRECONDITION_FAILED
                        && expected.is_none() =>
                {
                    continue;
                }
                other => return other,
            }
        }
        Err(ScimError::conflict(format!(
            "the resource changed {PATCH_ATTEMPTS} times while the PATCH was applied; send it again"
        ))
        .into())
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
}
