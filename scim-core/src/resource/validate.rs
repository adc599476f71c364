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

use super::{Resource, get_ignore_case, json_kind, remove_ignore_case};
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
    let Value::Object(mut members) = input else {
        return Err(ScimError::invalid_syntax(format!(
            "a resource must be a JSON object, not {}",
            json_kind(&input)
        )));
    };
    let listed_schemas = take_schemas(&mut members)?;
    normalize_members(&mut members, None, |key| classify_top_level(view, key))?;
    if let Write::Replace(existing) = write {
        keep_immutable(view, existing, &mut members)?;
    }
    check_required(view, &members)?;
    let schemas = schemas_of(view, &members, listed_schemas)?;
    members.insert("schemas".into(), schemas);
    Ok(Resource::from_map(members))
}

/// Removes `schemas` (in any spelling) from the members; it must be an array of strings.
fn take_schemas(members: &mut Map<String, Value>) -> Result<Option<Vec<String>>, ScimError> {
    let invalid = || ScimError::invalid_value("`schemas` must be an array of schema URIs");
    match remove_ignore_case(members, "schemas") {
        None => Ok(None),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::String(urn) => Ok(urn),
                _ => Err(invalid()),
            })
            .collect::<Result<_, _>>()
            .map(Some),
        Some(Value::String(urn)) => Ok(Some(vec![urn])),
        _ => Err(invalid()),
    }
}

/// What a member of an object is, by its key.
enum Member<'s> {
    /// An attribute a schema defines (or a common attribute).
    Known(&'s Attribute),
    /// An extension's object, under the extension's URN.
    Extension(&'s Schema),
    /// Something no schema describes: kept as sent.
    Unknown,
}

/// A top-level key: a common attribute, an extension, a URN-qualified or plain core
/// attribute, or something unknown.
fn classify_top_level<'s>(view: &ResourceView<'s>, key: &str) -> Member<'s> {
    if let Some(attribute) = common_attribute(key) {
        return Member::Known(attribute);
    }
    let core = view.core_schema();
    if !key.contains(':') {
        return core.attribute(key).map_or(Member::Unknown, Member::Known);
    }
    if let Some(extension) = view
        .extension_schemas()
        .find(|s| s.id.eq_ignore_ascii_case(key))
    {
        return Member::Extension(extension);
    }
    key.get(..core.id.len())
        .filter(|prefix| prefix.eq_ignore_ascii_case(&core.id))
        .and_then(|_| key[core.id.len()..].strip_prefix(':'))
        .and_then(|name| core.attribute(name))
        .map_or(Member::Unknown, Member::Known)
}

/// Normalises the members of an object in place: each known attribute's value checked and
/// normalised, read-only attributes and empty values removed, keys renamed to the schema's
/// spelling. Two spellings of one attribute are an error.
fn normalize_members<'s>(
    members: &mut Map<String, Value>,
    parent: Option<&At<'_>>,
    classify: impl Fn(&str) -> Member<'s>,
) -> Result<(), ScimError> {
    let mut removed: Vec<String> = Vec::new();
    let mut renamed: Vec<(String, &'s str)> = Vec::new();
    let mut unknown = 0;
    for (key, value) in members.iter_mut() {
        let (keep, canonical) = match classify(key) {
            Member::Known(attribute) if attribute.mutability == Mutability::ReadOnly => {
                (false, None)
            }
            Member::Known(attribute) => {
                let at = match parent {
                    Some(parent) => At::sub_attribute(parent, &attribute.name),
                    None => At::attribute(&attribute.name),
                };
                (
                    normalize_in_place(attribute, value, at)?,
                    Some(attribute.name.as_str()),
                )
            }
            Member::Extension(schema) => {
                (extension_in_place(schema, value)?, Some(schema.id.as_str()))
            }
            Member::Unknown => {
                unknown += 1;
                (!value.is_null(), None)
            }
        };
        match canonical {
            _ if !keep => removed.push(key.clone()),
            Some(canonical) if canonical != key => renamed.push((key.clone(), canonical)),
            _ => {}
        }
    }
    for key in removed {
        members.remove(&key);
    }
    for (from, to) in renamed {
        let value = members.remove(&from).unwrap_or(Value::Null);
        if members.contains_key(to) {
            return Err(given_twice(to));
        }
        members.insert(to.to_owned(), value);
    }
    if unknown > 0 {
        check_no_case_twins(members)?;
    }
    Ok(())
}

/// Attributes no schema describes, sent twice in two spellings, are ambiguous.
fn check_no_case_twins(members: &Map<String, Value>) -> Result<(), ScimError> {
    let keys: Vec<&String> = members.keys().collect();
    for (i, key) in keys.iter().enumerate() {
        if keys[i + 1..]
            .iter()
            .any(|other| other.eq_ignore_ascii_case(key))
        {
            return Err(given_twice(key));
        }
    }
    Ok(())
}

fn given_twice(key: &str) -> ScimError {
    ScimError::invalid_syntax(format!("attribute `{key}` is given more than once"))
}

/// An extension's object: its attributes validated against the extension schema. `false`
/// when nothing is left.
fn extension_in_place(schema: &Schema, value: &mut Value) -> Result<bool, ScimError> {
    let members = match value {
        Value::Null => return Ok(false),
        Value::Object(members) => members,
        other => {
            return Err(ScimError::invalid_value(format!(
                "extension `{}` must be an object, not {}",
                schema.id,
                json_kind(other)
            )));
        }
    };
    // A `schemas` member inside an extension's object (scim2-models writes one) repeats what
    // the top-level `schemas` says; it is no attribute of the extension.
    remove_ignore_case(members, "schemas");
    normalize_members(members, None, |key| {
        schema.attribute(key).map_or(Member::Unknown, Member::Known)
    })?;
    Ok(!members.is_empty())
}

/// Where a value sits, for error messages: formatted only when an error is made.
#[derive(Clone, Copy)]
struct At<'p> {
    /// The attribute, or the parent of the sub-attribute.
    prefix: &'p dyn fmt::Display,
    /// The sub-attribute, if this is one.
    sub: Option<&'p str>,
}

impl<'p> At<'p> {
    fn attribute(name: &'p dyn fmt::Display) -> Self {
        At {
            prefix: name,
            sub: None,
        }
    }

    fn sub_attribute(parent: &'p At<'p>, name: &'p str) -> Self {
        At {
            prefix: parent,
            sub: Some(name),
        }
    }
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sub {
            Some(sub) => write!(f, "{}.{sub}", self.prefix),
            None => self.prefix.fmt(f),
        }
    }
}

/// A value checked and normalised against its attribute; `None` for "no value". `path`
/// names the attribute in errors, and is only formatted when there is one. PATCH values go
/// through here.
pub(crate) fn normalize(
    attribute: &Attribute,
    mut value: Value,
    path: &dyn fmt::Display,
) -> Result<Option<Value>, ScimError> {
    let has_value = normalize_in_place(attribute, &mut value, At::attribute(path))?;
    Ok(has_value.then_some(value))
}

/// Normalises `value` in place; `false` when it holds no value (and may be dropped).
fn normalize_in_place(
    attribute: &Attribute,
    value: &mut Value,
    at: At<'_>,
) -> Result<bool, ScimError> {
    if attribute.multi_valued {
        match &mut *value {
            Value::Null => return Ok(false),
            Value::Array(_) => {}
            single => *single = Value::Array(vec![std::mem::take(single)]),
        }
        let Value::Array(items) = value else {
            unreachable!("made an array just above")
        };
        let mut emptied = false;
        for item in items.iter_mut() {
            if !normalize_one(attribute, item, at)? {
                *item = Value::Null;
                emptied = true;
            }
        }
        if emptied {
            items.retain(|item| !item.is_null());
        }
        check_one_primary(attribute, items, at)?;
        return Ok(!items.is_empty());
    }
    if let Value::Array(items) = value {
        if items.len() > 1 {
            return Err(ScimError::invalid_value(format!(
                "`{at}` is single-valued, not an array"
            )));
        }
        *value = items.pop().unwrap_or(Value::Null);
    }
    normalize_one(attribute, value, at)
}

/// One value (an element of a multi-valued attribute, or the value of a single-valued one).
fn normalize_one(attribute: &Attribute, value: &mut Value, at: At<'_>) -> Result<bool, ScimError> {
    let wrong = |value: &Value, wanted: &str| {
        ScimError::invalid_value(format!("`{at}` must be {wanted}, not {}", json_kind(value)))
    };
    match (attribute.attr_type, &mut *value) {
        (_, Value::Null) => return Ok(false),
        (AttributeType::Complex, _) => return normalize_complex(attribute, value, at),
        (AttributeType::Boolean, Value::Bool(_)) => {}
        (AttributeType::Boolean, Value::String(text)) if text.eq_ignore_ascii_case("true") => {
            *value = Value::Bool(true)
        }
        (AttributeType::Boolean, Value::String(text)) if text.eq_ignore_ascii_case("false") => {
            *value = Value::Bool(false)
        }
        (AttributeType::Boolean, other) => return Err(wrong(other, "a boolean")),
        (AttributeType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => {}
        (AttributeType::Integer, other) => return Err(wrong(other, "an integer")),
        (AttributeType::Decimal, Value::Number(_)) => {}
        (AttributeType::Decimal, other) => return Err(wrong(other, "a decimal number")),
        (AttributeType::DateTime, Value::String(text)) => {
            if super::parse_date_time(text).is_none() {
                return Err(ScimError::invalid_value(format!(
                    "`{at}` must be a dateTime such as 2008-01-23T04:56:22Z (RFC 7643 §2.3.5)"
                )));
            }
        }
        (AttributeType::DateTime, other) => return Err(wrong(other, "a dateTime string")),
        (
            AttributeType::String | AttributeType::Reference | AttributeType::Binary,
            Value::String(text),
        ) => {
            canonical_value(attribute, text, at)?;
        }
        (AttributeType::String | AttributeType::Reference | AttributeType::Binary, other) => {
            return Err(wrong(other, "a string"));
        }
    }
    Ok(true)
}

/// A complex value: an object of sub-attributes, or a bare value standing for `value`.
fn normalize_complex(
    attribute: &Attribute,
    value: &mut Value,
    at: At<'_>,
) -> Result<bool, ScimError> {
    if matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
        && attribute.has_value_sub_attribute()
    {
        let mut members = Map::new();
        members.insert("value".into(), std::mem::take(value));
        *value = Value::Object(members);
    }
    let Value::Object(members) = value else {
        return Err(ScimError::invalid_value(format!(
            "`{at}` must be an object, not {}",
            json_kind(value)
        )));
    };
    normalize_members(members, Some(&at), |key| {
        attribute
            .sub_attribute(key)
            .map_or(Member::Unknown, Member::Known)
    })?;
    if members.is_empty() {
        return Ok(false);
    }
    for sub in attribute.sub_attributes.iter().filter(|s| s.required) {
        if get_ignore_case(members, &sub.name).is_none() {
            return Err(ScimError::invalid_value(format!(
                "`{at}.{}` is required",
                sub.name
            )));
        }
    }
    Ok(true)
}

/// A string checked against the attribute's canonical values, without case, and rewritten
/// in the schema's spelling.
fn canonical_value(attribute: &Attribute, text: &mut String, at: At<'_>) -> Result<(), ScimError> {
    if attribute.canonical_values.is_empty() {
        return Ok(());
    }
    match attribute
        .canonical_values
        .iter()
        .find(|c| c.eq_ignore_ascii_case(text))
    {
        Some(canonical) if canonical == text => Ok(()),
        Some(canonical) => {
            canonical.clone_into(text);
            Ok(())
        }
        None => Err(ScimError::invalid_value(format!(
            "`{at}` must be one of {}, not `{text}`",
            attribute.canonical_values.join(", ")
        ))),
    }
}

/// RFC 7643 §2.4: `primary: true` appears on at most one value.
fn check_one_primary(
    attribute: &Attribute,
    values: &[Value],
    path: At<'_>,
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
