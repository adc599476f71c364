//! Starting an emulator on a loopback port, and the handle a test holds on it: its URL, its
//! faults and stats, holding requests so that they meet, seeding, and stopping.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::config::EmulatorConfig;
use crate::faults::Faults;
use crate::schema;
use crate::server;
use crate::stats::Stats;

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

    /// The faults to inject into the next responses: of all requests, or with
    /// [`Faults::on`] of one operation's requests only.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};
    ///
    /// let emulator = Emulator::start(EmulatorConfig::new().shop("shpat_doc", Plan::Standard)).await?;
    /// // The next request, whatever its operation, answers 503 unexecuted.
    /// emulator.faults().fail_next(1, 503);
    /// // The next MetafieldsSet is executed and its answer dropped.
    /// emulator.faults().on("MetafieldsSet").drop_next_after_commit(1);
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
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

    /// How long [`hold`](Self::hold) holds requests when fewer than asked arrive.
    pub const HOLD_TIMEOUT: Duration = Duration::from_secs(10);

    /// Holds the next `count` requests whose operation is `operation` (the name the document
    /// gives the operation it runs) until `count` of them have arrived, then lets them all
    /// go: they execute one after another, in the order they arrived, and are answered once
    /// all of them have executed, so that no request a client sends on seeing one of their
    /// answers runs between them. Other requests are not held. A test thus makes `count`
    /// read-modify-write clients all read the same state before any of them writes, and
    /// their writes race.
    ///
    /// When fewer arrive, the ones that did go [`HOLD_TIMEOUT`](Self::HOLD_TIMEOUT) after the
    /// first of them arrived ([`hold_within`](Self::hold_within) sets another timeout), so a
    /// test that sends fewer does not hang. The hold is over once its requests have gone.
    /// Holding an operation that is already held lets the requests held so far go and holds
    /// anew; `count` 0 only lets them go. Held requests are those that reach execution (a
    /// bad token, an invalid document, a query over the cost cap and a fault injected before
    /// commit are answered as always); the hold is over all shops of the emulator.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};
    /// use serde_json::json;
    ///
    /// let emulator = Emulator::start(EmulatorConfig::new().shop("shpat_doc", Plan::Standard)).await?;
    /// let url = emulator.graphql_url("2026-07");
    /// let count = json!({"query": "query Count { customersCount { count } }"});
    /// let read = |client: reqwest::Client| {
    ///     let (url, count) = (url.clone(), count.clone());
    ///     async move {
    ///         let answer: serde_json::Value = client.post(&url)
    ///             .header("X-Shopify-Access-Token", "shpat_doc")
    ///             .json(&count)
    ///             .send().await.unwrap().json().await.unwrap();
    ///         answer["data"]["customersCount"]["count"].clone()
    ///     }
    /// };
    ///
    /// emulator.hold("Count", 2);
    /// let first = tokio::spawn(read(reqwest::Client::new()));
    /// tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    /// // The first read is held: a customer added now is what it reads.
    /// emulator.seed_customers("shpat_doc", 1);
    /// let second = read(reqwest::Client::new()).await;
    /// assert_eq!((first.await.unwrap(), second), (json!(1), json!(1)));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn hold(&self, operation: &str, count: usize) {
        self.hold_within(operation, count, Self::HOLD_TIMEOUT);
    }

    /// [`hold`](Self::hold), with the held requests let go `timeout` after the first of them
    /// arrived when fewer than `count` arrive.
    pub fn hold_within(&self, operation: &str, count: usize, timeout: Duration) {
        self.state.holds.hold(operation, count, timeout);
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
