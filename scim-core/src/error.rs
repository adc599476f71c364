//! The one error type of the protocol, and its one mapping to the wire (RFC 7644 §3.12).

use std::fmt;

use http::StatusCode;
use serde::ser::SerializeStruct;
use serde_json::Value;

/// The URN of SCIM error responses (RFC 7644 §3.12).
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The `scimType` of a 400 (or 409) error: what kind of bad request it was
/// (RFC 7644 §3.12, Table 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScimType {
    /// The filter syntax was invalid, or the filter could not be evaluated.
    InvalidFilter,
    /// The filter yields more results than the server will return.
    TooMany,
    /// A value is not unique (`userName` taken, say).
    Uniqueness,
    /// An attempt to change a readOnly or set immutable attribute.
    Mutability,
    /// The request body is not a valid SCIM message.
    InvalidSyntax,
    /// The PATCH `path` is invalid or names an unsupported attribute.
    InvalidPath,
    /// The PATCH `path` matched nothing (for `remove` and filtered `replace`).
    NoTarget,
    /// A value is of the wrong type, absent where required, or otherwise unusable.
    InvalidValue,
    /// The requested protocol version is not supported.
    InvalidVers,
    /// The request would reveal sensitive data (a filter in the URL over a private value).
    Sensitive,
    /// The `cursor` of a cursor-paginated query is not one the service provider issued for
    /// this query (RFC 9865 §2.1).
    InvalidCursor,
    /// The `cursor` has expired (RFC 9865 §2.1).
    ExpiredCursor,
}

impl ScimType {
    /// The keyword as RFC 7644 §3.12 spells it.
    ///
    /// ```
    /// assert_eq!(scim_core::ScimType::NoTarget.as_str(), "noTarget");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ScimType::InvalidFilter => "invalidFilter",
            ScimType::TooMany => "tooMany",
            ScimType::Uniqueness => "uniqueness",
            ScimType::Mutability => "mutability",
            ScimType::InvalidSyntax => "invalidSyntax",
            ScimType::InvalidPath => "invalidPath",
            ScimType::NoTarget => "noTarget",
            ScimType::InvalidValue => "invalidValue",
            ScimType::InvalidVers => "invalidVers",
            ScimType::Sensitive => "sensitive",
            ScimType::InvalidCursor => "invalidCursor",
            ScimType::ExpiredCursor => "expiredCursor",
        }
    }
}

impl fmt::Display for ScimType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error the protocol answers with: an HTTP status, an optional `scimType` and a
/// human-readable `detail` (RFC 7644 §3.12). Its [`ScimError::to_json`] (or `Serialize`) is
/// the response body, the only mapping to the wire.
///
/// The detail is shown to the client: it names attributes and says why, never carries
/// tokens or stored personal data beyond what the client itself sent.
///
/// ```
/// use scim_core::{ScimError, ScimType};
///
/// let err = ScimError::bad_request(ScimType::InvalidValue, "`active` must be a boolean");
/// assert_eq!(err.status(), http::StatusCode::BAD_REQUEST);
/// assert_eq!(
///     err.to_json(),
///     serde_json::json!({
///         "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
///         "status": "400",
///         "scimType": "invalidValue",
///         "detail": "`active` must be a boolean",
///     }),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {}{detail}", scim_type.map(|t| format!("{t}: ")).unwrap_or_default())]
pub struct ScimError {
    status: StatusCode,
    scim_type: Option<ScimType>,
    detail: String,
}

impl ScimError {
    /// An error with any status.
    pub fn new(status: StatusCode, scim_type: Option<ScimType>, detail: impl Into<String>) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    /// 400 with a `scimType`.
    pub fn bad_request(scim_type: ScimType, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some(scim_type), detail)
    }

    /// 400 `invalidValue`.
    pub fn invalid_value(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::InvalidValue, detail)
    }

    /// 400 `invalidSyntax`.
    pub fn invalid_syntax(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::InvalidSyntax, detail)
    }

    /// 400 `invalidPath`.
    pub fn invalid_path(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::InvalidPath, detail)
    }

    /// 400 `noTarget`.
    pub fn no_target(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::NoTarget, detail)
    }

    /// 400 `mutability`.
    pub fn mutability(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::Mutability, detail)
    }

    /// 400 `invalidFilter`.
    pub fn invalid_filter(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::InvalidFilter, detail)
    }

    /// 400 `invalidCursor` (RFC 9865 §2.1).
    ///
    /// ```
    /// let err = scim_core::ScimError::invalid_cursor("the cursor was not issued for this query");
    /// assert_eq!(err.to_json()["scimType"], "invalidCursor");
    /// ```
    pub fn invalid_cursor(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::InvalidCursor, detail)
    }

    /// 400 `expiredCursor` (RFC 9865 §2.1), for stores whose cursors expire.
    ///
    /// ```
    /// let err = scim_core::ScimError::expired_cursor("the cursor expired after 600 seconds");
    /// assert_eq!(err.scim_type(), Some(scim_core::ScimType::ExpiredCursor));
    /// ```
    pub fn expired_cursor(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::ExpiredCursor, detail)
    }

    /// 400 `tooMany`.
    pub fn too_many(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::TooMany, detail)
    }

    /// 409 `uniqueness` (RFC 7644 §3.3).
    pub fn uniqueness(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, Some(ScimType::Uniqueness), detail)
    }

    /// 409 without a `scimType`: the request conflicts with the state of the service, such
    /// as a bulk operation whose `bulkId` reference names a POST that failed (RFC 7644 §3.7.1,
    /// §3.12 Table 8).
    ///
    /// ```
    /// let err = scim_core::ScimError::conflict("the POST with bulkId `qwerty` failed");
    /// assert_eq!(err.status(), http::StatusCode::CONFLICT);
    /// assert_eq!(err.scim_type(), None);
    /// ```
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, None, detail)
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, None, detail)
    }

    /// 412: a version precondition failed (RFC 7644 §3.14).
    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PRECONDITION_FAILED, None, detail)
    }

    /// 413: the request is larger than the server accepts (RFC 7644 §3.7.4).
    pub fn payload_too_large(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, None, detail)
    }

    /// 500, with a detail that reveals nothing of the cause (which is logged instead).
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            "internal server error",
        )
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `scimType`, if any.
    pub fn scim_type(&self) -> Option<ScimType> {
        self.scim_type
    }

    /// The human-readable detail.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The error response body (RFC 7644 §3.12): `status` is a string.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl serde::Serialize for ScimError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = if self.scim_type.is_some() { 4 } else { 3 };
        let mut body = serializer.serialize_struct("Error", fields)?;
        body.serialize_field("schemas", &[ERROR_SCHEMA])?;
        body.serialize_field("status", self.status.as_str())?;
        if let Some(scim_type) = self.scim_type {
            body.serialize_field("scimType", scim_type.as_str())?;
        }
        body.serialize_field("detail", &self.detail)?;
        body.end()
    }
}

/// A filter that does not parse is `invalidFilter`; a PATCH path, `invalidPath`.
impl From<scim_filter::ParseError> for ScimError {
    fn from(err: scim_filter::ParseError) -> Self {
        match err.subject() {
            scim_filter::Subject::Filter => ScimError::invalid_filter(err.to_string()),
            scim_filter::Subject::Path => ScimError::invalid_path(err.to_string()),
        }
    }
}

/// A filter that cannot be evaluated is `invalidFilter` (RFC 7644 §3.4.2.2).
impl From<scim_filter::EvalError> for ScimError {
    fn from(err: scim_filter::EvalError) -> Self {
        ScimError::invalid_filter(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7644_s3_12_error_body_without_scim_type() {
        let body = ScimError::not_found("Resource 2819c223-7f76-453a-919d-413861904646 not found")
            .to_json();
        assert_eq!(
            body,
            serde_json::json!({
                "schemas": [ERROR_SCHEMA],
                "status": "404",
                "detail": "Resource 2819c223-7f76-453a-919d-413861904646 not found",
            })
        );
    }

    #[test]
    fn parse_errors_map_to_filter_or_path_errors() {
        let filter: ScimError = scim_filter::parse_filter("userName eq").unwrap_err().into();
        assert_eq!(filter.scim_type(), Some(ScimType::InvalidFilter));
        let path: ScimError = scim_filter::parse_path("emails[").unwrap_err().into();
        assert_eq!(path.scim_type(), Some(ScimType::InvalidPath));
        assert_eq!(path.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn display_names_status_type_and_detail() {
        let err = ScimError::uniqueness("userName `bjensen` is taken");
        assert_eq!(
            err.to_string(),
            "409 Conflict uniqueness: userName `bjensen` is taken"
        );
    }
}
