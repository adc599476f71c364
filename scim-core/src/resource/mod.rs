//! Resources: the generic JSON form that keeps everything it was given, typed views for Rust
//! users, metadata and versions, and validation of what clients write.

mod meta;
mod typed;
mod validate;

pub use meta::{Meta, Version, format_date_time, parse_date_time};
pub use typed::{
    Address, EnterpriseUser, Group, Manager, Member, MultiValue, Name, Reference, User,
};
pub(crate) use validate::normalize;
pub use validate::{Write, validate};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::ScimError;

/// A SCIM resource as a JSON object: every attribute and every extension it was given,
/// including extensions no registered schema describes (they are kept, never dropped).
///
/// ```
/// use scim_core::resource::Resource;
///
/// let user = Resource::from_json(serde_json::json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:custom:1.0"],
///     "id": "2819c223",
///     "userName": "bjensen",
///     "urn:example:custom:1.0": {"badge": 7},
/// }))?;
/// assert_eq!(user.id(), Some("2819c223"));
/// assert_eq!(user.get("USERNAME"), Some(&serde_json::json!("bjensen")));
/// assert_eq!(user.get("urn:example:custom:1.0").unwrap()["badge"], 7);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Resource {
    attributes: Map<String, Value>,
}

impl Resource {
    /// A resource from a JSON object; anything else is `invalidSyntax`.
    pub fn from_json(value: Value) -> Result<Self, ScimError> {
        match value {
            Value::Object(attributes) => Ok(Resource { attributes }),
            other => Err(ScimError::invalid_syntax(format!(
                "a resource must be a JSON object, not {}",
                json_kind(&other)
            ))),
        }
    }

    /// A resource from a JSON object's members.
    pub fn from_map(attributes: Map<String, Value>) -> Self {
        Resource { attributes }
    }

    /// The attribute `name` (top level), matched case-insensitively (RFC 7643 §2.1).
    pub fn get(&self, name: &str) -> Option<&Value> {
        get_ignore_case(&self.attributes, name)
    }

    /// The resource's `id`.
    pub fn id(&self) -> Option<&str> {
        self.get("id").and_then(Value::as_str)
    }

    /// Sets the `id`.
    pub fn set_id(&mut self, id: impl Into<String>) {
        self.set("id", Value::String(id.into()));
    }

    /// The URIs of `schemas`.
    pub fn schemas(&self) -> impl Iterator<Item = &str> {
        self.get("schemas")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    /// The `meta`, if it is complete.
    pub fn meta(&self) -> Option<Meta> {
        self.get("meta").and_then(Meta::from_json)
    }

    /// Sets the `meta`.
    pub fn set_meta(&mut self, meta: &Meta) {
        self.set("meta", meta.to_json());
    }

    /// Sets a top-level attribute, replacing one of the same name in any case.
    pub fn set(&mut self, name: &str, value: Value) {
        let key = canonical_key(&self.attributes, name);
        self.attributes.insert(key, value);
    }

    /// Removes a top-level attribute, matched case-insensitively.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        remove_ignore_case(&mut self.attributes, name)
    }

    /// The members of the JSON object.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.attributes
    }

    /// The members of the JSON object, to change.
    pub fn as_map_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.attributes
    }

    /// The JSON object.
    pub fn into_json(self) -> Value {
        Value::Object(self.attributes)
    }
}

/// What lends a resource's attributes: functions that only read resources (sorting,
/// selecting a page) take anything that does, so a store can pass references to what it
/// keeps (a [`Resource`], a bare JSON object, behind `&`, `Arc` or `Box`) and copy nothing.
///
/// ```
/// use std::sync::Arc;
///
/// use scim_core::resource::{Attributes, Resource};
/// use serde_json::json;
///
/// let kept = Arc::new(Resource::from_json(json!({"userName": "bjensen"}))?);
/// assert_eq!(kept.attributes()["userName"], "bjensen");
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub trait Attributes {
    /// The resource's top-level attributes.
    fn attributes(&self) -> &Map<String, Value>;
}

impl Attributes for Resource {
    fn attributes(&self) -> &Map<String, Value> {
        &self.attributes
    }
}

impl Attributes for Map<String, Value> {
    fn attributes(&self) -> &Map<String, Value> {
        self
    }
}

impl<T: Attributes + ?Sized> Attributes for &T {
    fn attributes(&self) -> &Map<String, Value> {
        (**self).attributes()
    }
}

impl<T: Attributes + ?Sized> Attributes for std::sync::Arc<T> {
    fn attributes(&self) -> &Map<String, Value> {
        (**self).attributes()
    }
}

impl<T: Attributes + ?Sized> Attributes for Box<T> {
    fn attributes(&self) -> &Map<String, Value> {
        (**self).attributes()
    }
}

/// `map[key]`, with the key matched case-insensitively (RFC 7643 §2.1).
pub(crate) fn get_ignore_case<'m>(map: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Removes and returns `map[key]`, with the key matched case-insensitively (RFC 7643 §2.1).
pub(crate) fn remove_ignore_case(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    if let Some(value) = map.remove(key) {
        return Some(value);
    }
    let found = map.keys().find(|k| k.eq_ignore_ascii_case(key))?.clone();
    map.remove(&found)
}

/// The key under which `name` already sits in `map` (in whatever case), or `name`.
pub(crate) fn canonical_key(map: &Map<String, Value>, name: &str) -> String {
    map.keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| name.to_owned())
}

/// A JSON value's kind, for error messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
