//! The in-memory shop: the shop itself with its own metafields, its customers, customer
//! metafield definitions and metaobjects, with the normalisation, checks and `userErrors` of
//! the captured Shopify responses (and, where no capture shows one, of the schema's
//! documentation, as each module says), and the metafields' compare digests. It knows
//! nothing of GraphQL documents: the resolvers read and write it.

pub(crate) mod compare_digest;
pub(crate) mod customer;
pub(crate) mod customer_fields;
pub(crate) mod customers;
pub(crate) mod gid;
pub(crate) mod metafield;
pub(crate) mod metafield_definitions;
pub(crate) mod metafield_writes;
pub(crate) mod metaobject;
pub(crate) mod metaobjects;
pub(crate) mod shop;
pub(crate) mod user_error;
