//! The races of `scim_conformance::races` on the Shopify store, through the whole service,
//! on an emulated shop set up as `scim-server --backend shopify` sets one up. The emulator
//! holds the racing requests until all have arrived, so they really meet, and its
//! statistics show Shopify's refusals that decided them.

use scim_conformance::races;
use scim_conformance::shop::set_up_shop;

const SHOP_TOKEN: &str = "shpat_races";
const RACERS: usize = 20;

/// RFC 7643 §4.1.1: 20 creates of one plain `userName` (in two cases) at once make one
/// customer; Shopify refuses the others' unique `userName` key (`TAKEN`), answered 409.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_creates_of_one_user_name_make_one_customer() {
    let (emulator, client) = set_up_shop(SHOP_TOKEN).await;
    emulator.hold("CustomerCreate", RACERS);
    races::parallel_creates_of_one_user_name(&client, RACERS).await;
    let stats = emulator.stats();
    assert_eq!(stats.operations["CustomerCreate"].calls, RACERS as u64);
    assert_eq!(stats.user_errors("TAKEN"), RACERS as u64 - 1);
}
