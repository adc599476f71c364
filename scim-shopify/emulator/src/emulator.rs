//! Starting an emulator on a loopback port, and the handle a test holds on it: its URL, its
//! faults and stats, seeding, and stopping.

use std::net::SocketAddr;
use std::sync::Arc;

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
