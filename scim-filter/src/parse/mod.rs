//! Parsing filters, PATCH paths and attribute paths from text.

mod class;
mod fault;
mod grammar;
mod string;
mod token;

use fault::{PResult, SyntaxError};
use grammar::Parser;
use token::ws0;

use crate::ast::{AttrPath, Filter, PatchPath};
use crate::error::{Expected, ParseError, ParseErrorKind, Subject};
use crate::limits::Limits;

/// Parses a filter (RFC 7644 §3.4.2.2) with the [default limits](Limits::DEFAULT).
///
/// Keywords, operators and `true`/`false`/`null` are case-insensitive; whitespace around
/// tokens may be any run of spaces, tabs or newlines. The tree borrows from `input`.
///
/// ```
/// use scim_filter::{CompareOp, Filter, parse_filter};
///
/// let filter = parse_filter(r#"userName Eq "bjensen""#)?;
/// let Filter::Compare { path, op, .. } = &filter else { unreachable!() };
/// assert_eq!((path.name(), *op), ("userName", CompareOp::Equal));
/// assert_eq!(filter.to_string(), r#"userName eq "bjensen""#);
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
pub fn parse_filter(input: &str) -> Result<Filter<'_>, ParseError> {
    parse_filter_with(input, &Limits::DEFAULT)
}

/// Parses a filter under the given [`Limits`].
///
/// ```
/// use scim_filter::{Limits, ParseErrorKind, parse_filter_with};
///
/// let deep = "((((title pr))))";
/// let limits = Limits { max_depth: 3, ..Limits::DEFAULT };
/// let err = parse_filter_with(deep, &limits).unwrap_err();
/// assert_eq!(err.kind(), &ParseErrorKind::TooDeep { max: 3 });
/// assert_eq!(err.offset(), 3);
/// ```
pub fn parse_filter_with<'a>(input: &'a str, limits: &Limits) -> Result<Filter<'a>, ParseError> {
    parse_filter_counting(input, limits).0
}

/// The parse, and the units of work it took (for the linearity tests).
pub(crate) fn parse_filter_counting<'a>(
    input: &'a str,
    limits: &Limits,
) -> (Result<Filter<'a>, ParseError>, usize) {
    let mut parser = Parser::new(limits);
    let result = check_len(input, limits, Subject::Filter).and_then(|()| {
        let parsed = parser
            .expression::<Filter<'a>>(ws0(input), 0)
            .and_then(|(rest, filter)| at_end(rest, filter, Expected::LogicalOperatorOrEnd));
        finish(input, Subject::Filter, parser.limits(), parsed)
    });
    (result, parser.steps)
}

/// Parses a filter from bytes, as a percent-decoded query string arrives: invalid UTF-8 is
/// a [`ParseErrorKind::InvalidUtf8`] error at the first bad byte.
///
/// ```
/// let err = scim_filter::parse_filter_bytes(b"userName eq \"b\xffjensen\"").unwrap_err();
/// assert_eq!(err.offset(), 14);
/// ```
pub fn parse_filter_bytes(input: &[u8]) -> Result<Filter<'_>, ParseError> {
    match std::str::from_utf8(input) {
        Ok(text) => parse_filter(text),
        Err(err) => Err(ParseError::new(
            Subject::Filter,
            err.valid_up_to(),
            ParseErrorKind::InvalidUtf8,
        )),
    }
}

/// Parses the `path` of a PATCH operation (RFC 7644 §3.5.2) with the default limits.
///
/// ```
/// use scim_filter::{PatchPath, parse_path};
///
/// let path = parse_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")?;
/// assert!(matches!(path, PatchPath::Attribute(ref p) if p.name() == "manager"));
/// assert!(parse_path("emails[type eq \"work\"]").is_ok());
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
pub fn parse_path(input: &str) -> Result<PatchPath<'_>, ParseError> {
    parse_path_with(input, &Limits::DEFAULT)
}

/// Parses a PATCH path under the given [`Limits`].
pub fn parse_path_with<'a>(input: &'a str, limits: &Limits) -> Result<PatchPath<'a>, ParseError> {
    check_len(input, limits, Subject::Path)?;
    let mut parser = Parser::new(limits);
    let parsed = parser
        .patch_path(ws0(input))
        .and_then(|(rest, path)| at_end(rest, path, Expected::SubAttributeOrEnd));
    finish(input, Subject::Path, parser.limits(), parsed)
}

/// Parses an attribute path alone (`name.familyName`, a URN-qualified name).
pub(crate) fn parse_attr_path(input: &str) -> Result<AttrPath<'_>, ParseError> {
    check_len(input, &Limits::DEFAULT, Subject::Path)?;
    let parsed = token::attr_path(input)
        .and_then(|(rest, path)| at_end(rest, path, Expected::SubAttributeOrEnd));
    finish(input, Subject::Path, &Limits::DEFAULT, parsed)
}

fn check_len(input: &str, limits: &Limits, subject: Subject) -> Result<(), ParseError> {
    if input.len() > limits.max_len {
        let kind = ParseErrorKind::TooLong {
            max: limits.max_len,
        };
        return Err(ParseError::new(subject, limits.max_len, kind));
    }
    Ok(())
}

/// Only whitespace may follow a complete parse.
fn at_end<T>(rest: &str, value: T, expected: Expected) -> PResult<'_, T> {
    let rest = ws0(rest);
    if rest.is_empty() {
        Ok((rest, value))
    } else {
        SyntaxError::error(rest, expected)
    }
}

/// Turns nom's result into the public error, with the byte offset of the failure.
fn finish<T>(
    input: &str,
    subject: Subject,
    limits: &Limits,
    parsed: PResult<'_, T>,
) -> Result<T, ParseError> {
    match parsed {
        Ok((_, value)) => Ok(value),
        Err(nom::Err::Error(err) | nom::Err::Failure(err)) => {
            // `err.at` is always a slice of `input`: its distance from the start is the offset.
            let offset = (err.at.as_ptr() as usize).saturating_sub(input.as_ptr() as usize);
            let kind = err.fault.into_kind(err.at, limits);
            Err(ParseError::new(subject, offset.min(input.len()), kind))
        }
        Err(nom::Err::Incomplete(_)) => unreachable!("only complete parsers are used"),
    }
}

impl<'a> AttrPath<'a> {
    /// Parses a bare attribute path such as `name.familyName` or a URN-qualified one.
    ///
    /// ```
    /// let path = scim_filter::AttrPath::parse("name.familyName")?;
    /// assert_eq!((path.name(), path.sub_attr()), ("name", Some("familyName")));
    /// assert!(scim_filter::AttrPath::parse("name.").is_err());
    /// # Ok::<(), scim_filter::ParseError>(())
    /// ```
    pub fn parse(input: &'a str) -> Result<Self, ParseError> {
        parse_attr_path(input)
    }
}

#[cfg(test)]
mod tests;
