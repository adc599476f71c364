//! The seam between the bulk driver and whatever performs operations: the operation as the
//! executor receives it, what the executor reports back, and the one-method trait.

use async_trait::async_trait;
use http::StatusCode;
use serde_json::Value;

use super::method::BulkMethod;
use crate::error::ScimError;
use crate::resource::Version;

/// An operation ready to be performed: every bulkId reference in its path and data replaced
/// by the id of the resource it names (RFC 7644 §3.7.2).
///
/// ```
/// use scim_core::bulk::{BulkMethod, ResolvedOperation};
///
/// let delete = ResolvedOperation {
///     method: BulkMethod::Delete,
///     path: "/Users/e9025315-6bea-44e1-899c-1e07454e468b".into(),
///     data: None,
///     version: None,
///     bulk_id: None,
/// };
/// assert_eq!(delete.endpoint(), "Users");
/// assert_eq!(delete.id(), Some("e9025315-6bea-44e1-899c-1e07454e468b"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedOperation {
    /// The method.
    pub method: BulkMethod,
    /// The path relative to the service root: `/Users` for a POST, `/Users/{id}` otherwise.
    pub path: String,
    /// The resource (POST, PUT) or the PatchOp message (PATCH); `None` for DELETE.
    pub data: Option<Value>,
    /// The version the resource must have (`If-Match`, RFC 7644 §3.14), if the client gave
    /// one.
    pub version: Option<Version>,
    /// The bulkId of the operation, if it has one.
    pub bulk_id: Option<String>,
}

impl ResolvedOperation {
    /// The resource type endpoint, without slashes: `Users`.
    pub fn endpoint(&self) -> &str {
        let path = self.path.strip_prefix('/').unwrap_or(&self.path);
        path.split_once('/').map_or(path, |(endpoint, _)| endpoint)
    }

    /// The id of the resource, for PUT, PATCH and DELETE.
    pub fn id(&self) -> Option<&str> {
        let path = self.path.strip_prefix('/').unwrap_or(&self.path);
        path.split_once('/').map(|(_, id)| id)
    }
}

/// What an executor reports for an operation it performed (RFC 7644 §3.7.3): the status it
/// would have answered a single request with, and the resource's id, location and version.
///
/// For a POST, `id` is the id of the created resource: the bulkId references to the POST
/// resolve to it (§3.7.2). A POST that succeeds without an id fails the operations that
/// refer to it, with 500.
///
/// ```
/// use http::StatusCode;
/// use scim_core::bulk::BulkOutcome;
/// use scim_core::resource::Version;
///
/// let created = BulkOutcome::created("92b725cd-9465-4e7d-8c16-01f8e146b87a")
///     .with_location("https://example.com/v2/Users/92b725cd-9465-4e7d-8c16-01f8e146b87a")
///     .with_version(Version::new("oY4m4wn58tkVjJxK"));
/// assert_eq!(created.status, StatusCode::CREATED);
/// assert_eq!(BulkOutcome::new(StatusCode::NO_CONTENT).id, None);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOutcome {
    /// The status of the operation: 201 for a POST, 200 for PUT and PATCH, 204 for DELETE.
    pub status: StatusCode,
    /// The id of the resource created (POST) or changed.
    pub id: Option<String>,
    /// The resource's URL (`location`, §3.7.3).
    pub location: Option<String>,
    /// The resource's version after the operation.
    pub version: Option<Version>,
    /// The response body, which the bulk response may carry (§3.7: "For normal
    /// completion, the server MAY elect to omit the response body").
    pub response: Option<Value>,
}

impl BulkOutcome {
    /// An outcome with `status` and nothing else.
    pub fn new(status: StatusCode) -> Self {
        BulkOutcome {
            status,
            id: None,
            location: None,
            version: None,
            response: None,
        }
    }

    /// 201 for the resource `id` that a POST created.
    pub fn created(id: impl Into<String>) -> Self {
        BulkOutcome::new(StatusCode::CREATED).with_id(id)
    }

    /// The same, with the resource's id.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The same, with the resource's URL.
    pub fn with_location(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// The same, with the resource's version.
    pub fn with_version(mut self, version: Version) -> Self {
        self.version = Some(version);
        self
    }

    /// The same, with a response body.
    pub fn with_response(mut self, response: Value) -> Self {
        self.response = Some(response);
        self
    }
}

/// What performs the operations of a bulk request, one at a time: usually the service's
/// own POST, PUT, PATCH and DELETE handlers over its store. It returns the outcome, or the
/// [`ScimError`] the single request would have failed with (which the bulk response carries
/// as that operation's `response`, §3.7.3).
///
/// The runner never calls it twice at once, and calls it in the plan's order. Implement it
/// with [`async_trait`](crate::bulk::async_trait) (re-exported here, so the service needs no
/// dependency of its own):
///
/// ```
/// use std::collections::HashMap;
///
/// use scim_core::ScimError;
/// use scim_core::bulk::{BulkExecutor, BulkMethod, BulkOutcome, ResolvedOperation, async_trait};
///
/// /// Resources by path, ids counted up.
/// #[derive(Default)]
/// struct Memory {
///     resources: HashMap<String, serde_json::Value>,
///     next_id: u32,
/// }
///
/// #[async_trait]
/// impl BulkExecutor for Memory {
///     async fn execute(&mut self, op: ResolvedOperation) -> Result<BulkOutcome, ScimError> {
///         match op.method {
///             BulkMethod::Post => {
///                 self.next_id += 1;
///                 let id = self.next_id.to_string();
///                 self.resources.insert(format!("{}/{id}", op.path), op.data.unwrap_or_default());
///                 Ok(BulkOutcome::created(id))
///             }
///             BulkMethod::Delete => match self.resources.remove(&op.path) {
///                 Some(_) => Ok(BulkOutcome::new(http::StatusCode::NO_CONTENT)),
///                 None => Err(ScimError::not_found("Resource does not exist.")),
///             },
///             BulkMethod::Put | BulkMethod::Patch => {
///                 Err(ScimError::new(http::StatusCode::NOT_IMPLEMENTED, None, "not here"))
///             }
///         }
///     }
/// }
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let mut future = std::pin::pin!(future);
/// #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
/// #     loop {
/// #         if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) { return out; }
/// #     }
/// # }
///
/// let mut memory = Memory::default();
/// let post = ResolvedOperation {
///     method: BulkMethod::Post, path: "/Users".into(),
///     data: Some(serde_json::json!({"userName": "Alice"})), version: None, bulk_id: Some("q".into()),
/// };
/// let outcome = block_on(memory.execute(post))?;
/// assert_eq!(outcome.id.as_deref(), Some("1"));
/// # Ok::<(), ScimError>(())
/// ```
#[async_trait]
pub trait BulkExecutor: Send {
    /// Performs one operation.
    async fn execute(&mut self, operation: ResolvedOperation) -> Result<BulkOutcome, ScimError>;
}

/// An executor borrowed mutably is an executor.
#[async_trait]
impl<T: BulkExecutor + ?Sized> BulkExecutor for &mut T {
    async fn execute(&mut self, operation: ResolvedOperation) -> Result<BulkOutcome, ScimError> {
        (**self).execute(operation).await
    }
}

/// A boxed executor (`Box<dyn BulkExecutor>`) is an executor.
#[async_trait]
impl<T: BulkExecutor + ?Sized> BulkExecutor for Box<T> {
    async fn execute(&mut self, operation: ResolvedOperation) -> Result<BulkOutcome, ScimError> {
        (**self).execute(operation).await
    }
}
