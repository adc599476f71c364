//! The example server started in-process on an ephemeral port, spoken to over TCP.

use clap::Parser;
use scim_examples::config::Config;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server on `127.0.0.1:0`, stopped when [`TestServer::stop`] is called.
struct TestServer {
    base: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl TestServer {
    async fn start(args: &[&str]) -> TestServer {
        let config = Config::try_parse_from(
            [
                "scim-server",
                "--listen",
                "127.0.0.1:0",
                "--token",
                "test-token",
            ]
            .iter()
            .chain(args),
        )
        .unwrap();
        let app = scim_examples::app(&config, config.token.as_ref().unwrap()).unwrap();
        let listener = TcpListener::bind(config.listen).await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(scim_examples::serve(listener, app, async {
            let _ = stopped.await;
        }));
        TestServer { base, stop, task }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn stop(self) {
        self.stop.send(()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(10), self.task)
            .await
            .expect("the server stops within 10 s")
            .unwrap()
            .unwrap();
    }
}

#[tokio::test]
async fn healthz_answers_ok_without_a_token() {
    let server = TestServer::start(&[]).await;
    let response = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
    server.stop().await;
}

#[tokio::test]
async fn the_server_stops_gracefully_with_a_client_connected() {
    let server = TestServer::start(&[]).await;
    // A client with a kept-alive connection does not hold the server up.
    let client = reqwest::Client::new();
    let healthz = server.url("/healthz");
    let response = client.get(&healthz).send().await.unwrap();
    assert_eq!(response.status(), 200);
    server.stop().await;
    assert!(client.get(&healthz).send().await.is_err());
}
