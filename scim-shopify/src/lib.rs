//! SCIM users and groups provisioned into Shopify customers (see the project issues).
//!
//! Built so far: [`client`], the Admin GraphQL client the Shopify store will use.

pub mod client;
