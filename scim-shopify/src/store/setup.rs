//! What a shop needs before the store can serve it: the unique metafield definition behind
//! `externalId` ([`ShopifyStore::ensure_definitions`](crate::store::ShopifyStore::ensure_definitions)).

use std::fmt;

use crate::client::ShopifyError;
use crate::client::operations::{
    MetafieldDefinitionCreate, MetafieldDefinitionCreateVariables, MetafieldDefinitionInput,
    MetafieldDefinitions, MetafieldDefinitionsVariables,
};

use super::shop::Shop;

/// What [`ShopifyStore::ensure_definitions`](crate::store::ShopifyStore::ensure_definitions) found
/// or did.
///
/// ```
/// use scim_shopify::store::Definitions;
/// assert_ne!(Definitions::Created, Definitions::Present);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Definitions {
    /// The definitions were there already.
    Present,
    /// The store created them.
    Created,
}

/// Why the shop cannot be set up; the server should not start.
///
/// ```
/// use scim_shopify::store::SetupError;
///
/// let err = SetupError::Conflict("scim.external_id is of type json".into());
/// assert!(err.to_string().contains("scim.external_id"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum SetupError {
    /// Shopify could not be asked (network, credentials, access scopes...).
    Shopify(ShopifyError),
    /// Shopify refused the definition; its `userErrors`, verbatim.
    Refused(String),
    /// A definition at the same namespace and key exists but cannot serve (another type, or
    /// values that need not be unique).
    Conflict(String),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::Shopify(err) => {
                write!(f, "cannot read or write metafield definitions: {err}")
            }
            SetupError::Refused(detail) => {
                write!(
                    f,
                    "Shopify refused the externalId metafield definition: {detail}"
                )
            }
            SetupError::Conflict(detail) => f.write_str(detail),
        }
    }
}

impl std::error::Error for SetupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SetupError::Shopify(err) => Some(err),
            _ => None,
        }
    }
}

/// Makes sure the shop has the customer metafield definition behind `externalId`; see
/// [`ShopifyStore::ensure_definitions`](crate::store::ShopifyStore::ensure_definitions).
pub(crate) async fn ensure_definitions(shop: &Shop) -> Result<Definitions, SetupError> {
    let spec = &shop.config.external_id;
    let name = format!("{}.{}", spec.namespace, spec.key);
    let found = shop
        .client
        .execute::<MetafieldDefinitions>(&MetafieldDefinitionsVariables {
            namespace: spec.namespace.clone(),
            key: spec.key.clone(),
        })
        .await
        .map_err(SetupError::Shopify)?;
    if let Some(existing) = found.data.metafield_definitions.nodes.first() {
        if existing.r#type.name != spec.kind {
            return Err(SetupError::Conflict(format!(
                "the customer metafield definition {name} is of type {}, not {}; \
                 delete it or map externalId to another metafield",
                existing.r#type.name, spec.kind
            )));
        }
        if !existing.capabilities.unique_values.enabled {
            return Err(SetupError::Conflict(format!(
                "the customer metafield definition {name} does not require unique values; \
                 enable them in the Shopify admin or map externalId to another metafield"
            )));
        }
        return Ok(Definitions::Present);
    }
    let created = shop
        .client
        .execute::<MetafieldDefinitionCreate>(&MetafieldDefinitionCreateVariables {
            definition: MetafieldDefinitionInput::unique_customer_id(
                &spec.namespace,
                &spec.key,
                "SCIM externalId",
            ),
        })
        .await
        .map_err(SetupError::Shopify)?;
    let payload = created.data.metafield_definition_create;
    if payload.user_errors.is_empty() {
        tracing::info!(definition = %name, "created the externalId metafield definition");
        return Ok(Definitions::Created);
    }
    // Another instance created it between the lookup and the create.
    if payload
        .user_errors
        .iter()
        .all(|e| e.code.as_deref() == Some("TAKEN"))
    {
        return Ok(Definitions::Present);
    }
    Err(SetupError::Refused(
        payload
            .user_errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    ))
}
