//! The unique `userName` key ([`MappingConfig::user_name`](crate::mapping::MappingConfig::user_name))
//! on a shop whose customers were provisioned before it existed.
//!
//! A customer gets its key when it is created, and on every write that finds it missing.
//! Until every customer that holds a User with a name that is not an email address has one,
//! a `userName eq` that the key does not find asks again the way it did before the key (a
//! search), or a user provisioned earlier would be missed and provisioned twice. The shop
//! keeps a mark ([`INDEXED_KEY`]) once that holds:
//! - [`ensure_definitions`](crate::store::ShopifyStore::ensure_definitions) reads it; when it
//!   makes both unique definitions at once, the shop never had SCIM's customers and it
//!   marks the shop itself;
//! - [`index_user_names`](crate::store::ShopifyStore::index_user_names) walks every
//!   customer in Shopify's order and gives the key to those that hold a User (they carry
//!   the mapping's JSON metafield) and lack it, 25 to a `metafieldsSet`; with no two of them
//!   named alike, it marks the shop.
//!
//! An address-shaped name the key does not find is always looked up by email too (1 call):
//! a merchant's own customer holds no key, and its email is its `userName`.

use scim_core::store::StoreError;

use super::convert;
use super::errors;
use super::shop::Shop;
use crate::client::ShopifyError;
use crate::client::operations::{
    Customers, CustomersVariables, MAX_CUSTOMERS_PER_PAGE, MetafieldsSet, MetafieldsSetInput,
    MetafieldsSetVariables, ShopMetafield, ShopMetafieldVariables,
};
use crate::mapping::{Customer, customer_to_user, user_name_key};

/// The key of the shop metafield (in the mapping's namespace, type `boolean`) that marks
/// every customer holding a User as holding its unique `userName` key.
pub const INDEXED_KEY: &str = "user_names_indexed";

/// The most metafields one `metafieldsSet` takes.
const SET_AT_ONCE: usize = 25;

/// What [`index_user_names`](crate::store::ShopifyStore::index_user_names) did.
///
/// ```
/// let report = scim_shopify::store::UserNameIndex::default();
/// assert!(report.clashes.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserNameIndex {
    /// Customers read.
    pub read: usize,
    /// Customers given their key now.
    pub keyed: usize,
    /// Customers whose key another customer holds: two Users named alike in any case, made
    /// before the key refused the second. Each keeps no key (the shop is not marked) until
    /// one of the two is renamed or deleted; their numeric ids.
    pub clashes: Vec<String>,
}

/// Whether the shop is marked as indexed; the shop's gid beside it.
pub(crate) async fn read_mark(shop: &Shop) -> Result<(String, bool), ShopifyError> {
    let answer = shop
        .client
        .execute::<ShopMetafield>(&ShopMetafieldVariables {
            namespace: shop.config.user_name.namespace.clone(),
            key: INDEXED_KEY.to_owned(),
        })
        .await?;
    let data = answer.data.shop;
    let marked = data.metafield.is_some_and(|m| m.value == "true");
    Ok((data.id, marked))
}

/// Marks the shop as indexed; `Ok(Err(..))` with Shopify's refusal.
pub(crate) async fn mark(shop: &Shop, shop_gid: &str) -> Result<Result<(), String>, ShopifyError> {
    let answer = shop
        .client
        .execute::<MetafieldsSet>(&MetafieldsSetVariables {
            metafields: vec![MetafieldsSetInput {
                owner_id: shop_gid.to_owned(),
                namespace: shop.config.user_name.namespace.clone(),
                key: INDEXED_KEY.to_owned(),
                r#type: "boolean".to_owned(),
                value: "true".to_owned(),
                compare_digest: None,
            }],
        })
        .await?;
    let payload = answer.data.metafields_set;
    if !payload.user_errors.is_empty() {
        let refused = payload.user_errors.iter().map(|e| e.message.as_str());
        return Ok(Err(refused.collect::<Vec<_>>().join("; ")));
    }
    shop.mark_user_names_indexed();
    Ok(Ok(()))
}

/// Gives every customer that holds a User and lacks it its unique `userName` key, and marks
/// the shop when no two clash.
pub(crate) async fn index(shop: &Shop) -> Result<UserNameIndex, StoreError> {
    let (shop_gid, marked) = read_mark(shop)
        .await
        .map_err(|e| errors::backend("reading the shop's userName index mark", e))?;
    if marked {
        shop.mark_user_names_indexed();
        return Ok(UserNameIndex::default());
    }
    let mut report = UserNameIndex::default();
    let mut pending: Vec<MetafieldsSetInput> = Vec::new();
    let mut after = None;
    loop {
        let answer = shop
            .client
            .execute::<Customers>(&CustomersVariables {
                query: None,
                first: MAX_CUSTOMERS_PER_PAGE,
                after: after.take(),
                metafield_namespace: shop.ns(),
            })
            .await
            .map_err(|e| errors::backend("reading customers to index their userName", e))?;
        let page = answer.data.customers;
        let read = page.nodes.len();
        report.read += read;
        for customer in page.nodes.into_iter().map(convert::customer) {
            if let Some(input) = missing_key(shop, &customer)? {
                pending.push(input);
            }
            if pending.len() == SET_AT_ONCE {
                set_keys(shop, std::mem::take(&mut pending), &mut report).await?;
            }
        }
        match page.page_info.end_cursor {
            Some(cursor) if page.page_info.has_next_page && read > 0 => after = Some(cursor),
            _ => break,
        }
    }
    set_keys(shop, pending, &mut report).await?;
    if report.clashes.is_empty() {
        mark(shop, &shop_gid)
            .await
            .map_err(|e| errors::backend("marking the shop's userNames indexed", e))?
            .map_err(|refused| {
                StoreError::backend("marking the shop's userNames indexed", refused)
            })?;
    } else {
        tracing::warn!(
            customers = ?report.clashes,
            "customers hold Users named alike (in another case): they keep no unique userName \
             key, and userName filters on this shop keep searching, until one of each is \
             renamed or deleted"
        );
    }
    Ok(report)
}

/// The key `customer` lacks, when it holds a User (the mapping's JSON metafield).
fn missing_key(shop: &Shop, customer: &Customer) -> Result<Option<MetafieldsSetInput>, StoreError> {
    let config = &shop.config;
    let holds_user = customer
        .metafield(&config.resource.namespace, &config.resource.key)
        .is_some();
    let keyed = customer
        .metafield(&config.user_name.namespace, &config.user_name.key)
        .is_some();
    if !holds_user || keyed {
        return Ok(None);
    }
    let user = customer_to_user(config, customer, |_| None)
        .map_err(|e| StoreError::backend("reading a customer's User", e))?;
    let Some(user_name) = user.get("userName").and_then(|v| v.as_str()) else {
        return Ok(None);
    };
    Ok(Some(MetafieldsSetInput {
        owner_id: customer.id.clone(),
        namespace: config.user_name.namespace.clone(),
        key: config.user_name.key.clone(),
        r#type: config.user_name.kind.clone(),
        value: user_name_key(user_name),
        // Not if the customer got its key meanwhile (a write).
        compare_digest: Some(None),
    }))
}

/// Sets `keys` in one `metafieldsSet`; when Shopify refuses the batch (it is atomic) because
/// one key is taken, one by one, each refused one a clash.
async fn set_keys(
    shop: &Shop,
    keys: Vec<MetafieldsSetInput>,
    report: &mut UserNameIndex,
) -> Result<(), StoreError> {
    if keys.is_empty() {
        return Ok(());
    }
    let count = keys.len();
    if send(shop, keys.clone()).await? {
        report.keyed += count;
        return Ok(());
    }
    for key in keys {
        let owner = key.owner_id.clone();
        if send(shop, vec![key]).await? {
            report.keyed += 1;
        } else {
            let id = owner.rsplit('/').next().unwrap_or(&owner).to_owned();
            report.clashes.push(id);
        }
    }
    Ok(())
}

/// One `metafieldsSet`: `true` when it set them, `false` when a key is taken, an error for
/// anything else Shopify refused.
async fn send(shop: &Shop, keys: Vec<MetafieldsSetInput>) -> Result<bool, StoreError> {
    let answer = shop
        .client
        .execute::<MetafieldsSet>(&MetafieldsSetVariables { metafields: keys })
        .await
        .map_err(|e| errors::backend("giving customers their userName key", e))?;
    let errors_ = answer.data.metafields_set.user_errors;
    if errors_.is_empty() {
        return Ok(true);
    }
    if errors_.iter().all(|e| e.code.as_deref() == Some("TAKEN")) {
        return Ok(false);
    }
    Err(errors::user_errors(&errors_))
}
