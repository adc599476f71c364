//! A metaobject definition and a metaobject entry as the shop stores them, the inputs that
//! write them, their `userErrors`, and how a type is named: a type written `$app:name` is the
//! calling app's and resolves to `app--{APP_ID}--name` (the emulator is one app per token,
//! with the captured app's id); types are kept lowercase.

use chrono::{DateTime, Utc};

/// The app id the emulator's apps resolve `$app:` with (the captured app's).
pub(crate) const APP_ID: u64 = 347_082_227_713;

/// A metaobject `userError` (`MetaobjectUserError`: with a code and an element key).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MetaobjectError {
    pub field: Vec<String>,
    pub message: String,
    pub code: &'static str,
    pub element_key: Option<String>,
}

impl MetaobjectError {
    /// An error with the code `code` on the input path `field`.
    pub(crate) fn on(field: &[&str], message: impl Into<String>, code: &'static str) -> Self {
        MetaobjectError {
            field: field.iter().map(|f| (*f).to_owned()).collect(),
            message: message.into(),
            code,
            element_key: None,
        }
    }

    /// The captured answer to an `id` naming no definition or entry.
    pub(crate) fn record_not_found() -> Self {
        MetaobjectError::on(&["id"], "Record not found", "RECORD_NOT_FOUND")
    }

    /// The error about the field `key`.
    pub(crate) fn keyed(mut self, key: &str) -> Self {
        self.element_key = Some(key.to_owned());
        self
    }
}

/// A field definition of a metaobject definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldDefinition {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub kind: String,
    pub required: bool,
}

/// A metaobject definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Definition {
    pub id: u64,
    pub kind: String,
    pub name: String,
    pub description: Option<String>,
    pub display_name_key: Option<String>,
    pub admin_access: String,
    pub storefront_access: String,
    pub publishable: bool,
    pub translatable: bool,
    pub renderable: bool,
    pub online_store: bool,
    pub fields: Vec<FieldDefinition>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Definition {
    pub fn gid(&self) -> String {
        format!("gid://shopify/MetaobjectDefinition/{}", self.id)
    }

    pub fn field(&self, key: &str) -> Option<&FieldDefinition> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// A metaobject entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub id: u64,
    pub kind: String,
    pub handle: String,
    /// `(key, value)` in the definition's field order.
    pub fields: Vec<(String, String)>,
    pub publishable_status: Option<String>,
    pub template_suffix: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Entry {
    pub fn gid(&self) -> String {
        format!("gid://shopify/Metaobject/{}", self.id)
    }

    pub fn value(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The parts of a `MetaobjectDefinitionCreateInput` the emulator understands.
#[derive(Debug, Clone, Default)]
pub(crate) struct DefinitionInput {
    pub kind: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub display_name_key: Option<String>,
    pub admin_access: Option<String>,
    pub storefront_access: Option<String>,
    pub publishable: bool,
    pub translatable: bool,
    pub renderable: bool,
    pub online_store: bool,
    pub fields: Vec<FieldDefinition>,
}

/// The parts of a `MetaobjectDefinitionUpdateInput` the emulator understands; `None` leaves a
/// part as it is.
#[derive(Debug, Clone, Default)]
pub(crate) struct DefinitionUpdate {
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    pub display_name_key: Option<Option<String>>,
}

/// The parts of a `MetaobjectCreateInput` / `MetaobjectUpdateInput` the emulator understands.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntryInput {
    pub kind: Option<String>,
    pub handle: Option<String>,
    pub fields: Vec<(String, String)>,
    pub publishable_status: Option<String>,
    pub template_suffix: Option<String>,
}

/// A write's result: the written value or the user errors.
pub(crate) type Written<T> = Result<T, Vec<MetaobjectError>>;

/// `$app:name` as the app's type (`app--347082227713--name`); any type lowercased.
pub(crate) fn resolve_type(kind: &str) -> String {
    match kind.strip_prefix("$app:") {
        Some(name) => format!("app--{APP_ID}--{}", name.to_lowercase()),
        None => kind.to_lowercase(),
    }
}
