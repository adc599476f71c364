//! A filter planned once against a schema, then tested against many resources.
//!
//! [`super::matches_with`] asks the view about every attribute and plans every comparison
//! each time it is called; a store scanning thousands of resources would ask the same
//! questions thousands of times. [`CompiledFilter`] asks them once.

use serde_json::{Map, Value};

use super::compare::Comparison;
use super::view::AttributeView;
use super::{Evaluator, compare_element, compare_in, is_present, locate, present_in, sub_value};
use crate::ast::{AttrPath, Filter, ValueFilter};
use crate::error::EvalError;

/// A filter compiled against an [`AttributeView`]: every path's characteristics, whether
/// its URN is an extension's, and every comparison's plan (a dateTime literal parsed, `ne`
/// turned into a negated `eq`) decided once, so testing a resource asks the view nothing.
///
/// Compiling checks every comparison against the schema, as [`validate_with`] does: a
/// filter that could fail on some resource because of a type the schema declares fails
/// here, before any resource is read. Testing a resource then gives exactly what
/// [`matches_with`] gives with the same view; the errors left to it are those only stored
/// data can cause (an attribute no schema describes, stored with another type than the
/// literal).
///
/// ```
/// use scim_filter::{CompiledFilter, CoreSchemaView, parse_filter};
/// use serde_json::json;
///
/// let filter = parse_filter(r#"userName sw "j" and meta.created ge "2011-01-01T00:00:00Z""#)?;
/// let compiled = CompiledFilter::new(&filter, &CoreSchemaView)?;
/// let users = [
///     json!({"userName": "jsmith", "meta": {"created": "2011-08-01T18:29:49.793Z"}}),
///     json!({"userName": "bjensen", "meta": {"created": "2011-08-01T18:29:49.793Z"}}),
///     json!({"userName": "jdoe", "meta": {"created": "2010-12-31T23:59:59Z"}}),
/// ];
/// let kept: Vec<bool> = users
///     .iter()
///     .map(|user| compiled.matches_value(user))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(kept, [true, false, false]);
///
/// // A type error is found when compiling, even in a term no resource would reach.
/// let bad = parse_filter(r#"userName eq "x" or meta.created gt "yesterday""#)?;
/// assert!(CompiledFilter::new(&bad, &CoreSchemaView).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`validate_with`]: crate::validate_with
/// [`matches_with`]: crate::matches_with
#[derive(Debug)]
pub struct CompiledFilter<'f> {
    root: Node<'f>,
}

/// Where a path's attribute sits in a resource.
#[derive(Debug, Clone, Copy)]
struct Locator<'f> {
    path: &'f AttrPath<'f>,
    /// Whether the path's URN names an extension, whose attributes sit under its key.
    extension: bool,
}

impl Locator<'_> {
    fn find<'r>(&self, resource: &'r Map<String, Value>) -> Option<&'r Value> {
        locate(self.path, self.extension, resource)
    }
}

#[derive(Debug)]
enum Node<'f> {
    Present(Locator<'f>),
    Compare {
        at: Locator<'f>,
        comparison: Comparison<'f>,
    },
    ValuePath {
        at: Locator<'f>,
        filter: Element<'f>,
    },
    Not(Box<Node<'f>>),
    And(Box<[Node<'f>]>),
    Or(Box<[Node<'f>]>),
}

/// A value filter: conditions on one element of a multi-valued attribute.
#[derive(Debug)]
enum Element<'f> {
    Present(&'f str),
    Compare {
        sub_attr: &'f str,
        comparison: Comparison<'f>,
    },
    Not(Box<Element<'f>>),
    And(Box<[Element<'f>]>),
    Or(Box<[Element<'f>]>),
}

impl<'f> CompiledFilter<'f> {
    /// Compiles `filter` against the attribute characteristics `view` declares. Fails with
    /// the error [`validate_with`](crate::validate_with) gives, if any.
    ///
    /// ```
    /// use scim_filter::{CompiledFilter, CoreSchemaView, parse_filter};
    ///
    /// let filter = parse_filter("active gt true")?;
    /// let err = CompiledFilter::new(&filter, &CoreSchemaView).unwrap_err();
    /// assert_eq!(err.to_string(), "`gt` cannot compare boolean attribute `active`");
    /// # Ok::<(), scim_filter::ParseError>(())
    /// ```
    pub fn new<V: AttributeView + ?Sized>(
        filter: &'f Filter<'f>,
        view: &V,
    ) -> Result<Self, EvalError> {
        let compiler = Evaluator { view };
        Ok(CompiledFilter {
            root: compiler.compile(filter)?,
        })
    }

    /// Whether the resource whose attributes are `resource` satisfies the filter: what
    /// [`matches_object`](crate::matches_object) answers with the view compiled against.
    ///
    /// ```
    /// use scim_filter::{CompiledFilter, CoreSchemaView, parse_filter};
    ///
    /// let filter = parse_filter(r#"emails[type eq "work" and value ew "@example.com"]"#)?;
    /// let compiled = CompiledFilter::new(&filter, &CoreSchemaView)?;
    /// let user = serde_json::json!({"emails": [{"type": "WORK", "value": "bj@EXAMPLE.com"}]});
    /// assert!(compiled.matches(user.as_object().unwrap())?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches(&self, resource: &Map<String, Value>) -> Result<bool, EvalError> {
        self.root.matches(resource)
    }

    /// Whether `resource` satisfies the filter: what [`matches_with`](crate::matches_with)
    /// answers with the view compiled against. A value that is not an object has no
    /// attributes.
    ///
    /// ```
    /// use scim_filter::{CompiledFilter, CoreSchemaView, parse_filter};
    ///
    /// let filter = parse_filter("title pr")?;
    /// let compiled = CompiledFilter::new(&filter, &CoreSchemaView)?;
    /// assert!(compiled.matches_value(&serde_json::json!({"title": "Tour Guide"}))?);
    /// assert!(!compiled.matches_value(&serde_json::json!({"title": ""}))?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches_value(&self, resource: &Value) -> Result<bool, EvalError> {
        match resource {
            Value::Object(attributes) => self.matches(attributes),
            _ => self.matches(&Map::new()),
        }
    }
}

impl<V: AttributeView + ?Sized> Evaluator<'_, V> {
    /// The compiled form of `filter`, or the first comparison the schema refuses, in the
    /// order [`validate_with`](crate::validate_with) checks them.
    fn compile<'f>(&self, filter: &'f Filter<'f>) -> Result<Node<'f>, EvalError> {
        let locator = |path: &'f AttrPath<'f>| Locator {
            path,
            extension: path.uri().is_some_and(|uri| self.view.is_extension(uri)),
        };
        let many = |terms: &'f [Filter<'f>]| -> Result<Box<[Node<'f>]>, EvalError> {
            terms.iter().map(|term| self.compile(term)).collect()
        };
        Ok(match filter {
            Filter::Present(path) => Node::Present(locator(path)),
            Filter::Compare { path, op, value } => Node::Compare {
                at: locator(path),
                comparison: self.comparison(path, *op, value)?,
            },
            Filter::ValuePath { path, filter } => Node::ValuePath {
                at: locator(path),
                filter: self.compile_element(filter, path)?,
            },
            Filter::Not(inner) => Node::Not(Box::new(self.compile(inner)?)),
            Filter::And(terms) => Node::And(many(terms)?),
            Filter::Or(terms) => Node::Or(many(terms)?),
        })
    }

    fn compile_element<'f>(
        &self,
        filter: &'f ValueFilter<'f>,
        parent: &AttrPath<'_>,
    ) -> Result<Element<'f>, EvalError> {
        let many = |terms: &'f [ValueFilter<'f>]| -> Result<Box<[Element<'f>]>, EvalError> {
            terms
                .iter()
                .map(|term| self.compile_element(term, parent))
                .collect()
        };
        Ok(match filter {
            ValueFilter::Present(sub_attr) => Element::Present(sub_attr),
            ValueFilter::Compare {
                sub_attr,
                op,
                value,
            } => Element::Compare {
                sub_attr,
                comparison: self.element_comparison(parent, sub_attr, *op, value)?,
            },
            ValueFilter::Not(inner) => Element::Not(Box::new(self.compile_element(inner, parent)?)),
            ValueFilter::And(terms) => Element::And(many(terms)?),
            ValueFilter::Or(terms) => Element::Or(many(terms)?),
        })
    }
}

impl Node<'_> {
    fn matches(&self, resource: &Map<String, Value>) -> Result<bool, EvalError> {
        match self {
            Node::Present(at) => Ok(present_in(at.find(resource), at.path.sub_attr())),
            Node::Compare { at, comparison } => compare_in(comparison, at.find(resource), at.path),
            Node::ValuePath { at, filter } => match at.find(resource) {
                // Compiling checked the comparisons already: an absent attribute is `false`.
                None => Ok(false),
                Some(Value::Array(elements)) => {
                    for element in elements {
                        if filter.matches(element, at.path)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
                Some(element) => filter.matches(element, at.path),
            },
            Node::Not(inner) => Ok(!inner.matches(resource)?),
            Node::And(terms) => {
                for term in terms {
                    if !term.matches(resource)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Node::Or(terms) => {
                for term in terms {
                    if term.matches(resource)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}

impl Element<'_> {
    /// Whether one element of `parent` satisfies the value filter.
    fn matches(&self, element: &Value, parent: &AttrPath<'_>) -> Result<bool, EvalError> {
        match self {
            Element::Present(sub_attr) => Ok(sub_value(element, sub_attr).is_some_and(is_present)),
            Element::Compare {
                sub_attr,
                comparison,
            } => compare_element(comparison, element, parent, sub_attr),
            Element::Not(inner) => Ok(!inner.matches(element, parent)?),
            Element::And(terms) => {
                for term in terms {
                    if !term.matches(element, parent)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Element::Or(terms) => {
                for term in terms {
                    if term.matches(element, parent)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}
