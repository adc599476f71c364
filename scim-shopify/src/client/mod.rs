//! The Shopify Admin GraphQL client.
//!
//! - [`ShopifyClient`] posts to `https://{shop}/admin/api/{version}/graphql.json` with
//!   `X-Shopify-Access-Token` (a static token or one from the client-credentials grant).
//! - Only declared [`Operation`]s are sent ([`operations`]): constant documents (or one of an
//!   operation's fixed shapes, [`Operation::document`]), user input in `variables`. Every
//!   document is validated against the 2026-07 schema in the tests.
//! - Requests are paced by Shopify's leaky bucket (`extensions.cost.throttleStatus`), refused
//!   locally over the 1000-point cap, and retried on `THROTTLED`, 429, 5xx, timeouts and
//!   connection errors with bounded, jittered backoff.
//! - Failures are one [`ShopifyError`]; `userErrors` are data. Tokens never print.
//!
//! ```
//! use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
//!
//! let config = ShopifyConfig::new("example.myshopify.com", Credentials::AccessToken(Secret::new("shpat_x")))
//!     .with_base_url("http://127.0.0.1:9");
//! let client = ShopifyClient::new(config).unwrap();
//! assert!(!format!("{client:?}").contains("shpat_x"));
//! ```

mod bucket;
mod clock;
mod config;
mod error;
mod operation;
pub mod operations;
mod secret;
mod shopify_client;

pub use bucket::{QueryCost, ThrottleStatus};
pub use clock::{Clock, TokioClock};
pub use config::{Credentials, DEFAULT_API_VERSION, RetryPolicy, ShopifyConfig};
pub use error::{GraphQlError, ShopifyError};
pub use operation::{MAX_QUERY_COST, Operation, Response};
pub use secret::Secret;
pub use shopify_client::ShopifyClient;
