//! The Admin GraphQL schema (2026-07), loaded once from the shared folder.

use std::path::PathBuf;
use std::sync::OnceLock;

use apollo_compiler::Schema;
use apollo_compiler::validation::Valid;

/// Where the shared corpus lives: `$SCIM_SHARED_DIR`, else `../../shared` beside the crate.
pub(crate) fn shared_dir() -> PathBuf {
    match std::env::var_os("SCIM_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

/// The schema file, relative to the shared folder.
pub(crate) const SCHEMA_PATH: &str = "shopify/schema/admin-2026-07.graphql";

static SCHEMA: OnceLock<Result<Valid<Schema>, String>> = OnceLock::new();

/// The parsed schema, or why it could not be loaded.
pub(crate) fn schema() -> Result<&'static Valid<Schema>, String> {
    SCHEMA
        .get_or_init(|| {
            let path = shared_dir().join(SCHEMA_PATH);
            let text = std::fs::read_to_string(&path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            match Schema::parse_and_validate(text, &path) {
                Ok(schema) => Ok(schema),
                // Shopify's SDL has a few quirks the strict validator reports; the types are
                // complete, which is all validation of operations needs.
                Err(with_errors) => Ok(Valid::assume_valid(with_errors.partial)),
            }
        })
        .as_ref()
        .map_err(Clone::clone)
}
