//! Credentials that never print: their `Debug` says `<redacted>` and they have no `Display`.

use std::fmt;

/// A secret string (an Admin API access token or a client secret).
///
/// `Debug` prints `Secret(<redacted>)`, so a secret inside a config, a client or an error
/// never reaches a log by accident; [`Secret::expose`] is the one way to read it.
///
/// ```
/// use scim_shopify::client::Secret;
///
/// let token = Secret::new("shpat_0123456789");
/// assert_eq!(format!("{token:?}"), "Secret(<redacted>)");
/// assert_eq!(token.expose(), "shpat_0123456789");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    ///
    /// ```
    /// let secret = scim_shopify::client::Secret::new(String::from("s3cret"));
    /// assert_eq!(secret.expose(), "s3cret");
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it (a header or a form field).
    ///
    /// ```
    /// assert_eq!(scim_shopify::client::Secret::new("x").expose(), "x");
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}
