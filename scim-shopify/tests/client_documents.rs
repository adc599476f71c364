//! Every GraphQL document `scim_shopify::client` declares validates against the Admin API
//! schema it targets (the emulator's `ADMIN_SCHEMA`, Shopify's 2026-07 schema), so a wrong field or
//! argument fails here rather than against a merchant's store.

use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use scim_shopify::client::operations::{ALL, customer_write_shapes};
use scim_shopify_emulator::ADMIN_SCHEMA;
use std::path::PathBuf;
use std::sync::OnceLock;

fn schema() -> &'static Valid<Schema> {
    static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        Schema::parse_and_validate(ADMIN_SCHEMA, "admin-2026-07.graphql")
            .unwrap_or_else(|err| panic!("the Admin schema does not validate:\n{}", err.errors))
    })
}

fn validate(name: &str, document: &str) -> Result<Valid<ExecutableDocument>, String> {
    ExecutableDocument::parse_and_validate(schema(), document, format!("{name}.graphql"))
        .map_err(|err| err.errors.to_string())
}

#[test]
fn every_declared_document_validates_against_the_2026_07_schema() {
    let mut failures = Vec::new();
    for (name, document) in ALL {
        match validate(name, document) {
            Ok(valid) => {
                let operations: Vec<_> = valid.operations.iter().collect();
                assert_eq!(
                    operations.len(),
                    1,
                    "{name} must hold exactly one operation"
                );
                assert_eq!(
                    operations[0].name.as_ref().map(|n| n.as_str()),
                    Some(*name),
                    "{name}: the document's operation has another name"
                );
            }
            Err(errors) => failures.push(format!("{name}:\n{errors}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every shape of `CustomerWrite` (which parts of a write it holds) is a document of its own;
/// each validates, names the operation `CustomerWrite`, and runs its root fields in the
/// order the store relies on (metafieldsDelete, customerUpdate, tagsRemove, tagsAdd).
#[test]
fn every_customer_write_shape_validates_against_the_2026_07_schema() {
    let mut failures = Vec::new();
    for document in customer_write_shapes() {
        match validate("CustomerWrite", document) {
            Ok(valid) => {
                let operation = valid
                    .operations
                    .get(Some("CustomerWrite"))
                    .expect("the operation is named CustomerWrite");
                let roots: Vec<&str> = operation
                    .selection_set
                    .selections
                    .iter()
                    .filter_map(|s| s.as_field().map(|f| f.name.as_str()))
                    .collect();
                let order = [
                    "metafieldsDelete",
                    "customerUpdate",
                    "tagsRemove",
                    "tagsAdd",
                ];
                let mut positions = roots.iter().map(|r| {
                    order
                        .iter()
                        .position(|o| o == r)
                        .expect("a known root field")
                });
                let mut last = None;
                assert!(
                    positions.all(|p| {
                        let ordered = last.is_none_or(|l| l < p);
                        last = Some(p);
                        ordered
                    }),
                    "{document}"
                );
            }
            Err(errors) => failures.push(format!("{document}\n{errors}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_validator_rejects_an_unknown_field_and_a_wrong_argument() {
    let unknown_field = "query CustomerById($id: ID!) { customer(id: $id) { id emailz } }";
    let errors = validate("UnknownField", unknown_field).expect_err("emailz is not a field");
    assert!(errors.contains("emailz"), "{errors}");

    let unknown_argument = "query Customers($n: Int) { customers(firstt: $n) { nodes { id } } }";
    let errors = validate("UnknownArgument", unknown_argument).expect_err("firstt is no argument");
    assert!(errors.contains("firstt"), "{errors}");

    let wrong_type = "mutation TagsAdd($id: String!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { userErrors { message } }
}";
    validate("WrongType", wrong_type).expect_err("a String! variable where ID! is expected");

    // And the positive control: the same shape, correctly typed, passes.
    let right = "query CustomerById($id: ID!) { customer(id: $id) { id firstName } }";
    validate("Right", right).expect("a correct document validates");
}

#[test]
fn every_operation_in_the_source_is_listed_in_all() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/client/operations");
    let mut declared = 0;
    for entry in std::fs::read_dir(&dir).expect("the operations folder") {
        let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("a source file");
        declared += text.matches("impl Operation for ").count();
    }
    assert_eq!(
        declared,
        ALL.len(),
        "an Operation is missing from operations::ALL"
    );
}

/// Collects `Type.field` for every selected field Shopify marks `@deprecated`.
fn deprecated_fields(set: &apollo_compiler::executable::SelectionSet, found: &mut Vec<String>) {
    use apollo_compiler::executable::Selection;
    for selection in &set.selections {
        match selection {
            Selection::Field(field) => {
                if field.definition.directives.get("deprecated").is_some() {
                    found.push(format!("{}.{}", set.ty, field.name));
                }
                deprecated_fields(&field.selection_set, found);
            }
            Selection::InlineFragment(inline) => deprecated_fields(&inline.selection_set, found),
            Selection::FragmentSpread(_) => {}
        }
    }
}

#[test]
fn no_declared_document_selects_a_deprecated_field() {
    let mut found = Vec::new();
    for (name, document) in ALL {
        let valid = validate(name, document).unwrap_or_else(|errors| panic!("{name}: {errors}"));
        for operation in valid.operations.iter() {
            deprecated_fields(&operation.selection_set, &mut found);
        }
        for fragment in valid.fragments.values() {
            deprecated_fields(&fragment.selection_set, &mut found);
        }
    }
    assert!(found.is_empty(), "deprecated fields selected: {found:?}");

    // The check sees one: `Customer.email` is deprecated in 2026-07.
    let valid = validate(
        "Deprecated",
        "query D($id: ID!) { customer(id: $id) { email } }",
    )
    .expect("a deprecated field still validates");
    let mut found = Vec::new();
    for operation in valid.operations.iter() {
        deprecated_fields(&operation.selection_set, &mut found);
    }
    assert_eq!(found, ["Customer.email"]);
}
