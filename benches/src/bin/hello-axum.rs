//! The baseline of the load test (`benches/load/run.sh`): a bare axum server answering
//! `GET /hello` with a small JSON body, on the same tokio runtime as `scim-axum` (the
//! multi-threaded one, a worker per core). What it serves per second is as fast as this
//! machine serves HTTP through hyper and axum; the SCIM server's figure over it says how
//! much the SCIM layer costs.
//!
//! `cargo run --release -p scim-benches --bin hello-axum -- 127.0.0.1:3001`

use axum::Router;
// With the crate comes the `mimalloc` feature's global allocator (`FEATURES=mimalloc`).
use axum::http::header;
use axum::routing::get;
use scim_benches as _;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3001".to_owned());
    let app = Router::new().route(
        "/hello",
        get(|| async {
            (
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"status":"ok"}"#,
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("hello-axum listening on {addr}");
    axum::serve(listener, app).await
}
