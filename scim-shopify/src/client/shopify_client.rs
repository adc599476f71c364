//! [`ShopifyClient`]: sends [`Operation`]s to the Admin GraphQL API, paces them by the leaky
//! bucket, retries what is transient and authenticates with a static or a granted token.

use super::bucket::{Bucket, QueryCost, ThrottleStatus, Ticket};
use super::clock::{Clock, TokioClock};
use super::config::{Credentials, ShopifyConfig};
use super::error::{GraphQlError, ShopifyError};
use super::operation::{MAX_QUERY_COST, Operation, RequestBody, Response};
use super::secret::Secret;
use serde::Deserialize;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A granted token is refreshed this long before Shopify says it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);
/// A granted token's lifetime when the grant does not say (Shopify's is 24 hours).
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// The operation name used in errors of the token grant.
const TOKEN_OPERATION: &str = "access_token";

/// A client of one shop's Admin GraphQL API.
///
/// Every call goes through [`ShopifyClient::execute`] with a declared [`Operation`]: the
/// document is a constant and the caller's input travels as `variables`.
///
/// ```no_run
/// use scim_shopify::client::operations::{CustomerById, CustomerByIdVariables};
/// use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
///
/// # async fn run() -> Result<(), scim_shopify::client::ShopifyError> {
/// let config = ShopifyConfig::new(
///     "example.myshopify.com",
///     Credentials::AccessToken(Secret::new(std::env::var("SHOPIFY_ACCESS_TOKEN").unwrap())),
/// );
/// let client = ShopifyClient::new(config)?;
/// let variables = CustomerByIdVariables {
///     id: "gid://shopify/Customer/1".into(),
///     metafield_namespace: Some("scim".into()),
/// };
/// let found = client.execute::<CustomerById>(&variables).await?;
/// println!("{:?}", found.data.customer.map(|c| c.id));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct ShopifyClient {
    config: ShopifyConfig,
    http: reqwest::Client,
    clock: Arc<dyn Clock>,
    bucket: Mutex<Bucket>,
    granted: tokio::sync::Mutex<Option<GrantedToken>>,
}

#[derive(Debug, Clone)]
struct GrantedToken {
    token: Secret,
    expires_at: Instant,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    data: Option<serde_json::Value>,
    #[serde(default)]
    errors: Option<Vec<GraphQlError>>,
    #[serde(default)]
    extensions: Option<Extensions>,
}

#[derive(Deserialize)]
struct Extensions {
    #[serde(default)]
    cost: Option<QueryCost>,
}

#[derive(Deserialize)]
struct TokenGrant {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// What one HTTP attempt came to, before the retry decision.
enum Attempt {
    Done(Result<Response<serde_json::Value>, ShopifyError>),
    Throttled(Option<QueryCost>),
    Transient(Transient),
    Unauthorized,
}

enum Transient {
    Status(u16),
    Transport(reqwest::Error),
}

impl Transient {
    /// Whether Shopify may have run the request: anything but a 429 (refused before running)
    /// or a connection that was never made.
    fn may_have_run(&self) -> bool {
        match self {
            Transient::Status(status) => *status != 429,
            Transient::Transport(err) => !err.is_connect(),
        }
    }
}

impl ShopifyClient {
    /// A client with the real clock.
    ///
    /// ```
    /// use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
    ///
    /// let config = ShopifyConfig::new("a.myshopify.com", Credentials::AccessToken(Secret::new("shpat_x")));
    /// let client = ShopifyClient::new(config).unwrap();
    /// assert!(!format!("{client:?}").contains("shpat_x"));
    /// ```
    pub fn new(config: ShopifyConfig) -> Result<Self, ShopifyError> {
        Self::with_clock(config, Arc::new(TokioClock))
    }

    /// A client whose waits and time come from `clock` (tests use a clock that does not wait).
    ///
    /// ```
    /// use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig, TokioClock};
    /// use std::sync::Arc;
    ///
    /// let config = ShopifyConfig::new("a.myshopify.com", Credentials::AccessToken(Secret::new("t")));
    /// let client = ShopifyClient::with_clock(config, Arc::new(TokioClock)).unwrap();
    /// assert!(client.throttle_status().is_none());
    /// ```
    pub fn with_clock(config: ShopifyConfig, clock: Arc<dyn Clock>) -> Result<Self, ShopifyError> {
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .build()
            .map_err(|source| ShopifyError::Transport {
                operation: "client setup",
                attempts: 0,
                source,
            })?;
        Ok(ShopifyClient {
            config,
            http,
            clock,
            bucket: Mutex::new(Bucket::default()),
            granted: tokio::sync::Mutex::new(None),
        })
    }

    /// How long after a request is first sent its last attempt may still reach Shopify:
    /// the retry policy's `max_elapsed`, then one more request timeout. A write's effect
    /// can land that late, and not later.
    ///
    /// ```
    /// # use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
    /// let config = ShopifyConfig::new("a.myshopify.com", Credentials::AccessToken(Secret::new("t")));
    /// let expected = config.retry.max_elapsed + config.request_timeout;
    /// assert_eq!(ShopifyClient::new(config).unwrap().longest_delivery(), expected);
    /// ```
    pub fn longest_delivery(&self) -> Duration {
        self.config.retry.max_elapsed + self.config.request_timeout
    }

    /// The bucket as last reported by Shopify, refilled to now; `None` before the first response.
    ///
    /// ```
    /// # use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
    /// # let client = ShopifyClient::new(ShopifyConfig::new("a.myshopify.com",
    /// #     Credentials::AccessToken(Secret::new("t")))).unwrap();
    /// assert_eq!(client.throttle_status(), None);
    /// ```
    pub fn throttle_status(&self) -> Option<ThrottleStatus> {
        let now = self.clock.now();
        self.bucket().snapshot(now)
    }

    /// Sends operation `O` with `variables` and returns its `data` and cost.
    ///
    /// Refuses locally ([`ShopifyError::CostOverCap`]) when the estimated cost is over 1000;
    /// waits for the bucket when the estimate is more than is available; retries `THROTTLED`,
    /// 429, 5xx, timeouts and connection errors per the [`RetryPolicy`](super::RetryPolicy);
    /// refreshes a granted token once on 401. A mutation's `userErrors` are part of the data.
    ///
    /// An operation that is not [`Operation::REPLAY_SAFE`] (a create) is retried only when
    /// Shopify cannot have run it (429, `THROTTLED`, a connection never made); after a timeout
    /// or a 5xx the error goes back to the caller, who can look the object up before retrying.
    ///
    /// ```no_run
    /// use scim_shopify::client::operations::{TagsAdd, TagsVariables};
    /// # async fn run(client: scim_shopify::client::ShopifyClient) -> Result<(), scim_shopify::client::ShopifyError> {
    /// let added = client
    ///     .execute::<TagsAdd>(&TagsVariables {
    ///         id: "gid://shopify/Customer/1".into(),
    ///         tags: vec!["scim-group:Sales".into()],
    ///     })
    ///     .await?;
    /// assert!(added.data.tags_add.user_errors.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn execute<O: Operation>(
        &self,
        variables: &O::Variables,
    ) -> Result<Response<O::Data>, ShopifyError> {
        let requested = O::requested_cost(variables);
        if requested > MAX_QUERY_COST {
            return Err(ShopifyError::CostOverCap {
                operation: O::NAME,
                requested,
                cap: MAX_QUERY_COST,
            });
        }
        let body = RequestBody {
            query: O::document(variables),
            operation_name: O::NAME,
            variables,
        };
        let started = self.clock.now();
        let mut attempts = 0;
        let mut refreshed = false;
        let mut resent = false;
        loop {
            attempts += 1;
            let ticket = self.wait_for_bucket(requested).await;
            let token = match self.token().await {
                Ok(token) => token,
                Err(err) => {
                    self.bucket().settle(ticket);
                    return Err(err);
                }
            };
            match self.attempt(O::NAME, &body, &token, ticket).await {
                Attempt::Done(result) => {
                    let response = result?;
                    let data = serde_json::from_value(response.data).map_err(|source| {
                        ShopifyError::Decode {
                            operation: O::NAME,
                            source,
                        }
                    })?;
                    return Ok(Response {
                        data,
                        cost: response.cost,
                        resent,
                    });
                }
                Attempt::Unauthorized => {
                    if refreshed || matches!(self.config.credentials, Credentials::AccessToken(_)) {
                        return Err(ShopifyError::Auth {
                            reason: format!("{} answered HTTP 401", O::NAME),
                        });
                    }
                    refreshed = true;
                    attempts -= 1;
                    self.forget_token(&token).await;
                }
                Attempt::Throttled(cost) => {
                    let Some(backoff) = self.backoff(attempts, started) else {
                        return Err(ShopifyError::Throttled {
                            operation: O::NAME,
                            attempts,
                        });
                    };
                    // With a reported bucket the wait before the next attempt is the refill
                    // time; without one, the backoff.
                    if cost.is_none() {
                        self.clock.sleep(backoff).await;
                    }
                }
                Attempt::Transient(transient) => {
                    let replay = O::REPLAY_SAFE || !transient.may_have_run();
                    let backoff = replay.then(|| self.backoff(attempts, started)).flatten();
                    let Some(backoff) = backoff else {
                        return Err(match transient {
                            Transient::Status(status) => ShopifyError::Status {
                                operation: O::NAME,
                                status,
                                attempts,
                            },
                            Transient::Transport(source) => ShopifyError::Transport {
                                operation: O::NAME,
                                attempts,
                                source,
                            },
                        });
                    };
                    resent |= transient.may_have_run();
                    self.clock.sleep(backoff).await;
                }
            }
        }
    }

    /// One POST: the HTTP outcome classified for the retry loop; the bucket learns the
    /// answer's status for `ticket`, or that there was none.
    async fn attempt<V: serde::Serialize>(
        &self,
        operation: &'static str,
        body: &RequestBody<'_, V>,
        token: &Secret,
        ticket: Ticket,
    ) -> Attempt {
        let mut ticket = Some(ticket);
        let outcome = self.post(operation, body, token, &mut ticket).await;
        if let Some(ticket) = ticket {
            self.bucket().settle(ticket);
        }
        outcome
    }

    /// The POST of [`Self::attempt`]; takes `ticket` when it observes a status.
    async fn post<V: serde::Serialize>(
        &self,
        operation: &'static str,
        body: &RequestBody<'_, V>,
        token: &Secret,
        ticket: &mut Option<Ticket>,
    ) -> Attempt {
        let sent = self
            .http
            .post(self.config.graphql_url())
            .header("X-Shopify-Access-Token", token.expose())
            .json(body)
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(err) => return transport(operation, err),
        };
        let status = response.status().as_u16();
        if status == 401 {
            return Attempt::Unauthorized;
        }
        if status == 429 || status >= 500 {
            return Attempt::Transient(Transient::Status(status));
        }
        if !(200..300).contains(&status) {
            return Attempt::Done(Err(ShopifyError::Status {
                operation,
                status,
                attempts: 1,
            }));
        }
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
            Err(err) => return transport(operation, err),
        };
        let envelope: Envelope = match serde_json::from_slice(&bytes) {
            Ok(envelope) => envelope,
            Err(source) => return Attempt::Done(Err(ShopifyError::Decode { operation, source })),
        };
        let cost = envelope.extensions.and_then(|e| e.cost);
        if let Some(cost) = &cost
            && let Some(ticket) = ticket.take()
        {
            let now = self.clock.now();
            self.bucket().observe(ticket, cost.throttle_status, now);
        }
        let errors = envelope.errors.unwrap_or_default();
        if errors.iter().any(|e| e.code() == Some("THROTTLED")) {
            return Attempt::Throttled(cost);
        }
        if !errors.is_empty() {
            return Attempt::Done(Err(ShopifyError::GraphQl { operation, errors }));
        }
        Attempt::Done(Ok(Response {
            data: envelope.data.unwrap_or(serde_json::Value::Null),
            cost,
            resent: false,
        }))
    }

    /// Reserves `cost` points in the bucket and sleeps until they are there.
    async fn wait_for_bucket(&self, cost: u32) -> Ticket {
        let now = self.clock.now();
        let (ticket, wait) = self.bucket().reserve(cost, now);
        if !wait.is_zero() {
            self.clock.sleep(wait).await;
        }
        ticket
    }

    /// The wait before attempt `attempts + 1`, or `None` when the policy gives up.
    fn backoff(&self, attempts: u32, started: Instant) -> Option<Duration> {
        let policy = &self.config.retry;
        if attempts >= policy.max_attempts {
            return None;
        }
        let delay = policy.delay(attempts, random());
        let elapsed = self.clock.now().saturating_duration_since(started);
        (elapsed + delay <= policy.max_elapsed).then_some(delay)
    }

    fn bucket(&self) -> std::sync::MutexGuard<'_, Bucket> {
        self.bucket.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The token to send: the static one, or a granted one that is not about to expire.
    async fn token(&self) -> Result<Secret, ShopifyError> {
        let (client_id, client_secret) = match &self.config.credentials {
            Credentials::AccessToken(token) => return Ok(token.clone()),
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => (client_id, client_secret),
        };
        let mut granted = self.granted.lock().await;
        if let Some(current) = &*granted
            && current.expires_at > self.clock.now() + REFRESH_MARGIN
        {
            return Ok(current.token.clone());
        }
        let fresh = self.grant(client_id, client_secret).await?;
        let token = fresh.token.clone();
        *granted = Some(fresh);
        Ok(token)
    }

    /// Drops the granted token `rejected` (unless another call already replaced it).
    async fn forget_token(&self, rejected: &Secret) {
        let mut granted = self.granted.lock().await;
        if granted.as_ref().is_some_and(|g| &g.token == rejected) {
            *granted = None;
        }
    }

    /// The client-credentials grant, retried like a query on 429, 5xx and transport errors.
    async fn grant(
        &self,
        client_id: &str,
        client_secret: &Secret,
    ) -> Result<GrantedToken, ShopifyError> {
        let started = self.clock.now();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let form = [
                ("client_id", client_id),
                ("client_secret", client_secret.expose()),
                ("grant_type", "client_credentials"),
            ];
            let sent = self
                .http
                .post(self.config.token_url())
                .form(&form)
                .send()
                .await;
            let transient = match sent {
                Ok(response) if response.status().is_success() => {
                    let bytes = response.bytes().await;
                    match bytes {
                        Ok(bytes) => return self.parse_grant(&bytes),
                        Err(err) => Transient::Transport(without_url(err)),
                    }
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    if status != 429 && status < 500 {
                        return Err(ShopifyError::Auth {
                            reason: format!("the client-credentials grant answered HTTP {status}"),
                        });
                    }
                    Transient::Status(status)
                }
                Err(err) => Transient::Transport(without_url(err)),
            };
            let Some(backoff) = self.backoff(attempts, started) else {
                return Err(match transient {
                    Transient::Status(status) => ShopifyError::Status {
                        operation: TOKEN_OPERATION,
                        status,
                        attempts,
                    },
                    Transient::Transport(source) => ShopifyError::Transport {
                        operation: TOKEN_OPERATION,
                        attempts,
                        source,
                    },
                });
            };
            self.clock.sleep(backoff).await;
        }
    }

    fn parse_grant(&self, bytes: &[u8]) -> Result<GrantedToken, ShopifyError> {
        let grant: TokenGrant =
            serde_json::from_slice(bytes).map_err(|source| ShopifyError::Decode {
                operation: TOKEN_OPERATION,
                source,
            })?;
        let lifetime = grant
            .expires_in
            .map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
        Ok(GrantedToken {
            token: Secret::new(grant.access_token),
            expires_at: self.clock.now() + lifetime,
        })
    }
}

/// Classifies a reqwest error: timeouts, connection failures and broken bodies are transient.
fn transport(operation: &'static str, err: reqwest::Error) -> Attempt {
    let err = without_url(err);
    if err.is_timeout() || err.is_connect() || err.is_request() || err.is_body() {
        Attempt::Transient(Transient::Transport(err))
    } else {
        Attempt::Done(Err(ShopifyError::Transport {
            operation,
            attempts: 1,
            source: err,
        }))
    }
}

/// Errors keep the failure, not the URL: the shop's domain is in the config already.
fn without_url(err: reqwest::Error) -> reqwest::Error {
    err.without_url()
}

/// A random `u64` for jitter, from the standard library's per-instance hash keys.
fn random() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0x5eed);
    hasher.finish()
}
