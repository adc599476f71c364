//! What a shop needs before the store can serve it: the unique metafield definitions behind
//! `userName` and `externalId`
//! ([`ShopifyStore::ensure_definitions`](crate::store::ShopifyStore::ensure_definitions)).

use std::fmt;

use crate::client::ShopifyError;
use crate::client::operations::{
    MetafieldDefinitionCreate, MetafieldDefinitionCreateVariables, MetafieldDefinitionInput,
    MetafieldDefinitions, MetafieldDefinitionsVariables,
};

use super::shop::Shop;
use super::user_names;
use crate::mapping::MetafieldSpec;

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
                write!(f, "Shopify refused a metafield definition: {detail}")
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

/// Makes sure the shop has the customer metafield definitions behind `userName` and
/// `externalId`; see
/// [`ShopifyStore::ensure_definitions`](crate::store::ShopifyStore::ensure_definitions).
/// `Created` when either was made now.
pub(crate) async fn ensure_definitions(shop: &Shop) -> Result<Definitions, SetupError> {
    let config = &shop.config;
    let external_id = ensure_unique_id(shop, &config.external_id, "externalId").await?;
    let user_name = ensure_unique_id(shop, &config.user_name, "userName").await?;
    let (shop_gid, marked) = user_names::read_mark(shop)
        .await
        .map_err(SetupError::Shopify)?;
    if marked {
        shop.mark_user_names_indexed();
    } else if external_id == Definitions::Created && user_name == Definitions::Created {
        // Both made now: the shop never had SCIM's customers, so none lacks its key.
        user_names::mark(shop, &shop_gid)
            .await
            .map_err(SetupError::Shopify)?
            .map_err(SetupError::Refused)?;
    } else {
        tracing::info!(
            "customers provisioned before the unique userName key may lack it: userName \
             filters search until ShopifyStore::index_user_names has given it to them"
        );
    }
    Ok(
        if external_id == Definitions::Created || user_name == Definitions::Created {
            Definitions::Created
        } else {
            Definitions::Present
        },
    )
}

/// Makes sure the shop has a customer metafield definition of type `id` with unique values
/// at `spec` (the metafield behind `attribute`): looked up first, created when missing (a
/// create that loses a race with another instance, `TAKEN`, counts as present).
async fn ensure_unique_id(
    shop: &Shop,
    spec: &MetafieldSpec,
    attribute: &str,
) -> Result<Definitions, SetupError> {
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
                 delete it or map {attribute} to another metafield",
                existing.r#type.name, spec.kind
            )));
        }
        if !existing.capabilities.unique_values.enabled {
            return Err(SetupError::Conflict(format!(
                "the customer metafield definition {name} does not require unique values; \
                 enable them in the Shopify admin or map {attribute} to another metafield"
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
                format!("SCIM {attribute}"),
            ),
        })
        .await
        .map_err(SetupError::Shopify)?;
    let payload = created.data.metafield_definition_create;
    if payload.user_errors.is_empty() {
        tracing::info!(definition = %name, "created the {attribute} metafield definition");
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
    Err(SetupError::Refused(format!(
        "{name}: {}",
        payload
            .user_errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    )))
}
