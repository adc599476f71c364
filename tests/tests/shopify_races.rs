//! The races of `scim_conformance::races` on the Shopify store, through the whole service,
//! on an emulated shop set up as `scim-server --backend shopify` sets one up: with one
//! store, and with two stores that share no memory (two replicas) on one shop. The emulator
//! holds the racing requests until all have arrived, so they really meet, and its
//! statistics show the refusals of Shopify's that decided them: `TAKEN` (a unique value)
//! and `STALE_OBJECT` (a compare-and-set of the version token).

use scim_conformance::shop::{set_up_shop, set_up_store};
use scim_conformance::{Client, races};
use scim_shopify::store::DeletePolicy;
use scim_shopify_emulator::RunningEmulator;

const SHOP_TOKEN: &str = "shpat_races";
const RACERS: usize = 20;

/// A second service over a second store on the same shop: another replica.
async fn replica(emulator: &RunningEmulator) -> Client {
    set_up_store(emulator, SHOP_TOKEN, DeletePolicy::default()).await
}

/// RFC 7643 §4.1.1: 20 creates of one plain `userName` (in two cases) at once, from two
/// replicas, make one customer; Shopify refuses the others' unique `userName` key
/// (`TAKEN`), answered 409.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_creates_of_one_user_name_make_one_customer() {
    let (emulator, client) = set_up_shop(SHOP_TOKEN).await;
    let clients = [client, replica(&emulator).await];
    emulator.hold("CustomerCreate", RACERS);
    races::parallel_creates_of_one_user_name(&clients, RACERS).await;
    let stats = emulator.stats();
    assert_eq!(stats.operations["CustomerCreate"].calls, RACERS as u64);
    assert_eq!(stats.user_errors("TAKEN"), RACERS as u64 - 1);
}

/// RFC 7644 §3.5.2.1: 20 PATCHes each adding an email, at once, without `If-Match`, from
/// two replicas: every email kept. Within a replica the writes take turns; across them a
/// commit that lost its compare-and-set (`STALE_OBJECT`) reads again and commits again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_patches_from_two_replicas_keep_every_email() {
    let (emulator, client) = set_up_shop(SHOP_TOKEN).await;
    let clients = [client, replica(&emulator).await];
    // The first read of each replica meets the other's before either commits.
    emulator.hold("CustomerById", clients.len());
    races::parallel_patches_keep_every_email(&clients, RACERS).await;
    assert!(emulator.stats().user_errors("STALE_OBJECT") >= 1);
}

/// RFC 7644 §3.14: 20 PATCHes with one `If-Match` version, at once, from two replicas: one
/// commits, the others answer 412. Within a replica the writes take turns (a later one
/// reads the new version); across them the first reads of each meet (the emulator holds
/// them), and the compare-and-set of the one that commits second is refused
/// (`STALE_OBJECT`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_patches_with_one_if_match_make_one_change() {
    let (emulator, client) = set_up_shop(SHOP_TOKEN).await;
    let clients = [client, replica(&emulator).await];
    emulator.hold("CustomerById", clients.len());
    races::parallel_writes_with_one_if_match(&clients, RACERS, false).await;
    let stale = emulator.stats().user_errors("STALE_OBJECT");
    assert!(stale >= 1, "{stale}");
}

/// The same with PUT (RFC 7644 §3.5.1).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_puts_with_one_if_match_make_one_change() {
    let (emulator, client) = set_up_shop(SHOP_TOKEN).await;
    let clients = [client, replica(&emulator).await];
    emulator.hold("CustomerById", clients.len());
    races::parallel_writes_with_one_if_match(&clients, RACERS, true).await;
    assert!(emulator.stats().user_errors("STALE_OBJECT") >= 1);
}

/// RFC 7644 §3.14: one `If-Match` serves one write, even within a second (the version is
/// no longer `updatedAt` to the second), and `If-None-Match` never answers 304 for a
/// changed User.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_if_match_serves_one_write() {
    let (_emulator, client) = set_up_shop(SHOP_TOKEN).await;
    races::one_if_match_serves_one_write(&client).await;
}

/// RFC 7644 §3.6 then §3.3: a User soft-deleted, then created again 20 times at once from
/// two replicas: every create is refused as taken and finds the deleted customer; the first
/// to commit on its version token takes it over (201), the others' commit is refused
/// (`STALE_OBJECT`) and they answer 409.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_re_creates_of_a_deleted_user_make_one_user() {
    // Both replicas soft-delete (the default policy), as `scim-server` does.
    let (emulator, _) = set_up_shop(SHOP_TOKEN).await;
    let clients = [replica(&emulator).await, replica(&emulator).await];
    emulator.hold("CustomerByIdentifier", clients.len());
    races::parallel_re_creates_of_a_deleted_user(&clients, RACERS).await;
    let stats = emulator.stats();
    assert!(stats.user_errors("STALE_OBJECT") >= 1, "{stats:?}");
}
