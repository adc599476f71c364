//! The canonical text of filters and paths: lowercase keywords, one space between tokens,
//! JSON-escaped strings, and parentheses exactly where precedence needs them. Parsing the
//! printed text gives back the same tree.

use std::fmt::{self, Display, Formatter, Write};

use crate::ast::{AttrPath, CompValue, Filter, Number, PatchPath, ValueFilter};

impl Display for AttrPath<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Display for Number {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match *self {
            Number::Integer(i) => write!(f, "{i}"),
            // `Debug` keeps a `.` or an exponent (`25.0`, `1e300`), so the text reads back
            // as a decimal rather than an integer.
            Number::Decimal(d) => write!(f, "{d:?}"),
        }
    }
}

impl Display for CompValue<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            CompValue::Null => f.write_str("null"),
            CompValue::Bool(b) => write!(f, "{b}"),
            CompValue::Number(n) => write!(f, "{n}"),
            CompValue::String(s) => write_json_string(f, s),
        }
    }
}

/// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped.
fn write_json_string(f: &mut Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut clean_from = 0;
    for (i, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if c.is_control() && (c as u32) < 0x20 => "",
            _ => continue,
        };
        f.write_str(&text[clean_from..i])?;
        if escape.is_empty() {
            write!(f, "\\u{:04x}", c as u32)?;
        } else {
            f.write_str(escape)?;
        }
        clean_from = i + c.len_utf8();
    }
    f.write_str(&text[clean_from..])?;
    f.write_char('"')
}

/// How a child sits inside its parent, which decides whether it needs parentheses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    /// A child of `and`: an `or` or `and` child needs parentheses to keep its own shape.
    InAnd,
    /// A child of `or`: an `or` child needs parentheses (an `and` binds tighter anyway).
    InOr,
}

/// The shape shared by [`Filter`] and [`ValueFilter`] that printing needs.
trait Printable: Display {
    fn is_and(&self) -> bool;
    fn is_or(&self) -> bool;

    fn write_child(&self, f: &mut Formatter<'_>, position: Position) -> fmt::Result {
        let grouped = match position {
            Position::InAnd => self.is_and() || self.is_or(),
            Position::InOr => self.is_or(),
        };
        if grouped {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

fn write_chain<T: Printable>(
    f: &mut Formatter<'_>,
    terms: &[T],
    joiner: &str,
    position: Position,
) -> fmt::Result {
    for (i, term) in terms.iter().enumerate() {
        if i > 0 {
            f.write_str(joiner)?;
        }
        term.write_child(f, position)?;
    }
    Ok(())
}

impl Printable for Filter<'_> {
    fn is_and(&self) -> bool {
        matches!(self, Filter::And(_))
    }

    fn is_or(&self) -> bool {
        matches!(self, Filter::Or(_))
    }
}

impl Printable for ValueFilter<'_> {
    fn is_and(&self) -> bool {
        matches!(self, ValueFilter::And(_))
    }

    fn is_or(&self) -> bool {
        matches!(self, ValueFilter::Or(_))
    }
}

/// ```
/// let filter = scim_filter::parse_filter(
///     r#"(title PR OR userType EQ "Employee") AND NOT(active eq FALSE)"#,
/// )?;
/// assert_eq!(
///     filter.to_string(),
///     r#"(title pr or userType eq "Employee") and not (active eq false)"#,
/// );
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
impl Display for Filter<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Present(path) => write!(f, "{path} pr"),
            Filter::Compare { path, op, value } => write!(f, "{path} {} {value}", op.keyword()),
            Filter::ValuePath { path, filter } => write!(f, "{path}[{filter}]"),
            Filter::Not(inner) => write!(f, "not ({inner})"),
            Filter::And(terms) => write_chain(f, terms, " and ", Position::InAnd),
            Filter::Or(terms) => write_chain(f, terms, " or ", Position::InOr),
        }
    }
}

impl Display for ValueFilter<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ValueFilter::Present(name) => write!(f, "{name} pr"),
            ValueFilter::Compare {
                sub_attr,
                op,
                value,
            } => {
                write!(f, "{sub_attr} {} {value}", op.keyword())
            }
            ValueFilter::Not(inner) => write!(f, "not ({inner})"),
            ValueFilter::And(terms) => write_chain(f, terms, " and ", Position::InAnd),
            ValueFilter::Or(terms) => write_chain(f, terms, " or ", Position::InOr),
        }
    }
}

/// ```
/// let path = scim_filter::parse_path(r#"emails[type EQ "work"].value"#)?;
/// assert_eq!(path.to_string(), r#"emails[type eq "work"].value"#);
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
impl Display for PatchPath<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            PatchPath::Attribute(path) => write!(f, "{path}"),
            PatchPath::ValuePath {
                path,
                filter,
                sub_attr,
            } => {
                write!(f, "{path}[{filter}]")?;
                match sub_attr {
                    Some(sub) => write!(f, ".{sub}"),
                    None => Ok(()),
                }
            }
        }
    }
}
