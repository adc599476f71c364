//! What a resolver answers for a field: a JSON value, an object whose fields the selection
//! set then picks, or a list. Objects are snapshots of the shop's records, taken when the
//! field is resolved.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use crate::state::customer::Customer;
use crate::state::metafield::Metafield;
use crate::state::shop::ShopResource;
use crate::state::user_error::UserError;

/// An object whose fields a selection set picks.
pub(crate) enum Object {
    /// The `Shop`: its id and its own metafields.
    Shop(Box<ShopResource>),
    /// A `Customer`.
    Customer(Box<Customer>),
    /// A `Metafield`, a customer's or the shop's.
    Metafield(Metafield),
    /// A `CustomerEmailAddress`.
    Email(String),
    /// A `CustomerPhoneNumber`.
    Phone(String),
    /// A connection's `PageInfo`.
    PageInfo {
        has_next: bool,
        has_previous: bool,
        start: Option<String>,
        end: Option<String>,
    },
    /// A connection: its nodes with their cursors, and its page info.
    Connection(Vec<(Object, String)>, Box<Object>),
    /// A connection's edge: the node and its cursor.
    Edge(Box<Object>, String),
    /// Any other object, answered whole: its type name and its fields.
    Payload(&'static str, Vec<(&'static str, Resolved)>),
    /// A `UserError` (or an error type of the same fields).
    UserError(UserError),
}

/// A resolved field.
pub(crate) enum Resolved {
    /// A scalar, an enum, null, or a list of them.
    Json(Value),
    /// An object.
    Object(Object),
    /// A list of resolved items.
    List(Vec<Resolved>),
}

impl Object {
    /// The GraphQL type name (`Connection` and `Edge` for any connection and edge).
    pub fn typename(&self) -> &'static str {
        match self {
            Object::Shop(_) => "Shop",
            Object::Customer(_) => "Customer",
            Object::Metafield(_) => "Metafield",
            Object::Email(_) => "CustomerEmailAddress",
            Object::Phone(_) => "CustomerPhoneNumber",
            Object::PageInfo { .. } => "PageInfo",
            Object::Connection(..) => "Connection",
            Object::Edge(..) => "Edge",
            Object::Payload(name, _) => name,
            Object::UserError(_) => "UserError",
        }
    }

    /// A copy for projection (objects are small snapshots).
    pub fn shallow(&self) -> Object {
        match self {
            Object::Shop(s) => Object::Shop(s.clone()),
            Object::Customer(c) => Object::Customer(c.clone()),
            Object::Metafield(m) => Object::Metafield(m.clone()),
            Object::Email(e) => Object::Email(e.clone()),
            Object::Phone(p) => Object::Phone(p.clone()),
            Object::PageInfo {
                has_next,
                has_previous,
                start,
                end,
            } => Object::PageInfo {
                has_next: *has_next,
                has_previous: *has_previous,
                start: start.clone(),
                end: end.clone(),
            },
            Object::Connection(items, page_info) => Object::Connection(
                items
                    .iter()
                    .map(|(o, c)| (o.shallow(), c.clone()))
                    .collect(),
                Box::new(page_info.shallow()),
            ),
            Object::Edge(node, c) => Object::Edge(Box::new(node.shallow()), c.clone()),
            Object::Payload(t, fields) => {
                Object::Payload(t, fields.iter().map(|(n, r)| (*n, r.shallow())).collect())
            }
            Object::UserError(e) => Object::UserError(e.clone()),
        }
    }
}

impl Resolved {
    /// A copy for projection.
    pub fn shallow(&self) -> Resolved {
        match self {
            Resolved::Json(v) => Resolved::Json(v.clone()),
            Resolved::Object(o) => Resolved::Object(o.shallow()),
            Resolved::List(items) => Resolved::List(items.iter().map(Resolved::shallow).collect()),
        }
    }
}

impl Resolved {
    /// The `userErrors` anywhere in this answer, each by its code, or by its message when it
    /// has none: whether or not the request selects them.
    pub fn user_errors(&self) -> Vec<String> {
        let mut found = Vec::new();
        self.collect_user_errors(&mut found);
        found
    }

    fn collect_user_errors(&self, found: &mut Vec<String>) {
        match self {
            Resolved::Json(_) => {}
            Resolved::List(items) => items.iter().for_each(|i| i.collect_user_errors(found)),
            Resolved::Object(Object::Payload(_, fields)) => {
                for (name, value) in fields {
                    match (*name, value) {
                        ("userErrors", Resolved::List(errors)) => {
                            found.extend(errors.iter().filter_map(Resolved::user_error_key))
                        }
                        _ => value.collect_user_errors(found),
                    }
                }
            }
            Resolved::Object(_) => {}
        }
    }

    /// The code of a user error, or its message when it has none.
    fn user_error_key(&self) -> Option<String> {
        match self {
            Resolved::Object(Object::UserError(e)) => {
                Some(e.code.map_or_else(|| e.message.clone(), str::to_owned))
            }
            Resolved::Object(Object::Payload(_, fields)) => {
                let text = |key: &str| {
                    fields.iter().find_map(|(n, v)| match v {
                        Resolved::Json(Value::String(s)) if *n == key => Some(s.clone()),
                        _ => None,
                    })
                };
                text("code").or_else(|| text("message"))
            }
            _ => None,
        }
    }
}

impl From<Object> for Resolved {
    fn from(object: Object) -> Resolved {
        Resolved::Object(object)
    }
}

/// A string, or null.
pub(crate) fn optional(value: Option<&str>) -> Resolved {
    Resolved::Json(value.map_or(Value::Null, |v| Value::String(v.to_owned())))
}

/// Timestamps as Shopify prints them (seconds, `Z`).
pub(crate) fn timestamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A payload's `userErrors`.
pub(crate) fn user_errors(errors: Vec<UserError>) -> Resolved {
    Resolved::List(
        errors
            .into_iter()
            .map(|e| Resolved::Object(Object::UserError(e)))
            .collect(),
    )
}
