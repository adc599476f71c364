//! [`CompiledFilter`] against the one-shot evaluator: every filter of the evaluation table
//! (`tests/eval_semantics.json`) and of the RFC fixtures (`tests/rfc7644/`), and random
//! filters, on every resource of the table, under three views. For each pair:
//!
//! - compiling fails exactly when `validate_with` does, with the same error;
//! - when it succeeds, `CompiledFilter::matches_value` gives what `matches_with` gives,
//!   answer or error (the errors left to evaluation come from stored data);
//! - when it fails, `matches_with` may still answer on some resource (`and`/`or` stop at
//!   the first deciding term), so there is nothing to compare.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use proptest::prelude::*;
use scim_filter::{
    AttributeType, AttributeView, Characteristics, CompiledFilter, CoreSchemaView, Filter,
    matches_with, parse_filter, validate_with,
};
use serde_json::Value;

const TABLE: &str = include_str!("eval_semantics.json");
const RFC_FILTERS: &str = include_str!("rfc7644/s3.4.2.2_filters.json");

/// A view that knows no attribute: every comparison is planned from the stored value's JSON
/// type, so the errors are the data's, at evaluation.
struct NoSchema;

impl AttributeView for NoSchema {
    fn attribute(&self, _: Option<&str>, _: &str) -> Option<Characteristics> {
        None
    }

    fn sub_attribute(&self, _: Option<&str>, _: &str, _: &str) -> Option<Characteristics> {
        None
    }
}

/// The core schemas, but every string case-exact and every URN an extension's, even the
/// core User's (its attributes are then looked up under its key).
struct CaseExactExtensions;

impl AttributeView for CaseExactExtensions {
    fn attribute(&self, schema: Option<&str>, name: &str) -> Option<Characteristics> {
        CoreSchemaView.attribute(schema, name).map(case_exact)
    }

    fn sub_attribute(
        &self,
        schema: Option<&str>,
        parent: &str,
        name: &str,
    ) -> Option<Characteristics> {
        CoreSchemaView
            .sub_attribute(schema, parent, name)
            .map(case_exact)
    }

    fn is_extension(&self, _: &str) -> bool {
        true
    }
}

fn case_exact(chars: Characteristics) -> Characteristics {
    Characteristics {
        case_exact: chars.attr_type == AttributeType::String || chars.case_exact,
        ..chars
    }
}

/// Every resource of the evaluation table: the shared ones and those cases hold.
static RESOURCES: LazyLock<Vec<Value>> = LazyLock::new(resources);

fn resources() -> Vec<Value> {
    let table: Value = serde_json::from_str(TABLE).expect("eval_semantics.json is JSON");
    let mut resources: Vec<Value> = table["resources"]
        .as_object()
        .expect("shared resources")
        .values()
        .cloned()
        .collect();
    resources.extend(
        table["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(|case| &case["resource"])
            .filter(|resource| resource.is_object())
            .cloned(),
    );
    // Not an object: no attributes at all.
    resources.push(Value::Null);
    resources
}

/// Every filter of the evaluation table and the RFC fixtures, once each.
fn filters() -> BTreeSet<String> {
    let table: Value = serde_json::from_str(TABLE).expect("eval_semantics.json is JSON");
    let rfc: Value = serde_json::from_str(RFC_FILTERS).expect("s3.4.2.2_filters.json is JSON");
    let from_table = ["cases", "validate"]
        .into_iter()
        .flat_map(|key| table[key].as_array().expect("case lists").iter());
    from_table
        .chain(rfc.as_array().expect("RFC cases"))
        .map(|case| case["filter"].as_str().expect("a filter").to_owned())
        .collect()
}

/// Checks one filter on every resource under `view`; `Err` names the first disagreement.
fn agree<V: AttributeView>(
    text: &str,
    filter: &Filter<'_>,
    resources: &[Value],
    view: &V,
) -> Result<(), String> {
    let compiled = CompiledFilter::new(filter, view);
    let validated = validate_with(filter, view);
    match (&compiled, &validated) {
        (Ok(_), Ok(())) => {}
        (Err(compiled), Err(validated)) if compiled == validated => {}
        (compiled, validated) => {
            return Err(format!(
                "{text:?}: compiling gives {:?}, validate_with {validated:?}",
                compiled.as_ref().map(drop)
            ));
        }
    }
    let Ok(compiled) = compiled else {
        return Ok(());
    };
    for resource in resources {
        let one_shot = matches_with(filter, resource, view);
        let got = compiled.matches_value(resource);
        if got != one_shot {
            return Err(format!(
                "{text:?} on {resource}: compiled {got:?}, matches_with {one_shot:?}"
            ));
        }
        if let Some(attributes) = resource.as_object() {
            let got = compiled.matches(attributes);
            if got != one_shot {
                return Err(format!(
                    "{text:?} on {resource}: compiled `matches` {got:?}, \
                     matches_with {one_shot:?}"
                ));
            }
        }
    }
    Ok(())
}

fn agree_everywhere(text: &str, resources: &[Value]) -> Result<(), String> {
    let filter = parse_filter(text).map_err(|err| format!("{text:?} does not parse: {err}"))?;
    agree(text, &filter, resources, &CoreSchemaView)?;
    agree(text, &filter, resources, &NoSchema)?;
    agree(text, &filter, resources, &CaseExactExtensions)
}

#[test]
fn every_table_and_rfc_filter_agrees_with_matches_with() {
    let resources = resources();
    let filters = filters();
    assert!(filters.len() > 150, "only {} filters", filters.len());
    let failures: Vec<String> = filters
        .iter()
        .filter_map(|text| agree_everywhere(text, &resources).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} filters disagree:\n{}",
        failures.len(),
        filters.len(),
        failures.join("\n")
    );
}

#[test]
fn compiled_answers_and_errors_are_those_of_the_table() {
    // The same checks from the other side: a filter that compiles answers what the table
    // expects of `matches`, in particular the errors of stored data.
    let table: Value = serde_json::from_str(TABLE).expect("eval_semantics.json is JSON");
    let mut compiled_cases = 0;
    for case in table["cases"].as_array().expect("cases") {
        let id = case["id"].as_str().expect("an id");
        let resource = match &case["resource"] {
            Value::String(name) => &table["resources"][name.as_str()],
            inline => inline,
        };
        let filter = parse_filter(case["filter"].as_str().expect("a filter")).expect(id);
        let Ok(compiled) = CompiledFilter::new(&filter, &CoreSchemaView) else {
            assert!(
                validate_with(&filter, &CoreSchemaView).is_err(),
                "case `{id}`: compiling fails where validation passes"
            );
            continue;
        };
        compiled_cases += 1;
        match (
            compiled.matches_value(resource),
            &case["expect"],
            &case["error"],
        ) {
            (Ok(got), Value::Bool(want), _) => assert_eq!(got, *want, "case `{id}`"),
            (Err(err), _, Value::String(want)) => {
                assert!(
                    err.to_string().contains(want.as_str()),
                    "case `{id}`: {err}"
                );
            }
            (got, _, _) => panic!("case `{id}`: compiled gives {got:?}"),
        }
    }
    assert!(compiled_cases > 150, "only {compiled_cases} cases compile");
}

/// Attribute paths of every kind the evaluator distinguishes: core and extension, simple,
/// complex, multi-valued, unknown, differently cased.
const PATHS: &[&str] = &[
    "userName",
    "USERNAME",
    "title",
    "id",
    "active",
    "name",
    "name.familyName",
    "emails",
    "emails.value",
    "emails.type",
    "emails.primary",
    "meta.created",
    "meta.lastModified",
    "x509Certificates.value",
    "members.display",
    "schemas",
    "x.count",
    "x.ratio",
    "x.tags",
    "x",
    "urn:ietf:params:scim:schemas:core:2.0:User:userName",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
];

/// Complex attributes for value paths, and sub-attributes for their brackets.
const PARENTS: &[&str] = &["emails", "members", "name", "x", "ims"];
const SUB_ATTRS: &[&str] = &["value", "type", "primary", "display", "familyName", "count"];

const OPS: &[&str] = &["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];

const VALUES: &[&str] = &[
    "\"bjensen\"",
    "\"BJ\"",
    "\"work\"",
    "\"example.com\"",
    "\"2011-05-13T04:42:34Z\"",
    "\"yesterday\"",
    "\"MII\"",
    "\"\"",
    "10",
    "9.5",
    "true",
    "false",
    "null",
];

fn comparison() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(PATHS),
            prop::sample::select(OPS),
            prop::sample::select(VALUES)
        )
            .prop_map(|(path, op, value)| format!("{path} {op} {value}")),
        prop::sample::select(PATHS).prop_map(|path| format!("{path} pr")),
    ]
}

fn value_filter() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (
            prop::sample::select(SUB_ATTRS),
            prop::sample::select(OPS),
            prop::sample::select(VALUES)
        )
            .prop_map(|(sub, op, value)| format!("{sub} {op} {value}")),
        prop::sample::select(SUB_ATTRS).prop_map(|sub| format!("{sub} pr")),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

fn filter() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        3 => comparison(),
        1 => (prop::sample::select(PARENTS), value_filter())
            .prop_map(|(parent, inner)| format!("{parent}[{inner}]")),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_filters_agree_with_matches_with(text in filter()) {
        if let Err(disagreement) = agree_everywhere(&text, &RESOURCES) {
            prop_assert!(false, "{}", disagreement);
        }
    }
}
