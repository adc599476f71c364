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
//! let app = scim_examples::app(&config, &token).await?;
//! let listener = tokio::net::TcpListener::bind(config.listen).await?;
//! scim_examples::serve(listener, app, scim_examples::shutdown_signal()).await?;
//! # Ok(())
//! # }
//! ```

pub mod config;
pub mod logging;

use std::future::Future;
use std::sync::Arc;

use axum::routing::get;
use axum::{Extension, Router};
use scim_core::service::{BearerToken, ScimService, Tenant};
use scim_core::store::{InMemoryStore, ResourceStore};
use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
use scim_shopify::mapping::MappingConfig;
use scim_shopify::store::ShopifyStore;
use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan, RunningEmulator};
use tokio::net::TcpListener;

use crate::config::{Backend, Config, Token};
use crate::logging::BasePath;

/// The whole HTTP application: `GET /healthz` (no authentication, for probes) and the SCIM
/// service under `config.base_path` (every request authenticated with `token`), every
/// request logged by [`logging::log_request`]. With `--backend shopify-emulator` it starts
/// the emulator on the current runtime, which lives as long as the application. With
/// `--backend shopify` or `shopify-emulator` it first makes sure the shop has the
/// `externalId` metafield definition ([`ShopifyStore::ensure_definitions`]).
///
/// # Errors
///
/// When the backend cannot start (for `--backend shopify`: no shop or credentials, the shop
/// unreachable or refusing the credentials, a conflicting metafield definition; the error
/// says which, never with a secret) or the SCIM service refuses the configuration.
pub async fn app(config: &Config, token: &Token) -> std::io::Result<Router> {
    let (store, emulator) = open_store(config).await?;
    let scim = scim_service(config, token, store).map_err(std::io::Error::other)?;
    let mut router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .fallback_service(scim)
        .layer(axum::middleware::from_fn_with_state(
            BasePath(config.base_path.clone()),
            logging::log_request,
        ));
    if let Some(emulator) = emulator {
        // Held by the router: the emulator stops when the application is dropped.
        router = router.layer(Extension(Arc::new(emulator)));
    }
    Ok(router)
}

/// The shop token of the in-process emulator (it reaches nothing else).
const EMULATOR_TOKEN: &str = "shpat_scim_server_emulator";

/// A configuration error found when the server starts (exit non-zero, never a panic).
fn invalid(message: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message.into())
}

/// The store `config.backend` names, and the emulator behind it if there is one. A Shopify
/// store is set up first ([`ShopifyStore::ensure_definitions`]).
async fn open_store(
    config: &Config,
) -> std::io::Result<(Arc<dyn ResourceStore>, Option<RunningEmulator>)> {
    match config.backend {
        Backend::Memory if config.mapping.is_some() => Err(invalid(
            "--mapping maps Users onto Shopify customers: it needs --backend shopify or \
             shopify-emulator",
        )),
        Backend::Memory => Ok((Arc::new(InMemoryStore::new()), None)),
        Backend::ShopifyEmulator => {
            let emulator =
                Emulator::start(EmulatorConfig::new().shop(EMULATOR_TOKEN, Plan::Standard)).await?;
            let shop = ShopifyConfig::new(
                "scim-server-emulator.myshopify.com",
                Credentials::AccessToken(Secret::new(EMULATOR_TOKEN)),
            )
            .with_base_url(emulator.base_url());
            let store = shopify_store(config, shop).await?;
            Ok((store, Some(emulator)))
        }
        Backend::Shopify => {
            let domain = config.shop.as_deref().ok_or_else(|| {
                invalid(
                    "--backend shopify needs the shop: --shop NAME.myshopify.com or SHOPIFY_SHOP",
                )
            })?;
            let credentials = config.shopify_credentials().map_err(invalid)?;
            let mut shop = ShopifyConfig::new(domain, credentials);
            shop.api_version = config.shopify_api_version.clone();
            if let Some(base_url) = &config.shopify_base_url {
                shop = shop.with_base_url(base_url);
            }
            Ok((shopify_store(config, shop).await?, None))
        }
    }
}

/// A [`ShopifyStore`] on `shop`, its metafield definitions in place.
async fn shopify_store(
    config: &Config,
    shop: ShopifyConfig,
) -> std::io::Result<Arc<dyn ResourceStore>> {
    let domain = shop.shop.clone();
    let mapping = match &config.mapping {
        Some(path) => read_mapping(path)?,
        None => MappingConfig::default(),
    };
    let client = ShopifyClient::new(shop).map_err(std::io::Error::other)?;
    let store = ShopifyStore::new(client, mapping, config.delete_policy.into())
        .map_err(|err| invalid(format!("the mapping cannot be used: {err}")))?;
    let definitions = store
        .ensure_definitions()
        .await
        .map_err(|err| std::io::Error::other(format!("setting up the shop {domain}: {err}")))?;
    tracing::info!(shop = %domain, ?definitions, "Shopify store ready");
    let store = Arc::new(store);
    if !store.user_names_indexed() {
        // Customers provisioned before the unique userName key get it in the background;
        // meanwhile userName filters search as they did before it.
        let indexing = Arc::clone(&store);
        tokio::spawn(async move {
            match indexing.index_user_names().await {
                Ok(report) => tracing::info!(
                    shop = %domain,
                    read = report.read,
                    keyed = report.keyed,
                    clashes = report.clashes.len(),
                    "gave customers their unique userName key"
                ),
                Err(err) => tracing::warn!(
                    shop = %domain,
                    error = %err,
                    "giving customers their unique userName key failed; it runs again at the \
                     next start"
                ),
            }
        });
    }
    Ok(store)
}

/// The mapping in the JSON file at `path` ([`MappingConfig::from_json`]).
fn read_mapping(path: &std::path::Path) -> std::io::Result<MappingConfig> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|err| invalid(format!("cannot read the mapping {shown}: {err}")))?;
    MappingConfig::from_json(&text).map_err(|err| invalid(format!("{shown}: {err}")))
}

/// The SCIM service for `config`, over `store`.
fn scim_service(
    config: &Config,
    token: &Token,
    store: Arc<dyn ResourceStore>,
) -> Result<ScimService, scim_core::ScimError> {
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
