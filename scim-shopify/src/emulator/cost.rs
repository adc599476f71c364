//! Query cost (Shopify's calculated cost) and the per-shop leaky bucket.
//!
//! Rules, checked against the captures: scalars and enums 0; objects 1; a few value-like types
//! (money, addresses, marketing consent) 0; connections 2 plus `first` (or `last`) times the
//! cost of one node; a mutation 10, plus whatever its payload's objects select below their
//! first level.

use std::time::Instant;

use apollo_compiler::ExecutableDocument;
use apollo_compiler::Schema;
use apollo_compiler::executable::{Field, Operation, OperationType, Selection, SelectionSet};
use serde_json::Value;

use super::execute::argument;

/// Types Shopify does not charge for (observed in the captures).
const FREE_TYPES: &[&str] = &[
    "MoneyV2",
    "MailingAddress",
    "CustomerEmailMarketingConsentState",
    "CustomerSmsMarketingConsentState",
    "PageInfo",
];

struct Costing<'a> {
    schema: &'a Schema,
    document: &'a ExecutableDocument,
    variables: &'a serde_json::Map<String, Value>,
}

/// The requested cost of an operation.
pub(crate) fn requested_cost(
    schema: &Schema,
    document: &ExecutableDocument,
    operation: &Operation,
    variables: &serde_json::Map<String, Value>,
) -> u64 {
    let costing = Costing {
        schema,
        document,
        variables,
    };
    let mutation = operation.operation_type == OperationType::Mutation;
    costing
        .fields(&operation.selection_set)
        .map(|field| {
            if mutation {
                10 + costing
                    .fields(&field.selection_set)
                    .map(|payload_field| {
                        if costing.is_connection(payload_field) {
                            costing.field(payload_field)
                        } else {
                            costing.children(&payload_field.selection_set)
                        }
                    })
                    .sum::<u64>()
            } else {
                costing.field(field)
            }
        })
        .sum()
}

impl<'a> Costing<'a> {
    /// The fields of a selection set, fragments flattened.
    fn fields(&self, set: &'a SelectionSet) -> std::vec::IntoIter<&'a Field> {
        let mut out = Vec::new();
        self.collect(set, &mut out);
        out.into_iter()
    }

    fn collect(&self, set: &'a SelectionSet, out: &mut Vec<&'a Field>) {
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => out.push(field),
                Selection::InlineFragment(fragment) => self.collect(&fragment.selection_set, out),
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = self.document.fragments.get(&spread.fragment_name) {
                        self.collect(&fragment.selection_set, out)
                    }
                }
            }
        }
    }

    fn is_connection(&self, field: &Field) -> bool {
        field
            .ty()
            .inner_named_type()
            .as_str()
            .ends_with("Connection")
    }

    fn children(&self, set: &SelectionSet) -> u64 {
        self.fields(set).map(|f| self.field(f)).sum()
    }

    fn field(&self, field: &Field) -> u64 {
        let ty = field.ty().inner_named_type();
        let leaf = self.schema.types.get(ty).is_none_or(|t| t.is_leaf());
        if leaf {
            return 0;
        }
        if self.is_connection(field) {
            let size = ["first", "last"]
                .iter()
                .find_map(|name| argument(field, name, self.variables).and_then(|v| v.as_u64()))
                .unwrap_or(0);
            let node: u64 = self
                .fields(&field.selection_set)
                .map(|f| match f.name.as_str() {
                    "nodes" => self.field(f),
                    "edges" => self.children(&f.selection_set),
                    _ => 0,
                })
                .sum();
            return 2 + size * node;
        }
        let own = u64::from(!FREE_TYPES.contains(&ty.as_str()));
        own + self.children(&field.selection_set)
    }
}

/// Rate limits of a Shopify plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Standard and Basic plans: 2000 points, restoring 100 per second.
    Standard,
    /// Advanced: 4000 points, restoring 200 per second.
    Advanced,
    /// Shopify Plus: 20000 points, restoring 1000 per second.
    Plus,
}

impl Plan {
    /// The bucket's size in points.
    pub fn maximum_available(self) -> f64 {
        match self {
            Plan::Standard => 2000.0,
            Plan::Advanced => 4000.0,
            Plan::Plus => 20000.0,
        }
    }

    /// Points restored per second.
    pub fn restore_rate(self) -> f64 {
        self.maximum_available() / 20.0
    }
}

/// A leaky bucket of query cost points.
#[derive(Debug)]
pub(crate) struct Bucket {
    plan: Plan,
    available: f64,
    at: Instant,
}

impl Bucket {
    pub fn new(plan: Plan) -> Self {
        Bucket {
            plan,
            available: plan.maximum_available(),
            at: Instant::now(),
        }
    }

    fn refill(&mut self) {
        let now = Instant::now();
        let restored = now.duration_since(self.at).as_secs_f64() * self.plan.restore_rate();
        self.available = (self.available + restored).min(self.plan.maximum_available());
        self.at = now;
    }

    /// Takes `cost` points when available; `false` (nothing taken) when not.
    pub fn take(&mut self, cost: u64) -> bool {
        self.refill();
        if cost as f64 > self.available {
            return false;
        }
        self.available -= cost as f64;
        true
    }

    /// Empties the bucket (a forced throttling burst).
    pub fn drain(&mut self) {
        self.refill();
        self.available = 0.0;
    }

    /// `extensions.cost.throttleStatus`.
    pub fn status(&mut self) -> Value {
        self.refill();
        serde_json::json!({
            "maximumAvailable": self.plan.maximum_available() as u64,
            "currentlyAvailable": self.available.floor() as u64,
            "restoreRate": self.plan.restore_rate() as u64,
        })
    }
}
