//! Replays the captured Shopify customer requests against the emulator and compares the
//! responses field by field.
//!
//! Each capture file under `captures/*/*/customers/` is replayed in file order on a
//! fresh shop; a step is any object holding a `query` document and a `response`. Captured
//! customer gids are mapped onto the emulator's as responses reveal them.
//!
//! Not compared, each for a reason:
//! - `id`, `deletedCustomerId` and other gids: the store allocated them (mapped, not compared;
//!   a gid of a customer created earlier in the file is compared as the emulator's gid);
//! - `createdAt`, `updatedAt`: wall-clock times of the original session;
//! - `cursor`, `startCursor`, `endCursor`: opaque encodings of the store's ids;
//! - `throttleStatus.currentlyAvailable`: it depends on the timing of the recorded session
//!   (the replay runs on a Plus bucket; `emulator_cost.rs` checks the refunded bucket);
//! - steps whose document uses an operation or field the emulator does not implement (it
//!   answers an `UNSUPPORTED_BY_EMULATOR` error, checked to be the only difference) and steps
//!   that read `customers(query:)` search results or `customersCount`, which depend on the
//!   original store's pre-existing customers (`emulator_cost.rs` checks the count's price);
//! - steps naming a captured customer gid that no replayed step created (their customer came
//!   from an unsupported step or from the store's existing data), and steps whose capture
//!   recorded no variables although the document declares some.
//!
//! A captured `orderCreate` for a customer is replayed as seeding an order on that customer
//! (the emulator's model of orders), so the blocked-delete capture is compared too.

use serde_json::{Value, json};

use scim_shopify_emulator::captures::{self, Capture};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};

mod common;

use common::{request, send};

const TOKEN: &str = "shpat_replay";

/// The recorded exchanges of `area` (`customers`, `metaobjects`), in path order.
fn capture_files(area: &str) -> Vec<&'static Capture> {
    let files: Vec<&Capture> = captures::all()
        .iter()
        .filter(|capture| capture.area() == Some(area))
        .collect();
    assert!(!files.is_empty(), "no {area} captures");
    files
}

/// The replayable steps of a capture, in document order; with `wrapped`, a step may also be
/// `{request: {query, variables}, response}` (the metaobject captures' shape).
fn steps(value: &Value, wrapped: bool, out: &mut Vec<(String, Value, Value)>) {
    match value {
        Value::Object(map) => {
            // A step is `{query, variables, response}` or `{request: {query, variables}, response}`.
            let request = map
                .get("request")
                .filter(|r| wrapped && r.is_object())
                .unwrap_or(value);
            let query = request.get("query").and_then(Value::as_str);
            let response = map.get("response").map(|r| r.get("body").unwrap_or(r));
            if let (Some(query), Some(response)) = (query, response) {
                let variables = request.get("variables").cloned().unwrap_or(json!({}));
                out.push((query.to_owned(), variables, response.clone()));
            }
            for (key, child) in map {
                if key != "upstreamCalls" && key != "response" && !(wrapped && key == "request") {
                    steps(child, wrapped, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| steps(i, wrapped, out)),
        _ => {}
    }
}

const IGNORED: &[&str] = &[
    "id",
    "deletedCustomerId",
    "deletedId",
    "createdAt",
    "updatedAt",
    "cursor",
    "startCursor",
    "endCursor",
    "currentlyAvailable",
];

fn compare(path: &str, expected: &Value, actual: &Value, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                if IGNORED.contains(&key.as_str()) {
                    continue;
                }
                match a.get(key) {
                    Some(av) => compare(&format!("{path}.{key}"), ev, av, diffs),
                    None => diffs.push(format!("{path}.{key}: missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare(&format!("{path}[{i}]"), ev, av, diffs);
            }
        }
        _ if expected != actual => diffs.push(format!("{path}: expected {expected}, got {actual}")),
        _ => {}
    }
}

/// The gids the replay maps from the capture's store onto the emulator's.
const MAPPED_GIDS: &[&str] = &[
    "gid://shopify/Customer/",
    "gid://shopify/Metaobject/",
    "gid://shopify/MetaobjectDefinition/",
];

fn is_mapped_gid(text: &str) -> bool {
    MAPPED_GIDS.iter().any(|prefix| text.starts_with(prefix))
}

/// Every mapped gid in `value`.
fn gids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if is_mapped_gid(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| gids(v, out)),
        Value::Object(map) => map.values().for_each(|v| gids(v, out)),
        _ => {}
    }
}

/// The mapped gids of a capture outside its steps (its setup, seed and what its
/// `upstreamCalls` answered).
fn unrecorded_gids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) if map.contains_key("response") => {}
        Value::Object(map) => {
            for (key, child) in map {
                match key.as_str() {
                    // What the unrecorded calls answered (not what they were sent).
                    "upstreamCalls" => child
                        .as_array()
                        .into_iter()
                        .flatten()
                        .for_each(|call| gids(&call["response"], out)),
                    _ => unrecorded_gids(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| unrecorded_gids(v, out)),
        other => gids(other, out),
    }
}

/// Records captured gid → emulator gid for mapped gids at the same place in both responses.
fn map_ids(expected: &Value, actual: &Value, ids: &mut Vec<(String, String)>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                if let Some(av) = a.get(key) {
                    if let (Some(es), Some(as_)) = (ev.as_str(), av.as_str())
                        && is_mapped_gid(es)
                        && es != as_
                    {
                        ids.push((es.to_owned(), as_.to_owned()));
                    }
                    map_ids(ev, av, ids);
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            e.iter().zip(a).for_each(|(ev, av)| map_ids(ev, av, ids))
        }
        _ => {}
    }
}

fn substitute(value: &Value, ids: &[(String, String)]) -> Value {
    match value {
        Value::String(s) => Value::String(
            ids.iter()
                .find(|(from, _)| from == s)
                .map_or_else(|| s.clone(), |(_, to)| to.clone()),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, ids)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn unsupported(response: &Value) -> bool {
    response["errors"].as_array().is_some_and(|errors| {
        errors
            .iter()
            .any(|e| e["extensions"]["code"] == "UNSUPPORTED_BY_EMULATOR")
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn captured_customer_requests_replay_identically() {
    let client = reqwest::Client::new();
    let (mut compared, mut skipped, mut failures) = (0, 0, Vec::new());
    let (mut actual_costs, mut refunded) = (0, 0);
    for file in capture_files("customers") {
        let capture: Value = serde_json::from_str(file.text()).unwrap();
        let mut file_steps = Vec::new();
        steps(&capture, false, &mut file_steps);
        if file_steps.is_empty() {
            continue;
        }
        let emulator = Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Plus))
            .await
            .unwrap();
        let mut ids = Vec::new();
        for (index, (query, variables, expected)) in file_steps.iter().enumerate() {
            let variables = substitute(variables, &ids);
            if query.contains("orderCreate(") {
                let customer = variables["order"]["customerId"]
                    .as_str()
                    .unwrap_or_default();
                assert!(emulator.seed_orders(TOKEN, customer, 1), "{customer}");
                skipped += 1;
                continue;
            }
            let unmapped = variables.to_string().split('"').any(|s| {
                s.starts_with("gid://shopify/Customer/") && !ids.iter().any(|(_, to)| to == s)
            });
            let no_variables = variables.as_object().is_none_or(|v| v.is_empty());
            if unmapped || (no_variables && query.contains('$')) {
                skipped += 1;
                continue;
            }
            let url = emulator.graphql_url("2025-01");
            let (_, response) = send(&client, &url, TOKEN, &request(query, variables))
                .await
                .unwrap();
            // Search results depend on the original store's other customers.
            if unsupported(&response)
                || query.contains("customers(")
                || query.contains("customersCount")
            {
                skipped += 1;
                continue;
            }
            // Gids of customers created earlier compare as the emulator's (`customerId`).
            let mut expected_now = substitute(expected, &ids);
            map_ids(expected, &response, &mut ids);
            let mut diffs = Vec::new();
            let expected = &mut expected_now;
            // The original store's plan had a 2000-point bucket; the replay uses Plus so that
            // long captures are not throttled.
            if let Some(status) = expected.pointer_mut("/extensions/cost/throttleStatus") {
                *status = json!({});
            }
            compare("", expected, &response, &mut diffs);
            compared += 1;
            let cost = |key: &str| {
                expected
                    .pointer(&format!("/extensions/cost/{key}"))
                    .cloned()
            };
            if let Some(actual) = cost("actualQueryCost") {
                actual_costs += 1;
                refunded += usize::from(Some(actual) != cost("requestedQueryCost"));
            }
            if !diffs.is_empty() {
                failures.push(format!(
                    "{} step {index}:\n  {}",
                    file.path(),
                    diffs.join("\n  ")
                ));
            }
        }
        emulator.stop().await;
    }
    eprintln!(
        "replayed {compared} captured requests ({actual_costs} with an actualQueryCost, \
         {refunded} of them below the requested cost), skipped {skipped}"
    );
    assert!(compared > 0);
    assert!(actual_costs > 0);
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The metaobject captures (`*/2026-04/metaobjects/`), replayed like the customer ones, with
/// these steps skipped, each for a reason:
/// - steps naming a metaobject type that no replayed step defined (the capture's definition
///   was made in its unrecorded setup);
/// - steps naming a captured gid that only the unrecorded setup or a skipped step produced,
///   while a gid nothing produced (a deliberately bad id) is sent as it is;
/// - steps using what the emulator does not implement (`metaobjectUpsert`,
///   `metaobjectDefinitionUpdate`, `urlRedirects`, `Metaobject.field(key:)`), checked to be
///   answered `UNSUPPORTED_BY_EMULATOR`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn captured_metaobject_requests_replay_identically() {
    let client = reqwest::Client::new();
    let (mut compared, mut skipped, mut failures) = (0, 0, Vec::new());
    for file in capture_files("metaobjects") {
        let capture: Value = serde_json::from_str(file.text()).unwrap();
        let mut file_steps = Vec::new();
        steps(&capture, true, &mut file_steps);
        // Gids that only unrecorded calls produced.
        let mut produced = Vec::new();
        for (_, variables, response) in &file_steps {
            let (mut named, mut answered) = (Vec::new(), Vec::new());
            gids(variables, &mut named);
            gids(response, &mut answered);
            produced.extend(answered.into_iter().filter(|g| !named.contains(g)));
        }
        let mut orphans = Vec::new();
        unrecorded_gids(&capture, &mut orphans);
        orphans.retain(|g| !produced.contains(g));
        let emulator = Emulator::start(EmulatorConfig::new().shop(TOKEN, Plan::Plus))
            .await
            .unwrap();
        let (mut ids, mut types) = (Vec::new(), Vec::<String>::new());
        for (index, (query, variables, expected)) in file_steps.iter().enumerate() {
            let mut named = Vec::new();
            gids(variables, &mut named);
            let kind = variables
                .pointer("/metaobject/type")
                .or_else(|| variables.pointer("/handle/type"))
                .and_then(Value::as_str);
            let undefined = kind.is_some_and(|k| !types.iter().any(|t| t.eq_ignore_ascii_case(k)));
            if undefined || named.iter().any(|g| orphans.contains(g)) {
                eprintln!(
                    "skipped {} step {index}: made outside the capture",
                    file.path()
                );
                gids(expected, &mut orphans);
                skipped += 1;
                continue;
            }
            let variables = substitute(variables, &ids);
            let url = emulator.graphql_url("2026-04");
            let (_, response) = send(&client, &url, TOKEN, &request(query, variables.clone()))
                .await
                .unwrap_or_else(|e| panic!("{} step {index}: {e}", file.path()));
            if unsupported(&response) {
                eprintln!("skipped {} step {index}: unsupported", file.path());
                gids(expected, &mut orphans);
                skipped += 1;
                continue;
            }
            if let Some(kind) = variables
                .pointer("/definition/type")
                .and_then(Value::as_str)
                && response
                    .pointer("/data/metaobjectDefinitionCreate/metaobjectDefinition")
                    .is_some_and(|d| !d.is_null())
            {
                types.push(kind.to_owned());
            }
            let mut expected_now = substitute(expected, &ids);
            map_ids(expected, &response, &mut ids);
            if let Some(status) = expected_now.pointer_mut("/extensions/cost/throttleStatus") {
                *status = json!({});
            }
            let mut diffs = Vec::new();
            compare("", &expected_now, &response, &mut diffs);
            compared += 1;
            if !diffs.is_empty() {
                failures.push(format!(
                    "{} step {index}:\n  {}",
                    file.path(),
                    diffs.join("\n  ")
                ));
            }
        }
        emulator.stop().await;
    }
    eprintln!("replayed {compared} captured metaobject requests, skipped {skipped}");
    assert!(compared >= 15, "only {compared} steps compared");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
