//! The Users' delete path, by the store's [`DeletePolicy`]: the soft delete (the
//! deactivating write with the deleted tag), `customerDelete`, or a data-erasure request;
//! see [deleted Users](super#deleted-users).

use scim_core::resource::Version;
use scim_core::store::StoreError;

use super::Users;
use super::state::DeletePolicy;
use crate::client::operations::{CustomerDelete, CustomerIdVariables, CustomerRequestDataErasure};
use crate::mapping::customer_gid;
use crate::store::errors;
use crate::store::shop::not_found;

impl Users<'_> {
    /// DELETE /Users/{id} (RFC 7644 §3.6), by the store's [`DeletePolicy`].
    pub(crate) async fn delete(
        &self,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        let _turn = self.state.turn(&gid).await;
        if self.state.policy == DeletePolicy::Deactivate && expected.is_none() {
            return self.mark_deleted(&gid, id).await;
        }
        let (gid, _) = self.current(id, expected).await?;
        match self.state.policy {
            DeletePolicy::Deactivate => self.mark_deleted(&gid, id).await,
            DeletePolicy::Delete => {
                let answer = self
                    .shop
                    .client
                    .execute::<CustomerDelete>(&CustomerIdVariables { id: gid.clone() })
                    .await
                    .map_err(|e| errors::backend("deleting a customer", e))?;
                let payload = answer.data.customer_delete;
                if payload.user_errors.is_empty() {
                    return Ok(());
                }
                // The customer was just read: gone now, after a resend of a delete whose
                // answer was lost, it is that delete's doing.
                if answer.resent && errors::names_missing_customer(&payload.user_errors) {
                    return Ok(());
                }
                tracing::warn!(
                    customer = %gid,
                    "Shopify refused to delete the customer (it has orders); deactivated and \
                     marked deleted instead"
                );
                self.mark_deleted(&gid, id).await
            }
            DeletePolicy::Erase => {
                let answer = self
                    .shop
                    .client
                    .execute::<CustomerRequestDataErasure>(&CustomerIdVariables { id: gid.clone() })
                    .await
                    .map_err(|e| errors::backend("requesting a customer's erasure", e))?;
                let payload = answer.data.customer_request_data_erasure;
                if !payload.user_errors.is_empty() {
                    return Err(errors::user_errors(&payload.user_errors));
                }
                // Shopify erases later; until then the customer is marked deleted, so the
                // User is 404 at once (RFC 7644 §3.6).
                self.mark_deleted(&gid, id).await
            }
        }
    }

    /// The soft delete (RFC 7644 §3.6): the deactivating write of
    /// [`set_active`](Self::set_active) with the deleted tag added beside the inactive
    /// one, still one [`CustomerWrite`], whose `customerUpdate` also answers the customer
    /// as it was before the tags (so that deleting a deleted User is 404 without a read).
    pub(super) async fn mark_deleted(&self, gid: &str, id: &str) -> Result<(), StoreError> {
        let (_, before) = self.set_state(gid, false, true).await?;
        if before.is_some_and(|before| self.shop.is_deleted(&before)) {
            return Err(not_found(id).into());
        }
        Ok(())
    }
}
