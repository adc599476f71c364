//! The examples of RFC 7644 as data: the filters of §3.4.2.2 (and §3.4.3), the PATCH paths of
//! §3.5.2, and filters the grammar of §3.4.2.2 rejects. The data lives in `tests/rfc7644/`,
//! one file per RFC section; each tree is written as an S-expression (see [`filter_sexp`]).

use std::fmt::Write as _;

use scim_filter::{Filter, PatchPath, Subject, ValueFilter, parse_filter, parse_path};
use serde::Deserialize;

const FILTERS: &str = include_str!("rfc7644/s3.4.2.2_filters.json");
const PATHS: &str = include_str!("rfc7644/s3.5.2_paths.json");
const INVALID: &str = include_str!("rfc7644/s3.4.2.2_invalid.json");

/// A filter the RFC prints, the tree it means, and its canonical text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilterCase {
    section: String,
    filter: String,
    tree: String,
    canonical: String,
}

/// A PATCH path the RFC prints, the tree it means, and its canonical text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PathCase {
    section: String,
    path: String,
    tree: String,
    canonical: String,
}

/// A filter the grammar rejects: where, and a part of the message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InvalidCase {
    filter: String,
    offset: usize,
    message: String,
    why: String,
}

fn load<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Vec<T> {
    let cases: Vec<T> = serde_json::from_str(text)
        .unwrap_or_else(|err| panic!("tests/rfc7644/{name} is not valid case data: {err}"));
    assert!(!cases.is_empty(), "tests/rfc7644/{name} holds no cases");
    cases
}

/// The tree of a filter as an S-expression:
/// `(pr PATH)`, `(OP PATH VALUE)`, `(PATH[] VF)`, `(not X)`, `(and X Y ...)`, `(or X Y ...)`.
fn filter_sexp(filter: &Filter<'_>) -> String {
    match filter {
        Filter::Present(path) => format!("(pr {path})"),
        Filter::Compare { path, op, value } => format!("({} {path} {value})", op.keyword()),
        Filter::ValuePath { path, filter } => format!("({path}[] {})", value_sexp(filter)),
        Filter::Not(inner) => format!("(not {})", filter_sexp(inner)),
        Filter::And(terms) => chain("and", terms.iter().map(filter_sexp)),
        Filter::Or(terms) => chain("or", terms.iter().map(filter_sexp)),
    }
}

/// The tree of a value filter, in the same notation over sub-attribute names.
fn value_sexp(filter: &ValueFilter<'_>) -> String {
    match filter {
        ValueFilter::Present(name) => format!("(pr {name})"),
        ValueFilter::Compare {
            sub_attr,
            op,
            value,
        } => format!("({} {sub_attr} {value})", op.keyword()),
        ValueFilter::Not(inner) => format!("(not {})", value_sexp(inner)),
        ValueFilter::And(terms) => chain("and", terms.iter().map(value_sexp)),
        ValueFilter::Or(terms) => chain("or", terms.iter().map(value_sexp)),
    }
}

/// A PATCH path: `(path PATH)`, `(path PATH[] VF)` or `(path PATH[] VF .SUB)`.
fn path_sexp(path: &PatchPath<'_>) -> String {
    match path {
        PatchPath::Attribute(path) => format!("(path {path})"),
        PatchPath::ValuePath {
            path,
            filter,
            sub_attr,
        } => {
            let mut text = format!("(path {path}[] {}", value_sexp(filter));
            if let Some(sub) = sub_attr {
                write!(text, " .{sub}").expect("writing to a String");
            }
            text.push(')');
            text
        }
    }
}

fn chain(keyword: &str, terms: impl Iterator<Item = String>) -> String {
    let mut text = format!("({keyword}");
    for term in terms {
        text.push(' ');
        text.push_str(&term);
    }
    text.push(')');
    text
}

/// Runs every case, collecting failures so one run reports them all.
fn run<T>(cases: &[T], check: impl Fn(&T) -> Result<(), String>) {
    let failures: Vec<String> = cases.iter().filter_map(|case| check(case).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn s3_4_2_2_filter_examples() {
    let cases: Vec<FilterCase> = load("s3.4.2.2_filters.json", FILTERS);
    run(&cases, |case| {
        let label = format!("[{}] {:?}", case.section, case.filter);
        let filter =
            parse_filter(&case.filter).map_err(|err| format!("{label}: does not parse: {err}"))?;
        let tree = filter_sexp(&filter);
        if tree != case.tree {
            return Err(format!(
                "{label}: tree\n    got  {tree}\n    want {}",
                case.tree
            ));
        }
        let printed = filter.to_string();
        if printed != case.canonical {
            return Err(format!(
                "{label}: canonical text\n    got  {printed}\n    want {}",
                case.canonical
            ));
        }
        let reparsed = parse_filter(&case.canonical)
            .map_err(|err| format!("{label}: canonical text does not parse: {err}"))?;
        if reparsed != filter {
            return Err(format!(
                "{label}: canonical text parses to another tree: {}",
                filter_sexp(&reparsed)
            ));
        }
        Ok(())
    });
}

#[test]
fn s3_5_2_patch_paths() {
    let cases: Vec<PathCase> = load("s3.5.2_paths.json", PATHS);
    run(&cases, |case| {
        let label = format!("[{}] {:?}", case.section, case.path);
        let path =
            parse_path(&case.path).map_err(|err| format!("{label}: does not parse: {err}"))?;
        let tree = path_sexp(&path);
        if tree != case.tree {
            return Err(format!(
                "{label}: tree\n    got  {tree}\n    want {}",
                case.tree
            ));
        }
        let printed = path.to_string();
        if printed != case.canonical {
            return Err(format!(
                "{label}: canonical text\n    got  {printed}\n    want {}",
                case.canonical
            ));
        }
        let reparsed = parse_path(&case.canonical)
            .map_err(|err| format!("{label}: canonical text does not parse: {err}"))?;
        if reparsed != path {
            return Err(format!(
                "{label}: canonical text parses to another tree: {}",
                path_sexp(&reparsed)
            ));
        }
        Ok(())
    });
}

#[test]
fn s3_4_2_2_invalid_filters() {
    let cases: Vec<InvalidCase> = load("s3.4.2.2_invalid.json", INVALID);
    run(&cases, |case| {
        let label = format!("{:?} ({})", case.filter, case.why);
        if case.message.is_empty() || case.why.is_empty() {
            return Err(format!("{label}: `message` and `why` must not be empty"));
        }
        let err = match parse_filter(&case.filter) {
            Ok(filter) => {
                return Err(format!("{label}: accepted as {}", filter_sexp(&filter)));
            }
            Err(err) => err,
        };
        let message = err.to_string();
        if err.offset() != case.offset {
            return Err(format!(
                "{label}: offset {} instead of {} ({message})",
                err.offset(),
                case.offset
            ));
        }
        if !message.contains(&case.message) {
            return Err(format!(
                "{label}: message {message:?} does not contain {:?}",
                case.message
            ));
        }
        if err.subject() != Subject::Filter || !message.starts_with("invalid filter at byte ") {
            return Err(format!(
                "{label}: not reported as a filter error: {message}"
            ));
        }
        Ok(())
    });
}

#[test]
fn the_sexp_notation_tells_trees_apart() {
    // The notation must not hide the differences the data relies on.
    let nested = parse_filter("a pr and (b pr and c pr)").expect("valid filter");
    let flat = parse_filter("a pr and b pr and c pr").expect("valid filter");
    assert_eq!(filter_sexp(&nested), "(and (pr a) (and (pr b) (pr c)))");
    assert_eq!(filter_sexp(&flat), "(and (pr a) (pr b) (pr c))");
    let numbers = parse_filter("x eq 10 or x eq 2.5 or x eq true or x eq null").expect("valid");
    assert_eq!(
        filter_sexp(&numbers),
        "(or (eq x 10) (eq x 2.5) (eq x true) (eq x null))"
    );
}
