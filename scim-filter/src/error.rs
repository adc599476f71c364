//! Errors of parsing and of evaluation.
//!
//! Both map to a SCIM `400 invalidFilter` (RFC 7644 §3.12) when a filter came from a client;
//! [`ParseError`] for a PATCH path maps to `invalidPath`. Their `Display` is written to be sent
//! back as the error's `detail`.

use std::fmt;

use thiserror::Error;

/// A filter or path that could not be parsed: where, and why.
///
/// ```
/// let err = scim_filter::parse_filter(r#"userName eq "bjensen"#).unwrap_err();
/// assert_eq!(err.offset(), 12);
/// assert_eq!(
///     err.to_string(),
///     "invalid filter at byte 12: unterminated string (no closing `\"`)",
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid {subject} at byte {offset}: {kind}")]
pub struct ParseError {
    subject: Subject,
    offset: usize,
    kind: ParseErrorKind,
}

impl ParseError {
    pub(crate) fn new(subject: Subject, offset: usize, kind: ParseErrorKind) -> Self {
        ParseError {
            subject,
            offset,
            kind,
        }
    }

    /// Whether the input was meant as a filter or as a PATCH path.
    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The byte offset in the input where the problem was found.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What went wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }
}

/// What kind of text failed to parse: it decides the SCIM `scimType` of the answer
/// (`invalidFilter` or `invalidPath`, RFC 7644 §3.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A filter (`filter=` query parameter, a value path's brackets, `/.search`).
    Filter,
    /// A PATCH operation's `path`, or an attribute path on its own.
    Path,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Subject::Filter => "filter",
            Subject::Path => "path",
        })
    }
}

/// Why a filter or path could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The grammar wanted something else here.
    #[error("expected {expected}, found {found}")]
    Expected {
        /// What the grammar allows at this point.
        expected: Expected,
        /// A short quote of what stands there instead (or "end of input").
        found: Found,
    },
    /// A string literal with no closing quote.
    #[error("unterminated string (no closing `\"`)")]
    UnterminatedString,
    /// A backslash escape JSON does not define, or a lone UTF-16 surrogate.
    #[error("invalid escape in string: {0}")]
    InvalidEscape(&'static str),
    /// A number that is not finite as a 64-bit float.
    #[error("number out of range")]
    NumberOutOfRange,
    /// A part of an attribute path that is not an attribute name (RFC 7644 §3.4.2.2 `ATTRNAME`).
    #[error("invalid attribute name {0}")]
    InvalidAttributeName(Found),
    /// A schema URI that does not start with a letter (RFC 3986 §3.1), as in `1:name`.
    #[error("invalid schema URI {0}")]
    InvalidUri(Found),
    /// A value path inside another value path's brackets.
    #[error("value paths cannot nest")]
    NestedValuePath,
    /// A sub-attribute or URN where only a sub-attribute name may stand (inside brackets).
    #[error("only a sub-attribute name may stand inside `[ ]`")]
    QualifiedNameInValueFilter,
    /// `a.b[...]`: a value path must start from an attribute, not a sub-attribute.
    #[error("a value path cannot start from a sub-attribute")]
    SubAttributeBeforeBracket,
    /// Deeper nesting of `( )`, `not` and `[ ]` than the limit allows.
    #[error("nesting deeper than {max} levels")]
    TooDeep {
        /// The configured limit.
        max: usize,
    },
    /// More comparisons than the limit allows.
    #[error("more than {max} terms")]
    TooManyTerms {
        /// The configured limit.
        max: usize,
    },
    /// Longer input than the limit allows.
    #[error("input longer than {max} bytes")]
    TooLong {
        /// The configured limit.
        max: usize,
    },
    /// Bytes that are not UTF-8 (only from [`crate::parse_filter_bytes`]).
    #[error("invalid UTF-8")]
    InvalidUtf8,
}

/// What the grammar expected at the point of a [`ParseErrorKind::Expected`] error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// An attribute path, `not (` or `(`.
    Expression,
    /// A comparison operator or `pr`.
    Operator,
    /// A value: a string, number, `true`, `false` or `null`.
    Value,
    /// Whitespace between two tokens.
    Whitespace,
    /// `and`, `or` or the end of the filter.
    LogicalOperatorOrEnd,
    /// `and`, `or` or `)`.
    LogicalOperatorOrCloseParen,
    /// `and`, `or` or `]`.
    LogicalOperatorOrCloseBracket,
    /// `(` after `not`.
    OpenParen,
    /// An attribute path.
    AttributePath,
    /// A sub-attribute name after `.`.
    SubAttribute,
    /// An attribute name after a schema URI's `:` or a `.`.
    AttributeName,
    /// `.subAttr` or the end of the path.
    SubAttributeOrEnd,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Expression => "an attribute path, `(` or `not (`",
            Expected::Operator => {
                "a comparison operator (eq, ne, co, sw, ew, gt, lt, ge, le) or pr"
            }
            Expected::Value => "a value (a \"string\", a number, true, false or null)",
            Expected::Whitespace => "a space",
            Expected::LogicalOperatorOrEnd => "`and`, `or` or the end of the filter",
            Expected::LogicalOperatorOrCloseParen => "`and`, `or` or `)`",
            Expected::LogicalOperatorOrCloseBracket => "`and`, `or` or `]`",
            Expected::OpenParen => "`(` after `not`",
            Expected::AttributePath => "an attribute path",
            Expected::SubAttribute => "a sub-attribute name",
            Expected::AttributeName => "an attribute name",
            Expected::SubAttributeOrEnd => "`.` and a sub-attribute name, or the end of the path",
        })
    }
}

/// A short, bounded quote of the input at an error, for the error's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found(Option<String>);

impl Found {
    /// The longest quote kept, in characters.
    const MAX_CHARS: usize = 16;

    pub(crate) fn at(rest: &str) -> Self {
        if rest.is_empty() {
            return Found(None);
        }
        let token_end = rest
            .char_indices()
            .find(|&(i, c)| i > 0 && (c.is_whitespace() || "()[]\"".contains(c)))
            .map_or(rest.len(), |(i, _)| i);
        Found(Some(
            rest[..token_end].chars().take(Self::MAX_CHARS).collect(),
        ))
    }

    /// The quoted text, or `None` at the end of the input.
    pub fn text(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("end of input"),
            Some(text) => write!(f, "`{text}`"),
        }
    }
}

/// A filter that parsed but cannot be evaluated against a resource: a comparison the
/// attribute's type does not allow (RFC 7644 §3.4.2.2: `gt`/`ge`/`lt`/`le` on boolean or
/// binary attributes) or a value of the wrong type for the attribute.
///
/// ```
/// let filter = scim_filter::parse_filter("active gt true")?;
/// let err = scim_filter::matches(&filter, &serde_json::json!({"active": true})).unwrap_err();
/// assert_eq!(err.to_string(), "`gt` cannot compare boolean attribute `active`");
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The operator is not defined for the attribute's type.
    #[error("`{op}` cannot compare {attr_type} attribute `{attribute}`")]
    OperatorNotApplicable {
        /// The operator keyword.
        op: &'static str,
        /// The attribute's type, as RFC 7643 §2.3 names it.
        attr_type: &'static str,
        /// The attribute path as written.
        attribute: String,
    },
    /// The filter's literal is of another type than the attribute.
    #[error("{attr_type} attribute `{attribute}` cannot be compared with {value}")]
    ValueTypeMismatch {
        /// The attribute's type, as RFC 7643 §2.3 names it.
        attr_type: &'static str,
        /// The attribute path as written.
        attribute: String,
        /// What the literal was.
        value: &'static str,
    },
    /// A literal compared with a `dateTime` attribute that is not an xsd:dateTime.
    #[error("`{value}` is not a dateTime (RFC 7643 §2.3.5) for attribute `{attribute}`")]
    InvalidDateTime {
        /// The literal.
        value: String,
        /// The attribute path as written.
        attribute: String,
    },
}
