//! A fresh emulated shop set up as `scim-server --backend shopify` sets a real one up
//! (`ShopifyStore::ensure_definitions`), behind the whole SCIM service, with the `Delete`
//! policy: shared by the flows that model a real shop's setup.

use std::sync::Arc;

use scim_conformance::Client;
use scim_shopify::emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, ShopifyStore};

/// The emulator (Standard plan, one shop reached with `token`) and a SCIM client of a
/// service over a set-up `ShopifyStore` on it.
pub async fn set_up_shop(token: &str) -> (RunningEmulator, Client) {
    let emulator = Emulator::start(EmulatorConfig::new().shop(token, Plan::Standard))
        .await
        .expect("the emulator starts");
    let client = emulator.client(token).expect("a client");
    let store =
        ShopifyStore::new(client, MappingConfig::default(), DeletePolicy::Delete).expect("a store");
    store
        .ensure_definitions()
        .await
        .expect("the shop is set up");
    (emulator, Client::over(Arc::new(store)))
}
