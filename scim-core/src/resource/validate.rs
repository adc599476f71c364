//! Validation of what a client writes on create (POST) and replace (PUT), against the
//! resource type's schemas (RFC 7643 §2, §7; RFC 7644 §3.3, §3.5.1).
//!
//! What real identity providers send is normalised on the way in:
//! - attribute names in any case become the schema's spelling (RFC 7643 §2.1);
//! - `"True"` / `"false"` strings become booleans (Entra ID, OneLogin);
//! - a single value where the schema wants an array becomes a one-element array;
//! - a bare value for a complex attribute with a `value` sub-attribute becomes
//!   `{"value": ...}` (Entra ID sends `manager` as a bare id);
//! - a one-element array for a single-valued attribute becomes its element;
//! - canonical values are matched without case and written in the schema's spelling;
//! - `null`, `[]` and `{}` mean "no value" (RFC 7643 §2.5) and are dropped;
//! - read-only attributes (`id`, `meta`, a User's `groups`, which Okta sends) are ignored,
//!   not rejected (RFC 7644 §3.3).
//!
//! Everything else that does not fit the schema is a `400 invalidValue` (or `invalidSyntax`
//! for a body that is not an object) naming the attribute and saying why. Attributes and
//! extensions no schema describes are kept as they were sent.

use std::fmt;

use serde_json::{Map, Value};

use super::{Resource, get_ignore_case, json_kind};
use crate::error::ScimError;
use crate::schema::{Attribute, AttributeType, Mutability, ResourceView, Schema, common_attribute};

/// What kind of write the input is for.
#[derive(Debug, Clone, Copy)]
pub enum Write<'e> {
    /// A new resource (POST).
    Create,
    /// A replacement of `existing` (PUT): immutable attributes that `existing` has must not
    /// change, and are kept when the input leaves them out (RFC 7644 §3.5.1).
    Replace(&'e Resource),
}

/// Validates and normalises `input`, a resource a client sent for `view`'s resource type.
///
/// The result holds what the client may write, in the schema's spelling, with `schemas` set
/// to the core schema and the extensions present. The caller adds `id`, `meta` and any other
/// read-only attributes it maintains.
///
/// ```
/// use scim_core::resource::{Write, validate};
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::rfc7643();
/// let view = registry.view("User").unwrap();
/// let user = validate(&view, json!({
///     "USERNAME": "bjensen",
///     "active": "True",
///     "emails": {"value": "bjensen@example.com", "type": "Work"},
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "26118915"},
///     "id": "ignored", "groups": [{"value": "ignored too"}],
/// }), Write::Create)?;
/// assert_eq!(user.into_json(), json!({
///     "schemas": [
///         "urn:ietf:params:scim:schemas:core:2.0:User",
///         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
///     ],
///     "userName": "bjensen",
///     "active": true,
///     "emails": [{"value": "bjensen@example.com", "type": "work"}],
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "26118915"}},
/// }));
///
/// let err = validate(&view, json!({"userName": "b", "active": 1}), Write::Create).unwrap_err();
/// assert_eq!(err.detail(), "`active` must be a boolean, not a number");
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub fn validate(
    view: &ResourceView<'_>,
    input: Value,
    write: Write<'_>,
) -> Result<Resource, ScimError> {
    let Value::Object(input) = input else {
        return Err(ScimError::invalid_syntax(format!(
            "a resource must be a JSON object, not {}",
            json_kind(&input)
        )));
    };
    let core = view.core_schema();
    let mut out = Map::new();
    let mut listed_schemas = None;
    for (key, value) in input {
        if key.eq_ignore_ascii_case("schemas") {
            listed_schemas = Some(schema_list(value)?);
        } else if let Some(attribute) = common_attribute(&key) {
            put(&mut out, attribute, value, &attribute.name)?;
        } else if key.contains(':') {
            put_qualified(view, &mut out, key, value)?;
        } else if let Some(attribute) = core.attribute(&key) {
            put(&mut out, attribute, value, &attribute.name)?;
        } else {
            put_unknown(&mut out, key, value)?;
        }
    }
    if let Write::Replace(existing) = write {
        keep_immutable(view, existing, &mut out)?;
    }
    check_required(view, &out)?;
    let schemas = schemas_of(view, &out, listed_schemas)?;
    let mut resource = Map::with_capacity(out.len() + 1);
    resource.insert("schemas".into(), schemas);
    resource.extend(out);
    Ok(Resource::from_map(resource))
}

/// `schemas` must be an array of strings.
fn schema_list(value: Value) -> Result<Vec<String>, ScimError> {
    let invalid = || ScimError::invalid_value("`schemas` must be an array of schema URIs");
    match value {
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(urn) => Ok(urn),
                _ => Err(invalid()),
            })
            .collect(),
        Value::String(urn) => Ok(vec![urn]),
        _ => Err(invalid()),
    }
}

/// A key with a `:`: an extension's object, a URN-qualified core attribute, or an extension
/// no schema describes (kept as sent).
fn put_qualified(
    view: &ResourceView<'_>,
    out: &mut Map<String, Value>,
    key: String,
    value: Value,
) -> Result<(), ScimError> {
    if let Some(extension) = view
        .extension_schemas()
        .find(|s| s.id.eq_ignore_ascii_case(&key))
    {
        let Some(object) = extension_object(extension, value)? else {
            return Ok(());
        };
        return insert_once(out, extension.id.clone(), object);
    }
    let core = view.core_schema();
    let qualified = key
        .get(..core.id.len())
        .filter(|prefix| prefix.eq_ignore_ascii_case(&core.id))
        .and_then(|_| key[core.id.len()..].strip_prefix(':'));
    match qualified.and_then(|name| core.attribute(name)) {
        Some(attribute) => put(out, attribute, value, &attribute.name),
        None => put_unknown(out, key, value),
    }
}

/// An extension's object: its attributes validated against the extension schema.
fn extension_object(schema: &Schema, value: Value) -> Result<Option<Value>, ScimError> {
    let members = match value {
        Value::Null => return Ok(None),
        Value::Object(members) => members,
        other => {
            return Err(ScimError::invalid_value(format!(
                "extension `{}` must be an object, not {}",
                schema.id,
                json_kind(&other)
            )));
        }
    };
    let mut out = Map::new();
    for (key, value) in members {
        match schema.attribute(&key) {
            Some(attribute) => put(&mut out, attribute, value, &attribute.name)?,
            None => put_unknown(&mut out, key, value)?,
        }
    }
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

/// Adds a validated attribute, unless it is read-only or has no value.
fn put(
    out: &mut Map<String, Value>,
    attribute: &Attribute,
    value: Value,
    path: &str,
) -> Result<(), ScimError> {
    if attribute.mutability == Mutability::ReadOnly {
        return Ok(());
    }
    match normalize(attribute, value, &path)? {
        Some(value) => insert_once(out, attribute.name.clone(), value),
        None => Ok(()),
    }
}

/// Adds an attribute no schema describes, as it was sent.
fn put_unknown(out: &mut Map<String, Value>, key: String, value: Value) -> Result<(), ScimError> {
    if value.is_null() {
        return Ok(());
    }
    insert_once(out, key, value)
}

/// The same attribute twice, in two spellings, is ambiguous.
fn insert_once(out: &mut Map<String, Value>, key: String, value: Value) -> Result<(), ScimError> {
    if out.keys().any(|k| k.eq_ignore_ascii_case(&key)) {
        return Err(ScimError::invalid_syntax(format!(
            "attribute `{key}` is given more than once"
        )));
    }
    out.insert(key, value);
    Ok(())
}

/// A value checked and normalised against its attribute; `None` for "no value". `path` names
/// the attribute in errors, and is only formatted when there is one.
pub(crate) fn normalize(
    attribute: &Attribute,
    value: Value,
    path: &dyn fmt::Display,
) -> Result<Option<Value>, ScimError> {
    if attribute.multi_valued {
        let items = match value {
            Value::Null => return Ok(None),
            Value::Array(items) => items,
            single => vec![single],
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let Some(item) = normalize_one(attribute, item, path)? {
                out.push(item);
            }
        }
        check_one_primary(attribute, &out, path)?;
        return Ok((!out.is_empty()).then_some(Value::Array(out)));
    }
    match value {
        Value::Array(mut items) if items.len() <= 1 => match items.pop() {
            Some(item) => normalize_one(attribute, item, path),
            None => Ok(None),
        },
        Value::Array(_) => Err(ScimError::invalid_value(format!(
            "`{path}` is single-valued, not an array"
        ))),
        value => normalize_one(attribute, value, path),
    }
}

/// `parent.name`: the path of a sub-attribute, written out only for an error message.
struct SubPath<'a>(&'a dyn fmt::Display, &'a str);

impl fmt::Display for SubPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// One value (an element of a multi-valued attribute, or the value of a single-valued one).
fn normalize_one(
    attribute: &Attribute,
    value: Value,
    path: &dyn fmt::Display,
) -> Result<Option<Value>, ScimError> {
    let wrong = |value: &Value, wanted: &str| {
        ScimError::invalid_value(format!(
            "`{path}` must be {wanted}, not {}",
            json_kind(value)
        ))
    };
    let normalized = match (attribute.attr_type, value) {
        (_, Value::Null) => return Ok(None),
        (AttributeType::Complex, value) => return normalize_complex(attribute, value, path),
        (AttributeType::Boolean, Value::Bool(b)) => Value::Bool(b),
        (AttributeType::Boolean, Value::String(text)) if text.eq_ignore_ascii_case("true") => {
            Value::Bool(true)
        }
        (AttributeType::Boolean, Value::String(text)) if text.eq_ignore_ascii_case("false") => {
            Value::Bool(false)
        }
        (AttributeType::Boolean, other) => return Err(wrong(&other, "a boolean")),
        (AttributeType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Value::Number(n),
        (AttributeType::Integer, other) => return Err(wrong(&other, "an integer")),
        (AttributeType::Decimal, Value::Number(n)) => Value::Number(n),
        (AttributeType::Decimal, other) => return Err(wrong(&other, "a decimal number")),
        (AttributeType::DateTime, Value::String(text)) => {
            if super::parse_date_time(&text).is_none() {
                return Err(ScimError::invalid_value(format!(
                    "`{path}` must be a dateTime such as 2008-01-23T04:56:22Z (RFC 7643 §2.3.5)"
                )));
            }
            Value::String(text)
        }
        (AttributeType::DateTime, other) => return Err(wrong(&other, "a dateTime string")),
        (
            AttributeType::String | AttributeType::Reference | AttributeType::Binary,
            Value::String(text),
        ) => Value::String(canonical_value(attribute, text, path)?),
        (AttributeType::String | AttributeType::Reference | AttributeType::Binary, other) => {
            return Err(wrong(&other, "a string"));
        }
    };
    Ok(Some(normalized))
}

/// A complex value: an object of sub-attributes, or a bare value standing for `value`.
fn normalize_complex(
    attribute: &Attribute,
    value: Value,
    path: &dyn fmt::Display,
) -> Result<Option<Value>, ScimError> {
    let members = match value {
        Value::Object(members) => members,
        bare @ (Value::String(_) | Value::Number(_) | Value::Bool(_))
            if attribute.has_value_sub_attribute() =>
        {
            let mut members = Map::new();
            members.insert("value".into(), bare);
            members
        }
        other => {
            return Err(ScimError::invalid_value(format!(
                "`{path}` must be an object, not {}",
                json_kind(&other)
            )));
        }
    };
    let mut out = Map::new();
    for (key, value) in members {
        match attribute.sub_attribute(&key) {
            Some(sub) if sub.mutability == Mutability::ReadOnly => {}
            Some(sub) => {
                let sub_path = SubPath(path, &sub.name);
                if let Some(value) = normalize(sub, value, &sub_path)? {
                    // The key as sent is kept when it is already the schema's spelling.
                    let name = if key == sub.name {
                        key
                    } else {
                        sub.name.clone()
                    };
                    insert_once(&mut out, name, value)?;
                }
            }
            None => put_unknown(&mut out, key, value)?,
        }
    }
    if out.is_empty() {
        return Ok(None);
    }
    for sub in attribute.sub_attributes.iter().filter(|s| s.required) {
        if get_ignore_case(&out, &sub.name).is_none() {
            return Err(ScimError::invalid_value(format!(
                "`{path}.{}` is required",
                sub.name
            )));
        }
    }
    Ok(Some(Value::Object(out)))
}

/// A string checked against the attribute's canonical values, without case, and written in
/// the schema's spelling.
fn canonical_value(
    attribute: &Attribute,
    text: String,
    path: &dyn fmt::Display,
) -> Result<String, ScimError> {
    if attribute.canonical_values.is_empty() {
        return Ok(text);
    }
    match attribute
        .canonical_values
        .iter()
        .find(|c| c.eq_ignore_ascii_case(&text))
    {
        Some(canonical) if *canonical == text => Ok(text),
        Some(canonical) => Ok(canonical.clone()),
        None => Err(ScimError::invalid_value(format!(
            "`{path}` must be one of {}, not `{text}`",
            attribute.canonical_values.join(", ")
        ))),
    }
}

/// RFC 7643 §2.4: `primary: true` appears on at most one value.
fn check_one_primary(
    attribute: &Attribute,
    values: &[Value],
    path: &dyn fmt::Display,
) -> Result<(), ScimError> {
    if attribute.attr_type != AttributeType::Complex {
        return Ok(());
    }
    let primaries = values
        .iter()
        .filter(|v| v.get("primary").and_then(Value::as_bool) == Some(true))
        .count();
    if primaries > 1 {
        return Err(ScimError::invalid_value(format!(
            "`{path}` has {primaries} values marked primary; at most one may be (RFC 7643 §2.4)"
        )));
    }
    Ok(())
}

/// RFC 7644 §3.5.1: an immutable attribute that has a value keeps it; the input may repeat
/// it but not change it. Checked for top-level attributes of the core schema and the
/// extensions.
fn keep_immutable(
    view: &ResourceView<'_>,
    existing: &Resource,
    out: &mut Map<String, Value>,
) -> Result<(), ScimError> {
    for attribute in view
        .core_schema()
        .attributes
        .iter()
        .filter(|a| a.mutability == Mutability::Immutable)
    {
        keep_one(attribute, existing.as_map(), out)?;
    }
    for extension in view.extension_schemas() {
        let immutable: Vec<&Attribute> = extension
            .attributes
            .iter()
            .filter(|a| a.mutability == Mutability::Immutable)
            .collect();
        let Some(Value::Object(stored)) = existing.get(&extension.id) else {
            continue;
        };
        if immutable.is_empty() {
            continue;
        }
        let object = out
            .entry(extension.id.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(members) = object {
            for attribute in immutable {
                keep_one(attribute, stored, members)?;
            }
        }
    }
    Ok(())
}

fn keep_one(
    attribute: &Attribute,
    stored: &Map<String, Value>,
    out: &mut Map<String, Value>,
) -> Result<(), ScimError> {
    let Some(current) = get_ignore_case(stored, &attribute.name) else {
        return Ok(());
    };
    match out.get(&attribute.name) {
        None => {
            out.insert(attribute.name.clone(), current.clone());
            Ok(())
        }
        Some(given) if given == current => Ok(()),
        Some(_) => Err(ScimError::mutability(format!(
            "`{}` is immutable and already set (RFC 7644 §3.5.1)",
            attribute.name
        ))),
    }
}

/// RFC 7643 §2.2 `required`, and required extensions (§6).
fn check_required(view: &ResourceView<'_>, out: &Map<String, Value>) -> Result<(), ScimError> {
    let missing =
        |attribute: &Attribute| attribute.required && attribute.mutability != Mutability::ReadOnly;
    for attribute in view.core_schema().attributes.iter().filter(|a| missing(a)) {
        if out.get(&attribute.name).is_none() {
            return Err(ScimError::invalid_value(format!(
                "`{}` is required",
                attribute.name
            )));
        }
    }
    for extension in &view.resource_type().schema_extensions {
        let present = out.get(&extension.schema);
        if extension.required && present.is_none() {
            return Err(ScimError::invalid_value(format!(
                "extension `{}` is required",
                extension.schema
            )));
        }
        let (Some(Value::Object(members)), Some(schema)) =
            (present, view.registry().schema(&extension.schema))
        else {
            continue;
        };
        for attribute in schema.attributes.iter().filter(|a| missing(a)) {
            if members.get(&attribute.name).is_none() {
                return Err(ScimError::invalid_value(format!(
                    "`{}:{}` is required",
                    schema.id, attribute.name
                )));
            }
        }
    }
    Ok(())
}

/// The `schemas` of the result: the core schema, then every extension present. A listed URN
/// that is neither this type's schema nor present is a mistake worth saying (a Group's
/// schema sent to /Users, say).
fn schemas_of(
    view: &ResourceView<'_>,
    out: &Map<String, Value>,
    listed: Option<Vec<String>>,
) -> Result<Value, ScimError> {
    let resource_type = view.resource_type();
    if let Some(stray) = listed.iter().flatten().find(|urn| {
        !resource_type.uses_schema(urn) && !out.keys().any(|k| k.eq_ignore_ascii_case(urn))
    }) {
        return Err(ScimError::invalid_value(format!(
            "`schemas` lists `{stray}`, which is not a schema of {}",
            resource_type.name
        )));
    }
    let mut schemas = vec![Value::String(view.core_schema().id.clone())];
    schemas.extend(
        out.keys()
            .filter(|k| k.contains(':') && !k.eq_ignore_ascii_case(&view.core_schema().id))
            .map(|k| Value::String(k.clone())),
    );
    Ok(Value::Array(schemas))
}
