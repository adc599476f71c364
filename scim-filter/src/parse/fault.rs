//! How a parse fails: the [`Fault`] and its place ([`SyntaxError`]) that every parser of the
//! grammar returns in its [`PResult`], made into the public [`ParseErrorKind`] once at the end.

use nom::IResult;
use nom::error::ErrorKind;

use crate::error::{Expected, Found, ParseErrorKind};
use crate::limits::Limits;

/// What went wrong, kept small and `Copy` while parsing; the public [`ParseErrorKind`], with
/// its quote of the input, is made once at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    Expected(Expected),
    UnterminatedString,
    InvalidEscape(&'static str),
    NumberOutOfRange,
    InvalidAttributeName,
    InvalidUri,
    NestedValuePath,
    QualifiedNameInValueFilter,
    SubAttributeBeforeBracket,
    TooDeep,
    TooManyTerms,
}

impl Fault {
    /// The public error kind for this fault at `at`.
    pub(crate) fn into_kind(self, at: &str, limits: &Limits) -> ParseErrorKind {
        match self {
            Fault::Expected(expected) => ParseErrorKind::Expected {
                expected,
                found: Found::at(at),
            },
            Fault::UnterminatedString => ParseErrorKind::UnterminatedString,
            Fault::InvalidEscape(why) => ParseErrorKind::InvalidEscape(why),
            Fault::NumberOutOfRange => ParseErrorKind::NumberOutOfRange,
            Fault::InvalidAttributeName => ParseErrorKind::InvalidAttributeName(Found::at(at)),
            Fault::InvalidUri => ParseErrorKind::InvalidUri(Found::at(at)),
            Fault::NestedValuePath => ParseErrorKind::NestedValuePath,
            Fault::QualifiedNameInValueFilter => ParseErrorKind::QualifiedNameInValueFilter,
            Fault::SubAttributeBeforeBracket => ParseErrorKind::SubAttributeBeforeBracket,
            Fault::TooDeep => ParseErrorKind::TooDeep {
                max: limits.max_depth,
            },
            Fault::TooManyTerms => ParseErrorKind::TooManyTerms {
                max: limits.max_terms,
            },
        }
    }
}

/// A parse failure at a place in the input. `at` is a slice of the input starting where the
/// failure is, from which the byte offset is recovered at the top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SyntaxError<'a> {
    pub(crate) at: &'a str,
    pub(crate) fault: Fault,
}

impl<'a> SyntaxError<'a> {
    /// A recoverable error: the caller may try something else at this place.
    pub(crate) fn error<T>(at: &'a str, expected: Expected) -> PResult<'a, T> {
        Err(nom::Err::Error(SyntaxError {
            at,
            fault: Fault::Expected(expected),
        }))
    }

    /// An error no alternative can repair: the parse ends here.
    pub(crate) fn failure<T>(at: &'a str, fault: Fault) -> PResult<'a, T> {
        Err(nom::Err::Failure(SyntaxError { at, fault }))
    }
}

impl<'a> nom::error::ParseError<&'a str> for SyntaxError<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        // Every call site names what it expected through `expecting`; this is only the
        // carrier of the position until then.
        SyntaxError {
            at: input,
            fault: Fault::Expected(Expected::Expression),
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

/// The result of every parser in this module.
pub(crate) type PResult<'a, T> = IResult<&'a str, T, SyntaxError<'a>>;
