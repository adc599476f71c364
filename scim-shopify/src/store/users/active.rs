//! Setting a User's `active` without a read (RFC 7644 §3.5.2.3 `replace` of `active`, and
//! the soft DELETE): one [`CustomerWrite`](crate::client::operations::CustomerWrite) of the
//! inactive tag and metafield, the deleted tag beside them for a DELETE.

use scim_core::store::StoreError;

use super::Users;
use super::send::Refused;
use crate::client::operations::CustomerWriteVariables;
use crate::mapping::{Customer, FieldChanges, Metafield};
use crate::store::convert;
use crate::store::token::{DELETED_TOKEN_PREFIX, new_token};

impl Users<'_> {
    /// Sets `active` with one [`CustomerWrite`] and no read (RFC 7644 §3.5.2.3 `replace`
    /// of `active`; DELETE under [`DeletePolicy::Deactivate`]): deactivating sets the
    /// inactive metafield (inline in `customerUpdate`) and adds the inactive tag;
    /// reactivating deletes the metafield and removes the tag. An unknown customer is 404.
    ///
    /// `active` is read from the tag. Should Shopify set the metafield and refuse the tag
    /// (a customer already at 250 tags), the customer was active, without the metafield:
    /// the metafield is deleted again and the refusal answered.
    pub(super) async fn set_active(&self, gid: &str, active: bool) -> Result<Customer, StoreError> {
        self.set_state(gid, active, false)
            .await
            .map(|(written, _)| written)
    }

    /// Sets `active` as [`set_active`](Self::set_active) does and, with `delete` (only
    /// when deactivating), adds the deleted tag in the same `tagsAdd`; answers the customer
    /// as written and, with `delete`, as it was before the tags.
    pub(super) async fn set_state(
        &self,
        gid: &str,
        active: bool,
        delete: bool,
    ) -> Result<(Customer, Option<Customer>), StoreError> {
        let spec = &self.shop.config.inactive_metafield;
        let version = &self.shop.config.version;
        // A new version token, whatever the customer held: a write of the User that read
        // it before this one is refused at its commit (RFC 7644 §3.14). A DELETE's token
        // says so, for the create that takes the customer over (see `create`).
        let value = if delete {
            format!("{DELETED_TOKEN_PREFIX}{}", new_token())
        } else {
            new_token()
        };
        let token = Metafield::new(&version.namespace, &version.key, &version.kind, value);
        let mut write = CustomerWriteVariables::new(gid, self.shop.ns());
        if active {
            write.metafields_to_delete = vec![convert::metafield_identifier(
                gid,
                &spec.namespace,
                &spec.key,
            )];
            write.input = convert::update_input(FieldChanges::default(), vec![token]);
            write.tags_to_remove = vec![self.shop.config.inactive_tag.clone()];
        } else {
            let inactive = Metafield::new(&spec.namespace, &spec.key, &spec.kind, "false");
            write.input = convert::update_input(FieldChanges::default(), vec![inactive, token]);
            write.tags_to_add = vec![self.shop.config.inactive_tag.clone()];
            if delete {
                write.tags_to_add.push(self.shop.config.deleted_tag.clone());
                write.read_before = true;
            }
        }
        match self.send_reading_before(write).await {
            Ok(written) => Ok(written),
            Err(Refused {
                error,
                applied: true,
            }) if !active => {
                let untagged = self
                    .read(gid)
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|c| !c.has_tag(&self.shop.config.inactive_tag));
                if untagged {
                    let mut undo = CustomerWriteVariables::new(gid, self.shop.ns());
                    undo.metafields_to_delete = vec![convert::metafield_identifier(
                        gid,
                        &spec.namespace,
                        &spec.key,
                    )];
                    if let Err(refused) = self.send(undo).await {
                        tracing::warn!(
                            customer = %gid,
                            error = %refused.error,
                            "Shopify refused the inactive tag and deleting the inactive metafield failed"
                        );
                    }
                }
                Err(error)
            }
            Err(refused) => Err(refused.error),
        }
    }
}
