//! SCIM User → customer: the [`CreatePlan`] of a new customer ([`create_plan`]), and the
//! smallest change set to one ([`update_plan`]).

use scim_core::resource::Resource;

use super::config::{CustomerField, MappingConfig, MetafieldSpec, Target};
use super::customer::{Customer, Metafield, MetafieldKey};
use super::desired::desired;
use super::error::MappingError;
use super::plan::{CreatePlan, FieldChanges, UpdatePlan};
use super::tags::tag_eq;
use super::values::{same_email, same_phone};

fn inactive_metafield(config: &MappingConfig) -> Metafield {
    let spec = &config.inactive_metafield;
    Metafield::new(&spec.namespace, &spec.key, &spec.kind, "false")
}

/// The new customer for a User (validated beforehand, as
/// [`scim_core::resource::validate`] does): fields, metafields, and the creation tags,
/// template tags and, for `active: false`, the inactive tag, all in one `customerCreate`. A
/// User without `active` is created active.
///
/// ```
/// use scim_core::resource::Resource;
/// use scim_shopify::mapping::{MappingConfig, create_plan};
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
/// let plan = create_plan(&MappingConfig::default(), &user)?;
/// let json = serde_json::to_value(&plan)?;
/// assert_eq!(json["email"], "bjensen@example.com");
/// assert_eq!(json["firstName"], "Barbara");
/// assert_eq!(json["tags"], json!(["scim-inactive"]));
/// let resource = plan.metafields.iter().find(|m| m.key == "resource").unwrap();
/// assert_eq!(
///     serde_json::from_str::<serde_json::Value>(&resource.value)?,
///     // `$noLocale`: the user has no locale, whatever Shopify gives the customer.
///     json!({"name": {"middleName": "Jane"}, "title": "Tour Guide", "$noLocale": true}),
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn create_plan(config: &MappingConfig, user: &Resource) -> Result<CreatePlan, MappingError> {
    let desired = desired(config, user, None)?;
    let mut fields = FieldChanges::default();
    for (field, value) in desired.fields {
        fields.set_new(field, value);
    }
    let mut metafields: Vec<Metafield> = desired
        .metafields
        .into_iter()
        .filter_map(|(spec, value)| {
            value.map(|value| Metafield::new(spec.namespace, spec.key, spec.kind, value))
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
        metafields.push(inactive_metafield(config));
    }
    Ok(CreatePlan {
        fields,
        tags,
        metafields,
    })
}

/// The smallest change set that makes `current` hold the User `user` (after a PUT, or a
/// PATCH applied to the User read from `current`). A User without `active` leaves the
/// customer's active state as it is.
pub fn update_plan(
    config: &MappingConfig,
    current: &Customer,
    user: &Resource,
) -> Result<UpdatePlan, MappingError> {
    let desired = desired(config, user, Some(current))?;
    let mut plan = UpdatePlan::default();

    for (field, value) in desired.fields {
        let now = current.field(field);
        let same = match (field, now, value.as_deref()) {
            (_, None, None) => true,
            (CustomerField::Email, Some(a), Some(b)) => same_email(a, b),
            (CustomerField::Phone, Some(a), Some(b)) => same_phone(a, b),
            (_, Some(a), Some(b)) => a == b,
            _ => false,
        };
        if !same {
            plan.fields.change(field, value);
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
    plan: &mut UpdatePlan,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::blob::{LAST_NAME_IS_USER_NAME, parse_blob};
    use crate::mapping::config::{Rule, TagTemplate};
    use crate::mapping::values::{is_dialable, is_language_tag};
    use serde_json::{Map, Value, json};

    const DEPT: &str =
        "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}";

    fn user(value: Value) -> Resource {
        Resource::from_json(value).unwrap()
    }

    fn customer(value: Value) -> Customer {
        serde_json::from_value(value).unwrap()
    }

    /// The JSON metafield a create plan sets (`config.resource`), parsed.
    fn resource_blob(config: &MappingConfig, input: &CreatePlan) -> Map<String, Value> {
        input
            .metafields
            .iter()
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
        let input = create_plan(
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
        assert_eq!(input.fields.email, Some(Some("b@example.com".into())));
        assert_eq!(input.fields.phone, Some(Some("+1 613 555 0142".into())));
        assert_eq!(input.fields.locale.as_deref(), Some("fr-CA"));
        assert_eq!(input.tags, vec!["from-scim", "dept:Sales"]);
        let metafields = input.metafields;
        let external = metafields.iter().find(|m| m.key == "external_id").unwrap();
        assert_eq!(
            (external.kind.as_str(), external.value.as_str()),
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
            "metafields": [{"namespace": "scim", "key": "active", "type": "boolean", "value": "false"},
                           {"namespace": "scim", "key": "user_name", "type": "id", "value": "b@example.com"}],
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
        let input = create_plan(&config, &written).unwrap();
        let blob = resource_blob(&config, &input);
        assert_eq!(blob["userName"], "Test_User@Example.com");
        // A lowercase address needs no copy.
        let input = create_plan(&config, &user(json!({"userName": "b@example.com"}))).unwrap();
        assert!(
            input
                .metafields
                .iter()
                .all(|m| !m.value.contains("userName"))
        );
    }

    #[test]
    fn a_user_with_only_a_user_name_gets_it_as_last_name() {
        // RFC 7643 §4.1: only userName is required; Shopify needs a name, phone or email.
        let config = MappingConfig::default();
        let input = create_plan(&config, &user(json!({"userName": "bjensen"}))).unwrap();
        assert_eq!(input.fields.last_name, Some(Some("bjensen".into())));
        let blob = resource_blob(&config, &input);
        assert_eq!(blob[LAST_NAME_IS_USER_NAME], true);
        // With a name, nothing stands in.
        let named = user(json!({"userName": "bjensen", "name": {"familyName": "Jensen"}}));
        let input = create_plan(&config, &named).unwrap();
        assert_eq!(input.fields.last_name, Some(Some("Jensen".into())));
        assert!(
            input
                .metafields
                .iter()
                .all(|m| !m.value.contains(LAST_NAME_IS_USER_NAME))
        );
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
        let input = create_plan(&config, &written).unwrap();
        assert_eq!(input.fields.phone, None);
        assert!(
            input
                .metafields
                .iter()
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
        let input = create_plan(
            &config,
            &user(json!({"userName": "b@example.com", "locale": "en_US"})),
        )
        .unwrap();
        assert_eq!(input.fields.locale, None);
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
            "metafields": [{"namespace": "scim", "key": "user_name", "type": "id", "value": "b@example.com"}],
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
        let input = create_plan(
            &MappingConfig::default(),
            &user(json!({
                "userName": "bob@corp.onmicrosoft.com",
                "emails": [{"value": "bob@corp.com", "type": "work", "primary": true}],
            })),
        )
        .unwrap();
        assert_eq!(
            input.fields.email,
            Some(Some("bob@corp.onmicrosoft.com".into()))
        );
        let resource = input
            .metafields
            .iter()
            .find(|m| m.key == "resource")
            .unwrap();
        let blob = parse_blob(&resource.value);
        assert_eq!(blob["emails"][0]["value"], "bob@corp.com");
        assert!(!blob.contains_key("userName"));
    }

    /// RFC 7643 §4.1.1: the unique `userName` metafield holds the name lowercased, on
    /// create and whenever a write finds it missing (a customer provisioned before it
    /// existed) or different (a rename).
    #[test]
    fn the_user_name_metafield_holds_the_name_lowercased_and_follows_it() {
        let config = MappingConfig::default();
        let created = create_plan(&config, &user(json!({"userName": "BJensen"}))).unwrap();
        let key = created
            .metafields
            .iter()
            .find(|m| m.key == "user_name")
            .unwrap();
        assert_eq!((key.kind.as_str(), key.value.as_str()), ("id", "bjensen"));
        let older = customer(json!({"id": "gid://shopify/Customer/1", "lastName": "BJensen"}));
        let plan = update_plan(&config, &older, &user(json!({"userName": "BJensen"}))).unwrap();
        assert!(
            plan.metafields_to_set
                .iter()
                .any(|m| m.key == "user_name" && m.value == "bjensen")
        );
        let renamed = update_plan(&config, &older, &user(json!({"userName": "Babs"}))).unwrap();
        assert!(
            renamed
                .metafields_to_set
                .iter()
                .any(|m| m.key == "user_name" && m.value == "babs")
        );
    }

    #[test]
    fn mistyped_users_are_refused() {
        let err = create_plan(&MappingConfig::default(), &user(json!({"userName": 7})));
        assert!(matches!(err, Err(MappingError::Resource(_))));
    }
}
