//! Executing one operation over a shop: the projection of its selection sets, with each root
//! field resolved by the resolvers of its area (the shop itself, customers, metafields,
//! metaobjects; `nodes` over the shop, customers and metaobjects), and each field of an
//! answered object by its type's.

use apollo_compiler::ExecutableDocument;
use apollo_compiler::Schema;
use apollo_compiler::executable::{Field, Operation, OperationType};
use serde_json::Value;

use crate::graphql::arguments::{Variables, argument};
use crate::graphql::projection::{Resolve, project};
use crate::graphql::resolved::{Object, Resolved};
use crate::graphql::unsupported::unsupported;
use crate::resolvers::{customers, metafields, metaobjects, objects, shop};
use crate::state::shop::Shop;

/// What one operation answered.
pub(crate) struct Executed {
    /// The answer's `data`.
    pub data: Value,
    /// The answer's `errors`.
    pub errors: Vec<Value>,
    /// The `userErrors` its root fields answered, each by its code, or by its message when it
    /// has none, selected or not.
    pub user_errors: Vec<String>,
}

/// Executes `operation` of `document` over `shop`.
pub(crate) fn execute(
    schema: &Schema,
    document: &ExecutableDocument,
    operation: &Operation,
    variables: &Variables,
    shop: &mut Shop,
) -> Executed {
    let mut resolvers = Resolvers {
        shop,
        variables,
        user_errors: Vec::new(),
    };
    let (data, errors) = project(schema, document, operation, &mut resolvers);
    Executed {
        data,
        errors,
        user_errors: resolvers.user_errors,
    }
}

/// The resolvers of one operation: the shop they read and write, the variables, and the
/// `userErrors` answered so far.
struct Resolvers<'a> {
    shop: &'a mut Shop,
    variables: &'a Variables,
    user_errors: Vec<String>,
}

impl Resolve for Resolvers<'_> {
    fn root(&mut self, kind: OperationType, field: &Field) -> Result<Resolved, String> {
        let resolved = match kind {
            OperationType::Mutation => self.mutation(field),
            OperationType::Query => self.query(field),
            OperationType::Subscription => Err(unsupported("subscriptions")),
        };
        if let Ok(resolved) = &resolved {
            self.user_errors.extend(resolved.user_errors());
        }
        resolved
    }

    fn field(&mut self, object: &Object, field: &Field) -> Result<Resolved, String> {
        objects::field(object, field, self.variables)
    }
}

impl Resolvers<'_> {
    /// A query root field.
    fn query(&mut self, field: &Field) -> Result<Resolved, String> {
        let (shop, variables) = (&*self.shop, self.variables);
        if field.name == "nodes" {
            return Ok(nodes(shop, field, variables));
        }
        shop::query(shop, field)
            .or_else(|| customers::query(shop, field, variables))
            .or_else(|| metafields::query(shop, field, variables))
            .or_else(|| metaobjects::query(&shop.metaobjects, field, variables))
            .unwrap_or_else(|| Err(unsupported(&format!("the query field '{}'", field.name))))
    }

    /// A mutation root field.
    fn mutation(&mut self, field: &Field) -> Result<Resolved, String> {
        let variables = self.variables;
        if let Some(resolved) = customers::mutation(self.shop, field, variables) {
            return resolved;
        }
        if let Some(resolved) = metafields::mutation(self.shop, field, variables) {
            return resolved;
        }
        metaobjects::mutation(&mut self.shop.metaobjects, field, variables)
            .unwrap_or_else(|| Err(unsupported(&format!("the mutation '{}'", field.name))))
    }
}

/// `nodes(ids:)`: per id, in order, the shop, customer or metaobject it names, or null.
fn nodes(shop: &Shop, field: &Field, variables: &Variables) -> Resolved {
    let ids = argument(field, "ids", variables).unwrap_or_default();
    let ids: Vec<&str> = ids
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    Resolved::List(
        ids.iter()
            .map(|id| {
                if let Some(node) = shop::node(shop, id) {
                    return node;
                }
                match shop.customers.customer(id) {
                    Some(c) => customers::customer(Some(c)),
                    None => metaobjects::node(&shop.metaobjects, id),
                }
            })
            .collect(),
    )
}
