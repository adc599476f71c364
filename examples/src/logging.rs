//! Structured logs: one line per request with its method, route, resource id, status and
//! latency, and nothing a client sent besides (no headers, so no token; no query string or
//! body, so no filter on a `userName` and no personal data).

use std::io::IsTerminal;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber: human-readable lines on standard error, filtered by
/// `RUST_LOG` (`info` when unset). Standard output is left to what the server prints for
/// its operator (the generated token).
///
/// # Errors
///
/// When a global subscriber is already installed.
pub fn init() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init()
}

/// The middleware that logs each request; its state is the SCIM base path.
pub async fn log_request(
    State(base_path): State<BasePath>,
    request: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let route = Route::of(&base_path.0, &path);
    let status = response.status().as_u16();
    let latency_us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    match route.id {
        Some(id) => {
            tracing::info!(%method, route = %route.template(&base_path.0), id, status, latency_us, "request")
        }
        None => {
            tracing::info!(%method, route = %route.template(&base_path.0), status, latency_us, "request")
        }
    }
    response
}

/// The SCIM base path, as the state of [`log_request`].
#[derive(Debug, Clone)]
pub struct BasePath(pub String);

/// What a request path addresses, in terms safe to log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'a> {
    /// The endpoint: a SCIM endpoint name (`Users`, `Schemas`, `.search`, ...), or `""` for
    /// the base path itself, `"healthz"`, `"{other}"` for anything else under the base path,
    /// `"{outside}"` for anything outside it.
    pub endpoint: &'static str,
    /// The resource id (or schema URN, or resource type name) after the endpoint, if any.
    pub id: Option<&'a str>,
}

/// The endpoints of RFC 7644 §3 (and the resource types of RFC 7643 §4), named as in paths.
const ENDPOINTS: [&str; 8] = [
    "Users",
    "Groups",
    "Me",
    "Schemas",
    "ResourceTypes",
    "ServiceProviderConfig",
    "Bulk",
    ".search",
];

/// Ids longer than this are cut in logs.
const MAX_ID_LEN: usize = 64;

impl<'a> Route<'a> {
    /// Classifies `path` against the SCIM `base_path`.
    ///
    /// ```
    /// use scim_examples::logging::Route;
    ///
    /// let route = Route::of("/scim/v2", "/scim/v2/Users/2819c223");
    /// assert_eq!(route.template("/scim/v2"), "/scim/v2/Users/{id}");
    /// assert_eq!(route.id, Some("2819c223"));
    /// // What is not a SCIM endpoint is not repeated (it could be anything a client sent).
    /// assert_eq!(Route::of("/scim/v2", "/scim/v2/bjensen@example.com").template("/scim/v2"), "/scim/v2/{other}");
    /// ```
    pub fn of(base_path: &str, path: &'a str) -> Route<'a> {
        const OUTSIDE: Route<'static> = Route {
            endpoint: "{outside}",
            id: None,
        };
        const OTHER: Route<'static> = Route {
            endpoint: "{other}",
            id: None,
        };
        if path == "/healthz" {
            return Route {
                endpoint: "healthz",
                id: None,
            };
        }
        let base = base_path.trim_end_matches('/');
        let Some(rest) = path.strip_prefix(base) else {
            return OUTSIDE;
        };
        if !rest.is_empty() && !rest.starts_with('/') {
            return OUTSIDE;
        }
        let mut segments = rest.trim_start_matches('/').splitn(3, '/');
        let endpoint = segments.next().unwrap_or("");
        if endpoint.is_empty() {
            return Route {
                endpoint: "",
                id: None,
            };
        }
        let Some(endpoint) = ENDPOINTS.iter().copied().find(|known| *known == endpoint) else {
            return OTHER;
        };
        match (segments.next(), segments.next()) {
            (None | Some(""), None) => Route { endpoint, id: None },
            (Some(id), None) => Route {
                endpoint,
                id: Some(cut(id)),
            },
            (Some(_), Some(_)) => OTHER,
            (None, Some(_)) => OTHER,
        }
    }

    /// The route as a path template (`/scim/v2/Users/{id}`).
    pub fn template(&self, base_path: &str) -> String {
        let base = base_path.trim_end_matches('/');
        match (self.endpoint, self.id) {
            ("healthz", _) => "/healthz".to_owned(),
            ("{outside}", _) => "{outside}".to_owned(),
            ("", _) => format!("{base}/"),
            (endpoint, None) => format!("{base}/{endpoint}"),
            (endpoint, Some(_)) => format!("{base}/{endpoint}/{{id}}"),
        }
    }
}

/// `id`, cut to [`MAX_ID_LEN`] bytes at a character boundary.
fn cut(id: &str) -> &str {
    if id.len() <= MAX_ID_LEN {
        return id;
    }
    let mut end = MAX_ID_LEN;
    while !id.is_char_boundary(end) {
        end -= 1;
    }
    &id[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(path: &str) -> (String, Option<&str>) {
        let route = Route::of("/scim/v2", path);
        (route.template("/scim/v2"), route.id)
    }

    #[test]
    fn scim_endpoints_keep_their_name_and_id() {
        assert_eq!(
            template("/scim/v2/Users"),
            ("/scim/v2/Users".to_owned(), None)
        );
        assert_eq!(
            template("/scim/v2/Users/"),
            ("/scim/v2/Users".to_owned(), None)
        );
        assert_eq!(
            template("/scim/v2/Groups/g1"),
            ("/scim/v2/Groups/{id}".to_owned(), Some("g1"))
        );
        assert_eq!(
            template("/scim/v2/.search"),
            ("/scim/v2/.search".to_owned(), None)
        );
        assert_eq!(
            template("/scim/v2/Users/.search"),
            ("/scim/v2/Users/{id}".to_owned(), Some(".search"))
        );
        assert_eq!(
            template("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"),
            (
                "/scim/v2/Schemas/{id}".to_owned(),
                Some("urn:ietf:params:scim:schemas:core:2.0:User")
            )
        );
        assert_eq!(template("/scim/v2"), ("/scim/v2/".to_owned(), None));
        assert_eq!(template("/healthz"), ("/healthz".to_owned(), None));
    }

    #[test]
    fn anything_else_is_not_repeated() {
        assert_eq!(
            template("/scim/v2/bjensen@example.com"),
            ("/scim/v2/{other}".to_owned(), None)
        );
        assert_eq!(
            template("/scim/v2/Users/u1/extra"),
            ("/scim/v2/{other}".to_owned(), None)
        );
        assert_eq!(template("/scim/v2x/Users"), ("{outside}".to_owned(), None));
        assert_eq!(template("/admin/bjensen"), ("{outside}".to_owned(), None));
    }

    #[test]
    fn long_ids_are_cut() {
        let long = format!("{}é", "a".repeat(MAX_ID_LEN - 1));
        let path = format!("/scim/v2/Users/{long}");
        assert_eq!(
            Route::of("/scim/v2", &path).id,
            Some(&long[..MAX_ID_LEN - 1])
        );
    }

    #[test]
    fn a_root_base_path_works() {
        let route = Route::of("/", "/Users/u1");
        assert_eq!(route.template("/"), "/Users/{id}");
        assert_eq!(route.id, Some("u1"));
    }
}
