//! Projecting an operation's answers on its selection sets: each selected field under its
//! response key (its alias, or its name), inline fragments and fragment spreads by their type
//! condition, `__typename`, lists, and the error of each field that could not be resolved,
//! with its path and location. What a field answers comes from a [`Resolve`].

use apollo_compiler::ExecutableDocument;
use apollo_compiler::Node;
use apollo_compiler::Schema;
use apollo_compiler::executable::{Field, Operation, OperationType, Selection, SelectionSet};
use apollo_compiler::parser::SourceSpan;
use serde_json::{Map, Value, json};

use crate::graphql::resolved::{Object, Resolved};
use crate::graphql::unsupported::UNSUPPORTED_CODE;

/// What the projection asks of the resolvers: `Err` is the message of the field's error.
pub(crate) trait Resolve {
    /// A root field of an operation of type `kind`.
    fn root(&mut self, kind: OperationType, field: &Field) -> Result<Resolved, String>;

    /// A field of an object a resolver answered.
    fn field(&mut self, object: &Object, field: &Field) -> Result<Resolved, String>;
}

/// Runs `operation` of `document` with `resolvers`: the answer's `data`, and its `errors`.
pub(crate) fn project(
    schema: &Schema,
    document: &ExecutableDocument,
    operation: &Operation,
    resolvers: &mut impl Resolve,
) -> (Value, Vec<Value>) {
    let mut projection = Projection {
        schema,
        document,
        resolvers,
        errors: Vec::new(),
    };
    let mut data = Map::new();
    projection.root(
        operation.operation_type,
        &operation.selection_set,
        &mut data,
        &[],
    );
    (Value::Object(data), projection.errors)
}

/// One operation's projection under way.
struct Projection<'a, R> {
    schema: &'a Schema,
    document: &'a ExecutableDocument,
    resolvers: &'a mut R,
    errors: Vec<Value>,
}

impl<R: Resolve> Projection<'_, R> {
    /// Records the error of the field at `path`.
    fn error(&mut self, location: Option<SourceSpan>, path: &[String], message: String) {
        let locations: Vec<Value> = location
            .and_then(|span| span.line_column_range(&self.document.sources))
            .map(|range| vec![json!({"line": range.start.line, "column": range.start.column})])
            .unwrap_or_default();
        self.errors.push(json!({
            "message": message,
            "locations": locations,
            "path": path,
            "extensions": {"code": UNSUPPORTED_CODE},
        }));
    }

    /// The root fields of an operation of type `kind` selected by `set`, into `out`.
    fn root(
        &mut self,
        kind: OperationType,
        set: &SelectionSet,
        out: &mut Map<String, Value>,
        path: &[String],
    ) {
        let document = self.document;
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => {
                    let key = field.response_key().to_string();
                    let mut field_path = path.to_vec();
                    field_path.push(key.clone());
                    let value = if field.name == "__typename" {
                        Value::String(set.ty.to_string())
                    } else {
                        let resolved = self.resolvers.root(kind, field);
                        self.answer(resolved, field, &field_path)
                    };
                    merge(out, key, value);
                }
                Selection::InlineFragment(fragment) => {
                    self.root(kind, &fragment.selection_set, out, path)
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.fragment_name) {
                        self.root(kind, &fragment.selection_set, out, path)
                    }
                }
            }
        }
    }

    /// The fields of `object` selected by `set`, into `out`.
    fn object(
        &mut self,
        object: &Object,
        set: &SelectionSet,
        out: &mut Map<String, Value>,
        path: &[String],
    ) {
        let document = self.document;
        let typename = object.typename();
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => {
                    let key = field.response_key().to_string();
                    let mut field_path = path.to_vec();
                    field_path.push(key.clone());
                    let value = if field.name == "__typename" {
                        let concrete = match object {
                            Object::Connection(..) | Object::Edge(..) => set.ty.as_str(),
                            _ => typename,
                        };
                        Value::String(concrete.to_owned())
                    } else {
                        let resolved = self.resolvers.field(object, field);
                        self.answer(resolved, field, &field_path)
                    };
                    merge(out, key, value);
                }
                Selection::InlineFragment(fragment) => {
                    if self.applies(
                        fragment.type_condition.as_ref().map(|n| n.as_str()),
                        typename,
                    ) {
                        self.object(object, &fragment.selection_set, out, path)
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.fragment_name)
                        && self.applies(Some(fragment.type_condition().as_str()), typename)
                    {
                        self.object(object, &fragment.selection_set, out, path)
                    }
                }
            }
        }
    }

    /// Whether a fragment with the type `condition` applies to an object of `typename`.
    fn applies(&self, condition: Option<&str>, typename: &str) -> bool {
        match condition {
            None => true,
            Some(c) => {
                c == typename
                    || self.schema.is_subtype(c, typename)
                    || matches!(typename, "Connection" | "Edge")
            }
        }
    }

    /// The value of `field` at `path`: what it resolved to, projected on its selection set,
    /// or null and an error.
    fn answer(
        &mut self,
        resolved: Result<Resolved, String>,
        field: &Node<Field>,
        path: &[String],
    ) -> Value {
        match resolved {
            Ok(resolved) => self.complete(resolved, &field.selection_set, path),
            Err(message) => {
                self.error(field.location(), path, message);
                Value::Null
            }
        }
    }

    /// A resolved value projected on `set`.
    fn complete(&mut self, resolved: Resolved, set: &SelectionSet, path: &[String]) -> Value {
        match resolved {
            Resolved::Json(value) => value,
            Resolved::Object(object) => {
                let mut out = Map::new();
                self.object(&object, set, &mut out, path);
                Value::Object(out)
            }
            Resolved::List(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let mut item_path = path.to_vec();
                        item_path.push(i.to_string());
                        self.complete(item, set, &item_path)
                    })
                    .collect(),
            ),
        }
    }
}

/// Puts `value` at `key`, merging it into an object already there (a field selected twice).
fn merge(out: &mut Map<String, Value>, key: String, value: Value) {
    match (out.get_mut(&key), value) {
        (Some(Value::Object(existing)), Value::Object(more)) => {
            for (k, v) in more {
                merge(existing, k, v);
            }
        }
        (_, value) => {
            out.insert(key, value);
        }
    }
}
