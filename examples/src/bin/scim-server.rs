//! `scim-server`: the example SCIM server. See `scim-server --help`.

use std::process::ExitCode;

use clap::Parser;
use scim_examples::config::{Config, Token};
use tokio::net::TcpListener;

// See the comment on the dependency in Cargo.toml: SCIM is allocation-bound.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    if let Err(err) = scim_examples::logging::init() {
        eprintln!("scim-server: cannot set up logging: {err}");
        return ExitCode::FAILURE;
    }
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(%err, "scim-server stopped");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let (token, generated) = match &config.token {
        Some(token) => (token.clone(), false),
        None => (Token::generate()?, true),
    };
    let app = scim_examples::app(&config, &token).await?;
    let listener = TcpListener::bind(config.listen).await?;
    if generated {
        // The only place a token is ever printed: once, for the operator, on stdout.
        println!("SCIM bearer token: {}", token.expose());
    }
    tracing::info!(
        address = %listener.local_addr()?,
        base_path = %config.base_path,
        backend = config.backend.name(),
        "listening"
    );
    scim_examples::serve(listener, app, scim_examples::shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}
