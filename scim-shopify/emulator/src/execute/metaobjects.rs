//! The metaobject root fields: `metaobjectDefinitionByType`, `metaobject`,
//! `metaobjectByHandle`, `metaobjects`, and the mutations `metaobjectDefinitionCreate`,
//! `metaobjectDefinitionUpdate` (name, description, display-name key),
//! `metaobjectDefinitionDelete`, `metaobjectCreate`, `metaobjectUpdate`, `metaobjectDelete`.
//!
//! Objects are answered as snapshots (`Obj::Payload`), so a field with arguments
//! (`Metaobject.field(key:)`) and anything not listed below answers `UNSUPPORTED_BY_EMULATOR`.

use apollo_compiler::executable::Field;
use serde_json::{Value, json};

use super::{Executor, IdOrder, Obj, Res, argument, connection, cursor, unsupported};
use crate::state::metaobject::{
    Definition, DefinitionInput, Entry, EntryInput, FieldDefinition, MetaobjectError, Written,
};
use crate::state::metaobjects::Metaobjects;

/// The category of a field type, as `type { category }` answers it.
pub(crate) fn category(kind: &str) -> &'static str {
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

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn enabled(value: &Value, capability: &str) -> bool {
    value["capabilities"][capability]["enabled"].as_bool() == Some(true)
}

fn opt(value: Option<&str>) -> Res {
    Res::Json(value.map_or(Value::Null, |v| Value::String(v.to_owned())))
}

fn object(typename: &'static str, fields: Vec<(&'static str, Res)>) -> Res {
    Res::Obj(Obj::Payload(typename, fields))
}

fn flag(on: bool) -> Res {
    object("Capability", vec![("enabled", Res::Json(on.into()))])
}

fn field_type(kind: &str) -> Res {
    object(
        "MetafieldDefinitionType",
        vec![
            ("name", Res::Json(kind.into())),
            ("category", Res::Json(category(kind).into())),
        ],
    )
}

fn field_definition(f: &FieldDefinition) -> Res {
    object(
        "MetaobjectFieldDefinition",
        vec![
            ("key", Res::Json(f.key.clone().into())),
            ("name", Res::Json(f.name.clone().into())),
            ("description", opt(f.description.as_deref())),
            ("required", Res::Json(f.required.into())),
            ("type", field_type(&f.kind)),
            ("validations", Res::List(Vec::new())),
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

fn definition(d: &Definition, count: usize) -> Res {
    object(
        "MetaobjectDefinition",
        vec![
            ("id", Res::Json(d.gid().into())),
            ("type", Res::Json(d.kind.clone().into())),
            ("name", Res::Json(d.name.clone().into())),
            ("description", opt(d.description.as_deref())),
            ("displayNameKey", opt(d.display_name_key.as_deref())),
            (
                "access",
                object(
                    "MetaobjectAccess",
                    vec![
                        ("admin", Res::Json(d.admin_access.clone().into())),
                        ("storefront", Res::Json(d.storefront_access.clone().into())),
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
                Res::List(d.fields.iter().map(field_definition).collect()),
            ),
            ("hasThumbnailField", Res::Json(false.into())),
            ("metaobjectsCount", Res::Json(count.into())),
            ("standardTemplate", Res::Json(Value::Null)),
            (
                "createdAt",
                Res::Json(super::timestamp(&d.created_at).into()),
            ),
            (
                "updatedAt",
                Res::Json(super::timestamp(&d.updated_at).into()),
            ),
        ],
    )
}

fn entry(store: &Metaobjects, e: &Entry) -> Res {
    Res::Obj(entry_obj(store, e))
}

fn entry_obj(store: &Metaobjects, e: &Entry) -> Obj {
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
                            ("key", Res::Json(f.key.clone().into())),
                            ("type", Res::Json(f.kind.clone().into())),
                            ("value", opt(value)),
                            ("jsonValue", opt(value)),
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
                        vec![("status", Res::Json(status.clone().into()))],
                    ),
                    None => Res::Json(Value::Null),
                },
            ),
            (
                "onlineStore",
                match &e.template_suffix {
                    Some(suffix) => object(
                        "MetaobjectCapabilityDataOnlineStore",
                        vec![("templateSuffix", Res::Json(suffix.clone().into()))],
                    ),
                    None => Res::Json(Value::Null),
                },
            ),
        ],
    );
    let mut parts = vec![
        ("id", Res::Json(e.gid().into())),
        ("handle", Res::Json(e.handle.clone().into())),
        ("type", Res::Json(e.kind.clone().into())),
        ("displayName", Res::Json(store.display_name(e).into())),
        (
            "createdAt",
            Res::Json(super::timestamp(&e.created_at).into()),
        ),
        (
            "updatedAt",
            Res::Json(super::timestamp(&e.updated_at).into()),
        ),
        ("capabilities", capabilities),
        ("fields", Res::List(fields)),
    ];
    if let Some(d) = def {
        parts.push(("definition", definition(d, store.count(&d.kind))));
    }
    Obj::Payload("Metaobject", parts)
}

fn errors(errors: Vec<MetaobjectError>) -> Res {
    Res::List(
        errors
            .into_iter()
            .map(|e| {
                object(
                    "MetaobjectUserError",
                    vec![
                        ("field", Res::Json(json!(e.field))),
                        ("message", Res::Json(e.message.into())),
                        ("code", Res::Json(e.code.into())),
                        ("elementKey", opt(e.element_key.as_deref())),
                        ("elementIndex", Res::Json(Value::Null)),
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
    res: impl FnOnce(T) -> Res,
) -> Res {
    let (value, user_errors) = match written {
        Ok(value) => (res(value), Vec::new()),
        Err(user_errors) => (Res::Json(Value::Null), user_errors),
    };
    object(
        typename,
        vec![(key, value), ("userErrors", errors(user_errors))],
    )
}

fn parse_definition(value: &Value) -> DefinitionInput {
    let mut fields = Vec::new();
    for f in value["fieldDefinitions"].as_array().into_iter().flatten() {
        let key = text(f, "key").unwrap_or_default();
        fields.push(FieldDefinition {
            name: text(f, "name").unwrap_or_else(|| key.clone()),
            key,
            description: text(f, "description"),
            kind: text(f, "type").unwrap_or_default(),
            required: f["required"].as_bool().unwrap_or(false),
        });
    }
    DefinitionInput {
        kind: text(value, "type").unwrap_or_default(),
        name: text(value, "name"),
        description: text(value, "description"),
        display_name_key: text(value, "displayNameKey"),
        admin_access: value["access"]["admin"].as_str().map(str::to_owned),
        storefront_access: value["access"]["storefront"].as_str().map(str::to_owned),
        publishable: enabled(value, "publishable"),
        translatable: enabled(value, "translatable"),
        renderable: enabled(value, "renderable"),
        online_store: enabled(value, "onlineStore"),
        fields,
    }
}

/// The entry input; `redirectNewHandle` is accepted and creates no URL redirect (the
/// emulator has no online store).
fn parse_entry(value: &Value) -> EntryInput {
    let fields = value["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                text(f, "key").unwrap_or_default(),
                text(f, "value").unwrap_or_default(),
            )
        })
        .collect();
    EntryInput {
        kind: text(value, "type"),
        handle: text(value, "handle"),
        fields,
        publishable_status: value["capabilities"]["publishable"]["status"]
            .as_str()
            .map(str::to_owned),
        template_suffix: value["capabilities"]["onlineStore"]["templateSuffix"]
            .as_str()
            .map(str::to_owned),
    }
}

impl Executor<'_> {
    fn arg(&self, field: &Field, name: &str) -> Value {
        argument(field, name, self.variables).unwrap_or_default()
    }

    fn entry_res(&self, found: Option<&Entry>) -> Res {
        let store = &self.shop.metaobjects;
        found.map_or(Res::Json(Value::Null), |e| entry(store, e))
    }

    /// The metaobject `gid` as a `nodes(ids:)` entry, or null.
    pub(super) fn metaobject_node(&self, gid: &str) -> Res {
        self.entry_res(self.shop.metaobjects.entry(gid))
    }

    /// A metaobject query field, or `None` when `field` is not one.
    pub(super) fn metaobject_query(&mut self, field: &Field) -> Option<Result<Res, String>> {
        let store = &self.shop.metaobjects;
        Some(Ok(match field.name.as_str() {
            "metaobjectDefinitionByType" => {
                let kind = self.arg(field, "type");
                match store.definition_by_type(kind.as_str().unwrap_or_default()) {
                    Some(d) => definition(d, store.count(&d.kind)),
                    None => Res::Json(Value::Null),
                }
            }
            "metaobject" => {
                let id = self.arg(field, "id");
                self.entry_res(store.entry(id.as_str().unwrap_or_default()))
            }
            "metaobjectByHandle" => {
                let handle = self.arg(field, "handle");
                let (kind, handle) = (
                    handle["type"].as_str().unwrap_or_default(),
                    handle["handle"].as_str().unwrap_or_default(),
                );
                self.entry_res(store.by_handle(kind, handle))
            }
            "metaobjects" => {
                if argument(field, "query", self.variables).is_some() {
                    return Some(Err(unsupported("metaobjects(query:)")));
                }
                if argument(field, "sortKey", self.variables).is_some_and(|k| k != "id") {
                    return Some(Err(unsupported("metaobjects sortKeys other than id")));
                }
                let kind = self.arg(field, "type");
                let mut items = store.of_type(kind.as_str().unwrap_or_default());
                let reverse = argument(field, "reverse", self.variables).is_some_and(|r| r == true);
                if reverse {
                    items.reverse();
                }
                let order = IdOrder::by_id(reverse);
                let (page, has_next, has_previous) = match self.page(items, field, order, |e| e.id)
                {
                    Ok(page) => page,
                    Err(message) => return Some(Err(message)),
                };
                let store = &self.shop.metaobjects;
                let nodes = page
                    .iter()
                    .map(|e| (entry_obj(store, e), cursor(e.id)))
                    .collect();
                Res::Obj(connection(nodes, has_next, has_previous))
            }
            _ => return None,
        }))
    }

    /// A metaobject mutation field, or `None` when `field` is not one.
    pub(super) fn metaobject_mutation(&mut self, field: &Field) -> Option<Result<Res, String>> {
        let name = field.name.as_str();
        let result = match name {
            "metaobjectDefinitionCreate" => {
                let input = parse_definition(&self.arg(field, "definition"));
                let written = self.shop.metaobjects.create_definition(input);
                Ok(payload(
                    "MetaobjectDefinitionCreatePayload",
                    "metaobjectDefinition",
                    written,
                    |d| definition(&d, 0),
                ))
            }
            "metaobjectDefinitionUpdate" => {
                let input = self.arg(field, "definition");
                let mut name = None;
                let (mut description, mut display_name_key) = (None, None);
                for (key, value) in input.as_object().into_iter().flatten() {
                    let text = value.as_str().map(str::to_owned);
                    match key.as_str() {
                        "name" => name = text,
                        "description" => description = Some(text),
                        "displayNameKey" => display_name_key = Some(text),
                        other => {
                            return Some(Err(unsupported(&format!(
                                "the MetaobjectDefinitionUpdateInput field '{other}'"
                            ))));
                        }
                    }
                }
                let id = self.arg(field, "id");
                let store = &mut self.shop.metaobjects;
                let written = store.update_definition(
                    id.as_str().unwrap_or_default(),
                    name,
                    description,
                    display_name_key,
                );
                let store = &self.shop.metaobjects;
                Ok(payload(
                    "MetaobjectDefinitionUpdatePayload",
                    "metaobjectDefinition",
                    written,
                    |d| definition(&d, store.count(&d.kind)),
                ))
            }
            "metaobjectDefinitionDelete" => {
                let id = self.arg(field, "id");
                let written = self
                    .shop
                    .metaobjects
                    .delete_definition(id.as_str().unwrap_or_default());
                Ok(payload(
                    "MetaobjectDefinitionDeletePayload",
                    "deletedId",
                    written,
                    |id| Res::Json(id.into()),
                ))
            }
            "metaobjectCreate" | "metaobjectUpdate" => {
                let input = parse_entry(&self.arg(field, "metaobject"));
                let (typename, written) = if name == "metaobjectCreate" {
                    (
                        "MetaobjectCreatePayload",
                        self.shop.metaobjects.create(input),
                    )
                } else {
                    let id = self.arg(field, "id");
                    let written = self
                        .shop
                        .metaobjects
                        .update(id.as_str().unwrap_or_default(), input);
                    ("MetaobjectUpdatePayload", written)
                };
                let store = &self.shop.metaobjects;
                Ok(payload(typename, "metaobject", written, |e| {
                    entry(store, &e)
                }))
            }
            "metaobjectDelete" => {
                let id = self.arg(field, "id");
                let written = self
                    .shop
                    .metaobjects
                    .delete(id.as_str().unwrap_or_default());
                Ok(payload(
                    "MetaobjectDeletePayload",
                    "deletedId",
                    written,
                    |id| Res::Json(id.into()),
                ))
            }
            _ => return None,
        };
        Some(result)
    }
}
