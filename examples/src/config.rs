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
//!
//! // A real shop: its myshopify.com domain and an Admin API token (best from the
//! // environment, `SHOPIFY_ACCESS_TOKEN`, which `ps` does not show).
//! let shop = Config::try_parse_from([
//!     "scim-server", "--backend", "shopify", "--shop", "example.myshopify.com",
//!     "--shopify-access-token", "shpat_0123", "--delete-policy", "delete",
//! ])?;
//! assert_eq!(shop.backend, Backend::Shopify);
//! assert_eq!(shop.shopify_api_version, "2026-07");
//! assert!(shop.shopify_credentials().is_ok());
//! assert!(!format!("{shop:?}").contains("shpat_0123"));
//! # Ok::<(), clap::Error>(())
//! ```

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use scim_shopify::client::{Credentials, DEFAULT_API_VERSION, Secret};
use scim_shopify::store::DeletePolicy;

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

    /// With `--backend shopify`: the shop, as its `NAME.myshopify.com` domain (not a custom
    /// domain).
    #[arg(long, env = "SHOPIFY_SHOP", value_name = "DOMAIN", value_parser = parse_shop)]
    pub shop: Option<String>,

    /// With `--backend shopify`: a static Admin API access token (`shpat_...`) of a custom
    /// app installed on the shop. Prefer the variable: a flag shows in `ps`.
    #[arg(long, env = "SHOPIFY_ACCESS_TOKEN", value_name = "TOKEN", hide_env_values = true, value_parser = parse_secret)]
    pub shopify_access_token: Option<Secret>,

    /// With `--backend shopify`, instead of an access token: the app's client id, for the
    /// client-credentials grant (a token that lives 24 hours, renewed by the server).
    #[arg(long, env = "SHOPIFY_CLIENT_ID", value_name = "ID")]
    pub shopify_client_id: Option<String>,

    /// With `--shopify-client-id`: the app's client secret. Prefer the variable: a flag
    /// shows in `ps`.
    #[arg(long, env = "SHOPIFY_CLIENT_SECRET", value_name = "SECRET", hide_env_values = true, value_parser = parse_secret)]
    pub shopify_client_secret: Option<Secret>,

    /// With `--backend shopify`: the Admin API version (`YYYY-MM`).
    #[arg(long, env = "SHOPIFY_API_VERSION", value_name = "VERSION", default_value = DEFAULT_API_VERSION, value_parser = parse_api_version)]
    pub shopify_api_version: String,

    /// With a Shopify backend: what DELETE does to a customer (`deactivate`: tag and
    /// metafield it inactive and tag it deleted, so the User is 404 afterwards as RFC 7644
    /// §3.6 asks; `delete`: `customerDelete`, deactivating one with orders; `erase`: ask
    /// Shopify to erase its personal data).
    #[arg(long, env = "SCIM_DELETE_POLICY", value_enum, default_value_t = Deletion::Deactivate)]
    pub delete_policy: Deletion,

    /// With a Shopify backend: a JSON file with the store's mapping of Users onto customers
    /// (tags added at creation, tag templates, metafields, the inactive and deleted tags,
    /// the group tag prefix; the format is `scim_shopify::mapping::MappingConfig::from_json`'s).
    /// Without it, the default mapping.
    #[arg(long, env = "SCIM_SHOPIFY_MAPPING", value_name = "FILE")]
    pub mapping: Option<PathBuf>,

    /// For tests: reach the shop at this loopback origin (an emulator) instead of
    /// `https://{shop}`.
    #[arg(long, env = "SCIM_SHOPIFY_BASE_URL", hide = true, value_parser = parse_loopback_url)]
    pub shopify_base_url: Option<String>,
}

impl Config {
    /// Every environment variable the configuration reads (each flag's), as the flags
    /// declare them, so a test or a wrapper script can clear them all.
    ///
    /// ```
    /// let variables = scim_examples::config::Config::environment_variables();
    /// assert!(variables.contains(&"SCIM_TOKEN".to_owned()));
    /// assert!(variables.contains(&"SCIM_SHOPIFY_MAPPING".to_owned()));
    /// ```
    pub fn environment_variables() -> Vec<String> {
        use clap::CommandFactory;
        Config::command()
            .get_arguments()
            .filter_map(|argument| argument.get_env())
            .map(|variable| variable.to_string_lossy().into_owned())
            .collect()
    }

    /// The Shopify credentials the flags or variables give: an access token, or a client id
    /// and secret (never both, never a part).
    ///
    /// # Errors
    ///
    /// A message naming the flags and variables to set, without any secret.
    ///
    /// ```
    /// use clap::Parser;
    /// use scim_examples::config::Config;
    ///
    /// let config = Config::try_parse_from(["scim-server", "--shopify-client-id", "abc"])?;
    /// assert!(config.shopify_credentials().unwrap_err().contains("SHOPIFY_CLIENT_SECRET"));
    /// # Ok::<(), clap::Error>(())
    /// ```
    pub fn shopify_credentials(&self) -> Result<Credentials, String> {
        match (
            &self.shopify_access_token,
            &self.shopify_client_id,
            &self.shopify_client_secret,
        ) {
            (Some(token), None, None) => Ok(Credentials::AccessToken(token.clone())),
            (None, Some(id), Some(secret)) => Ok(Credentials::ClientCredentials {
                client_id: id.clone(),
                client_secret: secret.clone(),
            }),
            (None, None, None) => Err(
                "--backend shopify needs credentials: SHOPIFY_ACCESS_TOKEN (an Admin API access \
                 token), or SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET (the client-credentials \
                 grant); or the flags --shopify-access-token, --shopify-client-id, \
                 --shopify-client-secret"
                    .to_owned(),
            ),
            (Some(_), _, _) => Err(
                "give either an access token (SHOPIFY_ACCESS_TOKEN) or a client id and secret \
                 (SHOPIFY_CLIENT_ID, SHOPIFY_CLIENT_SECRET), not both"
                    .to_owned(),
            ),
            (None, Some(_), None) => Err(
                "SHOPIFY_CLIENT_ID needs SHOPIFY_CLIENT_SECRET (or --shopify-client-secret)"
                    .to_owned(),
            ),
            (None, None, Some(_)) => Err(
                "SHOPIFY_CLIENT_SECRET needs SHOPIFY_CLIENT_ID (or --shopify-client-id)".to_owned(),
            ),
        }
    }
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
    /// Users kept as the customers of a real shop (`--shop` and credentials), Groups as
    /// its metaobjects with membership as customer tags.
    Shopify,
}

impl Backend {
    /// The name the flag takes (`memory`, `shopify-emulator`, `shopify`), for logs.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Memory => "memory",
            Backend::ShopifyEmulator => "shopify-emulator",
            Backend::Shopify => "shopify",
        }
    }
}

/// What DELETE does to a customer, as the flag names it; see [`DeletePolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[non_exhaustive]
pub enum Deletion {
    /// [`DeletePolicy::Deactivate`]: the customer stays, marked inactive and deleted.
    Deactivate,
    /// [`DeletePolicy::Delete`]: `customerDelete` (a customer with orders is deactivated).
    Delete,
    /// [`DeletePolicy::Erase`]: `customerRequestDataErasure`.
    Erase,
}

impl From<Deletion> for DeletePolicy {
    fn from(deletion: Deletion) -> DeletePolicy {
        match deletion {
            Deletion::Deactivate => DeletePolicy::Deactivate,
            Deletion::Delete => DeletePolicy::Delete,
            Deletion::Erase => DeletePolicy::Erase,
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

/// A shop is its `NAME.myshopify.com` domain: NAME is letters, digits and `-`, and does not
/// start with `-`. Case does not matter (it is lowercased).
fn parse_shop(value: &str) -> Result<String, String> {
    let domain = value.trim().to_ascii_lowercase();
    let valid = domain.strip_suffix(".myshopify.com").is_some_and(|name| {
        !name.is_empty()
            && !name.starts_with('-')
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    if valid {
        Ok(domain)
    } else {
        Err(
            "the shop is its myshopify.com domain, for example example.myshopify.com \
             (not a URL or a custom domain)"
                .to_owned(),
        )
    }
}

/// A secret is not empty; it is kept as a [`Secret`], whose `Debug` hides it.
fn parse_secret(value: &str) -> Result<Secret, String> {
    if value.trim().is_empty() {
        return Err("an empty secret".to_owned());
    }
    Ok(Secret::new(value))
}

/// An Admin API version is `YYYY-MM` (or `unstable`).
fn parse_api_version(value: &str) -> Result<String, String> {
    let bytes = value.as_bytes();
    let dated = bytes.len() == 7
        && bytes[4] == b'-'
        && bytes[..4].iter().chain(&bytes[5..]).all(u8::is_ascii_digit);
    if dated || value == "unstable" {
        Ok(value.to_owned())
    } else {
        Err("an Admin API version is YYYY-MM, for example 2026-07".to_owned())
    }
}

/// The test origin is `http://` on a loopback host, so that a real shop's token is never
/// sent anywhere else than the shop or this machine.
fn parse_loopback_url(value: &str) -> Result<String, String> {
    let uri: http::Uri = value.parse().map_err(|err| format!("not a URL: {err}"))?;
    let loopback = matches!(
        uri.host(),
        Some("127.0.0.1" | "localhost" | "[::1]" | "::1")
    );
    if uri.scheme_str() != Some("http") || !loopback {
        return Err("the Shopify base URL is for tests: http:// on a loopback address".to_owned());
    }
    Ok(value.trim_end_matches('/').to_owned())
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
        for variable in Config::environment_variables() {
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
            &["--backend", "postgres"],
            &["--shop", "example.com"],
            &["--shop", "https://example.myshopify.com"],
            &["--shop", "-x.myshopify.com"],
            &["--shop", ".myshopify.com"],
            &["--shopify-access-token", ""],
            &["--shopify-api-version", "july"],
            &["--delete-policy", "purge"],
            &["--shopify-base-url", "https://example.myshopify.com"],
            &["--shopify-base-url", "http://10.0.0.1:8080"],
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
    fn shopify_variables_stand_in_for_flags_and_stay_hidden() {
        let env = [
            ("SCIM_BACKEND", "shopify"),
            ("SHOPIFY_SHOP", "Example-Shop.myshopify.com"),
            ("SHOPIFY_CLIENT_ID", "client-id"),
            ("SHOPIFY_CLIENT_SECRET", "shpss_do-not-print"),
            ("SHOPIFY_API_VERSION", "2026-04"),
            ("SCIM_DELETE_POLICY", "erase"),
        ];
        if !in_child("shopify_variables_stand_in_for_flags_and_stay_hidden", &env) {
            return;
        }
        let config = parse(&[]).unwrap();
        assert_eq!(config.backend, Backend::Shopify);
        assert_eq!(config.shop.as_deref(), Some("example-shop.myshopify.com"));
        assert_eq!(config.shopify_api_version, "2026-04");
        assert_eq!(
            DeletePolicy::from(config.delete_policy),
            DeletePolicy::Erase
        );
        assert!(matches!(
            config.shopify_credentials(),
            Ok(Credentials::ClientCredentials { .. })
        ));
        assert!(!format!("{config:?}").contains("shpss_do-not-print"));
        let help = parse(&["--help"]).unwrap_err().to_string();
        assert!(help.contains("SHOPIFY_CLIENT_SECRET"), "{help}");
        assert!(!help.contains("shpss_do-not-print"), "{help}");
        assert!(!help.contains("shopify-base-url"), "{help}");
    }

    #[test]
    fn shopify_credentials_are_a_token_or_a_client_pair() {
        let with = |args: &[&str]| parse(args).unwrap().shopify_credentials();
        assert!(matches!(
            with(&["--shopify-access-token", "shpat_x"]),
            Ok(Credentials::AccessToken(_))
        ));
        for args in [
            &[][..],
            &["--shopify-client-id", "id"],
            &["--shopify-client-secret", "shpss_x"],
            &[
                "--shopify-access-token",
                "shpat_x",
                "--shopify-client-id",
                "id",
            ],
        ] {
            let err = with(args).unwrap_err();
            assert!(err.contains("SHOPIFY_"), "{args:?}: {err}");
            assert!(
                !err.contains("shpat_x") && !err.contains("shpss_x"),
                "{err}"
            );
        }
    }

    #[test]
    fn shops_and_api_versions() {
        assert_eq!(
            parse_shop("ABC-1.myshopify.com").unwrap(),
            "abc-1.myshopify.com"
        );
        assert!(parse_shop("abc.myshopify.com.evil.com").is_err());
        assert_eq!(parse_api_version("2026-07").unwrap(), "2026-07");
        assert_eq!(parse_api_version("unstable").unwrap(), "unstable");
        assert!(parse_api_version("2026-7").is_err());
        assert_eq!(
            parse_loopback_url("http://127.0.0.1:9/").unwrap(),
            "http://127.0.0.1:9"
        );
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
