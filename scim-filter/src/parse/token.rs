//! The tokens of the filter grammar (RFC 7644 §3.4.2.2, Figure 1), as nom parsers over `&str`.
//!
//! Each parser consumes greedily and never backtracks more than one token, which keeps a whole
//! parse linear in the input's length.

use nom::IResult;
use nom::Parser as _;
use nom::bytes::complete::take_while1;
use nom::number::complete::recognize_float;

use super::class;
use super::fault::{Fault, PResult, SyntaxError};
use super::string::json_string;
use crate::ast::{AttrPath, CompValue, CompareOp, Number};
use crate::error::Expected;

/// The longest non-empty prefix of `input` whose bytes are all of class `mask`, scanned by
/// nom over bytes. The classes hold only ASCII, so the split is a character boundary.
fn ascii_prefix(input: &str, mask: u8) -> Option<(&str, &str)> {
    let scanned: IResult<&[u8], &[u8], ()> =
        take_while1(|b| class::is(b, mask)).parse(input.as_bytes());
    let len = scanned.ok()?.1.len();
    Some((&input[len..], &input[..len]))
}

/// Optional whitespace. SCIM's grammar says one space; clients send more, tabs or newlines.
#[inline]
pub(crate) fn ws0(input: &str) -> &str {
    let bytes = input.as_bytes();
    match bytes {
        // The grammar's one space, the common case, without a scan.
        [b' ', next, ..] if !class::is(*next, class::SPACE) => &input[1..],
        [first, ..] if class::is(*first, class::SPACE) => {
            ascii_prefix(input, class::SPACE).map_or(input, |(rest, _)| rest)
        }
        _ => input,
    }
}

/// Whether `rest` starts with a character that would continue a name or keyword.
#[inline]
pub(crate) fn continues_word(rest: &str) -> bool {
    rest.as_bytes()
        .first()
        .is_some_and(|&b| class::is(b, class::PATH))
}

/// `ATTRNAME = ALPHA *(nameChar)`, plus `$ref`, the one name RFC 7643 gives outside that
/// grammar (§2.3.7, §8.7.1).
fn is_attr_name(name: &[u8]) -> bool {
    match name.split_first() {
        Some((&first, rest)) if class::is(first, class::ALPHA) => {
            rest.iter().all(|&b| class::is(b, class::NAME))
        }
        Some((b'$', _)) => name.eq_ignore_ascii_case(b"$ref"),
        _ => false,
    }
}

/// Checks the name at `input[start..end]` (`input` starts with the token holding it).
fn check_name(input: &str, start: usize, end: usize) -> Result<(), nom::Err<SyntaxError<'_>>> {
    let fault = match &input.as_bytes()[start..end] {
        [] if start == 0 => Fault::Expected(Expected::AttributePath),
        [] => Fault::Expected(Expected::AttributeName),
        name if is_attr_name(name) => return Ok(()),
        _ => Fault::InvalidAttributeName,
    };
    Err(nom::Err::Failure(SyntaxError {
        at: &input[start..],
        fault,
    }))
}

/// `attrPath = [URI ":"] ATTRNAME *1subAttr`.
///
/// The path is one token of path characters. The URI is everything before its last `:`, so
/// the dots inside a URN such as `...:enterprise:2.0:User` never split a sub-attribute.
/// The hottest token of the grammar: one pass finds its end, its last `:` and the first `.`
/// after that.
#[inline]
pub(crate) fn attr_path(input: &str) -> PResult<'_, AttrPath<'_>> {
    let bytes = input.as_bytes();
    let (mut end, mut colon, mut dot) = (0, None, None);
    while let Some(&b) = bytes.get(end) {
        if !class::is(b, class::PATH) {
            break;
        }
        match b {
            b':' => (colon, dot) = (Some(end), None),
            b'.' if dot.is_none() => dot = Some(end),
            _ => {}
        }
        end += 1;
    }
    if end == 0 {
        return SyntaxError::error(input, Expected::AttributePath);
    }
    let (token, rest) = input.split_at(end);
    let name_start = match colon {
        // A URI starts with its scheme, which starts with a letter (RFC 3986 §3.1).
        Some(_) if !class::is(bytes[0], class::ALPHA) => {
            return SyntaxError::failure(token, Fault::InvalidUri);
        }
        Some(colon) => colon + 1,
        None => 0,
    };
    check_name(input, name_start, dot.unwrap_or(end))?;
    if let Some(dot) = dot {
        check_name(input, dot + 1, end)?;
    }
    Ok((
        rest,
        AttrPath::from_parts(token, name_start, dot.map(|dot| dot + 1)),
    ))
}

/// A bare attribute name, as after the `.` of `valuePath "." subAttr`.
pub(crate) fn attr_name(input: &str) -> PResult<'_, &str> {
    let Some((rest, name)) = ascii_prefix(input, class::PATH) else {
        return SyntaxError::error(input, Expected::SubAttribute);
    };
    check_name(input, 0, name.len())?;
    Ok((rest, name))
}

/// A run of letters (operators and keywords).
fn word(input: &str) -> Option<(&str, &str)> {
    ascii_prefix(input, class::ALPHA)
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
#[inline]
pub(crate) fn operator(input: &str) -> PResult<'_, Operator> {
    let Some((rest, word)) = word(input) else {
        return SyntaxError::error(input, Expected::Operator);
    };
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
#[inline]
pub(crate) fn comp_value(input: &str) -> PResult<'_, CompValue<'_>> {
    match input.as_bytes().first() {
        Some(b'"') => {
            let (rest, text) = json_string(input)?;
            Ok((rest, CompValue::String(text)))
        }
        Some(b'-' | b'0'..=b'9') => number(input),
        Some(c) if c.is_ascii_alphabetic() => {
            let Some((rest, word)) = word(input) else {
                return SyntaxError::error(input, Expected::Value);
            };
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
    let Ok((rest, text)) = recognize_float::<_, SyntaxError<'_>>(input) else {
        return SyntaxError::error(input, Expected::Value);
    };
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
        Ok(_) => SyntaxError::failure(input, Fault::NumberOutOfRange),
        Err(_) => SyntaxError::error(input, Expected::Value),
    }
}

/// A case-insensitive keyword (`and`, `or`, `not`) standing as a whole word.
#[inline]
pub(crate) fn keyword<'a>(input: &'a str, word: &str) -> Option<&'a str> {
    let head = input.get(..word.len())?;
    let rest = &input[word.len()..];
    (head.eq_ignore_ascii_case(word) && !continues_word(rest)).then_some(rest)
}
