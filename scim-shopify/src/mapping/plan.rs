//! The mapping's write plans, what the store turns into requests: [`CreatePlan`] (a new
//! customer) and [`UpdatePlan`] (the smallest change set to a customer), with the
//! [`FieldChanges`] both carry. They are the mapping's own types, in the Admin API's JSON
//! shapes (camelCase, so a plan reads back as a [`Customer`](super::Customer)), but not the
//! client's request types: the store converts them.

use serde::Serialize;

use super::config::CustomerField;
use super::customer::{Metafield, MetafieldKey};

/// Customer fields a write sets. For each field `None` leaves it as it is, `Some(value)`
/// sets it and `Some(None)` clears it (an explicit `null`); the locale cannot be cleared.
///
/// ```
/// use scim_shopify::mapping::FieldChanges;
///
/// let changes = FieldChanges { email: Some(Some("a@example.com".into())), phone: Some(None), ..Default::default() };
/// assert_eq!(
///     serde_json::to_string(&changes)?,
///     r#"{"email":"a@example.com","phone":null}"#
/// );
/// assert!(!changes.is_empty());
/// assert!(FieldChanges::default().is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChanges {
    /// The email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Option<String>>,
    /// The first name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Option<String>>,
    /// The last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Option<String>>,
    /// The phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Option<String>>,
    /// The locale (Shopify cannot clear it, so there is no `null` to send).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The merchant's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Option<String>>,
}

impl FieldChanges {
    /// Whether nothing changes.
    ///
    /// See [`FieldChanges`] for an example.
    pub fn is_empty(&self) -> bool {
        *self == FieldChanges::default()
    }

    /// Sets `field` of a new customer: `None` leaves it out.
    pub(crate) fn set_new(&mut self, field: CustomerField, value: Option<String>) {
        match field {
            CustomerField::Email => self.email = value.map(Some),
            CustomerField::FirstName => self.first_name = value.map(Some),
            CustomerField::LastName => self.last_name = value.map(Some),
            CustomerField::Phone => self.phone = value.map(Some),
            CustomerField::Note => self.note = value.map(Some),
            CustomerField::Locale => self.locale = value,
        }
    }

    /// Changes `field` of a customer: `None` clears it (an explicit `null`), except the
    /// locale, which Shopify cannot clear and is left as it is.
    pub(crate) fn change(&mut self, field: CustomerField, value: Option<String>) {
        match field {
            CustomerField::Email => self.email = Some(value),
            CustomerField::FirstName => self.first_name = Some(value),
            CustomerField::LastName => self.last_name = Some(value),
            CustomerField::Phone => self.phone = Some(value),
            CustomerField::Note => self.note = Some(value),
            CustomerField::Locale => {
                if value.is_some() {
                    self.locale = value;
                }
            }
        }
    }
}

/// A new customer for a User ([`create_plan`](super::create_plan)): its fields, tags and
/// metafields, all sent in one `customerCreate`.
///
/// ```
/// use scim_shopify::mapping::{CreatePlan, FieldChanges, Metafield};
///
/// let plan = CreatePlan {
///     fields: FieldChanges { email: Some(Some("a@example.com".into())), ..Default::default() },
///     tags: vec!["scim-inactive".into()],
///     metafields: vec![Metafield::new("scim", "active", "boolean", "false")],
/// };
/// assert_eq!(serde_json::to_value(&plan)?, serde_json::json!({
///     "email": "a@example.com",
///     "tags": ["scim-inactive"],
///     "metafields": [{"namespace": "scim", "key": "active", "type": "boolean", "value": "false"}],
/// }));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreatePlan {
    /// The fields to set (`None` leaves a field out).
    #[serde(flatten)]
    pub fields: FieldChanges,
    /// The tags: the creation tags, the template tags and, for `active: false`, the
    /// inactive tag.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The metafields to set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metafields: Vec<Metafield>,
}

/// The smallest change set that makes a customer match a User
/// ([`update_plan`](super::update_plan)): field updates (`customerUpdate`), tags to add and
/// to remove (`tagsAdd` / `tagsRemove`, never a full overwrite), metafields to set
/// (`metafieldsSet`) and to delete (`metafieldsDelete`). Tags and metafields the mapping
/// does not own are never in it.
///
/// ```
/// use scim_core::resource::Resource;
/// use scim_shopify::mapping::{Customer, MappingConfig, update_plan};
/// use serde_json::json;
///
/// let current: Customer = serde_json::from_value(json!({
///     "id": "gid://shopify/Customer/1",
///     "email": "bjensen@example.com",
///     "firstName": "Barbara",
///     "tags": ["VIP"],
/// }))?;
/// let user = Resource::from_json(json!({
///     "userName": "bjensen@example.com",
///     "name": {"givenName": "Babs"},
///     "active": false,
/// }))?;
/// let plan = update_plan(&MappingConfig::default(), &current, &user)?;
/// assert_eq!(plan.fields.first_name, Some(Some("Babs".into())));
/// assert_eq!(plan.fields.email, None);
/// assert_eq!(plan.tags_to_add, vec!["scim-inactive"]);
/// assert!(plan.tags_to_remove.is_empty()); // "VIP" is the merchant's
/// let keys: Vec<&str> = plan.metafields_to_set.iter().map(|m| m.key.as_str()).collect();
/// // The unique userName key (added on the first write), and the inactive mark.
/// assert_eq!(keys, ["user_name", "active"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdatePlan {
    /// Fields that change (the store sends the plan's metafields to set with them).
    pub fields: FieldChanges,
    /// Tags to add.
    pub tags_to_add: Vec<String>,
    /// Tags to remove, spelled as the customer has them.
    pub tags_to_remove: Vec<String>,
    /// Metafields to set.
    pub metafields_to_set: Vec<Metafield>,
    /// Metafields to delete.
    pub metafields_to_delete: Vec<MetafieldKey>,
}

impl UpdatePlan {
    /// Whether nothing changes.
    ///
    /// ```
    /// assert!(scim_shopify::mapping::UpdatePlan::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        *self == UpdatePlan::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clearing_the_locale_leaves_it_and_clearing_a_name_sends_null() {
        let mut changes = FieldChanges::default();
        changes.change(CustomerField::Locale, None);
        changes.change(CustomerField::FirstName, None);
        assert_eq!(
            serde_json::to_value(&changes).unwrap(),
            json!({"firstName": null})
        );
        let mut created = FieldChanges::default();
        created.set_new(CustomerField::FirstName, None);
        created.set_new(CustomerField::Locale, Some("fr-CA".into()));
        assert_eq!(
            serde_json::to_value(&created).unwrap(),
            json!({"locale": "fr-CA"})
        );
    }
}
