//! Identity providers send in parallel and retry what timed out, and several replicas may
//! serve one shop: races written against any store, through the whole service. Each sends
//! its requests at once (one task each on the runtime of the calling test, which should be
//! multi-threaded), the `i`th through `clients[i % clients.len()]` (give two clients of two
//! services over one backend to race two processes), and asserts the exact outcome: how many
//! 201, 409, 412, and that nothing is lost.
//!
//! Run on `InMemoryStore`, the oracle, by `tests/tests/races_memory.rs`, and on the Shopify
//! store by `tests/tests/shopify_races.rs`.
//!
//! ```no_run
//! # async fn demo() {
//! let client = scim_conformance::Client::in_memory();
//! scim_conformance::races::parallel_patches_keep_every_email(&[client], 20).await;
//! # }
//! ```

use serde_json::{Value, json};

use crate::{Answer, Client};

/// Sends the requests `make` builds for `0..n` at once, and their answers in that order.
async fn at_once<F, Fut>(n: usize, make: F) -> Vec<Answer>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Answer> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(make(i))).collect();
    let mut answers = Vec::with_capacity(n);
    for task in tasks {
        answers.push(task.await.expect("a request task"));
    }
    answers
}

/// How many answers have `status`.
fn count(answers: &[Answer], status: u16) -> usize {
    answers.iter().filter(|a| a.status == status).count()
}

fn statuses(answers: &[Answer]) -> Vec<u16> {
    answers.iter().map(|a| a.status).collect()
}

async fn create_user(client: &Client, user_name: &str) -> Answer {
    let created = client
        .post(
            "Users",
            &json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": user_name}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    created
}

/// RFC 7643 §4.1.1: `userName` is unique without case. `n` creates of one plain user name
/// (not an email address), half of them in another case, sent at once: exactly one 201, the
/// others 409 `uniqueness`, and one User by that name afterwards.
pub async fn parallel_creates_of_one_user_name(clients: &[Client], n: usize) {
    let client = &clients[0];
    let answers = at_once(n, |i| {
        let client = clients[i % clients.len()].clone();
        let name = if i % 2 == 0 { "race-plain" } else { "RACE-Plain" };
        async move {
            client
                .post(
                    "Users",
                    &json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": name}),
                )
                .await
        }
    })
    .await;
    assert_eq!(count(&answers, 201), 1, "{:?}", statuses(&answers));
    assert_eq!(count(&answers, 409), n - 1, "{:?}", statuses(&answers));
    assert!(
        answers
            .iter()
            .filter(|a| a.status == 409)
            .all(|a| a.scim_type() == Some("uniqueness"))
    );
    let found = client
        .get("Users?filter=userName%20eq%20%22race-PLAIN%22")
        .await;
    assert_eq!(found.body["totalResults"], 1, "{}", found.body);
}

/// RFC 7644 §3.5.2.1: `n` PATCHes without `If-Match`, each adding one email, sent at once:
/// every one 200 and every email kept (no write overwrites another's).
pub async fn parallel_patches_keep_every_email(clients: &[Client], n: usize) {
    let client = &clients[0];
    let id = create_user(client, "race-emails").await.id();
    let answers = at_once(n, |i| {
        let client = clients[i % clients.len()].clone();
        let path = format!("Users/{id}");
        async move {
            client
                .patch(
                    &path,
                    &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                            "Operations": [{"op": "add", "path": "emails",
                                            "value": [{"value": format!("race{i}@example.com"), "type": "other"}]}]}),
                )
                .await
        }
    })
    .await;
    assert_eq!(count(&answers, 200), n, "{:?}", statuses(&answers));
    let read = client.get(&format!("Users/{id}")).await;
    let mut emails: Vec<&str> = read.body["emails"]
        .as_array()
        .map(|emails| emails.iter().filter_map(|e| e["value"].as_str()).collect())
        .unwrap_or_default();
    emails.sort_unstable();
    let mut expected: Vec<String> = (0..n).map(|i| format!("race{i}@example.com")).collect();
    expected.sort_unstable();
    assert_eq!(emails, expected);
}

/// RFC 7644 §3.14: `n` writes (PATCH, or PUT with `put`) with one `If-Match` version, sent at
/// once: exactly one 200, the others 412, and the version moved once.
pub async fn parallel_writes_with_one_if_match(clients: &[Client], n: usize, put: bool) {
    let client = &clients[0];
    let created = create_user(client, if put { "race-put" } else { "race-patch" }).await;
    let id = created.id();
    let etag = created.header("etag").expect("an ETag").to_owned();
    let answers = at_once(n, |i| {
        let client = clients[i % clients.len()].clone();
        let path = format!("Users/{id}");
        let etag = etag.clone();
        let user_name = if put { "race-put" } else { "race-patch" };
        async move {
            let title = format!("Title {i}");
            let (method, body): (http::Method, Value) = if put {
                (
                    http::Method::PUT,
                    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                           "userName": user_name, "title": title}),
                )
            } else {
                (
                    http::Method::PATCH,
                    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                           "Operations": [{"op": "replace", "path": "title", "value": title}]}),
                )
            };
            client
                .send(method, &path, Some(&body), &[("if-match", etag.as_str())])
                .await
        }
    })
    .await;
    assert_eq!(count(&answers, 200), 1, "{:?}", statuses(&answers));
    assert_eq!(count(&answers, 412), n - 1, "{:?}", statuses(&answers));
    let winner = answers.iter().find(|a| a.status == 200).expect("one 200");
    let read = client.get(&format!("Users/{id}")).await;
    assert_eq!(read.body["title"], winner.body["title"]);
    assert_eq!(read.header("etag"), winner.header("etag"));
}

/// RFC 7644 §3.14: two PATCHes in a row with the same `If-Match`: 200, then 412 (the first
/// moved the version); and `If-None-Match` with the old version then answers 200 with the
/// changed resource, never 304.
pub async fn one_if_match_serves_one_write(client: &Client) {
    let created = create_user(client, "race-sequence").await;
    let id = created.id();
    let etag = created.header("etag").expect("an ETag").to_owned();
    let patch = |title: &str| {
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
               "Operations": [{"op": "replace", "path": "title", "value": title}]})
    };
    let path = format!("Users/{id}");
    let first = client
        .send(
            http::Method::PATCH,
            &path,
            Some(&patch("First")),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let second = client
        .send(
            http::Method::PATCH,
            &path,
            Some(&patch("Second")),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(second.status, 412, "{}", second.body);
    let read = client
        .send(http::Method::GET, &path, None, &[("if-none-match", &etag)])
        .await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body["title"], "First");
}

/// RFC 7644 §3.6 then §3.3: a User deleted, then created again `n` times at once (as an
/// identity provider re-assigning a person sends it, and retries it): exactly one 201, the
/// others 409 `uniqueness`, and one User by that name afterwards.
pub async fn parallel_re_creates_of_a_deleted_user(clients: &[Client], n: usize) {
    let client = &clients[0];
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                      "userName": "race-again@example.com",
                      "emails": [{"value": "race-again@example.com", "primary": true}]});
    let created = client.post("Users", &user).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let deleted = client.delete(&format!("Users/{}", created.id())).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    let answers = at_once(n, |i| {
        let client = clients[i % clients.len()].clone();
        let user = user.clone();
        async move { client.post("Users", &user).await }
    })
    .await;
    assert_eq!(count(&answers, 201), 1, "{:?}", statuses(&answers));
    assert_eq!(count(&answers, 409), n - 1, "{:?}", statuses(&answers));
    let found = client
        .get("Users?filter=userName%20eq%20%22race-again%40example.com%22")
        .await;
    assert_eq!(found.body["totalResults"], 1, "{}", found.body);
}
