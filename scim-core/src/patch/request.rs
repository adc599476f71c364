//! The body of a PATCH request (RFC 7644 §3.5.2): its `schemas`, its `Operations`, and each
//! operation's `op`, `path` and `value`, checked and parsed before anything is applied.

use std::fmt;

use scim_filter::{PatchPath, parse_path};
use serde_json::Value;

use crate::error::ScimError;
use crate::resource::json_kind;

/// The URN of PATCH request bodies (RFC 7644 §3.5.2).
///
/// ```
/// let body = serde_json::json!({"schemas": [scim_core::patch::PATCH_OP_SCHEMA], "Operations": []});
/// assert!(scim_core::patch::PatchRequest::from_json(body).is_ok());
/// ```
pub const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// The most operations one PATCH request may hold. Bodies come from the network; a bound
/// keeps the cost of one request in proportion to what a real client sends (identity
/// providers send a few, a large group sync a few hundred).
///
/// ```
/// use scim_core::patch::{MAX_OPERATIONS, PatchRequest};
///
/// let op = serde_json::json!({"op": "remove", "path": "title"});
/// let body = serde_json::json!({"Operations": vec![op; MAX_OPERATIONS + 1]});
/// let err = PatchRequest::from_json(body).unwrap_err();
/// assert_eq!(err.status(), http::StatusCode::PAYLOAD_TOO_LARGE);
/// ```
pub const MAX_OPERATIONS: usize = 1_000;

/// What an operation does (RFC 7644 §3.5.2: `"op"`).
///
/// ```
/// use scim_core::patch::Op;
///
/// assert_eq!(Op::parse("Replace"), Some(Op::Replace)); // Entra ID capitalises
/// assert_eq!(Op::parse("move"), None); // JSON Patch's other operations are not SCIM's
/// assert_eq!(Op::Add.as_str(), "add");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Adds values (RFC 7644 §3.5.2.1).
    Add,
    /// Removes values (RFC 7644 §3.5.2.2).
    Remove,
    /// Replaces values (RFC 7644 §3.5.2.3).
    Replace,
}

impl Op {
    /// The operation named `text`, in any case (Microsoft Entra ID sends `Add`, `Replace`,
    /// `Remove`).
    ///
    /// ```
    /// assert_eq!(scim_core::patch::Op::parse("REMOVE"), Some(scim_core::patch::Op::Remove));
    /// ```
    pub fn parse(text: &str) -> Option<Op> {
        [Op::Add, Op::Remove, Op::Replace]
            .into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(text))
    }

    /// The keyword as RFC 7644 §3.5.2 spells it.
    ///
    /// ```
    /// assert_eq!(scim_core::patch::Op::Replace.as_str(), "replace");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Remove => "remove",
            Op::Replace => "replace",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of a PATCH request, checked: `remove` has a path, `add` and `replace` have
/// a value, a path-less `add` or `replace` has an object whose keys are attribute paths.
///
/// ```
/// use scim_core::patch::{Op, PatchOperation};
/// use serde_json::json;
///
/// let op = PatchOperation::new(Op::Replace, Some(r#"emails[type eq "work"].value"#), Some(json!("b@example.com")))?;
/// assert_eq!(op.path().unwrap().to_string(), r#"emails[type eq "work"].value"#);
///
/// let err = PatchOperation::new(Op::Remove, None, None).unwrap_err();
/// assert_eq!(err.scim_type(), Some(scim_core::ScimType::NoTarget)); // RFC 7644 §3.5.2.2
/// let err = PatchOperation::new(Op::Add, Some("title"), None).unwrap_err();
/// assert_eq!(err.scim_type(), Some(scim_core::ScimType::InvalidValue));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PatchOperation {
    op: Op,
    path: Option<PatchPath<'static>>,
    value: Option<Value>,
    /// Without a path: the keys of `value` parsed as paths, in the order the (never again
    /// changed) object iterates them.
    member_paths: Vec<PatchPath<'static>>,
}

impl PatchOperation {
    /// An operation from its parts, checked as [`PatchRequest::from_json`] checks each one.
    pub fn new(op: Op, path: Option<&str>, value: Option<Value>) -> Result<Self, ScimError> {
        let path = path
            .map(|text| parse_path(text).map(PatchPath::into_owned))
            .transpose()?;
        // RFC 7643 §2.5: null is no value at all.
        let value = value.filter(|v| !v.is_null());
        let mut member_paths = Vec::new();
        match (op, &path, &value) {
            (Op::Remove, None, _) => {
                return Err(ScimError::no_target(
                    "`remove` needs a `path` naming what to remove (RFC 7644 §3.5.2.2)",
                ));
            }
            (Op::Remove, Some(_), _) => {}
            (Op::Add | Op::Replace, _, None) => {
                return Err(ScimError::invalid_value(format!(
                    "`{op}` needs a `value` (RFC 7644 §3.5.2.{}); to unassign an attribute, use `remove`",
                    if op == Op::Add { 1 } else { 3 }
                )));
            }
            (Op::Add | Op::Replace, None, Some(Value::Object(members))) => {
                member_paths.reserve_exact(members.len());
                for key in members.keys() {
                    let path = parse_path(key).map_err(|err| {
                        ScimError::invalid_path(format!("`value` key `{key}`: {err}"))
                    })?;
                    member_paths.push(path.into_owned());
                }
            }
            (Op::Add | Op::Replace, None, Some(other)) => {
                return Err(ScimError::invalid_value(format!(
                    "`{op}` without a `path` needs a `value` object of attributes to {op} (RFC 7644 §3.5.2.{}), not {}",
                    if op == Op::Add { 1 } else { 3 },
                    json_kind(other)
                )));
            }
            (Op::Add | Op::Replace, Some(_), Some(_)) => {}
        }
        Ok(PatchOperation {
            op,
            path,
            value,
            member_paths,
        })
    }

    /// What the operation does.
    ///
    /// ```
    /// use scim_core::patch::{Op, PatchOperation};
    ///
    /// let op = PatchOperation::new(Op::Add, Some("nickName"), Some("Babs".into()))?;
    /// assert_eq!(op.op(), Op::Add);
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn op(&self) -> Op {
        self.op
    }

    /// The target, if the operation names one (without one, `add` and `replace` target the
    /// resource itself).
    ///
    /// ```
    /// use scim_core::patch::{Op, PatchOperation};
    ///
    /// let op = PatchOperation::new(Op::Remove, Some("name.givenName"), None)?;
    /// assert_eq!(op.path().unwrap().attr_path().sub_attr(), Some("givenName"));
    /// let op = PatchOperation::new(Op::Replace, None, Some(serde_json::json!({"active": false})))?;
    /// assert!(op.path().is_none());
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn path(&self) -> Option<&PatchPath<'static>> {
        self.path.as_ref()
    }

    /// The value (never JSON `null`, which counts as absent).
    ///
    /// ```
    /// use scim_core::patch::{Op, PatchOperation};
    ///
    /// let op = PatchOperation::new(Op::Remove, Some("title"), Some(serde_json::Value::Null))?;
    /// assert_eq!(op.value(), None);
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn value(&self) -> Option<&Value> {
        self.value.as_ref()
    }

    /// Without a path: each key of the value object parsed as a path, with its value.
    pub(crate) fn members(&self) -> impl Iterator<Item = (&PatchPath<'static>, &str, &Value)> {
        let members = match &self.value {
            Some(Value::Object(members)) if self.path.is_none() => Some(members),
            _ => None,
        };
        self.member_paths
            .iter()
            .zip(members.into_iter().flatten())
            .map(|(path, (key, value))| (path, key.as_str(), value))
    }

    /// Reads one element of `Operations`.
    fn from_json(value: Value) -> Result<Self, ScimError> {
        let Value::Object(members) = value else {
            return Err(ScimError::invalid_syntax(format!(
                "an operation must be an object with `op`, `path` and `value`, not {}",
                json_kind(&value)
            )));
        };
        let (mut op, mut path, mut value) = (None, None, None);
        for (key, member) in members {
            // SCIM member names are case-insensitive (RFC 7643 §2.1).
            let slot = if key.eq_ignore_ascii_case("op") {
                &mut op
            } else if key.eq_ignore_ascii_case("path") {
                &mut path
            } else if key.eq_ignore_ascii_case("value") {
                &mut value
            } else {
                continue;
            };
            if slot.replace(member).is_some() {
                return Err(ScimError::invalid_syntax(format!(
                    "`{}` is given more than once",
                    key.to_ascii_lowercase()
                )));
            }
        }
        let op = match op {
            Some(Value::String(text)) => Op::parse(&text).ok_or_else(|| {
                ScimError::invalid_syntax(format!(
                    "`op` must be `add`, `remove` or `replace` (RFC 7644 §3.5.2), not `{text}`"
                ))
            })?,
            Some(other) => {
                return Err(ScimError::invalid_syntax(format!(
                    "`op` must be a string, not {}",
                    json_kind(&other)
                )));
            }
            None => {
                return Err(ScimError::invalid_syntax(
                    "an operation needs an `op` (RFC 7644 §3.5.2)",
                ));
            }
        };
        let path = match path {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text),
            Some(other) => {
                return Err(ScimError::invalid_path(format!(
                    "`path` must be a string, not {}",
                    json_kind(&other)
                )));
            }
        };
        PatchOperation::new(op, path.as_deref(), value)
    }
}

/// A PATCH request body (RFC 7644 §3.5.2), parsed and checked, ready to [`apply`] to any
/// number of resources.
///
/// What is accepted beyond the letter of the RFC, because identity providers send it:
/// - `op` in any case (Microsoft Entra ID: `Replace`), and member names in any case
///   (`Operations`, `operations`; RFC 7643 §2.1);
/// - a body without `schemas` (a `schemas` that names anything but
///   [`PATCH_OP_SCHEMA`] is refused with `invalidSyntax`);
/// - an empty `Operations` list (RFC 7644 §3.5.2 asks for "one or more"): it changes nothing.
///
/// At most [`MAX_OPERATIONS`] operations are read; more is a `413`.
///
/// [`apply`]: super::apply
///
/// ```
/// use scim_core::patch::{Op, PatchRequest};
/// use serde_json::json;
///
/// let request = PatchRequest::from_json(json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
///     "Operations": [
///         {"op": "Replace", "path": "active", "value": "False"},
///         {"op": "remove", "path": "members[value eq \"2819c223\"]"},
///     ],
/// }))?;
/// assert_eq!(request.operations().len(), 2);
/// assert_eq!(request.operations()[0].op(), Op::Replace);
///
/// let err = PatchRequest::from_json(json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
///     "Operations": [],
/// })).unwrap_err();
/// assert_eq!(err.scim_type(), Some(scim_core::ScimType::InvalidSyntax));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PatchRequest {
    operations: Vec<PatchOperation>,
}

impl PatchRequest {
    /// A request of already checked operations; more than [`MAX_OPERATIONS`] is a `413`.
    ///
    /// ```
    /// use scim_core::patch::{Op, PatchOperation, PatchRequest};
    ///
    /// let request = PatchRequest::new(vec![PatchOperation::new(Op::Remove, Some("title"), None)?])?;
    /// assert_eq!(request.operations().len(), 1);
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn new(operations: Vec<PatchOperation>) -> Result<Self, ScimError> {
        check_count(operations.len())?;
        Ok(PatchRequest { operations })
    }

    /// Parses a request body from JSON text; text that is not JSON is `invalidSyntax`.
    ///
    /// ```
    /// let body = br#"{"Operations":[{"op":"add","path":"nickName","value":"Babs"}]}"#;
    /// let request = scim_core::patch::PatchRequest::from_slice(body)?;
    /// assert_eq!(request.operations().len(), 1);
    /// assert!(scim_core::patch::PatchRequest::from_slice(b"{\"Operations\":").is_err());
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn from_slice(body: &[u8]) -> Result<Self, ScimError> {
        let value: Value = serde_json::from_slice(body).map_err(|err| {
            ScimError::invalid_syntax(format!("the PATCH body is not valid JSON: {err}"))
        })?;
        PatchRequest::from_json(value)
    }

    /// Parses a request body (RFC 7644 §3.5.2).
    ///
    /// ```
    /// use scim_core::patch::PatchRequest;
    /// use serde_json::json;
    ///
    /// let request = PatchRequest::from_json(json!({
    ///     "Operations": [{"op": "replace", "value": {"name.givenName": "Barbara"}}],
    /// }))?;
    /// assert!(request.operations()[0].path().is_none());
    /// let err = PatchRequest::from_json(json!({"Operations": [{"op": "add", "path": "emails[type"}]}));
    /// assert_eq!(err.unwrap_err().scim_type(), Some(scim_core::ScimType::InvalidPath));
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn from_json(body: Value) -> Result<Self, ScimError> {
        let Value::Object(members) = body else {
            return Err(ScimError::invalid_syntax(format!(
                "a PATCH body must be a JSON object, not {}",
                json_kind(&body)
            )));
        };
        let mut operations = None;
        for (key, member) in members {
            if key.eq_ignore_ascii_case("schemas") {
                check_schemas(&member)?;
            } else if key.eq_ignore_ascii_case("Operations") {
                if operations.is_some() {
                    return Err(ScimError::invalid_syntax(
                        "`Operations` is given more than once",
                    ));
                }
                operations = Some(read_operations(member)?);
            }
        }
        let operations = operations.ok_or_else(|| {
            ScimError::invalid_syntax("a PATCH body needs `Operations` (RFC 7644 §3.5.2)")
        })?;
        Ok(PatchRequest { operations })
    }

    /// The operations, in the order they apply.
    ///
    /// ```
    /// let request = scim_core::patch::PatchRequest::from_json(serde_json::json!({"Operations": []}))?;
    /// assert!(request.operations().is_empty()); // valid, and changes nothing
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn operations(&self) -> &[PatchOperation] {
        &self.operations
    }
}

fn check_count(count: usize) -> Result<(), ScimError> {
    if count > MAX_OPERATIONS {
        return Err(ScimError::payload_too_large(format!(
            "a PATCH request may hold at most {MAX_OPERATIONS} operations; this one holds {count}"
        )));
    }
    Ok(())
}

/// `schemas`, when given, must name the PatchOp message and nothing else.
fn check_schemas(schemas: &Value) -> Result<(), ScimError> {
    let is_patch_op = |urn: &Value| {
        urn.as_str()
            .is_some_and(|urn| urn.eq_ignore_ascii_case(PATCH_OP_SCHEMA))
    };
    let valid = match schemas {
        Value::Array(urns) => !urns.is_empty() && urns.iter().all(is_patch_op),
        single => is_patch_op(single),
    };
    if valid {
        return Ok(());
    }
    Err(ScimError::invalid_syntax(format!(
        "`schemas` of a PATCH body must be [\"{PATCH_OP_SCHEMA}\"] (RFC 7644 §3.5.2)"
    )))
}

fn read_operations(operations: Value) -> Result<Vec<PatchOperation>, ScimError> {
    let Value::Array(items) = operations else {
        return Err(ScimError::invalid_syntax(format!(
            "`Operations` must be an array, not {}",
            json_kind(&operations)
        )));
    };
    check_count(items.len())?;
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            PatchOperation::from_json(item).map_err(|err| in_operation(index, err))
        })
        .collect()
}

/// The same error, its detail saying which operation it is about.
pub(crate) fn in_operation(index: usize, err: ScimError) -> ScimError {
    ScimError::new(
        err.status(),
        err.scim_type(),
        format!("Operations[{index}]: {}", err.detail()),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::error::ScimType;

    fn parse(body: Value) -> Result<PatchRequest, ScimError> {
        PatchRequest::from_json(body)
    }

    #[test]
    fn rfc7644_s3_5_2_body_with_schemas_and_operations() {
        let request = parse(json!({
            "schemas": [PATCH_OP_SCHEMA],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": "2819c223"}]}],
        }))
        .unwrap();
        let op = &request.operations()[0];
        assert_eq!(op.op(), Op::Add);
        assert_eq!(op.path().unwrap().to_string(), "members");
        assert_eq!(op.value(), Some(&json!([{"value": "2819c223"}])));
    }

    #[test]
    fn entra_id_capitalised_op_and_lowercase_operations_key() {
        let request = parse(json!({
            "schemas": [PATCH_OP_SCHEMA],
            "operations": [{"op": "Replace", "path": "active", "value": "False"}],
        }))
        .unwrap();
        assert_eq!(request.operations()[0].op(), Op::Replace);
    }

    #[test]
    fn missing_schemas_is_tolerated_but_a_wrong_one_is_invalid_syntax() {
        assert!(parse(json!({"Operations": []})).is_ok());
        for schemas in [
            json!(["urn:ietf:params:scim:schemas:core:2.0:User"]),
            json!([]),
            json!([PATCH_OP_SCHEMA, "urn:example:other"]),
            json!(7),
        ] {
            let err = parse(json!({"schemas": schemas, "Operations": []})).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidSyntax), "{schemas}");
        }
    }

    #[test]
    fn an_empty_operations_list_is_valid() {
        let request = parse(json!({"schemas": [PATCH_OP_SCHEMA], "Operations": []})).unwrap();
        assert!(request.operations().is_empty());
    }

    #[test]
    fn missing_or_malformed_operations_is_invalid_syntax() {
        for body in [
            json!({"schemas": [PATCH_OP_SCHEMA]}),
            json!({"Operations": {"op": "add"}}),
            json!({"Operations": [7]}),
            json!({"Operations": [{"path": "title"}]}),
            json!({"Operations": [{"op": "move", "path": "title"}]}),
            json!({"Operations": [{"op": true, "path": "title"}]}),
            json!({"Operations": [], "operations": []}),
            json!({"Operations": [{"op": "add", "OP": "remove", "path": "title"}]}),
            json!([]),
        ] {
            let err = parse(body.clone()).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidSyntax), "{body}");
        }
    }

    #[test]
    fn rfc7644_s3_5_2_2_remove_without_path_is_no_target() {
        let err = parse(json!({"Operations": [{"op": "remove"}]})).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::NoTarget));
        assert!(
            err.detail().starts_with("Operations[0]: "),
            "{}",
            err.detail()
        );
    }

    #[test]
    fn add_and_replace_need_a_value() {
        for op in ["add", "replace"] {
            for body in [
                json!({"Operations": [{"op": op, "path": "title"}]}),
                json!({"Operations": [{"op": op, "path": "title", "value": null}]}),
                json!({"Operations": [{"op": op}]}),
            ] {
                let err = parse(body.clone()).unwrap_err();
                assert_eq!(err.scim_type(), Some(ScimType::InvalidValue), "{body}");
            }
        }
    }

    #[test]
    fn without_a_path_the_value_must_be_an_object_of_paths() {
        let err = parse(json!({"Operations": [{"op": "replace", "value": "x"}]})).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
        let err =
            parse(json!({"Operations": [{"op": "add", "value": {"emails[": 1}}]})).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidPath));
        assert!(err.detail().contains("`emails[`"), "{}", err.detail());

        let request = parse(json!({"Operations": [{"op": "replace", "value": {
            "name.givenName": "Barb",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "7",
        }}]}))
        .unwrap();
        let keys: Vec<String> = request.operations()[0]
            .members()
            .map(|(path, key, _)| {
                assert_eq!(path.to_string(), key);
                key.to_owned()
            })
            .collect();
        assert_eq!(keys.len(), 2);
    }

    #[test]
    fn a_bad_path_is_invalid_path() {
        for path in [json!("emails[type eq"), json!(""), json!(3)] {
            let err = parse(json!({"Operations": [{"op": "remove", "path": path}]})).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidPath), "{path}");
        }
    }

    #[test]
    fn the_number_of_operations_is_bounded() {
        let op = json!({"op": "remove", "path": "title"});
        let at_limit = json!({"Operations": vec![op.clone(); MAX_OPERATIONS]});
        assert_eq!(parse(at_limit).unwrap().operations().len(), MAX_OPERATIONS);
        let over = json!({"Operations": vec![op; MAX_OPERATIONS + 1]});
        let err = parse(over).unwrap_err();
        assert_eq!(err.status(), http::StatusCode::PAYLOAD_TOO_LARGE);
        assert!(err.detail().contains("1000"), "{}", err.detail());
    }

    #[test]
    fn from_slice_rejects_text_that_is_not_json() {
        let err = PatchRequest::from_slice(b"{]").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidSyntax));
    }
}
