//! Shopify's `UserError`: an input path, a message, and for some payloads a code.

/// A Shopify `UserError`: the input path and the message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UserError {
    pub field: Option<Vec<String>>,
    pub message: String,
    /// The error code, for the payloads whose error type has one.
    pub code: Option<&'static str>,
}

impl UserError {
    /// An error without a code on the input path `field`.
    pub(crate) fn on(field: &[&str], message: impl Into<String>) -> Self {
        UserError {
            field: Some(field.iter().map(|f| (*f).to_owned()).collect()),
            message: message.into(),
            code: None,
        }
    }

    /// An error with the code `code` on the input path `field`.
    pub(crate) fn coded(field: &[&str], message: impl Into<String>, code: &'static str) -> Self {
        UserError {
            code: Some(code),
            ..UserError::on(field, message)
        }
    }
}
