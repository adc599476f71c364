//! The tokens of the filter grammar (RFC 7644 §3.4.2.2, Figure 1), as nom parsers over `&str`.
//!
//! Each parser consumes greedily and never backtracks more than one token, which keeps a whole
//! parse linear in the input's length.

use std::borrow::Cow;

use nom::IResult;
use nom::Parser as _;
use nom::bytes::complete::take_while1;
use nom::character::complete::{alpha1, multispace0};
use nom::error::ErrorKind;
use nom::number::complete::recognize_float;

use super::string::json_string;
use crate::ast::{AttrPath, CompValue, CompareOp, Number};
use crate::error::{Expected, Found, ParseErrorKind};

/// A parse failure at a place in the input. `at` is the unparsed rest of the input, from
/// which the byte offset is recovered at the top.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError<'a> {
    pub(crate) at: &'a str,
    pub(crate) kind: ParseErrorKind,
}

impl<'a> SyntaxError<'a> {
    pub(crate) fn expected(at: &'a str, expected: Expected) -> Self {
        SyntaxError {
            at,
            kind: ParseErrorKind::Expected {
                expected,
                found: Found::at(at),
            },
        }
    }

    /// A recoverable error: the caller may try something else at this place.
    pub(crate) fn error<T>(at: &'a str, expected: Expected) -> PResult<'a, T> {
        Err(nom::Err::Error(Self::expected(at, expected)))
    }

    /// An error no alternative can repair: the parse ends here.
    pub(crate) fn failure<T>(at: &'a str, kind: ParseErrorKind) -> PResult<'a, T> {
        Err(nom::Err::Failure(SyntaxError { at, kind }))
    }
}

impl<'a> nom::error::ParseError<&'a str> for SyntaxError<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        // Every call site names what it expected through `expecting`; this is only the
        // carrier of the position until then.
        SyntaxError::expected(input, Expected::Expression)
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

/// The result of every parser in this module.
pub(crate) type PResult<'a, T> = IResult<&'a str, T, SyntaxError<'a>>;

/// Restates a recoverable nom error as "expected `what`" at the place nom stopped.
fn expecting<'a, T>(result: PResult<'a, T>, what: Expected) -> PResult<'a, T> {
    result.map_err(|err| err.map(|e| SyntaxError::expected(e.at, what)))
}

/// Optional whitespace. SCIM's grammar says one space; clients send more, tabs or newlines.
pub(crate) fn ws0(input: &str) -> &str {
    multispace0::<_, SyntaxError<'_>>(input).map_or(input, |(rest, _)| rest)
}

/// `nameChar = "-" / "_" / DIGIT / ALPHA` (RFC 7644 §3.4.2.2).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The characters of a whole attribute path token: names, the `:` and `.` of URNs and
/// sub-attributes, and the `$` of `$ref`.
fn is_path_char(c: char) -> bool {
    is_name_char(c) || c == ':' || c == '.' || c == '$'
}

/// Whether `rest` starts with a character that would continue a name or keyword.
pub(crate) fn continues_word(rest: &str) -> bool {
    rest.chars().next().is_some_and(is_path_char)
}

/// `ATTRNAME = ALPHA *(nameChar)`, plus `$ref`, the one name RFC 7643 gives outside that
/// grammar (§2.3.7, §8.7.1).
fn is_attr_name(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_ascii_alphabetic() => chars.all(is_name_char),
        Some('$') => text.eq_ignore_ascii_case("$ref"),
        _ => false,
    }
}

fn name_at<'a>(token: &'a str, start: usize, end: usize) -> Result<&'a str, SyntaxError<'a>> {
    let name = &token[start..end];
    if is_attr_name(name) {
        Ok(name)
    } else {
        Err(SyntaxError {
            at: &token[start..],
            kind: ParseErrorKind::InvalidAttributeName(Found::at(name)),
        })
    }
}

/// `attrPath = [URI ":"] ATTRNAME *1subAttr`.
///
/// The path is one token of path characters. The URI is everything before its last `:`, so
/// the dots inside a URN such as `...:enterprise:2.0:User` never split a sub-attribute.
pub(crate) fn attr_path(input: &str) -> PResult<'_, AttrPath<'_>> {
    let (rest, token) = expecting(
        take_while1(is_path_char).parse(input),
        Expected::AttributePath,
    )?;
    let (uri, name_start) = match token.rfind(':') {
        Some(colon) => (Some(&token[..colon]), colon + 1),
        None => (None, 0),
    };
    if uri == Some("") {
        return SyntaxError::failure(
            token,
            ParseErrorKind::InvalidAttributeName(Found::at(token)),
        );
    }
    let (name_end, sub_start) = match token[name_start..].find('.') {
        Some(dot) => (name_start + dot, Some(name_start + dot + 1)),
        None => (token.len(), None),
    };
    let name = name_at(token, name_start, name_end).map_err(nom::Err::Failure)?;
    let sub_attr = match sub_start {
        Some(start) => Some(name_at(token, start, token.len()).map_err(nom::Err::Failure)?),
        None => None,
    };
    Ok((rest, AttrPath::from_parts(uri, name, sub_attr)))
}

/// A bare attribute name, as after the `.` of `valuePath "." subAttr` or inside brackets.
pub(crate) fn attr_name(input: &str) -> PResult<'_, &str> {
    let (rest, name) = expecting(
        take_while1(is_name_char_or_dollar).parse(input),
        Expected::SubAttribute,
    )?;
    if !is_attr_name(name) {
        return SyntaxError::failure(input, ParseErrorKind::InvalidAttributeName(Found::at(name)));
    }
    Ok((rest, name))
}

fn is_name_char_or_dollar(c: char) -> bool {
    is_name_char(c) || c == '$'
}

/// What follows an attribute path in an `attrExp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operator {
    /// `pr`.
    Present,
    /// Any operator that takes a value.
    Compare(CompareOp),
}

/// `compareOp` or `pr`, in any case (ABNF literals are case-insensitive, RFC 5234 §2.3).
pub(crate) fn operator(input: &str) -> PResult<'_, Operator> {
    let (rest, word) = expecting(alpha1(input), Expected::Operator)?;
    let op = match word.as_bytes() {
        [a, b] => match [a.to_ascii_lowercase(), b.to_ascii_lowercase()] {
            [b'e', b'q'] => Operator::Compare(CompareOp::Equal),
            [b'n', b'e'] => Operator::Compare(CompareOp::NotEqual),
            [b'c', b'o'] => Operator::Compare(CompareOp::Contains),
            [b's', b'w'] => Operator::Compare(CompareOp::StartsWith),
            [b'e', b'w'] => Operator::Compare(CompareOp::EndsWith),
            [b'g', b't'] => Operator::Compare(CompareOp::GreaterThan),
            [b'g', b'e'] => Operator::Compare(CompareOp::GreaterOrEqual),
            [b'l', b't'] => Operator::Compare(CompareOp::LessThan),
            [b'l', b'e'] => Operator::Compare(CompareOp::LessOrEqual),
            [b'p', b'r'] => Operator::Present,
            _ => return SyntaxError::error(input, Expected::Operator),
        },
        _ => return SyntaxError::error(input, Expected::Operator),
    };
    if continues_word(rest) {
        return SyntaxError::error(input, Expected::Operator);
    }
    Ok((rest, op))
}

/// `compValue = false / null / true / number / string`, keywords in any case.
pub(crate) fn comp_value(input: &str) -> PResult<'_, CompValue<'_>> {
    match input.as_bytes().first() {
        Some(b'"') => {
            let (rest, text) = json_string(input)?;
            Ok((rest, CompValue::String(text)))
        }
        Some(b'-' | b'0'..=b'9') => number(input),
        Some(c) if c.is_ascii_alphabetic() => {
            let (rest, word) = expecting(alpha1(input), Expected::Value)?;
            let value = if word.eq_ignore_ascii_case("true") {
                CompValue::Bool(true)
            } else if word.eq_ignore_ascii_case("false") {
                CompValue::Bool(false)
            } else if word.eq_ignore_ascii_case("null") {
                CompValue::Null
            } else {
                return SyntaxError::error(input, Expected::Value);
            };
            if continues_word(rest) {
                return SyntaxError::error(input, Expected::Value);
            }
            Ok((rest, value))
        }
        _ => SyntaxError::error(input, Expected::Value),
    }
}

/// A JSON number (RFC 8259 §6); an integer when written as one and within `i64`.
fn number(input: &str) -> PResult<'_, CompValue<'_>> {
    let (rest, text) = expecting(recognize_float(input), Expected::Value)?;
    if continues_word(rest) {
        return SyntaxError::error(input, Expected::Value);
    }
    let is_integer = !text.contains(['.', 'e', 'E']);
    if is_integer && let Ok(integer) = text.parse::<i64>() {
        return Ok((rest, CompValue::Number(Number::Integer(integer))));
    }
    match text.parse::<f64>() {
        Ok(decimal) if decimal.is_finite() => {
            Ok((rest, CompValue::Number(Number::Decimal(decimal))))
        }
        Ok(_) => SyntaxError::failure(input, ParseErrorKind::NumberOutOfRange),
        Err(_) => SyntaxError::error(input, Expected::Value),
    }
}

/// A case-insensitive keyword (`and`, `or`, `not`) standing as a whole word.
pub(crate) fn keyword<'a>(input: &'a str, word: &str) -> Option<&'a str> {
    let head = input.get(..word.len())?;
    let rest = &input[word.len()..];
    (head.eq_ignore_ascii_case(word) && !continues_word(rest)).then_some(rest)
}

/// Cow for borrowed names, in one place.
pub(crate) fn borrowed(name: &str) -> Cow<'_, str> {
    Cow::Borrowed(name)
}
