//! Parsing and validating documents against the schema, with errors shaped as Shopify's.

use apollo_compiler::ExecutableDocument;
use apollo_compiler::Schema;
use apollo_compiler::validation::{DiagnosticList, Valid};
use serde_json::{Value, json};

/// Parses and validates `query`; on failure, the `errors` array Shopify would answer.
pub(crate) fn validate(
    schema: &Valid<Schema>,
    query: &str,
) -> Result<Valid<ExecutableDocument>, Vec<Value>> {
    ExecutableDocument::parse_and_validate(schema, query, "request.graphql")
        .map_err(|with_errors| shopify_errors(&with_errors.errors))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// Rewrites apollo-compiler's diagnostics into Shopify's messages and codes where Shopify's
/// wording is known (from the captures); others keep apollo's message.
fn shopify_errors(diagnostics: &DiagnosticList) -> Vec<Value> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let error = diagnostic.to_json();
            let locations: Vec<Value> = error
                .locations
                .iter()
                .map(|l| json!({"line": l.line, "column": l.column}))
                .collect();
            let message = error.message;
            let (message, extensions) = if let (Some(ty), Some(field)) = (
                between(&message, "type `", "` does not have a field"),
                between(&message, "does not have a field `", "`"),
            ) {
                (
                    format!("Field '{field}' doesn't exist on type '{ty}'"),
                    json!({"code": "undefinedField", "typeName": ty, "fieldName": field}),
                )
            } else if let Some(coordinate) = between(&message, "the required argument `", "`") {
                let field = between(coordinate, ".", "(").unwrap_or(coordinate);
                let argument = between(coordinate, "(", ":").unwrap_or(coordinate);
                (
                    format!("Field '{field}' is missing required arguments: {argument}"),
                    json!({"code": "missingRequiredArguments", "className": "Field",
                           "name": field, "arguments": argument}),
                )
            } else if let (Some(argument), Some(coordinate)) = (
                between(&message, "the argument `", "`"),
                between(&message, "is not supported by `", "`"),
            ) {
                let field = coordinate.rsplit('.').next().unwrap_or(coordinate);
                (
                    format!("Field '{field}' doesn't accept argument '{argument}'"),
                    json!({"code": "argumentNotAccepted", "name": field, "typeName": "Field",
                           "argumentName": argument}),
                )
            } else if message.starts_with("syntax error") || message.contains("expected") {
                (message, json!({"code": "parseError"}))
            } else {
                (message, json!({"code": "validationError"}))
            };
            json!({"message": message, "locations": locations, "extensions": extensions})
        })
        .collect()
}
