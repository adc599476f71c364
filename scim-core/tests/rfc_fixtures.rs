//! The list, search and retrieval examples of RFC 7644 (§3.4.2 to §3.4.3, §3.9) and
//! RFC 9865 (§2, §3) as data, run through `scim_core::query`. The data lives in
//! `tests/rfc7644/` and `tests/rfc9865/`, one file per RFC section; the resources several
//! files share are in `tests/stores/` (see its README).
//!
//! Each case names its section and a store (resources inline, a shared file, or
//! `{"generate": N, "template": {...}}` with `{n}` standing for 001, 002, ...), then one
//! request: `query` (a raw query string for `GET /<type>`), `search` (a `/.search` body), or
//! `get` (an id) with a `query` (`GET /<type>/<id>`). It expects one of:
//! - `response`: the whole response body;
//! - `resource`: the only resource of the page;
//! - `summary`: some of `totalResults`, `itemsPerPage`, `startIndex` (`null`: absent),
//!   `ids` (the page's ids in order), `first` (the first id), `nextCursor` and
//!   `previousCursor` (whether present);
//! - `error`: the `status` and `scimType` of a SCIM error.

use scim_core::ScimError;
use scim_core::query::{ListQuery, QueryLimits, decode_query_string, list, project};
use scim_core::resource::Resource;
use scim_core::schema::SchemaRegistry;
use serde::Deserialize;
use serde_json::{Map, Value};

const FIXTURES: [(&str, &str); 9] = [
    (
        "rfc7644/s3.4.2_list_response.json",
        include_str!("rfc7644/s3.4.2_list_response.json"),
    ),
    (
        "rfc7644/s3.4.2.2_filtering.json",
        include_str!("rfc7644/s3.4.2.2_filtering.json"),
    ),
    (
        "rfc7644/s3.4.2.3_sorting.json",
        include_str!("rfc7644/s3.4.2.3_sorting.json"),
    ),
    (
        "rfc7644/s3.4.2.4_pagination.json",
        include_str!("rfc7644/s3.4.2.4_pagination.json"),
    ),
    (
        "rfc7644/s3.4.2.5_attributes.json",
        include_str!("rfc7644/s3.4.2.5_attributes.json"),
    ),
    (
        "rfc7644/s3.4.3_search_request.json",
        include_str!("rfc7644/s3.4.3_search_request.json"),
    ),
    (
        "rfc7644/s3.9_excluded_attributes.json",
        include_str!("rfc7644/s3.9_excluded_attributes.json"),
    ),
    (
        "rfc9865/s2_cursor_pagination.json",
        include_str!("rfc9865/s2_cursor_pagination.json"),
    ),
    (
        "rfc9865/s3_search_cursor.json",
        include_str!("rfc9865/s3_search_cursor.json"),
    ),
];

const STORES: [(&str, &str); 1] = [(
    "stores/rfc7643_s8.3_users.json",
    include_str!("stores/rfc7643_s8.3_users.json"),
)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Case {
    section: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    resource_type: String,
    store: Value,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    search: Option<Value>,
    #[serde(default)]
    get: Option<String>,
    #[serde(default)]
    response: Option<Value>,
    #[serde(default)]
    resource: Option<Value>,
    #[serde(default)]
    summary: Option<Map<String, Value>>,
    #[serde(default)]
    error: Option<ExpectedError>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpectedError {
    status: String,
    scim_type: String,
}

fn load(file: &str, text: &str) -> Vec<Case> {
    let cases: Vec<Case> = serde_json::from_str(text)
        .unwrap_or_else(|err| panic!("tests/{file} is not valid case data: {err}"));
    assert!(!cases.is_empty(), "tests/{file} holds no cases");
    cases
}

/// The resources a case's store holds.
fn store(spec: &Value) -> Result<Vec<Resource>, String> {
    let values: Vec<Value> = match spec {
        Value::Array(items) => items.clone(),
        Value::String(file) => {
            let (_, text) = STORES
                .iter()
                .find(|(name, _)| name == file)
                .ok_or_else(|| format!("no store file `{file}`"))?;
            serde_json::from_str(text).map_err(|err| format!("store `{file}`: {err}"))?
        }
        Value::Object(generator) => {
            let count = generator
                .get("generate")
                .and_then(Value::as_u64)
                .ok_or("a generated store needs `generate`: a count")?;
            let template = generator
                .get("template")
                .ok_or("a generated store needs a `template`")?;
            (1..=count)
                .map(|n| fill(template, &format!("{n:03}")))
                .collect()
        }
        other => {
            return Err(format!(
                "a store is a list, a file name or a generator: {other}"
            ));
        }
    };
    values
        .into_iter()
        .map(|value| Resource::from_json(value).map_err(|err| err.to_string()))
        .collect()
}

/// The template with `{n}` replaced in every string.
fn fill(template: &Value, n: &str) -> Value {
    match template {
        Value::String(text) => Value::String(text.replace("{n}", n)),
        Value::Array(items) => Value::Array(items.iter().map(|item| fill(item, n)).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| (key.clone(), fill(value, n)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The response body of the case's request, or the SCIM error it gets.
fn respond(case: &Case, resources: Vec<Resource>) -> Result<Result<Value, ScimError>, String> {
    let registry = SchemaRegistry::rfc7643();
    let view = registry
        .view(&case.resource_type)
        .ok_or_else(|| format!("no resource type `{}`", case.resource_type))?;
    let limits = QueryLimits::DEFAULT;
    let from_query = |raw: &str| -> Result<ListQuery, ScimError> {
        ListQuery::from_query_pairs(&decode_query_string(raw)?, &limits)
    };
    let outcome = match (&case.query, &case.search, &case.get) {
        (Some(raw), None, None) => from_query(raw)
            .and_then(|query| list(&view, resources, &query).map(|page| page.to_json())),
        (None, Some(body), None) => ListQuery::from_search_request(body, &limits)
            .and_then(|query| list(&view, resources, &query).map(|page| page.to_json())),
        (raw, None, Some(id)) => {
            let resource = resources
                .iter()
                .find(|r| r.id() == Some(id.as_str()))
                .ok_or_else(|| format!("no stored resource `{id}`"))?;
            from_query(raw.as_deref().unwrap_or("")).map(|query| {
                project(
                    &view,
                    resource,
                    &query.attributes,
                    &query.excluded_attributes,
                )
            })
        }
        _ => return Err("a case has one of `query`, `search` or `get` (with `query`)".into()),
    };
    Ok(outcome)
}

fn page_ids(body: &Value) -> Vec<Value> {
    body["Resources"]
        .as_array()
        .map(|resources| resources.iter().map(|r| r["id"].clone()).collect())
        .unwrap_or_default()
}

/// Checks one `summary` entry against the response body.
fn check_summary(key: &str, wanted: &Value, body: &Value) -> Result<(), String> {
    let got = match key {
        "totalResults" | "itemsPerPage" | "startIndex" => {
            body.get(key).cloned().unwrap_or(Value::Null)
        }
        "ids" => Value::Array(page_ids(body)),
        "first" => page_ids(body).first().cloned().unwrap_or(Value::Null),
        "nextCursor" | "previousCursor" => Value::Bool(body.get(key).is_some_and(Value::is_string)),
        other => return Err(format!("unknown summary key `{other}`")),
    };
    if &got == wanted {
        Ok(())
    } else {
        Err(format!("{key}: wanted {wanted}, got {got}"))
    }
}

fn run(case: &Case) -> Result<(), String> {
    let outcome = respond(case, store(&case.store)?)?;
    match (outcome, &case.error) {
        (Err(err), Some(expected)) => {
            let got = (
                err.status().as_str().to_owned(),
                err.scim_type().map(|t| t.as_str().to_owned()),
            );
            let wanted = (expected.status.clone(), Some(expected.scim_type.clone()));
            if got == wanted {
                Ok(())
            } else {
                Err(format!(
                    "wanted error {wanted:?}, got {got:?}: {}",
                    err.detail()
                ))
            }
        }
        (Err(err), None) => Err(format!("unexpected error: {err}")),
        (Ok(body), Some(expected)) => Err(format!(
            "wanted error {} {}, got {body}",
            expected.status, expected.scim_type
        )),
        (Ok(body), None) => {
            let mut checked = false;
            if let Some(response) = &case.response {
                checked = true;
                if &body != response {
                    return Err(format!("wanted response\n{response}\ngot\n{body}"));
                }
            }
            if let Some(resource) = &case.resource {
                checked = true;
                match body["Resources"].as_array().map(Vec::as_slice) {
                    Some([only]) if only == resource => {}
                    _ => return Err(format!("wanted the one resource\n{resource}\ngot\n{body}")),
                }
            }
            if let Some(summary) = &case.summary {
                checked = true;
                for (key, wanted) in summary {
                    check_summary(key, wanted, &body)?;
                }
            }
            if checked {
                Ok(())
            } else {
                Err("the case expects nothing".into())
            }
        }
    }
}

#[test]
fn rfc7644_and_rfc9865_list_and_search_examples() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (file, text) in FIXTURES {
        for case in load(file, text) {
            ran += 1;
            if let Err(why) = run(&case) {
                let about = case.description.as_deref().unwrap_or("");
                failures.push(format!(
                    "{file}: {} / {}: {why}\n  ({about})",
                    case.section, case.name
                ));
            }
        }
    }
    assert!(ran >= 50, "only {ran} cases ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_case_names_its_section_and_a_fixture_names_its_section() {
    for (file, text) in FIXTURES {
        let stem = file
            .rsplit('/')
            .next()
            .and_then(|name| name.split('_').next())
            .unwrap_or_default();
        let section = stem.trim_start_matches('s');
        for case in load(file, text) {
            assert!(
                case.section.starts_with("RFC 7644 §") || case.section.starts_with("RFC 9865 §"),
                "{file}: {}: section `{}`",
                case.name,
                case.section
            );
            assert!(
                case.section.contains(&format!("§{section}")),
                "{file}: {}: section `{}` is not §{section}",
                case.name,
                case.section
            );
        }
    }
}
