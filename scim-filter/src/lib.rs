//! The SCIM 2.0 filter language: parse, print and evaluate.
//!
//! - [`parse_filter`] reads a filter of RFC 7644 §3.4.2.2 into a [`Filter`] that borrows from
//!   the input; [`parse_path`] reads the `path` of a PATCH operation (§3.5.2).
//! - `Display` on every tree prints a canonical form that parses back to the same tree.
//! - [`matches`](fn@matches) evaluates a filter against a JSON resource with the attribute
//!   characteristics of the core User, Group and EnterpriseUser schemas (RFC 7643 §4, §8.7);
//!   [`matches_with`] takes any [`AttributeView`], such as a schema registry;
//!   [`CompiledFilter`] plans a filter once against a view, for testing many resources.
//!
//! Parsing is bounded by [`Limits`] (depth, terms, length) checked as it goes, so input from
//! the network can be handed to it directly. Errors carry the byte offset and say what was
//! expected, ready to become a SCIM `400 invalidFilter` `detail`.
//!
//! # What is accepted beyond the letter of the grammar
//!
//! Clients bend RFC 7644's ABNF; the parser takes what they send and prints strictly:
//! - keywords, operators and `true`/`false`/`null` in any case (ABNF literals are
//!   case-insensitive, RFC 5234 §2.3);
//! - any run of spaces, tabs or newlines where the grammar has one space, none before a
//!   quoted value (`userName eq"x"`) or around parentheses;
//! - JSON numbers with leading zeros or a bare trailing `.` (`01`, `1.`), and raw control
//!   characters inside strings;
//! - `$ref` as an attribute name (RFC 7643 §2.3.7 uses it).
//!
//! Value paths do not nest (`a[b[c pr]]` is refused): sub-attributes are never complex
//! (RFC 7643 §2.3.8).
//!
//! ```
//! use serde_json::json;
//!
//! let filter = scim_filter::parse_filter(
//!     r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
//! )?;
//! let user = json!({
//!     "userType": "employee",
//!     "emails": [{"type": "work", "value": "bjensen@EXAMPLE.com"}],
//! });
//! assert!(scim_filter::matches(&filter, &user)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ast;
mod display;
mod error;
mod eval;
mod limits;
mod parse;

pub use ast::{AttrPath, CompValue, CompareOp, Filter, Number, PatchPath, ValueFilter};
pub use error::{EvalError, Expected, Found, ParseError, ParseErrorKind, Subject};
pub use eval::{
    AttributeType, AttributeView, Characteristics, CompiledFilter, CoreSchemaView,
    ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, matches, matches_object,
    matches_value_filter, matches_with, validate_with,
};
pub use limits::Limits;
pub use parse::{parse_filter, parse_filter_bytes, parse_filter_with, parse_path, parse_path_with};

/// The examples of the crate's README, run as document tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
