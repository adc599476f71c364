//! Executing an operation over a shop, projecting each answer exactly on the selection set.

use apollo_compiler::ExecutableDocument;
use apollo_compiler::Schema;
use apollo_compiler::ast::Value as AstValue;
use apollo_compiler::executable::{Field, Operation, OperationType, Selection, SelectionSet};
use serde_json::{Map, Value, json};

mod metaobjects;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::search;
use crate::state::customer::{Customer, CustomerInput, Identifier, Metafield, MetafieldInput};
use crate::state::metafield_definitions::MetafieldDefinition;
use crate::state::shop::Shop;
use crate::state::user_error::UserError;

type Vars = Map<String, Value>;

/// Timestamps as Shopify prints them (seconds, `Z`).
pub(crate) fn timestamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// How a root field is resolved.
type RootResolver<'r, 'e> =
    dyn FnMut(&mut Executor<'e>, &Field, &[String]) -> Result<Res, String> + 'r;

/// The value of a field's argument, variables substituted.
pub(crate) fn argument(field: &Field, name: &str, variables: &Vars) -> Option<Value> {
    let argument = field.arguments.iter().find(|a| a.name == name)?;
    let value = to_json(&argument.value, variables);
    (!value.is_null()).then_some(value)
}

fn to_json(value: &AstValue, variables: &Vars) -> Value {
    match value {
        AstValue::Null => Value::Null,
        AstValue::Enum(name) => Value::String(name.to_string()),
        AstValue::Variable(name) => variables.get(name.as_str()).cloned().unwrap_or(Value::Null),
        AstValue::String(s) => Value::String(s.clone()),
        AstValue::Float(f) => f.try_to_f64().map(Value::from).unwrap_or(Value::Null),
        AstValue::Int(i) => i.try_to_i32().map(Value::from).unwrap_or(Value::Null),
        AstValue::Boolean(b) => Value::Bool(*b),
        AstValue::List(items) => {
            Value::Array(items.iter().map(|v| to_json(v, variables)).collect())
        }
        AstValue::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), to_json(v, variables)))
                .collect(),
        ),
    }
}

/// An object the executor can project.
enum Obj {
    Customer(Box<Customer>),
    Metafield(Metafield),
    Email(String),
    Phone(String),
    PageInfo {
        has_next: bool,
        has_previous: bool,
        start: Option<String>,
        end: Option<String>,
    },
    Connection(Vec<(Obj, String)>, Box<Obj>),
    Edge(Box<Obj>, String),
    Payload(&'static str, Vec<(&'static str, Res)>),
    UserError(UserError),
}

/// A resolved field.
enum Res {
    Json(Value),
    Obj(Obj),
    List(Vec<Res>),
}

impl Obj {
    fn typename(&self) -> &'static str {
        match self {
            Obj::Customer(_) => "Customer",
            Obj::Metafield(_) => "Metafield",
            Obj::Email(_) => "CustomerEmailAddress",
            Obj::Phone(_) => "CustomerPhoneNumber",
            Obj::PageInfo { .. } => "PageInfo",
            Obj::Connection(..) => "Connection",
            Obj::Edge(..) => "Edge",
            Obj::Payload(name, _) => name,
            Obj::UserError(_) => "UserError",
        }
    }
}

fn opt(value: &Option<String>) -> Res {
    Res::Json(value.clone().map_or(Value::Null, Value::String))
}

fn connection(items: Vec<(Obj, String)>, has_next: bool, has_previous: bool) -> Obj {
    let page_info = Obj::PageInfo {
        has_next,
        has_previous,
        start: items.first().map(|(_, c)| c.clone()),
        end: items.last().map(|(_, c)| c.clone()),
    };
    Obj::Connection(items, Box::new(page_info))
}

/// How a list is ordered, for resuming after a cursor whose item has left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IdOrder {
    /// By id, smallest first.
    Ascending,
    /// By id, largest first.
    Descending,
    /// By something else (a name, a date): a missing cursor item starts from the edge.
    Other,
}

impl IdOrder {
    /// Ascending, or descending when `reverse`d.
    pub(super) fn by_id(reverse: bool) -> Self {
        if reverse {
            IdOrder::Descending
        } else {
            IdOrder::Ascending
        }
    }
}

fn cursor(id: u64) -> String {
    let raw = format!("{{\"last_id\":{id}}}");
    raw.bytes().map(|b| format!("{b:02x}")).collect()
}

fn cursor_id(cursor: &str) -> Option<u64> {
    let bytes: Option<Vec<u8>> = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(cursor.get(i..i + 2)?, 16).ok())
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    text.strip_prefix("{\"last_id\":")?
        .strip_suffix('}')?
        .parse()
        .ok()
}

/// Runs one operation; `(data, errors)`.
pub(crate) struct Executor<'a> {
    pub schema: &'a Schema,
    pub document: &'a ExecutableDocument,
    pub variables: &'a Vars,
    pub shop: &'a mut Shop,
    pub errors: Vec<Value>,
}

fn unsupported(what: &str) -> String {
    format!("The Shopify emulator does not support {what}")
}

impl<'a> Executor<'a> {
    pub fn run(&mut self, operation: &Operation) -> Value {
        let mut data = Map::new();
        let root = operation.operation_type;
        self.project_with(
            &operation.selection_set,
            &mut data,
            &[],
            &mut |this, field, path| match root {
                OperationType::Mutation => this.mutation(field, path),
                OperationType::Query => this.query(field, path),
                OperationType::Subscription => Err(unsupported("subscriptions")),
            },
        );
        Value::Object(data)
    }

    fn error(
        &mut self,
        location: Option<apollo_compiler::parser::SourceSpan>,
        path: &[String],
        message: String,
    ) {
        let locations: Vec<Value> = location
            .and_then(|span| span.line_column_range(&self.document.sources))
            .map(|range| vec![json!({"line": range.start.line, "column": range.start.column})])
            .unwrap_or_default();
        self.errors.push(json!({
            "message": message,
            "locations": locations,
            "path": path,
            "extensions": {"code": "UNSUPPORTED_BY_EMULATOR"},
        }));
    }

    fn project_with(
        &mut self,
        set: &SelectionSet,
        out: &mut Map<String, Value>,
        path: &[String],
        resolve: &mut RootResolver<'_, 'a>,
    ) {
        let document = self.document;
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => {
                    let key = field.response_key().to_string();
                    let mut field_path = path.to_vec();
                    field_path.push(key.clone());
                    let value = if field.name == "__typename" {
                        Value::String(set.ty.to_string())
                    } else {
                        match resolve(self, field, &field_path) {
                            Ok(res) => self.complete(res, &field.selection_set, &field_path),
                            Err(message) => {
                                self.error(field.location(), &field_path, message);
                                Value::Null
                            }
                        }
                    };
                    merge(out, key, value);
                }
                Selection::InlineFragment(fragment) => {
                    self.project_with(&fragment.selection_set, out, path, resolve)
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.fragment_name) {
                        self.project_with(&fragment.selection_set, out, path, resolve)
                    }
                }
            }
        }
    }

    fn project(&mut self, obj: &Obj, set: &SelectionSet, path: &[String]) -> Value {
        let mut out = Map::new();
        self.project_obj(obj, set, &mut out, path);
        Value::Object(out)
    }

    fn project_obj(
        &mut self,
        obj: &Obj,
        set: &SelectionSet,
        out: &mut Map<String, Value>,
        path: &[String],
    ) {
        let document = self.document;
        let typename = obj.typename();
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => {
                    let key = field.response_key().to_string();
                    let mut field_path = path.to_vec();
                    field_path.push(key.clone());
                    let value = if field.name == "__typename" {
                        let concrete = match obj {
                            Obj::Connection(..) | Obj::Edge(..) => set.ty.as_str(),
                            _ => typename,
                        };
                        Value::String(concrete.to_owned())
                    } else {
                        match self.field(obj, field) {
                            Ok(res) => self.complete(res, &field.selection_set, &field_path),
                            Err(message) => {
                                self.error(field.location(), &field_path, message);
                                Value::Null
                            }
                        }
                    };
                    merge(out, key, value);
                }
                Selection::InlineFragment(fragment) => {
                    if self.applies(
                        fragment.type_condition.as_ref().map(|n| n.as_str()),
                        typename,
                    ) {
                        self.project_obj(obj, &fragment.selection_set, out, path)
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.fragment_name)
                        && self.applies(Some(fragment.type_condition().as_str()), typename)
                    {
                        self.project_obj(obj, &fragment.selection_set, out, path)
                    }
                }
            }
        }
    }

    fn applies(&self, condition: Option<&str>, typename: &str) -> bool {
        match condition {
            None => true,
            Some(c) => {
                c == typename
                    || self.schema.is_subtype(c, typename)
                    || matches!(typename, "Connection" | "Edge")
            }
        }
    }

    fn complete(&mut self, res: Res, set: &SelectionSet, path: &[String]) -> Value {
        match res {
            Res::Json(value) => value,
            Res::Obj(obj) => self.project(&obj, set, path),
            Res::List(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let mut item_path = path.to_vec();
                        item_path.push(i.to_string());
                        self.complete(item, set, &item_path)
                    })
                    .collect(),
            ),
        }
    }

    /// A field of an object.
    fn field(&mut self, obj: &Obj, field: &Field) -> Result<Res, String> {
        let name = field.name.as_str();
        let no = || unsupported(&format!("the field '{name}' on '{}'", obj.typename()));
        Ok(match obj {
            Obj::Customer(c) => self.customer_field(c, field)?,
            Obj::Metafield(m) => match name {
                "id" => Res::Json(format!("gid://shopify/Metafield/{}", m.id).into()),
                "namespace" => Res::Json(m.namespace.clone().into()),
                "key" => Res::Json(m.key.clone().into()),
                "value" => Res::Json(m.value.clone().into()),
                "type" => Res::Json(m.kind.clone().into()),
                "jsonValue" => Res::Json(
                    serde_json::from_str(&m.value).unwrap_or_else(|_| m.value.clone().into()),
                ),
                "ownerType" => Res::Json("CUSTOMER".into()),
                "createdAt" => Res::Json(timestamp(&m.created_at).into()),
                "updatedAt" => Res::Json(timestamp(&m.updated_at).into()),
                _ => return Err(no()),
            },
            Obj::Email(email) => match name {
                "emailAddress" => Res::Json(email.clone().into()),
                _ => return Err(no()),
            },
            Obj::Phone(phone) => match name {
                "phoneNumber" => Res::Json(phone.clone().into()),
                _ => return Err(no()),
            },
            Obj::PageInfo {
                has_next,
                has_previous,
                start,
                end,
            } => match name {
                "hasNextPage" => Res::Json((*has_next).into()),
                "hasPreviousPage" => Res::Json((*has_previous).into()),
                "startCursor" => opt(start),
                "endCursor" => opt(end),
                _ => return Err(no()),
            },
            Obj::Connection(items, page_info) => match name {
                "nodes" => Res::List(items.iter().map(|(o, _)| Res::Obj(o.shallow())).collect()),
                "edges" => Res::List(
                    items
                        .iter()
                        .map(|(o, c)| Res::Obj(Obj::Edge(Box::new(o.shallow()), c.clone())))
                        .collect(),
                ),
                "pageInfo" => Res::Obj(page_info.shallow()),
                _ => return Err(no()),
            },
            Obj::Edge(node, cursor) => match name {
                "node" => Res::Obj(node.shallow()),
                "cursor" => Res::Json(cursor.clone().into()),
                _ => return Err(no()),
            },
            Obj::Payload(_, fields) => match fields.iter().find(|(n, _)| *n == name) {
                Some((_, res)) => res.shallow(),
                None => return Err(no()),
            },
            Obj::UserError(error) => match name {
                "field" => Res::Json(error.field.clone().map_or(Value::Null, |f| json!(f))),
                "message" => Res::Json(error.message.clone().into()),
                "code" => Res::Json(error.code.map_or(Value::Null, Value::from)),
                _ => return Err(no()),
            },
        })
    }

    fn customer_field(&mut self, c: &Customer, field: &Field) -> Result<Res, String> {
        let name = field.name.as_str();
        Ok(match name {
            "id" => Res::Json(c.gid().into()),
            "legacyResourceId" => Res::Json(c.id.to_string().into()),
            "firstName" => opt(&c.first_name),
            "lastName" => opt(&c.last_name),
            "displayName" => Res::Json(c.display_name().into()),
            "email" => opt(&c.email),
            "phone" => opt(&c.phone),
            "locale" => Res::Json(c.locale.clone().into()),
            "note" => opt(&c.note),
            "verifiedEmail" => Res::Json(c.email.is_some().into()),
            "taxExempt" => Res::Json(c.tax_exempt.into()),
            "taxExemptions" => Res::Json(json!([])),
            "tags" => Res::Json(json!(c.tags)),
            "state" => Res::Json("DISABLED".into()),
            "canDelete" => Res::Json((c.orders == 0).into()),
            "numberOfOrders" => Res::Json(c.orders.to_string().into()),
            "createdAt" => Res::Json(timestamp(&c.created_at).into()),
            "updatedAt" => Res::Json(timestamp(&c.updated_at).into()),
            "defaultEmailAddress" => match &c.email {
                Some(email) => Res::Obj(Obj::Email(email.clone())),
                None => Res::Json(Value::Null),
            },
            "defaultPhoneNumber" => match &c.phone {
                Some(phone) => Res::Obj(Obj::Phone(phone.clone())),
                None => Res::Json(Value::Null),
            },
            "metafield" => {
                let namespace = argument(field, "namespace", self.variables);
                let key = argument(field, "key", self.variables);
                let found = c.metafields.iter().find(|m| {
                    namespace.as_ref().is_none_or(|n| n == m.namespace.as_str())
                        && key.as_ref().is_some_and(|k| k == m.key.as_str())
                });
                match found {
                    Some(m) => Res::Obj(Obj::Metafield(m.clone())),
                    None => Res::Json(Value::Null),
                }
            }
            "metafields" => {
                let namespace = argument(field, "namespace", self.variables);
                let items: Vec<Metafield> = c
                    .metafields
                    .iter()
                    .filter(|m| namespace.as_ref().is_none_or(|n| n == m.namespace.as_str()))
                    .cloned()
                    .collect();
                let (page, has_next, has_previous) =
                    self.page(items, field, IdOrder::Other, |m| m.id)?;
                Res::Obj(connection(
                    page.into_iter()
                        .map(|m| {
                            let c = cursor(m.id);
                            (Obj::Metafield(m), c)
                        })
                        .collect(),
                    has_next,
                    has_previous,
                ))
            }
            _ => return Err(unsupported(&format!("the field '{name}' on 'Customer'"))),
        })
    }

    /// One page of `items` by `first`/`after` (or `last`/`before`). A cursor names the
    /// item it was taken from; when that item has left the list (deleted, or no longer
    /// matching the search), a list in id `order` resumes where that id would be, as
    /// Shopify's cursors (`{"last_id": …}`) do.
    fn page<T>(
        &self,
        items: Vec<T>,
        field: &Field,
        order: IdOrder,
        id: impl Fn(&T) -> u64,
    ) -> Result<(Vec<T>, bool, bool), String> {
        let vars = self.variables;
        let number = |name: &str| argument(field, name, vars).and_then(|v| v.as_u64());
        let (first, last) = (number("first"), number("last"));
        if first.is_none() && last.is_none() {
            return Err("you must provide one of first or last".to_owned());
        }
        // Where the item a cursor names is (`Ok`), or would be (`Err`: the position of the
        // first item past it in the list's order).
        let locate = |name: &str| {
            let named = argument(field, name, vars).and_then(|v| v.as_str().and_then(cursor_id))?;
            Some(match items.iter().position(|i| id(i) == named) {
                Some(p) => Ok(p),
                None => Err(match order {
                    IdOrder::Ascending => items.partition_point(|i| id(i) < named),
                    IdOrder::Descending => items.partition_point(|i| id(i) > named),
                    IdOrder::Other => return None,
                }),
            })
        };
        let start = match locate("after") {
            Some(Ok(p)) => p + 1,
            Some(Err(p)) => p,
            None => 0,
        };
        let end = match locate("before") {
            Some(Ok(p) | Err(p)) => p,
            None => items.len(),
        }
        .max(start);
        let (from, to) = match (first, last) {
            (Some(first), _) => (start, end.min(start + first as usize)),
            (None, Some(last)) => (end.saturating_sub(last as usize).max(start), end),
            (None, None) => (start, end),
        };
        let has_previous = from > 0;
        let has_next = to < items.len();
        let page = items.into_iter().skip(from).take(to - from).collect();
        Ok((page, has_next, has_previous))
    }

    fn query(&mut self, field: &Field, _path: &[String]) -> Result<Res, String> {
        let vars = self.variables;
        let customer_res = |c: Option<&Customer>| match c {
            Some(c) => Res::Obj(Obj::Customer(Box::new(c.clone()))),
            None => Res::Json(Value::Null),
        };
        match field.name.as_str() {
            "customer" => {
                let id = argument(field, "id", vars).unwrap_or_default();
                Ok(customer_res(
                    self.shop
                        .customers
                        .customer(id.as_str().unwrap_or_default()),
                ))
            }
            "nodes" => {
                let ids = argument(field, "ids", vars).unwrap_or_default();
                let ids: Vec<&str> = ids
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                Ok(Res::List(
                    ids.iter()
                        .map(|id| match self.shop.customers.customer(id) {
                            Some(c) => customer_res(Some(c)),
                            None => self.metaobject_node(id),
                        })
                        .collect(),
                ))
            }
            "customerByIdentifier" => {
                let identifier = argument(field, "identifier", vars).unwrap_or_default();
                let identifier = parse_identifier(&identifier)?;
                Ok(customer_res(self.shop.customers.by_identifier(&identifier)))
            }
            "customers" => {
                let query = argument(field, "query", vars);
                let mut found: Vec<Customer> = self
                    .shop
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
                let by_id = match argument(field, "sortKey", vars)
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
                let reverse =
                    argument(field, "reverse", vars).and_then(|v| v.as_bool()) == Some(true);
                if reverse {
                    found.reverse();
                }
                let order = if by_id {
                    IdOrder::by_id(reverse)
                } else {
                    IdOrder::Other
                };
                let (page, has_next, has_previous) = self.page(found, field, order, |c| c.id)?;
                Ok(Res::Obj(connection(
                    page.into_iter()
                        .map(|c| {
                            let cursor = cursor(c.id);
                            (Obj::Customer(Box::new(c)), cursor)
                        })
                        .collect(),
                    has_next,
                    has_previous,
                )))
            }
            "customersCount" => {
                // Shopify's `query:` here knows only `id`, `created_at` and `updated_at`, and
                // ignores any other term with a warning: not modelled.
                if argument(field, "query", vars).is_some() {
                    return Err(unsupported("customersCount(query:)"));
                }
                // `limit` defaults to 10000; an explicit `null` counts without a limit.
                let limit = match field.arguments.iter().find(|a| a.name == "limit") {
                    None => Some(10_000),
                    Some(_) => argument(field, "limit", vars).and_then(|v| v.as_u64()),
                };
                let count = self.shop.customers.searchable().len() as u64;
                let (count, precision) = match limit {
                    Some(limit) if count > limit => (limit, "AT_LEAST"),
                    _ => (count, "EXACT"),
                };
                Ok(Res::Obj(Obj::Payload(
                    "Count",
                    vec![
                        ("count", Res::Json(count.into())),
                        ("precision", Res::Json(precision.into())),
                    ],
                )))
            }
            "metafieldDefinitions" => {
                customer_owner(argument(field, "ownerType", vars), "metafieldDefinitions")?;
                let text = |name: &str| {
                    argument(field, name, vars).and_then(|v| v.as_str().map(str::to_owned))
                };
                let (namespace, key) = (text("namespace"), text("key"));
                let found = self
                    .shop
                    .metafield_definitions
                    .matching(namespace.as_deref(), key.as_deref());
                let (page, has_next, has_previous) =
                    self.page(found, field, IdOrder::Ascending, |d| d.id)?;
                Ok(Res::Obj(connection(
                    page.into_iter()
                        .map(|d| {
                            let cursor = cursor(d.id);
                            (definition_obj(d), cursor)
                        })
                        .collect(),
                    has_next,
                    has_previous,
                )))
            }
            other => self
                .metaobject_query(field)
                .unwrap_or_else(|| Err(unsupported(&format!("the query field '{other}'")))),
        }
    }

    fn mutation(&mut self, field: &Field, _path: &[String]) -> Result<Res, String> {
        let vars = self.variables;
        let name = field.name.as_str();
        let customer_payload =
            |typename: &'static str, (customer, errors): (Option<Customer>, Vec<UserError>)| {
                Res::Obj(Obj::Payload(
                    typename,
                    vec![
                        (
                            "customer",
                            customer.map_or(Res::Json(Value::Null), |c| {
                                Res::Obj(Obj::Customer(Box::new(c)))
                            }),
                        ),
                        ("userErrors", user_errors(errors)),
                    ],
                ))
            };
        match name {
            "customerCreate" | "customerUpdate" => {
                let input = argument(field, "input", vars).unwrap_or_default();
                let input = parse_customer_input(&input)?;
                if name == "customerCreate" {
                    Ok(customer_payload(
                        "CustomerCreatePayload",
                        self.shop
                            .customers
                            .create(input, &self.shop.metafield_definitions),
                    ))
                } else {
                    Ok(customer_payload(
                        "CustomerUpdatePayload",
                        self.shop
                            .customers
                            .update(input, &self.shop.metafield_definitions),
                    ))
                }
            }
            "customerDelete" => {
                let input = argument(field, "input", vars).unwrap_or_default();
                let gid = input["id"].as_str().unwrap_or_default().to_owned();
                let (deleted, errors) = self.shop.customers.delete(&gid);
                Ok(Res::Obj(Obj::Payload(
                    "CustomerDeletePayload",
                    vec![
                        (
                            "deletedCustomerId",
                            Res::Json(deleted.map_or(Value::Null, Value::String)),
                        ),
                        ("userErrors", user_errors(errors)),
                        ("shop", Res::Json(Value::Null)),
                    ],
                )))
            }
            "customerRequestDataErasure" => {
                let gid = argument(field, "customerId", vars).unwrap_or_default();
                let (customer_id, errors) = self
                    .shop
                    .customers
                    .request_erasure(gid.as_str().unwrap_or_default());
                Ok(Res::Obj(Obj::Payload(
                    "CustomerRequestDataErasurePayload",
                    vec![
                        (
                            "customerId",
                            Res::Json(customer_id.map_or(Value::Null, Value::String)),
                        ),
                        ("userErrors", user_errors(errors)),
                    ],
                )))
            }
            "tagsAdd" | "tagsRemove" => {
                let id = argument(field, "id", vars).unwrap_or_default();
                let id = id.as_str().unwrap_or_default();
                if !id.starts_with("gid://shopify/Customer/") {
                    return Err(unsupported(&format!("{name} on '{id}' (only customers)")));
                }
                let tags: Vec<String> = match argument(field, "tags", vars).unwrap_or_default() {
                    Value::String(s) => vec![s],
                    Value::Array(items) => items
                        .iter()
                        .filter_map(|t| t.as_str().map(str::to_owned))
                        .collect(),
                    _ => Vec::new(),
                };
                let (customer, errors) =
                    self.shop
                        .customers
                        .change_tags(id, &tags, name == "tagsAdd");
                let typename = if name == "tagsAdd" {
                    "TagsAddPayload"
                } else {
                    "TagsRemovePayload"
                };
                Ok(Res::Obj(Obj::Payload(
                    typename,
                    vec![
                        (
                            "node",
                            customer.map_or(Res::Json(Value::Null), |c| {
                                Res::Obj(Obj::Customer(Box::new(c)))
                            }),
                        ),
                        ("userErrors", user_errors(errors)),
                    ],
                )))
            }
            "metafieldsSet" => {
                let inputs = argument(field, "metafields", vars).unwrap_or_default();
                let mut entries = Vec::new();
                for input in inputs.as_array().into_iter().flatten() {
                    let owner = input["ownerId"].as_str().unwrap_or_default().to_owned();
                    if !owner.starts_with("gid://shopify/Customer/") {
                        return Err(unsupported(&format!(
                            "metafieldsSet on '{owner}' (only customers)"
                        )));
                    }
                    entries.push((owner, parse_metafield(input)));
                }
                let (set, errors) = self
                    .shop
                    .customers
                    .set_metafields(&entries, &self.shop.metafield_definitions);
                Ok(Res::Obj(Obj::Payload(
                    "MetafieldsSetPayload",
                    vec![
                        (
                            "metafields",
                            Res::List(
                                set.into_iter()
                                    .map(|m| Res::Obj(Obj::Metafield(m)))
                                    .collect(),
                            ),
                        ),
                        ("userErrors", user_errors(errors)),
                    ],
                )))
            }
            "metafieldsDelete" => {
                let inputs = argument(field, "metafields", vars).unwrap_or_default();
                let mut entries = Vec::new();
                for input in inputs.as_array().into_iter().flatten() {
                    let text = |key: &str| input[key].as_str().unwrap_or_default().to_owned();
                    let owner = text("ownerId");
                    if !owner.starts_with("gid://shopify/Customer/") {
                        return Err(unsupported(&format!(
                            "metafieldsDelete on '{owner}' (only customers)"
                        )));
                    }
                    entries.push((owner, text("namespace"), text("key")));
                }
                let deleted = self
                    .shop
                    .customers
                    .delete_metafields(&entries)
                    .into_iter()
                    .map(|entry| match entry {
                        Some((owner, namespace, key)) => Res::Obj(Obj::Payload(
                            "MetafieldIdentifier",
                            vec![
                                ("ownerId", Res::Json(owner.into())),
                                ("namespace", Res::Json(namespace.into())),
                                ("key", Res::Json(key.into())),
                            ],
                        )),
                        None => Res::Json(Value::Null),
                    })
                    .collect();
                Ok(Res::Obj(Obj::Payload(
                    "MetafieldsDeletePayload",
                    vec![
                        ("deletedMetafields", Res::List(deleted)),
                        ("userErrors", user_errors(Vec::new())),
                    ],
                )))
            }
            "metafieldDefinitionCreate" => {
                let input = argument(field, "definition", vars).unwrap_or_default();
                customer_owner(input.get("ownerType").cloned(), "metafieldDefinitionCreate")?;
                let (created, errors) = match self.shop.metafield_definitions.create(&input) {
                    Ok(definition) => (definition_obj(definition).into(), Vec::new()),
                    Err(errors) => (Res::Json(Value::Null), errors),
                };
                Ok(Res::Obj(Obj::Payload(
                    "MetafieldDefinitionCreatePayload",
                    vec![
                        ("createdDefinition", created),
                        ("userErrors", user_errors(errors)),
                    ],
                )))
            }
            other => self
                .metaobject_mutation(field)
                .unwrap_or_else(|| Err(unsupported(&format!("the mutation '{other}'")))),
        }
    }
}

fn merge(out: &mut Map<String, Value>, key: String, value: Value) {
    match (out.get_mut(&key), value) {
        (Some(Value::Object(existing)), Value::Object(more)) => {
            for (k, v) in more {
                merge(existing, k, v);
            }
        }
        (_, value) => {
            out.insert(key, value);
        }
    }
}

impl Obj {
    /// A copy for projection (objects are small snapshots).
    fn shallow(&self) -> Obj {
        match self {
            Obj::Customer(c) => Obj::Customer(c.clone()),
            Obj::Metafield(m) => Obj::Metafield(m.clone()),
            Obj::Email(e) => Obj::Email(e.clone()),
            Obj::Phone(p) => Obj::Phone(p.clone()),
            Obj::PageInfo {
                has_next,
                has_previous,
                start,
                end,
            } => Obj::PageInfo {
                has_next: *has_next,
                has_previous: *has_previous,
                start: start.clone(),
                end: end.clone(),
            },
            Obj::Connection(items, page_info) => Obj::Connection(
                items
                    .iter()
                    .map(|(o, c)| (o.shallow(), c.clone()))
                    .collect(),
                Box::new(page_info.shallow()),
            ),
            Obj::Edge(node, c) => Obj::Edge(Box::new(node.shallow()), c.clone()),
            Obj::Payload(t, fields) => {
                Obj::Payload(t, fields.iter().map(|(n, r)| (*n, r.shallow())).collect())
            }
            Obj::UserError(e) => Obj::UserError(e.clone()),
        }
    }
}

impl Res {
    fn shallow(&self) -> Res {
        match self {
            Res::Json(v) => Res::Json(v.clone()),
            Res::Obj(o) => Res::Obj(o.shallow()),
            Res::List(items) => Res::List(items.iter().map(Res::shallow).collect()),
        }
    }
}

impl From<Obj> for Res {
    fn from(obj: Obj) -> Res {
        Res::Obj(obj)
    }
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
fn definition_obj(d: MetafieldDefinition) -> Obj {
    let json = |v: Value| Res::Json(v);
    Obj::Payload(
        "MetafieldDefinition",
        vec![
            ("id", json(d.gid().into())),
            ("namespace", json(d.namespace.into())),
            ("key", json(d.key.into())),
            ("name", json(d.name.into())),
            ("ownerType", json("CUSTOMER".into())),
            (
                "type",
                Obj::Payload(
                    "MetafieldDefinitionType",
                    vec![("name", json(d.kind.into()))],
                )
                .into(),
            ),
            (
                "capabilities",
                Obj::Payload(
                    "MetafieldCapabilities",
                    vec![(
                        "uniqueValues",
                        Obj::Payload(
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

fn user_errors(errors: Vec<UserError>) -> Res {
    Res::List(
        errors
            .into_iter()
            .map(|e| Res::Obj(Obj::UserError(e)))
            .collect(),
    )
}

fn parse_identifier(value: &Value) -> Result<Identifier, String> {
    let object = value.as_object().cloned().unwrap_or_default();
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(id) = text("id") {
        return Ok(Identifier::Id(id));
    }
    if let Some(email) = text("emailAddress") {
        return Ok(Identifier::Email(email));
    }
    if let Some(phone) = text("phoneNumber") {
        return Ok(Identifier::Phone(phone));
    }
    if let Some(custom) = object.get("customId") {
        let part = |key: &str| custom[key].as_str().unwrap_or_default().to_owned();
        return Ok(Identifier::CustomId {
            namespace: part("namespace"),
            key: part("key"),
            value: part("value"),
        });
    }
    Err(unsupported("this customer identifier"))
}

fn parse_metafield(value: &Value) -> MetafieldInput {
    let text = |key: &str| value[key].as_str().map(str::to_owned);
    MetafieldInput {
        namespace: text("namespace").unwrap_or_else(|| "custom".to_owned()),
        key: text("key").unwrap_or_default(),
        value: text("value").unwrap_or_default(),
        kind: text("type"),
    }
}

/// The `CustomerInput` fields the emulator implements; any other field is refused.
fn parse_customer_input(value: &Value) -> Result<CustomerInput, String> {
    let mut input = CustomerInput::default();
    let object = value.as_object().cloned().unwrap_or_default();
    let nullable = |v: &Value| v.as_str().map(str::to_owned);
    for (key, v) in &object {
        match key.as_str() {
            "id" => input.id = v.as_str().map(str::to_owned),
            "firstName" => input.first_name = Some(nullable(v)),
            "lastName" => input.last_name = Some(nullable(v)),
            "email" => input.email = Some(nullable(v)),
            "phone" => input.phone = Some(nullable(v)),
            "locale" => input.locale = Some(nullable(v)),
            "note" => input.note = Some(nullable(v)),
            "taxExempt" => input.tax_exempt = v.as_bool(),
            "tags" => {
                input.tags = Some(match v {
                    Value::String(s) => vec![s.clone()],
                    Value::Array(items) => items
                        .iter()
                        .filter_map(|t| t.as_str().map(str::to_owned))
                        .collect(),
                    _ => Vec::new(),
                })
            }
            "metafields" => {
                input.metafields = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(parse_metafield)
                    .collect()
            }
            other => return Err(unsupported(&format!("the CustomerInput field '{other}'"))),
        }
    }
    Ok(input)
}
