//! Between the client's wire types (`client::operations`) and the mapping's types
//! (`mapping`): what the client read as the mapping's model, and the mapping's plans and
//! searches as the client's inputs.

use scim_core::resource::parse_date_time;

use crate::client::operations::{
    CustomerInput, MemberNode, MetafieldIdentifier, MetafieldInput, Metaobject,
    MetaobjectFieldInput, ScimCustomer,
};
use crate::mapping::{
    CreatePlan, Customer, FieldChanges, GroupEntry, Member, Metafield, SearchExpr,
};

/// The mapping's view of a customer the client read.
pub(crate) fn customer(wire: ScimCustomer) -> Customer {
    let email = wire.email().map(str::to_owned);
    let phone = wire.phone().map(str::to_owned);
    Customer {
        id: wire.id,
        email,
        first_name: wire.first_name,
        last_name: wire.last_name,
        phone,
        locale: Some(wire.locale),
        note: None,
        tags: wire.tags,
        created_at: parse_date_time(&wire.created_at),
        updated_at: parse_date_time(&wire.updated_at),
        metafields: wire
            .metafields
            .nodes
            .into_iter()
            .map(|m| Metafield {
                compare_digest: m.compare_digest,
                ..Metafield::new(m.namespace, m.key, m.r#type, m.value)
            })
            .collect(),
    }
}

/// The `metafieldsDelete` entry for the metafield `namespace.key` of `owner`.
pub(crate) fn metafield_identifier(
    owner: &str,
    namespace: impl Into<String>,
    key: impl Into<String>,
) -> MetafieldIdentifier {
    MetafieldIdentifier {
        owner_id: owner.to_owned(),
        namespace: namespace.into(),
        key: key.into(),
    }
}

/// The mapping's view of a group's metaobject the client read.
pub(crate) fn group_entry(wire: &Metaobject) -> GroupEntry {
    GroupEntry {
        gid: wire.id.clone(),
        fields: wire
            .fields
            .iter()
            .map(|f| (f.key.clone(), f.value.clone()))
            .collect(),
        created_at: wire.created_at.clone(),
        updated_at: wire.updated_at.clone(),
    }
}

/// A customer as a group member; `None` for a node that is no customer.
pub(crate) fn member(node: &MemberNode) -> Option<Member> {
    Member::of_customer(&node.id, &node.display_name)
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

/// The `customerCreate` input of a create plan: its fields, and its tags and metafields
/// when it has any.
pub(crate) fn create_input(plan: CreatePlan) -> CustomerInput {
    let CreatePlan {
        fields,
        tags,
        metafields,
    } = plan;
    let metafields: Vec<MetafieldInput> = metafields.into_iter().map(metafield_input).collect();
    CustomerInput {
        tags: (!tags.is_empty()).then_some(tags),
        metafields: (!metafields.is_empty()).then_some(metafields),
        ..field_input(fields)
    }
}

/// The `customerUpdate` input for the plan's field changes and metafields to set (`None`
/// when there is neither). The write sets the input's `id`.
pub(crate) fn update_input(
    fields: FieldChanges,
    metafields: Vec<Metafield>,
) -> Option<CustomerInput> {
    if fields.is_empty() && metafields.is_empty() {
        return None;
    }
    let metafields = metafields
        .into_iter()
        .map(metafield_input)
        .collect::<Vec<_>>();
    Some(CustomerInput {
        metafields: (!metafields.is_empty()).then_some(metafields),
        ..field_input(fields)
    })
}

/// `input` with `metafields` set as well (inline in its `customerUpdate`).
pub(crate) fn with_metafields(
    mut input: CustomerInput,
    metafields: Vec<Metafield>,
) -> CustomerInput {
    let more = metafields.into_iter().map(metafield_input);
    input.metafields = Some(
        input
            .metafields
            .unwrap_or_default()
            .into_iter()
            .chain(more)
            .collect(),
    );
    input
}

/// A `customerUpdate` input that changes nothing (its `id` is set when sent): a write that
/// selects the customer after the parts before it.
pub(crate) fn empty_update() -> CustomerInput {
    field_input(FieldChanges::default())
}

/// A `CustomerInput` setting the fields that change, and nothing else.
fn field_input(fields: FieldChanges) -> CustomerInput {
    let FieldChanges {
        email,
        first_name,
        last_name,
        phone,
        locale,
        note,
    } = fields;
    CustomerInput {
        id: None,
        email,
        first_name,
        last_name,
        phone,
        locale,
        note,
        tags: None,
        metafields: None,
    }
}

/// `metaobjectCreate` / `metaobjectUpdate` field inputs for `(key, value)` pairs.
pub(crate) fn metaobject_fields(fields: Vec<(&str, String)>) -> Vec<MetaobjectFieldInput> {
    fields
        .into_iter()
        .map(|(key, value)| MetaobjectFieldInput {
            key: key.to_owned(),
            value,
        })
        .collect()
}

/// A search as `customers(query:)` takes it: printed in Shopify's search syntax, every
/// value quoted, as the request is made.
pub(crate) fn search_query(search: &SearchExpr) -> String {
    search.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_changes_and_metafields_go_in_one_update_input() {
        let fields = FieldChanges {
            first_name: Some(None),
            ..Default::default()
        };
        let input = update_input(
            fields,
            vec![Metafield::new("scim", "active", "boolean", "false")],
        );
        assert_eq!(
            serde_json::to_value(&input).unwrap(),
            serde_json::json!({"firstName": null, "metafields": [
                {"namespace": "scim", "key": "active", "type": "boolean", "value": "false"}
            ]})
        );
        assert_eq!(update_input(FieldChanges::default(), Vec::new()), None);
    }

    #[test]
    fn a_create_plan_is_sent_as_the_input_it_reads_as() {
        let config = crate::mapping::MappingConfig::default();
        let user = scim_core::resource::Resource::from_json(serde_json::json!({
            "userName": "bjensen@example.com",
            "externalId": "00u1",
            "name": {"givenName": "Barbara", "middleName": "Jane"},
            "active": false,
        }))
        .unwrap();
        let plan = crate::mapping::create_plan(&config, &user).unwrap();
        assert_eq!(
            serde_json::to_value(create_input(plan.clone())).unwrap(),
            serde_json::to_value(&plan).unwrap()
        );
        assert_eq!(
            serde_json::to_value(create_input(CreatePlan::default())).unwrap(),
            serde_json::json!({})
        );
    }
}
