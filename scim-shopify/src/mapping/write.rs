//! SCIM User → customer: what to send on create, and the smallest change set on update.

use scim_core::resource::{Resource, User};
use serde_json::{Map, Value, json};

use crate::client::operations::{CustomerInput, MetafieldInput};

use super::attrs::{leaf_text, remove_at, remove_ci, value_at, values_at};
use super::config::{CustomerField, MappingConfig, MetafieldSpec, Target};
use super::customer::{Customer, Metafield, MetafieldKey, tag_eq};
use super::error::MappingError;

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

/// The JSON metafield's mark that the User has no `locale`: a customer always has one
/// (Shopify gives `en` and cannot clear it), so without the mark a read would show one the
/// client never set or removed (RFC 7644 §3.5.2.2).
pub(crate) const NO_LOCALE: &str = "$noLocale";

/// The JSON metafield's mark that the customer's `lastName` is the `userName` standing in
/// for a name: Shopify refuses a customer without a name, a phone or an email ("A name,
/// phone number, or email address must be present"), while a SCIM User needs only a
/// `userName` (RFC 7643 §4.1). A read does not show that last name as `name.familyName`.
/// (`$` cannot start an attribute name, RFC 7643 §2.1, so no attribute collides with it.)
pub(crate) const LAST_NAME_IS_USER_NAME: &str = "$lastNameIsUserName";

/// Sets `field` of a `customerCreate` input: `None` leaves it out.
fn set_created(input: &mut CustomerInput, field: CustomerField, value: Option<String>) {
    match field {
        CustomerField::Email => input.email = value.map(Some),
        CustomerField::FirstName => input.first_name = value.map(Some),
        CustomerField::LastName => input.last_name = value.map(Some),
        CustomerField::Phone => input.phone = value.map(Some),
        CustomerField::Note => input.note = value.map(Some),
        CustomerField::Locale => input.locale = value,
    }
}

/// Sets `field` of a `customerUpdate` input: `None` clears it (an explicit `null`), except
/// the locale, which Shopify cannot clear and is left as it is.
fn set_changed(input: &mut CustomerInput, field: CustomerField, value: Option<String>) {
    match field {
        CustomerField::Email => input.email = Some(value),
        CustomerField::FirstName => input.first_name = Some(value),
        CustomerField::LastName => input.last_name = Some(value),
        CustomerField::Phone => input.phone = Some(value),
        CustomerField::Note => input.note = Some(value),
        CustomerField::Locale => {
            if value.is_some() {
                input.locale = value;
            }
        }
    }
}

/// A metafield as a `CustomerInput` carries it.
fn metafield_input(m: Metafield) -> MetafieldInput {
    MetafieldInput {
        namespace: m.namespace,
        key: m.key,
        r#type: m.kind,
        value: m.value,
    }
}

/// The smallest change set that makes a customer match a User: field updates
/// (`customerUpdate`), tags to add and to remove (`tagsAdd` / `tagsRemove`, never a full
/// overwrite), metafields to set (`metafieldsSet`) and to delete (`metafieldsDelete`).
/// Tags and metafields the mapping does not own are never in it.
///
/// ```
/// use scim_core::resource::Resource;
/// use scim_shopify::mapping::{Customer, MappingConfig, update_plan};
/// use serde_json::json;
///
/// let current: Customer = serde_json::from_value(json!({
///     "id": "gid://shopify/Customer/1",
///     "email": "bjensen@example.com",
///     "firstName": "Barbara",
///     "tags": ["VIP"],
/// }))?;
/// let user = Resource::from_json(json!({
///     "userName": "bjensen@example.com",
///     "name": {"givenName": "Babs"},
///     "active": false,
/// }))?;
/// let plan = update_plan(&MappingConfig::default(), &current, &user)?;
/// assert_eq!(plan.fields.first_name, Some(Some("Babs".into())));
/// assert_eq!(plan.fields.email, None);
/// assert_eq!(plan.tags_to_add, vec!["scim-inactive"]);
/// assert!(plan.tags_to_remove.is_empty()); // "VIP" is the merchant's
/// assert_eq!(plan.metafields_to_set[0].key, "active");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerUpdate {
    /// Fields that change, as `customerUpdate` takes them (`id`, `tags` and `metafields`
    /// unset: the store sends the plan's metafields with them).
    pub fields: CustomerInput,
    /// Tags to add.
    pub tags_to_add: Vec<String>,
    /// Tags to remove, spelled as the customer has them.
    pub tags_to_remove: Vec<String>,
    /// Metafields to set.
    pub metafields_to_set: Vec<Metafield>,
    /// Metafields to delete.
    pub metafields_to_delete: Vec<MetafieldKey>,
}

impl CustomerUpdate {
    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        *self == CustomerUpdate::default()
    }
}

/// What the mapping wants a customer to hold for a User, over everything it owns.
struct Desired {
    /// Owned fields and their values (`None`: empty).
    fields: Vec<(CustomerField, Option<String>)>,
    /// Owned metafields and their values (`None`: absent).
    metafields: Vec<(MetafieldSpec, Option<String>)>,
    /// The tags the tag templates make.
    template_tags: Vec<String>,
    /// `active`, when the User says.
    active: Option<bool>,
}

/// `id` is the customer's numeric id when it exists: a read names a customer with neither
/// email nor phone by it.
///
/// `current` is the customer as it is (`None` for a new one).
fn desired(
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
    let mut metafields = vec![(
        config.external_id.clone(),
        typed.external_id.clone().filter(|e| !e.is_empty()),
    )];
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

fn inactive_metafield(config: &MappingConfig) -> Metafield {
    let spec = &config.inactive_metafield;
    Metafield::new(&spec.namespace, &spec.key, &spec.kind, "false")
}

/// The `customerCreate` input for a User (validated beforehand, as
/// [`scim_core::resource::validate`] does): fields, metafields, and the creation tags,
/// template tags and, for `active: false`, the inactive tag, inline. A User without
/// `active` is created active.
///
/// ```
/// use scim_core::resource::Resource;
/// use scim_shopify::mapping::{MappingConfig, create_input};
/// use serde_json::json;
///
/// let user = Resource::from_json(json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "userName": "bjensen@example.com",
///     "externalId": "00u1abc",
///     "name": {"givenName": "Barbara", "familyName": "Jensen", "middleName": "Jane"},
///     "active": false,
///     "title": "Tour Guide",
/// }))?;
/// let input = create_input(&MappingConfig::default(), &user)?;
/// let json = serde_json::to_value(&input)?;
/// assert_eq!(json["email"], "bjensen@example.com");
/// assert_eq!(json["firstName"], "Barbara");
/// assert_eq!(json["tags"], json!(["scim-inactive"]));
/// let resource = input.metafields.iter().flatten().find(|m| m.key == "resource").unwrap();
/// assert_eq!(
///     serde_json::from_str::<serde_json::Value>(&resource.value)?,
///     // `$noLocale`: the user has no locale, whatever Shopify gives the customer.
///     json!({"name": {"middleName": "Jane"}, "title": "Tour Guide", "$noLocale": true}),
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn create_input(
    config: &MappingConfig,
    user: &Resource,
) -> Result<CustomerInput, MappingError> {
    let desired = desired(config, user, None)?;
    let mut input = CustomerInput::default();
    for (field, value) in desired.fields {
        set_created(&mut input, field, value);
    }
    let mut metafields: Vec<MetafieldInput> = desired
        .metafields
        .into_iter()
        .filter_map(|(spec, value)| {
            value.map(|value| {
                metafield_input(Metafield::new(spec.namespace, spec.key, spec.kind, value))
            })
        })
        .collect();
    let mut tags: Vec<String> = Vec::new();
    let mut add = |tag: &str| {
        if !tags.iter().any(|t| tag_eq(t, tag)) {
            tags.push(tag.to_owned());
        }
    };
    config.creation_tags.iter().for_each(|t| add(t));
    desired.template_tags.iter().for_each(|t| add(t));
    if desired.active == Some(false) {
        add(&config.inactive_tag);
        metafields.push(metafield_input(inactive_metafield(config)));
    }
    input.tags = (!tags.is_empty()).then_some(tags);
    input.metafields = (!metafields.is_empty()).then_some(metafields);
    Ok(input)
}

/// The smallest change set that makes `current` hold the User `user` (after a PUT, or a
/// PATCH applied to the User read from `current`). A User without `active` leaves the
/// customer's active state as it is.
pub fn update_plan(
    config: &MappingConfig,
    current: &Customer,
    user: &Resource,
) -> Result<CustomerUpdate, MappingError> {
    let desired = desired(config, user, Some(current))?;
    let mut plan = CustomerUpdate::default();

    for (field, value) in desired.fields {
        let now = field_value(current, field);
        let same = match (field, now, value.as_deref()) {
            (_, None, None) => true,
            (CustomerField::Email, Some(a), Some(b)) => same_email(a, b),
            (CustomerField::Phone, Some(a), Some(b)) => same_phone(a, b),
            (_, Some(a), Some(b)) => a == b,
            _ => false,
        };
        if !same {
            set_changed(&mut plan.fields, field, value);
        }
    }

    for (spec, value) in desired.metafields {
        diff_metafield(&mut plan, current, &spec, value);
    }

    let mut want_tags = desired.template_tags.clone();
    match desired.active {
        Some(false) => {
            want_tags.push(config.inactive_tag.clone());
            diff_metafield(
                &mut plan,
                current,
                &config.inactive_metafield,
                Some("false".into()),
            );
        }
        Some(true) => {
            if let Some(tag) = current
                .tags
                .iter()
                .find(|t| tag_eq(t, &config.inactive_tag))
            {
                plan.tags_to_remove.push(tag.clone());
            }
            diff_metafield(&mut plan, current, &config.inactive_metafield, None);
        }
        None => {}
    }
    for tag in &want_tags {
        if !current.has_tag(tag) && !plan.tags_to_add.iter().any(|t| tag_eq(t, tag)) {
            plan.tags_to_add.push(tag.clone());
        }
    }
    let templates: Vec<_> = config
        .rules
        .iter()
        .filter_map(|rule| match rule.target() {
            Target::Tag(template) => Some(template),
            _ => None,
        })
        .collect();
    for tag in &current.tags {
        let owned = templates.iter().any(|t| t.owns(tag));
        if owned && !want_tags.iter().any(|t| tag_eq(t, tag)) && !plan.tags_to_remove.contains(tag)
        {
            plan.tags_to_remove.push(tag.clone());
        }
    }
    Ok(plan)
}

fn diff_metafield(
    plan: &mut CustomerUpdate,
    current: &Customer,
    spec: &MetafieldSpec,
    value: Option<String>,
) {
    let now = current.metafield(&spec.namespace, &spec.key);
    match (now, value) {
        (Some(_), None) => plan.metafields_to_delete.push(MetafieldKey {
            namespace: spec.namespace.clone(),
            key: spec.key.clone(),
        }),
        (Some(now), Some(value))
            if now.same_value(&value) && (now.kind.is_empty() || now.kind == spec.kind) => {}
        (_, Some(value)) => plan.metafields_to_set.push(Metafield::new(
            &spec.namespace,
            &spec.key,
            &spec.kind,
            value,
        )),
        (None, None) => {}
    }
}

fn field_value(customer: &Customer, field: CustomerField) -> Option<&str> {
    match field {
        CustomerField::Email => customer.email.as_deref(),
        CustomerField::FirstName => customer.first_name.as_deref(),
        CustomerField::LastName => customer.last_name.as_deref(),
        CustomerField::Phone => customer.phone.as_deref(),
        CustomerField::Locale => customer.locale.as_deref(),
        CustomerField::Note => customer.note.as_deref(),
    }
    .filter(|v| !v.is_empty())
}

/// Emails as Shopify keeps them: whitespace removed, compared case-insensitively (the
/// `customer-email-normalization` capture).
pub(crate) fn same_email(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Whether `value` has the shape of the language tags Shopify takes as a customer locale
/// (`en`, `en-US`, `zh-Hant-TW`, `es-419`): a language of 2 or 3 letters, an optional script
/// of 4 letters, an optional region of 2 letters or 3 digits (RFC 5646 §2.1).
pub(crate) fn is_language_tag(value: &str) -> bool {
    let mut parts = value.split('-');
    let letters = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    if !parts.next().is_some_and(|l| letters(l, 2..=3)) {
        return false;
    }
    let mut rest: Vec<&str> = parts.collect();
    if rest.first().is_some_and(|s| letters(s, 4..=4)) {
        rest.remove(0);
    }
    match rest.as_slice() {
        [] => true,
        [region] => {
            letters(region, 2..=2)
                || (region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => false,
    }
}

/// Whether Shopify can keep `phone` as a customer's phone, which it stores in E.164: an
/// international number (`+` and 8 to 15 digits, not starting with 0), or a North American
/// one without its country code (10 digits, or 11 starting with 1, whose area code does not
/// start with 0 or 1), punctuated with spaces, `-`, `.` and parentheses at most. The
/// captured `Phone is invalid` answers follow these rules; a number outside them is kept in
/// `phoneNumbers` but not sent.
pub(crate) fn is_dialable(phone: &str) -> bool {
    let trimmed = phone.trim();
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
        || trimmed.rfind('+').is_some_and(|at| at > 0)
    {
        return false;
    }
    let digits: Vec<u8> = trimmed.bytes().filter(u8::is_ascii_digit).collect();
    let e164 = if trimmed.starts_with('+') {
        digits
    } else if digits.len() == 10 {
        [&[b'1'][..], &digits].concat()
    } else if digits.len() == 11 && digits[0] == b'1' {
        digits
    } else {
        return false;
    };
    if !(8..=15).contains(&e164.len()) || e164[0] == b'0' {
        return false;
    }
    e164[0] != b'1' || (e164.len() == 11 && !matches!(e164[1], b'0' | b'1'))
}

/// Phone numbers compared by their digits (Shopify stores E.164, `+16135550142`, whatever
/// punctuation was sent).
pub(crate) fn same_phone(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (a, b) = (digits(a), digits(b));
    // A national number and its E.164 form (`3369165758` and `+13369165758`): one ends with
    // the other, the rest (at most three digits) a country code.
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    a == b || (short.len() >= 7 && long.len() - short.len() <= 3 && long.ends_with(short.as_str()))
}

/// The blob as a JSON object, for tests and reads.
pub(crate) fn parse_blob(text: &str) -> Map<String, Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::config::{Rule, TagTemplate};

    #[test]
    fn clearing_the_locale_leaves_it_and_clearing_a_name_sends_null() {
        let mut input = CustomerInput::default();
        set_changed(&mut input, CustomerField::Locale, None);
        set_changed(&mut input, CustomerField::FirstName, None);
        assert_eq!(
            serde_json::to_value(&input).unwrap(),
            json!({"firstName": null})
        );
        let mut created = CustomerInput::default();
        set_created(&mut created, CustomerField::FirstName, None);
        set_created(&mut created, CustomerField::Locale, Some("fr-CA".into()));
        assert_eq!(
            serde_json::to_value(&created).unwrap(),
            json!({"locale": "fr-CA"})
        );
    }

    const DEPT: &str =
        "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}";

    fn user(value: Value) -> Resource {
        Resource::from_json(value).unwrap()
    }

    fn customer(value: Value) -> Customer {
        serde_json::from_value(value).unwrap()
    }

    /// The JSON metafield a create input sets (`config.resource`), parsed.
    fn resource_blob(config: &MappingConfig, input: &CustomerInput) -> Map<String, Value> {
        input
            .metafields
            .iter()
            .flatten()
            .find(|m| m.key == config.resource.key)
            .map(|m| parse_blob(&m.value))
            .expect("the resource metafield")
    }

    fn config_with_dept() -> MappingConfig {
        let mut config = MappingConfig::default();
        config
            .rules
            .push(Rule::tag(TagTemplate::parse(DEPT).unwrap()));
        config.creation_tags.push("from-scim".into());
        config
    }

    #[test]
    fn create_puts_everything_inline() {
        let input = create_input(
            &config_with_dept(),
            &user(json!({
                "userName": "bjensen",
                "externalId": "00u1",
                "emails": [{"value": "b@example.com", "type": "work", "primary": true}],
                "phoneNumbers": [{"value": "+1 613 555 0142", "primary": true}],
                "locale": "fr-CA",
                "password": "secret",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"},
            })),
        )
        .unwrap();
        assert_eq!(input.email, Some(Some("b@example.com".into())));
        assert_eq!(input.phone, Some(Some("+1 613 555 0142".into())));
        assert_eq!(input.locale.as_deref(), Some("fr-CA"));
        assert_eq!(
            input.tags,
            Some(vec!["from-scim".into(), "dept:Sales".into()])
        );
        let metafields = input.metafields.unwrap_or_default();
        let external = metafields.iter().find(|m| m.key == "external_id").unwrap();
        assert_eq!(
            (external.r#type.as_str(), external.value.as_str()),
            ("id", "00u1")
        );
        let blob = parse_blob(
            &metafields
                .iter()
                .find(|m| m.key == "resource")
                .unwrap()
                .value,
        );
        assert_eq!(blob["userName"], "bjensen");
        assert!(blob.contains_key("emails")); // it has a type, so it is not the derived form
        assert!(!blob.contains_key("password"));
        assert!(!blob.contains_key("locale"));
    }

    #[test]
    fn update_touches_only_owned_tags() {
        let config = config_with_dept();
        let current = customer(json!({
            "id": "gid://shopify/Customer/1",
            "email": "b@example.com",
            "tags": ["dept:Sales", "Dept:Old", "VIP", "from-scim", "SCIM-INACTIVE"],
            "metafields": [{"namespace": "scim", "key": "active", "type": "boolean", "value": "false"}],
        }));
        let plan = update_plan(
            &config,
            &current,
            &user(json!({
                "userName": "b@example.com",
                "active": true,
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "sales"},
            })),
        )
        .unwrap();
        assert!(plan.fields.is_empty());
        assert!(plan.tags_to_add.is_empty(), "{plan:?}");
        assert_eq!(plan.tags_to_remove, vec!["SCIM-INACTIVE", "Dept:Old"]);
        assert_eq!(plan.metafields_to_delete.len(), 1);
        assert!(plan.metafields_to_set.iter().all(|m| m.key == "resource"));
    }

    #[test]
    fn email_changes_and_clears_are_field_updates() {
        let config = MappingConfig::default();
        let current = customer(json!({
            "id": "gid://shopify/Customer/1",
            "email": "old@example.com",
            "firstName": "B",
            "phone": "+16135550142",
        }));
        let plan = update_plan(
            &config,
            &current,
            &user(json!({
                "userName": "NEW@example.com",
                "phoneNumbers": [{"value": "+1 (613) 555-0142", "primary": true}],
            })),
        )
        .unwrap();
        assert_eq!(plan.fields.email, Some(Some("NEW@example.com".into())));
        assert_eq!(plan.fields.first_name, Some(None));
        assert_eq!(plan.fields.phone, None);
        assert_eq!(
            serde_json::to_value(&plan.fields).unwrap(),
            json!({"email": "NEW@example.com", "firstName": null})
        );
    }

    #[test]
    fn a_user_name_in_another_case_than_the_kept_email_is_kept_as_written() {
        // Entra ID's validator: `Test_User_<guid>@testuser.com`; Shopify keeps the email
        // lowercased, so the blob holds the userName as written.
        let config = MappingConfig::default();
        let written = user(json!({"userName": "Test_User@Example.com"}));
        let input = create_input(&config, &written).unwrap();
        let blob = resource_blob(&config, &input);
        assert_eq!(blob["userName"], "Test_User@Example.com");
        // A lowercase address needs no copy.
        let input = create_input(&config, &user(json!({"userName": "b@example.com"}))).unwrap();
        assert!(
            input
                .metafields
                .iter()
                .flatten()
                .all(|m| !m.value.contains("userName"))
        );
    }

    #[test]
    fn a_user_with_only_a_user_name_gets_it_as_last_name() {
        // RFC 7643 §4.1: only userName is required; Shopify needs a name, phone or email.
        let config = MappingConfig::default();
        let input = create_input(&config, &user(json!({"userName": "bjensen"}))).unwrap();
        assert_eq!(input.last_name, Some(Some("bjensen".into())));
        let blob = resource_blob(&config, &input);
        assert_eq!(blob[LAST_NAME_IS_USER_NAME], true);
        // With a name, nothing stands in.
        let named = user(json!({"userName": "bjensen", "name": {"familyName": "Jensen"}}));
        let input = create_input(&config, &named).unwrap();
        assert_eq!(input.last_name, Some(Some("Jensen".into())));
        assert!(
            input
                .metafields
                .iter()
                .flatten()
                .all(|m| !m.value.contains(LAST_NAME_IS_USER_NAME))
        );
    }

    #[test]
    fn national_and_e164_phone_numbers_are_the_same() {
        assert!(same_phone("3369165758", "+13369165758"));
        assert!(same_phone("+1 (613) 555-0142", "+16135550142"));
        assert!(!same_phone("5550142", "+16135550143"));
        assert!(!same_phone("123", "+44123"));
    }

    #[test]
    fn numbers_shopify_refuses_stay_in_phone_numbers_only() {
        for ok in [
            "+1 (613) 555-0142",
            "3369165758",
            "16135550142",
            "+44 20 7946 0958",
        ] {
            assert!(is_dialable(ok), "{ok}");
        }
        for refused in [
            "0123456789",
            "1234567890",
            "555-0142",
            "ext. 4711",
            "+0123456789",
            "1+2",
        ] {
            assert!(!is_dialable(refused), "{refused}");
        }
        let config = MappingConfig::default();
        let written = user(json!({
            "userName": "b@example.com",
            "phoneNumbers": [{"value": "0123456789", "type": "work", "primary": true}]
        }));
        let input = create_input(&config, &written).unwrap();
        assert_eq!(input.phone, None);
        assert!(
            input
                .metafields
                .iter()
                .flatten()
                .any(|m| m.value.contains("0123456789"))
        );
    }

    #[test]
    fn a_locale_that_is_no_language_tag_stays_in_the_blob() {
        for tag in ["en", "en-US", "zh-Hant-TW", "es-419", "fil"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for other in [
            "e",
            "en_US",
            "f0b5c3b6-0f1e-4a8e-9d3c-1b2a3c4d5e6f",
            "en-US-x-y",
            "",
        ] {
            assert!(!is_language_tag(other), "{other}");
        }
        let config = MappingConfig::default();
        let input = create_input(
            &config,
            &user(json!({"userName": "b@example.com", "locale": "en_US"})),
        )
        .unwrap();
        assert_eq!(input.locale, None);
        let blob = resource_blob(&config, &input);
        assert_eq!(blob["locale"], "en_US");
    }

    #[test]
    fn absent_active_leaves_the_state_alone() {
        let config = MappingConfig::default();
        let current = customer(json!({
            "id": "gid://shopify/Customer/1",
            "email": "b@example.com",
            "tags": ["scim-inactive"],
        }));
        let plan = update_plan(
            &config,
            &current,
            &user(json!({"userName": "b@example.com"})),
        )
        .unwrap();
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn address_user_names_hold_the_email() {
        // Entra ID: the UPN as userName, the mailbox as the primary email.
        let input = create_input(
            &MappingConfig::default(),
            &user(json!({
                "userName": "bob@corp.onmicrosoft.com",
                "emails": [{"value": "bob@corp.com", "type": "work", "primary": true}],
            })),
        )
        .unwrap();
        assert_eq!(input.email, Some(Some("bob@corp.onmicrosoft.com".into())));
        let blob = parse_blob(&input.metafields.unwrap_or_default()[0].value);
        assert_eq!(blob["emails"][0]["value"], "bob@corp.com");
        assert!(!blob.contains_key("userName"));
    }

    #[test]
    fn mistyped_users_are_refused() {
        let err = create_input(&MappingConfig::default(), &user(json!({"userName": 7})));
        assert!(matches!(err, Err(MappingError::Resource(_))));
    }
}
