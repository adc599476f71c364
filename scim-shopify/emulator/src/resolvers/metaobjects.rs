//! The metaobject fields: the root fields `metaobjectDefinitionByType`, `metaobject`,
//! `metaobjectByHandle`, `metaobjects`, and the mutations `metaobjectDefinitionCreate`,
//! `metaobjectDefinitionUpdate` (name, description, display-name key),
//! `metaobjectDefinitionDelete`, `metaobjectCreate`, `metaobjectUpdate`, `metaobjectDelete`.
//!
//! Objects are answered as snapshots (`Object::Payload`), so a field with arguments
//! (`Metaobject.field(key:)`) and anything not listed below answers `UNSUPPORTED_BY_EMULATOR`.

use apollo_compiler::executable::Field;
use serde_json::{Value, json};

use crate::graphql::arguments::{Variables, argument};
use crate::graphql::paging::{IdOrder, page};
use crate::graphql::resolved::{Object, Resolved, optional, timestamp};
use crate::graphql::unsupported::unsupported;
use crate::input::{
    parse_metaobject, parse_metaobject_definition, parse_metaobject_definition_update,
};
use crate::state::metaobject::{Definition, Entry, FieldDefinition, MetaobjectError, Written};
use crate::state::metaobjects::Metaobjects;

/// The category of a field type, as `type { category }` answers it.
fn category(kind: &str) -> &'static str {
    match kind {
        "number_integer" | "number_decimal" => "NUMBER",
        "boolean" => "TRUE_FALSE",
        "json" => "JSON",
        "date" | "date_time" => "DATE_TIME",
        "url" => "URL",
        k if k.ends_with("_reference") => "REFERENCE",
        _ => "TEXT",
    }
}

/// An object of `typename` answered whole.
fn object(typename: &'static str, fields: Vec<(&'static str, Resolved)>) -> Resolved {
    Resolved::Object(Object::Payload(typename, fields))
}

/// A capability: whether it is enabled.
fn flag(on: bool) -> Resolved {
    object("Capability", vec![("enabled", Resolved::Json(on.into()))])
}

/// A field type: its name and category.
fn field_type(kind: &str) -> Resolved {
    object(
        "MetafieldDefinitionType",
        vec![
            ("name", Resolved::Json(kind.into())),
            ("category", Resolved::Json(category(kind).into())),
        ],
    )
}

/// A `MetaobjectFieldDefinition`.
fn field_definition(f: &FieldDefinition) -> Resolved {
    object(
        "MetaobjectFieldDefinition",
        vec![
            ("key", Resolved::Json(f.key.clone().into())),
            ("name", Resolved::Json(f.name.clone().into())),
            ("description", optional(f.description.as_deref())),
            ("required", Resolved::Json(f.required.into())),
            ("type", field_type(&f.kind)),
            ("validations", Resolved::List(Vec::new())),
            (
                "capabilities",
                object(
                    "MetaobjectFieldDefinitionCapabilities",
                    vec![("adminFilterable", flag(false))],
                ),
            ),
        ],
    )
}

/// A `MetaobjectDefinition` having `count` entries.
fn definition(d: &Definition, count: usize) -> Resolved {
    object(
        "MetaobjectDefinition",
        vec![
            ("id", Resolved::Json(d.gid().into())),
            ("type", Resolved::Json(d.kind.clone().into())),
            ("name", Resolved::Json(d.name.clone().into())),
            ("description", optional(d.description.as_deref())),
            ("displayNameKey", optional(d.display_name_key.as_deref())),
            (
                "access",
                object(
                    "MetaobjectAccess",
                    vec![
                        ("admin", Resolved::Json(d.admin_access.clone().into())),
                        (
                            "storefront",
                            Resolved::Json(d.storefront_access.clone().into()),
                        ),
                    ],
                ),
            ),
            (
                "capabilities",
                object(
                    "MetaobjectCapabilities",
                    vec![
                        ("publishable", flag(d.publishable)),
                        ("translatable", flag(d.translatable)),
                        ("renderable", flag(d.renderable)),
                        ("onlineStore", flag(d.online_store)),
                    ],
                ),
            ),
            (
                "fieldDefinitions",
                Resolved::List(d.fields.iter().map(field_definition).collect()),
            ),
            ("hasThumbnailField", Resolved::Json(false.into())),
            ("metaobjectsCount", Resolved::Json(count.into())),
            ("standardTemplate", Resolved::Json(Value::Null)),
            ("createdAt", Resolved::Json(timestamp(&d.created_at).into())),
            ("updatedAt", Resolved::Json(timestamp(&d.updated_at).into())),
        ],
    )
}

/// A `Metaobject`.
fn entry(store: &Metaobjects, e: &Entry) -> Resolved {
    Resolved::Object(entry_object(store, e))
}

/// A `Metaobject`, with its fields in its definition's order and its definition.
fn entry_object(store: &Metaobjects, e: &Entry) -> Object {
    let def = store.definition_of(e);
    let fields = def
        .map(|d| {
            d.fields
                .iter()
                .map(|f| {
                    let value = e.value(&f.key);
                    object(
                        "MetaobjectField",
                        vec![
                            ("key", Resolved::Json(f.key.clone().into())),
                            ("type", Resolved::Json(f.kind.clone().into())),
                            ("value", optional(value)),
                            ("jsonValue", optional(value)),
                            ("definition", field_definition(f)),
                        ],
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let capabilities = object(
        "MetaobjectCapabilityData",
        vec![
            (
                "publishable",
                match &e.publishable_status {
                    Some(status) => object(
                        "MetaobjectCapabilityDataPublishable",
                        vec![("status", Resolved::Json(status.clone().into()))],
                    ),
                    None => Resolved::Json(Value::Null),
                },
            ),
            (
                "onlineStore",
                match &e.template_suffix {
                    Some(suffix) => object(
                        "MetaobjectCapabilityDataOnlineStore",
                        vec![("templateSuffix", Resolved::Json(suffix.clone().into()))],
                    ),
                    None => Resolved::Json(Value::Null),
                },
            ),
        ],
    );
    let mut parts = vec![
        ("id", Resolved::Json(e.gid().into())),
        ("handle", Resolved::Json(e.handle.clone().into())),
        ("type", Resolved::Json(e.kind.clone().into())),
        ("displayName", Resolved::Json(store.display_name(e).into())),
        ("createdAt", Resolved::Json(timestamp(&e.created_at).into())),
        ("updatedAt", Resolved::Json(timestamp(&e.updated_at).into())),
        ("capabilities", capabilities),
        ("fields", Resolved::List(fields)),
    ];
    if let Some(d) = def {
        parts.push(("definition", definition(d, store.count(&d.kind))));
    }
    Object::Payload("Metaobject", parts)
}

/// A payload's `userErrors` (`MetaobjectUserError`).
fn errors(errors: Vec<MetaobjectError>) -> Resolved {
    Resolved::List(
        errors
            .into_iter()
            .map(|e| {
                object(
                    "MetaobjectUserError",
                    vec![
                        ("field", Resolved::Json(json!(e.field))),
                        ("message", Resolved::Json(e.message.into())),
                        ("code", Resolved::Json(e.code.into())),
                        ("elementKey", optional(e.element_key.as_deref())),
                        ("elementIndex", Resolved::Json(Value::Null)),
                    ],
                )
            })
            .collect(),
    )
}

/// A payload holding `key` (an object, or null on errors) and `userErrors`.
fn payload<T>(
    typename: &'static str,
    key: &'static str,
    written: Written<T>,
    answer: impl FnOnce(T) -> Resolved,
) -> Resolved {
    let (value, user_errors) = match written {
        Ok(value) => (answer(value), Vec::new()),
        Err(user_errors) => (Resolved::Json(Value::Null), user_errors),
    };
    object(
        typename,
        vec![(key, value), ("userErrors", errors(user_errors))],
    )
}

/// An entry, or null.
fn entry_or_null(store: &Metaobjects, found: Option<&Entry>) -> Resolved {
    found.map_or(Resolved::Json(Value::Null), |e| entry(store, e))
}

/// The metaobject `gid` as a `nodes(ids:)` entry, or null.
pub(crate) fn node(store: &Metaobjects, gid: &str) -> Resolved {
    entry_or_null(store, store.entry(gid))
}

/// A metaobject query field, or `None` when `field` is not one.
pub(crate) fn query(
    store: &Metaobjects,
    field: &Field,
    variables: &Variables,
) -> Option<Result<Resolved, String>> {
    let arg = |name: &str| argument(field, name, variables).unwrap_or_default();
    Some(Ok(match field.name.as_str() {
        "metaobjectDefinitionByType" => {
            let kind = arg("type");
            match store.definition_by_type(kind.as_str().unwrap_or_default()) {
                Some(d) => definition(d, store.count(&d.kind)),
                None => Resolved::Json(Value::Null),
            }
        }
        "metaobject" => {
            let id = arg("id");
            entry_or_null(store, store.entry(id.as_str().unwrap_or_default()))
        }
        "metaobjectByHandle" => {
            let handle = arg("handle");
            let (kind, handle) = (
                handle["type"].as_str().unwrap_or_default(),
                handle["handle"].as_str().unwrap_or_default(),
            );
            entry_or_null(store, store.by_handle(kind, handle))
        }
        "metaobjects" => return Some(list(store, field, variables)),
        _ => return None,
    }))
}

/// `metaobjects(type:)`, paged by id.
fn list(store: &Metaobjects, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    if argument(field, "query", variables).is_some() {
        return Err(unsupported("metaobjects(query:)"));
    }
    if argument(field, "sortKey", variables).is_some_and(|k| k != "id") {
        return Err(unsupported("metaobjects sortKeys other than id"));
    }
    let kind = argument(field, "type", variables).unwrap_or_default();
    let mut items = store.of_type(kind.as_str().unwrap_or_default());
    let reverse = argument(field, "reverse", variables).is_some_and(|r| r == true);
    if reverse {
        items.reverse();
    }
    let page = page(items, field, variables, IdOrder::by_id(reverse), |e| e.id)?;
    Ok(page.connection(|e| entry_object(store, &e)))
}

/// A metaobject mutation field, or `None` when `field` is not one.
pub(crate) fn mutation(
    store: &mut Metaobjects,
    field: &Field,
    variables: &Variables,
) -> Option<Result<Resolved, String>> {
    let arg = |name: &str| argument(field, name, variables).unwrap_or_default();
    let name = field.name.as_str();
    Some(match name {
        "metaobjectDefinitionCreate" => {
            let input = parse_metaobject_definition(&arg("definition"));
            let written = store.create_definition(input);
            Ok(payload(
                "MetaobjectDefinitionCreatePayload",
                "metaobjectDefinition",
                written,
                |d| definition(&d, 0),
            ))
        }
        "metaobjectDefinitionUpdate" => update_definition(store, field, variables),
        "metaobjectDefinitionDelete" => {
            let id = arg("id");
            let written = store.delete_definition(id.as_str().unwrap_or_default());
            Ok(payload(
                "MetaobjectDefinitionDeletePayload",
                "deletedId",
                written,
                |id| Resolved::Json(id.into()),
            ))
        }
        "metaobjectCreate" | "metaobjectUpdate" => {
            let input = parse_metaobject(&arg("metaobject"));
            let (typename, written) = if name == "metaobjectCreate" {
                ("MetaobjectCreatePayload", store.create(input))
            } else {
                let id = arg("id");
                let written = store.update(id.as_str().unwrap_or_default(), input);
                ("MetaobjectUpdatePayload", written)
            };
            let store = &*store;
            Ok(payload(typename, "metaobject", written, |e| {
                entry(store, &e)
            }))
        }
        "metaobjectDelete" => {
            let id = arg("id");
            let written = store.delete(id.as_str().unwrap_or_default());
            Ok(payload(
                "MetaobjectDeletePayload",
                "deletedId",
                written,
                |id| Resolved::Json(id.into()),
            ))
        }
        _ => return None,
    })
}

/// `metaobjectDefinitionUpdate` of the name, description and display-name key.
fn update_definition(
    store: &mut Metaobjects,
    field: &Field,
    variables: &Variables,
) -> Result<Resolved, String> {
    let input = argument(field, "definition", variables).unwrap_or_default();
    let update = parse_metaobject_definition_update(&input)?;
    let id = argument(field, "id", variables).unwrap_or_default();
    let written = store.update_definition(id.as_str().unwrap_or_default(), update);
    let store = &*store;
    Ok(payload(
        "MetaobjectDefinitionUpdatePayload",
        "metaobjectDefinition",
        written,
        |d| definition(&d, store.count(&d.kind)),
    ))
}
