//! Search queries built from hostile filter values keep their structure: every value stays
//! one quoted token, read back unchanged by a lexer of Shopify's documented search syntax
//! (shopify.dev "Shopify API search syntax": values are names or single- or double-quoted
//! strings; `:`, `\`, `(`, `)` are special and backslash-escaped).

use std::borrow::Cow;

use proptest::prelude::*;
use scim_filter::{AttrPath, CompValue, CompareOp, Filter};
use scim_shopify::mapping::{
    Comparator, MappingConfig, SearchExpr, SearchField, members_query, translate_filter,
};

/// A token of the search syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    /// A bare run of characters (field names with their comparator, `AND`, `OR`).
    Word(String),
    /// A quoted string, unescaped.
    Quoted(String),
}

/// Splits a query the way the documented grammar does: whitespace separates, parentheses
/// are tokens, a quote opens a string that only the same unescaped quote closes, and a
/// backslash escapes the next character everywhere.
fn lex(query: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' | '\'' => {
                let quote = c;
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        None => panic!("unterminated string in {query:?}"),
                        Some('\\') => text.push(chars.next().expect("escape at the end")),
                        Some(c) if c == quote => break,
                        Some(c) => text.push(c),
                    }
                }
                tokens.push(Token::Quoted(text));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\'') {
                        break;
                    }
                    chars.next();
                    if c == '\\' {
                        word.push(chars.next().expect("escape at the end"));
                    } else {
                        word.push(c);
                    }
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    tokens
}

fn word(text: &str) -> Token {
    Token::Word(text.into())
}

fn quoted(text: &str) -> Token {
    Token::Quoted(text.into())
}

fn compare<'a>(path: &'a str, value: &str) -> Filter<'a> {
    Filter::Compare {
        path: AttrPath::parse(path).unwrap(),
        op: CompareOp::Equal,
        value: CompValue::String(Cow::Owned(value.to_owned())),
    }
}

const HOSTILE: &[&str] = &[
    r#"a" OR tag:x"#,
    r#"a\" OR tag:x"#,
    r#"a\"#,
    r#"\\\""#,
    r#"""#,
    r"\",
    "' OR '1'='1",
    "x) OR (tag:vip",
    "(",
    ")",
    "a:b",
    "last_name:*",
    "*",
    "-tag:x",
    "NOT tag:x",
    "AND",
    "OR",
    "é 日本語 🎉",
    "\u{202e}reversed",
    "a\u{a0}b",
    "  spaced  ",
];

#[test]
fn hostile_values_stay_one_quoted_token() {
    let config = MappingConfig::default();
    for value in HOSTILE {
        let filter = compare("name.familyName", value);
        let translation = translate_filter(&config, &filter);
        let search = translation.search.expect("a last-name search").to_string();
        assert_eq!(
            lex(&search),
            vec![word("last_name:"), quoted(value)],
            "{value:?} gave {search}"
        );
        // The value also survives as the residual, to be checked in memory.
        assert_eq!(translation.residual, Some(filter.into_owned()));
    }
}

#[test]
fn the_issue_example_is_quoted() {
    let config = MappingConfig::default();
    let filter = scim_filter::parse_filter(r#"name.givenName eq "a\" OR tag:x""#).unwrap();
    let search = translate_filter(&config, &filter).search.unwrap();
    assert_eq!(search.to_string(), r#"first_name:"a\" OR tag:x""#);
}

#[test]
fn hostile_group_names_stay_one_tag() {
    for value in HOSTILE {
        let query = members_query(value).to_string();
        assert_eq!(lex(&query), vec![word("tag:"), quoted(value)], "{query}");
    }
}

proptest! {
    /// No value can change the structure of a compound search.
    #[test]
    fn no_value_changes_the_query_structure(
        given in "\\PC*",
        family in any::<String>().prop_filter("searchable", |s| !s.is_empty() && !s.chars().any(char::is_control)),
        email_local in "[^@\\p{Cc}]{1,12}",
    ) {
        prop_assume!(!given.is_empty());
        let email = format!("{email_local}@example.com");
        let filter = Filter::And(vec![
            Filter::Or(vec![
                compare("name.givenName", &given),
                compare("name.familyName", &family),
            ]),
            compare("userName", &email),
            Filter::Compare {
                path: AttrPath::parse("active").unwrap(),
                op: CompareOp::Equal,
                value: CompValue::Bool(false),
            },
        ]);
        // `userName eq` in an `and` becomes a direct lookup; as an `or` branch it is searched.
        let translation = translate_filter(&MappingConfig::default(), &filter);
        prop_assert!(translation.direct.is_some());
        let Filter::And(mut terms) = filter else { unreachable!() };
        terms.remove(1);
        let mut branches = match terms.remove(0) {
            Filter::Or(branches) => branches,
            _ => unreachable!(),
        };
        branches.push(compare("emails.value", &email));
        let filter = Filter::And(vec![Filter::Or(branches), terms.remove(0)]);
        let search = translate_filter(&MappingConfig::default(), &filter).search.unwrap().to_string();
        prop_assert_eq!(lex(&search), vec![
            Token::Open,
            word("first_name:"), quoted(&given),
            word("OR"),
            word("last_name:"), quoted(&family),
            word("OR"),
            word("email:"), quoted(&email),
            Token::Close,
            word("AND"),
            word("tag:"), quoted("scim-inactive"),
        ]);
    }

    /// The printer quotes anything, control characters included.
    #[test]
    fn any_term_is_one_quoted_token(value in any::<String>()) {
        let term = SearchExpr::term(SearchField::Tag, Comparator::Equal, value.clone());
        let printed = term.to_string();
        prop_assert_eq!(lex(&printed), vec![word("tag:"), Token::Quoted(value)]);
    }
}
