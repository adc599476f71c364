//! An offline Shopify Admin GraphQL API for tests and for trying the product without a store.
//!
//! A test double, kept out of the product crate: it speaks Shopify's Admin API and knows
//! nothing of SCIM or of the crates that use it. Shopify's schema ([`ADMIN_SCHEMA`]) is
//! compiled in, so a binary that embeds the emulator reads no file at run time; the
//! responses recorded from real Shopify stores that hold it to Shopify's behaviour are
//! the module `captures` (feature `captures`, for tests).
//!
//! [`Emulator::start`] serves `POST /admin/api/{version}/graphql.json` on loopback. Each request
//! is authenticated by `X-Shopify-Access-Token` (each configured token is one app on one shop),
//! parsed and validated against the 2026-07 schema, charged to the shop's leaky bucket by its
//! requested cost, and executed over an in-memory shop. It implements the shop itself
//! (`shop { id }`, `gid://shopify/Shop/N` with N the shop's position in the configuration,
//! from 1, the shape the captures show; its own metafields, `shop { metafield metafields }`,
//! owner type `SHOP`; no other field of the shop); customers
//! (`customer`, `customerByIdentifier` by id, email, phone or custom id, `customers` search
//! with an index lag, `customerCreate`, `customerUpdate`, `customerDelete`,
//! `customerRequestDataErasure`), `tagsAdd`/`tagsRemove`, `metafieldsSet` (atomic, with the
//! compare-and-set of `compareDigest`: a stale digest answers `STALE_OBJECT`; the schema's
//! documentation is its oracle, no capture records one) and `metafieldsDelete` on customers
//! and on the shop, mixed in one call, each metafield answering its `compareDigest`;
//! `nodes(ids:)` over the shop, customers and metaobjects; and metaobjects: definitions
//! (`metaobjectDefinitionCreate`, `metaobjectDefinitionByType`, `metaobjectDefinitionUpdate`
//! of the name, description and display-name key, `metaobjectDefinitionDelete`; a
//! `$app:name` type resolves to `app--347082227713--name`, the captured app's id) and
//! entries (`metaobjectCreate`, `metaobjectUpdate`, `metaobjectDelete`, `metaobject(id:)`,
//! `metaobjectByHandle`, `metaobjects(type:)` paged by id), with the
//! captured `userErrors` (taken type or handle, short or invalid type, record not found,
//! duplicate field input, blank required field); and customer metafield definitions
//! (`metafieldDefinitionCreate`, `metafieldDefinitions`) whose `uniqueValues` the writes
//! respect and whose type a customer metafield set without one takes (definitions are per
//! owner type, and there are none for the shop: a shop metafield needs its `type` and has no
//! unique values).
//! Any other field answers a GraphQL error saying the emulator does not support it.
//! A mutation's root fields run one after another in document order, each answered under
//! its alias, and cost 10 each plus what their payloads select. [`Faults`] injects 5xx,
//! dropped connections, delays and throttling, before a request is executed or after, into
//! the next requests whatever their operation or, through [`Faults::on`] and its
//! [`ScopedFaults`], into the next requests of one operation only (its `operationName` or
//! the name of its document's single operation), so that a client sending several
//! operations for one task can be failed at one of them.
//! [`RunningEmulator::hold`] holds a group of requests of one operation until all have
//! arrived, so that concurrent read-modify-write clients all read before any writes, and
//! [`Stats`] counts per operation the calls, their cost and the `userErrors` answered by
//! code (`STALE_OBJECT`, `TAKEN`, ...): the losers of a race a test provoked.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};
//!
//! let emulator = Emulator::start(EmulatorConfig::new().shop("shpat_test", Plan::Standard)).await?;
//! let url = emulator.graphql_url("2026-07");
//! // POST {"query": "..."} to `url` with `X-Shopify-Access-Token: shpat_test`.
//! emulator.stop().await;
//! # Ok(()) }
//! ```

mod bucket;
#[cfg(any(test, feature = "captures"))]
pub mod captures;
mod config;
mod cost;
mod emulator;
mod faults;
mod graphql;
mod hold;
mod input;
mod resolvers;
mod schema;
mod search;
mod server;
mod state;
mod stats;
mod validate;

pub use bucket::Plan;
pub use config::EmulatorConfig;
pub use emulator::{Emulator, RunningEmulator};
pub use faults::{Faults, ScopedFaults};
pub use schema::{ADMIN_API_VERSION, ADMIN_SCHEMA};
pub use stats::{OperationStats, Stats};

/// The examples of the crate's README, run as document tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
