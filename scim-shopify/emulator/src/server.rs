//! The HTTP side: routing, authentication, fault injection (over all requests or those of
//! one operation), holding requests, cost and throttling.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use apollo_compiler::ast::Definition;
use apollo_compiler::executable::Operation;
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State as AxumState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use bytes::Bytes;
use serde_json::{Map, Value, json};

use crate::bucket::Bucket;
use crate::config::EmulatorConfig;
use crate::cost::{actual_cost, requested_cost};
use crate::faults::{FaultState, Faults};
use crate::hold::Holds;
use crate::resolvers::operation::execute;
use crate::state::shop::Shop;
use crate::stats::Stats;
use crate::validate::validate;

/// The largest requested cost of a single query.
const MAX_COST: u64 = 1000;

/// One app on one shop: its data and its bucket.
#[derive(Debug)]
pub(crate) struct Tenant {
    shop: Shop,
    bucket: Bucket,
}

/// Everything the handlers share.
#[derive(Debug)]
pub(crate) struct State {
    schema: &'static Valid<Schema>,
    tenants: HashMap<String, Mutex<Tenant>>,
    pub faults: Faults,
    pub stats: Mutex<Stats>,
    /// The requests held until their group has arrived.
    pub holds: Holds,
}

impl State {
    pub fn new(schema: &'static Valid<Schema>, config: &EmulatorConfig) -> Self {
        let tenants = config
            .shops
            .iter()
            .zip(1..)
            .map(|((token, plan), number)| {
                let tenant = Tenant {
                    shop: Shop::new(number, config.search_lag),
                    bucket: Bucket::new(*plan),
                };
                (token.clone(), Mutex::new(tenant))
            })
            .collect();
        State {
            schema,
            tenants,
            faults: Faults::default(),
            stats: Mutex::new(Stats::default()),
            holds: Holds::default(),
        }
    }

    fn stats(&self) -> std::sync::MutexGuard<'_, Stats> {
        self.stats.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn seed_customers(&self, token: &str, count: usize) -> Vec<String> {
        self.tenants.get(token).map_or_else(Vec::new, |tenant| {
            let mut tenant = tenant.lock().unwrap_or_else(|p| p.into_inner());
            tenant.shop.seed_customers(count)
        })
    }

    pub fn seed_orders(&self, token: &str, gid: &str, count: u32) -> bool {
        self.tenants.get(token).is_some_and(|tenant| {
            let mut tenant = tenant.lock().unwrap_or_else(|p| p.into_inner());
            tenant.shop.customers.seed_orders(gid, count)
        })
    }

    pub fn erasure_requested(&self, token: &str, gid: &str) -> bool {
        self.tenants.get(token).is_some_and(|tenant| {
            let tenant = tenant.lock().unwrap_or_else(|p| p.into_inner());
            tenant.shop.customers.erasure_requested(gid)
        })
    }
}

pub(crate) fn router(state: std::sync::Arc<State>) -> Router {
    Router::new()
        .route("/admin/api/{version}/graphql.json", post(graphql))
        .with_state(state)
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

/// A body that fails at once: hyper then closes the connection mid-response.
struct DroppedBody;

impl http_body::Body for DroppedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::other(
            "connection dropped by fault injection",
        ))))
    }
}

/// A response whose connection is dropped mid-body.
fn dropped() -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(DroppedBody))
        .unwrap_or_default()
}

/// Shopify's answer to an internal error, with `status` (a 5xx).
fn server_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    json_response(
        status,
        json!({"errors": "Internal error. Looks like something went wrong on our end."}),
    )
}

/// Takes the request's faults (those of all requests, and those of its operation when its
/// body names one), answers it, and loses the answer when an after-commit fault is due (see
/// [`Faults`]).
async fn graphql(
    AxumState(state): AxumState<std::sync::Arc<State>>,
    Path(_version): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request: Option<Value> = serde_json::from_slice(&body).ok();
    let operation = request.as_ref().and_then(operation_name);
    let fault = state.faults.next(operation.as_deref());
    let response = answer(&state, &fault, headers, request).await;
    if fault.delayed_after_commit > 0
        && let Some(delay) = fault.delay_after_commit
    {
        tokio::time::sleep(delay).await;
    }
    if fault.dropped_after_commit > 0 {
        return dropped();
    }
    if fault.lost_after_commit > 0 {
        return server_error(fault.lost_status);
    }
    response
}

/// The operation a request body carries, under which [`Faults::on`] aims faults at it: its
/// `operationName` when given, else the name of its document's single operation; none when
/// the body has no `query` whose document parses, or names no operation.
///
/// Only parsed, not validated: the faults are taken before the request is authenticated
/// or validated, as those of all requests always were.
fn operation_name(request: &Value) -> Option<String> {
    let query = request.get("query")?.as_str()?;
    let document = apollo_compiler::ast::Document::parse(query, "request.graphql").ok()?;
    if let Some(name) = request.get("operationName").and_then(Value::as_str) {
        return Some(name.to_owned());
    }
    let mut operations = document
        .definitions
        .iter()
        .filter_map(|definition| match definition {
            Definition::OperationDefinition(operation) => Some(operation),
            _ => None,
        });
    match (operations.next(), operations.next()) {
        (Some(operation), None) => operation.name.as_ref().map(|name| name.to_string()),
        _ => None,
    }
}

/// Answers one request, its body parsed as JSON (`None`: it is not): before-commit faults,
/// authentication, validation, the cost cap, a hold (see [`Holds`]), throttling, execution.
async fn answer(
    state: &State,
    fault: &FaultState,
    headers: HeaderMap,
    request: Option<Value>,
) -> Response {
    if fault.delayed > 0
        && let Some(delay) = fault.delay
    {
        tokio::time::sleep(delay).await;
    }
    if fault.drops > 0 {
        return dropped();
    }
    if fault.server_errors > 0 {
        return server_error(fault.server_error_status);
    }
    let token = headers
        .get("x-shopify-access-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(tenant) = state.tenants.get(token) else {
        return json_response(
            StatusCode::UNAUTHORIZED,
            json!({"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}),
        );
    };
    let Some(request) = request else {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({"errors": {"query": "Required parameter missing or invalid"}}),
        );
    };
    let Some(query) = request.get("query").and_then(Value::as_str) else {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({"errors": {"query": "Required parameter missing or invalid"}}),
        );
    };
    let variables: Map<String, Value> = request
        .get("variables")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let document = match validate(state.schema, query) {
        Ok(document) => document,
        Err(errors) => return json_response(StatusCode::OK, json!({"errors": errors})),
    };
    let operation_name = request.get("operationName").and_then(Value::as_str);
    let Ok(operation) = document.operations.get(operation_name) else {
        return json_response(
            StatusCode::OK,
            json!({"errors": [{"message": "An operation name is required", "extensions": {"code": "OPERATION_NAME_REQUIRED"}}]}),
        );
    };
    let cost = requested_cost(state.schema, &document, operation, &variables);
    if cost > MAX_COST {
        return json_response(
            StatusCode::OK,
            json!({"errors": [{
                "message": format!("Query cost is {cost}, which exceeds the single query max cost limit ({MAX_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n"),
                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": cost, "maxCost": MAX_COST},
            }]}),
        );
    }
    let name = operation
        .name
        .as_ref()
        .map_or("(anonymous)", |name| name.as_str());
    let turn = state.holds.arrive(name).await;
    let request = Request {
        document: &document,
        operation,
        variables: &variables,
        name,
        cost,
    };
    let response = run(state, fault, tenant, request);
    // A held request is answered once all of its group have executed.
    if let Some(turn) = turn {
        turn.executed().await;
    }
    response
}

/// A valid request within the cost cap, to run on its shop.
struct Request<'a> {
    document: &'a ExecutableDocument,
    operation: &'a Operation,
    variables: &'a Map<String, Value>,
    /// The operation's name, under which [`Stats`] counts it.
    name: &'a str,
    /// Its requested cost.
    cost: u64,
}

/// Runs `request` on the shop of `tenant`, holding the shop's lock: throttling, then
/// execution, the bucket refunded what the answer did not use.
fn run(
    state: &State,
    fault: &FaultState,
    tenant: &Mutex<Tenant>,
    request: Request<'_>,
) -> Response {
    let Request {
        document,
        operation,
        variables,
        name,
        cost,
    } = request;
    let mut tenant = tenant.lock().unwrap_or_else(|p| p.into_inner());
    let tenant = &mut *tenant;
    if fault.throttle_bursts > 0 {
        tenant.bucket.drain();
    }
    let refused = fault.brief_throttles > 0;
    if refused || !tenant.bucket.take(cost) {
        state.stats().record_throttled(name);
        let mut throttle_status = tenant.bucket.status();
        if refused {
            throttle_status["currentlyAvailable"] = json!(0);
        }
        return json_response(
            StatusCode::OK,
            json!({
                "errors": [{
                    "message": "Throttled",
                    "extensions": {
                        "code": "THROTTLED",
                        "documentation": "https://shopify.dev/api/usage/rate-limits",
                    },
                }],
                "extensions": {"cost": {
                    "requestedQueryCost": cost,
                    "actualQueryCost": null,
                    "throttleStatus": throttle_status,
                }},
            }),
        );
    }
    let executed = execute(
        state.schema,
        document,
        operation,
        variables,
        &mut tenant.shop,
    );
    let (data, errors) = (executed.data, executed.errors);
    // Charged the requested cost up front, refunded what the answer did not use.
    let actual = actual_cost(state.schema, document, operation, variables, &data, cost);
    tenant.bucket.refund(cost - actual);
    state
        .stats()
        .record(name, cost, actual, &executed.user_errors);
    let mut response = Map::new();
    if !errors.is_empty() {
        response.insert("errors".to_owned(), Value::Array(errors));
    }
    response.insert("data".to_owned(), data);
    response.insert(
        "extensions".to_owned(),
        json!({"cost": {
            "requestedQueryCost": cost,
            "actualQueryCost": actual,
            "throttleStatus": tenant.bucket.status(),
        }}),
    );
    json_response(StatusCode::OK, Value::Object(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operation_is_the_operation_name_else_the_document_s_single_operation() {
        let both = "query Find { shop { id } } mutation Create { tagsAdd(id: \"x\", tags: []) { node { id } } }";
        let named = json!({"query": both, "operationName": "Create"});
        assert_eq!(operation_name(&named).as_deref(), Some("Create"));
        let single = json!({"query": "query Find { shop { id } }"});
        assert_eq!(operation_name(&single).as_deref(), Some("Find"));
        let null_name = json!({"query": "query Find { shop { id } }", "operationName": null});
        assert_eq!(operation_name(&null_name).as_deref(), Some("Find"));
        assert_eq!(operation_name(&json!({"query": both})), None);
        assert_eq!(operation_name(&json!({"query": "{ shop { id } }"})), None);
    }

    #[test]
    fn no_operation_without_a_document_that_parses() {
        let unparsed = json!({"query": "query Find {", "operationName": "Find"});
        assert_eq!(operation_name(&unparsed), None);
        assert_eq!(operation_name(&json!({"operationName": "Find"})), None);
        assert_eq!(operation_name(&json!("query Find { shop { id } }")), None);
    }
}
