//! Customer → SCIM User: the User a customer holds ([`customer_to_user`]), and the same as a
//! store keeps it, its `meta` built from the customer ([`customer_to_stored`]).

use scim_core::resource::{Meta, Resource, Version, format_date_time};
use scim_core::store::Stored;
use scim_filter::USER_SCHEMA;
use serde_json::{Map, Value, json};

use super::attrs::{get_ci, remove_at, remove_ci, set_at, set_ci, value_at};
use super::blob::{LAST_NAME_IS_USER_NAME, NO_LOCALE, parse_blob};
use super::config::{CustomerField, MappingConfig, MetafieldSpec, Target};
use super::customer::Customer;
use super::error::MappingError;
use super::groups::is_group_tag;
use super::values::{same_email, same_phone};

/// A group a user belongs to, as a User's `groups` element names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    /// The group's SCIM `id`.
    pub id: String,
    /// Its display name.
    pub display: String,
}

/// The SCIM User for a customer: the JSON metafield (everything the client sent that no
/// other target holds), overlaid with the mapped fields and metafields; `id` the numeric
/// part of the gid; `meta.created` / `lastModified` from `createdAt` / `updatedAt`;
/// `meta.version` from `updatedAt`; `active` from the inactive tag (never from `state`);
/// `groups` from the group tags that `group_of` knows (tag → group).
///
/// The customer's email holds `userName` when that is an address, else the primary email;
/// a read gives it back to the same attribute (so an edit in the Shopify admin shows), and
/// names a customer without an email by its phone, else its numeric id.
///
/// ```
/// use scim_shopify::mapping::{Customer, GroupRef, MappingConfig, customer_to_user};
/// use serde_json::json;
///
/// let customer: Customer = serde_json::from_value(json!({
///     "id": "gid://shopify/Customer/9522206933298",
///     "email": "karine.ruby@example.com",
///     "firstName": "Karine", "lastName": "Ruby", "locale": "en",
///     "state": "DISABLED",
///     "tags": ["scim-group:Sales", "VIP"],
///     "createdAt": "2025-03-26T19:51:37Z", "updatedAt": "2026-05-06T02:40:36Z",
/// }))?;
/// let user = customer_to_user(&MappingConfig::default(), &customer, |tag| {
///     (tag == "scim-group:Sales").then(|| GroupRef { id: "g1".into(), display: "Sales".into() })
/// })?;
/// let user = user.into_json();
/// assert_eq!(user["id"], "9522206933298");
/// assert_eq!(user["userName"], "karine.ruby@example.com");
/// assert_eq!(user["name"], json!({"givenName": "Karine", "familyName": "Ruby"}));
/// assert_eq!(user["active"], true); // state DISABLED is not read
/// assert_eq!(user["groups"], json!([{"value": "g1", "display": "Sales", "type": "direct"}]));
/// // The version follows the version token the store writes (none here) and `updatedAt`.
/// assert!(user["meta"]["version"].as_str().unwrap().starts_with("W/\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn customer_to_user<F>(
    config: &MappingConfig,
    customer: &Customer,
    group_of: F,
) -> Result<Resource, MappingError>
where
    F: Fn(&str) -> Option<GroupRef>,
{
    let (id, mut map) = attributes(config, customer, group_of)?;
    map.insert("id".into(), json!(id));
    let mut user = Resource::from_map(map);
    if let Some(meta) = customer_meta(config, customer) {
        user.set_meta(&meta);
    }
    Ok(user)
}

/// The User for a customer as a store keeps it: [`customer_to_user`]'s attributes, with its
/// `meta` built from the customer's `createdAt` and `updatedAt` and its version token
/// beside them.
///
/// # Errors
///
/// [`MappingError::Resource`] for a customer that is no customer (a bad gid), or that was
/// read without `createdAt` or `updatedAt`.
///
/// ```
/// use scim_shopify::mapping::{Customer, MappingConfig, customer_to_stored};
/// use serde_json::json;
///
/// let customer: Customer = serde_json::from_value(json!({
///     "id": "gid://shopify/Customer/42",
///     "email": "bjensen@example.com",
///     "createdAt": "2025-03-26T19:51:37Z", "updatedAt": "2026-05-06T02:40:36Z",
/// }))?;
/// let stored = customer_to_stored(&MappingConfig::default(), &customer, |_| None)?;
/// assert_eq!(stored.id(), "42");
/// assert_eq!(stored.meta.last_modified.to_rfc3339(), "2026-05-06T02:40:36+00:00");
/// // The version moves with every write of the store (its version token) and every change
/// // Shopify records (`updatedAt`).
/// let mut later = customer.clone();
/// later.metafields.push(scim_shopify::mapping::Metafield::new(
///     "scim", "version", "single_line_text_field", "token-2",
/// ));
/// let later = customer_to_stored(&MappingConfig::default(), &later, |_| None)?;
/// assert_ne!(later.meta.version, stored.meta.version);
/// assert_eq!(stored.resource.get("userName"), Some(&json!("bjensen@example.com")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn customer_to_stored<F>(
    config: &MappingConfig,
    customer: &Customer,
    group_of: F,
) -> Result<Stored, MappingError>
where
    F: Fn(&str) -> Option<GroupRef>,
{
    let (id, map) = attributes(config, customer, group_of)?;
    let meta = customer_meta(config, customer).ok_or_else(|| {
        MappingError::Resource("the customer has no createdAt or updatedAt".into())
    })?;
    Ok(Stored::new(id, meta, Resource::from_map(map)))
}

/// The `meta` of the User a customer holds: `created` and `lastModified` its `createdAt`
/// and `updatedAt`, `version` from its version token and `updatedAt` (see
/// `user_version`); `None` without both.
pub(crate) fn customer_meta(config: &MappingConfig, customer: &Customer) -> Option<Meta> {
    let (created, updated) = (customer.created_at?, customer.updated_at?);
    let token = customer
        .metafield(&config.version.namespace, &config.version.key)
        .map_or("", |m| m.value.as_str());
    Some(Meta {
        resource_type: "User".into(),
        created,
        last_modified: updated,
        location: None,
        version: Some(user_version(token, &updated)),
    })
}

/// A User's version (RFC 7644 §3.14, the `ETag`): from the version token the store writes
/// anew with every change of the User ([`MappingConfig::version`]) and the customer's
/// `updatedAt` (which also moves when the merchant edits the customer in Shopify), as 16
/// hex digits of their FNV-1a hash. A customer written before the token existed has none:
/// its version follows `updatedAt` alone.
fn user_version(token: &str, updated: &chrono::DateTime<chrono::Utc>) -> Version {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let text = format!("{token}|{}", format_date_time(updated));
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Version::new(format!("{hash:016x}"))
}

/// The User's numeric `id` and its attributes but `id` and `meta`.
fn attributes<'c, F>(
    config: &MappingConfig,
    customer: &'c Customer,
    group_of: F,
) -> Result<(&'c str, Map<String, Value>), MappingError>
where
    F: Fn(&str) -> Option<GroupRef>,
{
    let id = customer
        .numeric_id()
        .ok_or_else(|| MappingError::Resource(format!("{:?} is not a customer id", customer.id)))?;
    let mut map = customer
        .metafield(&config.resource.namespace, &config.resource.key)
        .map(|m| parse_blob(&m.value))
        .unwrap_or_default();
    for key in ["id", "meta", "groups", "active", "externalId", "password"] {
        remove_ci(&mut map, key);
    }
    // The last name is the userName standing in for a name (see the write side).
    let last_name_is_user_name = map.remove(LAST_NAME_IS_USER_NAME).is_some();
    // The User has no locale, whatever the customer's (see the write side).
    let no_locale = map.remove(NO_LOCALE).is_some();
    if get_ci(&map, "schemas").is_none() {
        map.insert("schemas".into(), json!([USER_SCHEMA]));
    }

    let email = customer.email.as_deref().filter(|e| !e.is_empty());
    let phone = customer.phone.as_deref().filter(|p| !p.is_empty());
    // A stored `userName` that is the email in another case (Shopify lowercases emails):
    // the email held it all the same.
    let kept_user_name = get_ci(&map, "userName")
        .and_then(Value::as_str)
        .is_some_and(|u| u.contains('@') && email.is_some_and(|e| same_email(u, e)));
    if kept_user_name || get_ci(&map, "userName").is_none() {
        // The email held `userName` (or the user has neither): `emails` stay as stored.
        if !kept_user_name {
            let user_name = email.or(phone).unwrap_or(id);
            map.insert("userName".into(), json!(user_name));
        }
        if let (Some(email), None) = (email, get_ci(&map, "emails")) {
            map.insert("emails".into(), json!([{"value": email, "primary": true}]));
        }
    } else {
        // `userName` is not an address: the email held the primary email.
        overlay_primary(&mut map, "emails", email, same_email);
    }
    overlay_primary(&mut map, "phoneNumbers", phone, same_phone);

    for rule in &config.rules {
        let value = match rule.target() {
            Target::Field(CustomerField::LastName) if last_name_is_user_name => None,
            Target::Field(CustomerField::Locale) if no_locale => None,
            // A value the customer field could not hold was kept in the JSON metafield.
            Target::Field(_) if value_at(&map, rule.path()).is_some() => continue,
            Target::Field(field) => customer.field(*field).map(|v| json!(v)),
            Target::Metafield(spec) => metafield_json(customer, spec),
            Target::Tag(_) => continue,
        };
        match value {
            Some(value) => {
                set_at(&mut map, rule.path(), value);
                if let Some(urn) = rule.path().uri() {
                    list_extension(&mut map, urn);
                }
            }
            None => remove_at(&mut map, rule.path()),
        }
    }

    if let Some(external) = customer
        .metafield(&config.external_id.namespace, &config.external_id.key)
        .filter(|m| !m.value.is_empty())
    {
        map.insert("externalId".into(), json!(external.value));
    }
    map.insert(
        "active".into(),
        json!(!customer.has_tag(&config.inactive_tag)),
    );
    let groups: Vec<Value> = customer
        .tags
        .iter()
        .filter(|tag| is_group_tag(config, tag))
        .filter_map(|tag| group_of(tag))
        .map(|g| json!({"value": g.id, "display": g.display, "type": "direct"}))
        .collect();
    if !groups.is_empty() {
        map.insert("groups".into(), Value::Array(groups));
    }
    Ok((id, map))
}

/// The customer's email or phone as the primary value of `emails` / `phoneNumbers`: the
/// stored array with its primary (or first) value replaced when the customer's differs, or
/// a one-element array when none was stored.
fn overlay_primary(
    map: &mut Map<String, Value>,
    key: &str,
    value: Option<&str>,
    same: fn(&str, &str) -> bool,
) {
    let Some(value) = value else { return };
    let stored = get_ci(map, key).and_then(Value::as_array).cloned();
    let Some(mut items) = stored.filter(|items| !items.is_empty()) else {
        set_ci(map, key, json!([{"value": value, "primary": true}]));
        return;
    };
    let index = items
        .iter()
        .position(|i| i.get("primary") == Some(&json!(true)))
        .unwrap_or(0);
    if let Some(item) = items[index].as_object_mut() {
        let current = item.get("value").and_then(Value::as_str);
        if !current.is_some_and(|c| same(c, value)) {
            item.insert("value".into(), json!(value));
        }
    }
    set_ci(map, key, Value::Array(items));
}

/// Lists the extension `urn` in `schemas` (a rule gave it a value); the core schema's URN is
/// listed already.
fn list_extension(map: &mut Map<String, Value>, urn: &str) {
    if urn.eq_ignore_ascii_case(USER_SCHEMA) {
        return;
    }
    if let Some(Value::Array(schemas)) = map.get_mut("schemas")
        && !schemas
            .iter()
            .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)))
    {
        schemas.push(json!(urn));
    }
}

/// A metafield's value as JSON, by its type: JSON parsed, booleans and numbers as such,
/// everything else a string.
fn metafield_json(customer: &Customer, spec: &MetafieldSpec) -> Option<Value> {
    let field = customer.metafield(&spec.namespace, &spec.key)?;
    let text = field.value.as_str();
    Some(match field.kind.as_str() {
        "json" => serde_json::from_str(text).ok()?,
        "boolean" => json!(text.eq_ignore_ascii_case("true")),
        "number_integer" | "number_decimal" => serde_json::from_str::<serde_json::Number>(text)
            .map_or_else(|_| json!(text), Value::Number),
        _ => json!(text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::config::{Rule, TagTemplate};
    use crate::mapping::plan::CreatePlan;
    use crate::mapping::write::{create_plan, update_plan};

    fn customer(value: Value) -> Customer {
        serde_json::from_value(value).unwrap()
    }

    /// A customer as `customerCreate` would leave it for `input`.
    fn created(input: &CreatePlan) -> Customer {
        let mut value = serde_json::to_value(input).unwrap();
        value["id"] = json!("gid://shopify/Customer/7");
        value["createdAt"] = json!("2026-01-01T00:00:00Z");
        value["updatedAt"] = json!("2026-01-01T00:00:00Z");
        customer(value)
    }

    #[test]
    fn what_was_put_comes_back() {
        let mut config = MappingConfig::default();
        config.rules.push(Rule::tag(
            TagTemplate::parse(
                "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}",
            )
            .unwrap(),
        ));
        config.rules.push(
            Rule::new(
                "title",
                Target::Metafield(MetafieldSpec::new(
                    "scim",
                    "title",
                    "single_line_text_field",
                )),
            )
            .unwrap(),
        );
        let put = json!({
            "schemas": [USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "bjensen",
            "externalId": "00u1",
            "name": {"givenName": "Barbara", "familyName": "Jensen", "formatted": "Ms. Barbara J Jensen"},
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                       {"value": "babs@home.example", "type": "home"}],
            "title": "Tour Guide",
            "active": false,
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "department": "Tours", "manager": {"value": "26118915"}},
            "urn:example:custom:1.0": {"badge": 7},
        });
        let input = create_plan(&config, &Resource::from_json(put.clone()).unwrap()).unwrap();
        let stored = created(&input);
        let got = customer_to_user(&config, &stored, |_| None).unwrap();
        let mut got = got.into_json();
        let meta = got.as_object_mut().unwrap().remove("meta").unwrap();
        assert_eq!(meta["resourceType"], "User");
        let id = got.as_object_mut().unwrap().remove("id").unwrap();
        assert_eq!(id, "7");
        assert_eq!(got, put);

        let plan = update_plan(&config, &stored, &Resource::from_json(got).unwrap()).unwrap();
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn admin_edits_to_the_email_show_through() {
        let config = MappingConfig::default();
        let input = create_plan(
            &config,
            &Resource::from_json(json!({
                "userName": "b@example.com",
                "emails": [{"value": "b@example.com", "type": "work", "primary": true}],
            }))
            .unwrap(),
        )
        .unwrap();
        let mut stored = created(&input);
        stored.email = Some("new@example.com".into());
        let user = customer_to_user(&config, &stored, |_| None)
            .unwrap()
            .into_json();
        // The email held `userName`; `emails` are as the client wrote them.
        assert_eq!(user["userName"], "new@example.com");
        assert_eq!(user["emails"][0]["value"], "b@example.com");

        let input = create_plan(
            &config,
            &Resource::from_json(json!({
                "userName": "bjensen",
                "emails": [{"value": "b@example.com", "type": "work", "primary": true}],
            }))
            .unwrap(),
        )
        .unwrap();
        let mut stored = created(&input);
        stored.email = Some("new@example.com".into());
        let user = customer_to_user(&config, &stored, |_| None)
            .unwrap()
            .into_json();
        // The email held the primary email.
        assert_eq!(user["userName"], "bjensen");
        assert_eq!(
            user["emails"][0],
            json!({"value": "new@example.com", "type": "work", "primary": true})
        );
        let again = Resource::from_json(user).unwrap();
        // Writing it back only brings the stored copy up to date.
        let plan = update_plan(&config, &stored, &again).unwrap();
        assert!(plan.fields.is_empty() && plan.tags_to_add.is_empty());
        assert_eq!(plan.metafields_to_set.len(), 1);
        assert_eq!(plan.metafields_to_set[0].key, "resource");
    }

    #[test]
    fn the_stored_user_is_the_user_with_its_meta_kept_apart() {
        let config = MappingConfig::default();
        let input = create_plan(
            &config,
            &Resource::from_json(json!({
                "userName": "bjensen",
                "emails": [{"value": "b@example.com", "type": "work", "primary": true}],
                "title": "Tour Guide",
            }))
            .unwrap(),
        )
        .unwrap();
        let mut customer = created(&input);
        customer.tags.push("scim-group:Sales".into());
        let sales = |tag: &str| {
            (tag == "scim-group:Sales").then(|| GroupRef {
                id: "5".into(),
                display: "Sales".into(),
            })
        };
        let user = customer_to_user(&config, &customer, sales).unwrap();
        let stored = customer_to_stored(&config, &customer, sales).unwrap();
        assert_eq!(stored.id(), "7");
        assert_eq!(Some(stored.meta.clone()), user.meta());
        assert_eq!(stored.to_resource(None), user);
        customer.updated_at = None;
        assert!(customer_to_stored(&config, &customer, sales).is_err());
    }

    #[test]
    fn a_bad_gid_is_an_error() {
        let config = MappingConfig::default();
        let err = customer_to_user(
            &config,
            &customer(json!({"id": "gid://shopify/Order/1"})),
            |_| None,
        );
        assert!(err.is_err());
    }
}
