//! [`ShopifyStore`]: a [`ResourceStore`] that keeps SCIM Users as Shopify customers, over
//! the [`client`](crate::client) and the [`mapping`](crate::mapping).
//!
//! - `create` is one `customerCreate`, metafields and tags inline.
//! - `get` is one `customer(id:)`.
//! - `replace` and `patch` read the customer once (and refuse a stale `expected` version
//!   with 412), compute [`update_plan`] and send only what changes: `customerUpdate` for
//!   fields, `tagsAdd`/`tagsRemove` for tags, `metafieldsSet` and `metafieldsDelete` for
//!   metafields; then read the customer back for its new `updatedAt`. `meta.version` is
//!   `updatedAt`, which Shopify keeps to the second: two writes within one second share a
//!   version.
//! - `delete` follows the store's [`DeletePolicy`].
//! - `list` looks a customer up directly when the filter allows it
//!   (`customerByIdentifier`, `customer(id:)`), else searches `customers(query:)`, pages
//!   through Shopify's cursors up to [`DEFAULT_LIST_CAP`] customers, and evaluates the
//!   rest of the filter, the sort and the page in memory with [`select`].
//!
//! Groups are not provisioned to Shopify yet: every call on another resource type than
//! User answers 501.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
//! use scim_shopify::mapping::MappingConfig;
//! use scim_shopify::store::{DeletePolicy, ShopifyStore};
//!
//! let client = ShopifyClient::new(ShopifyConfig::new(
//!     "example.myshopify.com",
//!     Credentials::AccessToken(Secret::new("shpat_x")),
//! ))?;
//! let store = ShopifyStore::new(client, MappingConfig::default(), DeletePolicy::default())?;
//! # let _ = store; Ok(()) }
//! ```

mod convert;
mod setup;

pub use setup::{Definitions, SetupError};

use http::StatusCode;
use scim_core::ScimError;
use scim_core::patch::{PatchRequest, apply};
use scim_core::query::{ListQuery, Page, select};
use scim_core::resource::{Meta, Resource, Version};
use scim_core::schema::ResourceView;
use scim_core::store::{ResourceStore, StoreError, Stored, async_trait};
use scim_filter::Filter;

use crate::client::ShopifyClient;
use crate::client::operations::{
    CustomerById, CustomerByIdVariables, CustomerByIdentifier, CustomerByIdentifierVariables,
    CustomerCreate, CustomerDelete, CustomerIdVariables, CustomerIdentifier,
    CustomerInputVariables, CustomerRequestDataErasure, CustomerUpdate, Customers,
    CustomersVariables, MAX_CUSTOMERS_PER_PAGE, MetafieldIdentifier, MetafieldsDelete,
    MetafieldsDeleteVariables, MetafieldsSet, MetafieldsSetVariables, TagsAdd, TagsRemove,
    TagsVariables,
};
use crate::mapping::{
    Customer, CustomerField, DirectLookup, MappingConfig, MappingError, Metafield, Target,
    create_input, customer_gid, customer_to_user, translate_filter, update_plan,
};

/// The most customers one `list` fetches from Shopify before it gives up with 400
/// `tooMany` (unless changed with [`ShopifyStore::with_list_cap`]). A search is a
/// pre-filter evaluated in memory, so a filter that Shopify cannot narrow (or no filter)
/// reads every customer; past this many the client is asked to narrow its filter rather
/// than answered a silently truncated list.
pub const DEFAULT_LIST_CAP: usize = 1000;

/// The size of the first page of a search, doubled on each next page up to
/// [`MAX_CUSTOMERS_PER_PAGE`]: Shopify charges a page's requested cost (`first` times a
/// customer's) before it runs, so a small first page keeps the common small answer cheap.
const FIRST_PAGE: u32 = 25;

/// What DELETE does to a customer.
///
/// ```
/// assert_eq!(scim_shopify::store::DeletePolicy::default(), scim_shopify::store::DeletePolicy::Deactivate);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeletePolicy {
    /// Mark the customer inactive (the inactive tag and metafield), as `active: false`
    /// does. The customer stays, and a later GET still finds it.
    #[default]
    Deactivate,
    /// `customerDelete`; a customer Shopify refuses to delete (it has orders) is
    /// deactivated instead, and a warning says so (with the customer id only).
    Delete,
    /// `customerRequestDataErasure`: Shopify erases the customer's personal data later.
    Erase,
}

/// A [`ResourceStore`] for SCIM Users kept as the customers of one Shopify shop.
///
/// See the [module documentation](self) for what each call sends.
#[derive(Debug)]
pub struct ShopifyStore {
    client: ShopifyClient,
    config: MappingConfig,
    policy: DeletePolicy,
    list_cap: usize,
    namespaces: Option<String>,
}

impl ShopifyStore {
    /// A store over `client` with the mapping `config` and the DELETE `policy`.
    ///
    /// # Errors
    ///
    /// The mapping's own check ([`MappingConfig::check`]) fails; or a rule maps to the
    /// customer `note`, or the owned metafields span more than one namespace, which the
    /// client's customer selection does not read.
    pub fn new(
        client: ShopifyClient,
        config: MappingConfig,
        policy: DeletePolicy,
    ) -> Result<Self, MappingError> {
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
        let namespace = namespaces.first().cloned();
        if namespaces.iter().any(|n| Some(n) != namespace.as_ref()) {
            return Err(MappingError::Conflict(
                "every metafield of the mapping must be in one namespace".into(),
            ));
        }
        Ok(ShopifyStore {
            client,
            config,
            policy,
            list_cap: DEFAULT_LIST_CAP,
            namespaces: namespace,
        })
    }

    /// The same store with another cap on the customers one `list` fetches
    /// (default [`DEFAULT_LIST_CAP`]).
    pub fn with_list_cap(mut self, cap: usize) -> Self {
        self.list_cap = cap;
        self
    }

    fn ns(&self) -> Option<String> {
        self.namespaces.clone()
    }

    /// The customer `gid`, or `None`.
    async fn read(&self, gid: &str) -> Result<Option<Customer>, StoreError> {
        let answer = self
            .client
            .execute::<CustomerById>(&CustomerByIdVariables {
                id: gid.to_owned(),
                metafield_namespace: self.ns(),
            })
            .await
            .map_err(|e| convert::backend("reading a customer", e))?;
        Ok(answer.data.customer.map(convert::customer))
    }

    /// The customer a SCIM `id` names, or 404.
    async fn read_id(&self, id: &str) -> Result<(String, Customer), StoreError> {
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        let customer = self.read(&gid).await?.ok_or_else(|| not_found(id))?;
        Ok((gid, customer))
    }

    async fn by_identifier(
        &self,
        identifier: CustomerIdentifier,
    ) -> Result<Option<Customer>, StoreError> {
        let answer = self
            .client
            .execute::<CustomerByIdentifier>(&CustomerByIdentifierVariables {
                identifier,
                metafield_namespace: self.ns(),
            })
            .await
            .map_err(|e| convert::backend("looking a customer up", e))?;
        Ok(answer.data.customer_by_identifier.map(convert::customer))
    }

    fn to_user(&self, customer: &Customer) -> Result<Resource, StoreError> {
        customer_to_user(&self.config, customer, |_| None)
            .map_err(|e| StoreError::backend(format!("reading the customer {}", customer.id), e))
    }

    fn to_stored(&self, customer: &Customer) -> Result<Stored, StoreError> {
        stored(self.to_user(customer)?, &customer.id)
    }

    /// Sends the smallest change set that makes `current` hold `user`, and reads back.
    async fn write(
        &self,
        gid: &str,
        current: Customer,
        user: &Resource,
    ) -> Result<Customer, StoreError> {
        let plan = update_plan(&self.config, &current, user)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        let metafields = plan.metafields_to_set;
        let deletions = plan.metafields_to_delete;
        let mut wrote = false;
        if !plan.fields.is_empty() {
            let answer = self
                .client
                .execute::<CustomerUpdate>(&CustomerInputVariables {
                    input: convert::update_input(gid, plan.fields),
                    metafield_namespace: self.ns(),
                })
                .await
                .map_err(|e| convert::backend("updating a customer", e))?;
            let payload = answer.data.customer_update;
            if !payload.user_errors.is_empty() {
                return Err(convert::user_errors(&payload.user_errors));
            }
            wrote = true;
        }
        if !plan.tags_to_remove.is_empty() {
            let answer = self
                .client
                .execute::<TagsRemove>(&TagsVariables {
                    id: gid.to_owned(),
                    tags: plan.tags_to_remove,
                })
                .await
                .map_err(|e| convert::backend("removing customer tags", e))?;
            if !answer.data.tags_remove.user_errors.is_empty() {
                return Err(convert::user_errors(&answer.data.tags_remove.user_errors));
            }
            wrote = true;
        }
        if !plan.tags_to_add.is_empty() {
            self.add_tags(gid, plan.tags_to_add).await?;
            wrote = true;
        }
        if !metafields.is_empty() {
            self.set_metafields(gid, metafields).await?;
            wrote = true;
        }
        if !deletions.is_empty() {
            let answer = self
                .client
                .execute::<MetafieldsDelete>(&MetafieldsDeleteVariables {
                    metafields: deletions
                        .into_iter()
                        .map(|key| MetafieldIdentifier {
                            owner_id: gid.to_owned(),
                            namespace: key.namespace,
                            key: key.key,
                        })
                        .collect(),
                })
                .await
                .map_err(|e| convert::backend("deleting customer metafields", e))?;
            if !answer.data.metafields_delete.user_errors.is_empty() {
                return Err(convert::user_errors(
                    &answer.data.metafields_delete.user_errors,
                ));
            }
            wrote = true;
        }
        if !wrote {
            return Ok(current);
        }
        self.read(gid)
            .await?
            .ok_or_else(|| not_found(current.numeric_id().unwrap_or_default()).into())
    }

    async fn add_tags(&self, gid: &str, tags: Vec<String>) -> Result<(), StoreError> {
        let answer = self
            .client
            .execute::<TagsAdd>(&TagsVariables {
                id: gid.to_owned(),
                tags,
            })
            .await
            .map_err(|e| convert::backend("adding customer tags", e))?;
        if !answer.data.tags_add.user_errors.is_empty() {
            return Err(convert::user_errors(&answer.data.tags_add.user_errors));
        }
        Ok(())
    }

    async fn set_metafields(&self, gid: &str, fields: Vec<Metafield>) -> Result<(), StoreError> {
        let answer = self
            .client
            .execute::<MetafieldsSet>(&MetafieldsSetVariables {
                metafields: fields
                    .into_iter()
                    .map(|m| convert::metafield_set(gid, m))
                    .collect(),
            })
            .await
            .map_err(|e| convert::backend("setting customer metafields", e))?;
        if !answer.data.metafields_set.user_errors.is_empty() {
            return Err(convert::user_errors(
                &answer.data.metafields_set.user_errors,
            ));
        }
        Ok(())
    }

    /// Marks the customer inactive (the inactive tag and metafield), if it is not already.
    async fn deactivate(&self, gid: &str, current: &Customer) -> Result<(), StoreError> {
        if !current.has_tag(&self.config.inactive_tag) {
            self.add_tags(gid, vec![self.config.inactive_tag.clone()])
                .await?;
        }
        let spec = &self.config.inactive_metafield;
        if current
            .metafield(&spec.namespace, &spec.key)
            .is_none_or(|m| !m.same_value("false"))
        {
            self.set_metafields(
                gid,
                vec![Metafield::new(
                    &spec.namespace,
                    &spec.key,
                    &spec.kind,
                    "false",
                )],
            )
            .await?;
        }
        Ok(())
    }

    /// The customers a filter's translation names (at most `list_cap` of them), and what
    /// of the filter is left to evaluate on them.
    async fn candidates(
        &self,
        query: &ListQuery,
    ) -> Result<(Vec<Customer>, Option<Filter<'static>>), StoreError> {
        let Some(translation) = query
            .filter
            .as_ref()
            .map(|filter| translate_filter(&self.config, filter))
        else {
            return Ok((self.search(None).await?, None));
        };
        match translation.direct {
            Some(direct) => {
                let found = match direct {
                    DirectLookup::CustomerId(gid) => self.read(&gid).await?,
                    DirectLookup::Email(email) => {
                        self.by_identifier(CustomerIdentifier::email(email)).await?
                    }
                    DirectLookup::CustomId { namespace, key, id } => {
                        self.by_identifier(CustomerIdentifier::custom_id(namespace, key, id))
                            .await?
                    }
                    DirectLookup::NoMatch => None,
                };
                Ok((found.into_iter().collect(), translation.residual))
            }
            None => Ok((self.search(translation.search).await?, translation.residual)),
        }
    }

    /// Every customer `search` finds (every customer without one), paging through
    /// Shopify's cursors; 400 `tooMany` past `list_cap`.
    async fn search(&self, search: Option<String>) -> Result<Vec<Customer>, StoreError> {
        let mut customers = Vec::new();
        let mut after = None;
        let mut page_size = FIRST_PAGE;
        loop {
            let room = self.list_cap.saturating_sub(customers.len()) + 1;
            let first = u32::try_from(room).unwrap_or(u32::MAX).min(page_size);
            page_size = page_size.saturating_mul(2).min(MAX_CUSTOMERS_PER_PAGE);
            let answer = self
                .client
                .execute::<Customers>(&CustomersVariables {
                    query: search.clone(),
                    first,
                    after: after.take(),
                    metafield_namespace: self.ns(),
                })
                .await
                .map_err(|e| convert::backend("searching customers", e))?;
            let page = answer.data.customers;
            customers.extend(page.nodes.into_iter().map(convert::customer));
            if customers.len() > self.list_cap {
                return Err(ScimError::too_many(format!(
                    "the filter matches more than {} customers to examine; narrow it",
                    self.list_cap
                ))
                .into());
            }
            match page.page_info.end_cursor {
                Some(cursor) if page.page_info.has_next_page => after = Some(cursor),
                _ => return Ok(customers),
            }
        }
    }
}

/// Groups (and any other type) are not kept in Shopify yet.
fn users_only(view: &ResourceView<'_>) -> Result<(), StoreError> {
    let name = &view.resource_type().name;
    if name == "User" {
        return Ok(());
    }
    Err(ScimError::new(
        StatusCode::NOT_IMPLEMENTED,
        None,
        format!("{name}s are not yet provisioned to Shopify; only Users are"),
    )
    .into())
}

fn not_found(id: &str) -> ScimError {
    ScimError::not_found(format!("Resource {id} not found"))
}

/// A User read from a customer as [`Stored`].
fn stored(user: Resource, gid: &str) -> Result<Stored, StoreError> {
    let id = user.id().map(str::to_owned).unwrap_or_default();
    let meta = user.get("meta").and_then(Meta::from_json).ok_or_else(|| {
        StoreError::backend(
            format!("reading the customer {gid}"),
            "the customer has no createdAt or updatedAt",
        )
    })?;
    Ok(Stored::new(id, meta, user))
}

fn check_version(stored: &Stored, expected: Option<&Version>) -> Result<(), StoreError> {
    match expected {
        Some(expected) => Ok(stored.check_version(expected)?),
        None => Ok(()),
    }
}

#[async_trait]
impl ResourceStore for ShopifyStore {
    async fn create(
        &self,
        view: &ResourceView<'_>,
        resource: Resource,
    ) -> Result<Stored, StoreError> {
        users_only(view)?;
        let input = create_input(&self.config, &resource)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        let answer = self
            .client
            .execute::<CustomerCreate>(&CustomerInputVariables {
                input: convert::create_input(input),
                metafield_namespace: self.ns(),
            })
            .await
            .map_err(|e| convert::backend("creating a customer", e))?;
        let payload = answer.data.customer_create;
        if !payload.user_errors.is_empty() {
            return Err(convert::user_errors(&payload.user_errors));
        }
        let customer = payload.customer.map(convert::customer).ok_or_else(|| {
            StoreError::backend(
                "creating a customer",
                "customerCreate answered neither a customer nor userErrors",
            )
        })?;
        self.to_stored(&customer)
    }

    async fn get(&self, view: &ResourceView<'_>, id: &str) -> Result<Stored, StoreError> {
        users_only(view)?;
        let (_, customer) = self.read_id(id).await?;
        self.to_stored(&customer)
    }

    async fn replace(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        users_only(view)?;
        let (gid, current) = self.read_id(id).await?;
        check_version(&self.to_stored(&current)?, expected)?;
        let written = self.write(&gid, current, &resource).await?;
        self.to_stored(&written)
    }

    /// Reads the customer once, applies the PATCH to the User read from it, and sends the
    /// update plan's changes. Unlike the trait's default it does not read again before
    /// writing: the plan holds only what changes (tags are added and removed, never
    /// overwritten), so a write that raced another touches only what this PATCH changed.
    async fn patch(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        users_only(view)?;
        let (gid, current) = self.read_id(id).await?;
        let stored = self.to_stored(&current)?;
        check_version(&stored, expected)?;
        let patched = apply(view, request, stored.to_resource(None))?;
        if !patched.changed {
            return Ok(stored);
        }
        let written = self.write(&gid, current, &patched.resource).await?;
        self.to_stored(&written)
    }

    async fn delete(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        users_only(view)?;
        let (gid, current) = self.read_id(id).await?;
        check_version(&self.to_stored(&current)?, expected)?;
        match self.policy {
            DeletePolicy::Deactivate => self.deactivate(&gid, &current).await,
            DeletePolicy::Delete => {
                let answer = self
                    .client
                    .execute::<CustomerDelete>(&CustomerIdVariables { id: gid.clone() })
                    .await
                    .map_err(|e| convert::backend("deleting a customer", e))?;
                let payload = answer.data.customer_delete;
                if payload.user_errors.is_empty() {
                    return Ok(());
                }
                tracing::warn!(
                    customer = %gid,
                    "Shopify refused to delete the customer (it has orders); deactivated instead"
                );
                self.deactivate(&gid, &current).await
            }
            DeletePolicy::Erase => {
                let answer = self
                    .client
                    .execute::<CustomerRequestDataErasure>(&CustomerIdVariables { id: gid })
                    .await
                    .map_err(|e| convert::backend("requesting a customer's erasure", e))?;
                let payload = answer.data.customer_request_data_erasure;
                if payload.user_errors.is_empty() {
                    Ok(())
                } else {
                    Err(convert::user_errors(&payload.user_errors))
                }
            }
        }
    }

    async fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        users_only(view)?;
        let (customers, residual) = self.candidates(query).await?;
        let users = customers
            .iter()
            .map(|c| self.to_user(c))
            .collect::<Result<Vec<_>, _>>()?;
        // What Shopify did not answer exactly is evaluated in memory, with the sort and
        // the page.
        let query = ListQuery {
            filter: residual,
            ..query.clone()
        };
        let Page {
            total_results,
            start_index,
            next_cursor,
            previous_cursor,
            resources,
        } = select(view, users, &query)?;
        let resources = resources
            .into_iter()
            .map(|user| {
                let id = user.id().unwrap_or_default().to_owned();
                stored(user, &id)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page {
            total_results,
            start_index,
            next_cursor,
            previous_cursor,
            resources,
        })
    }
}
