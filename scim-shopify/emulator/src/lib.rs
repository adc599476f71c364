//! An offline Shopify Admin GraphQL API for tests and for trying the product without a store.
//!
//! A test double, kept out of the product crate: it speaks Shopify's Admin API and knows
//! nothing of SCIM or of the crates that use it. Shopify's schema ([`ADMIN_SCHEMA`]) is
//! compiled in, so a binary that embeds the emulator reads no file at run time; the
//! responses recorded from real Shopify stores that hold it to Shopify's behaviour are
//! the module `captures` (feature `captures`, for tests).
//!
//! [`Emulator::start`] serves `POST /admin/api/{version}/graphql.json` on loopback. Each request
//! is authenticated by `X-Shopify-Access-Token` (each configured token is one app on one shop),
//! parsed and validated against the 2026-07 schema, charged to the shop's leaky bucket by its
//! requested cost, and executed over an in-memory shop. It implements customers
//! (`customer`, `customerByIdentifier`, `customers` search with an index lag, `customerCreate`,
//! `customerUpdate`, `customerDelete`, `customerRequestDataErasure`), `tagsAdd`/`tagsRemove`, `metafieldsSet` and `metafieldsDelete` on customers;
//! `nodes(ids:)` over customers and metaobjects; and metaobjects: definitions
//! (`metaobjectDefinitionCreate`, `metaobjectDefinitionByType`, `metaobjectDefinitionUpdate`
//! of the name, description and display-name key, `metaobjectDefinitionDelete`; a
//! `$app:name` type resolves to `app--347082227713--name`, the captured app's id) and
//! entries (`metaobjectCreate`, `metaobjectUpdate`, `metaobjectDelete`, `metaobject(id:)`,
//! `metaobjectByHandle`, `metaobjects(type:)` paged by id), with the
//! captured `userErrors` (taken type or handle, short or invalid type, record not found,
//! duplicate field input, blank required field); and customer metafield definitions
//! (`metafieldDefinitionCreate`, `metafieldDefinitions`) whose `uniqueValues` the writes respect.
//! Any other field answers a GraphQL error saying the emulator does not support it.
//! A mutation's root fields run one after another in document order, each answered under
//! its alias, and cost 10 each plus what their payloads select. [`Faults`] injects 5xx,
//! dropped connections, delays and throttling, before a request is executed or after.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};
//!
//! let emulator = Emulator::start(EmulatorConfig::new().shop("shpat_test", Plan::Standard)).await?;
//! let url = emulator.graphql_url("2026-07");
//! // POST {"query": "..."} to `url` with `X-Shopify-Access-Token: shpat_test`.
//! emulator.stop().await;
//! # Ok(()) }
//! ```

#[cfg(any(test, feature = "captures"))]
pub mod captures;
mod cost;
mod definitions;
mod execute;
mod metaobjects;
mod schema;
mod server;
mod shop;
mod validate;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use cost::Plan;
pub use schema::{ADMIN_API_VERSION, ADMIN_SCHEMA};

/// How to run an emulator.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    shops: Vec<(String, Plan)>,
    search_lag: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl EmulatorConfig {
    /// No shops yet, and a search index lag of 0.
    pub fn new() -> Self {
        EmulatorConfig {
            shops: Vec::new(),
            search_lag: Duration::ZERO,
        }
    }

    /// Adds a shop reached with `token`, rate-limited as `plan`.
    pub fn shop(mut self, token: impl Into<String>, plan: Plan) -> Self {
        self.shops.push((token.into(), plan));
        self
    }

    /// How long a write takes to show up in `customers(query:)` search.
    pub fn search_lag(mut self, lag: Duration) -> Self {
        self.search_lag = lag;
        self
    }
}

/// Faults to inject into the next responses; see [`RunningEmulator::faults`].
///
/// Each kind counts down over the next requests, whatever operation they carry. Two
/// families, to test what a client must tell apart:
///
/// - **Before commit**: the request is not executed; nothing changes in the shop.
///   [`fail_next`](Self::fail_next) (an HTTP 5xx), [`drop_next`](Self::drop_next) (the
///   connection dropped), [`throttle_next`](Self::throttle_next) (`THROTTLED`, a bucket
///   drained), [`throttle_next_briefly`](Self::throttle_next_briefly) (`THROTTLED`, the
///   bucket kept). [`delay_next`](Self::delay_next) holds the request before executing it: a
///   client that timed out meanwhile has not seen it run, though it may run once the delay
///   is over, as a slow Shopify would.
/// - **After commit**: the request is executed (its writes stay, it is counted in
///   [`Stats`]) and the answer is lost: [`fail_next_after_commit`](Self::fail_next_after_commit)
///   (an HTTP 5xx instead of the answer), [`drop_next_after_commit`](Self::drop_next_after_commit)
///   (the connection dropped instead), [`delay_next_after_commit`](Self::delay_next_after_commit)
///   (the answer held past the client's timeout). A create whose answer is lost this way
///   has made the customer; replaying it blindly would answer "Email has already been
///   taken" or make a duplicate.
///
/// A before-commit fault and an after-commit fault due on the same request: the request is
/// not executed.
///
/// ```
/// let faults = scim_shopify_emulator::Faults::default();
/// faults.fail_next_after_commit(1, 503);
/// faults.drop_next(2);
/// ```
#[derive(Debug, Default)]
pub struct Faults {
    state: Mutex<FaultState>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct FaultState {
    pub server_errors: u32,
    pub server_error_status: u16,
    pub delay: Option<Duration>,
    pub delayed: u32,
    pub drops: u32,
    pub throttle_bursts: u32,
    pub brief_throttles: u32,
    pub lost_after_commit: u32,
    pub lost_status: u16,
    pub dropped_after_commit: u32,
    pub delayed_after_commit: u32,
    pub delay_after_commit: Option<Duration>,
}

impl Faults {
    /// The next `count` requests answer HTTP `status` (a 5xx) with Shopify's error body.
    pub fn fail_next(&self, count: u32, status: u16) {
        let mut state = self.lock();
        state.server_errors = count;
        state.server_error_status = status;
    }

    /// The next `count` requests are answered only after `delay` (a client timeout shorter than
    /// that sees a timeout).
    pub fn delay_next(&self, count: u32, delay: Duration) {
        let mut state = self.lock();
        state.delayed = count;
        state.delay = Some(delay);
    }

    /// The next `count` requests have their connection dropped before a complete answer.
    pub fn drop_next(&self, count: u32) {
        self.lock().drops = count;
    }

    /// The next `count` requests find their shop's bucket empty and answer `THROTTLED`.
    pub fn throttle_next(&self, count: u32) {
        self.lock().throttle_bursts = count;
    }

    /// The next `count` requests answer `THROTTLED`, their `throttleStatus` saying the
    /// bucket is empty, but the shop's bucket keeps its points: a burst of the app's other
    /// workers that a client waits out in a moment, where [`throttle_next`](Self::throttle_next)
    /// empties the bucket, which then refills at the plan's rate.
    pub fn throttle_next_briefly(&self, count: u32) {
        self.lock().brief_throttles = count;
    }

    /// The next `count` requests are executed, then answered HTTP `status` (a 5xx) with
    /// Shopify's error body instead of their answer.
    pub fn fail_next_after_commit(&self, count: u32, status: u16) {
        let mut state = self.lock();
        state.lost_after_commit = count;
        state.lost_status = status;
    }

    /// The next `count` requests are executed, then their connection is dropped before a
    /// complete answer.
    pub fn drop_next_after_commit(&self, count: u32) {
        self.lock().dropped_after_commit = count;
    }

    /// The next `count` requests are executed, then answered only after `delay` (a client
    /// timeout shorter than that sees a timeout of a request that ran).
    pub fn delay_next_after_commit(&self, count: u32, delay: Duration) {
        let mut state = self.lock();
        state.delayed_after_commit = count;
        state.delay_after_commit = Some(delay);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes the fault for the next request, counting it down.
    pub(crate) fn next(&self) -> FaultState {
        let mut state = self.lock();
        let taken = state.clone();
        state.server_errors = state.server_errors.saturating_sub(1);
        state.delayed = state.delayed.saturating_sub(1);
        state.drops = state.drops.saturating_sub(1);
        state.throttle_bursts = state.throttle_bursts.saturating_sub(1);
        state.brief_throttles = state.brief_throttles.saturating_sub(1);
        state.lost_after_commit = state.lost_after_commit.saturating_sub(1);
        state.dropped_after_commit = state.dropped_after_commit.saturating_sub(1);
        state.delayed_after_commit = state.delayed_after_commit.saturating_sub(1);
        taken
    }
}

/// What the emulator answered since it started (or since [`RunningEmulator::reset_stats`]),
/// per operation name: the measure of GraphQL calls and cost points per SCIM operation.
///
/// Requests refused before execution (a bad token, an invalid document, a query over the
/// cost cap, an injected fault) are not counted; throttled ones are, apart.
///
/// ```
/// let stats = scim_shopify_emulator::Stats::default();
/// assert_eq!(stats.calls(), 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Per operation name.
    pub operations: BTreeMap<String, OperationStats>,
}

/// The requests of one operation name; see [`Stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OperationStats {
    /// Requests executed.
    pub calls: u64,
    /// Requests answered `THROTTLED` instead.
    pub throttled: u64,
    /// The sum of the executed requests' requested cost.
    pub requested_cost: u64,
    /// The sum of the executed requests' actual cost.
    pub actual_cost: u64,
}

impl Stats {
    pub(crate) fn record(&mut self, operation: &str, requested: u64, actual: Option<u64>) {
        let entry = self.operations.entry(operation.to_owned()).or_default();
        match actual {
            Some(actual) => {
                entry.calls += 1;
                entry.requested_cost += requested;
                entry.actual_cost += actual;
            }
            None => entry.throttled += 1,
        }
    }

    /// Requests executed, over every operation.
    pub fn calls(&self) -> u64 {
        self.operations.values().map(|o| o.calls).sum()
    }

    /// Requests answered `THROTTLED`, over every operation.
    pub fn throttled(&self) -> u64 {
        self.operations.values().map(|o| o.throttled).sum()
    }

    /// The actual cost of every executed request.
    pub fn actual_cost(&self) -> u64 {
        self.operations.values().map(|o| o.actual_cost).sum()
    }

    /// The requested cost of every executed request.
    pub fn requested_cost(&self) -> u64 {
        self.operations.values().map(|o| o.requested_cost).sum()
    }
}

/// Starts emulators.
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// Loads the schema, binds a loopback port and serves until [`RunningEmulator::stop`].
    pub async fn start(config: EmulatorConfig) -> std::io::Result<RunningEmulator> {
        let schema = schema::schema();
        let state = Arc::new(server::State::new(schema, &config));
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = server::router(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(RunningEmulator {
            base_url: format!("http://{addr}"),
            state,
            stop: Some(stop),
            task,
        })
    }
}

/// A running emulator; dropping it stops it too.
#[derive(Debug)]
pub struct RunningEmulator {
    base_url: String,
    state: Arc<server::State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningEmulator {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The GraphQL endpoint for an API version, e.g. `2026-07`.
    pub fn graphql_url(&self, version: &str) -> String {
        format!("{}/admin/api/{version}/graphql.json", self.base_url)
    }

    /// The faults to inject into the next responses.
    pub fn faults(&self) -> &Faults {
        &self.state.faults
    }

    /// The requests answered so far, per operation name.
    pub fn stats(&self) -> Stats {
        self.state
            .stats
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Forgets the requests answered so far.
    pub fn reset_stats(&self) {
        *self.state.stats.lock().unwrap_or_else(|p| p.into_inner()) = Stats::default();
    }

    /// Adds `count` customers to the shop of `token` without a request or its cost, as a
    /// shop that already had them (numbered on from the customers it holds:
    /// `customer<n>@seed.example`, "Customer" and the number as names). Their gids, in
    /// order; none when there is no such shop.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};
    ///
    /// let emulator = Emulator::start(EmulatorConfig::new().shop("shpat_doc", Plan::Standard)).await?;
    /// let gids = emulator.seed_customers("shpat_doc", 3);
    /// assert_eq!(gids.len(), 3);
    /// assert!(emulator.seed_customers("shpat_other", 3).is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn seed_customers(&self, token: &str, count: usize) -> Vec<String> {
        self.state.seed_customers(token, count)
    }

    /// Gives the customer `gid` on the shop of `token` `count` orders, which block its deletion.
    /// `false` when there is no such shop or customer.
    pub fn seed_orders(&self, token: &str, gid: &str, count: u32) -> bool {
        self.state.seed_orders(token, gid, count)
    }

    /// Whether `customerRequestDataErasure` was asked for the customer `gid` on the shop of
    /// `token` (Shopify carries it out later; the emulator only records it).
    pub fn erasure_requested(&self, token: &str, gid: &str) -> bool {
        self.state.erasure_requested(token, gid)
    }

    /// Stops serving and waits for the server to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The examples of the crate's README, run as document tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
