//! Evaluation semantics as a table (`tests/eval_semantics.json`): each case names a filter, a
//! resource and either the expected answer of `matches` or a part of its `EvalError`; a second
//! table checks `validate_with(&filter, &CoreSchemaView)` without a resource.
//!
//! A case's `resource` is either a JSON object or the name of one of the shared `resources`.

use std::collections::{BTreeMap, HashSet};

use scim_filter::{CoreSchemaView, matches, parse_filter, validate_with};
use serde::Deserialize;
use serde_json::Value;

const TABLE: &str = include_str!("eval_semantics.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    resources: BTreeMap<String, Value>,
    cases: Vec<MatchCase>,
    validate: Vec<ValidateCase>,
}

/// `matches(filter, resource)` should give `expect`, or fail with a message containing `error`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchCase {
    id: String,
    why: String,
    filter: String,
    resource: Value,
    #[serde(default)]
    expect: Option<bool>,
    #[serde(default)]
    error: Option<String>,
}

/// `validate_with(filter, &CoreSchemaView)` should pass (`valid: true`) or fail with `error`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateCase {
    id: String,
    why: String,
    filter: String,
    #[serde(default)]
    valid: Option<bool>,
    #[serde(default)]
    error: Option<String>,
}

fn table() -> Table {
    let table: Table = serde_json::from_str(TABLE)
        .unwrap_or_else(|err| panic!("tests/eval_semantics.json is not valid case data: {err}"));
    let mut ids = HashSet::new();
    let all_ids = table
        .cases
        .iter()
        .map(|c| (&c.id, &c.why))
        .chain(table.validate.iter().map(|c| (&c.id, &c.why)));
    for (id, why) in all_ids {
        assert!(ids.insert(id.as_str()), "case id `{id}` is used twice");
        assert!(
            why.contains("RFC 764"),
            "case `{id}`: `why` should cite RFC 7643 or RFC 7644, not {why:?}"
        );
    }
    table
}

/// The resource a case names, or the one it holds.
fn resource<'t>(table: &'t Table, case: &'t MatchCase) -> Result<&'t Value, String> {
    match &case.resource {
        Value::String(name) => table
            .resources
            .get(name)
            .ok_or_else(|| format!("case `{}`: no shared resource named `{name}`", case.id)),
        Value::Object(_) => Ok(&case.resource),
        other => Err(format!(
            "case `{}`: a resource is an object or a name, not {other}",
            case.id
        )),
    }
}

fn check_match(table: &Table, case: &MatchCase) -> Result<(), String> {
    let label = format!("case `{}` ({:?}; {})", case.id, case.filter, case.why);
    let resource = resource(table, case)?;
    let filter =
        parse_filter(&case.filter).map_err(|err| format!("{label}: does not parse: {err}"))?;
    match (case.expect, &case.error, matches(&filter, resource)) {
        (Some(want), None, Ok(got)) if got == want => Ok(()),
        (Some(want), None, Ok(got)) => Err(format!("{label}: matched {got}, expected {want}")),
        (Some(want), None, Err(err)) => {
            Err(format!("{label}: failed with \"{err}\", expected {want}"))
        }
        (None, Some(want), Err(err)) if err.to_string().contains(want.as_str()) => Ok(()),
        (None, Some(want), Err(err)) => Err(format!(
            "{label}: error \"{err}\" does not contain {want:?}"
        )),
        (None, Some(want), Ok(got)) => Err(format!(
            "{label}: matched {got}, expected an error containing {want:?}"
        )),
        _ => Err(format!(
            "{label}: a case has exactly one of `expect` and `error`"
        )),
    }
}

fn check_validate(case: &ValidateCase) -> Result<(), String> {
    let label = format!(
        "validate case `{}` ({:?}; {})",
        case.id, case.filter, case.why
    );
    let filter =
        parse_filter(&case.filter).map_err(|err| format!("{label}: does not parse: {err}"))?;
    match (
        case.valid,
        &case.error,
        validate_with(&filter, &CoreSchemaView),
    ) {
        (Some(true), None, Ok(())) => Ok(()),
        (Some(true), None, Err(err)) => Err(format!("{label}: rejected with \"{err}\"")),
        (None, Some(want), Err(err)) if err.to_string().contains(want.as_str()) => Ok(()),
        (None, Some(want), Err(err)) => Err(format!(
            "{label}: error \"{err}\" does not contain {want:?}"
        )),
        (None, Some(want), Ok(())) => Err(format!(
            "{label}: accepted, expected an error containing {want:?}"
        )),
        _ => Err(format!(
            "{label}: a case has exactly one of `valid: true` and `error`"
        )),
    }
}

fn report(kind: &str, total: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of {total} {kind} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn matches_cases() {
    let table = table();
    assert!(!table.cases.is_empty(), "no evaluation cases");
    let failures: Vec<String> = table
        .cases
        .iter()
        .filter_map(|case| check_match(&table, case).err())
        .collect();
    report("evaluation", table.cases.len(), &failures);
}

#[test]
fn validate_cases() {
    let table = table();
    assert!(!table.validate.is_empty(), "no validation cases");
    let failures: Vec<String> = table
        .validate
        .iter()
        .filter_map(|case| check_validate(case).err())
        .collect();
    report("validation", table.validate.len(), &failures);
}

#[test]
fn every_evaluation_error_is_also_found_by_validation() {
    // `validate_with` raises up front every error `matches` could raise from the schema. The
    // attributes the view does not know, which only evaluation can judge, all sit under `x` in
    // this table.
    let table = table();
    let checked: Vec<&MatchCase> = table
        .cases
        .iter()
        .filter(|case| case.error.is_some() && !case.filter.starts_with("x."))
        .collect();
    assert!(!checked.is_empty(), "no error cases to check");
    let failures: Vec<String> = checked
        .iter()
        .filter_map(|case| {
            let filter = parse_filter(&case.filter).ok()?;
            match validate_with(&filter, &CoreSchemaView) {
                Err(_) => None,
                Ok(()) => Some(format!(
                    "case `{}` ({:?}): matches fails but validate_with accepts it",
                    case.id, case.filter
                )),
            }
        })
        .collect();
    report("validation-consistency", checked.len(), &failures);
}
