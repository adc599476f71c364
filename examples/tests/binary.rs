//! The `scim-server` binary itself: the token it prints, its logs, and SIGTERM.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

/// `request` sent over a fresh connection; the whole response back.
fn http(address: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn a_generated_token_is_printed_once_and_never_logged() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_scim-server"))
        .args(["--listen", "127.0.0.1:0"])
        .env_remove("SCIM_TOKEN")
        .env_remove("SCIM_LISTEN")
        .env_remove("SCIM_BASE_PATH")
        .env_remove("SCIM_BACKEND")
        .env_remove("SCIM_PUBLIC_URL")
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let token = line
        .trim_end()
        .strip_prefix("SCIM bearer token: ")
        .unwrap_or_else(|| panic!("not a token line: {line:?}"))
        .to_owned();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));

    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let mut logs = String::new();
    let address = listening_address(&mut stderr, &mut logs);

    let ok = http(
        &address,
        &format!(
            "GET /scim/v2/Users?filter=userName%20eq%20%22bjensen%22 HTTP/1.1\r\nHost: x\r\n\
             Authorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let refused = http(
        &address,
        "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nConnection: close\r\n\r\n",
    );
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");

    let terminated = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let status = server.wait().unwrap();
    assert!(status.success(), "{status:?}");

    stderr.read_to_string(&mut logs).unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "stdout has more than the token line");
    assert!(logs.contains("SIGTERM"), "{logs}");
    assert!(logs.contains("status=401"), "{logs}");
    assert!(!logs.contains(&token), "the token is in the logs:\n{logs}");
    assert!(
        !logs.contains("bjensen"),
        "a filter value is in the logs:\n{logs}"
    );
    assert!(
        !logs.contains("wrong"),
        "a presented token is in the logs:\n{logs}"
    );
}

/// The address in the server's "listening" log line, read from `stderr` with every line
/// up to it kept in `logs`.
fn listening_address(stderr: &mut impl BufRead, logs: &mut String) -> String {
    loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no listening line in {logs}"
        );
        logs.push_str(&line);
        if let Some((_, rest)) = line.split_once("address=") {
            return rest.split_whitespace().next().unwrap().to_owned();
        }
    }
}

/// `scim-server` with every configuration variable removed, so the caller's do not leak in.
fn server_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scim-server"));
    for variable in scim_examples::config::Config::environment_variables() {
        command.env_remove(variable);
    }
    command
}

#[test]
fn shopify_without_a_shop_or_credentials_stops_with_a_clear_error() {
    for (args, env, expected) in [
        (
            &["--backend", "shopify"][..],
            &[("SHOPIFY_ACCESS_TOKEN", "shpat_never_printed")][..],
            "--shop NAME.myshopify.com",
        ),
        (
            &["--backend", "shopify", "--shop", "example.myshopify.com"],
            &[],
            "SHOPIFY_ACCESS_TOKEN",
        ),
        (
            &["--backend", "shopify", "--shop", "example.myshopify.com"],
            &[("SHOPIFY_CLIENT_SECRET", "shpss_never_printed")],
            "needs SHOPIFY_CLIENT_ID",
        ),
    ] {
        let output = server_command()
            .args(["--listen", "127.0.0.1:0", "--token", "t"])
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} started");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            !stderr.contains("never_printed"),
            "a secret is in: {stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    // A shop that is not a myshopify.com domain is refused before anything starts.
    let output = server_command()
        .args(["--backend", "shopify", "--shop", "https://shop.example.com"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("myshopify.com domain"));
}

/// `--backend shopify` end to end, the shop played by the emulator on loopback: the access
/// token is accepted, the externalId definition is created on start, a user becomes a
/// customer, and neither the Shopify token, nor the SCIM token, nor the user's email reaches
/// the logs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shopify_backend_sets_up_the_shop_creates_a_user_and_logs_no_secret() {
    use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};

    const SHOP_TOKEN: &str = "shpat_binary_test_d0n0tl0g";
    const SCIM_TOKEN: &str = "scim-binary-test-token";
    let emulator = Emulator::start(EmulatorConfig::new().shop(SHOP_TOKEN, Plan::Standard))
        .await
        .unwrap();
    let mut server = server_command()
        .args([
            "--listen",
            "127.0.0.1:0",
            "--backend",
            "shopify",
            "--shop",
            "binary-test.myshopify.com",
            "--delete-policy",
            "delete",
        ])
        .env("SHOPIFY_ACCESS_TOKEN", SHOP_TOKEN)
        .env("SCIM_SHOPIFY_BASE_URL", emulator.base_url())
        .env("SCIM_TOKEN", SCIM_TOKEN)
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let mut logs = String::new();
    let address = listening_address(&mut stderr, &mut logs);
    assert!(logs.contains("Shopify store ready"), "{logs}");

    let body = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@example.com","externalId":"bjensen-1"}"#;
    let created = http(
        &address,
        &format!(
            "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {SCIM_TOKEN}\r\n\
             Content-Type: application/scim+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");
    let stats = emulator.stats();
    // The unique definitions behind externalId and userName.
    assert_eq!(stats.operations["MetafieldDefinitionCreate"].calls, 2);
    assert_eq!(stats.operations["CustomerCreate"].calls, 1);

    let terminated = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    assert!(server.wait().unwrap().success());
    stderr.read_to_string(&mut logs).unwrap();
    assert!(logs.contains("status=201"), "{logs}");
    for secret in [SHOP_TOKEN, SCIM_TOKEN, "bjensen"] {
        assert!(!logs.contains(secret), "{secret} is in the logs:\n{logs}");
    }
    emulator.stop().await;
}
