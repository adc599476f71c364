//! The `path` of a bulk operation (RFC 7644 §3.7): a resource type endpoint, or one resource
//! named by its id or by a `bulkId` reference (§3.7.2).

use std::fmt;

use super::reference::{BULK_ID_PREFIX, BulkIds, bulk_id_reference};
use crate::error::ScimError;

/// What a bulk `path` names under its endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathTarget {
    /// A resource by its id: `/Users/2819c223-7f76-453a-919d-413861904646`.
    Id(String),
    /// The resource a POST of the same request creates, by its bulkId:
    /// `/Users/bulkId:qwerty` (RFC 7644 §3.7.2).
    BulkId(String),
}

/// The `path` of a bulk operation, relative to the service provider's root (RFC 7644 §3.7):
/// `/Users` (an endpoint, for POST) or `/Users/{id}` (a resource, for PUT, PATCH and DELETE),
/// where the id may be a `bulkId` reference (§3.7.2).
///
/// One trailing `/` is tolerated. A query, a fragment, an empty segment, more than two
/// segments or an absolute URL is `400 invalidValue`.
///
/// ```
/// use scim_core::bulk::{BulkIds, BulkPath, PathTarget};
///
/// let path = BulkPath::parse("/Groups/bulkId:ytrewq")?;
/// assert_eq!(path.endpoint(), "Groups");
/// assert_eq!(path.target(), Some(&PathTarget::BulkId("ytrewq".into())));
/// assert_eq!(path.bulk_id(), Some("ytrewq"));
/// assert_eq!(path.to_string(), "/Groups/bulkId:ytrewq");
///
/// let mut ids = BulkIds::new();
/// ids.insert("ytrewq", "e9e30dba-f08f-4109-8486-d5c6a331660a");
/// assert_eq!(path.resolve(&ids)?, "/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a");
///
/// assert_eq!(BulkPath::parse("/Users")?.target(), None);
/// assert!(BulkPath::parse("Users").is_err());
/// assert!(BulkPath::parse("/Users/1/extra").is_err());
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BulkPath {
    endpoint: String,
    target: Option<PathTarget>,
}

impl BulkPath {
    /// Parses a bulk `path`.
    pub fn parse(text: &str) -> Result<Self, ScimError> {
        let invalid = |why: &str| {
            ScimError::invalid_value(format!(
                "`path` must be `/{{endpoint}}` or `/{{endpoint}}/{{id}}` relative to the service \
                 root, not {}: {why}",
                excerpt(text)
            ))
        };
        let Some(relative) = text.strip_prefix('/') else {
            return Err(invalid("it does not start with `/`"));
        };
        if relative.contains(['?', '#']) {
            return Err(invalid("it has a query or a fragment"));
        }
        let relative = relative.strip_suffix('/').unwrap_or(relative);
        let mut segments = relative.split('/');
        let endpoint = segments.next().unwrap_or_default();
        let id = segments.next();
        if segments.next().is_some() {
            return Err(invalid("it has more than two segments"));
        }
        if endpoint.is_empty() || id.is_some_and(str::is_empty) {
            return Err(invalid("it has an empty segment"));
        }
        if bulk_id_reference(endpoint).is_some() {
            return Err(invalid("a bulkId names a resource, not an endpoint"));
        }
        let target = match id {
            None => None,
            Some(id) => match bulk_id_reference(id) {
                Some("") => return Err(invalid("the bulkId reference is empty")),
                Some(bulk_id) => Some(PathTarget::BulkId(bulk_id.to_owned())),
                None => Some(PathTarget::Id(id.to_owned())),
            },
        };
        Ok(BulkPath {
            endpoint: endpoint.to_owned(),
            target,
        })
    }

    /// The resource type endpoint, without slashes: `Users`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The resource the path names, if it names one.
    pub fn target(&self) -> Option<&PathTarget> {
        self.target.as_ref()
    }

    /// The bulkId the path refers to, if it names its resource that way.
    pub fn bulk_id(&self) -> Option<&str> {
        match &self.target {
            Some(PathTarget::BulkId(bulk_id)) => Some(bulk_id),
            _ => None,
        }
    }

    /// The path with its bulkId reference replaced by the id of the resource (§3.7.2);
    /// 409 if `ids` has none for it.
    pub fn resolve(&self, ids: &BulkIds) -> Result<String, ScimError> {
        match &self.target {
            None => Ok(format!("/{}", self.endpoint)),
            Some(PathTarget::Id(id)) => Ok(format!("/{}/{id}", self.endpoint)),
            Some(PathTarget::BulkId(bulk_id)) => match ids.get(bulk_id) {
                Some(id) => Ok(format!("/{}/{id}", self.endpoint)),
                None => Err(ScimError::conflict(format!(
                    "`{BULK_ID_PREFIX}{bulk_id}` names no resource created in this bulk request"
                ))),
            },
        }
    }
}

impl fmt::Display for BulkPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", self.endpoint)?;
        match &self.target {
            None => Ok(()),
            Some(PathTarget::Id(id)) => write!(f, "/{id}"),
            Some(PathTarget::BulkId(bulk_id)) => write!(f, "/{BULK_ID_PREFIX}{bulk_id}"),
        }
    }
}

/// A client's text quoted for an error detail, cut to a readable length.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 64;
    match text.char_indices().nth(MAX_CHARS) {
        None => format!("`{text}`"),
        Some((end, _)) => format!("`{}`...", &text[..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7644_s3_7_paths_of_endpoints_and_resources() {
        let users = BulkPath::parse("/Users").unwrap();
        assert_eq!((users.endpoint(), users.target()), ("Users", None));
        let trailing = BulkPath::parse("/Users/").unwrap();
        assert_eq!(trailing, users);
        let bob = BulkPath::parse("/Users/b7c14771-226c-4d05-8860-134711653041").unwrap();
        assert_eq!(
            bob.target(),
            Some(&PathTarget::Id(
                "b7c14771-226c-4d05-8860-134711653041".into()
            ))
        );
        assert_eq!(bob.bulk_id(), None);
        assert_eq!(
            bob.resolve(&BulkIds::new()).unwrap(),
            "/Users/b7c14771-226c-4d05-8860-134711653041"
        );
    }

    #[test]
    fn rfc7644_s3_7_2_path_reference_without_an_id_is_409() {
        let path = BulkPath::parse("/Users/bulkId:qwerty").unwrap();
        let err = path.resolve(&BulkIds::new()).unwrap_err();
        assert_eq!(err.status(), http::StatusCode::CONFLICT);
        assert!(err.detail().contains("`bulkId:qwerty`"), "{}", err.detail());
    }

    #[test]
    fn malformed_paths_are_invalid_values() {
        for text in [
            "",
            "/",
            "Users",
            "//Users",
            "/Users//",
            "/Users/1/2",
            "/Users?filter=x",
            "/Users/1#f",
            "/bulkId:qwerty",
            "/Users/bulkId:",
            "https://example.com/v2/Users",
        ] {
            let err = BulkPath::parse(text).unwrap_err();
            assert_eq!(
                err.scim_type(),
                Some(crate::ScimType::InvalidValue),
                "{text:?}"
            );
        }
    }

    #[test]
    fn long_client_text_is_cut_in_details() {
        let long = format!("/{}", "é".repeat(500));
        let err = BulkPath::parse(&format!("{long}/1/2")).unwrap_err();
        assert!(err.detail().len() < 300, "{}", err.detail());
        assert_eq!(excerpt("abc"), "`abc`");
    }
}
