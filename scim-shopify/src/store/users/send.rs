//! How every write of a User reaches Shopify: the update plan as one
//! [`CustomerWrite`] (its parts run in order, the last answering the customer as written),
//! tags Shopify would refuse refused before sending, and a write refused in part put back.

use scim_core::ScimError;
use scim_core::resource::Resource;
use scim_core::store::StoreError;

use super::Users;
use crate::client::operations::{CustomerWrite, CustomerWriteVariables, UserError};
use crate::mapping::{Customer, MAX_TAG_CHARS, UpdatePlan, numeric_id, update_plan};
use crate::store::convert;
use crate::store::errors;
use crate::store::groups::state::GroupIndex;
use crate::store::shop::not_found;

/// Shopify's cap on a customer's tags (shopify.dev, `tagsAdd`); a tag's own is
/// [`MAX_TAG_CHARS`].
const MAX_TAGS: usize = 250;

impl Users<'_> {
    /// Sends the smallest change set that makes `current` hold `user` as one
    /// [`CustomerWrite`], which answers the customer as written.
    ///
    /// When Shopify refuses one part (a taken email) after another part ran (the tags
    /// after it), the store puts back what ran, so that nothing stays half-written, and
    /// answers the refusal.
    pub(super) async fn write(
        &self,
        gid: &str,
        current: Customer,
        user: &Resource,
    ) -> Result<Customer, StoreError> {
        let plan = update_plan(&self.shop.config, &current, user)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        self.write_plan(gid, current, plan).await
    }

    /// Sends `plan` (from `current`) as one [`CustomerWrite`]; see [`write`](Self::write).
    pub(super) async fn write_plan(
        &self,
        gid: &str,
        current: Customer,
        plan: UpdatePlan,
    ) -> Result<Customer, StoreError> {
        check_tags(&current, &plan.tags_to_add, &plan.tags_to_remove)?;
        let write = self.write_of(gid, plan);
        if write.is_empty() {
            return Ok(current);
        }
        match self.send(write).await {
            Ok(written) => Ok(written),
            Err(Refused {
                error,
                applied: true,
            }) => {
                self.undo(gid, &current).await;
                Err(error)
            }
            Err(Refused { error, .. }) => Err(error),
        }
    }

    /// The [`CustomerWrite`] of an update plan: field changes and metafields to set in
    /// `customerUpdate`, the rest in their own parts.
    pub(super) fn write_of(&self, gid: &str, plan: UpdatePlan) -> CustomerWriteVariables {
        let mut write = CustomerWriteVariables::new(gid, self.shop.ns());
        write.input = convert::update_input(plan.fields, plan.metafields_to_set);
        write.metafields_to_delete = plan
            .metafields_to_delete
            .into_iter()
            .map(|key| convert::metafield_identifier(gid, key.namespace, key.key))
            .collect();
        write.tags_to_remove = plan.tags_to_remove;
        write.tags_to_add = plan.tags_to_add;
        write
    }

    /// Sends one [`CustomerWrite`] and answers the customer as written (read back only
    /// after a lone `metafieldsDelete`, whose payload does not reach the customer).
    pub(super) async fn send(&self, write: CustomerWriteVariables) -> Result<Customer, Refused> {
        self.send_reading_before(write)
            .await
            .map(|(written, _)| written)
    }

    /// [`send`](Self::send), and the customer as `customerUpdate` answered it before the tag
    /// parts ran when the write [`reads before`](CustomerWriteVariables::read_before).
    pub(super) async fn send_reading_before(
        &self,
        write: CustomerWriteVariables,
    ) -> Result<(Customer, Option<Customer>), Refused> {
        let gid = write.id.clone();
        let selects_customer = write.selects_customer();
        let answer = match self.shop.client.execute::<CustomerWrite>(&write).await {
            Ok(answer) => answer,
            Err(err) if errors::is_resource_not_found(&err) => {
                return Err(Refused::nothing_applied(missing(&gid)));
            }
            Err(err) => {
                return Err(Refused::nothing_applied(errors::backend(
                    "writing a customer",
                    err,
                )));
            }
        };
        let data = answer.data;
        let errors: Vec<UserError> = data.user_errors().cloned().collect();
        if !errors.is_empty() {
            let error = if errors::names_missing_customer(&errors) {
                missing(&gid)
            } else {
                errors::user_errors(&errors)
            };
            return Err(Refused {
                error,
                applied: data.some_part_applied(),
            });
        }
        let before = data.before_tags().cloned().map(convert::customer);
        let written = match data.into_customer() {
            Some(customer) => Some(convert::customer(customer)),
            None if selects_customer => None,
            None => self.read(&gid).await.map_err(Refused::nothing_applied)?,
        };
        written.map(|written| (written, before)).ok_or_else(|| {
            Refused::nothing_applied(StoreError::backend(
                "writing a customer",
                "CustomerWrite answered neither the customer nor userErrors",
            ))
        })
    }

    /// Puts back `before` after a write that Shopify refused in part: reads the customer
    /// and sends the plan from what it holds now to what it held. Best effort: a failure
    /// is logged (with the customer id only) and the refusal is answered all the same.
    async fn undo(&self, gid: &str, before: &Customer) {
        let undone = async {
            let after = self.read(gid).await?.ok_or_else(|| missing(gid))?;
            // `groups` is read-only and the plan never touches group tags: no index needed.
            let user = self.to_user(before, &GroupIndex::default())?;
            let plan = update_plan(&self.shop.config, &after, &user)
                .map_err(|e| StoreError::backend("undoing a refused write", e.to_string()))?;
            let write = self.write_of(gid, plan);
            if !write.is_empty() {
                self.send(write).await.map_err(|refused| refused.error)?;
            }
            Ok::<(), StoreError>(())
        };
        if let Err(err) = undone.await {
            tracing::warn!(
                customer = %gid,
                error = %err,
                "Shopify refused part of a write and putting back the rest failed"
            );
        }
    }
}

/// 404 for the customer `gid`.
pub(super) fn missing(gid: &str) -> StoreError {
    not_found(numeric_id(gid).unwrap_or(gid)).into()
}

/// A write Shopify did not make (in whole): the error to answer, and whether some part of
/// it ran all the same.
pub(super) struct Refused {
    pub(super) error: StoreError,
    pub(super) applied: bool,
}

impl Refused {
    pub(super) fn nothing_applied(error: StoreError) -> Self {
        Refused {
            error,
            applied: false,
        }
    }
}

/// Refuses before sending what `tagsAdd` would refuse after other parts of the write ran:
/// a tag over 255 characters, or more than 250 tags on the customer.
fn check_tags(current: &Customer, add: &[String], remove: &[String]) -> Result<(), StoreError> {
    if let Some(tag) = add.iter().find(|t| t.chars().count() > MAX_TAG_CHARS) {
        return Err(ScimError::invalid_value(format!(
            "a tag made from this User has {} characters; Shopify keeps at most {MAX_TAG_CHARS}",
            tag.chars().count()
        ))
        .into());
    }
    let kept = current
        .tags
        .iter()
        .filter(|t| !remove.iter().any(|r| r.eq_ignore_ascii_case(t)))
        .count();
    if kept + add.len() > MAX_TAGS {
        return Err(ScimError::invalid_value(format!(
            "the customer would have {} tags; Shopify keeps at most {MAX_TAGS}",
            kept + add.len()
        ))
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_shopify_would_refuse_are_refused_before_sending() {
        let customer = |tags: usize| Customer {
            tags: (0..tags).map(|i| format!("t{i}")).collect(),
            ..Customer::default()
        };
        assert!(check_tags(&customer(249), &["new".into()], &[]).is_ok());
        let err = check_tags(&customer(250), &["new".into()], &[]).unwrap_err();
        assert_eq!(err.to_scim().status(), 400);
        assert!(check_tags(&customer(250), &["new".into()], &["T0".into()]).is_ok());
        let long = "x".repeat(256);
        assert_eq!(
            check_tags(&customer(0), &[long], &[])
                .unwrap_err()
                .to_scim()
                .status(),
            400
        );
    }
}
