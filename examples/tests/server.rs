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
        let app = scim_examples::app(&config, config.token.as_ref().unwrap())
            .await
            .unwrap();
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

#[tokio::test]
async fn scim_requests_need_the_token() {
    let server = TestServer::start(&[]).await;
    let client = reqwest::Client::new();
    let users = server.url("/scim/v2/Users");

    let anonymous = client.get(&users).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers().contains_key("www-authenticate"));

    let wrong = client
        .get(&users)
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    let listed = client
        .get(&users)
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);
    let body: serde_json::Value = serde_json::from_str(&listed.text().await.unwrap()).unwrap();
    assert_eq!(body["totalResults"], 0);
    server.stop().await;
}

#[tokio::test]
async fn a_user_is_created_and_read_back_at_the_public_url() {
    let server = TestServer::start(&[
        "--base-path",
        "/tenant/scim",
        "--public-url",
        "https://scim.example.com/tenant/scim",
    ])
    .await;
    let client = reqwest::Client::new();
    let created = client
        .post(server.url("/tenant/scim/Users"))
        .bearer_auth("test-token")
        .header("content-type", "application/scim+json")
        .body(r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let user: serde_json::Value = serde_json::from_str(&created.text().await.unwrap()).unwrap();
    let id = user["id"].as_str().unwrap();
    assert_eq!(
        location,
        format!("https://scim.example.com/tenant/scim/Users/{id}")
    );
    assert_eq!(user["meta"]["location"], location);

    let read = client
        .get(server.url(&format!("/tenant/scim/Users/{id}")))
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let read: serde_json::Value = serde_json::from_str(&read.text().await.unwrap()).unwrap();
    assert_eq!(read["userName"], "bjensen");

    // The default base path is not served when another is configured.
    let elsewhere = client
        .get(server.url("/scim/v2/Users"))
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 404);
    server.stop().await;
}

#[tokio::test]
async fn unknown_paths_are_scim_404s() {
    let server = TestServer::start(&[]).await;
    let response = reqwest::Client::new()
        .get(server.url("/scim/v2/NoSuchEndpoint"))
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/scim+json");
    server.stop().await;
}

#[tokio::test]
async fn scim_can_be_served_at_the_root_beside_healthz() {
    let server = TestServer::start(&["--base-path", "/"]).await;
    let client = reqwest::Client::new();
    let users = client
        .get(server.url("/Users"))
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    assert_eq!(users.status(), 200);
    let healthz = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(healthz.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn the_shopify_emulator_backend_keeps_users_as_customers_and_groups_as_metaobjects() {
    let server = TestServer::start(&["--backend", "shopify-emulator"]).await;
    let client = reqwest::Client::new();
    let created = client
        .post(server.url("/scim/v2/Users"))
        .bearer_auth("test-token")
        .header("content-type", "application/scim+json")
        .body(r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@example.com", "title": "Engineer"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: serde_json::Value = serde_json::from_str(&created.text().await.unwrap()).unwrap();
    let id = body["id"].as_str().unwrap();
    assert!(
        id.bytes().all(|b| b.is_ascii_digit()),
        "a customer id: {id}"
    );

    let read = client
        .get(server.url(&format!("/scim/v2/Users/{id}")))
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let body: serde_json::Value = serde_json::from_str(&read.text().await.unwrap()).unwrap();
    assert_eq!(body["title"], "Engineer");

    let group = client
        .post(server.url("/scim/v2/Groups"))
        .bearer_auth("test-token")
        .header("content-type", "application/scim+json")
        .body(format!(
            r#"{{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Engineers", "members": [{{"value": "{id}"}}]}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(group.status(), 201);
    let read = client
        .get(server.url(&format!("/scim/v2/Users/{id}")))
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&read.text().await.unwrap()).unwrap();
    assert_eq!(body["groups"][0]["display"], "Engineers");
    server.stop().await;
}

/// A mapping file written by the operator (`--mapping FILE`): tags at creation and a tag
/// template reach the customer, on a shop played by the emulator.
#[tokio::test]
async fn a_mapping_file_sets_creation_tags_and_tag_templates() {
    use scim_shopify::client::operations::{CustomerById, CustomerByIdVariables};
    use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};

    let emulator = Emulator::start(EmulatorConfig::new().shop("shpat_mapping", Plan::Plus))
        .await
        .unwrap();
    let mapping = std::env::temp_dir().join(format!("scim-mapping-{}.json", std::process::id()));
    std::fs::write(
        &mapping,
        r#"{"creationTags": ["sso"], "rules": [
            {"path": "name.givenName", "field": "firstName"},
            {"tag": "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}"}
        ]}"#,
    )
    .unwrap();
    let server = TestServer::start(&[
        "--backend",
        "shopify",
        "--shop",
        "mapping-test.myshopify.com",
        "--shopify-access-token",
        "shpat_mapping",
        "--shopify-base-url",
        emulator.base_url(),
        "--mapping",
        mapping.to_str().unwrap(),
    ])
    .await;
    let created = reqwest::Client::new()
        .post(server.url("/scim/v2/Users"))
        .bearer_auth("test-token")
        .header("content-type", "application/scim+json")
        .body(r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                  "userName": "grace@example.com", "name": {"givenName": "Grace"},
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: serde_json::Value = serde_json::from_str(&created.text().await.unwrap()).unwrap();
    let customer = scim_conformance::shop::client(&emulator, "shpat_mapping")
        .execute::<CustomerById>(&CustomerByIdVariables {
            id: format!("gid://shopify/Customer/{}", body["id"].as_str().unwrap()),
            metafield_namespace: None,
        })
        .await
        .unwrap()
        .data
        .customer
        .expect("the customer");
    assert!(
        customer.tags.iter().any(|t| t == "sso"),
        "{:?}",
        customer.tags
    );
    assert!(
        customer.tags.iter().any(|t| t == "dept:Sales"),
        "{:?}",
        customer.tags
    );
    assert_eq!(customer.first_name.as_deref(), Some("Grace"));
    server.stop().await;
    let _ = std::fs::remove_file(&mapping);
}

/// A mapping that cannot be read or used stops the start with a message naming the file;
/// a mapping for the in-memory backend is refused.
#[tokio::test]
async fn a_bad_mapping_file_stops_the_start() {
    let dir = std::env::temp_dir();
    let misspelt = dir.join(format!("scim-mapping-bad-{}.json", std::process::id()));
    std::fs::write(&misspelt, r#"{"creationTag": ["sso"]}"#).unwrap();
    let missing = dir.join(format!("scim-mapping-missing-{}.json", std::process::id()));
    let cases = [
        (
            vec![
                "--backend",
                "shopify-emulator",
                "--mapping",
                misspelt.to_str().unwrap(),
            ],
            "creationTag",
        ),
        (
            vec![
                "--backend",
                "shopify-emulator",
                "--mapping",
                missing.to_str().unwrap(),
            ],
            "cannot read the mapping",
        ),
        (
            vec!["--mapping", misspelt.to_str().unwrap()],
            "--backend shopify",
        ),
    ];
    for (args, expected) in cases {
        let config = Config::try_parse_from(
            ["scim-server", "--listen", "127.0.0.1:0", "--token", "t"]
                .iter()
                .chain(&args),
        )
        .unwrap();
        let err = scim_examples::app(&config, config.token.as_ref().unwrap())
            .await
            .err()
            .unwrap_or_else(|| panic!("{args:?} started"));
        assert!(err.to_string().contains(expected), "{args:?}: {err}");
    }
    let _ = std::fs::remove_file(&misspelt);
}
