//! A field's argument values, the request's variables substituted, as JSON.

use apollo_compiler::ast::Value as AstValue;
use apollo_compiler::executable::Field;
use serde_json::{Map, Value};

/// The request's variables, by name.
pub(crate) type Variables = Map<String, Value>;

/// The value of a field's argument, variables substituted; `None` when it is absent or null.
pub(crate) fn argument(field: &Field, name: &str, variables: &Variables) -> Option<Value> {
    let argument = field.arguments.iter().find(|a| a.name == name)?;
    let value = to_json(&argument.value, variables);
    (!value.is_null()).then_some(value)
}

/// A literal or variable as JSON (a missing variable is null).
fn to_json(value: &AstValue, variables: &Variables) -> Value {
    match value {
        AstValue::Null => Value::Null,
        AstValue::Enum(name) => Value::String(name.to_string()),
        AstValue::Variable(name) => variables.get(name.as_str()).cloned().unwrap_or(Value::Null),
        AstValue::String(s) => Value::String(s.clone()),
        AstValue::Float(f) => f.try_to_f64().map(Value::from).unwrap_or(Value::Null),
        AstValue::Int(i) => i.try_to_i32().map(Value::from).unwrap_or(Value::Null),
        AstValue::Boolean(b) => Value::Bool(*b),
        AstValue::List(items) => {
            Value::Array(items.iter().map(|v| to_json(v, variables)).collect())
        }
        AstValue::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), to_json(v, variables)))
                .collect(),
        ),
    }
}
