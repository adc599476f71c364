//! One shop's data: the shop itself (its id and its own metafields), its customers, its
//! customer metafield definitions, and its metaobjects.
//!
//! The shop's gid: the captures show Shopify's shape, `gid://shopify/Shop/N`
//! (`captures/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-mutation-allowed-roots.json`,
//! `shop { id }` answering `gid://shopify/Shop/92891250994`, requested and charged 1). An
//! emulated shop's N is its position among the emulator's configured shops, from 1: stable
//! across runs, and distinct between the shops of one emulator.

use std::time::Duration;

use crate::state::customers::Customers;
use crate::state::metafield::Metafield;
use crate::state::metafield_definitions::MetafieldDefinitions;
use crate::state::metaobjects::Metaobjects;

/// The shop as a resource of the API (the `Shop` object): its id and its own metafields,
/// apart from the resources it holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShopResource {
    pub id: u64,
    /// Its metafields (owner type `SHOP`), which no metafield definition governs: the
    /// emulator's definitions are for customers.
    pub metafields: Vec<Metafield>,
}

impl ShopResource {
    /// The gid, `gid://shopify/Shop/N`.
    pub fn gid(&self) -> String {
        format!("gid://shopify/Shop/{}", self.id)
    }
}

/// The data of one shop.
#[derive(Debug)]
pub(crate) struct Shop {
    /// The shop itself: its id and its own metafields.
    pub resource: ShopResource,
    /// The customers, their tags and metafields, and their search index.
    pub customers: Customers,
    /// The customer metafield definitions (`metafieldDefinitionCreate`), whose unique values
    /// the customers' metafields respect.
    pub metafield_definitions: MetafieldDefinitions,
    /// Metaobject definitions and entries.
    pub metaobjects: Metaobjects,
}

impl Shop {
    /// An empty shop numbered `id` (its gid `gid://shopify/Shop/{id}`) whose search index
    /// shows a write `search_lag` after it.
    pub fn new(id: u64, search_lag: Duration) -> Self {
        Shop {
            resource: ShopResource {
                id,
                metafields: Vec::new(),
            },
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
