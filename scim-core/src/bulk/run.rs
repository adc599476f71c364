//! The bulk driver: takes a plan's steps through an executor, resolves references as POSTs
//! succeed, fails what refers to a failed POST, stops at `failOnErrors`, and builds the
//! response (RFC 7644 §3.7, §3.7.2, §3.7.3).

use serde_json::Value;

use super::executor::{BulkExecutor, BulkOutcome};
use super::method::BulkMethod;
use super::path::excerpt;
use super::plan::{BulkPlan, Step};
use super::reference::{BULK_ID_PREFIX, BulkIds};
use super::request::BulkOperation;
use super::response::{BulkResponse, OperationResult};
use crate::error::ScimError;

/// Performs a [`BulkPlan`] through a [`BulkExecutor`] and builds the [`BulkResponse`]
/// (RFC 7644 §3.7.3). It does no I/O of its own.
///
/// - Steps run one at a time in the plan's order. When a POST succeeds, its id is recorded
///   under its bulkId and substituted into every later operation that refers to it (§3.7.2).
/// - An operation that refers to a POST that failed fails too, without being performed: 409,
///   with a detail naming the bulkId.
/// - Every failure counts towards `failOnErrors`; once that many have happened, the rest of
///   the steps are not taken and their operations are left out of the response (§3.7.3:
///   "The service provider stops processing the bulk operation and immediately returns a
///   response to the client").
/// - A POST that was split to break a cycle (§3.7.1) reports 201 once its completing PATCH
///   succeeded, with the version that PATCH returned. If the PATCH fails, or cannot run
///   because a POST it refers to failed or processing stopped, the POST reports that
///   failure, and keeps its `location`, since the resource exists.
/// - `location` is the executor's; with [`BulkRunner::with_base_url`] it is filled in where
///   the executor gave none, including for failed PUT, PATCH and DELETE operations, which
///   §3.7.3 wants it for ("except for failed POST operations").
///
/// ```
/// use scim_core::ScimError;
/// use scim_core::bulk::{
///     BulkExecutor, BulkLimits, BulkMethod, BulkOutcome, BulkPlan, BulkRequest, BulkRunner,
///     ResolvedOperation, async_trait,
/// };
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let mut future = std::pin::pin!(future);
/// #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
/// #     loop {
/// #         if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) { return out; }
/// #     }
/// # }
///
/// /// Creates users; refuses the userName "taken".
/// struct Users(Vec<ResolvedOperation>);
///
/// #[async_trait]
/// impl BulkExecutor for Users {
///     async fn execute(&mut self, op: ResolvedOperation) -> Result<BulkOutcome, ScimError> {
///         self.0.push(op.clone());
///         let data = op.data.unwrap_or_default();
///         if data["userName"] == "taken" {
///             return Err(ScimError::uniqueness("userName `taken` is in use"));
///         }
///         match op.method {
///             BulkMethod::Post => Ok(BulkOutcome::created(format!("id-{}", self.0.len()))),
///             _ => Ok(BulkOutcome::new(http::StatusCode::OK)),
///         }
///     }
/// }
///
/// let request = BulkRequest::parse(br#"{
///   "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
///   "Operations": [
///     {"method": "PUT", "path": "/Users/bulkId:bob", "data": {"userName": "bob", "nickName": "Bobby"}},
///     {"method": "POST", "path": "/Users", "bulkId": "bob", "data": {"userName": "bob"}},
///     {"method": "POST", "path": "/Users", "bulkId": "dup", "data": {"userName": "taken"}},
///     {"method": "PATCH", "path": "/Users/bulkId:dup", "data": {"Operations": []}}
///   ]
/// }"#, &BulkLimits::default())?;
///
/// let mut runner = BulkRunner::new(Users(Vec::new())).with_base_url("https://example.com/v2");
/// let response = block_on(runner.run(&BulkPlan::new(request)));
///
/// // The PUT ran after the POST it refers to, with the new id in its path.
/// let performed: Vec<String> = runner.executor().0.iter().map(|op| op.path.clone()).collect();
/// assert_eq!(performed, ["/Users", "/Users/id-1", "/Users"]);
/// // The response is in request order; the PATCH of the failed POST failed with 409.
/// let statuses: Vec<&str> = response.operations.iter().map(|r| r.status.as_str()).collect();
/// assert_eq!(statuses, ["200", "201", "409", "409"]);
/// assert_eq!(
///     response.operations[3].response.as_ref().unwrap()["detail"],
///     "`bulkId:dup` cannot be resolved: the POST with bulkId `dup` failed"
/// );
/// # Ok::<(), ScimError>(())
/// ```
#[derive(Debug)]
pub struct BulkRunner<E> {
    executor: E,
    base_url: Option<String>,
}

impl<E: BulkExecutor> BulkRunner<E> {
    /// A runner that performs operations with `executor`.
    pub fn new(executor: E) -> Self {
        BulkRunner {
            executor,
            base_url: None,
        }
    }

    /// The same, filling in `location` as `base_url` followed by the operation's path
    /// (`https://example.com/v2` + `/Users/2819c223`) where the executor gave none.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        let base_url = base_url.into();
        self.base_url = Some(base_url.trim_end_matches('/').to_owned());
        self
    }

    /// The executor.
    pub fn executor(&self) -> &E {
        &self.executor
    }

    /// The executor, to change.
    pub fn executor_mut(&mut self) -> &mut E {
        &mut self.executor
    }

    /// The executor, giving up the runner.
    pub fn into_executor(self) -> E {
        self.executor
    }

    /// Takes the plan's steps and returns the response (see [`BulkRunner`]).
    pub async fn run(&mut self, plan: &BulkPlan) -> BulkResponse {
        let operations = plan.request().operations();
        let limit = plan.request().fail_on_errors();
        let mut state = State {
            ids: BulkIds::new(),
            results: vec![None; operations.len()],
            awaiting_completion: vec![false; operations.len()],
            errors: 0,
        };
        for step in plan.steps() {
            if limit.is_some_and(|limit| state.errors >= limit) {
                break;
            }
            let Some(operation) = operations.get(step.index()) else {
                continue;
            };
            match step {
                Step::Reject(index, error) => {
                    let location = self.failure_location(operation, &state.ids);
                    let result = OperationResult::failure(
                        operation.method(),
                        operation.bulk_id().map(str::to_owned),
                        location,
                        error,
                    );
                    state.record(*index, result);
                }
                Step::Perform(index) => {
                    let result = self.perform(plan, *index, operation, &mut state).await;
                    state.record(*index, result);
                }
                Step::Complete(index) => {
                    if let Some(result) = self.complete(plan, *index, &mut state).await {
                        state.record(*index, result);
                    }
                }
            }
        }
        // POSTs created without their cycle references, whose completion was not reached.
        for index in 0..operations.len() {
            if state.awaiting_completion[index]
                && let Some(created) = state.results[index].clone()
            {
                let error = ScimError::conflict(
                    "the resource was created, but its references to other resources of this \
                     bulk request were not added: processing stopped after `failOnErrors` errors",
                );
                state.record(index, failure_of(&created, &error));
            }
        }
        BulkResponse {
            operations: state.results.into_iter().flatten().collect(),
        }
    }

    /// [`Step::Perform`]: resolve, execute, record the id of a created resource.
    async fn perform(
        &mut self,
        plan: &BulkPlan,
        index: usize,
        operation: &BulkOperation,
        state: &mut State,
    ) -> OperationResult {
        let method = operation.method();
        let bulk_id = operation.bulk_id().map(str::to_owned);
        let location = self.failure_location(operation, &state.ids);
        if let Some(missing) = plan
            .references(index)
            .iter()
            .find(|bulk_id| state.ids.get(bulk_id).is_none())
        {
            let error = state.unresolved(plan, missing);
            return OperationResult::failure(method, bulk_id, location, &error);
        }
        let resolved = match plan.resolve(index, &state.ids) {
            Ok(resolved) => resolved,
            Err(error) => return OperationResult::failure(method, bulk_id, location, &error),
        };
        let path = resolved.path.clone();
        let outcome = match self.executor.execute(resolved).await {
            Ok(outcome) if outcome.status.is_success() => outcome,
            Ok(outcome) => return self.unsuccessful(method, bulk_id, location, outcome),
            Err(error) => return OperationResult::failure(method, bulk_id, location, &error),
        };
        if method == BulkMethod::Post {
            if let (Some(bulk_id), Some(id)) = (&bulk_id, &outcome.id) {
                state.ids.insert(bulk_id.clone(), id.clone());
            }
            state.awaiting_completion[index] = plan.completion_patch(index).is_some();
        }
        let location = outcome.location.or_else(|| match (method, &outcome.id) {
            (BulkMethod::Post, Some(id)) => self.url(&format!("{path}/{id}")),
            (BulkMethod::Post, None) => None,
            _ => self.url(&path),
        });
        OperationResult {
            method,
            bulk_id,
            version: outcome.version,
            location,
            status: outcome.status,
            response: outcome.response,
        }
    }

    /// [`Step::Complete`]: the PATCH that gives a split POST its references (§3.7.1). The
    /// POST's new result, or `None` if the POST did not create anything.
    async fn complete(
        &mut self,
        plan: &BulkPlan,
        index: usize,
        state: &mut State,
    ) -> Option<OperationResult> {
        if !std::mem::take(&mut state.awaiting_completion[index]) {
            return None;
        }
        let created = state.results.get(index)?.clone()?;
        if created
            .bulk_id
            .as_deref()
            .is_none_or(|bulk_id| state.ids.get(bulk_id).is_none())
        {
            // The executor reported the creation without an id: its fault, not the client's.
            return Some(failure_of(&created, &ScimError::internal()));
        }
        let not_added = |why: &str| {
            ScimError::conflict(format!(
                "the resource was created, but its references to other resources of this bulk \
                 request were not added: {why}"
            ))
        };
        if let Some(missing) = plan
            .completion_references(index)
            .iter()
            .find(|bulk_id| state.ids.get(bulk_id).is_none())
        {
            let error = not_added(state.unresolved(plan, missing).detail());
            return Some(failure_of(&created, &error));
        }
        let patch = match plan.resolve_completion(index, &state.ids) {
            Ok(patch) => patch,
            Err(error) => return Some(failure_of(&created, &not_added(error.detail()))),
        };
        let error = match self.executor.execute(patch).await {
            Ok(outcome) if outcome.status.is_success() => {
                return Some(OperationResult {
                    version: outcome.version.or(created.version),
                    response: outcome.response.or(created.response),
                    ..created
                });
            }
            Ok(outcome) => outcome_error(&outcome),
            Err(error) => error,
        };
        let error = ScimError::new(
            error.status(),
            error.scim_type(),
            format!(
                "the resource was created, but adding its references to other resources of this \
                 bulk request failed: {}",
                error.detail()
            ),
        );
        Some(failure_of(&created, &error))
    }

    /// The result of an outcome the executor returned without an error but with a status
    /// that is not a success: a failure with that status and body.
    fn unsuccessful(
        &self,
        method: BulkMethod,
        bulk_id: Option<String>,
        location: Option<String>,
        outcome: BulkOutcome,
    ) -> OperationResult {
        let response = match outcome.response {
            Some(response) => response,
            None => outcome_error(&BulkOutcome::new(outcome.status)).to_json(),
        };
        OperationResult {
            method,
            bulk_id,
            version: None,
            location: location.or(outcome.location),
            status: outcome.status,
            response: Some(response),
        }
    }

    /// Where a failed operation's resource is: none for a POST (§3.7.3), the resolved path
    /// under the base URL otherwise.
    fn failure_location(&self, operation: &BulkOperation, ids: &BulkIds) -> Option<String> {
        if operation.method() == BulkMethod::Post {
            return None;
        }
        self.url(&operation.path().resolve(ids).ok()?)
    }

    fn url(&self, path: &str) -> Option<String> {
        self.base_url.as_ref().map(|base| format!("{base}{path}"))
    }
}

/// What the runner knows while it runs.
struct State {
    ids: BulkIds,
    results: Vec<Option<OperationResult>>,
    awaiting_completion: Vec<bool>,
    errors: usize,
}

impl State {
    /// Records an operation's result, counting it if it is a failure that replaces none.
    fn record(&mut self, index: usize, result: OperationResult) {
        let Some(slot) = self.results.get_mut(index) else {
            return;
        };
        let was_failure = slot.as_ref().is_some_and(|r| !r.is_success());
        if !result.is_success() && !was_failure {
            self.errors += 1;
        }
        *slot = Some(result);
    }

    /// Why `bulk_id` has no id.
    fn unresolved(&self, plan: &BulkPlan, bulk_id: &str) -> ScimError {
        let reference = excerpt(&format!("{BULK_ID_PREFIX}{bulk_id}"));
        let post = excerpt(bulk_id);
        match plan
            .post_index(bulk_id)
            .map(|index| self.results.get(index).cloned().flatten())
        {
            Some(Some(result)) if !result.is_success() => ScimError::conflict(format!(
                "{reference} cannot be resolved: the POST with bulkId {post} failed"
            )),
            // The executor reported success but no id: its fault, not the client's.
            Some(Some(_)) => ScimError::internal(),
            Some(None) => ScimError::conflict(format!(
                "{reference} cannot be resolved: the POST with bulkId {post} was not performed"
            )),
            None => ScimError::invalid_value(format!(
                "{reference} names no POST operation of this bulk request"
            )),
        }
    }
}

/// A created resource's result turned into a failure: same method, bulkId and location.
fn failure_of(created: &OperationResult, error: &ScimError) -> OperationResult {
    OperationResult::failure(
        created.method,
        created.bulk_id.clone(),
        created.location.clone(),
        error,
    )
}

/// The error an unsuccessful outcome stands for, from its body if that is a SCIM error.
fn outcome_error(outcome: &BulkOutcome) -> ScimError {
    let detail = outcome
        .response
        .as_ref()
        .and_then(|body| body.get("detail"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| {
            outcome
                .status
                .canonical_reason()
                .unwrap_or("the operation failed")
                .to_owned()
        });
    ScimError::new(outcome.status, None, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::{BulkLimits, BulkRequest, async_trait};

    /// Creates everything, ids `id-1`, `id-2`, ...
    struct Counter(usize);

    #[async_trait]
    impl BulkExecutor for Counter {
        async fn execute(
            &mut self,
            operation: super::super::ResolvedOperation,
        ) -> Result<BulkOutcome, ScimError> {
            self.0 += 1;
            Ok(match operation.method {
                BulkMethod::Post => BulkOutcome::created(format!("id-{}", self.0)),
                _ => BulkOutcome::new(http::StatusCode::OK),
            })
        }
    }

    /// Reports every POST as created, but without the id (a broken executor).
    struct Forgetful;

    #[async_trait]
    impl BulkExecutor for Forgetful {
        async fn execute(
            &mut self,
            operation: super::super::ResolvedOperation,
        ) -> Result<BulkOutcome, ScimError> {
            Ok(BulkOutcome::new(match operation.method {
                BulkMethod::Post => http::StatusCode::CREATED,
                _ => http::StatusCode::OK,
            }))
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        loop {
            if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }

    #[test]
    fn rfc7644_s3_7_2_a_created_post_without_id_is_the_services_fault() {
        let request = BulkRequest::parse(
            br#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                {"method": "POST", "path": "/Users", "bulkId": "u", "data": {"userName": "u"}},
                {"method": "DELETE", "path": "/Users/bulkId:u"},
                {"method": "POST", "path": "/Groups", "bulkId": "g",
                 "data": {"displayName": "g", "members": [{"value": "bulkId:g"}]}}
            ]}"#,
            &BulkLimits::default(),
        )
        .unwrap();
        let response = block_on(BulkRunner::new(Forgetful).run(&BulkPlan::new(request)));
        let statuses: Vec<&str> = response
            .operations
            .iter()
            .map(|r| r.status.as_str())
            .collect();
        // The DELETE cannot find the user's id, nor the group's completion its own: 500, as
        // the fault is the service's, not the client's.
        assert_eq!(statuses, ["201", "500", "500"]);
        let internal = ScimError::internal().to_json();
        assert_eq!(response.operations[1].response.as_ref(), Some(&internal));
        assert_eq!(response.operations[2].response.as_ref(), Some(&internal));
    }

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn run_is_send_for_async_services() {
        let request = BulkRequest::parse(
            br#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": []}"#,
            &BulkLimits::default(),
        )
        .unwrap();
        let plan = BulkPlan::new(request);
        let mut boxed: BulkRunner<Box<dyn BulkExecutor>> = BulkRunner::new(Box::new(Counter(0)));
        let future = boxed.run(&plan);
        assert_send(&future);
        drop(future);
        let mut counter = Counter(0);
        let mut borrowed = BulkRunner::new(&mut counter);
        assert_send(&borrowed.run(&plan));
    }

    #[test]
    fn unsuccessful_outcomes_are_failures_with_a_body() {
        let runner = BulkRunner::new(Counter(0)).with_base_url("https://example.com/v2/");
        let result = runner.unsuccessful(
            BulkMethod::Delete,
            None,
            runner.url("/Users/1"),
            BulkOutcome::new(http::StatusCode::GONE),
        );
        assert_eq!(result.status, http::StatusCode::GONE);
        assert_eq!(
            result.location.as_deref(),
            Some("https://example.com/v2/Users/1")
        );
        assert_eq!(
            result.response,
            Some(ScimError::new(http::StatusCode::GONE, None, "Gone").to_json())
        );
    }
}
