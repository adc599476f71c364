//! What the evaluator needs to know of a schema: the characteristics of each attribute.

/// An attribute's data type (RFC 7643 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttributeType {
    /// §2.3.1.
    String,
    /// §2.3.2.
    Boolean,
    /// §2.3.3.
    Decimal,
    /// §2.3.4.
    Integer,
    /// §2.3.5: an xsd:dateTime, compared as an instant.
    DateTime,
    /// §2.3.6: base64 text; cannot be ordered.
    Binary,
    /// §2.3.7: a URI.
    Reference,
    /// §2.3.8: sub-attributes.
    Complex,
}

impl AttributeType {
    /// The type's name as the schema representation writes it (RFC 7643 §7).
    ///
    /// ```
    /// assert_eq!(scim_filter::AttributeType::DateTime.name(), "dateTime");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            AttributeType::String => "string",
            AttributeType::Boolean => "boolean",
            AttributeType::Decimal => "decimal",
            AttributeType::Integer => "integer",
            AttributeType::DateTime => "dateTime",
            AttributeType::Binary => "binary",
            AttributeType::Reference => "reference",
            AttributeType::Complex => "complex",
        }
    }
}

/// The characteristics of one attribute that decide how a filter compares it
/// (RFC 7643 §2.2, §7).
///
/// ```
/// use scim_filter::{AttributeType, Characteristics};
///
/// let user_name = Characteristics::single(AttributeType::String, false);
/// assert!(!user_name.multi_valued && !user_name.case_exact);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Characteristics {
    /// The data type.
    pub attr_type: AttributeType,
    /// Whether the attribute holds an array of values.
    pub multi_valued: bool,
    /// Whether string comparisons respect case (§2.2 `caseExact`).
    pub case_exact: bool,
}

impl Characteristics {
    /// A single-valued attribute.
    pub const fn single(attr_type: AttributeType, case_exact: bool) -> Self {
        Characteristics {
            attr_type,
            multi_valued: false,
            case_exact,
        }
    }

    /// A multi-valued attribute.
    pub const fn multi(attr_type: AttributeType, case_exact: bool) -> Self {
        Characteristics {
            attr_type,
            multi_valued: true,
            case_exact,
        }
    }
}

/// The schema URN of the core User resource (RFC 7643 §8.7.1).
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The schema URN of the core Group resource (RFC 7643 §8.7.1).
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// The schema URN of the Enterprise User extension (RFC 7643 §4.3).
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// Tells the evaluator the characteristics of attributes, by name. scim-core's schema
/// registry implements it from real schemas; [`crate::CoreSchemaView`] knows the RFC's own.
///
/// Names arrive as the filter wrote them: an implementation matches them case-insensitively
/// (RFC 7643 §2.1). `schema` is the URN a path was qualified with, if any. An attribute the
/// view does not know (`None`) is compared by the JSON type of the stored value, strings
/// case-insensitively.
///
/// ```
/// use scim_filter::{AttributeType, AttributeView, Characteristics, matches_with, parse_filter};
///
/// /// A view where every attribute is a case-sensitive string.
/// struct CaseExact;
///
/// impl AttributeView for CaseExact {
///     fn attribute(&self, _: Option<&str>, _: &str) -> Option<Characteristics> {
///         Some(Characteristics::single(AttributeType::String, true))
///     }
///     fn sub_attribute(&self, _: Option<&str>, _: &str, _: &str) -> Option<Characteristics> {
///         Some(Characteristics::single(AttributeType::String, true))
///     }
/// }
///
/// let filter = parse_filter(r#"code eq "ABC""#)?;
/// assert!(!matches_with(&filter, &serde_json::json!({"code": "abc"}), &CaseExact)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait AttributeView {
    /// The characteristics of top-level attribute `name`, in `schema` if it is given.
    fn attribute(&self, schema: Option<&str>, name: &str) -> Option<Characteristics>;

    /// The characteristics of sub-attribute `name` of complex attribute `parent`.
    fn sub_attribute(
        &self,
        schema: Option<&str>,
        parent: &str,
        name: &str,
    ) -> Option<Characteristics>;

    /// Whether `schema` is an extension, whose attributes sit in the resource under a key
    /// named by the URN (RFC 7643 §3.3), rather than the resource's core schema, whose
    /// attributes sit at the top. By default only the core User and Group schemas are core.
    fn is_extension(&self, schema: &str) -> bool {
        !(schema.eq_ignore_ascii_case(USER_SCHEMA) || schema.eq_ignore_ascii_case(GROUP_SCHEMA))
    }
}

impl<T: AttributeView + ?Sized> AttributeView for &T {
    fn attribute(&self, schema: Option<&str>, name: &str) -> Option<Characteristics> {
        (**self).attribute(schema, name)
    }

    fn sub_attribute(
        &self,
        schema: Option<&str>,
        parent: &str,
        name: &str,
    ) -> Option<Characteristics> {
        (**self).sub_attribute(schema, parent, name)
    }

    fn is_extension(&self, schema: &str) -> bool {
        (**self).is_extension(schema)
    }
}
