//! `$ref` of references to resources of this service (RFC 7643 §2.3.7): members of a
//! Group and a User's groups name their referents by id; the answer also gives their URI,
//! which only the service, knowing its own address, can write.

use serde_json::Value;

use super::call::Call;
use crate::resource::Resource;
use crate::schema::{AttributeType, ResourceView};

/// Sets `$ref` on each element of the core schema's multi-valued complex attributes that
/// have a `$ref` sub-attribute, where the element has a `value` but no `$ref` and its
/// referent's resource type is known:
/// - its `type` names a registered resource type (a Group's `members`, RFC 7643 §4.2);
/// - or the attribute refers to one registered resource type only (a User's `groups`,
///   RFC 7643 §4.1.2 with erratum 8471).
pub(super) fn fill_references(call: &Call<'_>, view: &ResourceView<'_>, resource: &mut Resource) {
    let registry = &call.tenant.registry;
    for attribute in &view.core_schema().attributes {
        if attribute.attr_type != AttributeType::Complex || !attribute.multi_valued {
            continue;
        }
        let Some(reference) = attribute.sub_attribute("$ref") else {
            continue;
        };
        // The views of the referable types, found once per attribute, not per element.
        let registered: Vec<ResourceView<'_>> = reference
            .reference_types
            .iter()
            .filter_map(|name| registry.view(name))
            .collect();
        let fallback = match registered.as_slice() {
            [only] => Some(only),
            _ => None,
        };
        let Some(Value::Array(elements)) = resource.as_map_mut().get_mut(&attribute.name) else {
            continue;
        };
        for element in elements.iter_mut().filter_map(Value::as_object_mut) {
            if element.get("$ref").is_some_and(|r| !r.is_null()) {
                continue;
            }
            let Some(id) = element.get("value").and_then(Value::as_str) else {
                continue;
            };
            let named = element.get("type").and_then(Value::as_str).and_then(|t| {
                registered
                    .iter()
                    .find(|view| view.resource_type().name.eq_ignore_ascii_case(t))
            });
            let Some(target) = named.or(fallback) else {
                continue;
            };
            let uri = call.location(target, id);
            element.insert("$ref".into(), Value::String(uri));
        }
    }
}
