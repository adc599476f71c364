//! The emulator's injected faults, before and after commit, of all requests or aimed at one
//! operation. (Its execution of several
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

fn find(email: &str) -> Value {
    json!({"query": FIND, "operationName": "CustomerByIdentifier", "variables": {"email": email}})
}

/// A client that looks a customer up and then creates it loses the create's answer, not the
/// lookup's: the fault aimed at `CustomerCreate` lets the lookup sent first through.
#[tokio::test]
async fn a_5xx_after_commit_aimed_at_the_create_leaves_the_lookup_before_it_and_loses_the_answer_of_the_create()
 {
    let emulator = start().await;
    emulator
        .faults()
        .on("CustomerCreate")
        .fail_next_after_commit(1, 503);
    let (status, body) = post_within(&emulator, TOKEN, find("aimed@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(body["data"]["customerByIdentifier"], Value::Null, "{body}");
    let (status, body) = post_within(&emulator, TOKEN, create("aimed@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 503);
    assert!(body["data"].is_null(), "{body}");
    // The create ran: the customer exists and the create is counted.
    assert!(exists(&emulator, "aimed@example.com").await);
    let stats = emulator.stats();
    assert_eq!(stats.operations["CustomerCreate"].calls, 1);
    assert_eq!(stats.operations["CustomerByIdentifier"].calls, 2);
}

#[tokio::test]
async fn a_fault_aimed_at_an_operation_does_not_count_down_on_others() {
    let emulator = start().await;
    emulator.faults().on("CustomerCreate").fail_next(1, 503);
    for _ in 0..3 {
        let (status, _) = post_within(&emulator, TOKEN, find("patient@example.com"), LONG)
            .await
            .unwrap();
        assert_eq!(status, 200);
    }
    // Still due on the first create, which is not executed...
    let (status, _) = post_within(&emulator, TOKEN, create("patient@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 503);
    assert!(!exists(&emulator, "patient@example.com").await);
    // ...and spent by it.
    let (status, body) = post_within(&emulator, TOKEN, create("patient@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(body["data"]["customerCreate"]["userErrors"], json!([]));
    assert!(exists(&emulator, "patient@example.com").await);
}

/// A fault of all requests hits the next request whatever its operation, beside a fault
/// aimed at another operation, which it leaves due.
#[tokio::test]
async fn a_fault_of_all_requests_still_hits_the_next_request_of_any_operation() {
    let emulator = start().await;
    emulator.faults().fail_next(1, 502);
    emulator.faults().on("CustomerCreate").fail_next(1, 503);
    let (status, _) = post_within(&emulator, TOKEN, find("any@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 502);
    let (status, _) = post_within(&emulator, TOKEN, create("any@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 503);
    let (status, _) = post_within(&emulator, TOKEN, create("any@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(exists(&emulator, "any@example.com").await);
}

#[tokio::test]
async fn faults_aimed_at_two_operations_at_once_each_hit_their_own() {
    let emulator = start().await;
    emulator
        .faults()
        .on("CustomerCreate")
        .fail_next_after_commit(1, 503);
    emulator
        .faults()
        .on("CustomerByIdentifier")
        .fail_next(1, 502);
    let (status, _) = post_within(&emulator, TOKEN, find("two@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 502);
    let (status, _) = post_within(&emulator, TOKEN, create("two@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 503);
    // Both spent: the lookup answers, and finds the customer the lost create made.
    let (status, body) = post_within(&emulator, TOKEN, find("two@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(
        body["data"]["customerByIdentifier"]["id"].is_string(),
        "{body}"
    );
    let (status, body) = post_within(&emulator, TOKEN, create("two@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["customerCreate"]["userErrors"][0]["message"],
        "Email has already been taken"
    );
}

/// Without `operationName`, the operation is the document's single one; with it, the one it
/// names among several.
#[tokio::test]
async fn the_operation_of_a_request_is_its_operation_name_else_its_document_s_single_operation() {
    let emulator = start().await;
    let create_unnamed =
        json!({"query": CREATE, "variables": {"input": {"email": "single@example.com"}}});
    emulator.faults().on("CustomerCreate").fail_next(1, 503);
    let (status, _) = post_within(&emulator, TOKEN, create_unnamed, LONG)
        .await
        .unwrap();
    assert_eq!(status, 503);

    let both = format!("{FIND} {CREATE}");
    emulator.faults().on("CustomerCreate").fail_next(1, 503);
    let lookup = json!({"query": both, "operationName": "CustomerByIdentifier", "variables": {"email": "chosen@example.com"}});
    let (status, _) = post_within(&emulator, TOKEN, lookup, LONG).await.unwrap();
    assert_eq!(status, 200);
    let create_chosen = json!({"query": both, "operationName": "CustomerCreate", "variables": {"input": {"email": "chosen@example.com"}}});
    let (status, _) = post_within(&emulator, TOKEN, create_chosen, LONG)
        .await
        .unwrap();
    assert_eq!(status, 503);

    // An anonymous operation has no name to aim at.
    emulator.faults().on("CustomerCreate").fail_next(1, 503);
    let anonymous = json!({"query": "mutation { customerCreate(input: {email: \"anonymous@example.com\"}) { customer { id } } }"});
    let (status, _) = post_within(&emulator, TOKEN, anonymous, LONG)
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(exists(&emulator, "anonymous@example.com").await);
}

/// A body that is not JSON, or whose document does not parse, takes only the faults of all
/// requests; a document that parses but is invalid takes its operation's.
#[tokio::test]
async fn a_request_without_a_parsed_document_takes_only_the_faults_of_all_requests() {
    let emulator = start().await;
    emulator.faults().on("CustomerCreate").fail_next(3, 503);
    let response = reqwest::Client::new()
        .post(emulator.graphql_url(common::VERSION))
        .header("X-Shopify-Access-Token", TOKEN)
        .header("Content-Type", "application/json")
        .body("mutation CustomerCreate { not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let unparsed = json!({"query": "mutation CustomerCreate {", "operationName": "CustomerCreate"});
    let (status, body) = post_within(&emulator, TOKEN, unparsed, LONG).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "parseError",
        "{body}"
    );
    // Neither counted down the three faults of CustomerCreate; an invalid document of it does.
    let invalid = json!({"query": "mutation CustomerCreate { customerCreate { nope } }"});
    let (status, _) = post_within(&emulator, TOKEN, invalid, LONG).await.unwrap();
    assert_eq!(status, 503);
    for _ in 0..2 {
        let (status, _) = post_within(&emulator, TOKEN, create("parsed@example.com"), LONG)
            .await
            .unwrap();
        assert_eq!(status, 503);
    }
    let (status, _) = post_within(&emulator, TOKEN, create("parsed@example.com"), LONG)
        .await
        .unwrap();
    assert_eq!(status, 200);

    // The faults of all requests hit a body that is not JSON.
    emulator.faults().drop_next(1);
    let outcome = reqwest::Client::new()
        .post(emulator.graphql_url(common::VERSION))
        .header("X-Shopify-Access-Token", TOKEN)
        .body("not json")
        .send()
        .await
        .and_then(|response| response.error_for_status());
    let outcome = match outcome {
        Ok(response) => response.text().await.map(|_| ()),
        Err(error) => Err(error),
    };
    assert!(outcome.is_err(), "{outcome:?}");
}
