//! The Users' read path: a customer read by id or by identifier, and a customer turned into
//! a User (its `groups` named by the Groups part); the customer a write applies to.

use std::time::Duration;

use scim_core::resource::{Resource, Version};
use scim_core::store::{StoreError, Stored};

use super::Users;
use crate::client::operations::{
    CustomerById, CustomerByIdVariables, CustomerByIdentifier, CustomerByIdentifierVariables,
    CustomerIdentifier,
};
use crate::mapping::{Customer, customer_gid, customer_to_stored, customer_to_user};
use crate::store::convert;
use crate::store::errors;
use crate::store::groups::state::GroupIndex;
use crate::store::shop::{check_version, not_found};

use super::pending::Pending;

impl Users<'_> {
    /// GET /Users/{id}: one `customer(id:)`.
    pub(crate) async fn get(&self, id: &str) -> Result<Stored, StoreError> {
        let (_, customer) = self.read_id(id).await?;
        self.to_stored(&customer).await
    }

    /// The customer `gid`, or `None`.
    pub(super) async fn read(&self, gid: &str) -> Result<Option<Customer>, StoreError> {
        let answer = self
            .shop
            .client
            .execute::<CustomerById>(&CustomerByIdVariables {
                id: gid.to_owned(),
                metafield_namespace: self.shop.ns(),
            })
            .await
            .map_err(|e| errors::backend("reading a customer", e))?;
        Ok(answer.data.customer.map(convert::customer))
    }

    /// The customer a SCIM `id` names, or 404 (also for a customer marked deleted, RFC 7644
    /// §3.6).
    pub(super) async fn read_id(&self, id: &str) -> Result<(String, Customer), StoreError> {
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        let customer = self
            .read(&gid)
            .await?
            .filter(|c| !self.shop.is_deleted(&self.as_committed(c)))
            .ok_or_else(|| not_found(id))?;
        Ok((gid, customer))
    }

    pub(super) async fn by_identifier(
        &self,
        identifier: CustomerIdentifier,
    ) -> Result<Option<Customer>, StoreError> {
        let answer = self
            .shop
            .client
            .execute::<CustomerByIdentifier>(&CustomerByIdentifierVariables {
                identifier,
                metafield_namespace: self.shop.ns(),
            })
            .await
            .map_err(|e| errors::backend("looking a customer up", e))?;
        Ok(answer.data.customer_by_identifier.map(convert::customer))
    }

    /// The projection `customer`'s record holds pending, if one does (see
    /// [`pending`](super::pending)).
    pub(super) fn pending(&self, customer: &Customer) -> Option<Pending> {
        let spec = &self.shop.config.version;
        Pending::read(&customer.metafield(&spec.namespace, &spec.key)?.value)
    }

    /// `customer` as its last commit made it: with the projection its record holds pending
    /// made in memory, if it holds one.
    pub(super) fn as_committed(&self, customer: &Customer) -> Customer {
        match self.pending(customer) {
            Some(pending) => pending.overlay(customer),
            None => customer.clone(),
        }
    }

    /// The customer a write with `expected` (the version `If-Match` names) applies to, read
    /// now (one `customer(id:)`): 404 when there is none or it is marked deleted, 412 when it
    /// is at another version. A projection its record holds pending is waited for while the
    /// write that committed it may still send it; past that (its process died between its
    /// commit and its projection) it is made first: a commit on its record, then the
    /// projection (2 more calls).
    pub(super) async fn current(
        &self,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(String, Customer), StoreError> {
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        let customer = self.read(&gid).await?.ok_or_else(|| not_found(id))?;
        if self.shop.is_deleted(&self.as_committed(&customer)) {
            return Err(not_found(id).into());
        }
        check_version(&self.version_only(&customer)?, expected)?;
        let Some(pending) = self.pending(&customer) else {
            return Ok((gid, customer));
        };
        // Another write's projection is on its way, or its process died: it is waited for
        // as long as its request can still reach Shopify (a late projection would undo a
        // later write), then made here.
        let mut wait = Duration::from_millis(20);
        let mut customer = customer;
        let mut pending = pending;
        while pending.age() < self.shop.client.longest_delivery() {
            let left = self.shop.client.longest_delivery() - pending.age();
            tokio::time::sleep(wait.min(left)).await;
            wait = (wait * 2).min(Duration::from_secs(1));
            customer = self.read(&gid).await?.ok_or_else(|| not_found(id))?;
            match self.pending(&customer) {
                Some(still) => pending = still,
                None => {
                    check_version(&self.version_only(&customer)?, expected)?;
                    return Ok((gid, customer));
                }
            }
        }
        tracing::info!(customer = %gid, "making the projection a write left pending");
        let plan = pending.projection.plan();
        let repaired = self.write_plan(&gid, customer, plan).await?;
        Ok((gid, repaired))
    }

    /// The User for a customer, its `groups` from `index` (`meta` inside, for a list to
    /// filter and sort on).
    pub(super) fn to_user(
        &self,
        customer: &Customer,
        index: &GroupIndex,
    ) -> Result<Resource, StoreError> {
        let customer = &self.as_committed(customer);
        customer_to_user(&self.shop.config, customer, |tag| index.lookup(tag))
            .map_err(|e| StoreError::backend(format!("reading the customer {}", customer.id), e))
    }

    /// The User for a customer as [`Stored`], its `groups` from `index`.
    pub(super) fn stored_with(
        &self,
        customer: &Customer,
        index: &GroupIndex,
    ) -> Result<Stored, StoreError> {
        let customer = &self.as_committed(customer);
        customer_to_stored(&self.shop.config, customer, |tag| index.lookup(tag))
            .map_err(|e| StoreError::backend(format!("reading the customer {}", customer.id), e))
    }

    /// The customer as [`Stored`] without its `groups`, for a version check (which needs no
    /// group lookup).
    pub(super) fn version_only(&self, customer: &Customer) -> Result<Stored, StoreError> {
        self.stored_with(customer, &GroupIndex::default())
    }

    /// The Users for `customers` as [`Stored`], their `groups` from one lookup of the groups
    /// they name.
    pub(super) async fn stored_all(
        &self,
        customers: &[Customer],
    ) -> Result<Vec<Stored>, StoreError> {
        let index = self
            .groups
            .group_index(&customers.iter().collect::<Vec<_>>())
            .await?;
        customers
            .iter()
            .map(|c| self.stored_with(c, &index))
            .collect()
    }

    pub(super) async fn to_stored(&self, customer: &Customer) -> Result<Stored, StoreError> {
        let index = self.groups.group_index(&[customer]).await?;
        self.stored_with(customer, &index)
    }
}
