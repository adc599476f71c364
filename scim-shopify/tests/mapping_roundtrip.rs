//! Users written to a customer and read back are what was written, and writing the read
//! User again changes nothing; one change makes a plan that touches only that change.

use proptest::prelude::*;
use scim_core::resource::Resource;
use scim_shopify::mapping::{
    CreatePlan, Customer, MappingConfig, MetafieldSpec, Rule, TagTemplate, Target, create_plan,
    customer_to_user, sanitize_tag, update_plan,
};
use serde_json::{Map, Value, json};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

fn config() -> MappingConfig {
    let mut config = MappingConfig::default();
    config.rules.push(Rule::tag(
        TagTemplate::parse(&format!("dept:{{{ENTERPRISE}:department}}")).unwrap(),
    ));
    config.rules.push(
        Rule::new(
            &format!("{ENTERPRISE}:employeeNumber"),
            Target::Metafield(MetafieldSpec::new(
                "scim",
                "employee_number",
                "single_line_text_field",
            )),
        )
        .unwrap(),
    );
    config.creation_tags.push("provisioned".into());
    config.check().unwrap();
    config
}

/// The customer Shopify would hold after `customerCreate` with `input` (no normalisation:
/// the values generated need none).
fn created(input: &CreatePlan) -> Customer {
    let mut value = serde_json::to_value(input).unwrap();
    value["id"] = json!("gid://shopify/Customer/1001");
    value["createdAt"] = json!("2026-01-02T03:04:05Z");
    value["updatedAt"] = json!("2026-01-02T03:04:05Z");
    serde_json::from_value(value).unwrap()
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z '\\-é]{0,10}[a-z]"
}

prop_compose! {
    fn user()(
        local in "[a-z]{1,8}",
        user_name_is_email in any::<bool>(),
        typed_email in any::<bool>(),
        given in proptest::option::of(text()),
        family in proptest::option::of(text()),
        middle in proptest::option::of(text()),
        title in proptest::option::of(text()),
        phone in proptest::option::of("\\+1613555[0-9]{4}"),
        external_id in proptest::option::of("[a-zA-Z0-9]{1,12}"),
        department in proptest::option::of(text()),
        employee_number in proptest::option::of("[0-9]{1,6}"),
        active in proptest::option::of(any::<bool>()),
        badge in proptest::option::of(0u32..1000),
    ) -> Value {
        let email = format!("{local}@example.com");
        let mut user = Map::new();
        let mut schemas = vec![json!(CORE)];
        user.insert("userName".into(), json!(if user_name_is_email { email.clone() } else { local.clone() }));
        if typed_email || !user_name_is_email {
            user.insert("emails".into(), json!([{"value": email, "type": "work", "primary": true}]));
        }
        let mut name = Map::new();
        if let Some(g) = given { name.insert("givenName".into(), json!(g)); }
        if let Some(f) = family { name.insert("familyName".into(), json!(f)); }
        if let Some(m) = middle { name.insert("middleName".into(), json!(m)); }
        if !name.is_empty() { user.insert("name".into(), Value::Object(name)); }
        if let Some(t) = title { user.insert("title".into(), json!(t)); }
        if let Some(p) = phone { user.insert("phoneNumbers".into(), json!([{"value": p, "type": "mobile"}])); }
        if let Some(e) = external_id { user.insert("externalId".into(), json!(e)); }
        if let Some(a) = active { user.insert("active".into(), json!(a)); }
        let mut enterprise = Map::new();
        if let Some(d) = department { enterprise.insert("department".into(), json!(d)); }
        if let Some(n) = employee_number { enterprise.insert("employeeNumber".into(), json!(n)); }
        if !enterprise.is_empty() {
            schemas.push(json!(ENTERPRISE));
            user.insert(ENTERPRISE.into(), Value::Object(enterprise));
        }
        if let Some(b) = badge {
            schemas.push(json!("urn:example:custom:1.0"));
            user.insert("urn:example:custom:1.0".into(), json!({"badge": b}));
        }
        user.insert("schemas".into(), Value::Array(schemas));
        Value::Object(user)
    }
}

proptest! {
    #[test]
    fn users_round_trip_through_a_customer(put in user()) {
        let config = config();
        let input = create_plan(&config, &Resource::from_json(put.clone()).unwrap()).unwrap();
        prop_assert!(input.tags.iter().any(|t| t == "provisioned"));
        let customer = created(&input);

        let read = customer_to_user(&config, &customer, |_| None).unwrap();
        let mut got = read.clone().into_json();
        let got_map = got.as_object_mut().unwrap();
        prop_assert_eq!(got_map.remove("id"), Some(json!("1001")));
        prop_assert!(got_map.remove("meta").is_some());
        let mut expected = put.clone();
        // Absent `active` means active on create; a read always lists the customer's email.
        let email = input.fields.email.clone().flatten().unwrap();
        let object = expected.as_object_mut().unwrap();
        object.entry("active").or_insert(json!(true));
        object.entry("emails").or_insert(json!([{"value": email, "primary": true}]));
        prop_assert_eq!(&got, &expected);

        let plan = update_plan(&config, &customer, &read).unwrap();
        prop_assert!(plan.is_empty(), "{:?}", plan);
        let plan = update_plan(&config, &customer, &Resource::from_json(put).unwrap()).unwrap();
        prop_assert!(plan.is_empty(), "{:?}", plan);
    }

    #[test]
    fn one_change_makes_one_step(put in user(), department in text(), deactivate in any::<bool>()) {
        let config = config();
        let customer = created(&create_plan(&config, &Resource::from_json(put.clone()).unwrap()).unwrap());
        let mut merchant = customer.clone();
        merchant.tags.push("Merchant-VIP".into());

        let mut changed = put.clone();
        if deactivate {
            changed["active"] = json!(false);
        } else {
            changed[ENTERPRISE] = json!({"department": department});
            changed["schemas"] = json!([CORE, ENTERPRISE]);
        }
        let plan = update_plan(&config, &merchant, &Resource::from_json(changed).unwrap()).unwrap();
        prop_assert!(plan.fields.is_empty());
        prop_assert!(!plan.tags_to_remove.iter().any(|t| t == "Merchant-VIP" || t == "provisioned"));
        if deactivate {
            let was_inactive = put.get("active") == Some(&json!(false));
            prop_assert_eq!(plan.tags_to_add.is_empty(), was_inactive);
            prop_assert!(plan.tags_to_remove.is_empty());
        } else {
            let tag = sanitize_tag(&format!("dept:{department}"));
            let had = customer.tags.iter().any(|t| t.eq_ignore_ascii_case(&tag));
            prop_assert_eq!(plan.tags_to_add.clone(), if had { vec![] } else { vec![tag.clone()] });
            prop_assert!(plan.tags_to_remove.iter().all(|t| t.starts_with("dept:") && !t.eq_ignore_ascii_case(&tag)));
        }
    }
}
