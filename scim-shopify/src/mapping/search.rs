//! Shopify search queries (`customers(query:)`), built as a tree ([`SearchExpr`]) that
//! stays typed through the mapping and the store, and is printed into Shopify's search
//! syntax only when a request is made, with every value quoted, so no value can change the
//! query's structure.
//!
//! The syntax (shopify.dev, "Shopify API search syntax", `/docs/api/usage/search-syntax`):
//! `Term = [Modifier] ("(" Query ")" | [name Comparator] value)`, connectives `AND` / `OR`,
//! comparators `:`, `:<`, `:>`, `:<=`, `:>=`; a value is a bare name or a string in single or
//! double quotes; `:`, `\`, `(` and `)` are special and escaped with a backslash. Values here
//! are always double-quoted with `\` and `"` backslash-escaped, so inside the quotes only
//! the closing `"` ends the value.

use std::fmt;

/// A customer search field (the `customers` query's filters in the Admin GraphQL schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchField {
    /// `email` (tokenised: a quoted value is a phrase query).
    Email,
    /// `first_name`.
    FirstName,
    /// `last_name`.
    LastName,
    /// `phone`.
    Phone,
    /// `tag` (a value with commas means several tags, so values never carry commas).
    Tag,
    /// `tag_not`.
    TagNot,
    /// `id` (numeric, with ranges).
    Id,
    /// `customer_date`: when the customer was created.
    CustomerDate,
    /// `updated_at`: when the customer last changed, matching a whole day.
    UpdatedAt,
}

impl SearchField {
    /// The field's name in the query syntax.
    ///
    /// ```
    /// assert_eq!(scim_shopify::mapping::SearchField::LastName.name(), "last_name");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            SearchField::Email => "email",
            SearchField::FirstName => "first_name",
            SearchField::LastName => "last_name",
            SearchField::Phone => "phone",
            SearchField::Tag => "tag",
            SearchField::TagNot => "tag_not",
            SearchField::Id => "id",
            SearchField::CustomerDate => "customer_date",
            SearchField::UpdatedAt => "updated_at",
        }
    }
}

/// A search comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// `:`.
    Equal,
    /// `:<`.
    Less,
    /// `:<=`.
    LessOrEqual,
    /// `:>`.
    Greater,
    /// `:>=`.
    GreaterOrEqual,
}

impl Comparator {
    /// The comparator as written after the field name.
    pub fn token(self) -> &'static str {
        match self {
            Comparator::Equal => ":",
            Comparator::Less => ":<",
            Comparator::LessOrEqual => ":<=",
            Comparator::Greater => ":>",
            Comparator::GreaterOrEqual => ":>=",
        }
    }
}

/// A search query as a tree. `Display` prints it with every value double-quoted and escaped,
/// and parenthesises every `OR` group, so the printed query has exactly this tree's shape
/// whatever the values hold.
///
/// ```
/// use scim_shopify::mapping::{Comparator, SearchExpr, SearchField};
///
/// let query = SearchExpr::And(vec![
///     SearchExpr::term(SearchField::LastName, Comparator::Equal, r#"a" OR tag:x"#),
///     SearchExpr::Or(vec![
///         SearchExpr::term(SearchField::Tag, Comparator::Equal, "vip"),
///         SearchExpr::term(SearchField::FirstName, Comparator::Equal, r"back\slash"),
///     ]),
/// ]);
/// assert_eq!(
///     query.to_string(),
///     r#"last_name:"a\" OR tag:x" AND (tag:"vip" OR first_name:"back\\slash")"#,
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SearchExpr {
    /// `field comparator "value"`.
    Term {
        /// The field.
        field: SearchField,
        /// The comparator.
        comparator: Comparator,
        /// The value, unescaped.
        value: String,
    },
    /// Every child holds.
    And(Vec<SearchExpr>),
    /// Some child holds.
    Or(Vec<SearchExpr>),
}

impl SearchExpr {
    /// A term.
    pub fn term(field: SearchField, comparator: Comparator, value: impl Into<String>) -> Self {
        SearchExpr::Term {
            field,
            comparator,
            value: value.into(),
        }
    }

    fn fmt_in(&self, f: &mut fmt::Formatter<'_>, nested: bool) -> fmt::Result {
        match self {
            SearchExpr::Term {
                field,
                comparator,
                value,
            } => {
                write!(f, "{}{}", field.name(), comparator.token())?;
                if *field == SearchField::Id && is_digits(value) {
                    // Shopify documents ids bare (`id:1234`); digits need no quoting.
                    f.write_str(value)
                } else {
                    write_quoted(f, value)
                }
            }
            SearchExpr::And(terms) => {
                if nested && terms.len() > 1 {
                    f.write_str("(")?;
                }
                for (i, term) in terms.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" AND ")?;
                    }
                    term.fmt_in(f, true)?;
                }
                if nested && terms.len() > 1 {
                    f.write_str(")")?;
                }
                Ok(())
            }
            SearchExpr::Or(terms) => {
                let parens = terms.len() > 1;
                if parens {
                    f.write_str("(")?;
                }
                for (i, term) in terms.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    term.fmt_in(f, true)?;
                }
                if parens {
                    f.write_str(")")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for SearchExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_in(f, false)
    }
}

/// `value` in double quotes with `\` and `"` backslash-escaped.
fn write_quoted(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    use fmt::Write;
    f.write_char('"')?;
    for c in value.chars() {
        if c == '"' || c == '\\' {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('"')
}

fn is_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a value can go into a search term at all: no control characters (which some
/// search front ends treat as separators) and not empty. Values that cannot are left to the
/// in-memory filter instead.
pub(crate) fn searchable(value: &str) -> bool {
    !value.is_empty() && !value.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_children_print_without_parentheses() {
        let one = SearchExpr::Or(vec![SearchExpr::term(
            SearchField::Id,
            Comparator::Equal,
            "1",
        )]);
        assert_eq!(one.to_string(), "id:1");
        let and = SearchExpr::And(vec![
            SearchExpr::term(SearchField::Id, Comparator::GreaterOrEqual, "1"),
            SearchExpr::And(vec![
                SearchExpr::term(SearchField::Tag, Comparator::Equal, "a"),
                SearchExpr::term(SearchField::TagNot, Comparator::Equal, "b"),
            ]),
        ]);
        assert_eq!(and.to_string(), r#"id:>=1 AND (tag:"a" AND tag_not:"b")"#);
        let odd = SearchExpr::term(SearchField::Id, Comparator::Equal, "1 OR x");
        assert_eq!(odd.to_string(), r#"id:"1 OR x""#);
    }

    #[test]
    fn searchable_refuses_control_characters() {
        assert!(searchable("bjensen@example.com"));
        assert!(!searchable(""));
        assert!(!searchable("a\nb"));
    }
}
