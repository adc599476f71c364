//! The Users' list path: without a filter or `sortBy`, a page in Shopify's order
//! ([lists in Shopify's order](crate::store::lists)) with `totalResults` counted less the
//! deleted customers; with one, the customers a direct lookup or a search finds (up to the
//! list cap), filtered, sorted and paged in memory.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Instant;

use scim_core::ScimError;
use scim_core::query::{ListQuery, Page, select};
use scim_core::resource::{Attributes, Meta, Resource};
use scim_core::schema::ResourceView;
use scim_core::store::{StoreError, Stored};
use scim_filter::Filter;
use serde_json::{Map, Value};

use super::Users;
use crate::client::Operation;
use crate::client::operations::{
    CustomerIdentifier, CustomerIds, CustomerIdsVariables, CustomerWindow, CustomerWindowVariables,
    Customers, CustomersCount, CustomersVariables, IdPage, MAX_CUSTOMERS_PER_PAGE,
    MAX_IDS_PER_PAGE, NoVariables, Slice,
};
use crate::mapping::{
    Customer, DirectLookup, SearchExpr, Translation, customer_meta, live_search, members_query,
    translate_filter, translate_filter_unindexed,
};
use crate::store::convert;
use crate::store::errors;
use crate::store::lists::{self, Chunk, InOrder, Listing, Sizes, in_shopify_order};
use crate::store::paging::{Walked, walk};
use crate::store::shop::ListBudget;

impl Users<'_> {
    /// GET /Users (RFC 7644 §3.4.2): in Shopify's order without a filter or `sortBy`; else
    /// the customers a filter's translation names, the rest of the filter, the sort and the
    /// page evaluated in memory.
    pub(crate) async fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        if in_shopify_order(query) {
            return self.list_in_order(view, query).await;
        }
        let (customers, residual) = self.candidates(query).await?;
        let index = self
            .groups
            .group_index(&customers.iter().collect::<Vec<_>>())
            .await?;
        let users = customers
            .iter()
            .map(|customer| {
                Ok(Listed {
                    user: self.to_user(customer, &index)?,
                    meta: customer_meta(&self.shop.config, customer),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // What Shopify did not answer exactly is evaluated in memory, with the sort and
        // the page.
        let query = ListQuery {
            filter: residual,
            ..query.clone()
        };
        let mut page = select(view, users, &query)?;
        let resources = std::mem::take(&mut page.resources)
            .into_iter()
            .map(Listed::into_stored)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(page.with_resources(resources))
    }

    /// The customers a filter's translation names (at most `list_cap` of them), and what
    /// of the filter is left to evaluate on them.
    async fn candidates(
        &self,
        query: &ListQuery,
    ) -> Result<(Vec<Customer>, Option<Filter<'static>>), StoreError> {
        let (mut customers, residual) = self.matching(query).await?;
        // The search lags writes, and the direct lookups see every customer.
        customers.retain(|c| !self.shop.is_deleted(&self.as_committed(c)));
        Ok((customers, residual))
    }

    /// [`candidates`](Self::candidates), deleted customers included.
    async fn matching(
        &self,
        query: &ListQuery,
    ) -> Result<(Vec<Customer>, Option<Filter<'static>>), StoreError> {
        let Some(filter) = query.filter.as_ref() else {
            return Ok((self.search(None).await?, None));
        };
        // Until every customer that holds a User holds its unique `userName` key, the key
        // can neither find every User of a name nor tell that there is none: the filter is
        // translated as before the key.
        if !self.shop.user_names_indexed() {
            let translation = translate_filter_unindexed(&self.shop.config, filter);
            return self.by_translation(translation).await;
        }
        let translation = translate_filter(&self.shop.config, filter);
        let address = self
            .user_name_key(&translation)
            .is_some_and(|key| key.contains('@'));
        let (found, residual) = self.by_translation(translation).await?;
        // A merchant's own customer holds no key (its email is its `userName`): an address
        // the key does not find is asked by email too (1 call).
        if address && found.is_empty() {
            return self
                .by_translation(translate_filter_unindexed(&self.shop.config, filter))
                .await;
        }
        Ok((found, residual))
    }

    /// The unique `userName` key `translation` looks the customer up by, if it does.
    fn user_name_key<'t>(&self, translation: &'t Translation) -> Option<&'t str> {
        let spec = &self.shop.config.user_name;
        match &translation.direct {
            Some(DirectLookup::CustomId { namespace, key, id })
                if *namespace == spec.namespace && *key == spec.key =>
            {
                Some(id)
            }
            _ => None,
        }
    }

    /// The customers `translation` names, deleted ones included, and what is left to check.
    async fn by_translation(
        &self,
        translation: Translation,
    ) -> Result<(Vec<Customer>, Option<Filter<'static>>), StoreError> {
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

    /// Every customer `search` finds (every customer without one) but those marked deleted
    /// ([`live_search`]), paging through Shopify's cursors; 400 `tooMany` past `list_cap`.
    async fn search(&self, search: Option<SearchExpr>) -> Result<Vec<Customer>, StoreError> {
        let query = convert::search_query(&live_search(&self.shop.config, search));
        let budget = self.shop.list_budget;
        let started = Instant::now();
        let spent = AtomicU32::new(0);
        let fetch = |first, after| {
            let variables = CustomersVariables {
                query: Some(query.clone()),
                first,
                after,
                metafield_namespace: self.shop.ns(),
            };
            // The budget is checked before each page: a page that would pass it is not sent.
            let cost = Customers::requested_cost(&variables);
            let before = spent.fetch_add(cost, Ordering::Relaxed);
            let within =
                before.saturating_add(cost) <= budget.points && started.elapsed() <= budget.time;
            async move {
                if !within {
                    return Err(over_budget(budget).into());
                }
                let answer = self
                    .shop
                    .client
                    .execute::<Customers>(&variables)
                    .await
                    .map_err(|e| errors::backend("searching customers", e))?;
                let page = answer.data.customers;
                Ok(Walked {
                    read: page.nodes.len(),
                    items: page.nodes.into_iter().map(convert::customer).collect(),
                    info: page.page_info,
                })
            }
        };
        let cap = self.shop.list_cap;
        walk(cap, MAX_CUSTOMERS_PER_PAGE, fetch, || {
            ScimError::too_many(format!(
                "the filter matches more than {cap} customers to examine; narrow it"
            ))
        })
        .await
    }

    /// A page of Users straight from `customers(query:)`, the deleted customers left out.
    async fn list_in_order(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        let search = live_search(&self.shop.config, None);
        let list = CustomerList {
            users: self,
            listing: Listing::Customers(search.clone()),
            search,
        };
        let total = self.customer_total(&list.listing).await?;
        let mut page = lists::page(&self.shop.snapshots, view, query, &list, Some(total)).await?;
        let customers: Vec<Customer> = std::mem::take(&mut page.resources)
            .into_iter()
            .filter(|customer| !self.shop.is_deleted(&self.as_committed(customer)))
            .collect();
        let resources = self.stored_all(&customers).await?;
        Ok(page.with_resources(resources))
    }

    /// How many live customers there are (`listing` is their search): remembered, or
    /// `customersCount` less the customers marked deleted, counted by their ids.
    async fn customer_total(&self, listing: &Listing) -> Result<usize, StoreError> {
        if let Some(total) = self.shop.snapshots.total(listing) {
            return Ok(total);
        }
        let answer = self
            .shop
            .client
            .execute::<CustomersCount>(&NoVariables {})
            .await
            .map_err(|e| errors::backend("counting customers", e))?;
        let all = usize::try_from(answer.data.customers_count.count).unwrap_or(usize::MAX);
        let deleted = self.count_deleted().await?;
        let total = all.saturating_sub(deleted);
        self.shop.snapshots.set_total(listing, total);
        Ok(total)
    }

    /// How many customers are marked deleted, by reading their ids; 400 `tooMany` past
    /// the count cap.
    async fn count_deleted(&self) -> Result<usize, StoreError> {
        let deleted = members_query(&self.shop.config.deleted_tag);
        let fetch = |first, after| {
            let deleted = &deleted;
            async move {
                let page = self.customer_ids(deleted, first, after).await?;
                Ok(Walked {
                    read: page.nodes.len(),
                    items: page.nodes,
                    info: page.page_info,
                })
            }
        };
        let cap = self.state.count_cap;
        let ids = walk(cap, MAX_IDS_PER_PAGE, fetch, || {
            ScimError::too_many(format!(
                "more than {cap} customers are marked deleted, more than this service counts \
                 for one list (its count cap); filter the list, or raise the cap"
            ))
        })
        .await?;
        Ok(ids.len())
    }

    /// One page of the ids of the customers `search` finds.
    async fn customer_ids(
        &self,
        search: &SearchExpr,
        first: u32,
        after: Option<String>,
    ) -> Result<IdPage, StoreError> {
        self.shop
            .client
            .execute::<CustomerIds>(&CustomerIdsVariables {
                query: Some(convert::search_query(search)),
                first,
                after,
            })
            .await
            .map(|answer| answer.data.customers)
            .map_err(|e| errors::backend("reading customer ids", e))
    }

    /// One window call of the customers `search` finds.
    async fn customer_chunk(
        &self,
        search: &SearchExpr,
        slice: Slice,
    ) -> Result<Chunk<Customer>, StoreError> {
        let answer = self
            .shop
            .client
            .execute::<CustomerWindow>(&CustomerWindowVariables {
                query: Some(convert::search_query(search)),
                slice,
                metafield_namespace: self.shop.ns(),
            })
            .await
            .map_err(|e| errors::backend("listing customers", e))?;
        let page = answer.data.customers;
        Ok(Chunk {
            items: page.nodes.into_iter().map(convert::customer).collect(),
            bounds: page.page_info,
            total: None,
        })
    }
}

/// The live customers (the deleted left out by `search`) as a list in Shopify's order.
struct CustomerList<'a> {
    users: &'a Users<'a>,
    listing: Listing,
    search: SearchExpr,
}

impl InOrder for CustomerList<'_> {
    type Item = Customer;

    fn listing(&self) -> &Listing {
        &self.listing
    }

    fn sizes(&self) -> Sizes {
        // The number of customers left is known before reading, and bounds the count.
        Sizes {
            first: MAX_CUSTOMERS_PER_PAGE,
            max: MAX_CUSTOMERS_PER_PAGE,
        }
    }

    async fn chunk(&self, slice: Slice) -> Result<Chunk<Customer>, StoreError> {
        self.users.customer_chunk(&self.search, slice).await
    }

    async fn ids(&self, first: u32, after: Option<String>) -> Result<IdPage, StoreError> {
        self.users.customer_ids(&self.search, first, after).await
    }
}

/// A User a filtered or sorted list read: the whole resource, which the filter and the
/// sort look at, and its `meta` apart, so that a selected User becomes [`Stored`] without
/// reading `meta` back from its JSON.
struct Listed {
    user: Resource,
    meta: Option<Meta>,
}

impl Listed {
    fn into_stored(self) -> Result<Stored, StoreError> {
        let id = self.user.id().map(str::to_owned).unwrap_or_default();
        let meta = self.meta.ok_or_else(|| {
            StoreError::backend(
                format!("reading the customer {id}"),
                "the customer has no createdAt or updatedAt",
            )
        })?;
        Ok(Stored::new(id, meta, self.user))
    }
}

impl Attributes for Listed {
    fn attributes(&self) -> &Map<String, Value> {
        self.user.as_map()
    }
}

/// 400 `tooMany` (RFC 7644 §3.4.2.2 lets a service provider refuse a filter it cannot
/// answer) for a filter Shopify cannot narrow enough to answer within `budget`, saying what
/// the client can do instead.
fn over_budget(budget: ListBudget) -> ScimError {
    ScimError::too_many(format!(
        "this filter or sort cannot be narrowed by Shopify's search and would spend more than \
         {} points or {} s of the shop's API budget; filter by userName, externalId, id or \
         emails.value (each one lookup), or list without a filter or sortBy to page through \
         every User in Shopify's order",
        budget.points,
        budget.time.as_secs()
    ))
}
