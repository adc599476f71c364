//! SCIM users and groups provisioned into Shopify customers: not built yet (see the project issues).

#[cfg(feature = "emulator")]
pub mod emulator;
