//! What a store can fail with.

use std::error::Error;

use crate::error::ScimError;

/// A store's failure: either an answer for the client, or a fault of the backend.
///
/// ```
/// use scim_core::ScimError;
/// use scim_core::store::StoreError;
///
/// let missing: StoreError = ScimError::not_found("Resource 2819c223 not found").into();
/// assert_eq!(missing.to_scim().status(), 404);
///
/// let io = std::io::Error::other("connection reset");
/// let down = StoreError::backend("reading a customer", io);
/// assert_eq!(down.to_scim().status(), 500);
/// assert!(!down.to_scim().detail().contains("connection reset")); // never shown to clients
/// assert_eq!(down.to_string(), "reading a customer: connection reset");
/// ```
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An answer for the client (404, 409 `uniqueness`, 412, 400): shown as it is.
    #[error(transparent)]
    Scim(#[from] ScimError),
    /// The backend failed. The service logs it with its context and answers a generic 500.
    #[error("{context}: {source}")]
    Backend {
        /// What the store was doing.
        context: String,
        /// The backend's error.
        #[source]
        source: Box<dyn Error + Send + Sync>,
    },
}

impl StoreError {
    /// A backend failure while doing `context`.
    pub fn backend(
        context: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        StoreError::Backend {
            context: context.into(),
            source: source.into(),
        }
    }

    /// What the client is told: the SCIM error itself, or a 500 that says nothing of the
    /// backend.
    pub fn to_scim(&self) -> ScimError {
        match self {
            StoreError::Scim(err) => err.clone(),
            StoreError::Backend { .. } => ScimError::internal(),
        }
    }
}
