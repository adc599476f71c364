//! The Admin GraphQL schema (2026-07) every request is validated against, compiled in from
//! `schema/admin-2026-07.graphql` (see `schema/README.md`) and parsed once.

use std::sync::OnceLock;

use apollo_compiler::Schema;
use apollo_compiler::validation::Valid;

/// The Admin API version of [`ADMIN_SCHEMA`], the one the emulator speaks.
pub const ADMIN_API_VERSION: &str = "2026-07";

/// Shopify's Admin GraphQL schema for [`ADMIN_API_VERSION`], as SDL text: what the emulator
/// validates requests against, and what a client's documents can be checked against in its
/// tests.
///
/// ```
/// assert!(scim_shopify_emulator::ADMIN_SCHEMA.contains("type Customer "));
/// ```
pub const ADMIN_SCHEMA: &str = include_str!("../schema/admin-2026-07.graphql");

static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();

/// The parsed schema.
pub(crate) fn schema() -> &'static Valid<Schema> {
    SCHEMA.get_or_init(|| {
        match Schema::parse_and_validate(ADMIN_SCHEMA, "admin-2026-07.graphql") {
            Ok(schema) => schema,
            // Shopify's SDL has a few quirks the strict validator reports; the types are
            // complete, which is all validation of operations needs.
            Err(with_errors) => Valid::assume_valid(with_errors.partial),
        }
    })
}
