//! `ShopifyClient` against a fake Admin API on loopback: request shape, bucket pacing,
//! THROTTLED and transient retries, giving up, token refresh, and secrets kept out of errors.
//! Nothing here calls Shopify; canned bodies come from the recorded Shopify answers (the emulator's `captures`) where one fits.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use scim_shopify::client::operations::{
    CustomerById, CustomerByIdVariables, CustomerCreate, CustomerInput, CustomerInputVariables,
    Customers, CustomersVariables,
};
use scim_shopify::client::{
    Clock, Credentials, RetryPolicy, Secret, ShopifyClient, ShopifyConfig, ShopifyError,
};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TOKEN: &str = "shpat_static_token_do_not_print";
const CLIENT_SECRET: &str = "shpss_client_secret_do_not_print";

/// A captured exchange (the emulator's `captures`).
fn capture(path: &str) -> Value {
    serde_json::from_str(scim_shopify_emulator::captures::text(path)).expect("a capture is JSON")
}

/// The real customerCreate capture: its `mutation` and `validation` responses.
fn customer_create_capture() -> Value {
    capture("harry-test-heelo.myshopify.com/2025-01/customers/customer-create-parity.json")
}

// ---- a clock that records sleeps instead of waiting ----

#[derive(Debug)]
struct FakeClock {
    base: Instant,
    elapsed: Mutex<Duration>,
    sleeps: Mutex<Vec<Duration>>,
}

impl FakeClock {
    fn new() -> Arc<Self> {
        Arc::new(FakeClock {
            base: Instant::now(),
            elapsed: Mutex::new(Duration::ZERO),
            sleeps: Mutex::new(Vec::new()),
        })
    }

    fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }

    fn advance(&self, by: Duration) {
        *self.elapsed.lock().unwrap() += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.base + *self.elapsed.lock().unwrap()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        self.sleeps.lock().unwrap().push(duration);
        self.advance(duration);
        Box::pin(async {})
    }
}

// ---- a fake Admin API ----

#[derive(Clone)]
struct Canned {
    status: u16,
    body: Value,
    delay: Duration,
}

fn ok(body: Value) -> Canned {
    Canned {
        status: 200,
        body,
        delay: Duration::ZERO,
    }
}

fn status(code: u16) -> Canned {
    Canned {
        status: code,
        body: json!({"errors": "canned failure"}),
        delay: Duration::ZERO,
    }
}

#[derive(Debug, Clone)]
struct Recorded {
    path: String,
    token: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

impl Recorded {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Default)]
struct Fake {
    graphql: Mutex<VecDeque<Canned>>,
    grants: Mutex<VecDeque<Canned>>,
    requests: Mutex<Vec<Recorded>>,
}

impl Fake {
    /// Answers in order; the last answer repeats forever.
    fn next(queue: &Mutex<VecDeque<Canned>>) -> Canned {
        let mut queue = queue.lock().unwrap();
        if queue.len() > 1 {
            queue.pop_front().unwrap()
        } else {
            queue.front().cloned().unwrap_or_else(|| status(599))
        }
    }

    fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    fn graphql_requests(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/graphql.json"))
            .collect()
    }
}

async fn answer(
    State(fake): State<Arc<Fake>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let path = uri.path().to_owned();
    fake.requests.lock().unwrap().push(Recorded {
        path: path.clone(),
        token: header("x-shopify-access-token"),
        content_type: header("content-type"),
        body,
    });
    let canned = if path == "/admin/oauth/access_token" {
        Fake::next(&fake.grants)
    } else {
        Fake::next(&fake.graphql)
    };
    if !canned.delay.is_zero() {
        tokio::time::sleep(canned.delay).await;
    }
    (
        StatusCode::from_u16(canned.status).unwrap(),
        [("content-type", "application/json")],
        canned.body.to_string(),
    )
}

/// Starts the fake on 127.0.0.1:0 with `graphql` answers; returns it and its origin.
async fn serve(graphql: Vec<Canned>) -> (Arc<Fake>, String) {
    let fake = Arc::new(Fake {
        graphql: Mutex::new(graphql.into()),
        ..Fake::default()
    });
    let app = axum::Router::new()
        .fallback(answer)
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (fake, origin)
}

fn static_config(origin: &str) -> ShopifyConfig {
    ShopifyConfig::new(
        "scim-test.myshopify.com",
        Credentials::AccessToken(Secret::new(TOKEN)),
    )
    .with_base_url(origin)
}

fn client(config: ShopifyConfig) -> (ShopifyClient, Arc<FakeClock>) {
    let clock = FakeClock::new();
    let client = ShopifyClient::with_clock(config, clock.clone()).unwrap();
    (client, clock)
}

fn create_variables() -> CustomerInputVariables {
    CustomerInputVariables {
        input: CustomerInput {
            email: Some(Some("hermes@example.com".into())),
            first_name: Some(Some("Hermes".into())),
            ..CustomerInput::default()
        },
        metafield_namespace: Some("scim".into()),
    }
}

fn by_id() -> CustomerByIdVariables {
    CustomerByIdVariables {
        id: "gid://shopify/Customer/1".into(),
        metafield_namespace: None,
    }
}

fn bucket(available: f64) -> Value {
    json!({
        "requestedQueryCost": 10,
        "actualQueryCost": 10,
        "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": available, "restoreRate": 100.0}
    })
}

fn no_customer(available: f64) -> Canned {
    ok(json!({"data": {"customer": null}, "extensions": {"cost": bucket(available)}}))
}

fn throttled(available: f64) -> Canned {
    ok(json!({
        "errors": [{
            "message": "Throttled",
            "extensions": {"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}
        }],
        "extensions": {"cost": {
            "requestedQueryCost": 20,
            "actualQueryCost": null,
            "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": available, "restoreRate": 100.0}
        }}
    }))
}

/// Neither the token nor the client secret appears in an error's Display, Debug or sources.
fn assert_no_secrets(err: &ShopifyError) {
    let mut text = format!("{err} {err:?}");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert!(!text.contains(TOKEN), "token in {text}");
    assert!(!text.contains(CLIENT_SECRET), "client secret in {text}");
    assert!(!text.contains("tok-granted"), "granted token in {text}");
}

fn close(actual: Duration, expected: Duration) -> bool {
    actual.abs_diff(expected) < Duration::from_millis(1)
}

#[tokio::test]
async fn sends_a_named_operation_with_variables_and_reads_the_captured_response() {
    let captured = customer_create_capture();
    let (fake, origin) = serve(vec![ok(captured["mutation"]["response"].clone())]).await;
    let (client, clock) = client(static_config(&origin));

    let response = client
        .execute::<CustomerCreate>(&create_variables())
        .await
        .unwrap();

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.path, "/admin/api/2026-07/graphql.json");
    assert_eq!(request.token.as_deref(), Some(TOKEN));
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    let body = request.json();
    assert_eq!(body["operationName"], "CustomerCreate");
    assert_eq!(
        body["query"],
        <CustomerCreate as scim_shopify::client::Operation>::DOCUMENT
    );
    assert_eq!(
        body["variables"],
        json!({
            "input": {"email": "hermes@example.com", "firstName": "Hermes"},
            "metafieldNamespace": "scim"
        })
    );
    assert_eq!(body.as_object().unwrap().len(), 3);

    let payload = response.data.customer_create;
    assert!(payload.user_errors.is_empty());
    let customer = payload.customer.unwrap();
    assert_eq!(customer.id, "gid://shopify/Customer/10899685933362");
    assert_eq!(
        customer.email(),
        Some("hermes-customer-create-1783208238744@example.com")
    );
    assert_eq!(customer.phone(), Some("+14155558744"));
    assert_eq!(customer.state, "DISABLED");

    let cost = response.cost.unwrap();
    assert_eq!(cost.requested_query_cost, 18);
    let status = client.throttle_status().unwrap();
    assert_eq!(status.maximum_available, 2000.0);
    assert_eq!(status.currently_available, 1982.0);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn the_api_version_is_configurable() {
    let (fake, origin) = serve(vec![no_customer(1000.0)]).await;
    let mut config = static_config(&origin);
    config.api_version = "2026-04".into();
    let (client, _) = client(config);
    client.execute::<CustomerById>(&by_id()).await.unwrap();
    assert_eq!(fake.requests()[0].path, "/admin/api/2026-04/graphql.json");
}

#[tokio::test]
async fn user_errors_are_data_not_failures() {
    let captured = customer_create_capture();
    let (fake, origin) = serve(vec![ok(captured["validation"]["response"].clone())]).await;
    let (client, _) = client(static_config(&origin));

    let response = client
        .execute::<CustomerCreate>(&create_variables())
        .await
        .unwrap();

    let payload = response.data.customer_create;
    assert!(payload.customer.is_none());
    assert!(!payload.user_errors.is_empty());
    assert_eq!(fake.requests().len(), 1, "user errors are never retried");
}

#[tokio::test]
async fn waits_for_the_bucket_to_refill_before_a_request_it_cannot_afford() {
    // After the first answer 5 points remain at +100/s; a customerCreate estimated at 22
    // points (10 for the mutation, 12 for the customer it selects) must wait 170 ms.
    let captured = customer_create_capture();
    let (fake, origin) = serve(vec![
        no_customer(5.0),
        ok(captured["mutation"]["response"].clone()),
    ])
    .await;
    let (client, clock) = client(static_config(&origin));

    client.execute::<CustomerById>(&by_id()).await.unwrap();
    assert!(clock.sleeps().is_empty(), "an unseen bucket does not wait");
    client
        .execute::<CustomerCreate>(&create_variables())
        .await
        .unwrap();

    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1, "{sleeps:?}");
    assert!(close(sleeps[0], Duration::from_millis(170)), "{sleeps:?}");
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn concurrent_requests_debit_the_bucket_locally() {
    // The first answer leaves 15 points. Two customerById (12 points each) sent together:
    // the first spends 12 locally, so the second must wait (12 - 3) / 100 s = 90 ms instead
    // of assuming the 15 points are still there.
    let (fake, origin) = serve(vec![no_customer(15.0)]).await;
    let (client, clock) = client(static_config(&origin));
    client.execute::<CustomerById>(&by_id()).await.unwrap();

    let variables = by_id();
    let (first, second) = tokio::join!(
        client.execute::<CustomerById>(&variables),
        client.execute::<CustomerById>(&variables),
    );
    first.unwrap();
    second.unwrap();

    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1, "{sleeps:?}");
    assert!(close(sleeps[0], Duration::from_millis(90)), "{sleeps:?}");
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn a_throttled_answer_is_retried_after_the_bucket_refills() {
    let (fake, origin) = serve(vec![throttled(8.0), no_customer(1980.0)]).await;
    let (client, clock) = client(static_config(&origin));

    let response = client.execute::<CustomerById>(&by_id()).await.unwrap();

    assert!(response.data.customer.is_none());
    // customerById is estimated at 12 points and 8 are left: (12 - 8) / 100 s = 40 ms.
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1, "{sleeps:?}");
    assert!(close(sleeps[0], Duration::from_millis(40)), "{sleeps:?}");
    assert_eq!(fake.requests().len(), 2);
    assert_eq!(
        client.throttle_status().unwrap().currently_available,
        1980.0
    );
}

#[tokio::test]
async fn gives_up_when_throttled_for_ever() {
    let (fake, origin) = serve(vec![throttled(0.0)]).await;
    let mut config = static_config(&origin);
    config.retry.max_attempts = 4;
    let (client, _) = client(config);

    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();
    assert!(
        matches!(
            err,
            ShopifyError::Throttled {
                operation: "CustomerById",
                attempts: 4
            }
        ),
        "{err:?}"
    );
    assert_eq!(fake.requests().len(), 4);
    assert!(err.is_retryable());
    assert_no_secrets(&err);
}

#[tokio::test]
async fn retries_503_and_429_with_bounded_jittered_backoff() {
    let (fake, origin) = serve(vec![status(503), status(429), no_customer(1000.0)]).await;
    let (client, clock) = client(static_config(&origin));

    client.execute::<CustomerById>(&by_id()).await.unwrap();

    assert_eq!(fake.requests().len(), 3);
    let sleeps = clock.sleeps();
    let policy = RetryPolicy::default();
    assert_eq!(sleeps.len(), 2, "{sleeps:?}");
    for (attempt, sleep) in (1..).zip(&sleeps) {
        let ceiling = policy.ceiling(attempt);
        assert!(
            *sleep >= ceiling / 2 && *sleep <= ceiling,
            "wait {attempt} was {sleep:?}, outside [{:?}, {ceiling:?}]",
            ceiling / 2
        );
    }
}

#[tokio::test]
async fn gives_up_after_max_attempts() {
    let (fake, origin) = serve(vec![status(500)]).await;
    let mut config = static_config(&origin);
    config.retry.max_attempts = 3;
    let (client, clock) = client(config);

    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();

    assert!(
        matches!(
            err,
            ShopifyError::Status {
                status: 500,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fake.requests().len(), 3);
    assert_eq!(clock.sleeps().len(), 2);
    assert_no_secrets(&err);
}

#[tokio::test]
async fn gives_up_when_the_next_wait_would_pass_max_elapsed() {
    let (fake, origin) = serve(vec![status(502)]).await;
    let mut config = static_config(&origin);
    config.retry = RetryPolicy {
        max_attempts: 100,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(1),
        max_elapsed: Duration::from_secs(2),
    };
    let (client, clock) = client(config);

    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();

    let waited: Duration = clock.sleeps().iter().sum();
    assert!(waited <= Duration::from_secs(2), "{waited:?}");
    let attempts = fake.requests().len();
    assert!((3..100).contains(&attempts), "{attempts} attempts");
    assert!(
        matches!(err, ShopifyError::Status { status: 502, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn graphql_errors_and_other_4xx_are_not_retried() {
    let (fake, origin) = serve(vec![ok(json!({
        "errors": [{"message": "Field 'emailz' doesn't exist on type 'Customer'",
                    "extensions": {"code": "undefinedField"}}]
    }))])
    .await;
    let (client, _) = client(static_config(&origin));
    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();
    match &err {
        ShopifyError::GraphQl { operation, errors } => {
            assert_eq!(*operation, "CustomerById");
            assert_eq!(errors[0].code(), Some("undefinedField"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("emailz"));
    assert_eq!(fake.requests().len(), 1);

    let (fake, origin) = serve(vec![status(403)]).await;
    let (client, clock) = self::client(static_config(&origin));
    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();
    assert!(
        matches!(
            err,
            ShopifyError::Status {
                status: 403,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fake.requests().len(), 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_query_over_the_cost_cap_is_refused_without_a_request() {
    let (fake, origin) = serve(vec![no_customer(2000.0)]).await;
    let (client, _) = client(static_config(&origin));
    let variables = CustomersVariables {
        query: None,
        first: 250,
        after: None,
        metafield_namespace: None,
    };
    let err = client.execute::<Customers>(&variables).await.unwrap_err();
    assert!(
        matches!(err, ShopifyError::CostOverCap { operation: "Customers", cap: 1000, requested } if requested > 1000),
        "{err:?}"
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_timeout_is_retried() {
    let slow = Canned {
        delay: Duration::from_millis(500),
        ..no_customer(1000.0)
    };
    let (fake, origin) = serve(vec![slow, no_customer(1000.0)]).await;
    let mut config = static_config(&origin);
    config.request_timeout = Duration::from_millis(100);
    let (client, clock) = client(config);

    client.execute::<CustomerById>(&by_id()).await.unwrap();

    assert_eq!(fake.requests().len(), 2);
    assert_eq!(clock.sleeps().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_without_secrets() {
    // Bind and drop a listener: nothing answers on that port.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut config = static_config(&format!("http://127.0.0.1:{port}"));
    config.retry.max_attempts = 3;
    let (client, clock) = client(config);

    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();

    assert!(
        matches!(err, ShopifyError::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert_eq!(clock.sleeps().len(), 2);
    assert_no_secrets(&err);
}

#[tokio::test]
async fn a_static_token_answered_401_is_an_auth_error_at_once() {
    let (fake, origin) = serve(vec![status(401)]).await;
    let (client, _) = client(static_config(&origin));
    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();
    assert!(matches!(err, ShopifyError::Auth { .. }), "{err:?}");
    assert_eq!(fake.requests().len(), 1);
    assert_no_secrets(&err);
}

fn grant(token: &str, expires_in: u64) -> Canned {
    ok(
        json!({"access_token": token, "scope": "read_customers,write_customers", "expires_in": expires_in}),
    )
}

fn credentials_config(origin: &str) -> ShopifyConfig {
    ShopifyConfig::new(
        "scim-test.myshopify.com",
        Credentials::ClientCredentials {
            client_id: "client-id-1".into(),
            client_secret: Secret::new(CLIENT_SECRET),
        },
    )
    .with_base_url(origin)
}

#[tokio::test]
async fn client_credentials_are_granted_then_refreshed_once_on_401() {
    let (fake, origin) = serve(vec![status(401), no_customer(1000.0)]).await;
    fake.grants
        .lock()
        .unwrap()
        .extend([grant("tok-granted-1", 86399), grant("tok-granted-2", 86399)]);
    let (client, _) = client(credentials_config(&origin));

    client.execute::<CustomerById>(&by_id()).await.unwrap();

    let requests = fake.requests();
    let paths: Vec<_> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/admin/oauth/access_token",
            "/admin/api/2026-07/graphql.json",
            "/admin/oauth/access_token",
            "/admin/api/2026-07/graphql.json",
        ]
    );
    let form = String::from_utf8(requests[0].body.to_vec()).unwrap();
    let mut fields: Vec<_> = form.split('&').collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "client_id=client-id-1",
            &format!("client_secret={CLIENT_SECRET}"),
            "grant_type=client_credentials",
        ]
    );
    assert_eq!(
        requests[0].content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(requests[1].token.as_deref(), Some("tok-granted-1"));
    assert_eq!(requests[3].token.as_deref(), Some("tok-granted-2"));
}

#[tokio::test]
async fn a_second_401_after_refreshing_is_an_auth_error() {
    let (fake, origin) = serve(vec![status(401)]).await;
    fake.grants
        .lock()
        .unwrap()
        .extend([grant("tok-granted-1", 86399), grant("tok-granted-2", 86399)]);
    let (client, _) = client(credentials_config(&origin));

    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();

    assert!(matches!(err, ShopifyError::Auth { .. }), "{err:?}");
    assert_eq!(fake.graphql_requests().len(), 2, "one refresh, not more");
    assert_no_secrets(&err);
}

#[tokio::test]
async fn a_granted_token_is_reused_then_refreshed_before_it_expires() {
    let (fake, origin) = serve(vec![no_customer(1000.0)]).await;
    fake.grants
        .lock()
        .unwrap()
        .extend([grant("tok-granted-1", 3600), grant("tok-granted-2", 3600)]);
    let (client, clock) = client(credentials_config(&origin));

    client.execute::<CustomerById>(&by_id()).await.unwrap();
    clock.advance(Duration::from_secs(3000));
    client.execute::<CustomerById>(&by_id()).await.unwrap();
    // 3300 s into a 3600 s token: within the 5-minute margin, so it is refreshed.
    clock.advance(Duration::from_secs(300));
    client.execute::<CustomerById>(&by_id()).await.unwrap();

    let tokens: Vec<_> = fake
        .graphql_requests()
        .into_iter()
        .map(|r| r.token.unwrap())
        .collect();
    assert_eq!(tokens, ["tok-granted-1", "tok-granted-1", "tok-granted-2"]);
}

#[tokio::test]
async fn a_refused_grant_is_an_auth_error_without_the_secret() {
    let (fake, origin) = serve(vec![no_customer(1000.0)]).await;
    fake.grants.lock().unwrap().push_back(Canned {
        status: 400,
        body: json!({"error": "invalid_client"}),
        delay: Duration::ZERO,
    });
    let (client, _) = client(credentials_config(&origin));

    let err = client.execute::<CustomerById>(&by_id()).await.unwrap_err();

    assert!(matches!(err, ShopifyError::Auth { .. }), "{err:?}");
    assert!(fake.graphql_requests().is_empty());
    assert_no_secrets(&err);
}

#[tokio::test]
async fn configs_and_clients_never_print_secrets() {
    let (_fake, origin) = serve(vec![no_customer(1000.0)]).await;
    for config in [static_config(&origin), credentials_config(&origin)] {
        let printed = format!("{config:?}");
        assert!(
            !printed.contains(TOKEN) && !printed.contains(CLIENT_SECRET),
            "{printed}"
        );
        let (client, _) = client(config);
        let printed = format!("{client:?}");
        assert!(
            !printed.contains(TOKEN) && !printed.contains(CLIENT_SECRET),
            "{printed}"
        );
    }
}

#[tokio::test]
async fn a_create_is_not_replayed_after_a_5xx_or_a_timeout() {
    // A 503 or a timeout may come after Shopify ran the create: the caller gets the error
    // at once and can look the customer up before trying again.
    let (fake, origin) = serve(vec![status(503)]).await;
    let (client, clock) = client(static_config(&origin));
    let err = client
        .execute::<CustomerCreate>(&create_variables())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ShopifyError::Status {
                status: 503,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(fake.requests().len(), 1);
    assert!(clock.sleeps().is_empty());

    let slow = Canned {
        delay: Duration::from_millis(500),
        ..status(200)
    };
    let (fake, origin) = serve(vec![slow]).await;
    let mut config = static_config(&origin);
    config.request_timeout = Duration::from_millis(100);
    let (client, _) = self::client(config);
    let err = client
        .execute::<CustomerCreate>(&create_variables())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ShopifyError::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn a_create_is_retried_when_shopify_cannot_have_run_it() {
    // 429 and THROTTLED are refusals before running: safe to send the create again.
    let captured = customer_create_capture();
    let (fake, origin) = serve(vec![
        status(429),
        throttled(5.0),
        ok(captured["mutation"]["response"].clone()),
    ])
    .await;
    let (client, clock) = client(static_config(&origin));

    let response = client
        .execute::<CustomerCreate>(&create_variables())
        .await
        .unwrap();

    assert!(response.data.customer_create.customer.is_some());
    assert_eq!(fake.requests().len(), 3);
    assert_eq!(clock.sleeps().len(), 2);
}
