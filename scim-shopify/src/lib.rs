//! SCIM users and groups provisioned into Shopify customers (see the project issues).
//!
//! - [`store`]: [`store::ShopifyStore`], the `ResourceStore` that keeps SCIM Users as
//!   customers and Groups as metaobjects, over the client and the mapping: one part per
//!   resource type ([`store::users`], [`store::groups`]), and the lists both page in
//!   Shopify's order ([`store::lists`]).
//!
//! Its parts:
//! - [`client`]: the Admin GraphQL client (named operations, rate limits, retries, tokens).
//! - [`mapping`]: the pure translation between SCIM Users and Groups and Shopify customers
//!   (write plans, reads, filter translation, group tags), with no I/O.
//!
//! The client and the mapping know nothing of each other or of the store (the walls of the
//! workspace's `ARCHITECTURE.md`, which its conformance tests check): the mapping returns plans of its own, and the store
//! converts them to the client's requests, and the client's answers to the mapping's model.
//!
//! Its tests run against an offline stand-in for the Admin GraphQL API, the crate
//! `scim2-shopify-emulator` (library `scim_shopify_emulator`), which is not part of this one.

pub mod client;
pub mod mapping;
pub mod store;

/// The examples of the crate's README, run as document tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
