//! The body of a `POST /.search` (RFC 7644 §3.4.3; RFC 9865 §3 adds `cursor`), read into
//! the same [`ListQuery`] as a `GET`'s query parameters.

use serde_json::Value;

use super::limits::QueryLimits;
use super::params::{
    ListQuery, Param, Parts, check_len, parse_cursor, parse_filter_text, parse_paths,
    parse_sort_by, parse_sort_order,
};
use crate::error::ScimError;
use crate::resource::{get_ignore_case, json_kind};

/// The URN a `/.search` body names in `schemas` (RFC 7644 §3.4.3).
///
/// ```
/// assert!(scim_core::query::SEARCH_REQUEST_SCHEMA.ends_with(":messages:2.0:SearchRequest"));
/// ```
pub const SEARCH_REQUEST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

impl ListQuery {
    /// The query of a `POST` to `/.search` (RFC 7644 §3.4.3), from its JSON body.
    ///
    /// - The body is an object whose `schemas` lists [`SEARCH_REQUEST_SCHEMA`]; otherwise
    ///   `invalidSyntax`.
    /// - Member names are matched without case, as attribute names are (RFC 7643 §2.1);
    ///   members this library does not know are ignored, and `null` is the same as absent
    ///   (RFC 7643 §2.5).
    /// - `attributes` and `excludedAttributes` are arrays of attribute paths (a single
    ///   comma-separated string is accepted too); `filter`, `sortBy`, `sortOrder` and
    ///   `cursor` are strings; `startIndex` and `count` are integers (a decimal with no
    ///   fraction, such as `10.0`, counts as one).
    /// - Everything else follows [`ListQuery::from_query_pairs`]: the same bounds, defaults,
    ///   and errors.
    ///
    /// ```
    /// use scim_core::query::{ListQuery, Pagination, QueryLimits};
    /// use serde_json::json;
    ///
    /// // RFC 7644 §3.4.3, Figure 5.
    /// let query = ListQuery::from_search_request(&json!({
    ///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
    ///     "attributes": ["displayName", "userName"],
    ///     "filter": "displayName sw \"smith\"",
    ///     "startIndex": 1,
    ///     "count": 10
    /// }), &QueryLimits::DEFAULT)?;
    /// assert_eq!(query.filter.unwrap().to_string(), r#"displayName sw "smith""#);
    /// assert_eq!(query.attributes.len(), 2);
    /// assert_eq!((query.pagination, query.count), (Pagination::Index { start_index: 1 }, 10));
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn from_search_request(body: &Value, limits: &QueryLimits) -> Result<ListQuery, ScimError> {
        let Value::Object(members) = body else {
            return Err(ScimError::invalid_syntax(format!(
                "a SearchRequest must be a JSON object, not {}",
                json_kind(body)
            )));
        };
        check_schemas(get_ignore_case(members, "schemas"))?;
        let mut parts = Parts::default();
        for (name, value) in members {
            let Some(param) = Param::from_name(name) else {
                continue;
            };
            parts.mark_seen(param)?;
            if value.is_null() {
                continue;
            }
            match param {
                Param::Filter => parts.filter = parse_filter_text(text(param, value)?, limits)?,
                Param::SortBy => {
                    parts.sort_by = parse_sort_by(bounded_text(param, value, limits)?)?;
                }
                Param::SortOrder => {
                    parts.sort_order = Some(parse_sort_order(bounded_text(param, value, limits)?)?);
                }
                Param::StartIndex | Param::Count => {
                    let number = integer(param, value)?;
                    if param == Param::Count {
                        parts.count = Some(number);
                    } else {
                        parts.start_index = Some(number);
                    }
                }
                Param::Attributes | Param::ExcludedAttributes => {
                    let paths = path_list(param, value, limits)?;
                    parts.set_paths(param, paths);
                }
                Param::Cursor => {
                    parts.cursor = Some(parse_cursor(bounded_text(param, value, limits)?)?);
                }
            }
        }
        parts.finish(limits)
    }
}

/// `schemas` must list the SearchRequest URN (RFC 7644 §3.4.3).
fn check_schemas(schemas: Option<&Value>) -> Result<(), ScimError> {
    let listed = match schemas {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .any(|urn| urn.eq_ignore_ascii_case(SEARCH_REQUEST_SCHEMA)),
        Some(Value::String(urn)) => urn.eq_ignore_ascii_case(SEARCH_REQUEST_SCHEMA),
        _ => false,
    };
    if listed {
        Ok(())
    } else {
        Err(ScimError::invalid_syntax(format!(
            "a SearchRequest's `schemas` must be [\"{SEARCH_REQUEST_SCHEMA}\"] (RFC 7644 §3.4.3)"
        )))
    }
}

fn text(param: Param, value: &Value) -> Result<&str, ScimError> {
    value.as_str().ok_or_else(|| {
        param.error(format!(
            "`{}` must be a string, not {}",
            param.name(),
            json_kind(value)
        ))
    })
}

fn bounded_text<'v>(
    param: Param,
    value: &'v Value,
    limits: &QueryLimits,
) -> Result<&'v str, ScimError> {
    let text = text(param, value)?;
    check_len(param, text, limits)?;
    Ok(text)
}

/// A JSON integer, or a decimal with no fraction; out-of-range magnitudes saturate.
fn integer(param: Param, value: &Value) -> Result<i64, ScimError> {
    let not_integer = || {
        param.error(format!(
            "`{}` must be an integer, not {}",
            param.name(),
            json_kind(value)
        ))
    };
    let Value::Number(number) = value else {
        return Err(not_integer());
    };
    if let Some(int) = number.as_i64() {
        return Ok(int);
    }
    if number.is_u64() {
        return Ok(i64::MAX);
    }
    match number.as_f64() {
        // `as` saturates at the bounds of i64.
        Some(f) if f.is_finite() && f.fract() == 0.0 => Ok(f as i64),
        _ => Err(param.error(format!(
            "`{}` must be an integer, not {number}",
            param.name()
        ))),
    }
}

/// An array of attribute paths, or one comma-separated string of them.
fn path_list(
    param: Param,
    value: &Value,
    limits: &QueryLimits,
) -> Result<Vec<scim_filter::AttrPath<'static>>, ScimError> {
    match value {
        Value::String(list) => {
            check_len(param, list, limits)?;
            parse_paths(param, list.split(','), limits)
        }
        Value::Array(items) => {
            if items.len() > limits.max_attribute_paths {
                return Err(param.error(format!(
                    "`{}` names more than {} attributes",
                    param.name(),
                    limits.max_attribute_paths
                )));
            }
            let names = items
                .iter()
                .map(|item| bounded_text(param, item, limits))
                .collect::<Result<Vec<&str>, ScimError>>()?;
            parse_paths(param, names.into_iter(), limits)
        }
        other => Err(param.error(format!(
            "`{}` must be an array of attribute names, not {}",
            param.name(),
            json_kind(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ScimType;
    use crate::query::{Pagination, SortOrder};

    fn search(body: Value) -> Result<ListQuery, ScimError> {
        ListQuery::from_search_request(&body, &QueryLimits::DEFAULT)
    }

    #[test]
    fn rfc7644_s3_4_3_search_request_reads_every_parameter() {
        let q = search(json!({
            "schemas": [SEARCH_REQUEST_SCHEMA],
            "attributes": ["displayName", "userName"],
            "excludedAttributes": [],
            "filter": "displayName sw \"smith\"",
            "sortBy": "userName",
            "sortOrder": "Descending",
            "startIndex": 11,
            "count": 10,
        }))
        .unwrap();
        assert_eq!(q.filter.unwrap().to_string(), r#"displayName sw "smith""#);
        let names: Vec<_> = q.attributes.iter().map(|p| p.as_str()).collect();
        assert_eq!(names, ["displayName", "userName"]);
        assert_eq!(q.sort_by.unwrap().as_str(), "userName");
        assert_eq!(q.sort_order, SortOrder::Descending);
        assert_eq!(q.pagination, Pagination::Index { start_index: 11 });
        assert_eq!(q.count, 10);
    }

    #[test]
    fn rfc7644_s3_4_3_schemas_must_name_search_request() {
        for body in [
            json!({"filter": "userName pr"}),
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}),
            json!({"schemas": 7}),
            json!(["not", "an", "object"]),
        ] {
            let err = search(body.clone()).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidSyntax), "{body}");
        }
        assert!(
            search(json!({"SCHEMAS": "URN:ietf:params:scim:api:messages:2.0:searchrequest"}))
                .is_ok()
        );
    }

    #[test]
    fn rfc9865_s3_cursor_in_a_search_body() {
        let q = search(json!({
            "schemas": [SEARCH_REQUEST_SCHEMA],
            "attributes": ["displayName", "userName"],
            "filter": "displayName sw \"smith\"",
            "cursor": "",
            "count": 10
        }))
        .unwrap();
        assert_eq!(q.pagination, Pagination::Cursor { cursor: None });
        let err =
            search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "cursor": "", "startIndex": 1}))
                .unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
    }

    #[test]
    fn numbers_must_be_integers() {
        let q =
            search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "count": 10.0, "startIndex": -3}))
                .unwrap();
        assert_eq!((q.count, q.start_index()), (10, 1));
        let q = search(
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "count": u64::MAX, "startIndex": 1e300}),
        )
        .unwrap();
        let largest = usize::try_from(i64::MAX).unwrap_or(usize::MAX);
        assert_eq!((q.count, q.start_index()), (1000, largest));
        for count in [json!("10"), json!(1.5), json!(true), json!([10])] {
            let err =
                search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "count": count})).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidValue), "{count}");
        }
    }

    #[test]
    fn member_names_are_case_insensitive_nulls_absent_unknown_ignored() {
        let q = search(json!({
            "schemas": [SEARCH_REQUEST_SCHEMA],
            "Filter": "title pr",
            "COUNT": 3,
            "sortBy": null,
            "extra": {"anything": true},
        }))
        .unwrap();
        assert_eq!(q.filter.unwrap().to_string(), "title pr");
        assert_eq!(q.count, 3);
        assert_eq!(q.sort_by, None);
        let err = search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "count": 1, "Count": 2}))
            .unwrap_err();
        assert_eq!(err.detail(), "`count` is given more than once");
    }

    #[test]
    fn wrong_json_types_are_refused() {
        let err = search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "filter": 5})).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter));
        let err =
            search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "attributes": [1]})).unwrap_err();
        assert_eq!(err.detail(), "`attributes` must be a string, not a number");
        let err = search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "excludedAttributes": {}}))
            .unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
        let err = search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "sortOrder": 1})).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
    }

    #[test]
    fn attributes_as_one_comma_separated_string() {
        let q = search(
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "attributes": "userName, emails.value"}),
        )
        .unwrap();
        let names: Vec<_> = q.attributes.iter().map(|p| p.as_str()).collect();
        assert_eq!(names, ["userName", "emails.value"]);
    }

    #[test]
    fn bad_filter_in_a_body_is_invalid_filter() {
        let err = search(json!({"schemas": [SEARCH_REQUEST_SCHEMA], "filter": "userName eq"}))
            .unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter));
    }

    #[test]
    fn too_many_attributes_in_a_body_are_refused() {
        let limits = QueryLimits {
            max_attribute_paths: 1,
            ..QueryLimits::DEFAULT
        };
        let body = json!({"schemas": [SEARCH_REQUEST_SCHEMA], "attributes": ["a", "b"]});
        let err = ListQuery::from_search_request(&body, &limits).unwrap_err();
        assert_eq!(err.detail(), "`attributes` names more than 1 attributes");
    }
}
