//! The `ScimCustomer` selection: what SCIM reads of a customer ([`ScimCustomer`], the
//! `scim_customer_fragment!` every customer document includes), and what it costs.

use super::metafields::MetafieldNode;
use crate::client::operation::MAX_QUERY_COST;
use serde::Deserialize;

/// How many metafields (of the store's namespace) each customer selection reads.
pub const CUSTOMER_METAFIELDS: u32 = 7;

/// The requested cost of one `ScimCustomer` selection: the customer, its default email and
/// phone objects, and a connection of [`CUSTOMER_METAFIELDS`] metafields.
pub const CUSTOMER_COST: u32 = 1 + 1 + 1 + 2 + CUSTOMER_METAFIELDS;

/// The largest `first:` a [`Customers`](super::Customers) page can ask for under the 1000-point cap.
///
/// ```
/// use scim_shopify::client::operations::{CUSTOMER_COST, MAX_CUSTOMERS_PER_PAGE};
/// assert!(2 + MAX_CUSTOMERS_PER_PAGE * CUSTOMER_COST <= 1000);
/// assert!(2 + (MAX_CUSTOMERS_PER_PAGE + 1) * CUSTOMER_COST > 1000);
/// ```
pub const MAX_CUSTOMERS_PER_PAGE: u32 = (MAX_QUERY_COST - 2) / CUSTOMER_COST;

/// The fields SCIM reads from a customer. Every document that uses it declares
/// `$metafieldNamespace: String`.
macro_rules! scim_customer_fragment {
    () => {
        "
fragment ScimCustomer on Customer {
  id
  firstName
  lastName
  locale
  tags
  state
  createdAt
  updatedAt
  canDelete
  defaultEmailAddress { emailAddress }
  defaultPhoneNumber { phoneNumber }
  metafields(first: 7, namespace: $metafieldNamespace) {
    nodes { namespace key type value compareDigest }
  }
}
"
    };
}

/// A customer as SCIM sees it (the `ScimCustomer` selection).
///
/// ```
/// let customer: scim_shopify::client::operations::ScimCustomer = serde_json::from_str(r#"{
///     "id": "gid://shopify/Customer/1", "firstName": "Ada", "lastName": null, "locale": "en",
///     "tags": ["a"], "state": "DISABLED", "createdAt": "2026-07-04T23:37:19Z",
///     "updatedAt": "2026-07-04T23:37:19Z", "canDelete": true,
///     "defaultEmailAddress": {"emailAddress": "ada@example.com"}, "defaultPhoneNumber": null,
///     "metafields": {"nodes": []}
/// }"#).unwrap();
/// assert_eq!(customer.email(), Some("ada@example.com"));
/// assert_eq!(customer.phone(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScimCustomer {
    /// The global id, `gid://shopify/Customer/N`.
    pub id: String,
    /// The first name.
    pub first_name: Option<String>,
    /// The last name.
    pub last_name: Option<String>,
    /// The locale (`en`, `fr-CA`, ...).
    pub locale: String,
    /// The tags, as Shopify normalised them.
    pub tags: Vec<String>,
    /// The account state (read-only in the API; never SCIM's `active`).
    pub state: String,
    /// When the customer was created (ISO 8601).
    pub created_at: String,
    /// When the customer was last updated (ISO 8601).
    pub updated_at: String,
    /// Whether `customerDelete` can delete the customer (no orders).
    pub can_delete: bool,
    /// The default email address.
    pub default_email_address: Option<EmailAddress>,
    /// The default phone number.
    pub default_phone_number: Option<PhoneNumber>,
    /// The customer's metafields in the store's namespace.
    pub metafields: MetafieldNodes,
}

impl ScimCustomer {
    /// The default email address, if any.
    ///
    /// See [`ScimCustomer`] for an example.
    pub fn email(&self) -> Option<&str> {
        self.default_email_address
            .as_ref()?
            .email_address
            .as_deref()
    }

    /// The default phone number, if any.
    ///
    /// See [`ScimCustomer`] for an example.
    pub fn phone(&self) -> Option<&str> {
        self.default_phone_number.as_ref()?.phone_number.as_deref()
    }
}

/// `defaultEmailAddress { emailAddress }`.
///
/// ```
/// let e: scim_shopify::client::operations::EmailAddress =
///     serde_json::from_str(r#"{"emailAddress": "a@example.com"}"#).unwrap();
/// assert_eq!(e.email_address.as_deref(), Some("a@example.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailAddress {
    /// The address.
    pub email_address: Option<String>,
}

/// `defaultPhoneNumber { phoneNumber }`.
///
/// ```
/// let p: scim_shopify::client::operations::PhoneNumber =
///     serde_json::from_str(r#"{"phoneNumber": "+14155558744"}"#).unwrap();
/// assert_eq!(p.phone_number.as_deref(), Some("+14155558744"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumber {
    /// The number in E.164.
    pub phone_number: Option<String>,
}

/// `metafields { nodes { namespace key type value } }`.
///
/// ```
/// let m: scim_shopify::client::operations::MetafieldNodes = serde_json::from_str(
///     r#"{"nodes": [{"namespace": "scim", "key": "external_id", "type": "id", "value": "x1"}]}"#,
/// ).unwrap();
/// assert_eq!(m.nodes[0].value, "x1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetafieldNodes {
    /// The metafields.
    pub nodes: Vec<MetafieldNode>,
}
