//! The SCIM side of the load test (`benches/load/run.sh`): a `ScimService` over an
//! `InMemoryStore`, one tenant at `/scim/v2` requiring a bearer token, mounted in axum as the
//! example server mounts it (`Router::fallback_service`), on tokio's multi-threaded runtime.
//! It starts empty; the script loads users over HTTP (`POST /scim/v2/Bulk`).
//!
//! `SCIM_TOKEN=bench-token cargo run --release -p scim-benches --bin scim-axum -- 127.0.0.1:3002`

use std::sync::Arc;

use axum::Router;
// With the crate comes the `mimalloc` feature's global allocator (`FEATURES=mimalloc`).
use scim_benches as _;
use scim_core::service::{BearerToken, ScimService, Tenant};
use scim_core::store::InMemoryStore;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3002".to_owned());
    let token = std::env::var("SCIM_TOKEN").unwrap_or_else(|_| "bench-token".to_owned());
    let service = ScimService::builder()
        .tenant(
            Tenant::new("/scim/v2", Arc::new(InMemoryStore::new()))
                .with_authenticator(BearerToken::new(token)),
        )
        .build()?;
    let app = Router::new().fallback_service(service);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("scim-axum listening on {addr}");
    axum::serve(listener, app).await?;
    Ok(())
}
