//! How every write of a User reaches Shopify, in two calls:
//!
//! 1. **The commit**: one `metafieldsSet` of a new version token
//!    ([`MappingConfig::version`](crate::mapping::MappingConfig::version)), on condition that
//!    the customer still holds the token the write read (`compareDigest`; `null` when it held
//!    none), with every metafield the plan sets (the JSON metafield, the unique `userName`
//!    and `externalId` keys, the inactive mark). Shopify sets them all or none (the schema's
//!    documentation of `metafieldsSet`): another write since the read (`STALE_OBJECT`) or a
//!    value another customer holds (`TAKEN`) refuses the write before anything changed.
//! 2. **The projection**: one [`CustomerWrite`] of the fields, the metafields to delete and
//!    the tags (its parts run in order, the last answering the customer as written). A part
//!    Shopify refuses puts back what the write did (both calls again, from the customer as
//!    it is then), so nothing stays half-written.
//!
//! Tags Shopify would refuse are refused before sending.

use scim_core::ScimError;
use scim_core::resource::Resource;
use scim_core::store::StoreError;

use super::Users;
use crate::client::operations::{
    CustomerWrite, CustomerWriteVariables, MetafieldsSet, MetafieldsSetInput,
    MetafieldsSetVariables, UserError,
};
use crate::mapping::{Customer, MAX_TAG_CHARS, Metafield, UpdatePlan, numeric_id, update_plan};
use crate::store::convert;
use crate::store::errors;
use crate::store::groups::state::GroupIndex;
use crate::store::shop::not_found;
use crate::store::token::new_token;

use super::pending::{Pending, Projection};

/// Shopify's cap on a customer's tags (shopify.dev, `tagsAdd`); a tag's own is
/// [`MAX_TAG_CHARS`].
const MAX_TAGS: usize = 250;

impl Users<'_> {
    /// Sends the smallest change set that makes `current` hold `user`: the commit, then the
    /// projection (see [the module](self)); answers the customer as written.
    ///
    /// A commit refused because another write came first is 412 (the caller reads again
    /// when the client named no version); when Shopify refuses a part of the projection (a
    /// taken email), the store puts back what the write did and answers the refusal.
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

    /// Sends `plan` (from `current`): the commit, then the projection; see
    /// [`write`](Self::write).
    pub(super) async fn write_plan(
        &self,
        gid: &str,
        current: Customer,
        plan: UpdatePlan,
    ) -> Result<Customer, StoreError> {
        match self.commit_and_project(gid, &current, plan).await {
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

    /// The commit and the projection of `plan`, without putting anything back.
    async fn commit_and_project(
        &self,
        gid: &str,
        current: &Customer,
        mut plan: UpdatePlan,
    ) -> Result<Customer, Refused> {
        check_tags(current, &plan.tags_to_add, &plan.tags_to_remove)
            .map_err(Refused::nothing_applied)?;
        if plan.is_empty() {
            return Ok(current.clone());
        }
        let metafields = std::mem::take(&mut plan.metafields_to_set);
        let projection = Projection::of(&plan);
        let token = self
            .commit(gid, current, metafields, &projection)
            .await
            .map_err(Refused::nothing_applied)?;
        // The projection sets the bare token (the record is no longer pending) in its
        // `customerUpdate`, whose answer carries the customer's final `updatedAt`.
        let mut write = self.write_of(gid, plan);
        let version = &self.shop.config.version;
        let bare = Metafield::new(&version.namespace, &version.key, &version.kind, &token);
        let input = write.input.take().unwrap_or_else(convert::empty_update);
        write.input = Some(convert::with_metafields(input, vec![bare]));
        self.send(write).await.map_err(|refused| Refused {
            // Shopify refused a part: put back. Nothing answered (a 5xx, a timeout): the
            // record stays pending, and the next read shows and the next write makes it.
            applied: refused.applied || is_refusal(&refused.error),
            error: refused.error,
        })
    }

    /// The commit: a new version token on condition that `current` still holds its token,
    /// with `metafields`, in one atomic `metafieldsSet`. 412 when another write came first,
    /// 409 when a unique value is taken.
    /// Answers the token it wrote.
    async fn commit(
        &self,
        gid: &str,
        current: &Customer,
        metafields: Vec<Metafield>,
        projection: &Projection,
    ) -> Result<String, StoreError> {
        let spec = &self.shop.config.version;
        let held = current
            .metafield(&spec.namespace, &spec.key)
            .map(|m| m.compare_digest.clone());
        let held = match held {
            // Held, and read with its digest.
            Some(Some(digest)) => Some(digest),
            // Held, but the read did not select its digest: no condition can be made.
            Some(None) => {
                return Err(StoreError::backend(
                    "committing a User's write",
                    "the customer's version token was read without its compareDigest",
                ));
            }
            None => None,
        };
        let token = new_token();
        let mut inputs = vec![MetafieldsSetInput {
            owner_id: gid.to_owned(),
            namespace: spec.namespace.clone(),
            key: spec.key.clone(),
            r#type: spec.kind.clone(),
            value: Pending::record(&token, projection),
            compare_digest: Some(held),
        }];
        inputs.extend(metafields.into_iter().map(|m| MetafieldsSetInput {
            owner_id: gid.to_owned(),
            namespace: m.namespace,
            key: m.key,
            r#type: m.kind,
            value: m.value,
            compare_digest: None,
        }));
        let answer = self
            .shop
            .client
            .execute::<MetafieldsSet>(&MetafieldsSetVariables { metafields: inputs })
            .await
            .map_err(|e| errors::backend("committing a User's write", e))?;
        let refused = answer.data.metafields_set.user_errors;
        if refused.is_empty() {
            return Ok(token);
        }
        if refused
            .iter()
            .any(|e| e.code.as_deref() == Some("STALE_OBJECT"))
        {
            // The client sends a commit again when its answer was lost (a 5xx, a timeout):
            // the first may have run, and the token it moved is then this commit's own.
            let holds_own = self
                .read(gid)
                .await?
                .and_then(|now| now.metafield(&spec.namespace, &spec.key).cloned())
                .is_some_and(|now| {
                    now.value == token
                        || Pending::read(&now.value).is_some_and(|p| p.token == token)
                });
            if holds_own {
                return Ok(token);
            }
            return Err(stale(gid));
        }
        if errors::names_missing_customer(&refused) {
            return Err(missing(gid));
        }
        Err(errors::user_errors(&refused))
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
    /// parts ran when the write [`reads before`](CustomerWriteVariables::read_before) (none
    /// when the answer is to a resend of an attempt whose answer was lost: the tags it shows
    /// may be that attempt's).
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
        let resent = answer.resent;
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
        // The customer before the tags of an earlier attempt whose answer was lost is the
        // customer after them: not what the caller asked for.
        let before = (!resent)
            .then(|| data.before_tags().cloned().map(convert::customer))
            .flatten();
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
            self.commit_and_project(gid, &after, plan)
                .await
                .map_err(|refused| refused.error)?;
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

/// 412 for a write another write came before (RFC 7644 §3.14): the customer's version
/// token moved since the write read it.
pub(super) fn stale(gid: &str) -> StoreError {
    ScimError::precondition_failed(format!(
        "the resource {} changed since it was read",
        numeric_id(gid).unwrap_or(gid)
    ))
    .into()
}

/// Whether `err` is the refusal of a commit another write came before ([`stale`]).
pub(super) fn is_stale(err: &StoreError) -> bool {
    matches!(err, StoreError::Scim(e) if e.status() == http::StatusCode::PRECONDITION_FAILED)
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

/// Whether `err` is Shopify's refusal of a part of a write (a `userErrors`), not a call
/// that went unanswered.
fn is_refusal(err: &StoreError) -> bool {
    matches!(err, StoreError::Scim(_))
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
