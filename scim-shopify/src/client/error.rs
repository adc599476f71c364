//! [`ShopifyError`]: everything that can go wrong talking to the Admin API, with no secrets in it.
//!
//! A mutation's `userErrors` are not here: they are data of a successful call (the store maps
//! them to SCIM 409/400), returned inside the operation's response type.

use serde::Deserialize;

/// A failed call to the Shopify Admin API. No variant carries an access token or a client
/// secret (tokens live only in [`Secret`](super::Secret), which never prints).
///
/// ```
/// use scim_shopify::client::ShopifyError;
///
/// let err = ShopifyError::CostOverCap { operation: "Customers", requested: 1502, cap: 1000 };
/// assert_eq!(
///     err.to_string(),
///     "Customers would cost 1502 points, over Shopify's cap of 1000 for one query"
/// );
/// assert!(!err.is_retryable());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShopifyError {
    /// The request did not complete: connection refused or reset, timeout, TLS, or a body that
    /// could not be read. Retried with backoff until the retry policy gives up.
    #[error("{operation}: transport error after {attempts} attempt(s)")]
    Transport {
        /// The operation name (or `access_token` for the token grant).
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The underlying error (its text names the URL, never a header).
        #[source]
        source: reqwest::Error,
    },
    /// Shopify answered with an HTTP status that is not success (after retries for 429 and 5xx).
    #[error("{operation}: HTTP {status} after {attempts} attempt(s)")]
    Status {
        /// The operation name.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The response had top-level GraphQL `errors` (other than `THROTTLED`): a bad document,
    /// an access scope missing, an internal error. Not retried.
    #[error("{operation}: GraphQL errors: {}", join_messages(errors))]
    GraphQl {
        /// The operation name.
        operation: &'static str,
        /// The errors, as Shopify sent them.
        errors: Vec<GraphQlError>,
    },
    /// Shopify kept answering `THROTTLED` until the retry policy gave up.
    #[error("{operation}: still throttled after {attempts} attempt(s)")]
    Throttled {
        /// The operation name.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The operation's estimated cost is over the per-query cap, so it was never sent.
    #[error("{operation} would cost {requested} points, over Shopify's cap of {cap} for one query")]
    CostOverCap {
        /// The operation name.
        operation: &'static str,
        /// The estimated requested cost.
        requested: u32,
        /// The cap (1000 on every plan).
        cap: u32,
    },
    /// Authentication failed: a 401 with a static token, a 401 again after refreshing, or a
    /// token grant that was refused.
    #[error("authentication failed: {reason}")]
    Auth {
        /// What failed, without the token or secret.
        reason: String,
    },
    /// The response body was not the JSON the operation expects.
    #[error("{operation}: unexpected response body")]
    Decode {
        /// The operation name.
        operation: &'static str,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
}

impl ShopifyError {
    /// Whether retrying the same call later could succeed (transport failures, 429 and 5xx,
    /// throttling); used by callers that retry at a higher level.
    ///
    /// ```
    /// use scim_shopify::client::ShopifyError;
    ///
    /// let err = ShopifyError::Status { operation: "CustomerCreate", status: 503, attempts: 5 };
    /// assert!(err.is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            ShopifyError::Transport { .. } | ShopifyError::Throttled { .. } => true,
            ShopifyError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// One entry of a GraphQL response's top-level `errors`.
///
/// ```
/// let error: scim_shopify::client::GraphQlError = serde_json::from_str(
///     r#"{"message": "Throttled", "extensions": {"code": "THROTTLED"}}"#,
/// ).unwrap();
/// assert_eq!(error.code(), Some("THROTTLED"));
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GraphQlError {
    /// The message.
    pub message: String,
    /// The `extensions` object, if any (Shopify puts `code` there).
    #[serde(default)]
    pub extensions: Option<serde_json::Value>,
}

impl GraphQlError {
    /// `extensions.code`, e.g. `THROTTLED`, `ACCESS_DENIED`, `MAX_COST_EXCEEDED`.
    ///
    /// ```
    /// let error = scim_shopify::client::GraphQlError { message: "x".into(), extensions: None };
    /// assert_eq!(error.code(), None);
    /// ```
    pub fn code(&self) -> Option<&str> {
        self.extensions.as_ref()?.get("code")?.as_str()
    }
}

fn join_messages(errors: &[GraphQlError]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
