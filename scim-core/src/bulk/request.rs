//! The bulk request message (RFC 7644 §3.7): parsed, checked against the limits (§3.7.4),
//! every operation validated, bulkIds unique.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::BULK_REQUEST_SCHEMA;
use super::limits::BulkLimits;
use super::method::BulkMethod;
use super::path::{BulkPath, excerpt};
use super::reference::references as references_in;
use crate::error::{ScimError, ScimType};
use crate::resource::{Version, get_ignore_case, json_kind, remove_ignore_case};

/// A bulk request (RFC 7644 §3.7): its operations in the order the client sent them, and
/// `failOnErrors`.
///
/// Member names are matched in any case (`Operations`, `operations`, `METHOD`), as attribute
/// names are (RFC 7643 §2.1); members the RFC does not define are ignored. What is wrong is
/// answered with one error for the whole request:
///
/// - a body over `maxPayloadSize`, or more than `maxOperations` operations: 413 with a detail
///   naming the limit (§3.7.4);
/// - a body that is not JSON, not an object, without the BulkRequest URN in `schemas`,
///   without an `Operations` array, or with an operation that is not an object:
///   `400 invalidSyntax` (§3.12, Table 9);
/// - a value that is missing or unusable (an unknown `method`, a POST without `bulkId`, a
///   `path` of the wrong shape, `data` missing or not an object, a `failOnErrors` below 1,
///   two operations with the same `bulkId`): `400 invalidValue`.
///
/// Details name the operation by its zero-based index: `Operations[2]: ...`.
///
/// ```
/// use scim_core::bulk::{BulkLimits, BulkMethod, BulkRequest};
///
/// let body = br#"{
///   "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
///   "failOnErrors": 1,
///   "Operations": [
///     {"method": "POST", "path": "/Users", "bulkId": "qwerty",
///      "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "Alice"}},
///     {"method": "delete", "path": "/Users/e9025315-6bea-44e1-899c-1e07454e468b",
///      "version": "W/\"0ee8add0a938e1a\""}
///   ]
/// }"#;
/// let request = BulkRequest::parse(body, &BulkLimits::default())?;
/// assert_eq!(request.fail_on_errors(), Some(1));
/// assert_eq!(request.operations().len(), 2);
/// assert_eq!(request.operations()[1].method(), BulkMethod::Delete);
///
/// let err = BulkRequest::parse(br#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
///     "Operations": [{"method": "GET", "path": "/Users"}]}"#, &BulkLimits::default()).unwrap_err();
/// assert_eq!(err.detail(), "Operations[0]: `method` must be POST, PUT, PATCH or DELETE, not `GET`");
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BulkRequest {
    fail_on_errors: Option<usize>,
    operations: Vec<BulkOperation>,
}

impl BulkRequest {
    /// Parses a request body, after checking its size against `limits` (§3.7.4) so that an
    /// oversized body is refused before it is parsed.
    pub fn parse(body: &[u8], limits: &BulkLimits) -> Result<Self, ScimError> {
        limits.check_payload_size(u64::try_from(body.len()).unwrap_or(u64::MAX))?;
        let value: Value = serde_json::from_slice(body).map_err(|err| {
            ScimError::invalid_syntax(format!("the bulk request is not valid JSON: {err}"))
        })?;
        Self::from_json(value, 0, limits)
    }

    /// Reads a request body that the caller already parsed from `payload_size` bytes; the
    /// size is checked against `limits` as [`BulkRequest::parse`] does (§3.7.4).
    ///
    /// ```
    /// use scim_core::bulk::{BulkLimits, BulkRequest};
    /// use serde_json::json;
    ///
    /// let body = json!({
    ///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    ///     "Operations": [{"method": "DELETE", "path": "/Groups/e9e30dba"}],
    /// });
    /// let limits = BulkLimits::default();
    /// assert_eq!(BulkRequest::from_json(body.clone(), 97, &limits)?.operations().len(), 1);
    /// let err = BulkRequest::from_json(body, 4_294_967_296, &limits).unwrap_err();
    /// assert_eq!(err.status(), http::StatusCode::PAYLOAD_TOO_LARGE);
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn from_json(
        value: Value,
        payload_size: u64,
        limits: &BulkLimits,
    ) -> Result<Self, ScimError> {
        limits.check_payload_size(payload_size)?;
        let Value::Object(mut body) = value else {
            return Err(ScimError::invalid_syntax(format!(
                "a bulk request must be a JSON object, not {}",
                json_kind(&value)
            )));
        };
        check_schemas(&body)?;
        let fail_on_errors = match get_ignore_case(&body, "failOnErrors") {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                value
                    .as_u64()
                    .filter(|n| *n >= 1)
                    .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
                    .ok_or_else(|| {
                        ScimError::invalid_value(format!(
                            "`failOnErrors` must be an integer of at least 1, not {}",
                            describe(value)
                        ))
                    })?,
            ),
        };
        let operations = match remove_ignore_case(&mut body, "Operations") {
            None | Some(Value::Null) => {
                return Err(ScimError::invalid_syntax(
                    "a bulk request must have `Operations`",
                ));
            }
            Some(Value::Array(operations)) => operations,
            Some(other) => {
                return Err(ScimError::invalid_syntax(format!(
                    "`Operations` must be an array, not {}",
                    json_kind(&other)
                )));
            }
        };
        limits.check_operations(operations.len())?;
        let operations = operations
            .into_iter()
            .enumerate()
            .map(|(index, operation)| BulkOperation::from_json(index, operation))
            .collect::<Result<Vec<_>, _>>()?;
        check_unique_bulk_ids(&operations)?;
        Ok(BulkRequest {
            fail_on_errors,
            operations,
        })
    }

    /// How many errors the client accepts before the rest of the operations are skipped
    /// (`failOnErrors`, §3.7); `None` to perform them all (§3.7.3).
    pub fn fail_on_errors(&self) -> Option<usize> {
        self.fail_on_errors
    }

    /// The operations, in the order the client sent them.
    pub fn operations(&self) -> &[BulkOperation] {
        &self.operations
    }
}

/// One operation of a bulk request (RFC 7644 §3.7, `Operations`), as the client sent it:
/// its bulkId references are not resolved yet.
///
/// ```
/// use scim_core::bulk::{BulkLimits, BulkRequest};
///
/// let request = BulkRequest::parse(br#"{
///   "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
///   "Operations": [{"method": "PATCH", "path": "/Groups/bulkId:ytrewq",
///     "version": "W/\"lha5bbazU3fNvfe5\"",
///     "data": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
///       "Operations": [{"op": "add", "path": "members", "value": [{"value": "bulkId:qwerty"}]}]}},
///     {"method": "POST", "path": "/Users", "bulkId": "qwerty", "data": {"userName": "Alice"}},
///     {"method": "POST", "path": "/Groups", "bulkId": "ytrewq", "data": {"displayName": "Tour Guides"}}]
/// }"#, &BulkLimits::default())?;
/// let patch = &request.operations()[0];
/// assert_eq!(patch.path().to_string(), "/Groups/bulkId:ytrewq");
/// assert_eq!(patch.version().map(|v| v.opaque()), Some("lha5bbazU3fNvfe5"));
/// assert_eq!(patch.references(), ["ytrewq", "qwerty"]);
/// assert_eq!(request.operations()[1].bulk_id(), Some("qwerty"));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOperation {
    method: BulkMethod,
    bulk_id: Option<String>,
    version: Option<Version>,
    path: BulkPath,
    data: Option<Value>,
    references: Vec<String>,
}

impl BulkOperation {
    /// Reads the operation at `index` of `Operations`.
    fn from_json(index: usize, value: Value) -> Result<Self, ScimError> {
        let at = |scim_type: ScimType, detail: String| {
            ScimError::bad_request(scim_type, format!("Operations[{index}]: {detail}"))
        };
        let invalid = |detail: String| at(ScimType::InvalidValue, detail);
        let Value::Object(mut members) = value else {
            return Err(at(
                ScimType::InvalidSyntax,
                format!("an operation must be an object, not {}", json_kind(&value)),
            ));
        };

        let method = match get_ignore_case(&members, "method") {
            None | Some(Value::Null) => return Err(invalid("`method` is required".into())),
            Some(Value::String(text)) => BulkMethod::parse(text).ok_or_else(|| {
                invalid(format!(
                    "`method` must be POST, PUT, PATCH or DELETE, not {}",
                    excerpt(text)
                ))
            })?,
            Some(other) => {
                return Err(invalid(format!(
                    "`method` must be a string, not {}",
                    json_kind(other)
                )));
            }
        };

        let bulk_id = match get_ignore_case(&members, "bulkId") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) if text.is_empty() => {
                return Err(invalid("`bulkId` must not be empty".into()));
            }
            Some(Value::String(text)) => Some(text.clone()),
            Some(other) => {
                return Err(invalid(format!(
                    "`bulkId` must be a string, not {}",
                    json_kind(other)
                )));
            }
        };
        if method == BulkMethod::Post && bulk_id.is_none() {
            return Err(invalid("`bulkId` is required for POST".into()));
        }

        let version = match get_ignore_case(&members, "version") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(Version::parse(text)),
            Some(other) => {
                return Err(invalid(format!(
                    "`version` must be a string, not {}",
                    json_kind(other)
                )));
            }
        };
        // §3.7: a version is for PUT, PATCH and DELETE; a POST has nothing to match it to.
        let version = version.filter(|_| method != BulkMethod::Post);

        let path = match get_ignore_case(&members, "path") {
            None | Some(Value::Null) => return Err(invalid("`path` is required".into())),
            Some(Value::String(text)) => BulkPath::parse(text)
                .map_err(|err| at(ScimType::InvalidValue, err.detail().to_owned()))?,
            Some(other) => {
                return Err(invalid(format!(
                    "`path` must be a string, not {}",
                    json_kind(other)
                )));
            }
        };
        match (method, path.target()) {
            (BulkMethod::Post, Some(_)) => {
                return Err(invalid(format!(
                    "a POST `path` must be a resource type endpoint such as `/Users`, not {}",
                    excerpt(&path.to_string())
                )));
            }
            (BulkMethod::Put | BulkMethod::Patch | BulkMethod::Delete, None) => {
                return Err(invalid(format!(
                    "a {method} `path` must name a resource such as `/Users/2819c223`, not {}",
                    excerpt(&path.to_string())
                )));
            }
            _ => {}
        }

        let data = match (
            method.takes_data(),
            remove_ignore_case(&mut members, "data"),
        ) {
            (true, Some(Value::Object(data))) => Some(Value::Object(data)),
            (true, None | Some(Value::Null)) => {
                return Err(invalid(format!("`data` is required for {method}")));
            }
            (true, Some(other)) => {
                return Err(invalid(format!(
                    "`data` must be an object, not {}",
                    json_kind(&other)
                )));
            }
            (false, None | Some(Value::Null)) => None,
            (false, Some(_)) => {
                return Err(invalid(format!("a {method} takes no `data`")));
            }
        };

        let mut references: Vec<String> = path.bulk_id().map(str::to_owned).into_iter().collect();
        if let Some(data) = &data {
            for bulk_id in references_in(data) {
                if !references.iter().any(|known| known == bulk_id) {
                    references.push(bulk_id.to_owned());
                }
            }
        }
        Ok(BulkOperation {
            method,
            bulk_id,
            version,
            path,
            data,
            references,
        })
    }

    /// The method.
    pub fn method(&self) -> BulkMethod {
        self.method
    }

    /// The bulkId: required for POST, where it names the resource the operation creates
    /// (§3.7, §3.7.2); echoed in the response for any operation that has one.
    pub fn bulk_id(&self) -> Option<&str> {
        self.bulk_id.as_deref()
    }

    /// The version the resource must have (an `If-Match` precondition; §3.7, §3.14). Kept
    /// for PUT, PATCH and DELETE; a POST's version is ignored.
    pub fn version(&self) -> Option<&Version> {
        self.version.as_ref()
    }

    /// The path.
    pub fn path(&self) -> &BulkPath {
        &self.path
    }

    /// The data, a JSON object; `None` exactly for DELETE.
    pub fn data(&self) -> Option<&Value> {
        self.data.as_ref()
    }

    /// Every bulkId the operation refers to, in its path and anywhere in its data (§3.7.2),
    /// each once: the path's first, then the data's in the order
    /// [`references`](super::references) finds them.
    pub fn references(&self) -> &[String] {
        &self.references
    }
}

/// `schemas` must list the BulkRequest URN (§3.7); URNs are compared without case.
fn check_schemas(body: &Map<String, Value>) -> Result<(), ScimError> {
    let listed = get_ignore_case(body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|schemas| {
            schemas
                .iter()
                .filter_map(Value::as_str)
                .any(|urn| urn.eq_ignore_ascii_case(BULK_REQUEST_SCHEMA))
        });
    if listed {
        Ok(())
    } else {
        Err(ScimError::invalid_syntax(format!(
            "`schemas` must contain `{BULK_REQUEST_SCHEMA}`"
        )))
    }
}

/// bulkIds are "unique within a bulk request" (§3.7).
fn check_unique_bulk_ids(operations: &[BulkOperation]) -> Result<(), ScimError> {
    let mut first_use: HashMap<&str, usize> = HashMap::new();
    for (index, operation) in operations.iter().enumerate() {
        if let Some(bulk_id) = operation.bulk_id()
            && let Some(first) = first_use.insert(bulk_id, index)
        {
            return Err(ScimError::invalid_value(format!(
                "Operations[{index}]: bulkId {} is already used by Operations[{first}]; \
                 bulkIds must be unique within a bulk request",
                excerpt(bulk_id)
            )));
        }
    }
    Ok(())
}

/// A scalar shown as the client sent it, anything else by its kind.
fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => format!("the string {}", excerpt(s)),
        other => json_kind(other).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: Value) -> Result<BulkRequest, ScimError> {
        BulkRequest::from_json(value, 0, &BulkLimits::default())
    }

    fn body(operations: Value) -> Value {
        json!({"schemas": [BULK_REQUEST_SCHEMA], "Operations": operations})
    }

    #[test]
    fn rfc7644_s3_7_member_names_in_any_case() {
        let request = parse(json!({
            "SCHEMAS": ["URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:BULKREQUEST"],
            "failonerrors": 2,
            "operations": [{"METHOD": "post", "Path": "/Users", "BULKID": "q", "Data": {"userName": "a"}}],
        }))
        .unwrap();
        assert_eq!(request.fail_on_errors(), Some(2));
        let operation = &request.operations()[0];
        assert_eq!(operation.method(), BulkMethod::Post);
        assert_eq!(operation.bulk_id(), Some("q"));
        assert_eq!(operation.data(), Some(&json!({"userName": "a"})));
    }

    #[test]
    fn rfc7644_s3_7_structure_errors_are_invalid_syntax() {
        for (value, detail) in [
            (
                json!([]),
                "a bulk request must be a JSON object, not an array",
            ),
            (
                json!({"Operations": []}),
                "`schemas` must contain `urn:ietf:params:scim:api:messages:2.0:BulkRequest`",
            ),
            (
                json!({"schemas": [BULK_REQUEST_SCHEMA]}),
                "a bulk request must have `Operations`",
            ),
            (
                body(json!({})),
                "`Operations` must be an array, not an object",
            ),
            (
                body(json!([7])),
                "Operations[0]: an operation must be an object, not a number",
            ),
        ] {
            let err = parse(value).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidSyntax), "{detail}");
            assert_eq!(err.detail(), detail);
        }
        let err = BulkRequest::parse(b"{\"schemas\": [", &BulkLimits::default()).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidSyntax));
    }

    #[test]
    fn rfc7644_s3_7_value_errors_name_the_operation() {
        let post = json!({"method": "POST", "path": "/Users", "bulkId": "a", "data": {}});
        for (operation, detail) in [
            (
                json!({"path": "/Users"}),
                "Operations[1]: `method` is required",
            ),
            (
                json!({"method": 1, "path": "/Users"}),
                "Operations[1]: `method` must be a string, not a number",
            ),
            (
                json!({"method": "POST", "path": "/Users", "data": {}}),
                "Operations[1]: `bulkId` is required for POST",
            ),
            (
                json!({"method": "POST", "path": "/Users", "bulkId": "", "data": {}}),
                "Operations[1]: `bulkId` must not be empty",
            ),
            (
                json!({"method": "POST", "path": "/Users", "bulkId": 5, "data": {}}),
                "Operations[1]: `bulkId` must be a string, not a number",
            ),
            (
                json!({"method": "POST", "bulkId": "b", "data": {}}),
                "Operations[1]: `path` is required",
            ),
            (
                json!({"method": "POST", "path": "/Users/1", "bulkId": "b", "data": {}}),
                "Operations[1]: a POST `path` must be a resource type endpoint such as `/Users`, not `/Users/1`",
            ),
            (
                json!({"method": "PUT", "path": "/Users", "data": {}}),
                "Operations[1]: a PUT `path` must name a resource such as `/Users/2819c223`, not `/Users`",
            ),
            (
                json!({"method": "PATCH", "path": "/Users/1"}),
                "Operations[1]: `data` is required for PATCH",
            ),
            (
                json!({"method": "PUT", "path": "/Users/1", "data": [1]}),
                "Operations[1]: `data` must be an object, not an array",
            ),
            (
                json!({"method": "DELETE", "path": "/Users/1", "data": {}}),
                "Operations[1]: a DELETE takes no `data`",
            ),
            (
                json!({"method": "DELETE", "path": "/Users/1", "version": 3}),
                "Operations[1]: `version` must be a string, not a number",
            ),
        ] {
            let err = parse(body(json!([post, operation]))).unwrap_err();
            assert_eq!(err.status(), http::StatusCode::BAD_REQUEST, "{detail}");
            assert_eq!(err.scim_type(), Some(ScimType::InvalidValue), "{detail}");
            assert_eq!(err.detail(), detail);
        }
    }

    #[test]
    fn rfc7644_s3_7_fail_on_errors_is_an_integer_of_at_least_one() {
        for value in [json!(0), json!(-1), json!(1.5), json!("1"), json!(true)] {
            let mut request = body(json!([]));
            request["failOnErrors"] = value.clone();
            let err = parse(request).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidValue), "{value}");
            assert!(
                err.detail()
                    .starts_with("`failOnErrors` must be an integer of at least 1")
            );
        }
        let mut request = body(json!([]));
        request["failOnErrors"] = Value::Null;
        assert_eq!(parse(request).unwrap().fail_on_errors(), None);
    }

    #[test]
    fn rfc7644_s3_7_bulk_ids_are_unique_within_a_request() {
        let err = parse(body(json!([
            {"method": "POST", "path": "/Users", "bulkId": "qwerty", "data": {"userName": "a"}},
            {"method": "POST", "path": "/Groups", "bulkId": "other", "data": {}},
            {"method": "POST", "path": "/Groups", "bulkId": "qwerty", "data": {}},
        ])))
        .unwrap_err();
        assert_eq!(err.status(), http::StatusCode::BAD_REQUEST);
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
        assert_eq!(
            err.detail(),
            "Operations[2]: bulkId `qwerty` is already used by Operations[0]; \
             bulkIds must be unique within a bulk request"
        );
    }

    #[test]
    fn rfc7644_s3_7_version_is_kept_except_on_post() {
        let request = parse(body(json!([
            {"method": "POST", "path": "/Users", "bulkId": "q", "version": "W/\"1\"", "data": {}},
            {"method": "PUT", "path": "/Users/9", "version": "W/\"2\"", "data": {}},
        ])))
        .unwrap();
        assert_eq!(request.operations()[0].version(), None);
        assert_eq!(request.operations()[1].version(), Some(&Version::new("2")));
    }

    #[test]
    fn rfc7644_s3_7_2_references_of_path_and_data_each_once() {
        let request = parse(body(json!([{
            "method": "PUT",
            "path": "/Groups/bulkId:g",
            "data": {"members": [{"value": "bulkId:u"}, {"value": "bulkId:g"}, {"value": "bulkId:u"}]},
        }])))
        .unwrap();
        assert_eq!(request.operations()[0].references(), ["g", "u"]);
    }
}
