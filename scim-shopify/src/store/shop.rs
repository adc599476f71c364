//! [`Shop`]: what the Users and Groups parts of a store share (the client, the mapping, the
//! metafield namespace every customer read selects, the cap on filtered lists, and what
//! lists in Shopify's order learnt), and the answers both parts give alike.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use scim_core::ScimError;
use scim_core::resource::Version;
use scim_core::store::{StoreError, Stored};

use super::lists::Snapshots;
use crate::client::ShopifyClient;
use crate::client::operations::CUSTOMER_METAFIELDS;
use crate::mapping::{Customer, CustomerField, MappingConfig, MappingError, Target};

/// The most customers (or groups) one filtered or sorted `list` fetches from Shopify
/// before it gives up with 400 `tooMany` (unless changed with
/// [`ShopifyStore::with_list_cap`](crate::store::ShopifyStore::with_list_cap)). A search is a
/// pre-filter evaluated in memory, so a filter that Shopify cannot narrow reads every
/// customer; past this many the client is asked to narrow its filter rather than answered a
/// silently truncated list. A list without a filter or `sortBy` has no cap: it pages
/// through Shopify's cursors (see [lists in Shopify's order](super::lists)).
///
/// ```
/// assert_eq!(scim_shopify::store::DEFAULT_LIST_CAP, 1000);
/// ```
pub const DEFAULT_LIST_CAP: usize = 1000;

/// What a filtered or sorted list of Users may spend of the shop's API budget before it
/// answers 400 `tooMany` (unless changed with
/// [`ShopifyStore::with_list_budget`](crate::store::ShopifyStore::with_list_budget)): the
/// requested cost points of its searches, and the time they take. A filter Shopify cannot
/// narrow (`active eq true`, `title co "x"`) reads customers until one of them is spent;
/// the store stops before a page that would pass the points, so the list never drains the
/// shop (2000 points is a Standard plan's whole bucket, about 160 customers, spent in a
/// second or two when the bucket is full).
///
/// ```
/// use std::time::Duration;
/// use scim_shopify::store::{DEFAULT_LIST_BUDGET, ListBudget};
///
/// assert_eq!(DEFAULT_LIST_BUDGET, ListBudget { points: 2000, time: Duration::from_secs(10) });
/// ```
pub const DEFAULT_LIST_BUDGET: ListBudget = ListBudget {
    points: 2000,
    time: Duration::from_secs(10),
};

/// The most a filtered or sorted list may spend; see [`DEFAULT_LIST_BUDGET`].
///
/// See [`DEFAULT_LIST_BUDGET`] for an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListBudget {
    /// The requested cost points of the list's searches, together.
    pub points: u32,
    /// The time from the list's first search.
    pub time: Duration,
}

/// The shop a store serves, and how it maps Users onto it.
#[derive(Debug)]
pub(crate) struct Shop {
    pub(crate) client: ShopifyClient,
    pub(crate) config: MappingConfig,
    /// The one namespace of the mapping's metafields, which every customer read selects.
    namespace: Option<String>,
    /// The most customers or groups a filtered or sorted list examines.
    pub(crate) list_cap: usize,
    /// The most a filtered or sorted list of Users spends.
    pub(crate) list_budget: ListBudget,
    /// What lists paged through Shopify's cursors learnt (counts, positions).
    pub(crate) snapshots: Snapshots,
    /// Whether every customer of the shop that holds a User holds its unique `userName`
    /// key, so that a `userName eq` the key does not find has no match (see
    /// [`user_names_indexed`](Self::user_names_indexed)).
    user_names_indexed: AtomicBool,
}

impl Shop {
    /// The shop `client` serves, with the mapping `config`.
    ///
    /// # Errors
    ///
    /// The mapping's own check ([`MappingConfig::check`]) fails; or a rule maps to the
    /// customer `note`, or the owned metafields span more than one namespace or number more
    /// than [`CUSTOMER_METAFIELDS`], which the client's customer selection does not read.
    pub(crate) fn new(client: ShopifyClient, config: MappingConfig) -> Result<Self, MappingError> {
        config.check()?;
        if config
            .rules
            .iter()
            .any(|rule| matches!(rule.target(), Target::Field(CustomerField::Note)))
        {
            return Err(MappingError::Conflict(
                "the Shopify store does not read or write the customer note".into(),
            ));
        }
        let namespaces: Vec<String> = config
            .owned_metafields()
            .map(|m| m.namespace.clone())
            .collect();
        if namespaces.len() > CUSTOMER_METAFIELDS as usize {
            // A customer read selects that many; one more would read as absent, and every
            // write would set it again.
            return Err(MappingError::Conflict(format!(
                "the mapping owns {} customer metafields; the store reads {CUSTOMER_METAFIELDS} \
                 of a customer (the fixed part owns {}), so map fewer attributes to metafields",
                namespaces.len(),
                MappingConfig {
                    rules: Vec::new(),
                    ..config.clone()
                }
                .owned_metafields()
                .count()
            )));
        }
        let namespace = namespaces.first().cloned();
        if namespaces.iter().any(|n| Some(n) != namespace.as_ref()) {
            return Err(MappingError::Conflict(
                "every metafield of the mapping must be in one namespace".into(),
            ));
        }
        Ok(Shop {
            client,
            config,
            namespace,
            list_cap: DEFAULT_LIST_CAP,
            list_budget: DEFAULT_LIST_BUDGET,
            snapshots: Snapshots::default(),
            user_names_indexed: AtomicBool::new(false),
        })
    }

    /// Whether every customer of the shop that holds a User holds its unique `userName` key:
    /// known once [`ensure_definitions`](crate::store::ShopifyStore::ensure_definitions)
    /// found the shop marked so, or made the key's definition on a shop that never had
    /// SCIM's, or [`index_user_names`](crate::store::ShopifyStore::index_user_names) gave
    /// every customer its key. Until then, a `userName eq` the key does not find falls back
    /// to the email lookup or the search that found it before the key existed.
    pub(crate) fn user_names_indexed(&self) -> bool {
        self.user_names_indexed.load(Ordering::Acquire)
    }

    /// Records that every customer holds its unique `userName` key.
    pub(crate) fn mark_user_names_indexed(&self) {
        self.user_names_indexed.store(true, Ordering::Release);
    }

    /// The namespace of the metafields a customer read selects.
    pub(crate) fn ns(&self) -> Option<String> {
        self.namespace.clone()
    }

    /// Whether the customer carries the deleted tag: its User was deleted and the store
    /// answers 404 for it (RFC 7644 §3.6).
    pub(crate) fn is_deleted(&self, customer: &Customer) -> bool {
        customer.has_tag(&self.config.deleted_tag)
    }
}

/// 404 for the resource `id`.
pub(crate) fn not_found(id: &str) -> ScimError {
    ScimError::not_found(format!("Resource {id} not found"))
}

/// 412 unless `stored` is at the `expected` version (RFC 7644 §3.14); nothing to check
/// without one.
pub(crate) fn check_version(stored: &Stored, expected: Option<&Version>) -> Result<(), StoreError> {
    match expected {
        Some(expected) => Ok(stored.check_version(expected)?),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{Credentials, Secret, ShopifyConfig};
    use crate::mapping::{MetafieldSpec, Rule};

    fn client() -> ShopifyClient {
        ShopifyClient::new(ShopifyConfig::new(
            "test.myshopify.com",
            Credentials::AccessToken(Secret::new("shpat_test")),
        ))
        .expect("a client")
    }

    /// Every owned metafield must fit the customer selection, or it would read as absent
    /// and every write would set it again.
    #[test]
    fn more_owned_metafields_than_a_read_selects_are_refused() {
        let mut config = MappingConfig::default();
        let metafield = |key: &str| {
            Rule::new(
                key,
                Target::Metafield(MetafieldSpec::new("scim", key, "single_line_text_field")),
            )
            .expect("a rule")
        };
        config.rules.push(metafield("title"));
        config.rules.push(metafield("nickName"));
        assert!(Shop::new(client(), config.clone()).is_ok());
        config.rules.push(metafield("userType"));
        let refused = Shop::new(client(), config).unwrap_err();
        assert!(refused.to_string().contains("metafields"), "{refused}");
    }
}
