//! The syntax tree of SCIM filters and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2).
//!
//! Every node borrows from the text it was parsed from where it can ([`Cow::Borrowed`]);
//! only strings with JSON escapes own their unescaped text. [`Filter::into_owned`] and its
//! siblings detach a tree from its input.

use std::borrow::Cow;

/// An attribute path: `[URI ":"] ATTRNAME [ "." subAttr ]` (RFC 7644 §3.4.2.2, Figure 1).
///
/// The URN of a schema may contain dots (`...:enterprise:2.0:User`); only a dot after the last
/// colon separates a sub-attribute. Names keep the case they were written in; comparisons of
/// names elsewhere in this crate are case-insensitive (RFC 7643 §2.1).
///
/// ```
/// use scim_filter::AttrPath;
///
/// let path = AttrPath::parse(
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
/// )?;
/// assert_eq!(path.uri(), Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
/// assert_eq!(path.name(), "manager");
/// assert_eq!(path.sub_attr(), Some("value"));
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttrPath<'a> {
    /// The whole path as written; the parts are slices of it.
    text: Cow<'a, str>,
    /// Where the attribute name starts: 0, or one past the last `:`.
    name_start: u32,
    /// Where the sub-attribute starts (one past its `.`), or 0 when there is none.
    sub_start: u32,
}

impl<'a> AttrPath<'a> {
    /// A path over `text`, split where the parser found its `:` and `.`. Offsets fit in a
    /// `u32` because [`crate::Limits`] caps inputs far below 4 GiB.
    pub(crate) fn from_parts(text: &'a str, name_start: usize, sub_start: Option<usize>) -> Self {
        AttrPath {
            text: Cow::Borrowed(text),
            name_start: u32::try_from(name_start).unwrap_or(u32::MAX),
            sub_start: sub_start.map_or(0, |start| u32::try_from(start).unwrap_or(u32::MAX)),
        }
    }

    /// The path as written, which is also its canonical form.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The schema URN the path was qualified with, if any.
    pub fn uri(&self) -> Option<&str> {
        let name_start = self.name_start as usize;
        (name_start > 0).then(|| &self.text[..name_start - 1])
    }

    /// The attribute name.
    pub fn name(&self) -> &str {
        let name_end = match self.sub_start as usize {
            0 => self.text.len(),
            sub_start => sub_start - 1,
        };
        &self.text[self.name_start as usize..name_end]
    }

    /// The sub-attribute name, if any.
    pub fn sub_attr(&self) -> Option<&str> {
        match self.sub_start as usize {
            0 => None,
            sub_start => Some(&self.text[sub_start..]),
        }
    }

    /// The attribute name when the path is nothing more (no URN, no sub-attribute).
    pub(crate) fn into_bare_name(self) -> Option<Cow<'a, str>> {
        (self.name_start == 0 && self.sub_start == 0).then_some(self.text)
    }

    /// The same path, owning its text.
    pub fn into_owned(self) -> AttrPath<'static> {
        AttrPath {
            text: into_owned_cow(self.text),
            name_start: self.name_start,
            sub_start: self.sub_start,
        }
    }
}

/// A comparison operator (RFC 7644 §3.4.2.2, Table 3), without `pr`, which takes no value
/// and is its own node ([`Filter::Present`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `eq`: equal.
    Equal,
    /// `ne`: not equal.
    NotEqual,
    /// `co`: contains.
    Contains,
    /// `sw`: starts with.
    StartsWith,
    /// `ew`: ends with.
    EndsWith,
    /// `gt`: greater than.
    GreaterThan,
    /// `ge`: greater than or equal to.
    GreaterOrEqual,
    /// `lt`: less than.
    LessThan,
    /// `le`: less than or equal to.
    LessOrEqual,
}

impl CompareOp {
    /// The operator's keyword as the RFC spells it (lowercase).
    ///
    /// ```
    /// assert_eq!(scim_filter::CompareOp::StartsWith.keyword(), "sw");
    /// ```
    pub fn keyword(self) -> &'static str {
        match self {
            CompareOp::Equal => "eq",
            CompareOp::NotEqual => "ne",
            CompareOp::Contains => "co",
            CompareOp::StartsWith => "sw",
            CompareOp::EndsWith => "ew",
            CompareOp::GreaterThan => "gt",
            CompareOp::GreaterOrEqual => "ge",
            CompareOp::LessThan => "lt",
            CompareOp::LessOrEqual => "le",
        }
    }

    /// Whether the operator orders values (`gt`, `ge`, `lt`, `le`).
    pub fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::GreaterThan
                | CompareOp::GreaterOrEqual
                | CompareOp::LessThan
                | CompareOp::LessOrEqual
        )
    }

    /// Whether the operator matches part of a string (`co`, `sw`, `ew`).
    pub fn is_substring(self) -> bool {
        matches!(
            self,
            CompareOp::Contains | CompareOp::StartsWith | CompareOp::EndsWith
        )
    }
}

/// A JSON number from a filter: an integer when it was written without fraction or
/// exponent and fits in an `i64`, otherwise a finite decimal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A whole number written without `.` or exponent.
    Integer(i64),
    /// Any other finite number.
    Decimal(f64),
}

impl Number {
    /// The number as an `f64` (integers beyond 2^53 lose precision).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Integer(i) => i as f64,
            Number::Decimal(d) => d,
        }
    }
}

/// `compValue = false / null / true / number / string` (RFC 7644 §3.4.2.2).
#[derive(Debug, Clone, PartialEq)]
pub enum CompValue<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A JSON number.
    Number(Number),
    /// A JSON string, unescaped; borrowed from the input when it had no escapes.
    String(Cow<'a, str>),
}

impl CompValue<'_> {
    /// The same value, owning its text.
    pub fn into_owned(self) -> CompValue<'static> {
        match self {
            CompValue::Null => CompValue::Null,
            CompValue::Bool(b) => CompValue::Bool(b),
            CompValue::Number(n) => CompValue::Number(n),
            CompValue::String(s) => CompValue::String(into_owned_cow(s)),
        }
    }
}

/// A filter expression (RFC 7644 §3.4.2.2, Figure 1).
///
/// `And` and `Or` are n-ary: a chain `a or b or c` is one node with three children, so long
/// chains make shallow trees. The parser builds them with at least two children.
///
/// ```
/// use scim_filter::{Filter, parse_filter};
///
/// let filter = parse_filter(r#"title pr and userType eq "Employee""#)?;
/// assert!(matches!(filter, Filter::And(ref terms) if terms.len() == 2));
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Filter<'a> {
    /// `attrPath pr`: the attribute has a non-empty value.
    Present(AttrPath<'a>),
    /// `attrPath compareOp compValue`.
    Compare {
        /// The attribute compared.
        path: AttrPath<'a>,
        /// The operator.
        op: CompareOp,
        /// The literal compared with.
        value: CompValue<'a>,
    },
    /// `attrPath "[" valFilter "]"`: some element of a multi-valued complex attribute
    /// satisfies the whole bracketed filter.
    ValuePath {
        /// The complex attribute (never with a sub-attribute).
        path: AttrPath<'a>,
        /// The condition on one element.
        filter: Box<ValueFilter<'a>>,
    },
    /// `not (FILTER)`.
    Not(Box<Filter<'a>>),
    /// Every child holds.
    And(Vec<Filter<'a>>),
    /// Some child holds.
    Or(Vec<Filter<'a>>),
}

impl Filter<'_> {
    /// The same filter, owning all its text, so it can outlive the input.
    ///
    /// ```
    /// let owned: scim_filter::Filter<'static> = {
    ///     let text = String::from("userName eq \"bjensen\"");
    ///     scim_filter::parse_filter(&text)?.into_owned()
    /// };
    /// assert_eq!(owned.to_string(), "userName eq \"bjensen\"");
    /// # Ok::<(), scim_filter::ParseError>(())
    /// ```
    pub fn into_owned(self) -> Filter<'static> {
        match self {
            Filter::Present(path) => Filter::Present(path.into_owned()),
            Filter::Compare { path, op, value } => Filter::Compare {
                path: path.into_owned(),
                op,
                value: value.into_owned(),
            },
            Filter::ValuePath { path, filter } => Filter::ValuePath {
                path: path.into_owned(),
                filter: Box::new(filter.into_owned()),
            },
            Filter::Not(inner) => Filter::Not(Box::new(inner.into_owned())),
            Filter::And(terms) => Filter::And(terms.into_iter().map(Filter::into_owned).collect()),
            Filter::Or(terms) => Filter::Or(terms.into_iter().map(Filter::into_owned).collect()),
        }
    }
}

/// The filter inside a value path's brackets (`valFilter`, RFC 7644 §3.4.2.2): the same
/// operators, over the sub-attributes of one element. Value paths do not nest, since
/// sub-attributes are never complex (RFC 7643 §2.3.8).
///
/// ```
/// use scim_filter::{PatchPath, ValueFilter, parse_path};
///
/// let path = parse_path(r#"members[value eq "2819c223"]"#)?;
/// let PatchPath::ValuePath { filter, .. } = path else { unreachable!() };
/// assert!(matches!(filter, ValueFilter::Compare { ref sub_attr, .. } if sub_attr == "value"));
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ValueFilter<'a> {
    /// `subAttr pr`.
    Present(Cow<'a, str>),
    /// `subAttr compareOp compValue`.
    Compare {
        /// The sub-attribute compared.
        sub_attr: Cow<'a, str>,
        /// The operator.
        op: CompareOp,
        /// The literal compared with.
        value: CompValue<'a>,
    },
    /// `not (valFilter)`.
    Not(Box<ValueFilter<'a>>),
    /// Every child holds on the same element.
    And(Vec<ValueFilter<'a>>),
    /// Some child holds on the element.
    Or(Vec<ValueFilter<'a>>),
}

impl ValueFilter<'_> {
    /// The same value filter, owning all its text.
    pub fn into_owned(self) -> ValueFilter<'static> {
        match self {
            ValueFilter::Present(name) => ValueFilter::Present(into_owned_cow(name)),
            ValueFilter::Compare {
                sub_attr,
                op,
                value,
            } => ValueFilter::Compare {
                sub_attr: into_owned_cow(sub_attr),
                op,
                value: value.into_owned(),
            },
            ValueFilter::Not(inner) => ValueFilter::Not(Box::new(inner.into_owned())),
            ValueFilter::And(terms) => {
                ValueFilter::And(terms.into_iter().map(ValueFilter::into_owned).collect())
            }
            ValueFilter::Or(terms) => {
                ValueFilter::Or(terms.into_iter().map(ValueFilter::into_owned).collect())
            }
        }
    }
}

/// The `path` of a PATCH operation: `PATH = attrPath / valuePath [subAttr]`
/// (RFC 7644 §3.5.2).
///
/// ```
/// use scim_filter::{PatchPath, parse_path};
///
/// let path = parse_path(r#"emails[type eq "work"].value"#)?;
/// let PatchPath::ValuePath { path, sub_attr, .. } = path else { unreachable!() };
/// assert_eq!((path.name(), sub_attr.as_deref()), ("emails", Some("value")));
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum PatchPath<'a> {
    /// An attribute or sub-attribute, possibly URN-qualified.
    Attribute(AttrPath<'a>),
    /// Elements of a multi-valued attribute selected by a filter, or one sub-attribute of them.
    ValuePath {
        /// The multi-valued attribute (never with a sub-attribute).
        path: AttrPath<'a>,
        /// Which elements.
        filter: ValueFilter<'a>,
        /// The sub-attribute of the selected elements, if the path ends with `.name`.
        sub_attr: Option<Cow<'a, str>>,
    },
}

impl PatchPath<'_> {
    /// The same path, owning all its text.
    pub fn into_owned(self) -> PatchPath<'static> {
        match self {
            PatchPath::Attribute(path) => PatchPath::Attribute(path.into_owned()),
            PatchPath::ValuePath {
                path,
                filter,
                sub_attr,
            } => PatchPath::ValuePath {
                path: path.into_owned(),
                filter: filter.into_owned(),
                sub_attr: sub_attr.map(into_owned_cow),
            },
        }
    }

    /// The attribute the path starts from.
    pub fn attr_path(&self) -> &AttrPath<'_> {
        match self {
            PatchPath::Attribute(path) | PatchPath::ValuePath { path, .. } => path,
        }
    }
}

fn into_owned_cow(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}
