//! A run of 1,000 provisioning operations, as Okta and Entra ID send them, through the
//! whole service over a `ShopifyStore`, with a seeded schedule of injected faults: 5xx
//! before and after Shopify commits, answers lost past the client's timeout, dropped
//! connections, `THROTTLED` bursts. The identity provider retries what answered 5xx (Okta
//! and Entra ID retry failed provisioning calls) and, before sending a create again, looks
//! the user up by `userName` as Okta does. A DELETE is followed by a create of the same
//! person (Entra ID's un-assign and re-assign), which takes over the soft-deleted customer. At the end every customer in the shop is read
//! directly and compared with what the identity provider last asked for: none missing,
//! none duplicated, every name and active state as last asked.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::Method;
use scim_conformance::Client;
use scim_conformance::shop;
use scim_shopify::client::ShopifyClient;
use scim_shopify::client::operations::{Customers, CustomersVariables, MAX_CUSTOMERS_PER_PAGE};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::{DeletePolicy, ShopifyStore};
use scim_shopify_emulator::{Emulator, EmulatorConfig, Faults, Plan, RunningEmulator};
use serde_json::{Value, json};

const SHOP_TOKEN: &str = "shpat_fault_run";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const CREATES: usize = 400;
const UPDATES: usize = 400;
const ACTIVE_CHANGES: usize = 200;
/// How many times the identity provider sends one operation before it gives up.
const IDP_ATTEMPTS: u32 = 8;
/// The store's client gives up on an answer after this long.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(200);
/// An answer delayed past the client's timeout.
const LATE: Duration = Duration::from_millis(350);

/// SplitMix64: a small deterministic generator, so that every run injects the same faults.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Create(usize),
    Put(usize),
    PatchName(usize),
    ToggleActive(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    ServerErrorBeforeCommit,
    ServerErrorAfterCommit,
    TimeoutAfterCommit,
    DroppedBeforeCommit,
    DroppedAfterCommit,
    ThrottledBurst,
    /// More 5xx in a row than the store's client retries: the identity provider sees a
    /// 5xx and sends the operation again.
    Outage,
}

impl Fault {
    const ALL: [Fault; 7] = [
        Fault::ServerErrorBeforeCommit,
        Fault::ServerErrorAfterCommit,
        Fault::TimeoutAfterCommit,
        Fault::DroppedBeforeCommit,
        Fault::DroppedAfterCommit,
        Fault::ThrottledBurst,
        Fault::Outage,
    ];

    fn inject(self, faults: &Faults, rng: &mut Rng) {
        match self {
            Fault::ServerErrorBeforeCommit => faults.fail_next(1, [500, 502, 503][rng.below(3)]),
            Fault::ServerErrorAfterCommit => {
                faults.fail_next_after_commit(1, [500, 502, 503, 504][rng.below(4)])
            }
            Fault::TimeoutAfterCommit => faults.delay_next_after_commit(1, LATE),
            Fault::DroppedBeforeCommit => faults.drop_next(1),
            Fault::DroppedAfterCommit => faults.drop_next_after_commit(1),
            Fault::ThrottledBurst => faults.throttle_next_briefly(2 + rng.below(3) as u32),
            Fault::Outage => faults.fail_next(8, 503),
        }
    }
}

/// What the identity provider last asked for, per user.
#[derive(Debug, Clone)]
struct Expected {
    email: String,
    external_id: String,
    id: Option<String>,
    given: String,
    family: String,
    active: bool,
}

impl Expected {
    fn body(&self) -> Value {
        let mut body = json!({
            "schemas": [USER],
            "userName": self.email,
            "externalId": self.external_id,
            "name": {"givenName": self.given, "familyName": self.family},
            "emails": [{"value": self.email, "primary": true, "type": "work"}],
            "active": self.active,
        });
        if let Some(id) = &self.id {
            body["id"] = json!(id);
        }
        body
    }
}

/// The schedule: 400 creates, 400 updates (PUT and PATCH) and 200 deactivations and
/// reactivations, interleaved, each update on a user created before it.
fn schedule(rng: &mut Rng) -> Vec<Step> {
    let (mut creates, mut updates, mut toggles) = (0, 0, 0);
    let mut steps = Vec::with_capacity(CREATES + UPDATES + ACTIVE_CHANGES);
    while steps.len() < CREATES + UPDATES + ACTIVE_CHANGES {
        let left = [
            CREATES - creates,
            UPDATES - updates,
            ACTIVE_CHANGES - toggles,
        ];
        let mut pick = rng.below(left.iter().sum());
        let kind = left
            .iter()
            .position(|&n| {
                if pick < n {
                    true
                } else {
                    pick -= n;
                    false
                }
            })
            .unwrap_or(0);
        let kind = if creates == 0 { 0 } else { kind };
        match kind {
            0 => {
                steps.push(Step::Create(creates));
                creates += 1;
            }
            1 => {
                let user = rng.below(creates);
                steps.push(if rng.below(2) == 0 {
                    Step::Put(user)
                } else {
                    Step::PatchName(user)
                });
                updates += 1;
            }
            _ => {
                steps.push(Step::ToggleActive(rng.below(creates)));
                toggles += 1;
            }
        }
    }
    steps
}

struct Idp {
    client: Client,
    retries: u32,
    failures: Vec<String>,
}

impl Idp {
    /// Sends a request, again while it answers 5xx; the last answer.
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> scim_conformance::Answer {
        let mut answer = self.client.send(method.clone(), path, body, &[]).await;
        for _ in 1..IDP_ATTEMPTS {
            if answer.status < 500 {
                break;
            }
            self.retries += 1;
            answer = self.client.send(method.clone(), path, body, &[]).await;
        }
        answer
    }

    /// Creates a user; before sending a create again after a 5xx, looks it up by
    /// `userName` (Okta's "does this user exist" check) and adopts what it finds.
    async fn create(&mut self, user: &mut Expected) {
        for _ in 0..IDP_ATTEMPTS {
            let answer = self.client.post("Users", &user.body()).await;
            if answer.status == 201 {
                user.id = Some(answer.id());
                return;
            }
            if answer.status < 500 {
                self.failures.push(format!(
                    "create {}: {} {}",
                    user.email, answer.status, answer.body
                ));
                return;
            }
            self.retries += 1;
            let filter = format!(
                "Users?filter=userName%20eq%20%22{}%22",
                user.email.replace('@', "%40")
            );
            let found = self.send(Method::GET, &filter, None).await;
            if found.status == 200 && found.body["totalResults"] == 1 {
                user.id = found.body["Resources"][0]["id"].as_str().map(str::to_owned);
                return;
            }
        }
        self.failures
            .push(format!("create {}: still 5xx", user.email));
    }

    fn expect(&mut self, what: &str, answer: &scim_conformance::Answer, status: u16) {
        if answer.status != status {
            self.failures
                .push(format!("{what}: {} {}", answer.status, answer.body));
        }
    }
}

/// Every customer of the shop, read page by page with `customers` (no search query, so
/// the search index lag does not matter).
async fn every_customer(
    emulator: &RunningEmulator,
) -> Vec<scim_shopify::client::operations::ScimCustomer> {
    let client = shop::client(emulator, SHOP_TOKEN);
    let mut customers = Vec::new();
    let mut after = None;
    loop {
        let page = client
            .execute::<Customers>(&CustomersVariables {
                query: None,
                first: MAX_CUSTOMERS_PER_PAGE,
                after: after.take(),
                metafield_namespace: Some("scim".into()),
            })
            .await
            .expect("a page of customers")
            .data
            .customers;
        customers.extend(page.nodes);
        match page.page_info.end_cursor {
            Some(cursor) if page.page_info.has_next_page => after = Some(cursor),
            _ => return customers,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_operations_under_injected_faults_leave_every_customer_as_asked() {
    let started = Instant::now();
    let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Plus))
        .await
        .expect("the emulator starts");
    let mut config = shop::client_config(&emulator, SHOP_TOKEN);
    config.request_timeout = CLIENT_TIMEOUT;
    let client = ShopifyClient::new(config).expect("a client");
    let store = ShopifyStore::new(client, MappingConfig::default(), DeletePolicy::Deactivate)
        .expect("a store");
    let mut idp = Idp {
        client: Client::over(Arc::new(store)),
        retries: 0,
        failures: Vec::new(),
    };

    let mut rng = Rng(0x5c1a_f417);
    let steps = schedule(&mut rng);
    let mut users: Vec<Expected> = (0..CREATES)
        .map(|i| Expected {
            email: format!("user{i:03}@fault.example.com"),
            external_id: format!("00u{i:05}"),
            id: None,
            given: format!("Given{i}"),
            family: format!("Family{i}"),
            active: true,
        })
        .collect();
    let mut injected: BTreeMap<Fault, u32> = BTreeMap::new();

    for (n, step) in steps.iter().enumerate() {
        // About one operation in six meets a fault on its first request (or first few,
        // for a throttled burst).
        if rng.below(6) == 0 {
            let fault = Fault::ALL[rng.below(Fault::ALL.len())];
            fault.inject(emulator.faults(), &mut rng);
            *injected.entry(fault).or_default() += 1;
        }
        match *step {
            Step::Create(i) => {
                let mut user = users[i].clone();
                idp.create(&mut user).await;
                users[i] = user;
            }
            Step::Put(i) => {
                let Some(id) = users[i].id.clone() else {
                    continue;
                };
                users[i].given = format!("Put{n}");
                users[i].family = format!("Family{n}");
                let body = users[i].body();
                let answer = idp
                    .send(Method::PUT, &format!("Users/{id}"), Some(&body))
                    .await;
                idp.expect(&format!("PUT {id}"), &answer, 200);
            }
            Step::PatchName(i) => {
                let Some(id) = users[i].id.clone() else {
                    continue;
                };
                users[i].given = format!("Patched{n}");
                // Entra ID sends `Replace` with a path (Microsoft, "Tutorial: Develop a
                // sample SCIM endpoint", PATCH examples).
                let body = json!({"schemas": [PATCH_OP], "Operations": [
                    {"op": "Replace", "path": "name.givenName", "value": users[i].given}
                ]});
                let answer = idp
                    .send(Method::PATCH, &format!("Users/{id}"), Some(&body))
                    .await;
                idp.expect(&format!("PATCH name {id}"), &answer, 200);
            }
            Step::ToggleActive(i) => {
                let Some(id) = users[i].id.clone() else {
                    continue;
                };
                let path = format!("Users/{id}");
                let deactivate = users[i].active;
                users[i].active = !deactivate;
                match (deactivate, rng.below(3)) {
                    (true, 0) => {
                        // RFC 7644 §3.6: the User is gone; a DELETE sent again after a
                        // committed one whose answer was a 5xx is 404.
                        let answer = idp.send(Method::DELETE, &path, None).await;
                        if answer.status != 404 {
                            idp.expect(&format!("DELETE {id}"), &answer, 204);
                        }
                        let read = idp.send(Method::GET, &path, None).await;
                        idp.expect(&format!("GET deleted {id}"), &read, 404);
                        // Entra ID re-assigns the user: a create of the same person, here
                        // inactive, which takes over the soft-deleted customer (same id).
                        let mut user = users[i].clone();
                        user.id = None;
                        idp.create(&mut user).await;
                        if user.id.as_deref() != Some(id.as_str()) {
                            idp.failures
                                .push(format!("re-create {id}: answered {:?}", user.id));
                        }
                        users[i] = user;
                    }
                    (_, choice) => {
                        let body = if choice == 1 {
                            // Okta (SCIM 2.0 protocol reference: deactivate a user).
                            json!({"schemas": [PATCH_OP], "Operations": [
                                {"op": "replace", "value": {"active": !deactivate}}
                            ]})
                        } else {
                            // Entra ID, a string boolean.
                            let value = if deactivate { "False" } else { "True" };
                            json!({"schemas": [PATCH_OP], "Operations": [
                                {"op": "Replace", "path": "active", "value": value}
                            ]})
                        };
                        let answer = idp.send(Method::PATCH, &path, Some(&body)).await;
                        idp.expect(&format!("PATCH active {id}"), &answer, 200);
                        if answer.status == 200 && answer.body["active"] != json!(!deactivate) {
                            idp.failures
                                .push(format!("PATCH active {id}: {}", answer.body));
                        }
                    }
                }
            }
        }
    }
    // Nothing left pending for the final reads.
    let faults = emulator.faults();
    faults.fail_next(0, 503);
    faults.fail_next_after_commit(0, 503);
    faults.delay_next_after_commit(0, LATE);
    faults.drop_next(0);
    faults.drop_next_after_commit(0);
    faults.throttle_next_briefly(0);
    let stats = emulator.stats();

    let customers = every_customer(&emulator).await;
    let mut by_email: HashMap<String, Vec<&scim_shopify::client::operations::ScimCustomer>> =
        HashMap::new();
    for customer in &customers {
        let email = customer.email().unwrap_or_default().to_owned();
        by_email.entry(email).or_default().push(customer);
    }
    let mut mismatches = Vec::new();
    for user in &users {
        let found = by_email
            .get(&user.email)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let [customer] = found else {
            mismatches.push(format!("{}: {} customers", user.email, found.len()));
            continue;
        };
        let numeric = customer.id.rsplit('/').next().map(str::to_owned);
        let active = !customer.tags.iter().any(|t| t == "scim-inactive");
        let external_id = customer
            .metafields
            .nodes
            .iter()
            .find(|m| m.key == "external_id")
            .map(|m| m.value.as_str());
        if numeric != user.id
            || customer.first_name.as_deref() != Some(user.given.as_str())
            || customer.last_name.as_deref() != Some(user.family.as_str())
            || active != user.active
            || external_id != Some(user.external_id.as_str())
        {
            mismatches.push(format!(
                "{}: expected {:?} {} {} active={}, found {:?} {:?} {:?} active={active} {external_id:?}",
                user.email,
                user.id,
                user.given,
                user.family,
                user.active,
                numeric,
                customer.first_name,
                customer.last_name,
            ));
        }
    }

    let calls = |name: &str| stats.operations.get(name).map_or(0, |o| o.calls);
    let faults: Vec<String> = injected.iter().map(|(k, v)| format!("{k:?} {v}")).collect();
    println!(
        "fault run: {} operations ({CREATES} creates, {UPDATES} PUT/PATCH, {ACTIVE_CHANGES} \
         deactivations/reactivations) in {:.1} s; faults injected: {}; IdP retries {}; \
         GraphQL calls {} (CustomerCreate {}, CustomerByIdentifier {}, CustomerById {}, \
         CustomerWrite {}), THROTTLED {}; customers {} for {} users, mismatches {}",
        steps.len(),
        started.elapsed().as_secs_f64(),
        faults.join(", "),
        idp.retries,
        stats.calls(),
        calls("CustomerCreate"),
        calls("CustomerByIdentifier"),
        calls("CustomerById"),
        calls("CustomerWrite"),
        stats.throttled(),
        customers.len(),
        users.len(),
        mismatches.len(),
    );
    assert!(idp.failures.is_empty(), "{}", idp.failures.join("\n"));
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(
        customers.len(),
        CREATES,
        "no duplicate and no stray customer"
    );
    assert!(injected.values().sum::<u32>() > 100, "{injected:?}");
}
