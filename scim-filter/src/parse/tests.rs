//! Property tests of the parser (canonical round trip; arbitrary and mutated input never
//! panics and costs work linear in its length) and hostile inputs from the network.

use proptest::prelude::*;
use serde_json::json;

use super::parse_filter_counting;
use crate::{
    AttrPath, CompValue, CompareOp, Filter, Limits, Number, ParseErrorKind, ValueFilter, matches,
    parse_filter, parse_filter_bytes, parse_filter_with, parse_path,
};

// ---------------------------------------------------------------------------------------
// Generators of trees

/// Names, including ones that look like keywords, `$ref`, and any case.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "userName", "title", "emails", "value", "type", "not", "and", "or", "pr", "eq", "$ref",
            "TRUE", "null", "x-1", "a_b",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z][a-zA-Z0-9_-]{0,8}",
    ]
}

fn attr_path() -> impl Strategy<Value = AttrPath<'static>> {
    let uri = prop::option::of(prop::sample::select(vec![
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:example:x-1.2",
    ]));
    (uri, name(), prop::option::of(name())).prop_map(|(uri, name, sub)| {
        let mut text = String::new();
        if let Some(uri) = uri {
            text.push_str(uri);
            text.push(':');
        }
        text.push_str(&name);
        if let Some(sub) = sub {
            text.push('.');
            text.push_str(&sub);
        }
        AttrPath::parse(&text)
            .expect("generated paths are valid")
            .into_owned()
    })
}

fn compare_op() -> impl Strategy<Value = CompareOp> {
    prop::sample::select(vec![
        CompareOp::Equal,
        CompareOp::NotEqual,
        CompareOp::Contains,
        CompareOp::StartsWith,
        CompareOp::EndsWith,
        CompareOp::GreaterThan,
        CompareOp::GreaterOrEqual,
        CompareOp::LessThan,
        CompareOp::LessOrEqual,
    ])
}

fn comp_value() -> impl Strategy<Value = CompValue<'static>> {
    prop_oneof![
        Just(CompValue::Null),
        any::<bool>().prop_map(CompValue::Bool),
        any::<i64>().prop_map(|i| CompValue::Number(Number::Integer(i))),
        any::<f64>()
            .prop_filter("finite", |d| d.is_finite())
            .prop_map(|d| CompValue::Number(Number::Decimal(d))),
        // Any text: quotes, backslashes, control characters, astral characters.
        any::<String>().prop_map(|s| CompValue::String(s.into())),
    ]
}

fn value_filter() -> impl Strategy<Value = ValueFilter<'static>> {
    let leaf = prop_oneof![
        name().prop_map(|n| ValueFilter::Present(n.into())),
        (name(), compare_op(), comp_value()).prop_map(|(n, op, value)| ValueFilter::Compare {
            sub_attr: n.into(),
            op,
            value,
        }),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|f| ValueFilter::Not(Box::new(f))),
            prop::collection::vec(inner.clone(), 2..4).prop_map(ValueFilter::And),
            prop::collection::vec(inner, 2..4).prop_map(ValueFilter::Or),
        ]
    })
}

fn filter() -> impl Strategy<Value = Filter<'static>> {
    let leaf =
        prop_oneof![
            attr_path().prop_map(Filter::Present),
            (attr_path(), compare_op(), comp_value())
                .prop_map(|(path, op, value)| Filter::Compare { path, op, value }),
            (name(), value_filter()).prop_map(|(name, filter)| Filter::ValuePath {
                path: AttrPath::parse(&name).unwrap().into_owned(),
                filter: Box::new(filter),
            }),
        ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|f| Filter::Not(Box::new(f))),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Filter::And),
            prop::collection::vec(inner, 2..4).prop_map(Filter::Or),
        ]
    })
}

// ---------------------------------------------------------------------------------------
// Generators of text

/// Text drawn from the filter grammar's own alphabet, so random inputs get deep into it.
fn filter_like_text() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "userName",
        "emails",
        "name.familyName",
        "urn:a:b:c",
        " ",
        "  ",
        "eq",
        "ne",
        "co",
        "pr",
        "gt",
        "and",
        "or",
        "not",
        "(",
        ")",
        "[",
        "]",
        "\"",
        "\\",
        "\\u",
        "D83D",
        "\"x\"",
        "1",
        "-2.5e3",
        "true",
        "null",
        ".",
        ":",
        "$ref",
        "é",
        "\t",
    ]);
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

/// The corpus filters with random byte-level edits: deletions, insertions, replacements.
fn mutated_filter() -> impl Strategy<Value = Vec<u8>> {
    let seeds = vec![
        r#"userName eq "bjensen""#,
        r#"meta.lastModified gt "2011-05-13T04:42:34Z" and (title pr or userType eq "Employee")"#,
        r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
        r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984" and x.ratio lt 2.5e1"#,
    ];
    let edit = (any::<prop::sample::Index>(), 0u8..3, any::<u8>());
    (
        prop::sample::select(seeds),
        prop::collection::vec(edit, 1..6),
    )
        .prop_map(|(seed, edits)| {
            let mut bytes = seed.as_bytes().to_vec();
            for (at, kind, byte) in edits {
                let i = at.index(bytes.len() + 1);
                match kind {
                    0 if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    1 => bytes.insert(i, byte),
                    _ if i < bytes.len() => bytes[i] = byte,
                    _ => bytes.push(byte),
                }
            }
            bytes
        })
}

// ---------------------------------------------------------------------------------------
// Properties

/// What any parse must satisfy, whatever the input: no panic (the caller is running it),
/// work linear in the length, an error offset inside the input on a character boundary,
/// and for a success a canonical text that parses back to the same tree and evaluates
/// without panicking.
fn check_any_input(input: &str) -> Result<(), TestCaseError> {
    let (result, steps) = parse_filter_counting(input, &Limits::DEFAULT);
    prop_assert!(
        steps <= 4 * input.len() + 16,
        "{steps} units of work for {} bytes: {input:?}",
        input.len()
    );
    match result {
        Ok(filter) => {
            let canonical = filter.to_string();
            let again = parse_filter(&canonical);
            prop_assert_eq!(
                again.as_ref().ok(),
                Some(&filter),
                "canonical: {}",
                canonical
            );
            let user = json!({"userName": "bjensen", "emails": [{"type": "work", "value": "x"}]});
            let _verdict_or_type_error = matches(&filter, &user);
        }
        Err(err) => {
            prop_assert!(err.offset() <= input.len());
            prop_assert!(
                input.is_char_boundary(err.offset()),
                "offset {} of {input:?}",
                err.offset()
            );
            prop_assert!(!err.to_string().is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// `Display` prints a canonical form that parses back to the same tree (RFC 7644
    /// §3.4.2.2 grammar), and printing it again gives the same text.
    #[test]
    fn canonical_form_round_trips(filter in filter()) {
        let canonical = filter.to_string();
        let parsed = parse_filter(&canonical);
        prop_assert_eq!(parsed.as_ref().ok(), Some(&filter), "canonical: {}", canonical);
        prop_assert_eq!(parsed.unwrap().to_string(), canonical);
    }

    /// PATCH paths (RFC 7644 §3.5.2) round-trip the same way.
    #[test]
    fn patch_paths_round_trip(path in attr_path(), filter in prop::option::of(value_filter()), sub in prop::option::of(name())) {
        let text = match (&filter, &sub) {
            (None, _) => path.to_string(),
            (Some(filter), None) => format!("{}[{filter}]", path.name()),
            (Some(filter), Some(sub)) => format!("{}[{filter}].{sub}", path.name()),
        };
        let parsed = parse_path(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn arbitrary_text_is_answered_cleanly(input in any::<String>()) {
        check_any_input(&input)?;
    }

    #[test]
    fn grammar_like_text_is_answered_cleanly(input in filter_like_text()) {
        check_any_input(&input)?;
    }

    #[test]
    fn mutated_filters_are_answered_cleanly(bytes in mutated_filter()) {
        match std::str::from_utf8(&bytes) {
            Ok(text) => check_any_input(text)?,
            Err(utf8) => {
                let err = parse_filter_bytes(&bytes).unwrap_err();
                prop_assert_eq!(err.kind(), &ParseErrorKind::InvalidUtf8);
                prop_assert_eq!(err.offset(), utf8.valid_up_to());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Hostile inputs

#[test]
fn ten_thousand_nested_parentheses_stop_at_the_depth_limit() {
    let input = format!("{}title pr{}", "(".repeat(10_000), ")".repeat(10_000));
    let err = parse_filter(&input).unwrap_err();
    assert_eq!(err.kind(), &ParseErrorKind::TooDeep { max: 64 });
    assert_eq!(err.offset(), 64);
}

#[test]
fn nesting_limit_is_capped_so_a_large_setting_cannot_overflow_the_stack() {
    let input = format!("{}title pr{}", "not (".repeat(10_000), ")".repeat(10_000));
    let limits = Limits {
        max_depth: usize::MAX,
        max_len: usize::MAX,
        ..Limits::DEFAULT
    };
    // A 2 MiB thread, as test and server worker threads have, in whatever build this is.
    let parse = move || parse_filter_with(&input, &limits).map(drop).unwrap_err();
    let err = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(parse)
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(
        err.kind(),
        &ParseErrorKind::TooDeep {
            max: Limits::DEPTH_CEILING
        }
    );
}

#[test]
fn the_deepest_allowed_nesting_parses_on_a_small_stack() {
    let depth = Limits::DEPTH_CEILING - 1;
    let input = format!(
        "{}emails[not (type eq \"work\")]{}",
        "not (".repeat(depth - 1),
        ")".repeat(depth - 1)
    );
    let limits = Limits {
        max_depth: Limits::DEPTH_CEILING,
        ..Limits::DEFAULT
    };
    let parse = move || parse_filter_with(&input, &limits).map(|f| f.into_owned());
    let parsed = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(parse)
        .unwrap()
        .join();
    assert!(parsed.expect("no stack overflow").is_ok());
}

#[test]
fn a_hundred_thousand_term_chain_is_refused_by_length_then_by_terms() {
    let chain = vec!["title pr"; 100_000].join(" or ");
    let err = parse_filter(&chain).unwrap_err();
    assert_eq!(err.kind(), &ParseErrorKind::TooLong { max: 256 * 1024 });

    let roomy = Limits {
        max_len: usize::MAX,
        ..Limits::DEFAULT
    };
    let err = parse_filter_with(&chain, &roomy).unwrap_err();
    assert_eq!(err.kind(), &ParseErrorKind::TooManyTerms { max: 4096 });
    // Refused at the first term past the limit, before reading the rest.
    assert_eq!(err.offset(), 4096 * "title pr or ".len());
}

#[test]
fn a_hundred_thousand_term_chain_is_one_flat_node_when_allowed() {
    let chain = vec!["a pr"; 100_000].join(" and ");
    let unlimited = Limits {
        max_len: usize::MAX,
        max_terms: usize::MAX,
        ..Limits::DEFAULT
    };
    let (result, steps) = parse_filter_counting(&chain, &unlimited);
    let Ok(Filter::And(terms)) = result else {
        panic!("not an and")
    };
    assert_eq!(terms.len(), 100_000);
    assert!(steps <= 4 * chain.len());
}

#[test]
fn a_thousand_term_chain_is_a_shallow_tree() {
    // RFC 7644 §3.4.2.2 precedence over a long chain: and-pairs under one or.
    let chain = (0..500)
        .map(|i| format!("a{i} eq {i} and b{i} pr"))
        .collect::<Vec<_>>()
        .join(" or ");
    let Filter::Or(pairs) = parse_filter(&chain).unwrap() else {
        panic!("not an or")
    };
    assert_eq!(pairs.len(), 500);
    assert!(
        pairs
            .iter()
            .all(|p| matches!(p, Filter::And(terms) if terms.len() == 2))
    );
}

#[test]
fn unterminated_strings_are_errors_at_the_opening_quote() {
    for (input, offset) in [
        (r#"userName eq "bjensen"#, 12),
        (r#"userName eq ""#, 12),
        (r#"userName eq "a\""#, 12),
        (r#"emails[value eq "x]"#, 16),
        (r#"title pr and userName eq "é"#, 25),
    ] {
        let err = parse_filter(input).unwrap_err();
        assert_eq!(err.kind(), &ParseErrorKind::UnterminatedString, "{input}");
        assert_eq!(err.offset(), offset, "{input}");
    }
}

#[test]
fn invalid_utf8_is_reported_at_its_first_bad_byte() {
    for (input, offset) in [
        (&b"\xffuserName pr"[..], 0),
        (b"userName eq \"bj\xc3\"", 15),
        (b"userName eq \"bj\xe2\x82\"", 15),
        (b"title pr and \xf0\x9f\x98", 13),
        (b"title pr\x80", 8),
    ] {
        let err = parse_filter_bytes(input).unwrap_err();
        assert_eq!(err.kind(), &ParseErrorKind::InvalidUtf8);
        assert_eq!(err.offset(), offset, "{input:?}");
    }
    assert!(parse_filter_bytes("userName eq \"é\"".as_bytes()).is_ok());
}

#[test]
fn a_large_string_value_within_the_limit_parses() {
    let value = "x".repeat(200_000);
    let input = format!("userName eq \"{value}\"");
    let filter = parse_filter(&input).unwrap();
    assert!(
        matches!(filter, Filter::Compare { value: CompValue::String(ref s), .. } if s.len() == 200_000)
    );
}

#[test]
fn value_paths_do_not_nest() {
    let err = parse_filter(r#"emails[type[value eq "x"]]"#).unwrap_err();
    assert_eq!(err.kind(), &ParseErrorKind::NestedValuePath);
    assert_eq!(err.offset(), 11);
}
