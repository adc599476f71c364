//! The fields of an answered object: a customer's from the customer resolvers, the shop's
//! from the shop resolvers, the others' (metafields, email addresses, phone numbers, page
//! info, connections and edges, payloads, user errors) from the snapshot each holds.

use apollo_compiler::executable::Field;
use serde_json::{Value, json};

use crate::graphql::arguments::Variables;
use crate::graphql::resolved::{Object, Resolved, optional, timestamp};
use crate::graphql::unsupported::unsupported;
use crate::resolvers::{customers, shop};

/// The field `field` of `object`.
pub(crate) fn field(
    object: &Object,
    field: &Field,
    variables: &Variables,
) -> Result<Resolved, String> {
    let name = field.name.as_str();
    let no = || unsupported(&format!("the field '{name}' on '{}'", object.typename()));
    Ok(match object {
        Object::Shop(s) => shop::field(s, field, variables)?,
        Object::Customer(c) => customers::field(c, field, variables)?,
        Object::Metafield(m) => match name {
            "id" => Resolved::Json(format!("gid://shopify/Metafield/{}", m.id).into()),
            "namespace" => Resolved::Json(m.namespace.clone().into()),
            "key" => Resolved::Json(m.key.clone().into()),
            "value" => Resolved::Json(m.value.clone().into()),
            "compareDigest" => Resolved::Json(m.compare_digest().into()),
            "type" => Resolved::Json(m.kind.clone().into()),
            "jsonValue" => Resolved::Json(
                serde_json::from_str(&m.value).unwrap_or_else(|_| m.value.clone().into()),
            ),
            "ownerType" => Resolved::Json(m.owner_type.name().into()),
            "createdAt" => Resolved::Json(timestamp(&m.created_at).into()),
            "updatedAt" => Resolved::Json(timestamp(&m.updated_at).into()),
            _ => return Err(no()),
        },
        Object::Email(email) => match name {
            "emailAddress" => Resolved::Json(email.clone().into()),
            _ => return Err(no()),
        },
        Object::Phone(phone) => match name {
            "phoneNumber" => Resolved::Json(phone.clone().into()),
            _ => return Err(no()),
        },
        Object::PageInfo {
            has_next,
            has_previous,
            start,
            end,
        } => match name {
            "hasNextPage" => Resolved::Json((*has_next).into()),
            "hasPreviousPage" => Resolved::Json((*has_previous).into()),
            "startCursor" => optional(start.as_deref()),
            "endCursor" => optional(end.as_deref()),
            _ => return Err(no()),
        },
        Object::Connection(items, page_info) => match name {
            "nodes" => Resolved::List(
                items
                    .iter()
                    .map(|(o, _)| Resolved::Object(o.shallow()))
                    .collect(),
            ),
            "edges" => Resolved::List(
                items
                    .iter()
                    .map(|(o, c)| Resolved::Object(Object::Edge(Box::new(o.shallow()), c.clone())))
                    .collect(),
            ),
            "pageInfo" => Resolved::Object(page_info.shallow()),
            _ => return Err(no()),
        },
        Object::Edge(node, cursor) => match name {
            "node" => Resolved::Object(node.shallow()),
            "cursor" => Resolved::Json(cursor.clone().into()),
            _ => return Err(no()),
        },
        Object::Payload(_, fields) => match fields.iter().find(|(n, _)| *n == name) {
            Some((_, resolved)) => resolved.shallow(),
            None => return Err(no()),
        },
        Object::UserError(error) => match name {
            "field" => Resolved::Json(error.field.clone().map_or(Value::Null, |f| json!(f))),
            "message" => Resolved::Json(error.message.clone().into()),
            "code" => Resolved::Json(error.code.map_or(Value::Null, Value::from)),
            _ => return Err(no()),
        },
    })
}
