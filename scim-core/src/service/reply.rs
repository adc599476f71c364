//! What an operation answers, before it becomes an HTTP response or a bulk outcome.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};
use serde_json::Value;

use crate::error::ScimError;
use crate::resource::Version;

/// The media type of every SCIM body (RFC 7644 §3.1, §8.1).
pub const SCIM_MEDIA_TYPE: &str = "application/scim+json";

/// An operation's answer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Reply {
    pub(super) status: StatusCode,
    /// The body; `None` for 204 and 304.
    pub(super) body: Option<Value>,
    /// The id of the resource written or read, for bulk responses.
    pub(super) id: Option<String>,
    /// The `Location` header (RFC 7644 §3.1): the resource's URI.
    pub(super) location: Option<String>,
    /// The `ETag` header (§3.14).
    pub(super) version: Option<Version>,
}

impl Reply {
    /// 200 with `body`.
    pub(super) fn ok(body: Value) -> Self {
        Reply::with_status(StatusCode::OK, Some(body))
    }

    /// `status` with `body`.
    pub(super) fn with_status(status: StatusCode, body: Option<Value>) -> Self {
        Reply {
            status,
            body,
            id: None,
            location: None,
            version: None,
        }
    }

    /// The HTTP response.
    pub(super) fn into_response(self) -> Response<Bytes> {
        let mut response = match &self.body {
            Some(body) => json_response(self.status, body),
            None => empty_response(self.status),
        };
        let headers = response.headers_mut();
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            // RFC 7644 §3.3: Location on 201; harmless and useful on the other answers too.
            headers.insert(header::LOCATION, location);
        }
        if let Some(version) = self
            .version
            .and_then(|v| HeaderValue::from_str(&v.to_string()).ok())
        {
            headers.insert(header::ETAG, version);
        }
        response
    }
}

/// `status` with a JSON body of media type `application/scim+json`.
pub(super) fn json_response(status: StatusCode, body: &Value) -> Response<Bytes> {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Bytes::from(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(SCIM_MEDIA_TYPE),
    );
    response
}

/// `status` without a body.
pub(super) fn empty_response(status: StatusCode) -> Response<Bytes> {
    let mut response = Response::new(Bytes::new());
    *response.status_mut() = status;
    response
}

/// The error response (RFC 7644 §3.12); a 401 also says how to authenticate (RFC 6750 §3).
pub(super) fn error_response(err: &ScimError) -> Response<Bytes> {
    let mut response = json_response(err.status(), &err.to_json());
    if err.status() == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"SCIM\""),
        );
    }
    response
}
