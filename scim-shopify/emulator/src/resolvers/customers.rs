//! The customer fields: the root fields `customer`, `customerByIdentifier`, `customers`
//! (searched, sorted and paged) and `customersCount`; the mutations `customerCreate`,
//! `customerUpdate`, `customerDelete`, `customerRequestDataErasure`, `tagsAdd` and
//! `tagsRemove` (on customers only); and the fields of a `Customer`.

use apollo_compiler::executable::Field;
use serde_json::{Value, json};

use crate::graphql::arguments::{Variables, argument};
use crate::graphql::paging::{IdOrder, page};
use crate::graphql::resolved::{Object, Resolved, optional, timestamp, user_errors};
use crate::graphql::unsupported::unsupported;
use crate::input::{parse_customer_input, parse_identifier, parse_tags};
use crate::resolvers::{metafields, shop};
use crate::search;
use crate::state::customer::Customer;
use crate::state::shop::Shop;
use crate::state::user_error::UserError;

/// A customer, or null.
pub(crate) fn customer(found: Option<&Customer>) -> Resolved {
    match found {
        Some(c) => Resolved::Object(Object::Customer(Box::new(c.clone()))),
        None => Resolved::Json(Value::Null),
    }
}

/// A customer query field, or `None` when `field` is not one.
pub(crate) fn query(
    shop: &Shop,
    field: &Field,
    variables: &Variables,
) -> Option<Result<Resolved, String>> {
    Some(match field.name.as_str() {
        "customer" => {
            let id = argument(field, "id", variables).unwrap_or_default();
            Ok(customer(
                shop.customers.customer(id.as_str().unwrap_or_default()),
            ))
        }
        "customerByIdentifier" => by_identifier(shop, field, variables),
        "customers" => search(shop, field, variables),
        "customersCount" => count(shop, field, variables),
        _ => return None,
    })
}

/// `customerByIdentifier`.
fn by_identifier(shop: &Shop, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    let identifier = argument(field, "identifier", variables).unwrap_or_default();
    let identifier = parse_identifier(&identifier)?;
    Ok(customer(shop.customers.by_identifier(&identifier)))
}

/// `customers(query:)`: the customers the search index holds, matching the query, sorted and
/// paged.
fn search(shop: &Shop, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    let query = argument(field, "query", variables);
    let mut found: Vec<Customer> = shop
        .customers
        .searchable()
        .into_iter()
        .filter(|c| {
            query
                .as_ref()
                .and_then(Value::as_str)
                .is_none_or(|q| search::matches(c, q))
        })
        .collect();
    let by_id = match argument(field, "sortKey", variables)
        .as_ref()
        .and_then(Value::as_str)
    {
        None | Some("ID") | Some("RELEVANCE") => true,
        Some("CREATED_AT") => {
            found.sort_by_key(|c| (c.created_at, c.id));
            false
        }
        Some("UPDATED_AT") => {
            found.sort_by_key(|c| (c.updated_at, c.id));
            false
        }
        Some("NAME") => {
            found.sort_by_key(|c| (c.display_name().to_lowercase(), c.id));
            false
        }
        Some(other) => {
            return Err(unsupported(&format!("the customers sortKey {other}")));
        }
    };
    let reverse = argument(field, "reverse", variables).and_then(|v| v.as_bool()) == Some(true);
    if reverse {
        found.reverse();
    }
    let order = if by_id {
        IdOrder::by_id(reverse)
    } else {
        IdOrder::Other
    };
    let page = page(found, field, variables, order, |c| c.id)?;
    Ok(page.connection(|c| Object::Customer(Box::new(c))))
}

/// `customersCount`, over the customers the search index holds.
fn count(shop: &Shop, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    // Shopify's `query:` here knows only `id`, `created_at` and `updated_at`, and
    // ignores any other term with a warning: not modelled.
    if argument(field, "query", variables).is_some() {
        return Err(unsupported("customersCount(query:)"));
    }
    // `limit` defaults to 10000; an explicit `null` counts without a limit.
    let limit = match field.arguments.iter().find(|a| a.name == "limit") {
        None => Some(10_000),
        Some(_) => argument(field, "limit", variables).and_then(|v| v.as_u64()),
    };
    let count = shop.customers.searchable().len() as u64;
    let (count, precision) = match limit {
        Some(limit) if count > limit => (limit, "AT_LEAST"),
        _ => (count, "EXACT"),
    };
    Ok(Resolved::Object(Object::Payload(
        "Count",
        vec![
            ("count", Resolved::Json(count.into())),
            ("precision", Resolved::Json(precision.into())),
        ],
    )))
}

/// A customer mutation field, or `None` when `field` is not one.
pub(crate) fn mutation(
    shop: &mut Shop,
    field: &Field,
    variables: &Variables,
) -> Option<Result<Resolved, String>> {
    Some(match field.name.as_str() {
        "customerCreate" | "customerUpdate" => write(shop, field, variables),
        "customerDelete" => Ok(delete(shop, field, variables)),
        "customerRequestDataErasure" => Ok(request_erasure(shop, field, variables)),
        "tagsAdd" | "tagsRemove" => change_tags(shop, field, variables),
        _ => return None,
    })
}

/// A payload holding `customer` (or null) and `userErrors`.
fn customer_payload(
    typename: &'static str,
    (customer, errors): (Option<Customer>, Vec<UserError>),
) -> Resolved {
    Resolved::Object(Object::Payload(
        typename,
        vec![
            (
                "customer",
                customer.map_or(Resolved::Json(Value::Null), |c| {
                    Resolved::Object(Object::Customer(Box::new(c)))
                }),
            ),
            ("userErrors", user_errors(errors)),
        ],
    ))
}

/// `customerCreate` and `customerUpdate`.
fn write(shop: &mut Shop, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    let input = argument(field, "input", variables).unwrap_or_default();
    let input = parse_customer_input(&input)?;
    let definitions = &shop.metafield_definitions;
    Ok(if field.name == "customerCreate" {
        customer_payload(
            "CustomerCreatePayload",
            shop.customers.create(input, definitions),
        )
    } else {
        customer_payload(
            "CustomerUpdatePayload",
            shop.customers.update(input, definitions),
        )
    })
}

/// `customerDelete`.
fn delete(shop: &mut Shop, field: &Field, variables: &Variables) -> Resolved {
    let input = argument(field, "input", variables).unwrap_or_default();
    let gid = input["id"].as_str().unwrap_or_default().to_owned();
    let (deleted, errors) = shop.customers.delete(&gid);
    Resolved::Object(Object::Payload(
        "CustomerDeletePayload",
        vec![
            (
                "deletedCustomerId",
                Resolved::Json(deleted.map_or(Value::Null, Value::String)),
            ),
            ("userErrors", user_errors(errors)),
            ("shop", shop::object(shop)),
        ],
    ))
}

/// `customerRequestDataErasure`.
fn request_erasure(shop: &mut Shop, field: &Field, variables: &Variables) -> Resolved {
    let gid = argument(field, "customerId", variables).unwrap_or_default();
    let (customer_id, errors) = shop
        .customers
        .request_erasure(gid.as_str().unwrap_or_default());
    Resolved::Object(Object::Payload(
        "CustomerRequestDataErasurePayload",
        vec![
            (
                "customerId",
                Resolved::Json(customer_id.map_or(Value::Null, Value::String)),
            ),
            ("userErrors", user_errors(errors)),
        ],
    ))
}

/// `tagsAdd` and `tagsRemove`, on customers only.
fn change_tags(shop: &mut Shop, field: &Field, variables: &Variables) -> Result<Resolved, String> {
    let name = field.name.as_str();
    let id = argument(field, "id", variables).unwrap_or_default();
    let id = id.as_str().unwrap_or_default();
    if !id.starts_with("gid://shopify/Customer/") {
        return Err(unsupported(&format!("{name} on '{id}' (only customers)")));
    }
    let tags = parse_tags(&argument(field, "tags", variables).unwrap_or_default());
    let (customer, errors) = shop.customers.change_tags(id, &tags, name == "tagsAdd");
    let typename = if name == "tagsAdd" {
        "TagsAddPayload"
    } else {
        "TagsRemovePayload"
    };
    Ok(Resolved::Object(Object::Payload(
        typename,
        vec![
            (
                "node",
                customer.map_or(Resolved::Json(Value::Null), |c| {
                    Resolved::Object(Object::Customer(Box::new(c)))
                }),
            ),
            ("userErrors", user_errors(errors)),
        ],
    )))
}

/// The field `field` of the customer `c`.
pub(crate) fn field(
    c: &Customer,
    field: &Field,
    variables: &Variables,
) -> Result<Resolved, String> {
    if let Some(resolved) = metafields::owner_field(&c.metafields, field, variables) {
        return resolved;
    }
    let name = field.name.as_str();
    Ok(match name {
        "id" => Resolved::Json(c.gid().into()),
        "legacyResourceId" => Resolved::Json(c.id.to_string().into()),
        "firstName" => optional(c.first_name.as_deref()),
        "lastName" => optional(c.last_name.as_deref()),
        "displayName" => Resolved::Json(c.display_name().into()),
        "email" => optional(c.email.as_deref()),
        "phone" => optional(c.phone.as_deref()),
        "locale" => Resolved::Json(c.locale.clone().into()),
        "note" => optional(c.note.as_deref()),
        "verifiedEmail" => Resolved::Json(c.email.is_some().into()),
        "taxExempt" => Resolved::Json(c.tax_exempt.into()),
        "taxExemptions" => Resolved::Json(json!([])),
        "tags" => Resolved::Json(json!(c.tags)),
        "state" => Resolved::Json("DISABLED".into()),
        "canDelete" => Resolved::Json((c.orders == 0).into()),
        "numberOfOrders" => Resolved::Json(c.orders.to_string().into()),
        "createdAt" => Resolved::Json(timestamp(&c.created_at).into()),
        "updatedAt" => Resolved::Json(timestamp(&c.updated_at).into()),
        "defaultEmailAddress" => match &c.email {
            Some(email) => Resolved::Object(Object::Email(email.clone())),
            None => Resolved::Json(Value::Null),
        },
        "defaultPhoneNumber" => match &c.phone {
            Some(phone) => Resolved::Object(Object::Phone(phone.clone())),
            None => Resolved::Json(Value::Null),
        },
        _ => return Err(unsupported(&format!("the field '{name}' on 'Customer'"))),
    })
}
