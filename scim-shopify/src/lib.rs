//! SCIM users and groups provisioned into Shopify customers (see the project issues).
//!
//! - [`store`]: [`store::ShopifyStore`], the `ResourceStore` that keeps SCIM Users as
//!   customers, over the client and the mapping.
//!
//! Its parts:
//! - [`client`]: the Admin GraphQL client (named operations, rate limits, retries, tokens).
//! - [`mapping`]: the pure translation between SCIM Users and Groups and Shopify customers
//!   (write plans, reads, filter translation, group tags), with no I/O.
//! - `emulator` (feature `emulator`): an offline stand-in for the Admin GraphQL API.

pub mod client;
#[cfg(feature = "emulator")]
pub mod emulator;
pub mod mapping;
pub mod store;
