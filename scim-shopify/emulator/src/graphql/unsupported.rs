//! The error a field answers when the emulator does not implement it: one wording, one code.

/// The `extensions.code` of a field's error in the emulator.
pub(crate) const UNSUPPORTED_CODE: &str = "UNSUPPORTED_BY_EMULATOR";

/// "The Shopify emulator does not support `what`".
pub(crate) fn unsupported(what: &str) -> String {
    format!("The Shopify emulator does not support {what}")
}
