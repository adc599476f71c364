//! Applying a PATCH request to a resource (RFC 7644 §3.5.2): each operation in order, on the
//! caller's copy, all or nothing.

use serde_json::{Map, Value};

use super::container::{self, with_object};
use super::elements;
use super::request::{Op, PatchOperation, PatchRequest, in_operation};
use super::target::{Kind, resolve};
use super::values::{self, check_change};
use crate::error::ScimError;
use crate::resource::{Resource, json_kind};
use crate::schema::{Attribute, AttributeType, ResourceView, Schema, common_attribute};

/// The outcome of a PATCH: the resource as changed, and whether anything changed at all.
///
/// `changed` is false when every operation was a no-op (a `replace` with the value already
/// there, an `add` of values already present, a `remove` of something absent): the store can
/// skip the write and keep `meta.lastModified` and the version (RFC 7644 §3.5.2.1: such an
/// operation "SHALL NOT change the modify timestamp of the resource").
///
/// ```
/// use scim_core::patch::{PatchRequest, apply};
/// use scim_core::resource::Resource;
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::rfc7643();
/// let view = registry.view("User").unwrap();
/// let user = Resource::from_json(json!({"userName": "bjensen", "title": "Tour Guide"}))?;
/// let request = PatchRequest::from_json(json!({"Operations": [
///     {"op": "replace", "path": "title", "value": "Tour Guide"},
///     {"op": "remove", "path": "nickName"},
/// ]}))?;
/// let patched = apply(&view, &request, user.clone())?;
/// assert!(!patched.changed); // nothing to store
/// assert_eq!(patched.resource, user);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Patched {
    /// The resource after every operation.
    pub resource: Resource,
    /// Whether any operation changed it.
    pub changed: bool,
}

/// Applies `request` to `resource`, a resource of `view`'s type, and returns it changed.
///
/// The operations apply in order, each to the result of the one before. A PATCH is atomic
/// (RFC 7644 §3.5.2: "If a single operation encounters an error condition, the original
/// target resource MUST be restored"): `resource` is taken by value, so the caller passes a
/// copy of what it stored, and on error that copy is dropped and the stored resource is
/// untouched. The error's detail starts with `Operations[i]: ` for the operation that failed.
///
/// The caller keeps `meta` (`lastModified`, `version`) up to date when
/// [`Patched::changed`] is true.
///
/// ```
/// use scim_core::patch::{PatchRequest, apply};
/// use scim_core::resource::Resource;
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::rfc7643();
/// let view = registry.view("User").unwrap();
/// let stored = Resource::from_json(json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "id": "2819c223",
///     "userName": "bjensen",
///     "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
/// }))?;
/// let request = PatchRequest::from_json(json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
///     "Operations": [
///         {"op": "Replace", "path": "emails[type eq \"home\"].value", "value": "babs@jensen.org"},
///         {"op": "replace", "path": "emails[type eq \"home\"].primary", "value": "True"},
///         {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Tours"},
///     ],
/// }))?;
/// let patched = apply(&view, &request, stored.clone())?;
/// assert!(patched.changed);
/// assert_eq!(patched.resource.into_json(), json!({
///     "schemas": [
///         "urn:ietf:params:scim:schemas:core:2.0:User",
///         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
///     ],
///     "id": "2819c223",
///     "userName": "bjensen",
///     "emails": [
///         {"value": "bjensen@example.com", "type": "work", "primary": false},
///         {"value": "babs@jensen.org", "type": "home", "primary": true},
///     ],
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Tours"},
/// }));
///
/// // A request that fails anywhere changes nothing: the stored copy was never touched.
/// let request = PatchRequest::from_json(json!({"Operations": [
///     {"op": "replace", "path": "displayName", "value": "Babs"},
///     {"op": "remove", "path": "userName"},
/// ]}))?;
/// let err = apply(&view, &request, stored.clone()).unwrap_err();
/// assert_eq!(err.scim_type(), Some(scim_core::ScimType::Mutability));
/// assert!(err.detail().starts_with("Operations[1]: `userName` is required"));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub fn apply(
    view: &ResourceView<'_>,
    request: &PatchRequest,
    mut resource: Resource,
) -> Result<Patched, ScimError> {
    let attributes = resource.as_map_mut();
    let mut changed = false;
    for (index, operation) in request.operations().iter().enumerate() {
        changed |=
            apply_operation(view, operation, attributes).map_err(|err| in_operation(index, err))?;
    }
    Ok(Patched { resource, changed })
}

/// One operation: its path, or without one each key of its value object as a path
/// (RFC 7644 §3.5.2.1, §3.5.2.3: "the target location is assumed to be the resource itself").
fn apply_operation(
    view: &ResourceView<'_>,
    operation: &PatchOperation,
    resource: &mut Map<String, Value>,
) -> Result<bool, ScimError> {
    let op = operation.op();
    if let Some(path) = operation.path() {
        return apply_path(view, op, path, operation.value(), resource, false);
    }
    let mut changed = false;
    for (path, _key, value) in operation.members() {
        changed |= apply_path(view, op, path, Some(value), resource, true)?;
    }
    Ok(changed)
}

/// One operation on one path. `in_value` says the path is a key of a path-less operation's
/// value, where `schemas` may be repeated and `null` means "no value" (RFC 7643 §2.5).
fn apply_path(
    view: &ResourceView<'_>,
    op: Op,
    path: &scim_filter::PatchPath<'static>,
    value: Option<&Value>,
    resource: &mut Map<String, Value>,
    in_value: bool,
) -> Result<bool, ScimError> {
    let target = resolve(view, path)?;
    let name = || path.to_string();
    if let Kind::Attribute(attribute) = target.kind
        && target.extension.is_none()
        && attribute.name == "schemas"
        && common_attribute("schemas").is_some_and(|schemas| std::ptr::eq(schemas, attribute))
    {
        return match (in_value, value) {
            (true, Some(value)) => check_listed_schemas(view, value).map(|()| false),
            _ => Err(ScimError::mutability(
                "`schemas` is kept by the service provider in step with the extensions present (RFC 7643 §3); add or remove an extension's attributes instead",
            )),
        };
    }
    let Some(extension) = target.extension else {
        return apply_kind(view, op, target.kind, path, value, resource, &name);
    };
    let had = container::has_extension(resource, extension);
    let changed = with_object(resource, &extension.id, |members| match target.kind {
        Kind::Extension => extension_op(op, extension, value, members),
        kind => apply_kind(view, op, kind, path, value, members, &name),
    })?;
    container::sync_extension(view, resource, extension, had)?;
    Ok(changed)
}

/// One operation on an attribute, a sub-attribute or values of one, in `container` (the
/// resource or an extension's object).
fn apply_kind(
    view: &ResourceView<'_>,
    op: Op,
    kind: Kind<'_, '_>,
    path: &scim_filter::PatchPath<'static>,
    value: Option<&Value>,
    container: &mut Map<String, Value>,
    name: &dyn Fn() -> String,
) -> Result<bool, ScimError> {
    match kind {
        Kind::Attribute(attribute) => attribute_op(op, attribute, value, container, name),
        Kind::Sub(attribute, sub) => sub_op(op, attribute, sub, value, container, name),
        Kind::Elements(selection) => elements::apply(view, op, selection, path, value, container),
        // An extension's object is never inside another container.
        Kind::Extension => Err(ScimError::invalid_path(format!(
            "`{}` is a schema, not an attribute",
            name()
        ))),
    }
}

/// An operation on an extension's whole object (`"path": "urn:...:enterprise:2.0:User"`, or
/// that URN as a key of a path-less value, as Okta and Entra ID send): `add` and `replace`
/// apply to each attribute given; `remove` removes them all.
fn extension_op(
    op: Op,
    extension: &Schema,
    value: Option<&Value>,
    members: &mut Map<String, Value>,
) -> Result<bool, ScimError> {
    let qualified = |attribute: &Attribute| format!("{}:{}", extension.id, attribute.name);
    let given = match (op, value) {
        (Op::Remove, Some(_)) => {
            return Err(ScimError::invalid_value(format!(
                "`remove` of extension `{}` takes no `value`",
                extension.id
            )));
        }
        (Op::Remove, None) | (Op::Replace, Some(Value::Null)) => {
            let mut changed = false;
            for attribute in &extension.attributes {
                changed |= attribute_op(Op::Remove, attribute, None, members, &|| {
                    qualified(attribute)
                })?;
            }
            changed |= !members.is_empty();
            members.clear();
            return Ok(changed);
        }
        (_, None | Some(Value::Null)) => return Ok(false),
        (_, Some(Value::Object(given))) => given,
        (_, Some(other)) => {
            return Err(ScimError::invalid_value(format!(
                "extension `{}` takes an object of its attributes, not {}",
                extension.id,
                json_kind(other)
            )));
        }
    };
    let mut changed = false;
    // A `schemas` member inside the extension's object (scim2-models writes one) is no
    // attribute of the extension, as on create and replace: it is ignored.
    for (key, value) in given
        .iter()
        .filter(|(key, _)| !key.eq_ignore_ascii_case("schemas"))
    {
        let attribute = extension.attribute(key).ok_or_else(|| {
            ScimError::invalid_path(format!(
                "`{}:{key}`: schema `{}` has no attribute `{key}`",
                extension.id, extension.id
            ))
        })?;
        changed |= attribute_op(op, attribute, Some(value), members, &|| {
            qualified(attribute)
        })?;
    }
    Ok(changed)
}

/// An operation on a whole attribute (RFC 7644 §3.5.2.1: a single-valued attribute's value
/// is replaced, a multi-valued one gains values, a complex one's given sub-attributes are
/// set; §3.5.2.2: the attribute is removed; §3.5.2.3: the value or all values are replaced,
/// a complex one's given sub-attributes set and the others left unchanged).
fn attribute_op(
    op: Op,
    attribute: &Attribute,
    value: Option<&Value>,
    container: &mut Map<String, Value>,
    name: &dyn Fn() -> String,
) -> Result<bool, ScimError> {
    let key = attribute.name.as_str();
    let had = values::needs_before(attribute) && container::has(container, key);
    let changed = match (op, value) {
        (Op::Remove, None) => container::remove(container, key),
        (Op::Remove, Some(given)) => elements::remove_values(attribute, container, given, name)?,
        (Op::Add | Op::Replace, value) => {
            let raw = value.unwrap_or(&Value::Null);
            match values::prepare(attribute, raw, name)? {
                // No value (RFC 7643 §2.5): `replace` unassigns, except that an empty object
                // for a complex attribute sets no sub-attribute and leaves the others.
                None => {
                    let keeps = attribute.attr_type == AttributeType::Complex
                        && !attribute.multi_valued
                        && !raw.is_null();
                    op == Op::Replace && !keeps && container::remove(container, key)
                }
                Some(Value::Array(new)) if attribute.multi_valued && op == Op::Add => {
                    elements::append(attribute, container, new, name)?
                }
                Some(Value::Object(new))
                    if attribute.attr_type == AttributeType::Complex && !attribute.multi_valued =>
                {
                    with_object(container, key, |stored| {
                        values::merge(attribute, stored, new, name)
                    })?
                }
                Some(new) => container::set(container, key, new),
            }
        }
    };
    check_change(attribute, had, changed, name)?;
    if attribute.required && had && !container::has(container, key) {
        return Err(values::required(&name()));
    }
    Ok(changed)
}

/// An operation on a sub-attribute of a single-valued complex attribute (`name.givenName`):
/// the parent is created when absent and removed when left empty.
fn sub_op(
    op: Op,
    attribute: &Attribute,
    sub: &Attribute,
    value: Option<&Value>,
    container: &mut Map<String, Value>,
    name: &dyn Fn() -> String,
) -> Result<bool, ScimError> {
    let parent_had = values::needs_before(attribute) && container::has(container, &attribute.name);
    let changed = with_object(container, &attribute.name, |members| {
        let had = values::needs_before(sub) && container::has(members, &sub.name);
        let changed = match (op, value) {
            (Op::Remove, None) => container::remove(members, &sub.name),
            (Op::Remove, Some(_)) => {
                return Err(ScimError::invalid_value(format!(
                    "`remove` of `{}` takes no `value`",
                    name()
                )));
            }
            (Op::Add | Op::Replace, value) => {
                match values::prepare(sub, value.unwrap_or(&Value::Null), name)? {
                    Some(new) => container::set(members, &sub.name, new),
                    None => op == Op::Replace && container::remove(members, &sub.name),
                }
            }
        };
        check_change(sub, had, changed, name)?;
        if sub.required && had && !container::has(members, &sub.name) {
            return Err(values::required(&name()));
        }
        Ok(changed)
    })?;
    check_change(attribute, parent_had, changed, &|| attribute.name.clone())?;
    if attribute.required && parent_had && !container::has(container, &attribute.name) {
        return Err(values::required(&attribute.name));
    }
    Ok(changed)
}

/// `schemas` in a path-less value (some clients send the whole resource): accepted when it
/// lists only schemas of the resource type, which the service keeps in step itself.
fn check_listed_schemas(view: &ResourceView<'_>, value: &Value) -> Result<(), ScimError> {
    let resource_type = view.resource_type();
    let listed = match value {
        Value::Array(urns) => urns.iter().all(|urn| {
            urn.as_str()
                .is_some_and(|urn| resource_type.uses_schema(urn))
        }),
        Value::String(urn) => resource_type.uses_schema(urn),
        _ => false,
    };
    if listed {
        return Ok(());
    }
    Err(ScimError::invalid_value(format!(
        "`schemas` may list only the schemas of {} resources (RFC 7643 §3)",
        resource_type.name
    )))
}
