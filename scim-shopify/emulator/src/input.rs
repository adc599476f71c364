//! Reading the input objects of a field's arguments (JSON, variables substituted) into the
//! shop's inputs. A field of an input object that the emulator does not implement, or a
//! metafield owner other than a customer or the shop, is refused with an `unsupported`
//! message.

use serde_json::Value;

use crate::graphql::unsupported::unsupported;
use crate::state::customer::{CustomerInput, Identifier};
use crate::state::metafield::{CompareDigest, MetafieldInput, MetafieldSet, OwnerType};
use crate::state::metafield_definitions::MetafieldDefinitionInput;
use crate::state::metaobject::{DefinitionInput, DefinitionUpdate, EntryInput, FieldDefinition};

/// A string member of an object.
fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Whether the capability `capability` of a definition input is enabled.
fn enabled(value: &Value, capability: &str) -> bool {
    value["capabilities"][capability]["enabled"].as_bool() == Some(true)
}

/// The namespace of a metafield written or looked up without one. Shopify uses the app's
/// reserved namespace; the emulator uses `custom` for writes and lookups alike.
const DEFAULT_NAMESPACE: &str = "custom";

/// A `CustomerIdentifierInput`: an id, an email address, a phone number or a custom id.
pub(crate) fn parse_identifier(value: &Value) -> Result<Identifier, String> {
    let object = value.as_object().cloned().unwrap_or_default();
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(id) = text("id") {
        return Ok(Identifier::Id(id));
    }
    if let Some(email) = text("emailAddress") {
        return Ok(Identifier::Email(email));
    }
    if let Some(phone) = text("phoneNumber") {
        return Ok(Identifier::Phone(phone));
    }
    if let Some(custom) = object.get("customId") {
        let part = |key: &str| custom[key].as_str().map(str::to_owned);
        return Ok(Identifier::CustomId {
            // "If omitted, the app-reserved namespace will be used." (`UniqueMetafieldValueInput`):
            // the namespace a metafield set without one has here.
            namespace: part("namespace").unwrap_or_else(|| DEFAULT_NAMESPACE.to_owned()),
            key: part("key").unwrap_or_default(),
            value: part("value").unwrap_or_default(),
        });
    }
    Err(unsupported("this customer identifier"))
}

/// A list of tags, or one string of them.
pub(crate) fn parse_tags(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// A metafield to set (its namespace [`DEFAULT_NAMESPACE`] when none is given).
pub(crate) fn parse_metafield(value: &Value) -> MetafieldInput {
    let text = |key: &str| value[key].as_str().map(str::to_owned);
    MetafieldInput {
        namespace: text("namespace").unwrap_or_else(|| DEFAULT_NAMESPACE.to_owned()),
        key: text("key").unwrap_or_default(),
        value: text("value").unwrap_or_default(),
        kind: text("type"),
    }
}

/// The `CustomerInput` fields the emulator implements; any other field is refused.
pub(crate) fn parse_customer_input(value: &Value) -> Result<CustomerInput, String> {
    let mut input = CustomerInput::default();
    let object = value.as_object().cloned().unwrap_or_default();
    let nullable = |v: &Value| v.as_str().map(str::to_owned);
    for (key, v) in &object {
        match key.as_str() {
            "id" => input.id = v.as_str().map(str::to_owned),
            "firstName" => input.first_name = Some(nullable(v)),
            "lastName" => input.last_name = Some(nullable(v)),
            "email" => input.email = Some(nullable(v)),
            "phone" => input.phone = Some(nullable(v)),
            "locale" => input.locale = Some(nullable(v)),
            "note" => input.note = Some(nullable(v)),
            "taxExempt" => input.tax_exempt = v.as_bool(),
            "tags" => input.tags = Some(parse_tags(v)),
            "metafields" => {
                input.metafields = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(parse_metafield)
                    .collect()
            }
            other => return Err(unsupported(&format!("the CustomerInput field '{other}'"))),
        }
    }
    Ok(input)
}

/// The owner type of the `ownerId` of the `MetafieldsSetInput` or `MetafieldIdentifierInput`
/// `input` of `mutation`: a customer's or the shop's gid (existing or not); any other kind of
/// gid is refused.
fn owner(input: &Value, mutation: &str) -> Result<(String, OwnerType), String> {
    let owner = input["ownerId"].as_str().unwrap_or_default().to_owned();
    match OwnerType::of_gid(&owner) {
        Some(owner_type) => Ok((owner, owner_type)),
        None => Err(unsupported(&format!(
            "{mutation} on '{owner}' (only customers and the shop)"
        ))),
    }
}

/// The `metafields` of `metafieldsSet`: each owner's gid and type, its metafield, and its
/// `compareDigest` (absent, null or a digest). Refused at the first owner that is neither a
/// customer nor the shop.
pub(crate) fn parse_metafields_set(value: &Value) -> Result<Vec<MetafieldSet>, String> {
    let mut entries = Vec::new();
    for input in value.as_array().into_iter().flatten() {
        let (owner, owner_type) = owner(input, "metafieldsSet")?;
        let compare_digest = match input.get("compareDigest") {
            None => CompareDigest::Unsent,
            Some(digest) => digest
                .as_str()
                .map_or(CompareDigest::Null, |d| CompareDigest::Digest(d.to_owned())),
        };
        entries.push(MetafieldSet {
            owner,
            owner_type,
            metafield: parse_metafield(input),
            compare_digest,
        });
    }
    Ok(entries)
}

/// The `metafields` of `metafieldsDelete`: `(owner, namespace, key)` each. Refused at the
/// first owner that is neither a customer nor the shop.
pub(crate) fn parse_metafield_identifiers(
    value: &Value,
) -> Result<Vec<(String, String, String)>, String> {
    let mut entries = Vec::new();
    for input in value.as_array().into_iter().flatten() {
        let text = |key: &str| input[key].as_str().unwrap_or_default().to_owned();
        let (owner, _) = owner(input, "metafieldsDelete")?;
        entries.push((owner, text("namespace"), text("key")));
    }
    Ok(entries)
}

/// A `MetafieldDefinitionInput`, its texts trimmed (the caller checks its owner type).
pub(crate) fn parse_metafield_definition(value: &Value) -> MetafieldDefinitionInput {
    let text = |key: &str| {
        value[key]
            .as_str()
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    MetafieldDefinitionInput {
        namespace: text("namespace"),
        key: text("key"),
        name: text("name"),
        kind: text("type"),
        unique_values: value["capabilities"]["uniqueValues"]["enabled"].as_bool(),
    }
}

/// A `MetaobjectDefinitionCreateInput`.
pub(crate) fn parse_metaobject_definition(value: &Value) -> DefinitionInput {
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

/// The `MetaobjectDefinitionUpdateInput` fields the emulator implements (the name, the
/// description and the display-name key); any other field is refused.
pub(crate) fn parse_metaobject_definition_update(
    value: &Value,
) -> Result<DefinitionUpdate, String> {
    let mut update = DefinitionUpdate::default();
    for (key, value) in value.as_object().into_iter().flatten() {
        let text = value.as_str().map(str::to_owned);
        match key.as_str() {
            "name" => update.name = text,
            "description" => update.description = Some(text),
            "displayNameKey" => update.display_name_key = Some(text),
            other => {
                return Err(unsupported(&format!(
                    "the MetaobjectDefinitionUpdateInput field '{other}'"
                )));
            }
        }
    }
    Ok(update)
}

/// A `MetaobjectCreateInput` or `MetaobjectUpdateInput`; `redirectNewHandle` is accepted and
/// creates no URL redirect (the emulator has no online store).
pub(crate) fn parse_metaobject(value: &Value) -> EntryInput {
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
