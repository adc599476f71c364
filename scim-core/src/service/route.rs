//! Which operation a request asks for, from its method and path alone (RFC 7644 §3.2), so
//! that a wrong method or an unknown path is answered before the body is read.

use http::{Method, StatusCode};

use crate::error::ScimError;
use crate::query::decode_path_segment;
use crate::schema::SchemaRegistry;

/// An operation of the protocol, with what the path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Operation {
    /// `GET /ServiceProviderConfig` (RFC 7644 §4).
    ServiceProviderConfig,
    /// `GET /Schemas`, or `GET /Schemas/{id}`.
    Schemas(Option<String>),
    /// `GET /ResourceTypes`, or `GET /ResourceTypes/{id}`.
    ResourceTypes(Option<String>),
    /// `POST /Bulk` (§3.7).
    Bulk,
    /// `POST /.search` at the root: every resource type (§3.4.3).
    SearchAll,
    /// `/Me` (§3.11), which this service does not implement.
    Me,
    /// `POST /{endpoint}` (§3.3).
    Create { resource_type: String },
    /// `GET /{endpoint}` (§3.4.2).
    List { resource_type: String },
    /// `POST /{endpoint}/.search` (§3.4.3).
    Search { resource_type: String },
    /// `GET /{endpoint}/{id}` (§3.4.1).
    Get { resource_type: String, id: String },
    /// `PUT /{endpoint}/{id}` (§3.5.1).
    Replace { resource_type: String, id: String },
    /// `PATCH /{endpoint}/{id}` (§3.5.2).
    Patch { resource_type: String, id: String },
    /// `DELETE /{endpoint}/{id}` (§3.6).
    Delete { resource_type: String, id: String },
}

impl Operation {
    /// Whether the operation reads a request body.
    pub(super) fn has_body(&self) -> bool {
        matches!(
            self,
            Operation::Bulk
                | Operation::SearchAll
                | Operation::Create { .. }
                | Operation::Search { .. }
                | Operation::Replace { .. }
                | Operation::Patch { .. }
        )
    }

    /// The resource type addressed, if any, for logs.
    pub(super) fn resource_type(&self) -> Option<&str> {
        match self {
            Operation::Create { resource_type }
            | Operation::List { resource_type }
            | Operation::Search { resource_type }
            | Operation::Get { resource_type, .. }
            | Operation::Replace { resource_type, .. }
            | Operation::Patch { resource_type, .. }
            | Operation::Delete { resource_type, .. } => Some(resource_type),
            _ => None,
        }
    }

    /// A short name for logs (never an id or other data).
    pub(super) fn name(&self) -> &'static str {
        match self {
            Operation::ServiceProviderConfig => "service_provider_config",
            Operation::Schemas(_) => "schemas",
            Operation::ResourceTypes(_) => "resource_types",
            Operation::Bulk => "bulk",
            Operation::SearchAll => "search_all",
            Operation::Me => "me",
            Operation::Create { .. } => "create",
            Operation::List { .. } => "list",
            Operation::Search { .. } => "search",
            Operation::Get { .. } => "get",
            Operation::Replace { .. } => "replace",
            Operation::Patch { .. } => "patch",
            Operation::Delete { .. } => "delete",
        }
    }
}

/// Why a request has no operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Unrouted {
    /// 404: nothing lives at the path.
    NotFound(ScimError),
    /// 405: the path exists, with these methods (the `Allow` header, RFC 9110 §15.5.6).
    MethodNotAllowed(&'static str),
}

/// The operation `method` on `path` (the part after the tenant's base path, starting with
/// `/` or empty) asks for.
pub(super) fn route(
    method: &Method,
    path: &str,
    registry: &SchemaRegistry,
) -> Result<Operation, Unrouted> {
    let not_found = || {
        Unrouted::NotFound(ScimError::new(
            StatusCode::NOT_FOUND,
            None,
            "no SCIM endpoint at this path (RFC 7644 §3.2)",
        ))
    };
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut segments = path.split('/');
    let first = segments.next().unwrap_or_default();
    let second = segments.next();
    if segments.next().is_some() || first.is_empty() {
        return Err(not_found());
    }
    let id = |raw: &str| {
        decode_path_segment(raw)
            .filter(|id| !id.is_empty())
            .ok_or_else(not_found)
    };
    let get_only = |operation: Operation| match *method {
        Method::GET => Ok(operation),
        _ => Err(Unrouted::MethodNotAllowed("GET")),
    };
    match (first, second) {
        ("ServiceProviderConfig", None) => get_only(Operation::ServiceProviderConfig),
        ("Schemas", None) => get_only(Operation::Schemas(None)),
        ("Schemas", Some(raw)) => get_only(Operation::Schemas(Some(id(raw)?))),
        ("ResourceTypes", None) => get_only(Operation::ResourceTypes(None)),
        ("ResourceTypes", Some(raw)) => get_only(Operation::ResourceTypes(Some(id(raw)?))),
        ("Bulk", None) => match *method {
            Method::POST => Ok(Operation::Bulk),
            _ => Err(Unrouted::MethodNotAllowed("POST")),
        },
        (".search", None) => match *method {
            Method::POST => Ok(Operation::SearchAll),
            _ => Err(Unrouted::MethodNotAllowed("POST")),
        },
        ("Me", _) => Ok(Operation::Me),
        (endpoint, rest) => {
            let resource_type = registry
                .resource_types()
                .iter()
                .find(|rt| {
                    rt.endpoint
                        .strip_prefix('/')
                        .unwrap_or(&rt.endpoint)
                        .eq_ignore_ascii_case(endpoint)
                })
                .ok_or_else(not_found)?
                .name
                .clone();
            match (rest, method) {
                (None, &Method::GET) => Ok(Operation::List { resource_type }),
                (None, &Method::POST) => Ok(Operation::Create { resource_type }),
                (None, _) => Err(Unrouted::MethodNotAllowed("GET, POST")),
                (Some(".search"), &Method::POST) => Ok(Operation::Search { resource_type }),
                (Some(".search"), _) => Err(Unrouted::MethodNotAllowed("POST")),
                (Some(raw), method) => {
                    let id = id(raw)?;
                    match *method {
                        Method::GET => Ok(Operation::Get { resource_type, id }),
                        Method::PUT => Ok(Operation::Replace { resource_type, id }),
                        Method::PATCH => Ok(Operation::Patch { resource_type, id }),
                        Method::DELETE => Ok(Operation::Delete { resource_type, id }),
                        _ => Err(Unrouted::MethodNotAllowed("GET, PUT, PATCH, DELETE")),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: Method, path: &str) -> Result<Operation, Unrouted> {
        route(&method, path, &SchemaRegistry::rfc7643())
    }

    #[test]
    fn rfc7644_s3_2_endpoints() {
        let users = || "User".to_owned();
        assert_eq!(
            op(Method::GET, "/Users"),
            Ok(Operation::List {
                resource_type: users()
            })
        );
        assert_eq!(
            op(Method::POST, "/Users/"),
            Ok(Operation::Create {
                resource_type: users()
            })
        );
        assert_eq!(
            op(Method::PATCH, "/Users/2819c223"),
            Ok(Operation::Patch {
                resource_type: users(),
                id: "2819c223".into()
            })
        );
        assert_eq!(
            op(Method::POST, "/Groups/.search"),
            Ok(Operation::Search {
                resource_type: "Group".into()
            })
        );
        assert_eq!(op(Method::POST, "/.search"), Ok(Operation::SearchAll));
        assert_eq!(op(Method::POST, "/Bulk"), Ok(Operation::Bulk));
        assert_eq!(
            op(
                Method::GET,
                "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
            ),
            Ok(Operation::Schemas(Some(
                "urn:ietf:params:scim:schemas:core:2.0:User".into()
            )))
        );
    }

    #[test]
    fn ids_are_percent_decoded() {
        assert_eq!(
            op(Method::GET, "/Users/a%2Fb%20c"),
            Ok(Operation::Get {
                resource_type: "User".into(),
                id: "a/b c".into()
            })
        );
    }

    #[test]
    fn a_wrong_method_names_the_allowed_ones() {
        assert_eq!(
            op(Method::DELETE, "/Users"),
            Err(Unrouted::MethodNotAllowed("GET, POST"))
        );
        assert_eq!(
            op(Method::GET, "/Bulk"),
            Err(Unrouted::MethodNotAllowed("POST"))
        );
        assert_eq!(
            op(Method::POST, "/ServiceProviderConfig"),
            Err(Unrouted::MethodNotAllowed("GET"))
        );
        assert_eq!(
            op(Method::POST, "/Users/1"),
            Err(Unrouted::MethodNotAllowed("GET, PUT, PATCH, DELETE"))
        );
    }

    #[test]
    fn unknown_paths_are_not_found() {
        for path in ["", "/", "/Nope", "/Users/1/extra", "/Users//"] {
            assert!(
                matches!(op(Method::GET, path), Err(Unrouted::NotFound(_))),
                "{path}"
            );
        }
    }
}
