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
    let address = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no listening line in {logs}"
        );
        logs.push_str(&line);
        if let Some((_, rest)) = line.split_once("address=") {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };

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
