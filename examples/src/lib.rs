//! The example SCIM server, as a library so that tests can start it in-process: the
//! `scim-server` binary is [`config::Config`] parsed, [`app`] built, [`serve`] until
//! [`shutdown_signal`].
//!
//! ```no_run
//! use clap::Parser;
//! use scim_examples::config::{Config, Token};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::try_parse_from(["scim-server", "--listen", "127.0.0.1:0"])?;
//! let token = Token::generate()?;
//! let app = scim_examples::app(&config, &token)?;
//! let listener = tokio::net::TcpListener::bind(config.listen).await?;
//! scim_examples::serve(listener, app, scim_examples::shutdown_signal()).await?;
//! # Ok(())
//! # }
//! ```

pub mod config;
pub mod logging;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use scim_core::service::{BearerToken, ScimService, Tenant};
use scim_core::store::{InMemoryStore, ResourceStore};
use tokio::net::TcpListener;

use crate::config::{Backend, Config, Token};
use crate::logging::BasePath;

/// The whole HTTP application: `GET /healthz` (no authentication, for probes) and the SCIM
/// service under `config.base_path` (every request authenticated with `token`), every
/// request logged by [`logging::log_request`].
///
/// # Errors
///
/// When the SCIM service refuses the configuration.
pub fn app(config: &Config, token: &Token) -> Result<Router, scim_core::ScimError> {
    let scim = scim_service(config, token)?;
    Ok(Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .fallback_service(scim)
        .layer(axum::middleware::from_fn_with_state(
            BasePath(config.base_path.clone()),
            logging::log_request,
        )))
}

/// The SCIM service for `config`, over the store its backend names.
fn scim_service(config: &Config, token: &Token) -> Result<ScimService, scim_core::ScimError> {
    let store: Arc<dyn ResourceStore> = match config.backend {
        Backend::Memory => Arc::new(InMemoryStore::new()),
    };
    let mut tenant = Tenant::new(config.base_path.clone(), store)
        .with_authenticator(BearerToken::new(token.expose()));
    if let Some(public_url) = &config.public_url {
        tenant = tenant.with_base_url(public_url.clone());
    }
    ScimService::builder().tenant(tenant).build()
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the requests in flight
/// finish.
///
/// # Errors
///
/// Never in practice (axum's `serve` retries failed accepts); the type leaves room.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM (what `docker stop` and Kubernetes send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!(signal = "SIGINT", "shutting down"),
        () = terminate => tracing::info!(signal = "SIGTERM", "shutting down"),
    }
}
