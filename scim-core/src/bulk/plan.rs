//! The plan of a bulk request: the order of its operations under their bulkId references
//! (RFC 7644 §3.7, §3.7.2), what is done about cycles (§3.7.1) and about references that
//! name no POST, and the substitution of ids once the referenced POSTs have run.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::defer::split;
use super::executor::ResolvedOperation;
use super::graph::{is_cyclic, shortest_cycle, stable_order, strongly_connected};
use super::method::BulkMethod;
use super::path::excerpt;
use super::reference::{BULK_ID_PREFIX, BulkIds, references};
use super::request::{BulkOperation, BulkRequest};
use crate::error::ScimError;

/// One step of a [`BulkPlan`], naming an operation by its index in the request.
///
/// ```
/// use scim_core::bulk::Step;
///
/// assert_eq!(Step::Perform(3).index(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Perform the operation, its bulkId references replaced by ids ([`BulkPlan::resolve`]).
    /// For a POST that was split to break a cycle, this creates the resource without its
    /// references into the cycle.
    Perform(usize),
    /// Add to the resource that the POST created the references it was created without, by
    /// a PATCH ([`BulkPlan::resolve_completion`]); how a cycle is resolved (§3.7.1).
    Complete(usize),
    /// The operation fails without being performed, with this error.
    Reject(usize, ScimError),
}

impl Step {
    /// The index of the operation in the request.
    pub fn index(&self) -> usize {
        match self {
            Step::Perform(index) | Step::Complete(index) | Step::Reject(index, _) => *index,
        }
    }
}

/// What the planner does with a cycle of bulkId references between POSTs (RFC 7644 §3.7.1:
/// "The service provider MUST try to resolve circular cross-references between resources
/// in a single bulk job but MAY stop after a failed attempt and instead return HTTP status
/// code 409 (Conflict)").
///
/// ```
/// use scim_core::bulk::CyclePolicy;
///
/// assert_eq!(CyclePolicy::default(), CyclePolicy::CreateThenPatch);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CyclePolicy {
    /// Resolve the cycle: the POST of the cycle that comes first in the request is created
    /// without its references to the others of the cycle, the others are created with
    /// theirs, and then a PATCH `add` (§3.5.2.1) gives the first its references. This is how
    /// the §3.7.1 example ends with Group A and Group B each a member of the other. The
    /// executor must support PATCH on the resource type.
    #[default]
    CreateThenPatch,
    /// Do not resolve it: every POST on the cycle fails with 409 and a detail naming the
    /// cycle, and what refers to them fails with 409 in turn.
    Reject,
}

/// The steps that perform a [`BulkRequest`], in order (RFC 7644 §3.7, §3.7.1, §3.7.2).
///
/// - An operation runs after every POST whose bulkId it refers to (in its `path` or
///   anywhere in its `data`), wherever the client put them: the §3.7 optimisation "MUST
///   ensure that the client's intent is preserved". Otherwise the request's order is kept:
///   of the operations that may run, the one the client sent first runs first.
/// - A reference to a bulkId that no POST of the request defines fails its operation with
///   `400 invalidValue` (the value "was not compatible with the operation", §3.12 Table 9,
///   which "MAY apply within a SCIM bulk operation"); its other operations are unaffected.
/// - Cycles between POSTs are handled by the [`CyclePolicy`]. When a POST is split to break
///   a cycle, a PUT, PATCH or DELETE whose `path` names it runs after its completion.
///
/// ```
/// use scim_core::bulk::{BulkLimits, BulkPlan, BulkRequest, Step};
///
/// // §3.7.1: two groups, each a member of the other, and a PUT sent before its POST.
/// let request = BulkRequest::parse(br#"{
///   "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
///   "Operations": [
///     {"method": "PUT", "path": "/Users/bulkId:alice", "data": {"userName": "alice"}},
///     {"method": "POST", "path": "/Groups", "bulkId": "qwerty",
///      "data": {"displayName": "Group A", "members": [{"type": "Group", "value": "bulkId:ytrewq"}]}},
///     {"method": "POST", "path": "/Groups", "bulkId": "ytrewq",
///      "data": {"displayName": "Group B", "members": [{"type": "Group", "value": "bulkId:qwerty"}]}},
///     {"method": "POST", "path": "/Users", "bulkId": "alice", "data": {"userName": "Alice"}},
///     {"method": "DELETE", "path": "/Users/bulkId:nobody"}
///   ]
/// }"#, &BulkLimits::default())?;
/// let plan = BulkPlan::new(request);
/// let order: Vec<String> = plan.steps().iter().map(|step| match step {
///     Step::Perform(i) => format!("perform {i}"),
///     Step::Complete(i) => format!("complete {i}"),
///     Step::Reject(i, err) => format!("reject {i} ({})", err.status().as_str()),
/// }).collect();
/// assert_eq!(order, [
///     "perform 1",  // Group A, without its member
///     "perform 2",  // Group B, with Group A as member
///     "complete 1", // PATCH Group A: add Group B
///     "perform 3",  // POST alice
///     "perform 0",  // PUT alice, after her POST
///     "reject 4 (400)", // bulkId:nobody names no POST
/// ]);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BulkPlan {
    request: BulkRequest,
    steps: Vec<Step>,
    prepared: Vec<Prepared>,
    posts: HashMap<String, usize>,
}

/// How an operation is performed, where that differs from what the client sent.
#[derive(Debug, Clone, Default, PartialEq)]
struct Prepared {
    /// The data a POST split to break a cycle creates with.
    create: Option<Value>,
    /// The bulkIds it refers to as performed, when split (else the operation's own).
    references: Option<Vec<String>>,
    /// The PATCH that completes it.
    completion: Option<Completion>,
}

/// The PATCH that adds a split POST's deferred references.
#[derive(Debug, Clone, PartialEq)]
struct Completion {
    patch: Value,
    references: Vec<String>,
}

impl BulkPlan {
    /// The plan of `request`, resolving cycles ([`CyclePolicy::CreateThenPatch`]).
    pub fn new(request: BulkRequest) -> Self {
        Self::with_cycle_policy(request, CyclePolicy::default())
    }

    /// The plan of `request`, treating cycles as `policy` says.
    pub fn with_cycle_policy(request: BulkRequest, policy: CyclePolicy) -> Self {
        let operations = request.operations();
        let n = operations.len();
        let posts: HashMap<String, usize> = operations
            .iter()
            .enumerate()
            .filter(|(_, op)| op.method() == BulkMethod::Post)
            .filter_map(|(index, op)| Some((op.bulk_id()?.to_owned(), index)))
            .collect();

        // Each operation depends on the POSTs it refers to; a reference to no POST rejects it.
        let mut rejected: Vec<Option<ScimError>> = vec![None; n];
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (index, operation) in operations.iter().enumerate() {
            for bulk_id in operation.references() {
                match posts.get(bulk_id) {
                    Some(&post) => deps[index].push(post),
                    None => {
                        rejected[index] = Some(ScimError::invalid_value(format!(
                            "{} names no POST operation of this bulk request",
                            excerpt(&format!("{BULK_ID_PREFIX}{bulk_id}"))
                        )));
                        deps[index].clear();
                        break;
                    }
                }
            }
        }

        let mut prepared = vec![Prepared::default(); n];
        match policy {
            CyclePolicy::CreateThenPatch => {
                for (index, deferred) in defer_to_break_cycles(&deps).into_iter().enumerate() {
                    if deferred.is_empty() {
                        continue;
                    }
                    let operation = &operations[index];
                    let deferred: HashSet<&str> = deferred
                        .iter()
                        .filter_map(|&post| operations[post].bulk_id())
                        .collect();
                    match operation.data().and_then(|data| split(data, &deferred)) {
                        Some(split) => {
                            let mut create_references: Vec<String> = operation
                                .path()
                                .bulk_id()
                                .map(str::to_owned)
                                .into_iter()
                                .collect();
                            create_references
                                .extend(references(&split.create).into_iter().map(str::to_owned));
                            let completion_references = references(&split.patch)
                                .into_iter()
                                .map(str::to_owned)
                                .collect();
                            prepared[index] = Prepared {
                                create: Some(split.create),
                                references: Some(create_references),
                                completion: Some(Completion {
                                    patch: split.patch,
                                    references: completion_references,
                                }),
                            };
                        }
                        // Only POSTs are referred to, so only POSTs are on cycles, and their
                        // data is an object: this cannot happen. Refuse rather than loop.
                        None => {
                            let component = strongly_connected(&deps)
                                .into_iter()
                                .find(|component| component.binary_search(&index).is_ok())
                                .unwrap_or_default();
                            rejected[index] =
                                Some(cycle_error(operations, index, &component, &deps));
                        }
                    }
                }
            }
            CyclePolicy::Reject => {
                let mut on_cycles = Vec::new();
                for component in strongly_connected(&deps) {
                    if is_cyclic(&component, &deps) {
                        for &index in &component {
                            let error = cycle_error(operations, index, &component, &deps);
                            on_cycles.push((index, error));
                        }
                    }
                }
                for (index, error) in on_cycles {
                    rejected[index] = Some(error);
                }
            }
        }

        let steps = order_steps(operations, &posts, &rejected, &prepared);
        BulkPlan {
            request,
            steps,
            prepared,
            posts,
        }
    }

    /// The request the plan performs.
    pub fn request(&self) -> &BulkRequest {
        &self.request
    }

    /// The steps, in the order they are taken.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The index of the POST whose bulkId is `bulk_id`.
    pub fn post_index(&self, bulk_id: &str) -> Option<usize> {
        self.posts.get(bulk_id).copied()
    }

    /// The bulkIds that [`Step::Perform`] of the operation at `index` needs resolved: all the
    /// operation refers to, less what was deferred to its completion.
    pub fn references(&self, index: usize) -> &[String] {
        match self.prepared.get(index).and_then(|p| p.references.as_ref()) {
            Some(references) => references,
            None => self
                .request
                .operations()
                .get(index)
                .map(BulkOperation::references)
                .unwrap_or_default(),
        }
    }

    /// The bulkIds that [`Step::Complete`] of the operation at `index` needs resolved
    /// (empty if it has no completion).
    pub fn completion_references(&self, index: usize) -> &[String] {
        self.completion(index)
            .map(|completion| completion.references.as_slice())
            .unwrap_or_default()
    }

    /// The PatchOp message that completes the POST at `index`, with its bulkId references
    /// unresolved; `None` if the POST was not split.
    pub fn completion_patch(&self, index: usize) -> Option<&Value> {
        self.completion(index).map(|completion| &completion.patch)
    }

    fn completion(&self, index: usize) -> Option<&Completion> {
        self.prepared.get(index)?.completion.as_ref()
    }

    /// The operation at `index` as [`Step::Perform`] performs it, with the ids of `ids`
    /// substituted for its bulkId references in `path` and `data` (§3.7.2); 409 naming a
    /// reference `ids` cannot resolve, or 400 if there is no such operation.
    ///
    /// ```
    /// use scim_core::bulk::{BulkIds, BulkLimits, BulkMethod, BulkPlan, BulkRequest};
    /// use serde_json::json;
    ///
    /// let plan = BulkPlan::new(BulkRequest::parse(br#"{
    ///   "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    ///   "Operations": [
    ///     {"method": "POST", "path": "/Users", "bulkId": "qwerty", "data": {"userName": "Alice"}},
    ///     {"method": "PATCH", "path": "/Users/bulkId:qwerty", "version": "W/\"1\"",
    ///      "data": {"Operations": [{"op": "add", "path": "manager", "value": {"value": "bulkId:qwerty"}}]}}
    ///   ]
    /// }"#, &BulkLimits::default())?);
    /// let mut ids = BulkIds::new();
    /// assert_eq!(plan.resolve(1, &ids).unwrap_err().status(), http::StatusCode::CONFLICT);
    ///
    /// ids.insert("qwerty", "92b725cd");
    /// let patch = plan.resolve(1, &ids)?;
    /// assert_eq!(patch.method, BulkMethod::Patch);
    /// assert_eq!(patch.path, "/Users/92b725cd");
    /// assert_eq!(patch.data.unwrap()["Operations"][0]["value"], json!({"value": "92b725cd"}));
    /// assert_eq!(patch.version.unwrap().opaque(), "1");
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn resolve(&self, index: usize, ids: &BulkIds) -> Result<ResolvedOperation, ScimError> {
        let operation = self.operation(index)?;
        let path = operation.path().resolve(ids)?;
        let data = match self.prepared.get(index).and_then(|p| p.create.as_ref()) {
            Some(create) => Some(create),
            None => operation.data(),
        };
        let data = match data {
            Some(data) => {
                let mut data = data.clone();
                ids.substitute(&mut data)?;
                Some(data)
            }
            None => None,
        };
        Ok(ResolvedOperation {
            method: operation.method(),
            path,
            data,
            version: operation.version().cloned(),
            bulk_id: operation.bulk_id().map(str::to_owned),
        })
    }

    /// The PATCH that [`Step::Complete`] sends for the POST at `index`: to the resource the
    /// POST created (its id taken from `ids`), adding the references it was created
    /// without, resolved (§3.7.1), with no version precondition. 409 if `ids` lacks the
    /// POST's own id or one of those references; 400 if the operation has no completion.
    ///
    /// ```
    /// use scim_core::bulk::{BulkIds, BulkLimits, BulkMethod, BulkPlan, BulkRequest};
    /// use serde_json::json;
    ///
    /// // A manager of herself: the reference closes a cycle of one (§3.7.1).
    /// let plan = BulkPlan::new(BulkRequest::parse(br#"{
    ///   "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    ///   "Operations": [{"method": "POST", "path": "/Users", "bulkId": "alice", "data": {
    ///     "userName": "Alice",
    ///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
    ///       "employeeNumber": "1", "manager": {"value": "bulkId:alice"}}}}]
    /// }"#, &BulkLimits::default())?);
    /// let mut ids = BulkIds::new();
    /// ids.insert("alice", "92b725cd");
    ///
    /// let create = plan.resolve(0, &ids)?;
    /// assert_eq!(create.data.unwrap(), json!({"userName": "Alice",
    ///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "1"}}));
    ///
    /// let complete = plan.resolve_completion(0, &ids)?;
    /// assert_eq!((complete.method, complete.path.as_str()), (BulkMethod::Patch, "/Users/92b725cd"));
    /// assert_eq!(complete.data.unwrap(), json!({
    ///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    ///     "Operations": [{"op": "add",
    ///         "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    ///         "value": {"value": "92b725cd"}}]
    /// }));
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn resolve_completion(
        &self,
        index: usize,
        ids: &BulkIds,
    ) -> Result<ResolvedOperation, ScimError> {
        let operation = self.operation(index)?;
        let Some(completion) = self.completion(index) else {
            return Err(ScimError::invalid_value(format!(
                "Operations[{index}] has no references to add after its creation"
            )));
        };
        let bulk_id = operation.bulk_id().unwrap_or_default();
        let Some(id) = ids.get(bulk_id) else {
            return Err(ScimError::conflict(format!(
                "{} names no resource created in this bulk request",
                excerpt(&format!("{BULK_ID_PREFIX}{bulk_id}"))
            )));
        };
        let mut patch = completion.patch.clone();
        ids.substitute(&mut patch)?;
        Ok(ResolvedOperation {
            method: BulkMethod::Patch,
            path: format!("/{}/{id}", operation.path().endpoint()),
            data: Some(patch),
            version: None,
            bulk_id: None,
        })
    }

    fn operation(&self, index: usize) -> Result<&BulkOperation, ScimError> {
        self.request.operations().get(index).ok_or_else(|| {
            ScimError::invalid_value(format!("the bulk request has no Operations[{index}]"))
        })
    }
}

/// For each operation, the POSTs whose references it defers so that no cycle is left: while
/// a cycle remains, the operation of its strongly connected component that comes first in
/// the request defers its references to the others of the component (and to itself).
fn defer_to_break_cycles(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut deferred: Vec<Vec<usize>> = vec![Vec::new(); deps.len()];
    loop {
        let active: Vec<Vec<usize>> = deps
            .iter()
            .zip(&deferred)
            .map(|(deps, deferred)| {
                deps.iter()
                    .copied()
                    .filter(|post| !deferred.contains(post))
                    .collect()
            })
            .collect();
        let mut changed = false;
        for component in strongly_connected(&active) {
            if !is_cyclic(&component, &active) {
                continue;
            }
            let first = component[0];
            for &post in &active[first] {
                if component.binary_search(&post).is_ok() {
                    deferred[first].push(post);
                    changed = true;
                }
            }
        }
        if !changed {
            return deferred;
        }
    }
}

/// 409 for the operation at `index`, naming a shortest cycle of references through it.
fn cycle_error(
    operations: &[BulkOperation],
    index: usize,
    component: &[usize],
    deps: &[Vec<usize>],
) -> ScimError {
    let mut cycle = shortest_cycle(index, component, deps);
    cycle.push(index);
    let names: Vec<String> = cycle
        .iter()
        .map(|&i| excerpt(operations[i].bulk_id().unwrap_or_default()))
        .collect();
    ScimError::conflict(format!(
        "the POST with bulkId {} is on a cycle of bulkId references ({}), which this service \
         provider does not resolve",
        excerpt(operations[index].bulk_id().unwrap_or_default()),
        names.join(" -> ")
    ))
}

/// The steps in order: every operation after the POSTs it refers to, every completion after
/// its POST and the POSTs its PATCH refers to, every PUT, PATCH and DELETE of a split POST's
/// resource after that POST's completion; otherwise in request order.
fn order_steps(
    operations: &[BulkOperation],
    posts: &HashMap<String, usize>,
    rejected: &[Option<ScimError>],
    prepared: &[Prepared],
) -> Vec<Step> {
    let n = operations.len();
    let post_of = |bulk_ids: &[String]| -> Vec<usize> {
        bulk_ids
            .iter()
            .filter_map(|bulk_id| posts.get(bulk_id).copied())
            .collect()
    };
    // Nodes 0..n perform (or reject) the operations; then one node per completion.
    let mut keys: Vec<(usize, u8)> = (0..n).map(|index| (index, 0)).collect();
    let mut deps: Vec<Vec<usize>> = (0..n)
        .map(
            |index| match (&rejected[index], &prepared[index].references) {
                (Some(_), _) => Vec::new(),
                (None, Some(references)) => post_of(references),
                (None, None) => post_of(operations[index].references()),
            },
        )
        .collect();
    let mut completion_node = HashMap::new();
    for (index, prepared) in prepared.iter().enumerate() {
        if let (None, Some(completion)) = (&rejected[index], &prepared.completion) {
            completion_node.insert(index, keys.len());
            keys.push((index, 1));
            let mut completion_deps = vec![index];
            completion_deps.extend(post_of(&completion.references));
            deps.push(completion_deps);
        }
    }
    for (index, operation) in operations.iter().enumerate() {
        let target = operation.path().bulk_id().and_then(|b| posts.get(b));
        if let Some(node) = target.and_then(|post| completion_node.get(post))
            && rejected[index].is_none()
        {
            deps[index].push(*node);
        }
    }

    let order = stable_order(&keys, &deps);
    let mut placed = vec![false; keys.len()];
    let mut steps = Vec::with_capacity(keys.len());
    for &node in &order {
        placed[node] = true;
        steps.push(step_of(node, &keys, rejected));
    }
    // Unreachable with the cycles broken above; refuse what could not be ordered rather
    // than lose it.
    for node in (0..keys.len()).filter(|&node| !placed[node]) {
        let (index, kind) = keys[node];
        steps.push(if kind == 0 {
            Step::Reject(
                index,
                ScimError::conflict(
                    "the operation's bulkId references could not be put in an order",
                ),
            )
        } else {
            Step::Complete(index)
        });
    }
    steps
}

fn step_of(node: usize, keys: &[(usize, u8)], rejected: &[Option<ScimError>]) -> Step {
    let (index, kind) = keys[node];
    match (kind, &rejected[index]) {
        (0, Some(error)) => Step::Reject(index, error.clone()),
        (0, None) => Step::Perform(index),
        _ => Step::Complete(index),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::bulk::BulkLimits;

    fn plan(operations: Value, policy: CyclePolicy) -> BulkPlan {
        let body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": operations,
        });
        let request = BulkRequest::from_json(body, 0, &BulkLimits::default()).unwrap();
        BulkPlan::with_cycle_policy(request, policy)
    }

    fn group(bulk_id: &str, members: &[&str]) -> Value {
        let members: Vec<Value> = members
            .iter()
            .map(|m| json!({"type": "Group", "value": format!("bulkId:{m}")}))
            .collect();
        json!({"method": "POST", "path": "/Groups", "bulkId": bulk_id,
               "data": {"displayName": bulk_id, "members": members}})
    }

    #[test]
    fn rfc7644_s3_7_2_posts_run_before_what_refers_to_them() {
        let plan = plan(
            json!([group("b", &["a"]), group("c", &["b"]), group("a", &[])]),
            CyclePolicy::default(),
        );
        assert_eq!(
            plan.steps(),
            [Step::Perform(2), Step::Perform(0), Step::Perform(1)]
        );
    }

    #[test]
    fn rfc7644_s3_7_1_cycle_of_three_is_broken_at_its_first_post() {
        let plan = plan(
            json!([group("a", &["b"]), group("b", &["c"]), group("c", &["a"])]),
            CyclePolicy::CreateThenPatch,
        );
        // `a` is created without `b`; `c` (refers to `a`), then `b` (refers to `c`); then
        // `a` gets `b`.
        assert_eq!(
            plan.steps(),
            [
                Step::Perform(0),
                Step::Perform(2),
                Step::Perform(1),
                Step::Complete(0)
            ]
        );
        assert!(plan.references(0).is_empty());
        assert_eq!(plan.completion_references(0), ["b"]);
        assert_eq!(plan.references(1), ["c"]);
    }

    #[test]
    fn rfc7644_s3_7_1_reject_policy_names_the_cycle() {
        let plan = plan(
            json!([
                group("a", &["b"]),
                group("b", &["a"]),
                group("self", &["self"]),
                group("after", &["a"]),
            ]),
            CyclePolicy::Reject,
        );
        let details: Vec<(usize, String)> = plan
            .steps()
            .iter()
            .filter_map(|step| match step {
                Step::Reject(index, err) => {
                    assert_eq!(err.status(), http::StatusCode::CONFLICT);
                    Some((*index, err.detail().to_owned()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            details,
            [
                (
                    0,
                    "the POST with bulkId `a` is on a cycle of bulkId references \
                     (`a` -> `b` -> `a`), which this service provider does not resolve"
                        .to_owned()
                ),
                (
                    1,
                    "the POST with bulkId `b` is on a cycle of bulkId references \
                     (`b` -> `a` -> `b`), which this service provider does not resolve"
                        .to_owned()
                ),
                (
                    2,
                    "the POST with bulkId `self` is on a cycle of bulkId references \
                     (`self` -> `self`), which this service provider does not resolve"
                        .to_owned()
                ),
            ]
        );
        // `after` is not on the cycle: it runs, and fails when `a` is found failed.
        assert!(plan.steps().contains(&Step::Perform(3)));
    }

    #[test]
    fn rfc7644_s3_7_2_unknown_bulk_id_rejects_only_its_operation() {
        let plan = plan(
            json!([
                group("a", &["ghost"]),
                {"method": "DELETE", "path": "/Users/bulkId:a"},
                {"method": "PUT", "path": "/Users/1", "bulkId": "put", "data": {}},
                {"method": "DELETE", "path": "/Users/bulkId:put"},
            ]),
            CyclePolicy::default(),
        );
        let err =
            ScimError::invalid_value("`bulkId:ghost` names no POST operation of this bulk request");
        let put =
            ScimError::invalid_value("`bulkId:put` names no POST operation of this bulk request");
        assert_eq!(
            plan.steps(),
            [
                Step::Reject(0, err),
                Step::Perform(1),
                Step::Perform(2),
                Step::Reject(3, put),
            ]
        );
    }

    #[test]
    fn rfc7644_s3_7_1_writes_to_a_split_post_wait_for_its_completion() {
        let plan = plan(
            json!([
                {"method": "PUT", "path": "/Groups/bulkId:a", "data": {"displayName": "A2"}},
                group("a", &["b"]),
                group("b", &["a"]),
            ]),
            CyclePolicy::default(),
        );
        assert_eq!(
            plan.steps(),
            [
                Step::Perform(1),
                Step::Perform(2),
                Step::Complete(1),
                Step::Perform(0)
            ]
        );
        let mut ids = BulkIds::new();
        ids.insert("a", "id-a");
        ids.insert("b", "id-b");
        let completion = plan.resolve_completion(1, &ids).unwrap();
        assert_eq!(completion.method, BulkMethod::Patch);
        assert_eq!(completion.path, "/Groups/id-a");
        assert_eq!(
            completion.data.unwrap()["Operations"],
            json!([{"op": "add", "path": "members", "value": [{"type": "Group", "value": "id-b"}]}])
        );
        let created = plan.resolve(1, &ids).unwrap();
        assert_eq!(created.data.unwrap(), json!({"displayName": "a"}));
        assert!(plan.resolve_completion(2, &ids).is_err());
        assert!(plan.resolve(9, &ids).is_err());
    }

    #[test]
    fn rfc7644_s3_7_1_dense_cycles_are_all_broken() {
        // Every POST refers to every POST, itself included.
        let names: Vec<String> = (0..30).map(|i| format!("g{i}")).collect();
        let all: Vec<&str> = names.iter().map(String::as_str).collect();
        let operations: Vec<Value> = all.iter().map(|name| group(name, &all)).collect();
        let plan = plan(Value::Array(operations), CyclePolicy::default());
        let performs = plan
            .steps()
            .iter()
            .filter(|s| matches!(s, Step::Perform(_)))
            .count();
        let completes = plan
            .steps()
            .iter()
            .filter(|s| matches!(s, Step::Complete(_)))
            .count();
        assert_eq!((performs, completes), (30, 30));
        // Every step's references are created before it.
        let mut created = HashSet::new();
        for step in plan.steps() {
            let needed = match step {
                Step::Perform(i) => plan.references(*i),
                Step::Complete(i) => plan.completion_references(*i),
                Step::Reject(..) => panic!("nothing is rejected"),
            };
            for bulk_id in needed {
                assert!(created.contains(bulk_id), "{step:?} needs {bulk_id}");
            }
            if let Step::Perform(i) = step {
                created.insert(names[*i].clone());
            }
        }
    }
}
