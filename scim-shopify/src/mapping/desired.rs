//! What the mapping wants a customer to hold for a User ([`Desired`]), over everything it
//! owns: the fields, the metafields (the JSON metafield with what no other target holds),
//! the template tags and `active`. [`create_plan`](super::create_plan) sends all of it;
//! [`update_plan`](super::update_plan) the difference with the customer as it is.

use scim_core::resource::{Resource, User};
use serde_json::{Value, json};

use super::attrs::{leaf_text, remove_at, remove_ci, value_at, values_at};
use super::blob::{LAST_NAME_IS_USER_NAME, NO_LOCALE, parse_blob};
use super::config::{CustomerField, MappingConfig, MetafieldSpec, Target};
use super::customer::Customer;
use super::error::MappingError;
use super::tags::tag_eq;
use super::values::{is_dialable, is_language_tag, same_email, user_name_key};

/// Attributes the service provider owns or that are never stored (`password` is
/// write-only, RFC 7643 §4.1.1).
const NEVER_STORED: [&str; 8] = [
    "id",
    "meta",
    "groups",
    "active",
    "externalId",
    "password",
    LAST_NAME_IS_USER_NAME,
    NO_LOCALE,
];

/// What the mapping wants a customer to hold for a User, over everything it owns.
pub(crate) struct Desired {
    /// Owned fields and their values (`None`: empty).
    pub(crate) fields: Vec<(CustomerField, Option<String>)>,
    /// Owned metafields and their values (`None`: absent).
    pub(crate) metafields: Vec<(MetafieldSpec, Option<String>)>,
    /// The tags the tag templates make.
    pub(crate) template_tags: Vec<String>,
    /// `active`, when the User says.
    pub(crate) active: Option<bool>,
}

/// `id` is the customer's numeric id when it exists: a read names a customer with neither
/// email nor phone by it.
///
/// `current` is the customer as it is (`None` for a new one).
pub(crate) fn desired(
    config: &MappingConfig,
    user: &Resource,
    current: Option<&Customer>,
) -> Result<Desired, MappingError> {
    let id = current.and_then(Customer::numeric_id);
    let current_email = current.and_then(|c| c.email.as_deref());
    // A new customer gets a locale from Shopify; one read without any shows none, unless
    // it is already marked as having none.
    let marked = current
        .and_then(|c| c.metafield(&config.resource.namespace, &config.resource.key))
        .is_some_and(|m| parse_blob(&m.value).contains_key(NO_LOCALE));
    let has_locale = marked || current.is_none_or(|c| c.locale.is_some());
    let typed =
        User::try_from(user.clone()).map_err(|e| MappingError::Resource(e.detail().to_owned()))?;
    // `userName` wins when it is an address, so `userName eq` is a lookup by email.
    let email = Some(typed.user_name.as_str())
        .filter(|u| u.contains('@'))
        .or_else(|| typed.primary_email())
        .filter(|e| !e.trim().is_empty())
        .map(str::to_owned);
    let phone = {
        let primary = typed.phone_numbers.iter().find(|p| p.primary == Some(true));
        primary
            .or(typed.phone_numbers.first())
            .and_then(|p| p.value.as_deref())
            .filter(|p| !p.trim().is_empty())
            // A number Shopify would refuse ("Phone is invalid") stays in `phoneNumbers`
            // only, so that the rest of the user is provisioned all the same.
            .filter(|p| is_dialable(p))
            .map(str::to_owned)
    };

    let map = user.as_map();
    let mut blob = map.clone();
    for key in NEVER_STORED {
        remove_ci(&mut blob, key);
    }

    let mut fields = vec![
        (CustomerField::Email, email.clone()),
        (CustomerField::Phone, phone.clone()),
    ];
    let mut metafields = vec![
        (
            config.user_name.clone(),
            Some(user_name_key(&typed.user_name)).filter(|key| !key.trim().is_empty()),
        ),
        (
            config.external_id.clone(),
            typed.external_id.clone().filter(|e| !e.is_empty()),
        ),
    ];
    let mut template_tags: Vec<String> = Vec::new();
    for rule in &config.rules {
        match rule.target() {
            Target::Field(field) => {
                let value = values_at(map, rule.path())
                    .into_iter()
                    .find_map(leaf_text)
                    .filter(|v| !v.is_empty());
                // A locale Shopify cannot hold (not a language tag, such as a random
                // string) stays in the JSON metafield, as written, and a read gives it back
                // from there; the customer's locale is left as it is.
                if *field == CustomerField::Locale
                    && value.as_deref().is_some_and(|v| !is_language_tag(v))
                {
                    fields.push((*field, None));
                    continue;
                }
                if *field == CustomerField::Locale && value.is_none() && has_locale {
                    blob.insert(NO_LOCALE.into(), json!(true));
                }
                fields.push((*field, value));
                remove_at(&mut blob, rule.path());
            }
            Target::Metafield(spec) => {
                let value = value_at(map, rule.path()).and_then(|v| metafield_text(spec, v));
                metafields.push((spec.clone(), value));
                remove_at(&mut blob, rule.path());
            }
            Target::Tag(template) => {
                for value in values_at(map, rule.path())
                    .into_iter()
                    .filter_map(leaf_text)
                {
                    let tag = template.render(&value);
                    if template.owns(&tag) && !template_tags.iter().any(|t| tag_eq(t, &tag)) {
                        template_tags.push(tag);
                    }
                }
            }
        }
    }

    // Nothing Shopify counts as an identity: the userName stands in as the last name
    // (unless it is the customer's id, what a read names a customer without any by).
    let identity = fields.iter().any(|(field, value)| {
        matches!(
            field,
            CustomerField::Email
                | CustomerField::Phone
                | CustomerField::FirstName
                | CustomerField::LastName
        ) && value.is_some()
    });
    if !identity && !typed.user_name.trim().is_empty() && Some(typed.user_name.as_str()) != id {
        fields.retain(|(field, _)| *field != CustomerField::LastName);
        fields.push((CustomerField::LastName, Some(typed.user_name.clone())));
        blob.insert(LAST_NAME_IS_USER_NAME.into(), json!(true));
    }

    // What a read derives from the fields need not be kept twice.
    for (key, value) in [("emails", &email), ("phoneNumbers", &phone)] {
        let derived = value
            .as_ref()
            .map(|v| json!([{"value": v, "primary": true}]));
        if derived.is_some() && blob.get(key) == derived.as_ref() {
            blob.remove(key);
        }
    }
    // Shopify lowercases the email it keeps: a `userName` in another case (Entra ID's
    // `Test_User_...@contoso.com`) stays in the JSON metafield, so a read gives it back as
    // written (RFC 7643 §2.2: the service returns what it keeps; Entra compares it).
    // An email equal to the current one but for case is not sent, so the customer keeps
    // its current one.
    let kept_email = match current_email {
        Some(current) if email.as_deref().is_some_and(|e| same_email(current, e)) => {
            Some(current.to_owned())
        }
        _ => email.as_deref().map(str::to_lowercase),
    };
    let derived_user_name = kept_email.as_deref().or(phone.as_deref()).or(id);
    if Some(typed.user_name.as_str()) == derived_user_name {
        remove_ci(&mut blob, "userName");
    }
    if blob.get("schemas") == Some(&json!([scim_filter::USER_SCHEMA])) {
        blob.remove("schemas");
    }
    let blob = (!blob.is_empty()).then(|| Value::Object(blob).to_string());
    metafields.push((config.resource.clone(), blob));

    let active = match user.get("active") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Some(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    };
    Ok(Desired {
        fields,
        metafields,
        template_tags,
        active,
    })
}

/// A value as a metafield of `spec`'s type holds it: JSON text for `json`, else the leaf
/// as text.
fn metafield_text(spec: &MetafieldSpec, value: &Value) -> Option<String> {
    if spec.kind == "json" {
        return Some(value.to_string());
    }
    leaf_text(value).filter(|v| !v.is_empty())
}
