//! SCIM users and groups provisioned into Shopify customers (see the project issues).
//!
//! Built so far: [`client`], the Admin GraphQL client the Shopify store will use; and,
//! behind the `emulator` feature, `emulator`, an offline stand-in for the Admin GraphQL API.

pub mod client;
#[cfg(feature = "emulator")]
pub mod emulator;
