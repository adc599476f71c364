//! One comparison: how an operator and a literal apply to an attribute of a given type
//! (RFC 7644 §3.4.2.2), decided once, then tested against each stored value.

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::text;
use super::view::{AttributeType, Characteristics};
use crate::ast::{CompValue, CompareOp, Number};
use crate::error::EvalError;

/// How to test one stored value, with `ne` already turned into a negated `eq`.
#[derive(Debug)]
pub(crate) enum Plan<'f> {
    /// Strings, references, binary, and dateTime with `co`/`sw`/`ew`.
    Text {
        op: CompareOp,
        wanted: &'f str,
        case_exact: bool,
    },
    /// dateTime compared as instants.
    Instant {
        op: CompareOp,
        wanted: DateTime<Utc>,
    },
    /// Integers and decimals.
    Number { op: CompareOp, wanted: Number },
    /// Booleans (`eq` only, after negation).
    Bool { wanted: bool },
    /// An attribute no schema describes: compared by the stored value's JSON type.
    Dynamic {
        op: CompareOp,
        wanted: &'f CompValue<'f>,
    },
}

/// What a comparison asks of an attribute.
#[derive(Debug)]
pub(crate) enum Comparison<'f> {
    /// `eq null` / `ne null`: whether the attribute has a value at all, decided for the
    /// attribute as a whole rather than value by value.
    Presence { wanted: bool },
    /// Whether some value passes `plan`; the answer is negated for `ne`.
    Values { plan: Plan<'f>, negated: bool },
}

/// The literal's kind, for error messages.
fn literal_kind(value: &CompValue<'_>) -> &'static str {
    match value {
        CompValue::Null => "null",
        CompValue::Bool(_) => "a boolean",
        CompValue::Number(_) => "a number",
        CompValue::String(_) => "a string",
    }
}

/// Decides how `op value` compares an attribute with characteristics `chars` (`None`: no
/// schema knows it). `attribute` names the attribute in errors.
pub(crate) fn plan<'f>(
    chars: Option<Characteristics>,
    op: CompareOp,
    value: &'f CompValue<'f>,
    attribute: impl Fn() -> String,
) -> Result<Comparison<'f>, EvalError> {
    let (op, negated) = match op {
        CompareOp::NotEqual => (CompareOp::Equal, true),
        other => (other, false),
    };
    let attr_type = chars.map(|c| c.attr_type);
    let not_applicable = |attr_type: AttributeType| EvalError::OperatorNotApplicable {
        op: if negated { "ne" } else { op.keyword() },
        attr_type: attr_type.name(),
        attribute: attribute(),
    };
    let mismatch = |attr_type: Option<AttributeType>| EvalError::ValueTypeMismatch {
        attr_type: attr_type.map_or("an unknown", AttributeType::name),
        attribute: attribute(),
        value: literal_kind(value),
    };
    let plan = match (attr_type, value) {
        (_, CompValue::Null) if op == CompareOp::Equal => {
            return Ok(Comparison::Presence { wanted: negated });
        }
        (_, CompValue::Null) => return Err(mismatch(attr_type)),
        (None, wanted) => Plan::Dynamic { op, wanted },
        (Some(t @ AttributeType::Complex), _) => return Err(not_applicable(t)),
        (Some(t @ (AttributeType::Boolean | AttributeType::Binary)), _) if op.is_ordering() => {
            return Err(not_applicable(t));
        }
        (
            Some(t @ (AttributeType::Boolean | AttributeType::Integer | AttributeType::Decimal)),
            _,
        ) if op.is_substring() => {
            return Err(not_applicable(t));
        }
        (Some(AttributeType::Boolean), CompValue::Bool(wanted)) => Plan::Bool { wanted: *wanted },
        (Some(AttributeType::Integer | AttributeType::Decimal), CompValue::Number(wanted)) => {
            Plan::Number {
                op,
                wanted: *wanted,
            }
        }
        (Some(AttributeType::DateTime), CompValue::String(wanted)) if op.is_substring() => {
            Plan::Text {
                op,
                wanted,
                case_exact: false,
            }
        }
        (Some(AttributeType::DateTime), CompValue::String(wanted)) => match parse_date_time(wanted)
        {
            Some(wanted) => Plan::Instant { op, wanted },
            None => {
                return Err(EvalError::InvalidDateTime {
                    value: wanted.to_string(),
                    attribute: attribute(),
                });
            }
        },
        // Base64 is case-significant (RFC 4648 §4), whatever a schema declares: two
        // certificates differing in case are different certificates.
        (Some(AttributeType::Binary), CompValue::String(wanted)) => Plan::Text {
            op,
            wanted,
            case_exact: true,
        },
        (Some(AttributeType::String | AttributeType::Reference), CompValue::String(wanted)) => {
            Plan::Text {
                op,
                wanted,
                case_exact: chars.is_some_and(|c| c.case_exact),
            }
        }
        (attr_type, _) => return Err(mismatch(attr_type)),
    };
    Ok(Comparison::Values { plan, negated })
}

/// An xsd:dateTime (RFC 7643 §2.3.5): RFC 3339 with an offset, or without one (taken as UTC).
pub(crate) fn parse_date_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

fn holds(op: CompareOp, order: Ordering) -> bool {
    match op {
        CompareOp::Equal | CompareOp::NotEqual => order == Ordering::Equal,
        CompareOp::GreaterThan => order == Ordering::Greater,
        CompareOp::GreaterOrEqual => order != Ordering::Less,
        CompareOp::LessThan => order == Ordering::Less,
        CompareOp::LessOrEqual => order != Ordering::Greater,
        CompareOp::Contains | CompareOp::StartsWith | CompareOp::EndsWith => false,
    }
}

fn text_holds(op: CompareOp, stored: &str, wanted: &str, case_exact: bool) -> bool {
    match (op, case_exact) {
        (CompareOp::Equal, true) => stored == wanted,
        (CompareOp::Equal, false) => text::eq_ignore_case(stored, wanted),
        (CompareOp::Contains, true) => stored.contains(wanted),
        (CompareOp::Contains, false) => text::contains_ignore_case(stored, wanted),
        (CompareOp::StartsWith, true) => stored.starts_with(wanted),
        (CompareOp::StartsWith, false) => text::starts_with_ignore_case(stored, wanted),
        (CompareOp::EndsWith, true) => stored.ends_with(wanted),
        (CompareOp::EndsWith, false) => text::ends_with_ignore_case(stored, wanted),
        (op, true) => holds(op, stored.cmp(wanted)),
        (op, false) => holds(op, text::cmp_ignore_case(stored, wanted)),
    }
}

fn number_order(stored: &serde_json::Number, wanted: Number) -> Option<Ordering> {
    match (stored.as_i64(), wanted) {
        (Some(stored), Number::Integer(wanted)) => Some(stored.cmp(&wanted)),
        _ => stored.as_f64()?.partial_cmp(&wanted.as_f64()),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "decimal",
        Value::String(_) => "string",
        Value::Array(_) => "multi-valued",
        Value::Object(_) => "complex",
    }
}

impl Plan<'_> {
    /// Whether one stored (non-array) value satisfies the comparison. A stored value of
    /// another type than the schema declares does not match: the data, not the filter, is
    /// at fault. Without a schema, a literal of another type than the stored value is an
    /// error, as it would be with one.
    pub(crate) fn test(
        &self,
        stored: &Value,
        attribute: impl Fn() -> String,
    ) -> Result<bool, EvalError> {
        Ok(match (self, stored) {
            (
                Plan::Text {
                    op,
                    wanted,
                    case_exact,
                },
                Value::String(stored),
            ) => text_holds(*op, stored, wanted, *case_exact),
            (Plan::Instant { op, wanted }, Value::String(stored)) => {
                parse_date_time(stored).is_some_and(|stored| holds(*op, stored.cmp(wanted)))
            }
            (Plan::Number { op, wanted }, Value::Number(stored)) => {
                number_order(stored, *wanted).is_some_and(|order| holds(*op, order))
            }
            (Plan::Bool { wanted }, Value::Bool(stored)) => stored == wanted,
            (Plan::Dynamic { .. }, Value::Null) => false,
            (Plan::Dynamic { op, wanted }, stored) => dynamic_test(*op, wanted, stored, attribute)?,
            _ => false,
        })
    }
}

fn dynamic_test(
    op: CompareOp,
    wanted: &CompValue<'_>,
    stored: &Value,
    attribute: impl Fn() -> String,
) -> Result<bool, EvalError> {
    let not_applicable = |attr_type| EvalError::OperatorNotApplicable {
        op: op.keyword(),
        attr_type,
        attribute: attribute(),
    };
    match (stored, wanted) {
        (Value::String(stored), CompValue::String(wanted)) => {
            Ok(text_holds(op, stored, wanted, false))
        }
        (Value::Number(_), CompValue::Number(_)) if op.is_substring() => {
            Err(not_applicable(json_kind(stored)))
        }
        (Value::Number(stored), CompValue::Number(wanted)) => {
            Ok(number_order(stored, *wanted).is_some_and(|order| holds(op, order)))
        }
        (Value::Bool(stored), CompValue::Bool(wanted)) if op == CompareOp::Equal => {
            Ok(stored == wanted)
        }
        (Value::Bool(_), CompValue::Bool(_)) => Err(not_applicable("boolean")),
        (stored, wanted) => Err(EvalError::ValueTypeMismatch {
            attr_type: json_kind(stored),
            attribute: attribute(),
            value: literal_kind(wanted),
        }),
    }
}
