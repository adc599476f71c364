//! What the flows over an emulated Shopify shop share: a client of the emulator's shop
//! ([`client`], [`client_config`]), a shop set up as `scim-server --backend shopify` sets a
//! real one up ([`set_up_shop`]), the customer as Shopify holds it ([`customer_in_shop`]),
//! and the GraphQL calls a step made ([`take_calls`], compared with [`named`]).

use std::sync::Arc;
use std::time::Duration;

use scim_shopify::client::operations::{CustomerById, CustomerByIdVariables, ScimCustomer};
use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator, Stats};

use crate::Client;

/// A client configuration for the shop of `token` on `emulator`: its base URL, the token,
/// and retry delays of 5 to 20 ms instead of Shopify's half a second to ten seconds (nothing
/// is gained by waiting on loopback).
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};
///
/// let emulator = Emulator::start(EmulatorConfig::new().shop("shpat_test", Plan::Standard)).await?;
/// let mut config = scim_conformance::shop::client_config(&emulator, "shpat_test");
/// config.request_timeout = std::time::Duration::from_millis(200);
/// let client = scim_shopify::client::ShopifyClient::new(config)?;
/// # let _ = client; Ok(()) }
/// ```
pub fn client_config(emulator: &RunningEmulator, token: &str) -> ShopifyConfig {
    let mut config = ShopifyConfig::new(
        "emulated.myshopify.com",
        Credentials::AccessToken(Secret::new(token)),
    )
    .with_base_url(emulator.base_url());
    config.retry.base_delay = Duration::from_millis(5);
    config.retry.max_delay = Duration::from_millis(20);
    config
}

/// A client of the shop of `token` on `emulator`, configured as [`client_config`] says.
///
/// # Panics
///
/// The HTTP client cannot be built ([`ShopifyClient::new`]).
pub fn client(emulator: &RunningEmulator, token: &str) -> ShopifyClient {
    ShopifyClient::new(client_config(emulator, token)).expect("an HTTP client")
}

/// The emulator (Standard plan, one shop reached with `token`) and a SCIM client of a
/// service over a `ShopifyStore` on it, set up with
/// [`ShopifyStore::ensure_definitions`], with the `Delete` policy.
pub async fn set_up_shop(token: &str) -> (RunningEmulator, Client) {
    let emulator = Emulator::start(EmulatorConfig::new().shop(token, Plan::Standard))
        .await
        .expect("the emulator starts");
    let client = set_up_store(&emulator, token, DeletePolicy::Delete).await;
    (emulator, client)
}

/// A SCIM client of a new service over a new `ShopifyStore` on the shop of `token` on
/// `emulator`, deleting by `policy`, the shop set up ([`ShopifyStore::ensure_definitions`]):
/// what one more replica of the server is.
pub async fn set_up_store(emulator: &RunningEmulator, token: &str, policy: DeletePolicy) -> Client {
    let store = ShopifyStore::new(client(emulator, token), MappingConfig::default(), policy)
        .expect("a store");
    store
        .ensure_definitions()
        .await
        .expect("the shop is set up");
    Client::over(Arc::new(store))
}

/// The customer `id` (numeric) as Shopify holds it, read with `customer(id:)` through
/// `shopify`, with the `scim` metafields.
pub async fn customer_in_shop(shopify: &ShopifyClient, id: &str) -> ScimCustomer {
    shopify
        .execute::<CustomerById>(&CustomerByIdVariables {
            id: format!("gid://shopify/Customer/{id}"),
            metafield_namespace: Some("scim".into()),
        })
        .await
        .expect("a read")
        .data
        .customer
        .expect("the customer is still in the shop")
}

/// The GraphQL calls made since the last look, by operation name (and forgets them), so a
/// step's calls can be compared with [`named`]. Prints them with their requested cost.
pub fn take_calls(emulator: &RunningEmulator) -> Vec<(String, u64)> {
    let Stats { operations } = emulator.stats();
    emulator.reset_stats();
    let cost: u64 = operations.values().map(|op| op.requested_cost).sum();
    println!("calls {operations:?}: {cost} points requested");
    operations
        .into_iter()
        .map(|(name, op)| (name, op.calls))
        .collect()
}

/// `(operation name, calls)` pairs as [`take_calls`] gives them.
pub fn named(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect()
}
