//! Races made to meet: [`RunningEmulator::hold`] holds a group of requests of one operation
//! until all have arrived, and [`Stats`](scim_shopify_emulator::Stats) counts the
//! `userErrors` the losers were answered.
//!
//! The refusals are the schema's (`schema/admin-2026-07.graphql`): `STALE_OBJECT` for a
//! `metafieldsSet` whose `compareDigest` no longer matches ("If the `compareDigest` value
//! does not match the digest for the persisted value, the mutation will return an error.",
//! `metafieldsSet`), `TAKEN` for a value a unique definition already holds on another
//! customer ("The input value is already taken.", `MetafieldsSetUserErrorCode`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};

mod common;

use common::{create_customer, define_custom_id, post_ok, read_metafield, set_metafields};

const TOKEN: &str = "shpat_races";

async fn start() -> Arc<RunningEmulator> {
    let emulator = Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Plus))
        .await
        .unwrap();
    Arc::new(emulator)
}

/// A customer with `scim.external_id` holding `value`: its gid.
async fn customer_with(emulator: &RunningEmulator, email: &str, value: &str) -> String {
    create_customer(
        emulator,
        TOKEN,
        json!({"email": email, "metafields": [
            {"namespace": "scim", "key": "external_id", "type": "single_line_text_field", "value": value},
        ]}),
    )
    .await
}

/// Reads `scim.external_id` of `gid` (operation `ReadMetafield`) in a task of its own.
fn spawn_read(emulator: &Arc<RunningEmulator>, gid: &str) -> tokio::task::JoinHandle<Value> {
    let (emulator, gid) = (emulator.clone(), gid.to_owned());
    tokio::spawn(async move { read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await })
}

/// Sets `scim.external_id` of `gid` to `value` (operation `SetMetafields`): the payload.
async fn set(emulator: &RunningEmulator, gid: &str, value: &str, digest: Option<&str>) -> Value {
    let mut input = json!({"ownerId": gid, "namespace": "scim", "key": "external_id",
        "type": "single_line_text_field", "value": value});
    if let Some(digest) = digest {
        input["compareDigest"] = json!(digest);
    }
    set_metafields(emulator, TOKEN, json!([input])).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn held_reads_wait_for_their_group_and_see_a_write_sent_after_them() {
    let emulator = start().await;
    let gid = customer_with(&emulator, "held@example.com", "before").await;

    emulator.hold("ReadMetafield", 3);
    let early = [spawn_read(&emulator, &gid), spawn_read(&emulator, &gid)];
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        early.iter().all(|read| !read.is_finished()),
        "two of three have arrived: held"
    );
    // Another operation is not held: this write runs while the reads wait.
    let written = set(&emulator, &gid, "after", None).await;
    assert_eq!(written["userErrors"], json!([]));

    let last = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert_eq!(last["value"], "after");
    for read in early {
        // Sent before the write, executed after it: they were held until the third arrived.
        assert_eq!(read.await.unwrap()["value"], "after");
    }
    let reads = &emulator.stats().operations["ReadMetafield"];
    assert_eq!(reads.calls, 3);

    // The hold is over: the next read is not held.
    let started = Instant::now();
    read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partial_group_goes_at_the_timeout() {
    let emulator = start().await;
    let gid = customer_with(&emulator, "partial@example.com", "value").await;
    let timeout = Duration::from_millis(400);

    emulator.hold_within("ReadMetafield", 3, timeout);
    let started = Instant::now();
    let read = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    let waited = started.elapsed();
    assert_eq!(read["value"], "value");
    assert!(waited >= timeout, "held {waited:?}");
    assert!(waited < Duration::from_secs(5), "held {waited:?}");

    // The group went at the timeout; a later request is not held by it.
    let started = Instant::now();
    read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert!(started.elapsed() < timeout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_modify_write_clients_meet_and_one_wins() {
    const CLIENTS: usize = 4;
    let emulator = start().await;
    let gid = customer_with(&emulator, "contended@example.com", "v0").await;
    emulator.reset_stats();

    emulator.hold("ReadMetafield", CLIENTS);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (emulator, gid) = (emulator.clone(), gid.clone());
            tokio::spawn(async move {
                let read = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
                let digest = read["compareDigest"].as_str().unwrap().to_owned();
                let value = format!("client-{client}");
                let payload = set(&emulator, &gid, &value, Some(&digest)).await;
                (read, value, payload)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for client in clients {
        outcomes.push(client.await.unwrap());
    }

    // Every client read the state before any wrote.
    assert!(outcomes.iter().all(|(read, _, _)| read["value"] == "v0"));
    let winners: Vec<&String> = outcomes
        .iter()
        .filter(|(_, _, payload)| payload["userErrors"] == json!([]))
        .map(|(_, value, _)| value)
        .collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    for (_, _, payload) in outcomes.iter().filter(|(_, v, _)| v != winners[0]) {
        assert_eq!(payload["userErrors"][0]["code"], "STALE_OBJECT");
    }
    let stored = read_metafield(&emulator, TOKEN, &gid, "scim", "external_id").await;
    assert_eq!(&stored["value"], winners[0].as_str());

    let stats = emulator.stats();
    assert_eq!(stats.user_errors("STALE_OBJECT"), (CLIENTS - 1) as u64);
    assert_eq!(
        stats.operations["SetMetafields"].user_errors,
        [("STALE_OBJECT".to_owned(), (CLIENTS - 1) as u64)].into()
    );
    assert_eq!(stats.operations["ReadMetafield"].user_errors.len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_customers_claiming_one_unique_value_and_the_stats_of_refusals() {
    let emulator = start().await;
    define_custom_id(&emulator, TOKEN, "scim", "external_id").await;
    let first = create_customer(&emulator, TOKEN, json!({"email": "a@example.com"})).await;
    let second = create_customer(&emulator, TOKEN, json!({"email": "b@example.com"})).await;
    emulator.reset_stats();

    // Both look the value up, find it free, and claim it.
    let lookup = "query FindByExternalId($identifier: CustomerIdentifierInput!) { customerByIdentifier(identifier: $identifier) { id } }";
    let identifier = json!({"identifier": {"customId": {"namespace": "scim", "key": "external_id", "value": "ext-1"}}});
    emulator.hold("FindByExternalId", 2);
    let claims: Vec<_> = [first, second]
        .into_iter()
        .map(|gid| {
            let (emulator, identifier) = (emulator.clone(), identifier.clone());
            tokio::spawn(async move {
                let found = post_ok(&emulator, TOKEN, lookup, identifier).await;
                let free = found["data"]["customerByIdentifier"].is_null();
                let claim = json!([{"ownerId": gid, "namespace": "scim", "key": "external_id", "type": "id", "value": "ext-1"}]);
                (free, set_metafields(&emulator, TOKEN, claim).await)
            })
        })
        .collect();
    let mut payloads = Vec::new();
    for claim in claims {
        let (free, payload) = claim.await.unwrap();
        assert!(free, "both looked before either claimed");
        payloads.push(payload);
    }
    let codes: Vec<&Value> = payloads
        .iter()
        .filter_map(|p| p["userErrors"].get(0).map(|e| &e["code"]))
        .collect();
    assert_eq!(codes, [&json!("TAKEN")]);

    // An error without a code is counted by its message.
    let create = "mutation CreateCustomer($input: CustomerInput!) { customerCreate(input: $input) { userErrors { message } } }";
    post_ok(
        &emulator,
        TOKEN,
        create,
        json!({"input": {"email": "not an email"}}),
    )
    .await;

    let stats = emulator.stats();
    assert_eq!(stats.user_errors("TAKEN"), 1);
    assert_eq!(stats.operations["SetMetafields"].user_errors["TAKEN"], 1);
    assert_eq!(stats.user_errors("Email is invalid"), 1);
    assert_eq!(stats.user_errors("STALE_OBJECT"), 0);
    assert_eq!(stats.all_user_errors(), 2);
}
