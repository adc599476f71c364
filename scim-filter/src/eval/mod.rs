//! Evaluating filters against JSON resources (RFC 7644 §3.4.2.2).
//!
//! The rules, each from the RFC unless marked as this crate's choice:
//! - Attribute names match case-insensitively (RFC 7643 §2.1); URN-qualified names of an
//!   extension look under the extension's key (RFC 7643 §3.3).
//! - Strings compare case-insensitively unless the attribute is `caseExact`; `dateTime`
//!   compares as instants; numbers numerically; booleans only with `eq`/`ne`; `gt`/`ge`/`lt`/
//!   `le` on boolean or binary attributes are errors, as are literals of the wrong type.
//! - A multi-valued attribute matches if any of its values does; a complex attribute compared
//!   without a sub-attribute compares its `value` sub-attribute.
//! - A value path's conditions hold on one and the same element.
//! - `pr` is false for an absent attribute, `null`, `""`, `[]` and `{}` (and for arrays and
//!   objects holding only such values).
//! - This crate's choice: `ne` is the negation of `eq` over the whole attribute, so
//!   `title ne "x"` matches a resource without a title, and `emails.type ne "work"` matches
//!   only resources with no work email. `eq null` means "has no value" and `ne null` "has a
//!   value".
//! - `and` and `or` stop at the first deciding term; [`validate_with`] checks every term's
//!   types against the schema without a resource, so a server can answer 400 even when no
//!   resource would reach the bad term.
//! - [`CompiledFilter`] does the schema's part of the work once (characteristics, extensions,
//!   comparison plans, and the checks of [`validate_with`]) for a filter tested against many
//!   resources; its answers are those of [`matches_with`].

mod compare;
mod compiled;
mod core_view;
mod text;
mod view;

pub use compiled::CompiledFilter;
pub use core_view::CoreSchemaView;
pub use view::{
    AttributeType, AttributeView, Characteristics, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA,
    USER_SCHEMA,
};

use serde_json::{Map, Value};

use crate::ast::{AttrPath, CompValue, CompareOp, Filter, ValueFilter};
use crate::error::EvalError;
use compare::{Comparison, plan};

/// Whether `resource` satisfies `filter`, with the characteristics of the core User, Group
/// and EnterpriseUser schemas ([`CoreSchemaView`]).
///
/// ```
/// use serde_json::json;
///
/// let filter = scim_filter::parse_filter(r#"meta.lastModified gt "2011-05-13T04:42:34Z""#)?;
/// let user = json!({"meta": {"lastModified": "2011-05-13T06:42:34+02:00"}});
/// assert!(!scim_filter::matches(&filter, &user)?); // the same instant, not later
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn matches(filter: &Filter<'_>, resource: &Value) -> Result<bool, EvalError> {
    matches_with(filter, resource, &CoreSchemaView)
}

/// Whether `resource` satisfies `filter`, with attribute characteristics from `view`. Each
/// call asks `view` about every attribute the filter names; [`CompiledFilter`] asks once
/// for any number of resources, with the same answers.
///
/// ```
/// use scim_filter::{CoreSchemaView, matches_with, parse_filter};
///
/// let filter = parse_filter(r#"emails[type eq "work" and value co "jensen.org"]"#)?;
/// let user = serde_json::json!({"emails": [
///     {"type": "work", "value": "bj@example.com"},
///     {"type": "home", "value": "babs@jensen.org"},
/// ]});
/// assert!(!matches_with(&filter, &user, &CoreSchemaView)?); // not on the same element
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn matches_with<V: AttributeView + ?Sized>(
    filter: &Filter<'_>,
    resource: &Value,
    view: &V,
) -> Result<bool, EvalError> {
    // A resource that is not an object has no attributes: nothing is present in it.
    let empty = Map::new();
    matches_object(filter, resource.as_object().unwrap_or(&empty), view)
}

/// Whether the resource whose attributes are `resource` satisfies `filter`: the same as
/// [`matches_with`], for a caller that holds the attributes rather than a JSON value (a
/// store filtering what it keeps, without copying it into a `Value`). A store testing many
/// resources against one filter compiles it once instead ([`CompiledFilter`]).
///
/// ```
/// use scim_filter::{CoreSchemaView, matches_object, parse_filter};
///
/// let filter = parse_filter(r#"userName eq "BJENSEN""#)?;
/// let user = serde_json::json!({"userName": "bjensen"});
/// assert!(matches_object(&filter, user.as_object().unwrap(), &CoreSchemaView)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn matches_object<V: AttributeView + ?Sized>(
    filter: &Filter<'_>,
    resource: &Map<String, Value>,
    view: &V,
) -> Result<bool, EvalError> {
    Evaluator { view }.filter(filter, resource)
}

/// Whether one element of the multi-valued attribute `parent` satisfies a value filter, as
/// a PATCH value path selects elements (RFC 7644 §3.5.2).
///
/// ```
/// use scim_filter::{AttrPath, CoreSchemaView, PatchPath, matches_value_filter, parse_path};
///
/// let PatchPath::ValuePath { path, filter, .. } = parse_path(r#"emails[type eq "WORK"]"#)? else {
///     unreachable!()
/// };
/// let element = serde_json::json!({"type": "work", "value": "bj@example.com"});
/// assert!(matches_value_filter(&filter, &path, &element, &CoreSchemaView)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn matches_value_filter<V: AttributeView + ?Sized>(
    filter: &ValueFilter<'_>,
    parent: &AttrPath<'_>,
    element: &Value,
    view: &V,
) -> Result<bool, EvalError> {
    Evaluator { view }.element(filter, parent, element)
}

/// Checks every comparison in `filter` against the attribute types `view` declares, without
/// a resource: the errors [`matches_with`] could raise on some resource, raised up front.
/// Attributes the view does not know are left to evaluation.
///
/// ```
/// use scim_filter::{CoreSchemaView, parse_filter, validate_with};
///
/// let filter = parse_filter(r#"userName eq "x" or meta.created gt "yesterday""#)?;
/// assert!(validate_with(&filter, &CoreSchemaView).is_err());
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
pub fn validate_with<V: AttributeView + ?Sized>(
    filter: &Filter<'_>,
    view: &V,
) -> Result<(), EvalError> {
    let evaluator = Evaluator { view };
    match filter {
        Filter::Present(_) => Ok(()),
        Filter::Compare { path, op, value } => evaluator.comparison(path, *op, value).map(drop),
        Filter::ValuePath { path, filter } => evaluator.validate_element(filter, path),
        Filter::Not(inner) => validate_with(inner, view),
        Filter::And(terms) | Filter::Or(terms) => {
            terms.iter().try_for_each(|t| validate_with(t, view))
        }
    }
}

/// `object[key]`, with the key matched case-insensitively (RFC 7643 §2.1).
fn get_ignore_case<'r>(object: &'r Value, key: &str) -> Option<&'r Value> {
    map_get_ignore_case(object.as_object()?, key)
}

/// The member `key` of `map`, exactly or else without ASCII case (RFC 7643 §2.1).
fn map_get_ignore_case<'r>(map: &'r Map<String, Value>, key: &str) -> Option<&'r Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Whether a value counts as present for `pr` (RFC 7644 §3.4.2.2: "a non-empty value, or
/// ... a non-empty node for complex attributes").
fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => items.iter().any(is_present),
        Value::Object(members) => members.values().any(is_present),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// Calls `test` on each scalar value of an attribute: each element of an array, the
/// sub-attribute of each element when there is one, and the `value` of complex elements
/// compared whole. Stops at the first `true`.
fn any_value(
    attribute: &Value,
    sub_attr: Option<&str>,
    test: &mut dyn FnMut(&Value) -> Result<bool, EvalError>,
) -> Result<bool, EvalError> {
    let mut one = |element: &Value| -> Result<bool, EvalError> {
        let scalar = match (sub_attr, element) {
            (Some(sub), element) => get_ignore_case(element, sub),
            (None, Value::Object(_)) => get_ignore_case(element, "value"),
            (None, scalar) => Some(scalar),
        };
        match scalar {
            Some(Value::Array(items)) => {
                for item in items {
                    if test(item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(scalar) => test(scalar),
            None => Ok(false),
        }
    };
    match attribute {
        Value::Array(elements) => {
            for element in elements {
                if one(element)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        element => one(element),
    }
}

struct Evaluator<'v, V: ?Sized> {
    view: &'v V,
}

impl<V: AttributeView + ?Sized> Evaluator<'_, V> {
    fn filter(
        &self,
        filter: &Filter<'_>,
        resource: &Map<String, Value>,
    ) -> Result<bool, EvalError> {
        match filter {
            Filter::Present(path) => Ok(self.present(path, resource)),
            Filter::Compare { path, op, value } => self.compare(path, *op, value, resource),
            Filter::ValuePath { path, filter } => self.value_path(path, filter, resource),
            Filter::Not(inner) => Ok(!self.filter(inner, resource)?),
            Filter::And(terms) => {
                for term in terms {
                    if !self.filter(term, resource)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Filter::Or(terms) => {
                for term in terms {
                    if self.filter(term, resource)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// The attribute a path names (not yet its sub-attribute), if the resource has it.
    fn locate<'r>(
        &self,
        path: &AttrPath<'_>,
        resource: &'r Map<String, Value>,
    ) -> Option<&'r Value> {
        let extension = path.uri().is_some_and(|uri| self.view.is_extension(uri));
        locate(path, extension, resource)
    }

    fn present(&self, path: &AttrPath<'_>, resource: &Map<String, Value>) -> bool {
        present_in(self.locate(path, resource), path.sub_attr())
    }

    /// The plan for `path op value`: a complex attribute compared whole compares its `value`.
    fn comparison<'f>(
        &self,
        path: &AttrPath<'_>,
        op: CompareOp,
        value: &'f CompValue<'f>,
    ) -> Result<Comparison<'f>, EvalError> {
        let (schema, name) = (path.uri(), path.name());
        let chars = match path.sub_attr() {
            Some(sub) => self.view.sub_attribute(schema, name, sub),
            None => match self.view.attribute(schema, name) {
                Some(c) if c.attr_type == AttributeType::Complex => {
                    self.view.sub_attribute(schema, name, "value").or(Some(c))
                }
                other => other,
            },
        };
        plan(chars, op, value, || path.to_string())
    }

    fn compare(
        &self,
        path: &AttrPath<'_>,
        op: CompareOp,
        value: &CompValue<'_>,
        resource: &Map<String, Value>,
    ) -> Result<bool, EvalError> {
        let comparison = self.comparison(path, op, value)?;
        compare_in(&comparison, self.locate(path, resource), path)
    }

    fn value_path(
        &self,
        path: &AttrPath<'_>,
        filter: &ValueFilter<'_>,
        resource: &Map<String, Value>,
    ) -> Result<bool, EvalError> {
        match self.locate(path, resource) {
            // With no element to test, the comparisons are still checked against the schema,
            // as a plain comparison is, so a type error does not depend on the data.
            None => self.validate_element(filter, path).map(|()| false),
            Some(Value::Array(elements)) if elements.is_empty() => {
                self.validate_element(filter, path).map(|()| false)
            }
            Some(Value::Array(elements)) => {
                for element in elements {
                    if self.element(filter, path, element)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(element) => self.element(filter, path, element),
        }
    }

    /// A value filter on one element of `parent`.
    fn element(
        &self,
        filter: &ValueFilter<'_>,
        parent: &AttrPath<'_>,
        element: &Value,
    ) -> Result<bool, EvalError> {
        match filter {
            ValueFilter::Present(sub) => Ok(sub_value(element, sub).is_some_and(is_present)),
            ValueFilter::Compare {
                sub_attr,
                op,
                value,
            } => {
                let comparison = self.element_comparison(parent, sub_attr, *op, value)?;
                compare_element(&comparison, element, parent, sub_attr)
            }
            ValueFilter::Not(inner) => Ok(!self.element(inner, parent, element)?),
            ValueFilter::And(terms) => {
                for term in terms {
                    if !self.element(term, parent, element)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            ValueFilter::Or(terms) => {
                for term in terms {
                    if self.element(term, parent, element)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    fn element_comparison<'f>(
        &self,
        parent: &AttrPath<'_>,
        sub_attr: &str,
        op: CompareOp,
        value: &'f CompValue<'f>,
    ) -> Result<Comparison<'f>, EvalError> {
        let chars = self
            .view
            .sub_attribute(parent.uri(), parent.name(), sub_attr);
        plan(chars, op, value, || format!("{parent}.{sub_attr}"))
    }

    fn validate_element(
        &self,
        filter: &ValueFilter<'_>,
        parent: &AttrPath<'_>,
    ) -> Result<(), EvalError> {
        match filter {
            ValueFilter::Present(_) => Ok(()),
            ValueFilter::Compare {
                sub_attr,
                op,
                value,
            } => self
                .element_comparison(parent, sub_attr, *op, value)
                .map(drop),
            ValueFilter::Not(inner) => self.validate_element(inner, parent),
            ValueFilter::And(terms) | ValueFilter::Or(terms) => terms
                .iter()
                .try_for_each(|t| self.validate_element(t, parent)),
        }
    }
}

/// The attribute `path` names (not yet its sub-attribute), if `resource` has it: under the
/// extension's key when `extension` says the path's URN is an extension's (RFC 7643 §3.3),
/// else at the top.
#[inline]
fn locate<'r>(
    path: &AttrPath<'_>,
    extension: bool,
    resource: &'r Map<String, Value>,
) -> Option<&'r Value> {
    match path.uri() {
        Some(uri) if extension => get_ignore_case(map_get_ignore_case(resource, uri)?, path.name()),
        _ => map_get_ignore_case(resource, path.name()),
    }
}

/// `pr` on a located attribute, or on its sub-attribute `sub_attr` in some element.
#[inline]
fn present_in(attribute: Option<&Value>, sub_attr: Option<&str>) -> bool {
    let Some(attribute) = attribute else {
        return false;
    };
    match sub_attr {
        None => is_present(attribute),
        Some(sub) => match attribute {
            Value::Array(elements) => elements
                .iter()
                .any(|element| get_ignore_case(element, sub).is_some_and(is_present)),
            object => get_ignore_case(object, sub).is_some_and(is_present),
        },
    }
}

/// A planned comparison of `path` on the attribute located for it.
#[inline]
fn compare_in(
    comparison: &Comparison<'_>,
    attribute: Option<&Value>,
    path: &AttrPath<'_>,
) -> Result<bool, EvalError> {
    let (plan, negated) = match comparison {
        Comparison::Presence { wanted } => {
            return Ok(present_in(attribute, path.sub_attr()) == *wanted);
        }
        Comparison::Values { plan, negated } => (plan, *negated),
    };
    let found = match attribute {
        None => false,
        Some(attribute) => any_value(attribute, path.sub_attr(), &mut |stored| {
            plan.test(stored, || path.to_string())
        })?,
    };
    Ok(found != negated)
}

/// A planned comparison of sub-attribute `sub_attr` on one element of `parent`.
#[inline]
fn compare_element(
    comparison: &Comparison<'_>,
    element: &Value,
    parent: &AttrPath<'_>,
    sub_attr: &str,
) -> Result<bool, EvalError> {
    let stored = sub_value(element, sub_attr);
    let (plan, negated) = match comparison {
        Comparison::Presence { wanted } => return Ok(stored.is_some_and(is_present) == *wanted),
        Comparison::Values { plan, negated } => (plan, *negated),
    };
    let found = match stored {
        None => false,
        Some(stored) => any_value(stored, None, &mut |scalar| {
            plan.test(scalar, || format!("{parent}.{sub_attr}"))
        })?,
    };
    Ok(found != negated)
}

/// A sub-attribute of an element; for an element that is not an object (a multi-valued
/// attribute of simple values), `value` names the element itself.
fn sub_value<'r>(element: &'r Value, sub_attr: &str) -> Option<&'r Value> {
    match element {
        Value::Object(_) => get_ignore_case(element, sub_attr),
        scalar if sub_attr.eq_ignore_ascii_case("value") => Some(scalar),
        _ => None,
    }
}
