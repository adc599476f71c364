//! SCIM users and groups provisioned into Shopify customers.
//!
//! - [`mapping`]: the pure translation between SCIM Users and Groups and Shopify customers
//!   (write plans, reads, filter translation, group tags), with no I/O.

pub mod mapping;
