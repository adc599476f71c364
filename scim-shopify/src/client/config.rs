//! How to reach a shop: [`ShopifyConfig`], [`Credentials`] and the [`RetryPolicy`].

use super::secret::Secret;
use std::time::Duration;

/// The Admin API version the documents are written and validated against.
pub const DEFAULT_API_VERSION: &str = "2026-07";

/// How the client authenticates.
///
/// ```
/// use scim_shopify::client::{Credentials, Secret};
///
/// let creds = Credentials::ClientCredentials {
///     client_id: "abc".into(),
///     client_secret: Secret::new("shpss_secret"),
/// };
/// assert!(!format!("{creds:?}").contains("shpss_secret"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// A static Admin API access token (`shpat_...`), sent as `X-Shopify-Access-Token`.
    AccessToken(Secret),
    /// The client-credentials grant: `POST /admin/oauth/access_token` for a token that lives
    /// 24 hours, refreshed before it expires and once on a 401.
    ClientCredentials {
        /// The app's client id.
        client_id: String,
        /// The app's client secret.
        client_secret: Secret,
    },
}

/// Bounded exponential backoff with jitter, for 429, 5xx, timeouts, connection errors and
/// `THROTTLED`.
///
/// Attempt `n` (from 1) failing waits a random duration in `[d/2, d]` where
/// `d = min(max_delay, base_delay * 2^(n-1))`; the client gives up after `max_attempts`
/// attempts or when the next wait would pass `max_elapsed` since the first attempt.
///
/// ```
/// use scim_shopify::client::RetryPolicy;
/// use std::time::Duration;
///
/// let policy = RetryPolicy::default();
/// assert_eq!(policy.ceiling(1), Duration::from_millis(500));
/// assert_eq!(policy.ceiling(3), Duration::from_secs(2));
/// assert_eq!(policy.ceiling(30), policy.max_delay);
/// ```
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The ceiling of the first wait.
    pub base_delay: Duration,
    /// The ceiling of any wait.
    pub max_delay: Duration,
    /// No retry starts after this long since the first attempt.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The longest wait after failed attempt `attempt` (1-based), before jitter.
    ///
    /// ```
    /// let policy = scim_shopify::client::RetryPolicy::default();
    /// assert_eq!(policy.ceiling(2), std::time::Duration::from_secs(1));
    /// ```
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// The wait after failed attempt `attempt`, with jitter from `random` (any `u64`): a
    /// duration in `[ceiling/2, ceiling]`.
    ///
    /// ```
    /// use scim_shopify::client::RetryPolicy;
    /// use std::time::Duration;
    ///
    /// let policy = RetryPolicy::default();
    /// assert_eq!(policy.delay(1, 0), Duration::from_millis(250));
    /// assert!(policy.delay(1, u64::MAX) <= Duration::from_millis(500));
    /// ```
    pub fn delay(&self, attempt: u32, random: u64) -> Duration {
        let ceiling = self.ceiling(attempt);
        let half = ceiling / 2;
        let fraction = (random >> 11) as f64 / (1u64 << 53) as f64;
        half + (ceiling - half).mul_f64(fraction)
    }
}

/// Where and how to reach one shop.
///
/// ```
/// use scim_shopify::client::{Credentials, Secret, ShopifyConfig};
///
/// let config = ShopifyConfig::new("example.myshopify.com", Credentials::AccessToken(Secret::new("shpat_x")));
/// assert_eq!(config.graphql_url(), "https://example.myshopify.com/admin/api/2026-07/graphql.json");
///
/// let local = config.with_base_url("http://127.0.0.1:8080");
/// assert_eq!(local.graphql_url(), "http://127.0.0.1:8080/admin/api/2026-07/graphql.json");
/// assert_eq!(local.token_url(), "http://127.0.0.1:8080/admin/oauth/access_token");
/// ```
#[derive(Debug, Clone)]
pub struct ShopifyConfig {
    /// The shop's domain, `NAME.myshopify.com`.
    pub shop: String,
    /// The Admin API version (default [`DEFAULT_API_VERSION`]).
    pub api_version: String,
    /// How to authenticate.
    pub credentials: Credentials,
    /// Replaces `https://{shop}` (e.g. `http://127.0.0.1:PORT` for the emulator or tests).
    pub base_url: Option<String>,
    /// Timeout of one HTTP request (default 30 s); a timeout is retried.
    pub request_timeout: Duration,
    /// Retries of transient failures.
    pub retry: RetryPolicy,
}

impl ShopifyConfig {
    /// A config for `shop` with the default version, timeout and retry policy.
    ///
    /// ```
    /// # use scim_shopify::client::{Credentials, Secret, ShopifyConfig};
    /// let config = ShopifyConfig::new("a.myshopify.com", Credentials::AccessToken(Secret::new("t")));
    /// assert_eq!(config.api_version, "2026-07");
    /// ```
    pub fn new(shop: impl Into<String>, credentials: Credentials) -> Self {
        ShopifyConfig {
            shop: shop.into(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            credentials,
            base_url: None,
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }

    /// The same config pointed at another origin (scheme, host and port, no trailing slash).
    ///
    /// ```
    /// # use scim_shopify::client::{Credentials, Secret, ShopifyConfig};
    /// let config = ShopifyConfig::new("a.myshopify.com", Credentials::AccessToken(Secret::new("t")))
    ///     .with_base_url("http://127.0.0.1:1/");
    /// assert_eq!(config.base_url.as_deref(), Some("http://127.0.0.1:1"));
    /// ```
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        let base_url: String = base_url.into();
        self.base_url = Some(base_url.trim_end_matches('/').to_owned());
        self
    }

    fn origin(&self) -> String {
        match &self.base_url {
            Some(base) => base.clone(),
            None => format!("https://{}", self.shop),
        }
    }

    /// `{origin}/admin/api/{version}/graphql.json`.
    ///
    /// ```
    /// # use scim_shopify::client::{Credentials, Secret, ShopifyConfig};
    /// let mut config = ShopifyConfig::new("a.myshopify.com", Credentials::AccessToken(Secret::new("t")));
    /// config.api_version = "2026-04".into();
    /// assert!(config.graphql_url().ends_with("/admin/api/2026-04/graphql.json"));
    /// ```
    pub fn graphql_url(&self) -> String {
        format!(
            "{}/admin/api/{}/graphql.json",
            self.origin(),
            self.api_version
        )
    }

    /// `{origin}/admin/oauth/access_token`, for the client-credentials grant.
    ///
    /// ```
    /// # use scim_shopify::client::{Credentials, Secret, ShopifyConfig};
    /// let config = ShopifyConfig::new("a.myshopify.com", Credentials::AccessToken(Secret::new("t")));
    /// assert_eq!(config.token_url(), "https://a.myshopify.com/admin/oauth/access_token");
    /// ```
    pub fn token_url(&self) -> String {
        format!("{}/admin/oauth/access_token", self.origin())
    }
}
