//! The resolvers of Shopify's Admin API fields over the shop, one module per area, and the
//! execution of an operation with them.

pub(crate) mod customers;
pub(crate) mod metafields;
pub(crate) mod metaobjects;
pub(crate) mod objects;
pub(crate) mod operation;
pub(crate) mod shop;
