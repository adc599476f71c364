//! One SCIM service provider within a [`crate::service::ScimService`]: its base path, its
//! store, its schemas, its authentication and its limits.

use std::sync::Arc;

use super::auth::Authenticator;
use crate::bulk::BulkLimits;
use crate::query::QueryLimits;
use crate::schema::SchemaRegistry;
use crate::store::ResourceStore;

/// The bounds a tenant puts on what clients send; the bulk and filter ones are advertised
/// in `/ServiceProviderConfig` (RFC 7643 §5).
///
/// ```
/// use scim_core::service::ServiceLimits;
///
/// let limits = ServiceLimits::default();
/// assert_eq!(limits.max_body_size, 1_048_576);
/// assert_eq!(limits.bulk.max_operations, 1000);
/// assert_eq!(limits.query.max_count, 1000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceLimits {
    /// The largest body of a request other than `/Bulk`, in bytes; larger is 413.
    pub max_body_size: usize,
    /// Bulk limits (`bulk.maxOperations`, `bulk.maxPayloadSize`, RFC 7644 §3.7.4); the
    /// payload size also bounds the body of `/Bulk`.
    pub bulk: BulkLimits,
    /// Query limits; `max_count` is advertised as `filter.maxResults`.
    pub query: QueryLimits,
}

impl Default for ServiceLimits {
    /// 1 MiB bodies, the RFC's bulk figures, [`QueryLimits::DEFAULT`].
    fn default() -> Self {
        ServiceLimits {
            max_body_size: 1 << 20,
            bulk: BulkLimits::default(),
            query: QueryLimits::DEFAULT,
        }
    }
}

/// One service provider: requests under `base_path` go to its store.
///
/// ```
/// use std::sync::Arc;
///
/// use scim_core::service::{BearerToken, ServiceLimits, Tenant};
/// use scim_core::store::InMemoryStore;
///
/// let tenant = Tenant::new("/acme/scim/v2", Arc::new(InMemoryStore::new()))
///     .with_authenticator(BearerToken::new("acme-token"))
///     .with_base_url("https://scim.example.com/acme/scim/v2")
///     .with_limits(ServiceLimits { max_body_size: 64 * 1024, ..ServiceLimits::default() });
/// assert_eq!(tenant.base_path(), "/acme/scim/v2");
/// ```
#[derive(Clone)]
pub struct Tenant {
    pub(super) base_path: String,
    pub(super) base_url: Option<String>,
    pub(super) store: Arc<dyn ResourceStore>,
    pub(super) registry: Arc<SchemaRegistry>,
    pub(super) authenticator: Option<Arc<dyn Authenticator>>,
    pub(super) limits: ServiceLimits,
}

impl Tenant {
    /// A tenant at `base_path` (such as `/scim/v2`; `""` or `/` for the root) over `store`,
    /// with the RFC 7643 schemas (User with the enterprise extension, Group), no
    /// authentication (add one with [`Tenant::with_authenticator`]) and default limits.
    /// A trailing `/` of the path is ignored.
    pub fn new(base_path: impl Into<String>, store: Arc<dyn ResourceStore>) -> Self {
        let mut base_path = base_path.into();
        while base_path.ends_with('/') {
            base_path.pop();
        }
        if !base_path.is_empty() && !base_path.starts_with('/') {
            base_path.insert(0, '/');
        }
        Tenant {
            base_path,
            base_url: None,
            store,
            registry: Arc::new(SchemaRegistry::rfc7643()),
            authenticator: None,
            limits: ServiceLimits::default(),
        }
    }

    /// Requests must pass `authenticator` first.
    pub fn with_authenticator(mut self, authenticator: impl Authenticator + 'static) -> Self {
        self.authenticator = Some(Arc::new(authenticator));
        self
    }

    /// The absolute URL of the base path as clients see it, for `Location` and
    /// `meta.location` (RFC 7644 §3.1). Without one, it is made from the request's scheme
    /// (`http` when the request line has none) and `Host` header, which is wrong behind a
    /// proxy that terminates TLS: set it there.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        self.base_url = Some(base_url);
        self
    }

    /// The schemas and resource types served, custom ones included (RFC 7643 §6, §7).
    pub fn with_registry(mut self, registry: SchemaRegistry) -> Self {
        self.registry = Arc::new(registry);
        self
    }

    /// The limits on what clients send.
    pub fn with_limits(mut self, limits: ServiceLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The base path, without a trailing `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

impl std::fmt::Debug for Tenant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tenant")
            .field("base_path", &self.base_path)
            .field("base_url", &self.base_url)
            .field("authenticated", &self.authenticator.is_some())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}
