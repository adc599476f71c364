//! What can go wrong while mapping.

use scim_core::ScimError;

/// A mapping error: a configuration that cannot work, or a resource the mapping cannot
/// represent.
///
/// ```
/// use scim_shopify::mapping::{MappingError, TagTemplate};
///
/// let err = TagTemplate::parse("dept").unwrap_err();
/// assert!(matches!(err, MappingError::TagTemplate { .. }));
/// let scim: scim_core::ScimError = err.into();
/// assert_eq!(scim.status(), 400);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MappingError {
    /// A tag template that cannot be used.
    #[error("invalid tag template {template:?}: {reason}")]
    TagTemplate {
        /// The template as written.
        template: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// A rule's attribute path does not parse.
    #[error("invalid attribute path {0:?}")]
    AttrPath(String),
    /// Two parts of the configuration write the same place, or a rule is not allowed.
    #[error("invalid mapping: {0}")]
    Conflict(String),
    /// A group display name that leaves no tag once sanitised.
    #[error("the group name {0:?} makes no valid Shopify tag")]
    EmptyGroupTag(String),
    /// Mapping JSON that is not the format ([`MappingConfig::from_json`](super::MappingConfig::from_json)).
    #[error("invalid mapping file: {0}")]
    File(String),
    /// A resource the mapping cannot represent.
    #[error("{0}")]
    Resource(String),
}

/// A mapping error as the client sees it: `400 invalidValue`.
impl From<MappingError> for ScimError {
    fn from(err: MappingError) -> Self {
        ScimError::invalid_value(err.to_string())
    }
}
