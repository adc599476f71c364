//! The Users' create path (see [Create](super#create)): one `customerCreate`, the customer
//! looked up when its answer is lost or its identity is taken, and a deleted User's
//! customer taken over.

use http::StatusCode;
use scim_core::ScimError;
use scim_core::resource::Resource;
use scim_core::store::{StoreError, Stored};
use serde_json::Value;

use super::Users;
use super::send::is_stale;
use crate::client::operations::{CustomerCreate, CustomerIdentifier, CustomerInputVariables};
use crate::mapping::{
    Customer, MappingConfig, Metafield, create_plan, is_group_tag, tag_eq, update_plan,
};
use crate::store::convert;
use crate::store::errors;
use crate::store::token::{DELETED_TOKEN_PREFIX, new_token};

/// How many times `create` sends `customerCreate` when answers are lost (a 5xx, a timeout,
/// a dropped connection), looking the customer up before each retry.
const CREATE_ATTEMPTS: u32 = 4;

impl Users<'_> {
    /// POST /Users (RFC 7644 §3.3): one `customerCreate`, looked up again when its answer
    /// is lost, taking over a deleted User's customer (see [Create](super#create)).
    pub(crate) async fn create(&self, resource: Resource) -> Result<Stored, StoreError> {
        let mut plan = create_plan(&self.shop.config, &resource)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        let version = &self.shop.config.version;
        plan.metafields.push(Metafield::new(
            &version.namespace,
            &version.key,
            &version.kind,
            new_token(),
        ));
        let spec = &self.shop.config.external_id;
        let key = &self.shop.config.user_name;
        let identity = Identity {
            user_name: plan
                .metafields
                .iter()
                .find(|m| m.namespace == key.namespace && m.key == key.key)
                .map(|m| m.value.clone()),
            email: plan.fields.email.clone().flatten(),
            phone: plan.fields.phone.clone().flatten(),
            external_id: plan
                .metafields
                .iter()
                .find(|m| m.namespace == spec.namespace && m.key == spec.key)
                .map(|m| m.value.clone()),
        };
        let variables = CustomerInputVariables {
            input: convert::create_input(plan),
            metafield_namespace: self.shop.ns(),
        };
        for attempt in 1..=CREATE_ATTEMPTS {
            let err = match self.shop.client.execute::<CustomerCreate>(&variables).await {
                Ok(answer) => {
                    let payload = answer.data.customer_create;
                    if !payload.user_errors.is_empty() {
                        let refused = errors::user_errors(&payload.user_errors);
                        // A resend refused as taken: the lost attempt may have been made
                        // after the lookup missed it (a slow request that ran late).
                        // Or the email (phone, externalId) is held by the customer of a
                        // deleted User: an IdP re-creating the person it deleted.
                        if is_uniqueness(&refused) {
                            return self
                                .adopt(&identity, &resource, attempt > 1)
                                .await
                                .unwrap_or(Err(refused));
                        }
                        return Err(refused);
                    }
                    let customer = payload.customer.map(convert::customer).ok_or_else(|| {
                        StoreError::backend(
                            "creating a customer",
                            "customerCreate answered neither a customer nor userErrors",
                        )
                    })?;
                    return self.to_stored(&customer).await;
                }
                Err(err) if err.is_retryable() => err,
                Err(err) => return Err(errors::backend("creating a customer", err)),
            };
            if identity.user_name.is_none()
                && identity.email.is_none()
                && identity.phone.is_none()
                && identity.external_id.is_none()
            {
                return Err(errors::backend("creating a customer", err));
            }
            tracing::warn!(
                attempt,
                error = %err,
                "customerCreate may have run without its answer; looking the customer up"
            );
            let found = match self.find_created(&identity).await {
                Ok(found) => found,
                Err(StoreError::Backend { context, source }) => {
                    tracing::warn!(
                        error = %source,
                        "{context} after a lost customerCreate answer failed too"
                    );
                    return Err(unconfirmed().into());
                }
                Err(err) => return Err(err),
            };
            if let Some(found) = found {
                if self.deleted_by_record(&found) {
                    return self.take_over(found, &resource).await;
                }
                if identity.matches(&found, &self.shop.config) {
                    return self.to_stored(&found).await;
                }
                return Err(ScimError::uniqueness(
                    "a customer with this userName, email, phone or externalId already exists",
                )
                .into());
            }
        }
        Err(unconfirmed().into())
    }

    /// The answer to a create refused as taken (`lost`: after an attempt whose answer was
    /// lost), from a lookup of the customer holding the identity: a customer marked deleted
    /// is [revived](Self::revive); after a lost attempt, the customer it made (same
    /// identity) is the answer; `None` when it finds neither or cannot look.
    async fn adopt(
        &self,
        identity: &Identity,
        user: &Resource,
        lost: bool,
    ) -> Option<Result<Stored, StoreError>> {
        let found = self.find_holder(identity).await.ok()??;
        if self.deleted_by_record(&found) {
            return Some(self.take_over(found, user).await);
        }
        if !lost || !identity.matches(&found, &self.shop.config) {
            return None;
        }
        Some(self.to_stored(&found).await)
    }

    /// [`revive`](Self::revive): of creates racing to take the customer over, the one whose
    /// commit comes first does; the others find its User there: 409 (RFC 7643 §4.1.1).
    async fn take_over(&self, found: Customer, user: &Resource) -> Result<Stored, StoreError> {
        self.revive(found, user).await.map_err(|err| {
            if is_stale(&err) {
                ScimError::uniqueness(
                    "a User with this userName, email or externalId was just created",
                )
                .into()
            } else {
                err
            }
        })
    }

    /// Whether `found` holds a deleted User by its record as well as its tag: its version
    /// token is a DELETE's (or it has none, deleted before tokens existed). A customer whose
    /// tag still says deleted but whose token does not is being taken over by another
    /// create, which committed first.
    fn deleted_by_record(&self, found: &Customer) -> bool {
        let spec = &self.shop.config.version;
        self.shop.is_deleted(found)
            && found
                .metafield(&spec.namespace, &spec.key)
                .is_none_or(|token| token.value.starts_with(DELETED_TOKEN_PREFIX))
    }

    /// Makes the customer `found`, marked deleted, hold the User `user` exactly, as its
    /// create: one [`CustomerWrite`] of the update plan from `found` to `user` (an absent
    /// `active` counts as `true`, as on create), plus removing the deleted tag and the
    /// group tags the deleted User kept, and adding the creation tags it lacks.
    async fn revive(&self, found: Customer, user: &Resource) -> Result<Stored, StoreError> {
        let mut user = user.clone();
        if user.get("active").is_none() {
            user.set("active", Value::Bool(true));
        }
        let mut plan = update_plan(&self.shop.config, &found, &user)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        for tag in &found.tags {
            let stale =
                tag_eq(tag, &self.shop.config.deleted_tag) || is_group_tag(&self.shop.config, tag);
            if stale && !plan.tags_to_remove.contains(tag) {
                plan.tags_to_remove.push(tag.clone());
            }
        }
        for tag in &self.shop.config.creation_tags {
            if !found.has_tag(tag) && !plan.tags_to_add.contains(tag) {
                plan.tags_to_add.push(tag.clone());
            }
        }
        let gid = found.id.clone();
        tracing::info!(customer = %gid, "a created User takes over its deleted customer");
        let written = self.write_plan(&gid, found, plan).await?;
        self.to_stored(&written).await
    }

    /// Looks up the customer a `customerCreate` whose answer was lost may have created: by
    /// the unique `userName` key it was sent with, which a customer it made holds (1 call;
    /// `customerByIdentifier` is immediately consistent, search lags writes). A customer
    /// that holds the email without the key is not this create's: the resend is refused as
    /// taken, and [`find_holder`](Self::find_holder) looks it up then.
    async fn find_created(&self, identity: &Identity) -> Result<Option<Customer>, StoreError> {
        match &identity.user_name {
            Some(user_name) => self.by_user_name_key(user_name).await,
            None => self.find_holder(identity).await,
        }
    }

    /// The customer with the unique `userName` key `key`.
    async fn by_user_name_key(&self, key: &str) -> Result<Option<Customer>, StoreError> {
        let spec = &self.shop.config.user_name;
        let by_key = CustomerIdentifier::custom_id(&spec.namespace, &spec.key, key.to_owned());
        self.by_identifier(by_key).await
    }

    /// Looks up the customer that holds what a refused `customerCreate` asked for: by the
    /// unique `userName` key, else by email, else by the externalId custom id, else by phone.
    async fn find_holder(&self, identity: &Identity) -> Result<Option<Customer>, StoreError> {
        if let Some(user_name) = &identity.user_name
            && let Some(found) = self.by_user_name_key(user_name).await?
        {
            return Ok(Some(found));
        }
        if let Some(email) = &identity.email
            && let Some(found) = self
                .by_identifier(CustomerIdentifier::email(email.clone()))
                .await?
        {
            return Ok(Some(found));
        }
        if let Some(external_id) = &identity.external_id {
            let spec = &self.shop.config.external_id;
            let by_external_id =
                CustomerIdentifier::custom_id(&spec.namespace, &spec.key, external_id.clone());
            if let Some(found) = self.by_identifier(by_external_id).await? {
                return Ok(Some(found));
            }
        }
        if identity.email.is_none()
            && let Some(phone) = &identity.phone
        {
            return self
                .by_identifier(CustomerIdentifier::PhoneNumber(phone.clone()))
                .await;
        }
        Ok(None)
    }
}

/// Who a create is for: what tells the customer it made from another one.
struct Identity {
    /// The unique `userName` key.
    user_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    external_id: Option<String>,
}

impl Identity {
    /// Whether `found` is the customer this create made: the same `userName` key (when
    /// `found` holds one), the same email (Shopify keeps it lowercased) and, when the User
    /// has one, the same externalId.
    fn matches(&self, found: &Customer, config: &MappingConfig) -> bool {
        let key = &config.user_name;
        let same_user_name = match (&self.user_name, found.metafield(&key.namespace, &key.key)) {
            (Some(mine), Some(theirs)) => theirs.same_value(mine),
            _ => true,
        };
        if !same_user_name {
            return false;
        }
        let same_email = match (&self.email, &found.email) {
            (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
            (None, _) => true,
            (Some(_), None) => false,
        };
        let spec = &config.external_id;
        let same_external_id = self.external_id.as_deref().is_none_or(|id| {
            found
                .metafield(&spec.namespace, &spec.key)
                .is_some_and(|m| m.same_value(id))
        });
        same_email && same_external_id
    }
}

/// 503 for a create Shopify neither confirmed nor can be found to have made (RFC 7644
/// §3.12: the client may send it again).
fn unconfirmed() -> ScimError {
    ScimError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        None,
        "Shopify did not confirm the customer's creation; send the request again",
    )
}

fn is_uniqueness(err: &StoreError) -> bool {
    matches!(err, StoreError::Scim(e) if e.scim_type() == Some(scim_core::ScimType::Uniqueness))
}
