//! The bulk response message (RFC 7644 §3.7.3).

use http::StatusCode;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::Value;

use super::BULK_RESPONSE_SCHEMA;
use super::method::BulkMethod;
use crate::error::ScimError;
use crate::resource::Version;

/// The result of one operation of a bulk request (RFC 7644 §3.7.3).
///
/// Serialized as the RFC prints it: `location`, `method`, `bulkId`, `version`, `status` (the
/// HTTP status as a string) and `response`, each left out when absent. A failed operation's
/// `response` is the SCIM error body (§3.12).
///
/// ```
/// use scim_core::ScimError;
/// use scim_core::bulk::{BulkMethod, OperationResult};
///
/// let failed = OperationResult::failure(
///     BulkMethod::Delete,
///     None,
///     Some("https://example.com/v2/Users/e9025315-6bea-44e1-899c-1e07454e468b".into()),
///     &ScimError::not_found("Resource does not exist."),
/// );
/// assert!(!failed.is_success());
/// assert_eq!(serde_json::to_value(&failed)?, serde_json::json!({
///     "location": "https://example.com/v2/Users/e9025315-6bea-44e1-899c-1e07454e468b",
///     "method": "DELETE",
///     "status": "404",
///     "response": {
///         "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
///         "detail": "Resource does not exist.",
///         "status": "404"
///     }
/// }));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OperationResult {
    /// The operation's method.
    pub method: BulkMethod,
    /// The operation's bulkId, returned "together with the newly created resource" (§3.7).
    pub bulk_id: Option<String>,
    /// The resource's version after the operation.
    pub version: Option<Version>,
    /// The resource's URL: "REQUIRED in a response, except in the event of a POST failure"
    /// (§3.7).
    pub location: Option<String>,
    /// The status a single request would have been answered with.
    pub status: StatusCode,
    /// The response body: the error for a failure (§3.7: "When indicating a response with
    /// an HTTP status other than a 200-series response, the response body MUST be
    /// included"), optional otherwise.
    pub response: Option<Value>,
}

impl OperationResult {
    /// The result of an operation that failed with `error`.
    pub fn failure(
        method: BulkMethod,
        bulk_id: Option<String>,
        location: Option<String>,
        error: &ScimError,
    ) -> Self {
        OperationResult {
            method,
            bulk_id,
            version: None,
            location,
            status: error.status(),
            response: Some(error.to_json()),
        }
    }

    /// Whether the operation succeeded (a 2xx status).
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

impl Serialize for OperationResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut result = serializer.serialize_struct("Operation", 6)?;
        if let Some(location) = &self.location {
            result.serialize_field("location", location)?;
        }
        result.serialize_field("method", self.method.as_str())?;
        if let Some(bulk_id) = &self.bulk_id {
            result.serialize_field("bulkId", bulk_id)?;
        }
        if let Some(version) = &self.version {
            result.serialize_field("version", &version.to_string())?;
        }
        result.serialize_field("status", self.status.as_str())?;
        if let Some(response) = &self.response {
            result.serialize_field("response", response)?;
        }
        result.end()
    }
}

/// A bulk response (RFC 7644 §3.7.3): the results of the operations that were processed, in
/// the order of the request. Operations skipped because `failOnErrors` was reached are not
/// in it. The HTTP status of the bulk response itself is 200 whatever its operations' are
/// (as in every §3.7.3 example, including the one where all operations failed).
///
/// ```
/// use scim_core::bulk::{BulkMethod, BulkResponse, OperationResult};
/// use scim_core::resource::Version;
///
/// let response = BulkResponse {
///     operations: vec![OperationResult {
///         method: BulkMethod::Post,
///         bulk_id: Some("qwerty".into()),
///         version: Some(Version::new("oY4m4wn58tkVjJxK")),
///         location: Some("https://example.com/v2/Users/92b725cd-9465-4e7d-8c16-01f8e146b87a".into()),
///         status: http::StatusCode::CREATED,
///         response: None,
///     }],
/// };
/// assert_eq!(response.to_json(), serde_json::json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
///     "Operations": [{
///         "location": "https://example.com/v2/Users/92b725cd-9465-4e7d-8c16-01f8e146b87a",
///         "method": "POST",
///         "bulkId": "qwerty",
///         "version": "W/\"oY4m4wn58tkVjJxK\"",
///         "status": "201"
///     }]
/// }));
/// assert_eq!(response.errors(), 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulkResponse {
    /// The results, in request order.
    pub operations: Vec<OperationResult>,
}

impl BulkResponse {
    /// How many operations failed.
    pub fn errors(&self) -> usize {
        self.operations.iter().filter(|r| !r.is_success()).count()
    }

    /// The response body.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl Serialize for BulkResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut response = serializer.serialize_struct("BulkResponse", 2)?;
        response.serialize_field("schemas", &[BULK_RESPONSE_SCHEMA])?;
        response.serialize_field("Operations", &self.operations)?;
        response.end()
    }
}
