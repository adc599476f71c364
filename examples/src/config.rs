//! The server's configuration: command-line flags, each with an environment variable that
//! stands in for it when the flag is not given.
//!
//! ```
//! use clap::Parser;
//! use scim_examples::config::{Backend, Config};
//!
//! let config = Config::try_parse_from(["scim-server", "--listen", "127.0.0.1:0", "--token", "s3cret"])?;
//! assert_eq!(config.backend, Backend::Memory);
//! assert_eq!(config.base_path, "/scim/v2");
//! assert_eq!(config.token.as_ref().map(|t| t.expose()), Some("s3cret"));
//! // The token never shows in debug output (or in logs made from it).
//! assert!(!format!("{config:?}").contains("s3cret"));
//! # Ok::<(), clap::Error>(())
//! ```

use std::fmt;
use std::net::SocketAddr;

use clap::{Parser, ValueEnum};

/// The example SCIM 2.0 server (RFC 7643 / RFC 7644).
///
/// Every flag can also be given as the environment variable named in its help; the flag wins.
#[derive(Debug, Clone, Parser)]
#[command(name = "scim-server", version, about, long_about = None)]
pub struct Config {
    /// The address to listen on.
    #[arg(
        long,
        env = "SCIM_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: SocketAddr,

    /// Where resources are kept.
    #[arg(long, env = "SCIM_BACKEND", value_enum, default_value_t = Backend::Memory)]
    pub backend: Backend,

    /// The bearer token clients must send (`Authorization: Bearer TOKEN`). Without one, a
    /// random token is generated and printed once on standard output at start.
    #[arg(long, env = "SCIM_TOKEN", hide_env_values = true, value_parser = parse_token)]
    pub token: Option<Token>,

    /// The path under which the SCIM endpoints are served (`/Users`, `/Groups`, ...).
    #[arg(long, env = "SCIM_BASE_PATH", value_name = "PATH", default_value = "/scim/v2", value_parser = parse_base_path)]
    pub base_path: String,

    /// The SCIM base URL as clients see it (for example `https://scim.example.com/scim/v2`),
    /// used in `Location` and `meta.location`. Without it, it is derived from each request's
    /// `Host`.
    #[arg(long, env = "SCIM_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
}

/// Where the server keeps resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[non_exhaustive]
pub enum Backend {
    /// In memory, lost when the server stops. Needs no account anywhere.
    Memory,
    /// Users kept as the customers of a Shopify shop emulated in-process (Standard plan
    /// rate limits, lost when the server stops), Groups as its metaobjects with membership
    /// as customer tags.
    ShopifyEmulator,
}

impl Backend {
    /// The name the flag takes (`memory`, `shopify-emulator`), for logs.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Memory => "memory",
            Backend::ShopifyEmulator => "shopify-emulator",
        }
    }
}

/// A bearer token: its `Debug` never shows it, so it cannot leak into logs by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A random token: 32 bytes from the operating system's generator, in hex.
    ///
    /// # Errors
    ///
    /// When the operating system has no randomness to give.
    pub fn generate() -> Result<Token, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(Token(
            bytes.iter().map(|byte| format!("{byte:02x}")).collect(),
        ))
    }

    /// The token itself, to hand to the authenticator or to print once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(..)")
    }
}

/// A token must be sendable as `Authorization: Bearer TOKEN`: the `token68` characters of
/// RFC 6750 §2.1, at least one.
fn parse_token(value: &str) -> Result<Token, String> {
    let body = value.trim_end_matches('=');
    let valid = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b));
    if valid {
        Ok(Token(value.to_owned()))
    } else {
        Err("a bearer token is letters, digits and - . _ ~ + / (RFC 6750 §2.1), optionally followed by =".to_owned())
    }
}

/// A base path starts with `/`; trailing slashes are dropped (`/scim/v2/` is `/scim/v2`).
fn parse_base_path(value: &str) -> Result<String, String> {
    if !value.starts_with('/') {
        return Err("the base path starts with / (for example /scim/v2)".to_owned());
    }
    if value.contains(['?', '#']) || value.contains("//") {
        return Err("the base path is a plain path, without // or a query".to_owned());
    }
    let trimmed = value.trim_end_matches('/');
    Ok(if trimmed.is_empty() { "/" } else { trimmed }.to_owned())
}

/// A public URL is absolute `http` or `https`, without query; a trailing slash is dropped.
fn parse_public_url(value: &str) -> Result<String, String> {
    let uri: http::Uri = value.parse().map_err(|err| format!("not a URL: {err}"))?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    if !scheme_ok || uri.authority().is_none() || uri.query().is_some() {
        return Err(
            "the public URL is an absolute http(s) URL without a query, for example https://scim.example.com/scim/v2"
                .to_owned(),
        );
    }
    Ok(value.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::process::Command;

    /// Every variable the configuration reads, so that tests run without the caller's.
    const VARIABLES: [&str; 5] = [
        "SCIM_LISTEN",
        "SCIM_BACKEND",
        "SCIM_TOKEN",
        "SCIM_BASE_PATH",
        "SCIM_PUBLIC_URL",
    ];

    /// Set in the child process [`in_child`] starts.
    const CHILD: &str = "SCIM_EXAMPLES_CONFIG_TEST_CHILD";

    /// Runs the test `name` again in a child process with exactly `env` of the configuration
    /// variables set (a process cannot change its own environment safely while other tests
    /// run) and returns whether this is that child. The parent asserts that the child passed.
    fn in_child(name: &str, env: &[(&str, &str)]) -> bool {
        if std::env::var_os(CHILD).is_some() {
            return true;
        }
        let mut child = Command::new(std::env::current_exe().expect("the test binary"));
        child.args([
            "--exact",
            &format!("config::tests::{name}"),
            "--test-threads=1",
        ]);
        for variable in VARIABLES {
            child.env_remove(variable);
        }
        child.envs(env.iter().copied()).env(CHILD, "1");
        let output = child.output().expect("the test binary runs");
        assert!(
            output.status.success() && String::from_utf8_lossy(&output.stdout).contains("1 passed"),
            "child test {name} failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        false
    }

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Config::try_parse_from(std::iter::once("scim-server").chain(args.iter().copied()))
    }

    #[test]
    fn defaults_without_flags_or_variables() {
        if !in_child("defaults_without_flags_or_variables", &[]) {
            return;
        }
        let config = parse(&[]).unwrap();
        assert_eq!(config.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(config.backend, Backend::Memory);
        assert_eq!(config.token, None);
        assert_eq!(config.base_path, "/scim/v2");
        assert_eq!(config.public_url, None);
    }

    #[test]
    fn variables_stand_in_for_flags() {
        let env = [
            ("SCIM_LISTEN", "0.0.0.0:9000"),
            ("SCIM_BACKEND", "memory"),
            ("SCIM_TOKEN", "from-env"),
            ("SCIM_BASE_PATH", "/v2/"),
            ("SCIM_PUBLIC_URL", "https://scim.example.com/v2/"),
        ];
        if !in_child("variables_stand_in_for_flags", &env) {
            return;
        }
        let config = parse(&[]).unwrap();
        assert_eq!(config.listen, "0.0.0.0:9000".parse().unwrap());
        assert_eq!(config.backend, Backend::Memory);
        assert_eq!(config.token.unwrap().expose(), "from-env");
        assert_eq!(config.base_path, "/v2");
        assert_eq!(
            config.public_url.as_deref(),
            Some("https://scim.example.com/v2")
        );
    }

    #[test]
    fn flags_win_over_variables() {
        let env = [("SCIM_LISTEN", "0.0.0.0:9000"), ("SCIM_TOKEN", "from-env")];
        if !in_child("flags_win_over_variables", &env) {
            return;
        }
        let config = parse(&["--listen", "[::1]:8081", "--token", "from-flag"]).unwrap();
        assert_eq!(config.listen, "[::1]:8081".parse().unwrap());
        assert_eq!(config.token.unwrap().expose(), "from-flag");
    }

    #[test]
    fn invalid_variables_are_refused() {
        if !in_child(
            "invalid_variables_are_refused",
            &[("SCIM_BACKEND", "postgres")],
        ) {
            return;
        }
        let err = parse(&[]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
    }

    #[test]
    fn help_does_not_show_the_token_variable() {
        if !in_child(
            "help_does_not_show_the_token_variable",
            &[("SCIM_TOKEN", "do-not-print-me")],
        ) {
            return;
        }
        let help = parse(&["--help"]).unwrap_err().to_string();
        assert!(help.contains("SCIM_TOKEN"), "{help}");
        assert!(!help.contains("do-not-print-me"), "{help}");
    }

    #[test]
    fn invalid_flags_are_refused() {
        for args in [
            &["--listen", "localhost"][..],
            &["--backend", "shopify"],
            &["--token", "has space"],
            &["--token", ""],
            &["--token", "=="],
            &["--base-path", "scim/v2"],
            &["--base-path", "/scim//v2"],
            &["--public-url", "scim.example.com"],
            &["--public-url", "ftp://scim.example.com/v2"],
            &["--public-url", "https://scim.example.com/v2?x=1"],
            &["--unknown"],
        ] {
            assert!(parse(args).is_err(), "{args:?} was accepted");
        }
    }

    #[test]
    fn base_paths_are_normalised() {
        assert_eq!(parse_base_path("/scim/v2/").unwrap(), "/scim/v2");
        assert_eq!(parse_base_path("/").unwrap(), "/");
        assert_eq!(parse_base_path("/scim").unwrap(), "/scim");
    }

    #[test]
    fn tokens_in_token68_form_are_accepted() {
        for token in ["abc", "a-b.c_d~e+f/g", "YWJj==", "0123456789abcdef"] {
            assert_eq!(parse_token(token).unwrap().expose(), token);
        }
    }

    #[test]
    fn generated_tokens_are_64_hex_digits_and_differ() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "Token(..)");
    }
}
