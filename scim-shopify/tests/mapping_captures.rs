//! Real customers, recorded from Shopify development stores (the emulator's captures), read
//! into the mapping's model and through customer → User → write plan, which must be empty.

use scim_shopify::mapping::{
    Customer, GroupRef, MappingConfig, customer_to_user, numeric_id, update_plan, user_name_key,
};
use scim_shopify_emulator::captures;
use serde_json::Value;

/// Every JSON object that is a customer: an `id` that is a customer gid and some customer
/// field beside it.
fn customers_in<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Object(map) => {
            let is_customer = map
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| numeric_id(id).is_some())
                && [
                    "email",
                    "defaultEmailAddress",
                    "firstName",
                    "lastName",
                    "tags",
                ]
                .iter()
                .any(|k| map.contains_key(*k));
            if is_customer {
                out.push(value);
            }
            map.values().for_each(|v| customers_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| customers_in(v, out)),
        _ => {}
    }
}

/// Every customer object of the recorded `customers` exchanges, with its file's path.
fn captured_customers() -> Vec<(&'static str, Value)> {
    let mut customers = Vec::new();
    for file in captures::all()
        .iter()
        .filter(|capture| capture.area() == Some("customers"))
    {
        let json: Value = serde_json::from_str(file.text()).unwrap();
        let mut found = Vec::new();
        customers_in(&json, &mut found);
        customers.extend(found.into_iter().map(|c| (file.path(), c.clone())));
    }
    customers
}

#[test]
fn captured_customers_read_and_round_trip_to_no_op_plans() {
    let customers = captured_customers();
    assert!(
        customers.len() >= 50,
        "expected many captured customers, found {}",
        customers.len()
    );
    let config = MappingConfig::default();
    let mut with_tags = 0;
    for (file, json) in &customers {
        let customer: Customer = serde_json::from_value(json.clone())
            .unwrap_or_else(|e| panic!("{}: {e}\n{json:#}", file));
        with_tags += usize::from(!customer.tags.is_empty());
        let user = customer_to_user(&config, &customer, |tag| {
            Some(GroupRef {
                id: tag.to_owned(),
                display: tag.to_owned(),
            })
        })
        .unwrap_or_else(|e| panic!("{}: {e}", file));
        let json_user = user.as_map();
        assert_eq!(json_user["id"], customer.numeric_id().unwrap());
        assert_eq!(
            json_user["active"], true,
            "no captured customer carries scim-inactive"
        );
        if let Some(email) = &customer.email {
            assert_eq!(json_user["userName"], email.as_str());
        }
        let mut plan =
            update_plan(&config, &customer, &user).unwrap_or_else(|e| panic!("{}: {e}", file));
        // None of them was provisioned by SCIM, so none holds the unique userName key; the
        // first write adds it (RFC 7643 §4.1.1), and that is all it writes.
        let key = user_name_key(json_user["userName"].as_str().unwrap());
        let index = plan
            .metafields_to_set
            .iter()
            .position(|m| m.key == config.user_name.key)
            .unwrap_or_else(|| panic!("{}: customer {} gets no userName key", file, customer.id));
        assert_eq!(plan.metafields_to_set.remove(index).value, key);
        assert!(
            plan.is_empty(),
            "{}: customer {} gives {plan:#?}",
            file,
            customer.id
        );
    }
    assert!(with_tags > 0, "some captured customers carry tags");
}

#[test]
fn a_captured_customer_detail_reads_as_a_user() {
    let text =
        captures::text("harry-test-heelo.myshopify.com/2025-01/customers/customer-detail.json");
    let json: Value = serde_json::from_str(text).unwrap();
    let customer: Customer = serde_json::from_value(json["data"]["customer"].clone()).unwrap();
    assert_eq!(customer.email.as_deref(), Some("karine.ruby@example.com"));
    assert_eq!(customer.phone.as_deref(), Some("+16135550142"));
    let user = customer_to_user(&MappingConfig::default(), &customer, |_| None).unwrap();
    let user = user.into_json();
    assert_eq!(user["id"], "9522206933298");
    assert_eq!(user["name"]["givenName"], "Karine");
    assert_eq!(user["phoneNumbers"][0]["value"], "+16135550142");
    assert_eq!(user["locale"], "en");
    assert_eq!(user["meta"]["created"], "2025-03-26T19:51:37Z");
    assert_eq!(user["meta"]["lastModified"], "2026-05-06T02:40:36Z");
    assert_eq!(user["active"], true); // its state is DISABLED, which is never read
}
