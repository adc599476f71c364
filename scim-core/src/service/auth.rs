//! Who may call the service: the [`Authenticator`] trait and a bearer-token authenticator.

use async_trait::async_trait;
use http::request::Parts;
use subtle::ConstantTimeEq;

use crate::error::ScimError;

/// Decides whether a request may proceed, from its method, URI and headers (the body is not
/// read before authentication).
///
/// Answer `Err` with a 401 (no or bad credentials, [`unauthorized`]) or a 403 (known but not
/// allowed); the service adds `WWW-Authenticate: Bearer` to every 401 (RFC 6750 §3).
///
/// ```
/// use http::request::Parts;
/// use scim_core::ScimError;
/// use scim_core::service::{Authenticator, unauthorized};
///
/// /// Lets through requests from a header a trusted proxy sets.
/// struct FromProxy;
///
/// #[scim_core::store::async_trait]
/// impl Authenticator for FromProxy {
///     async fn authenticate(&self, request: &Parts) -> Result<(), ScimError> {
///         match request.headers.get("x-authenticated-client") {
///             Some(_) => Ok(()),
///             None => Err(unauthorized("no authenticated client")),
///         }
///     }
/// }
/// ```
#[async_trait]
pub trait Authenticator: Send + Sync {
    /// Ok to proceed; a 401 or 403 [`ScimError`] to refuse.
    async fn authenticate(&self, request: &Parts) -> Result<(), ScimError>;
}

/// A 401 with `detail`, for authenticators (RFC 7644 §3.12).
pub fn unauthorized(detail: impl Into<String>) -> ScimError {
    ScimError::new(http::StatusCode::UNAUTHORIZED, None, detail)
}

/// Accepts requests carrying `Authorization: Bearer <token>` (RFC 6750 §2.1) with one
/// configured token, compared in constant time (only the length of the token can be
/// learnt from timing). The scheme name is matched without case.
///
/// ```
/// use scim_core::service::{Authenticator, BearerToken};
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let mut future = std::pin::pin!(future);
/// #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
/// #     loop {
/// #         if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) { return out; }
/// #     }
/// # }
///
/// let auth = BearerToken::new("s3cret-token");
/// let request = |value: &str| {
///     http::Request::get("/scim/v2/Users").header("authorization", value).body(()).unwrap().into_parts().0
/// };
/// assert!(block_on(auth.authenticate(&request("Bearer s3cret-token"))).is_ok());
/// assert!(block_on(auth.authenticate(&request("bearer s3cret-token"))).is_ok());
/// let refused = block_on(auth.authenticate(&request("Bearer guess"))).unwrap_err();
/// assert_eq!(refused.status(), 401);
/// assert!(!refused.detail().contains("s3cret")); // the token never appears in an answer
/// ```
#[derive(Clone)]
pub struct BearerToken {
    token: Vec<u8>,
}

impl BearerToken {
    /// Accepts `token`, and no other.
    pub fn new(token: impl Into<String>) -> Self {
        BearerToken {
            token: token.into().into_bytes(),
        }
    }
}

/// The token is never printed.
impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken(..)")
    }
}

#[async_trait]
impl Authenticator for BearerToken {
    async fn authenticate(&self, request: &Parts) -> Result<(), ScimError> {
        let Some(header) = request.headers.get(http::header::AUTHORIZATION) else {
            return Err(unauthorized(
                "this endpoint needs an `Authorization: Bearer` token (RFC 6750 §2.1)",
            ));
        };
        let presented = header
            .as_bytes()
            .split_at_checked(7)
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case(b"bearer "))
            .map(|(_, token)| token.trim_ascii());
        match presented {
            Some(token) if bool::from(token.ct_eq(&self.token)) => Ok(()),
            Some(_) => Err(unauthorized("the bearer token is not valid")),
            None => Err(unauthorized(
                "the `Authorization` header must use the Bearer scheme (RFC 6750 §2.1)",
            )),
        }
    }
}
