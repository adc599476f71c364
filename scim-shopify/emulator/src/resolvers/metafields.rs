//! Metafields and their definitions: the fields of an owner's metafields (`HasMetafields`:
//! `metafield` and `metafields`, on a `Customer` and on the `Shop`), the mutations
//! `metafieldsSet` (with its compare-and-set, `compareDigest`; see `state/compare_digest.rs`
//! and `state/metafield_writes.rs`) and `metafieldsDelete` on customers and on the shop,
//! `metafieldDefinitionCreate`, and the root field `metafieldDefinitions`. Customers and the
//! shop are the only owners of metafields the emulator implements, and customers the only
//! owner type of its definitions.

use apollo_compiler::executable::Field;
use serde_json::Value;

use crate::graphql::arguments::{Variables, argument};
use crate::graphql::paging::{IdOrder, page};
use crate::graphql::resolved::{Object, Resolved, user_errors};
use crate::graphql::unsupported::unsupported;
use crate::input::{parse_metafield_definition, parse_metafield_identifiers, parse_metafields_set};
use crate::state::metafield::Metafield;
use crate::state::metafield_definitions::MetafieldDefinition;
use crate::state::shop::Shop;

/// A metafield query field, or `None` when `field` is not one.
pub(crate) fn query(
    shop: &Shop,
    field: &Field,
    variables: &Variables,
) -> Option<Result<Resolved, String>> {
    match field.name.as_str() {
        "metafieldDefinitions" => Some(definitions(shop, field, variables)),
        _ => None,
    }
}

/// A metafield mutation field, or `None` when `field` is not one.
pub(crate) fn mutation(
    shop: &mut Shop,
    field: &Field,
    variables: &Variables,
) -> Option<Result<Resolved, String>> {
    Some(match field.name.as_str() {
        "metafieldsSet" => set(shop, field, variables),
        "metafieldsDelete" => delete(shop, field, variables),
        "metafieldDefinitionCreate" => create_definition(shop, field, variables),
        _ => return None,
    })
}

/// Refuses metafield definitions of other owners than customers.
fn customer_owner(owner: Option<Value>, what: &str) -> Result<(), String> {
    match owner.as_ref().and_then(Value::as_str) {
        Some("CUSTOMER") => Ok(()),
        other => Err(unsupported(&format!(
            "{what} for the owner type {} (only CUSTOMER)",
            other.unwrap_or("null")
        ))),
    }
}

/// A `MetafieldDefinition` (the fields the store and the captures read).
fn definition_object(d: MetafieldDefinition) -> Object {
    let json = |v: Value| Resolved::Json(v);
    Object::Payload(
        "MetafieldDefinition",
        vec![
            ("id", json(d.gid().into())),
            ("namespace", json(d.namespace.into())),
            ("key", json(d.key.into())),
            ("name", json(d.name.into())),
            ("ownerType", json("CUSTOMER".into())),
            (
                "type",
                Object::Payload(
                    "MetafieldDefinitionType",
                    vec![("name", json(d.kind.into()))],
                )
                .into(),
            ),
            (
                "capabilities",
                Object::Payload(
                    "MetafieldCapabilities",
                    vec![(
                        "uniqueValues",
                        Object::Payload(
                            "MetafieldCapabilityUniqueValues",
                            vec![
                                ("enabled", json(d.unique.into())),
                                ("eligible", json(true.into())),
                            ],
                        )
                        .into(),
                    )],
                )
                .into(),
            ),
        ],
    )
}

/// `metafieldDefinitions` of customers, by namespace and key, paged.
fn definitions(shop: &Shop, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    customer_owner(
        argument(field, "ownerType", variables),
        "metafieldDefinitions",
    )?;
    let text =
        |name: &str| argument(field, name, variables).and_then(|v| v.as_str().map(str::to_owned));
    let (namespace, key) = (text("namespace"), text("key"));
    let found = shop
        .metafield_definitions
        .matching(namespace.as_deref(), key.as_deref());
    let page = page(found, field, variables, IdOrder::Ascending, |d| d.id)?;
    Ok(page.connection(definition_object))
}

/// The `HasMetafields` field `field` of an owner holding `metafields`:
/// `metafield(namespace:, key:)` (the metafield or null) and `metafields(namespace:)` (paged);
/// `None` when `field` is neither.
pub(crate) fn owner_field(
    metafields: &[Metafield],
    field: &Field,
    variables: &Variables,
) -> Option<Result<Resolved, String>> {
    let namespace = || argument(field, "namespace", variables);
    Some(match field.name.as_str() {
        "metafield" => {
            let (namespace, key) = (namespace(), argument(field, "key", variables));
            let found = metafields.iter().find(|m| {
                namespace.as_ref().is_none_or(|n| n == m.namespace.as_str())
                    && key.as_ref().is_some_and(|k| k == m.key.as_str())
            });
            Ok(match found {
                Some(m) => Resolved::Object(Object::Metafield(m.clone())),
                None => Resolved::Json(Value::Null),
            })
        }
        "metafields" => {
            let namespace = namespace();
            let items: Vec<Metafield> = metafields
                .iter()
                .filter(|m| namespace.as_ref().is_none_or(|n| n == m.namespace.as_str()))
                .cloned()
                .collect();
            page(items, field, variables, IdOrder::Other, |m| m.id)
                .map(|page| page.connection(Object::Metafield))
        }
        _ => return None,
    })
}

/// `metafieldsSet` on customers and the shop, with its compare-and-set (`compareDigest`).
fn set(shop: &mut Shop, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    let inputs = argument(field, "metafields", variables).unwrap_or_default();
    let entries = parse_metafields_set(&inputs)?;
    let (set, errors) = shop.set_metafields(&entries);
    Ok(Resolved::Object(Object::Payload(
        "MetafieldsSetPayload",
        vec![
            (
                "metafields",
                Resolved::List(
                    set.into_iter()
                        .map(|m| Resolved::Object(Object::Metafield(m)))
                        .collect(),
                ),
            ),
            ("userErrors", user_errors(errors)),
        ],
    )))
}

/// `metafieldsDelete` on customers and the shop: per identifier, the deleted one or null.
fn delete(shop: &mut Shop, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    let inputs = argument(field, "metafields", variables).unwrap_or_default();
    let entries = parse_metafield_identifiers(&inputs)?;
    let deleted = shop
        .delete_metafields(&entries)
        .into_iter()
        .map(|entry| match entry {
            Some((owner, namespace, key)) => Resolved::Object(Object::Payload(
                "MetafieldIdentifier",
                vec![
                    ("ownerId", Resolved::Json(owner.into())),
                    ("namespace", Resolved::Json(namespace.into())),
                    ("key", Resolved::Json(key.into())),
                ],
            )),
            None => Resolved::Json(Value::Null),
        })
        .collect();
    Ok(Resolved::Object(Object::Payload(
        "MetafieldsDeletePayload",
        vec![
            ("deletedMetafields", Resolved::List(deleted)),
            ("userErrors", user_errors(Vec::new())),
        ],
    )))
}

/// `metafieldDefinitionCreate` of a customer definition.
fn create_definition(
    shop: &mut Shop,
    field: &Field,
    variables: &Variables,
) -> Result<Resolved, String> {
    let input = argument(field, "definition", variables).unwrap_or_default();
    customer_owner(input.get("ownerType").cloned(), "metafieldDefinitionCreate")?;
    let input = parse_metafield_definition(&input);
    let (created, errors) = match shop.metafield_definitions.create(input) {
        Ok(definition) => (definition_object(definition).into(), Vec::new()),
        Err(errors) => (Resolved::Json(Value::Null), errors),
    };
    Ok(Resolved::Object(Object::Payload(
        "MetafieldDefinitionCreatePayload",
        vec![
            ("createdDefinition", created),
            ("userErrors", user_errors(errors)),
        ],
    )))
}
