//! The SCIM protocol over HTTP (RFC 7644), framework-agnostic: [`ScimService`] takes an
//! `http::Request` and answers an `http::Response`, either directly
//! ([`ScimService::handle`], bodies as [`Bytes`]) or as a `tower::Service` that axum, hyper
//! or any tower host mounts in a few lines.
//!
//! What it does for every request:
//! - finds the [`Tenant`] whose base path the path starts with (the longest one), then
//!   authenticates ([`Authenticator`], [`BearerToken`]): 401 with `WWW-Authenticate`;
//! - routes by method and path (RFC 7644 §3.2): 404 for an unknown path, 405 with `Allow`
//!   for a wrong method, both before the body is read and with SCIM error bodies;
//! - refuses a body over the tenant's limit with 413 (`Content-Length` first, then while
//!   reading), and a body that is neither `application/scim+json` nor `application/json`
//!   with 415;
//! - answers `application/scim+json`, with `Location` and `ETag` on resources; honours
//!   `If-Match` (412) and `If-None-Match` (304) (§3.14), and `Prefer: return=minimal` on
//!   PUT and PATCH (204, RFC 7240);
//! - answers every error as a SCIM error (§3.12); store faults are logged and answered
//!   with a 500 that says nothing of them.
//!
//! ```
//! use std::sync::Arc;
//!
//! use bytes::Bytes;
//! use scim_core::service::{BearerToken, ScimService, Tenant};
//! use scim_core::store::InMemoryStore;
//! # fn block_on<F: std::future::Future>(future: F) -> F::Output {
//! #     let mut future = std::pin::pin!(future);
//! #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
//! #     loop {
//! #         if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) { return out; }
//! #     }
//! # }
//!
//! let service = ScimService::builder()
//!     .tenant(
//!         Tenant::new("/scim/v2", Arc::new(InMemoryStore::new()))
//!             .with_authenticator(BearerToken::new("s3cret"))
//!             .with_base_url("https://scim.example.com/scim/v2"),
//!     )
//!     .build()?;
//!
//! let request = http::Request::post("/scim/v2/Users")
//!     .header("authorization", "Bearer s3cret")
//!     .header("content-type", "application/scim+json")
//!     .body(Bytes::from_static(br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen"}"#))?;
//! let response = block_on(service.handle(request));
//! assert_eq!(response.status(), 201);
//! assert!(response.headers()["location"].to_str()?.starts_with("https://scim.example.com/scim/v2/Users/"));
//!
//! let unauthenticated = http::Request::get("/scim/v2/Users").body(Bytes::new())?;
//! assert_eq!(block_on(service.handle(unauthenticated)).status(), 401);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With axum (0.8), beside routes of its own:
//!
//! ```ignore
//! let app = axum::Router::new()
//!     .route("/healthz", axum::routing::get(|| async { "ok" }))
//!     .fallback_service(service);
//! ```

mod auth;
mod bulk;
mod call;
mod discovery;
mod dispatch;
mod references;
mod reply;
mod resource_operation;
mod resources;
mod route;
mod tenant;
mod tower;

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode, header};

pub use auth::{Authenticator, BearerToken, unauthorized};
pub use reply::SCIM_MEDIA_TYPE;
pub use tenant::{ServiceLimits, Tenant};

use call::Call;
use dispatch::dispatch;
use reply::error_response;
use route::{Operation, Unrouted, route};

use crate::error::ScimError;
use crate::query::decode_query_string;

/// A SCIM service provider for one or more tenants. Cheap to clone (the tenants are shared).
///
/// See the [module documentation](self) for what it does and an example.
#[derive(Clone, Debug)]
pub struct ScimService {
    tenants: Arc<[Tenant]>,
}

/// Builds a [`ScimService`] from its tenants.
#[derive(Debug, Default)]
pub struct ServiceBuilder {
    tenants: Vec<Tenant>,
}

impl ServiceBuilder {
    /// Adds a tenant.
    pub fn tenant(mut self, tenant: Tenant) -> Self {
        self.tenants.push(tenant);
        self
    }

    /// The service; two tenants at the same base path are an error, and so is none.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use scim_core::service::{ScimService, Tenant};
    /// use scim_core::store::InMemoryStore;
    ///
    /// let store = Arc::new(InMemoryStore::new());
    /// let twice = ScimService::builder()
    ///     .tenant(Tenant::new("/scim/v2", store.clone()))
    ///     .tenant(Tenant::new("/scim/v2/", store))
    ///     .build();
    /// assert!(twice.is_err());
    /// ```
    pub fn build(self) -> Result<ScimService, ScimError> {
        if self.tenants.is_empty() {
            return Err(ScimError::invalid_value(
                "a SCIM service needs at least one tenant",
            ));
        }
        let mut tenants = self.tenants;
        // Longest base path first, so `/a/b` wins over `/a` for `/a/b/Users`.
        tenants.sort_by_key(|tenant| std::cmp::Reverse(tenant.base_path.len()));
        for (index, tenant) in tenants.iter().enumerate() {
            if tenants[index + 1..]
                .iter()
                .any(|other| other.base_path.eq_ignore_ascii_case(&tenant.base_path))
            {
                return Err(ScimError::invalid_value(format!(
                    "two tenants share the base path `{}`",
                    tenant.base_path
                )));
            }
        }
        Ok(ScimService {
            tenants: tenants.into(),
        })
    }
}

/// A request routed and authenticated, whose body may now be read.
struct Admitted<'s> {
    tenant: &'s Tenant,
    operation: Operation,
    /// The most bytes the body may have.
    body_limit: usize,
}

impl ScimService {
    /// A builder; add tenants with [`ServiceBuilder::tenant`].
    pub fn builder() -> ServiceBuilder {
        ServiceBuilder::default()
    }

    /// Answers one request whose body has been read. (The `tower::Service` form reads the
    /// body only once the request is authenticated and routed.)
    pub async fn handle(&self, request: http::Request<Bytes>) -> Response<Bytes> {
        self.serve(request.map(http_body_util::Full::new)).await
    }

    /// Finds the tenant, authenticates and routes, without reading the body: the answer
    /// for a request that goes no further is the `Err`.
    async fn admit(&self, parts: &Parts) -> Result<Admitted<'_>, Response<Bytes>> {
        let path = parts.uri.path();
        let Some((tenant, rest)) = self.tenants.iter().find_map(|tenant| {
            let rest = path.strip_prefix(tenant.base_path.as_str())?;
            (rest.is_empty() || rest.starts_with('/')).then_some((tenant, rest))
        }) else {
            return Err(error_response(&ScimError::not_found(
                "no SCIM service at this path",
            )));
        };
        if let Some(authenticator) = &tenant.authenticator {
            authenticator
                .authenticate(parts)
                .await
                .map_err(|err| error_response(&err))?;
        }
        let operation = match route(&parts.method, rest, &tenant.registry) {
            Ok(operation) => operation,
            Err(Unrouted::NotFound(err)) => return Err(error_response(&err)),
            Err(Unrouted::MethodNotAllowed(allow)) => {
                let err = ScimError::new(
                    StatusCode::METHOD_NOT_ALLOWED,
                    None,
                    format!("{} is not allowed here; allowed: {allow}", parts.method),
                );
                let mut response = error_response(&err);
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static(allow));
                return Err(response);
            }
        };
        let body_limit = match operation {
            Operation::Bulk => {
                usize::try_from(tenant.limits.bulk.max_payload_size).unwrap_or(usize::MAX)
            }
            _ => tenant.limits.max_body_size,
        };
        if operation.has_body() {
            check_media_type(&parts.headers).map_err(|err| error_response(&err))?;
            if let Some(length) = content_length(&parts.headers)
                && length > body_limit as u64
            {
                return Err(error_response(&too_large(body_limit)));
            }
        }
        Ok(Admitted {
            tenant,
            operation,
            body_limit,
        })
    }

    /// Performs an admitted request with its body.
    async fn respond(
        &self,
        admitted: &Admitted<'_>,
        parts: &Parts,
        body: &[u8],
    ) -> Response<Bytes> {
        let query_pairs = match decode_query_string(parts.uri.query().unwrap_or("")) {
            Ok(pairs) => pairs,
            Err(err) => return error_response(&err),
        };
        let header = |name: header::HeaderName| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let writes = matches!(parts.method, Method::PUT | Method::PATCH);
        let call = Call {
            tenant: admitted.tenant,
            base_url: base_url(admitted.tenant, parts),
            query_pairs,
            if_match: header(header::IF_MATCH),
            if_none_match: header(header::IF_NONE_MATCH),
            minimal: writes && prefers_minimal(&parts.headers),
        };
        match dispatch(&call, &admitted.operation, body).await {
            Ok(reply) => reply.into_response(),
            Err(err) => error_response(&err),
        }
    }
}

/// The absolute URL of the tenant's base path: configured, or from the request.
fn base_url(tenant: &Tenant, parts: &Parts) -> String {
    if let Some(url) = &tenant.base_url {
        return url.clone();
    }
    let scheme = parts.uri.scheme_str().unwrap_or("http");
    let host = parts
        .uri
        .authority()
        .map(|a| a.as_str().to_owned())
        .or_else(|| {
            parts
                .headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{scheme}://{host}{}", tenant.base_path)
}

/// 415 unless the body is JSON: `application/scim+json` (RFC 7644 §3.1) or
/// `application/json` (which Okta and others send), with any parameters. A request without
/// a `Content-Type` is read as JSON.
fn check_media_type(headers: &HeaderMap) -> Result<(), ScimError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let essence = value
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim();
    if essence.eq_ignore_ascii_case(SCIM_MEDIA_TYPE)
        || essence.eq_ignore_ascii_case("application/json")
    {
        return Ok(());
    }
    Err(ScimError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        None,
        "the body must be application/scim+json or application/json (RFC 7644 §3.1)",
    ))
}

/// The `Content-Length`, when given and a number.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Whether `Prefer` asks for `return=minimal` (RFC 7240 §4.2).
fn prefers_minimal(headers: &HeaderMap) -> bool {
    headers.get_all("prefer").iter().any(|value| {
        value.to_str().is_ok_and(|text| {
            text.split(',')
                .any(|pref| pref.trim().eq_ignore_ascii_case("return=minimal"))
        })
    })
}

/// 413 for a body over `limit` bytes.
fn too_large(limit: usize) -> ScimError {
    ScimError::payload_too_large(format!("the request body is larger than {limit} bytes"))
}

/// One line per request: method, operation, resource type, status and time; never ids,
/// bodies, query values or credentials.
fn log(parts: &Parts, admitted: &Admitted<'_>, response: &Response<Bytes>, started: Instant) {
    let status = response.status().as_u16();
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let resource_type = admitted.operation.resource_type().unwrap_or("-");
    if response.status().is_server_error() {
        tracing::warn!(tenant = %admitted.tenant.base_path, method = %parts.method, operation = admitted.operation.name(), resource_type, status, micros, "scim request");
    } else {
        tracing::debug!(tenant = %admitted.tenant.base_path, method = %parts.method, operation = admitted.operation.name(), resource_type, status, micros, "scim request");
    }
}
