//! One shop's metaobject definitions and entries, with Shopify's validation and `userErrors`
//! as the captures under `captures/*/2026-04/metaobjects/` show them.
//!
//! Types, resolved as [`resolve_type`] names them, compare case-insensitively ("Type has
//! already been taken" for `HAR_X` after `har_x`).
//!
//! Messages not seen in a capture (an unknown type or field key, a type too long) follow
//! Shopify's Rails conventions and say so beside them.

use std::collections::BTreeMap;

use chrono::Utc;

use crate::state::gid::parse_gid;
use crate::state::metaobject::{
    Definition, DefinitionInput, DefinitionUpdate, Entry, EntryInput, MetaobjectError, Written,
    resolve_type,
};

/// The longest type Shopify accepts.
const MAX_TYPE_CHARS: usize = 255;

/// The metaobject data of one shop.
#[derive(Debug, Default)]
pub(crate) struct Metaobjects {
    next_id: u64,
    definitions: BTreeMap<u64, Definition>,
    entries: BTreeMap<u64, Entry>,
}

/// A handle made from a display name: lowercase, runs of anything but letters and digits one
/// dash, no dash at either end.
fn parameterize(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Capitalises the first letter, as Rails names an attribute in a message.
fn humanize(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

impl Metaobjects {
    pub fn new() -> Self {
        Metaobjects {
            next_id: 20_000_000_001,
            ..Metaobjects::default()
        }
    }

    fn allocate(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// `metaobjectDefinitionByType`.
    pub fn definition_by_type(&self, kind: &str) -> Option<&Definition> {
        let kind = resolve_type(kind);
        self.definitions.values().find(|d| d.kind == kind)
    }

    /// How many entries a definition has.
    pub fn count(&self, kind: &str) -> usize {
        self.entries.values().filter(|e| e.kind == kind).count()
    }

    /// `metaobjectDefinitionCreate`.
    pub fn create_definition(&mut self, input: DefinitionInput) -> Written<Definition> {
        let raw = input.kind.trim();
        let kind = resolve_type(raw);
        let name = raw.strip_prefix("$app:").unwrap_or(raw);
        let field = ["definition", "type"];
        if name.chars().count() < 3 {
            return Err(vec![MetaobjectError::on(
                &field,
                "Type is too short (minimum is 3 characters)",
                "TOO_SHORT",
            )]);
        }
        if kind.chars().count() > MAX_TYPE_CHARS {
            // Not captured: Rails' length message.
            return Err(vec![MetaobjectError::on(
                &field,
                format!("Type is too long (maximum is {MAX_TYPE_CHARS} characters)"),
                "TOO_LONG",
            )]);
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(vec![MetaobjectError::on(
                &field,
                "Type contains one or more invalid characters. Only alphanumeric characters, \
                 underscores, and dashes are allowed.",
                "INVALID",
            )]);
        }
        if self.definitions.values().any(|d| d.kind == kind) {
            return Err(vec![MetaobjectError::on(
                &field,
                "Type has already been taken",
                "TAKEN",
            )]);
        }
        let now = Utc::now();
        let definition = Definition {
            id: self.allocate(),
            kind,
            name: input.name.unwrap_or_else(|| name.to_owned()),
            description: input.description,
            display_name_key: input.display_name_key,
            admin_access: input
                .admin_access
                .unwrap_or_else(|| "PUBLIC_READ_WRITE".to_owned()),
            storefront_access: input.storefront_access.unwrap_or_else(|| "NONE".to_owned()),
            publishable: input.publishable,
            translatable: input.translatable,
            renderable: input.renderable,
            online_store: input.online_store,
            fields: input.fields,
            created_at: now,
            updated_at: now,
        };
        self.definitions.insert(definition.id, definition.clone());
        Ok(definition)
    }

    /// `metaobjectDefinitionUpdate` of the name, description and display-name key.
    pub fn update_definition(
        &mut self,
        gid: &str,
        update: DefinitionUpdate,
    ) -> Written<Definition> {
        let DefinitionUpdate {
            name,
            description,
            display_name_key,
        } = update;
        let Some(definition) =
            parse_gid(gid, "MetaobjectDefinition").and_then(|id| self.definitions.get_mut(&id))
        else {
            return Err(vec![MetaobjectError::record_not_found()]);
        };
        if let Some(name) = name {
            definition.name = name;
        }
        if let Some(description) = description {
            definition.description = description;
        }
        if let Some(key) = display_name_key {
            definition.display_name_key = key;
        }
        definition.updated_at = Utc::now();
        Ok(definition.clone())
    }

    /// `metaobjectDefinitionDelete`: the definition and its entries.
    pub fn delete_definition(&mut self, gid: &str) -> Written<String> {
        let Some(definition) =
            parse_gid(gid, "MetaobjectDefinition").and_then(|id| self.definitions.remove(&id))
        else {
            return Err(vec![MetaobjectError::record_not_found()]);
        };
        self.entries.retain(|_, e| e.kind != definition.kind);
        Ok(definition.gid())
    }

    /// An entry by gid.
    pub fn entry(&self, gid: &str) -> Option<&Entry> {
        self.entries.get(&parse_gid(gid, "Metaobject")?)
    }

    /// `metaobjectByHandle`.
    pub fn by_handle(&self, kind: &str, handle: &str) -> Option<&Entry> {
        let kind = resolve_type(kind);
        self.entries
            .values()
            .find(|e| e.kind == kind && e.handle == handle)
    }

    /// The entries of a type, in id order.
    pub fn of_type(&self, kind: &str) -> Vec<Entry> {
        let kind = resolve_type(kind);
        self.entries
            .values()
            .filter(|e| e.kind == kind)
            .cloned()
            .collect()
    }

    /// The definition of an entry's type (present while the entry is).
    pub fn definition_of(&self, entry: &Entry) -> Option<&Definition> {
        self.definitions.values().find(|d| d.kind == entry.kind)
    }

    /// The entry's display name: its display-name field, else `"{definition} #{id}"`.
    pub fn display_name(&self, entry: &Entry) -> String {
        let definition = self.definition_of(entry);
        definition
            .and_then(|d| d.display_name_key.as_deref())
            .and_then(|key| entry.value(key))
            .filter(|v| !v.is_empty())
            .map_or_else(
                || format!("{} #{}", definition.map_or("", |d| &d.name), entry.id),
                str::to_owned,
            )
    }

    /// The field inputs checked against the definition: duplicates, unknown keys, blanks
    /// of required fields (`required` holds the values the entry will have).
    fn check_fields(
        definition: &Definition,
        inputs: &[(String, String)],
        resulting: &[(String, String)],
    ) -> Vec<MetaobjectError> {
        let mut errors = Vec::new();
        for (index, (key, _)) in inputs.iter().enumerate() {
            let at = index.to_string();
            let path = ["metaobject", "fields", at.as_str()];
            if inputs[..index].iter().any(|(k, _)| k == key) {
                errors.push(
                    MetaobjectError::on(
                        &path,
                        format!("Field \"{key}\" duplicates other inputs"),
                        "DUPLICATE_FIELD_INPUT",
                    )
                    .keyed(key),
                );
                // Shopify drops the repeated input and then finds the field blank.
                if let Some(field) = definition.field(key).filter(|f| f.required) {
                    errors.push(
                        MetaobjectError::on(
                            &path,
                            format!("{} can't be blank", humanize(&field.name)),
                            "OBJECT_FIELD_REQUIRED",
                        )
                        .keyed(key),
                    );
                }
            } else if definition.field(key).is_none() {
                // Not captured: Shopify's message for an undefined field key.
                errors.push(
                    MetaobjectError::on(
                        &path,
                        format!("Field definition \"{key}\" does not exist"),
                        "UNDEFINED_OBJECT_FIELD",
                    )
                    .keyed(key),
                );
            }
        }
        if errors.is_empty() {
            for field in definition.fields.iter().filter(|f| f.required) {
                let value = resulting.iter().find(|(k, _)| *k == field.key);
                if value.is_none_or(|(_, v)| v.trim().is_empty()) {
                    errors.push(
                        MetaobjectError::on(
                            &["metaobject"],
                            format!("{} can't be blank", humanize(&field.name)),
                            "OBJECT_FIELD_REQUIRED",
                        )
                        .keyed(&field.key),
                    );
                }
            }
        }
        errors
    }

    /// A free handle from `base` (`base`, `base-2`, `base-3`...).
    fn free_handle(&self, kind: &str, base: &str, except: Option<u64>) -> String {
        let taken = |h: &str| {
            self.entries
                .values()
                .any(|e| e.kind == kind && e.handle == h && Some(e.id) != except)
        };
        let base = if base.is_empty() { kind } else { base };
        let mut handle = base.to_owned();
        let mut n = 1;
        while taken(&handle) {
            n += 1;
            handle = format!("{base}-{n}");
        }
        handle
    }

    fn handle_taken(&self, kind: &str, handle: &str, except: Option<u64>) -> bool {
        self.entries
            .values()
            .any(|e| e.kind == kind && e.handle == handle && Some(e.id) != except)
    }

    /// `metaobjectCreate`.
    pub fn create(&mut self, input: EntryInput) -> Written<Entry> {
        let kind = resolve_type(input.kind.as_deref().unwrap_or_default());
        let Some(definition) = self.definitions.values().find(|d| d.kind == kind).cloned() else {
            // Not captured: Shopify's message for an unknown type.
            return Err(vec![MetaobjectError::on(
                &["metaobject", "type"],
                format!("No metaobject definition exists for type \"{kind}\""),
                "UNDEFINED_OBJECT_TYPE",
            )]);
        };
        let mut fields: Vec<(String, String)> = Vec::new();
        for (key, value) in &input.fields {
            if !fields.iter().any(|(k, _)| k == key) {
                fields.push((key.clone(), value.clone()));
            }
        }
        let mut errors = Self::check_fields(&definition, &input.fields, &fields);
        if let Some(handle) = &input.handle
            && self.handle_taken(&kind, handle, None)
        {
            errors.push(MetaobjectError::on(
                &["metaobject", "handle"],
                "Handle has already been taken",
                "TAKEN",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let id = self.allocate();
        let now = Utc::now();
        let mut entry = Entry {
            id,
            kind: kind.clone(),
            handle: String::new(),
            fields: order(&definition, fields),
            publishable_status: definition
                .publishable
                .then(|| input.publishable_status.unwrap_or_else(|| "DRAFT".into())),
            template_suffix: definition
                .online_store
                .then(|| input.template_suffix.unwrap_or_default()),
            created_at: now,
            updated_at: now,
        };
        entry.handle = match input.handle {
            Some(handle) => handle,
            None => {
                let base = parameterize(&self.display_name(&entry));
                self.free_handle(&kind, &base, None)
            }
        };
        self.entries.insert(id, entry.clone());
        Ok(entry)
    }

    /// `metaobjectUpdate`: the given fields replace theirs, the others stay.
    pub fn update(&mut self, gid: &str, input: EntryInput) -> Written<Entry> {
        let not_found = || vec![MetaobjectError::record_not_found()];
        let Some(current) = self.entry(gid).cloned() else {
            return Err(not_found());
        };
        let Some(definition) = self.definition_of(&current).cloned() else {
            return Err(not_found());
        };
        let mut fields = current.fields.clone();
        for (key, value) in &input.fields {
            match fields.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value.clone(),
                None => fields.push((key.clone(), value.clone())),
            }
        }
        let mut errors = Self::check_fields(&definition, &input.fields, &fields);
        if let Some(handle) = &input.handle
            && self.handle_taken(&current.kind, handle, Some(current.id))
        {
            errors.push(MetaobjectError::on(
                &["metaobject", "handle"],
                "Handle has already been taken",
                "TAKEN",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut entry = current;
        entry.fields = order(&definition, fields);
        if let Some(handle) = input.handle {
            entry.handle = handle;
        }
        if definition.publishable
            && let Some(status) = input.publishable_status
        {
            entry.publishable_status = Some(status);
        }
        if definition.online_store
            && let Some(suffix) = input.template_suffix
        {
            entry.template_suffix = Some(suffix);
        }
        entry.updated_at = Utc::now();
        self.entries.insert(entry.id, entry.clone());
        Ok(entry)
    }

    /// `metaobjectDelete`.
    pub fn delete(&mut self, gid: &str) -> Written<String> {
        match parse_gid(gid, "Metaobject").and_then(|id| self.entries.remove(&id)) {
            Some(entry) => Ok(entry.gid()),
            None => Err(vec![MetaobjectError::record_not_found()]),
        }
    }
}

/// Field values in the definition's order.
fn order(definition: &Definition, mut fields: Vec<(String, String)>) -> Vec<(String, String)> {
    fields.sort_by_key(|(k, _)| {
        definition
            .fields
            .iter()
            .position(|f| f.key == *k)
            .unwrap_or(usize::MAX)
    });
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::metaobject::{APP_ID, FieldDefinition};

    fn definition(kind: &str) -> DefinitionInput {
        DefinitionInput {
            kind: kind.into(),
            name: Some("Group".into()),
            display_name_key: Some("title".into()),
            fields: vec![FieldDefinition {
                key: "title".into(),
                name: "Title".into(),
                description: None,
                kind: "single_line_text_field".into(),
                required: true,
            }],
            ..DefinitionInput::default()
        }
    }

    fn entry(kind: &str, title: &str) -> EntryInput {
        EntryInput {
            kind: Some(kind.into()),
            fields: vec![("title".into(), title.into())],
            ..EntryInput::default()
        }
    }

    #[test]
    fn app_types_resolve_and_types_compare_case_insensitively() {
        let mut shop = Metaobjects::new();
        let created = shop.create_definition(definition("$app:Groups")).unwrap();
        assert_eq!(created.kind, format!("app--{APP_ID}--groups"));
        assert!(shop.definition_by_type("$app:groups").is_some());
        let again = shop.create_definition(definition("$app:GROUPS"));
        assert_eq!(again.unwrap_err()[0].code, "TAKEN");
    }

    #[test]
    fn handles_come_from_the_display_name_and_stay_unique() {
        let mut shop = Metaobjects::new();
        shop.create_definition(definition("groups")).unwrap();
        let first = shop.create(entry("groups", "R&D Paris")).unwrap();
        let second = shop.create(entry("groups", "R&D  Paris")).unwrap();
        assert_eq!(first.handle, "r-d-paris");
        assert_eq!(second.handle, "r-d-paris-2");
        let mut taken = entry("groups", "Other");
        taken.handle = Some("r-d-paris".into());
        assert_eq!(shop.create(taken).unwrap_err()[0].code, "TAKEN");
    }

    #[test]
    fn unknown_types_and_blank_required_fields_are_refused() {
        let mut shop = Metaobjects::new();
        assert_eq!(
            shop.create(entry("missing", "x")).unwrap_err()[0].code,
            "UNDEFINED_OBJECT_TYPE"
        );
        shop.create_definition(definition("groups")).unwrap();
        let blank = shop.create(entry("groups", " ")).unwrap_err();
        assert_eq!(blank[0].message, "Title can't be blank");
        assert_eq!(blank[0].field, vec!["metaobject"]);
    }
}
