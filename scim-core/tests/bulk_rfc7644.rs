//! The bulk examples of RFC 7644 §3.7 (data in `tests/rfc7644/`, one file per figure) and
//! the cases the RFC leaves to the service provider, run through the planner and the runner
//! with an in-memory executor.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::task::{Context, Poll, Waker};

use http::StatusCode;
use scim_core::bulk::{
    BulkExecutor, BulkLimits, BulkMethod, BulkOutcome, BulkPlan, BulkRequest, BulkResponse,
    BulkRunner, CyclePolicy, ResolvedOperation, Step, async_trait,
};
use scim_core::resource::Version;
use scim_core::{ScimError, ScimType};
use serde_json::{Value, json};

const BASE_URL: &str = "https://example.com/v2";

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/rfc7644/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{path} is not JSON: {err}"))
}

fn request(body: &Value) -> BulkRequest {
    let bytes = serde_json::to_vec(body).expect("a JSON value serializes");
    BulkRequest::parse(&bytes, &BulkLimits::default()).expect("the request is valid")
}

/// Runs a future that never waits on anything (the store below never does).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// An in-memory store behind the executor trait: POST creates with the next scripted id
/// (or `id-N`), every write takes the next scripted version (or `vN`), PUT, PATCH and
/// DELETE check `version` (412) and existence (404). POSTs of names in `refuse` fail with
/// the §3.7.3 `invalidSyntax` error; PATCHes are refused when `refuse_patch` is set.
#[derive(Default)]
struct Store {
    resources: BTreeMap<(String, String), (Value, String)>,
    ids: VecDeque<String>,
    versions: VecDeque<String>,
    refuse: Vec<String>,
    refuse_patch: bool,
    writes: usize,
    log: Vec<ResolvedOperation>,
}

impl Store {
    fn with_ids(ids: &[&str], versions: &[&str]) -> Self {
        Store {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            versions: versions.iter().map(|s| s.to_string()).collect(),
            ..Store::default()
        }
    }

    fn insert(&mut self, endpoint: &str, id: &str, version: &str, data: Value) {
        self.resources
            .insert((endpoint.into(), id.into()), (data, version.into()));
    }

    fn get(&self, endpoint: &str, id: &str) -> Option<&Value> {
        self.resources
            .get(&(endpoint.to_owned(), id.to_owned()))
            .map(|(data, _)| data)
    }

    fn next_version(&mut self) -> String {
        self.writes += 1;
        self.versions
            .pop_front()
            .unwrap_or_else(|| format!("v{}", self.writes))
    }

    fn found(&self, op: &ResolvedOperation) -> Result<(String, String), ScimError> {
        let key = (
            op.endpoint().to_owned(),
            op.id().unwrap_or_default().to_owned(),
        );
        let Some((_, version)) = self.resources.get(&key) else {
            return Err(ScimError::not_found("Resource does not exist."));
        };
        if op.version.as_ref().is_some_and(|v| v.opaque() != version) {
            return Err(ScimError::precondition_failed(
                "Failed to update.  Resource changed on the server.",
            ));
        }
        Ok(key)
    }

    fn written(&mut self, key: (String, String), data: Value, status: StatusCode) -> BulkOutcome {
        let version = self.next_version();
        let location = format!("{BASE_URL}/{}/{}", key.0, key.1);
        self.resources.insert(key, (data, version.clone()));
        BulkOutcome::new(status)
            .with_location(location)
            .with_version(Version::new(version))
    }
}

/// The PATCH operations the tests send: `add` (appending to arrays), `replace`, `remove`,
/// on a top-level path or `urn:...:attribute`.
fn apply_patch(resource: &mut Value, patch: &Value) -> Result<(), ScimError> {
    for operation in patch["Operations"].as_array().into_iter().flatten() {
        let path = operation["path"].as_str().unwrap_or_default();
        let (container, name) = match path.rsplit_once(':') {
            Some((urn, name)) if path.starts_with("urn:") => {
                if resource.get(urn).is_none() {
                    resource[urn] = json!({});
                }
                (&mut resource[urn], name)
            }
            _ => (&mut *resource, path),
        };
        let value = operation["value"].clone();
        match operation["op"].as_str().unwrap_or_default() {
            "add" => match (container.get_mut(name), value) {
                (Some(Value::Array(items)), Value::Array(more)) => items.extend(more),
                (_, value) => container[name] = value,
            },
            "replace" => container[name] = value,
            "remove" => {
                container.as_object_mut().map(|m| m.remove(name));
            }
            other => return Err(ScimError::invalid_value(format!("op `{other}`"))),
        }
    }
    Ok(())
}

#[async_trait]
impl BulkExecutor for Store {
    async fn execute(&mut self, op: ResolvedOperation) -> Result<BulkOutcome, ScimError> {
        self.log.push(op.clone());
        let data = op.data.clone().unwrap_or_default();
        match op.method {
            BulkMethod::Post => {
                let name = data
                    .get("userName")
                    .or_else(|| data.get("displayName"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if self.refuse.iter().any(|refused| refused == name) {
                    return Err(ScimError::invalid_syntax(
                        "Request is unparsable, syntactically incorrect, or violates schema.",
                    ));
                }
                let id = self
                    .ids
                    .pop_front()
                    .unwrap_or_else(|| format!("id-{}", self.log.len()));
                let mut resource = data;
                resource["id"] = json!(id);
                let key = (op.endpoint().to_owned(), id.clone());
                Ok(self.written(key, resource, StatusCode::CREATED).with_id(id))
            }
            BulkMethod::Put => {
                let key = self.found(&op)?;
                Ok(self.written(key, data, StatusCode::OK))
            }
            BulkMethod::Patch => {
                if self.refuse_patch {
                    return Err(ScimError::mutability("`members` cannot be changed here"));
                }
                let key = self.found(&op)?;
                let mut resource = self.resources[&key].0.clone();
                apply_patch(&mut resource, &data)?;
                Ok(self.written(key, resource, StatusCode::OK))
            }
            BulkMethod::Delete => {
                let key = self.found(&op)?;
                self.resources.remove(&key);
                Ok(BulkOutcome::new(StatusCode::NO_CONTENT)
                    .with_location(format!("{BASE_URL}/{}/{}", key.0, key.1)))
            }
        }
    }
}

fn run(store: Store, plan: &BulkPlan) -> (BulkResponse, Store) {
    let mut runner = BulkRunner::new(store).with_base_url(BASE_URL);
    let response = block_on(runner.run(plan));
    (response, runner.into_executor())
}

/// What the store was asked, as `METHOD path`.
fn performed(store: &Store) -> Vec<String> {
    store
        .log
        .iter()
        .map(|op| format!("{} {}", op.method, op.path))
        .collect()
}

fn statuses(response: &BulkResponse) -> Vec<&str> {
    response
        .operations
        .iter()
        .map(|result| result.status.as_str())
        .collect()
}

fn detail(response: &BulkResponse, position: usize) -> &str {
    response.operations[position]
        .response
        .as_ref()
        .and_then(|body| body["detail"].as_str())
        .unwrap_or_default()
}

fn bulk(operations: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": operations})
}

fn group(bulk_id: &str, members: &[&str]) -> Value {
    let members: Vec<Value> = members
        .iter()
        .map(|m| json!({"type": "Group", "value": format!("bulkId:{m}")}))
        .collect();
    json!({"method": "POST", "path": "/Groups", "bulkId": bulk_id,
           "data": {"displayName": bulk_id, "members": members}})
}

fn user(bulk_id: &str) -> Value {
    json!({"method": "POST", "path": "/Users", "bulkId": bulk_id, "data": {"userName": bulk_id}})
}

fn member_values(resource: &Value) -> Vec<&str> {
    resource["members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["value"].as_str())
        .collect()
}

const ALICE: &str = "92b725cd-9465-4e7d-8c16-01f8e146b87a";
const TOUR_GUIDES: &str = "e9e30dba-f08f-4109-8486-d5c6a331660a";

#[test]
fn rfc7644_s3_7_2_user_then_group_referring_to_it() {
    let plan = BulkPlan::new(request(&fixture(
        "s3.7.2_bulk_request_with_references.json",
    )));
    assert_eq!(plan.steps(), [Step::Perform(0), Step::Perform(1)]);

    let store = Store::with_ids(
        &[ALICE, TOUR_GUIDES],
        &["4weymrEsh5O6cAEK", "lha5bbazU3fNvfe5"],
    );
    let (response, store) = run(store, &plan);
    assert_eq!(
        response.to_json(),
        fixture("s3.7.2_bulk_response_with_references.json")
    );
    // The group holds Alice's id where the request had `bulkId:qwerty` (§3.7.2).
    let expected = fixture("s3.7.2_group_after_bulk.json");
    let group = store
        .get("Groups", TOUR_GUIDES)
        .expect("the group was created");
    assert_eq!(group["displayName"], expected["displayName"]);
    assert_eq!(member_values(group), member_values(&expected));
    assert_eq!(group["members"][0]["type"], expected["members"][0]["type"]);
}

#[test]
fn rfc7644_s3_7_2_group_sent_before_the_user_it_refers_to() {
    let mut body = fixture("s3.7.2_bulk_request_with_references.json");
    body["Operations"]
        .as_array_mut()
        .expect("Operations is an array")
        .reverse();
    let plan = BulkPlan::new(request(&body));
    // "resolved in any order": the User's POST (now second) runs first.
    assert_eq!(plan.steps(), [Step::Perform(1), Step::Perform(0)]);

    let store = Store::with_ids(
        &[ALICE, TOUR_GUIDES],
        &["4weymrEsh5O6cAEK", "lha5bbazU3fNvfe5"],
    );
    let (response, store) = run(store, &plan);
    assert_eq!(performed(&store), ["POST /Users", "POST /Groups"]);
    // The response keeps the request's order.
    let mut expected = fixture("s3.7.2_bulk_response_with_references.json");
    expected["Operations"]
        .as_array_mut()
        .expect("Operations is an array")
        .reverse();
    assert_eq!(response.to_json(), expected);
    assert_eq!(
        member_values(store.get("Groups", TOUR_GUIDES).unwrap()),
        [ALICE]
    );
}

#[test]
fn rfc7644_s3_7_2_reference_in_the_enterprise_extension() {
    let plan = BulkPlan::new(request(&fixture(
        "s3.7.2_bulk_request_enterprise_manager.json",
    )));
    let (response, store) = run(Store::with_ids(&[ALICE, "bob-id"], &[]), &plan);
    assert_eq!(statuses(&response), ["201", "201"]);
    let bob = store.get("Users", "bob-id").expect("Bob was created");
    assert_eq!(
        bob["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        json!({"employeeNumber": "11250", "manager": {"value": ALICE}})
    );
}

#[test]
fn rfc7644_s3_7_2_references_in_nested_arrays_and_paths() {
    let body = bulk(json!([
        {"method": "PATCH", "path": "/Users/bulkId:b", "data": {"Operations": [
            {"op": "add", "path": "x-links", "value": [[{"to": ["bulkId:a", {"deep": "bulkId:b"}]}]]}
        ]}},
        {"method": "DELETE", "path": "/Users/bulkId:a"},
        user("a"),
        user("b"),
    ]));
    let plan = BulkPlan::new(request(&body));
    assert_eq!(
        plan.steps(),
        [
            Step::Perform(2),
            Step::Perform(1),
            Step::Perform(3),
            Step::Perform(0)
        ]
    );
    let (response, store) = run(Store::with_ids(&["A", "B"], &[]), &plan);
    assert_eq!(
        performed(&store),
        [
            "POST /Users",
            "DELETE /Users/A",
            "POST /Users",
            "PATCH /Users/B"
        ]
    );
    assert_eq!(
        store.log[3].data.as_ref().unwrap()["Operations"][0]["value"],
        json!([[{"to": ["A", {"deep": "B"}]}]])
    );
    assert_eq!(statuses(&response), ["200", "204", "201", "201"]);
    assert_eq!(
        response.operations[1].location.as_deref(),
        Some("https://example.com/v2/Users/A")
    );
}

#[test]
fn rfc7644_s3_7_1_two_groups_members_of_each_other() {
    let plan = BulkPlan::new(request(&fixture("s3.7.1_circular.json")));
    assert_eq!(
        plan.steps(),
        [Step::Perform(0), Step::Perform(1), Step::Complete(0)]
    );
    let group_a = "c3a26dd3-27a0-4dec-a2ac-ce211e105f97";
    let group_b = "6c5bb468-14b2-4183-baf2-06d523e03bd3";
    let store = Store::with_ids(&[group_a, group_b], &["a1", "b1", "a2"]);
    let (response, store) = run(store, &plan);

    // Group A is created without its member, Group B with Group A, then Group A gets B.
    assert_eq!(
        performed(&store),
        [
            "POST /Groups".to_owned(),
            "POST /Groups".to_owned(),
            format!("PATCH /Groups/{group_a}")
        ]
    );
    assert_eq!(store.log[0].data.as_ref().unwrap().get("members"), None);
    assert_eq!(
        store.log[2].data.as_ref().unwrap()["Operations"],
        json!([{"op": "add", "path": "members", "value": [{"type": "Group", "value": group_b}]}])
    );

    // What the RFC's subsequent GET shows.
    let listed = fixture("s3.7.1_circular_resolved.json");
    for expected in listed["Resources"].as_array().unwrap() {
        let id = expected["id"].as_str().unwrap();
        let group = store.get("Groups", id).expect("the group exists");
        assert_eq!(group["displayName"], expected["displayName"]);
        assert_eq!(member_values(group), member_values(expected));
    }

    // Both report 201; Group A with the version its completing PATCH produced.
    assert_eq!(
        response.to_json(),
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
            "Operations": [
                {"location": format!("{BASE_URL}/Groups/{group_a}"), "method": "POST",
                 "bulkId": "qwerty", "version": "W/\"a2\"", "status": "201"},
                {"location": format!("{BASE_URL}/Groups/{group_b}"), "method": "POST",
                 "bulkId": "ytrewq", "version": "W/\"b1\"", "status": "201"},
            ],
        })
    );
}

#[test]
fn rfc7644_s3_7_1_cycle_of_one_group_member_of_itself() {
    let plan = BulkPlan::new(request(&bulk(json!([group("self", &["self"])]))));
    assert_eq!(plan.steps(), [Step::Perform(0), Step::Complete(0)]);
    let (response, store) = run(Store::with_ids(&["S"], &[]), &plan);
    assert_eq!(performed(&store), ["POST /Groups", "PATCH /Groups/S"]);
    assert_eq!(member_values(store.get("Groups", "S").unwrap()), ["S"]);
    assert_eq!(statuses(&response), ["201"]);
}

#[test]
fn rfc7644_s3_7_1_cycle_of_three() {
    let body = bulk(json!([
        group("a", &["b"]),
        group("b", &["c"]),
        group("c", &["a"])
    ]));
    let plan = BulkPlan::new(request(&body));
    let (response, store) = run(Store::with_ids(&["A", "C", "B"], &[]), &plan);
    assert_eq!(
        performed(&store),
        [
            "POST /Groups",
            "POST /Groups",
            "POST /Groups",
            "PATCH /Groups/A"
        ]
    );
    assert_eq!(member_values(store.get("Groups", "A").unwrap()), ["B"]);
    assert_eq!(member_values(store.get("Groups", "B").unwrap()), ["C"]);
    assert_eq!(member_values(store.get("Groups", "C").unwrap()), ["A"]);
    assert_eq!(statuses(&response), ["201", "201", "201"]);
}

#[test]
fn rfc7644_s3_7_1_reject_policy_answers_409_naming_the_cycle() {
    let body = bulk(json!([
        group("qwerty", &["ytrewq"]),
        group("ytrewq", &["qwerty"]),
        {"method": "PATCH", "path": "/Groups/bulkId:qwerty", "data": {"Operations": []}},
        user("alice"),
    ]));
    let plan = BulkPlan::with_cycle_policy(request(&body), CyclePolicy::Reject);
    let (response, store) = run(Store::default(), &plan);
    assert_eq!(performed(&store), ["POST /Users"]);
    assert_eq!(statuses(&response), ["409", "409", "409", "201"]);
    assert_eq!(
        detail(&response, 0),
        "the POST with bulkId `qwerty` is on a cycle of bulkId references \
         (`qwerty` -> `ytrewq` -> `qwerty`), which this service provider does not resolve"
    );
    assert_eq!(
        detail(&response, 2),
        "`bulkId:qwerty` cannot be resolved: the POST with bulkId `qwerty` failed"
    );
    // Failed POSTs have no location (§3.7.3), nor has a PATCH whose target was never created.
    assert!(
        response.operations[..3]
            .iter()
            .all(|r| r.location.is_none())
    );
}

#[test]
fn rfc7644_s3_7_1_cycle_partner_that_fails_leaves_the_first_without_references() {
    let mut store = Store::with_ids(&["A"], &[]);
    store.refuse.push("b".into());
    let plan = BulkPlan::new(request(&bulk(json!([
        group("a", &["b"]),
        group("b", &["a"])
    ]))));
    let (response, store) = run(store, &plan);
    assert_eq!(performed(&store), ["POST /Groups", "POST /Groups"]);
    assert_eq!(statuses(&response), ["409", "400"]);
    assert_eq!(
        detail(&response, 0),
        "the resource was created, but its references to other resources of this bulk \
         request were not added: `bulkId:b` cannot be resolved: the POST with bulkId `b` failed"
    );
    // Group A exists, so its location is reported.
    assert_eq!(
        response.operations[0].location.as_deref(),
        Some("https://example.com/v2/Groups/A")
    );
}

#[test]
fn rfc7644_s3_7_1_completion_refused_by_the_executor() {
    let mut store = Store::with_ids(&["A", "B"], &[]);
    store.refuse_patch = true;
    let plan = BulkPlan::new(request(&bulk(json!([
        group("a", &["b"]),
        group("b", &["a"])
    ]))));
    let (response, _) = run(store, &plan);
    assert_eq!(statuses(&response), ["400", "201"]);
    let result = &response.operations[0];
    assert_eq!(
        result.response.as_ref().unwrap()["scimType"],
        ScimType::Mutability.as_str()
    );
    assert_eq!(
        detail(&response, 0),
        "the resource was created, but adding its references to other resources of this bulk \
         request failed: `members` cannot be changed here"
    );
    assert_eq!(
        result.location.as_deref(),
        Some("https://example.com/v2/Groups/A")
    );
}

/// The store the §3.7.3 examples run against: Bob, Dave-to-be and the user to delete, at
/// the versions the request names unless `stale`.
fn s3_7_3_store(stale: bool) -> Store {
    let mut store = Store::with_ids(
        &[ALICE],
        &["oY4m4wn58tkVjJxK", "huJj29dMNgu3WXPD", "huJj29dMNgu3WXPD"],
    );
    let (bob, patched) = if stale {
        ("changed", "changed")
    } else {
        ("3694e05e9dff591", "edac3253e2c0ef2")
    };
    store.insert(
        "Users",
        "b7c14771-226c-4d05-8860-134711653041",
        bob,
        json!({"userName": "Robert"}),
    );
    store.insert(
        "Users",
        "5d8d29d3-342c-4b5f-8683-a3cb6763ffcc",
        patched,
        json!({"userName": "David", "nickName": "Dave"}),
    );
    if !stale {
        store.insert(
            "Users",
            "e9025315-6bea-44e1-899c-1e07454e468b",
            "0ee8add0a938e1a",
            json!({}),
        );
    }
    store
}

#[test]
fn rfc7644_s3_7_3_add_update_and_remove() {
    let plan = BulkPlan::new(request(&fixture("s3.7.3_request.json")));
    let (response, store) = run(s3_7_3_store(false), &plan);
    assert_eq!(response.to_json(), fixture("s3.7.3_response.json"));
    assert_eq!(
        store.get("Users", "5d8d29d3-342c-4b5f-8683-a3cb6763ffcc"),
        Some(&json!({"userName": "Dave"}))
    );
    assert_eq!(
        store.get("Users", "e9025315-6bea-44e1-899c-1e07454e468b"),
        None
    );
    assert_eq!(
        store.log[1].version,
        Some(Version::new("3694e05e9dff591")),
        "the operation's version reaches the executor"
    );
}

#[test]
fn rfc7644_s3_7_3_fail_on_errors_1_stops_after_the_first_error() {
    let plan = BulkPlan::new(request(&fixture("s3.7.3_request.json")));
    let mut store = s3_7_3_store(false);
    store.refuse.push("Alice".into());
    let (response, store) = run(store, &plan);
    assert_eq!(
        response.to_json(),
        fixture("s3.7.3_response_stopped_after_error.json")
    );
    // "remaining operations are not performed".
    assert_eq!(performed(&store), ["POST /Users"]);
    assert!(
        store
            .get("Users", "e9025315-6bea-44e1-899c-1e07454e468b")
            .is_some()
    );
}

#[test]
fn rfc7644_s3_7_3_without_fail_on_errors_every_failure_is_reported() {
    let mut body = fixture("s3.7.3_request.json");
    body.as_object_mut().unwrap().remove("failOnErrors");
    let plan = BulkPlan::new(request(&body));
    let mut store = s3_7_3_store(true);
    store.refuse.push("Alice".into());
    let (response, store) = run(store, &plan);
    assert_eq!(
        response.to_json(),
        fixture("s3.7.3_response_all_failed.json")
    );
    assert_eq!(store.log.len(), 4);
    assert_eq!(response.errors(), 4);
}

#[test]
fn rfc7644_s3_7_3_fail_on_errors_counts_failed_references() {
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        "failOnErrors": 2,
        "Operations": [
            user("refused"),
            {"method": "DELETE", "path": "/Users/bulkId:refused"},
            user("never"),
        ],
    });
    let mut store = Store::default();
    store.refuse.push("refused".into());
    let (response, store) = run(store, &BulkPlan::new(request(&body)));
    assert_eq!(performed(&store), ["POST /Users"]);
    assert_eq!(statuses(&response), ["400", "409"]);
    assert_eq!(
        detail(&response, 1),
        "`bulkId:refused` cannot be resolved: the POST with bulkId `refused` failed"
    );
}

#[test]
fn rfc7644_s3_7_3_stopping_before_a_completion_reports_the_created_post() {
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        "failOnErrors": 1,
        "Operations": [group("a", &["b"]), group("b", &["a"])],
    });
    let mut store = Store::with_ids(&["A"], &[]);
    store.refuse.push("b".into());
    let (response, store) = run(store, &BulkPlan::new(request(&body)));
    assert_eq!(performed(&store), ["POST /Groups", "POST /Groups"]);
    assert_eq!(statuses(&response), ["409", "400"]);
    assert_eq!(
        detail(&response, 0),
        "the resource was created, but its references to other resources of this bulk \
         request were not added: processing stopped after `failOnErrors` errors"
    );
}

#[test]
fn rfc7644_s3_7_2_reference_to_a_failed_post_fails_with_409() {
    let body = bulk(json!([
        user("refused"),
        {"method": "POST", "path": "/Groups", "bulkId": "g",
         "data": {"displayName": "G", "members": [{"value": "bulkId:refused"}]}},
        {"method": "PUT", "path": "/Users/bulkId:refused", "data": {"userName": "x"}},
        user("fine"),
        {"method": "POST", "path": "/Groups", "bulkId": "h",
         "data": {"displayName": "H", "members": [{"value": "bulkId:g"}]}},
    ]));
    let mut store = Store::with_ids(&["F"], &[]);
    store.refuse.push("refused".into());
    let (response, store) = run(store, &BulkPlan::new(request(&body)));
    assert_eq!(performed(&store), ["POST /Users", "POST /Users"]);
    assert_eq!(statuses(&response), ["400", "409", "409", "201", "409"]);
    for (position, bulk_id) in [(1, "refused"), (2, "refused"), (4, "g")] {
        let error = response.operations[position].response.as_ref().unwrap();
        assert_eq!(error["status"], "409");
        assert_eq!(
            error["detail"],
            format!(
                "`bulkId:{bulk_id}` cannot be resolved: the POST with bulkId `{bulk_id}` failed"
            )
        );
    }
    // The PUT's resource was never created: it has no URL to report.
    assert_eq!(response.operations[2].location, None);
}

#[test]
fn rfc7644_s3_7_2_unknown_bulk_id_fails_only_its_operation() {
    let body = bulk(json!([
        {"method": "POST", "path": "/Groups", "bulkId": "g",
         "data": {"displayName": "G", "members": [{"value": "bulkId:nobody"}]}},
        user("alice"),
        {"method": "DELETE", "path": "/Users/bulkId:ghost"},
    ]));
    let plan = BulkPlan::new(request(&body));
    let (response, store) = run(Store::default(), &plan);
    assert_eq!(performed(&store), ["POST /Users"]);
    assert_eq!(statuses(&response), ["400", "201", "400"]);
    let error = response.operations[0].response.as_ref().unwrap();
    assert_eq!(error["scimType"], "invalidValue");
    assert_eq!(
        error["detail"],
        "`bulkId:nobody` names no POST operation of this bulk request"
    );
    assert_eq!(
        detail(&response, 2),
        "`bulkId:ghost` names no POST operation of this bulk request"
    );
}

#[test]
fn rfc7644_s3_7_duplicate_bulk_id_rejects_the_request() {
    let body = bulk(json!([user("qwerty"), group("qwerty", &[])]));
    let bytes = serde_json::to_vec(&body).unwrap();
    let err = BulkRequest::parse(&bytes, &BulkLimits::default()).unwrap_err();
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
    assert_eq!(
        err.detail(),
        "Operations[1]: bulkId `qwerty` is already used by Operations[0]; \
         bulkIds must be unique within a bulk request"
    );
}

#[test]
fn rfc7644_s3_7_4_payload_over_max_payload_size_is_413() {
    let limits = BulkLimits::default();
    // A body of exactly maxPayloadSize bytes is accepted: the request, padded with spaces.
    let mut body = serde_json::to_vec(&bulk(json!([user("qwerty")]))).unwrap();
    body.resize(1_048_576, b' ');
    assert!(BulkRequest::parse(&body, &limits).is_ok());
    // One byte more is not, and is refused before it is parsed.
    body.push(b'!');
    let err = BulkRequest::parse(&body, &limits).unwrap_err();
    assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(err.to_json(), fixture("s3.7.4_payload_too_large.json"));
    // The RFC's Content-Length, told by a caller that has not read the body.
    let told = BulkRequest::from_json(bulk(json!([])), 4_294_967_296, &limits).unwrap_err();
    assert_eq!(told.to_json(), fixture("s3.7.4_payload_too_large.json"));
}

#[test]
fn rfc7644_s3_7_4_one_operation_over_max_operations_is_413() {
    let limits = BulkLimits {
        max_operations: 3,
        max_payload_size: 1_048_576,
    };
    let operations =
        |n: usize| -> Value { Value::Array((0..n).map(|i| user(&format!("u{i}"))).collect()) };
    assert!(BulkRequest::from_json(bulk(operations(3)), 0, &limits).is_ok());
    let err = BulkRequest::from_json(bulk(operations(4)), 0, &limits).unwrap_err();
    assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        err.to_json(),
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": "413",
            "detail": "The number of operations in the bulk operation exceeds the maxOperations (3).",
        })
    );
    // The count is checked before any operation is read: a malformed fourth changes nothing.
    let mut malformed = operations(3);
    malformed
        .as_array_mut()
        .unwrap()
        .push(json!("not an operation"));
    let err = BulkRequest::from_json(bulk(malformed), 0, &limits).unwrap_err();
    assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
