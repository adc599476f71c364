//! The emulator's injected faults, before and after commit. (Its execution of several
//! aliased root mutation fields in one request is tested with the store's own document, in
//! scim-shopify's `tests/customer_write_document.rs`.)

use std::time::Duration;

use serde_json::{Value, json};

use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};

mod common;

use common::post_within;

const TOKEN: &str = "shpat_faults";

const CREATE: &str = "mutation CustomerCreate($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { field message } } }";
const FIND: &str = "query CustomerByIdentifier($email: String!) { customerByIdentifier(identifier: {emailAddress: $email}) { id tags } }";

async fn start() -> RunningEmulator {
    Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Standard))
        .await
        .expect("the emulator starts")
}

fn create(email: &str) -> Value {
    json!({"query": CREATE, "operationName": "CustomerCreate", "variables": {"input": {"email": email}}})
}

async fn exists(emulator: &RunningEmulator, email: &str) -> bool {
    let find = json!({"query": FIND, "operationName": "CustomerByIdentifier", "variables": {"email": email}});
    let (_, body) = post_within(emulator, TOKEN, find, Duration::from_secs(5))
        .await
        .expect("a lookup");
    !body["data"]["customerByIdentifier"].is_null()
}

const LONG: Duration = Duration::from_secs(5);

#[tokio::test]
async fn a_5xx_before_commit_creates_nothing() {
    let emulator = start().await;
    emulator.faults().fail_next(1, 503);
    let (status, _) = post_within(&emulator, TOKEN, create("before@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 503);
    assert!(!exists(&emulator, "before@example.com").await);
    assert_eq!(emulator.stats().operations.get("CustomerCreate"), None);
}

#[tokio::test]
async fn a_5xx_after_commit_loses_the_answer_of_a_create_that_ran() {
    let emulator = start().await;
    emulator.faults().fail_next_after_commit(1, 502);
    let (status, body) = post_within(&emulator, TOKEN, create("after@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 502);
    assert!(body["data"].is_null(), "{body}");
    assert!(exists(&emulator, "after@example.com").await);
    assert_eq!(emulator.stats().operations["CustomerCreate"].calls, 1);
    // Replaying the create blindly is what the store must not do.
    let (_, replay) = post_within(&emulator, TOKEN, create("after@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(
        replay["data"]["customerCreate"]["userErrors"][0]["message"],
        "Email has already been taken"
    );
}

#[tokio::test]
async fn a_connection_dropped_after_commit_loses_the_answer_of_a_create_that_ran() {
    let emulator = start().await;
    emulator.faults().drop_next_after_commit(1);
    let outcome = post_within(&emulator, TOKEN, create("dropped@example.com"), LONG).await;
    assert!(outcome.is_err(), "{outcome:?}");
    assert!(exists(&emulator, "dropped@example.com").await);
}

#[tokio::test]
async fn an_answer_delayed_past_the_timeout_after_commit_is_a_timeout_of_a_create_that_ran() {
    let emulator = start().await;
    emulator
        .faults()
        .delay_next_after_commit(1, Duration::from_millis(600));
    let outcome = post_within(
        &emulator,
        TOKEN,
        create("late@example.com"),
        Duration::from_millis(150),
    )
    .await;
    assert!(outcome.is_err(), "{outcome:?}");
    assert!(exists(&emulator, "late@example.com").await);
}

/// A brief `THROTTLED` says the bucket is empty but leaves the shop's points: the next
/// request runs.
#[tokio::test]
async fn a_brief_throttle_answers_throttled_and_keeps_the_bucket() {
    let emulator = start().await;
    emulator.faults().throttle_next_briefly(1);
    let (status, body) = post_within(&emulator, TOKEN, create("brief@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(body["errors"][0]["extensions"]["code"], "THROTTLED");
    assert_eq!(
        body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"],
        0
    );
    assert!(!exists(&emulator, "brief@example.com").await);
    let (_, body) = post_within(&emulator, TOKEN, create("brief@example.com"), LONG)
        .await
        .unwrap();
    assert!(
        body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"].as_u64() > Some(1900),
        "{body}"
    );
    assert_eq!(emulator.stats().operations["CustomerCreate"].throttled, 1);
}
