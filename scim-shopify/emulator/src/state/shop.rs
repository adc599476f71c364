//! One shop's data: its customers, its customer metafield definitions, and its metaobjects.

use std::time::Duration;

use crate::state::customers::Customers;
use crate::state::metafield_definitions::MetafieldDefinitions;
use crate::state::metaobjects::Metaobjects;

/// The data of one shop.
#[derive(Debug)]
pub(crate) struct Shop {
    /// The customers, their tags and metafields, and their search index.
    pub customers: Customers,
    /// The customer metafield definitions (`metafieldDefinitionCreate`), whose unique values
    /// the customers' metafields respect.
    pub metafield_definitions: MetafieldDefinitions,
    /// Metaobject definitions and entries.
    pub metaobjects: Metaobjects,
}

impl Shop {
    /// An empty shop whose search index shows a write `search_lag` after it.
    pub fn new(search_lag: Duration) -> Self {
        Shop {
            customers: Customers::new(search_lag),
            metafield_definitions: MetafieldDefinitions::default(),
            metaobjects: Metaobjects::new(),
        }
    }

    /// Seeds `count` customers a merchant already had; see [`Customers::seed`].
    pub fn seed_customers(&mut self, count: usize) -> Vec<String> {
        self.customers.seed(count, &self.metafield_definitions)
    }
}
