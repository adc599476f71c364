//! Customers' mutations: `customerCreate` (metafields and tags inline), `customerUpdate`,
//! `customerDelete` and `customerRequestDataErasure`, with the inputs and payloads they
//! share.

use super::customer::{CUSTOMER_COST, ScimCustomer};
use super::payloads::UserError;
use crate::client::operation::{MUTATION_COST, Operation};
use serde::{Deserialize, Serialize};

/// A `CustomerInput` (create and update), which the store makes of the mapping's plans.
/// Absent fields are left out of the JSON; for update, `Some(None)` sends an explicit
/// `null`.
///
/// ```
/// use scim_shopify::client::operations::CustomerInput;
///
/// let input = CustomerInput { email: Some(Some("a@example.com".into())), phone: Some(None), ..Default::default() };
/// assert_eq!(
///     serde_json::to_string(&input).unwrap(),
///     r#"{"email":"a@example.com","phone":null}"#
/// );
/// assert!(!input.is_empty());
/// assert!(CustomerInput::default().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInput {
    /// The customer to update (absent on create).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
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
    /// The note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Option<String>>,
    /// Tags (on create; updates go through `tagsAdd`/`tagsRemove`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Metafields to set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metafields: Option<Vec<MetafieldInput>>,
}

impl CustomerInput {
    /// Whether the input sets nothing.
    ///
    /// See [`CustomerInput`] for an example.
    pub fn is_empty(&self) -> bool {
        *self == CustomerInput::default()
    }
}

/// A `MetafieldInput` inside a `CustomerInput`.
///
/// ```
/// let m = scim_shopify::client::operations::MetafieldInput {
///     namespace: "scim".into(), key: "external_id".into(), r#type: "id".into(), value: "x1".into(),
/// };
/// assert_eq!(serde_json::to_value(&m).unwrap()["type"], "id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetafieldInput {
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
    /// The metafield type (`id`, `json`, `boolean`, ...).
    pub r#type: String,
    /// The value, as a string.
    pub value: String,
}

/// Variables of [`CustomerCreate`] and [`CustomerUpdate`].
///
/// ```
/// use scim_shopify::client::operations::{CustomerInput, CustomerInputVariables};
///
/// let vars = CustomerInputVariables { input: CustomerInput::default(), metafield_namespace: Some("scim".into()) };
/// assert_eq!(serde_json::to_value(&vars).unwrap()["metafieldNamespace"], "scim");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInputVariables {
    /// The input.
    pub input: CustomerInput,
    /// The namespace of the metafields to read back.
    pub metafield_namespace: Option<String>,
}

/// The payload of `customerCreate` / `customerUpdate`.
///
/// ```
/// let p: scim_shopify::client::operations::CustomerPayload = serde_json::from_str(
///     r#"{"customer": null, "userErrors": [{"field": ["email"], "message": "Email has already been taken"}]}"#,
/// ).unwrap();
/// assert!(p.customer.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPayload {
    /// The customer, when the mutation succeeded.
    pub customer: Option<ScimCustomer>,
    /// Errors in the input.
    pub user_errors: Vec<UserError>,
}

/// `customerCreate(input:)`, metafields and tags inline.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert!(scim_shopify::client::operations::CustomerCreate::DOCUMENT.starts_with("mutation CustomerCreate("));
/// ```
#[derive(Debug)]
pub struct CustomerCreate;

/// The data of [`CustomerCreate`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomerCreateData =
///     serde_json::from_str(r#"{"customerCreate": {"customer": null, "userErrors": []}}"#).unwrap();
/// assert!(d.customer_create.user_errors.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerCreateData {
    /// The payload.
    pub customer_create: CustomerPayload,
}

impl Operation for CustomerCreate {
    const NAME: &'static str = "CustomerCreate";
    const DOCUMENT: &'static str = concat!(
        "mutation CustomerCreate($input: CustomerInput!, $metafieldNamespace: String) {
  customerCreate(input: $input) {
    customer { ...ScimCustomer }
    userErrors { field message }
  }
}
",
        scim_customer_fragment!()
    );
    const REPLAY_SAFE: bool = false;
    type Variables = CustomerInputVariables;
    type Data = CustomerCreateData;

    fn requested_cost(_: &CustomerInputVariables) -> u32 {
        MUTATION_COST + CUSTOMER_COST
    }
}

/// `customerUpdate(input:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::CustomerUpdate::NAME, "CustomerUpdate");
/// ```
#[derive(Debug)]
pub struct CustomerUpdate;

/// The data of [`CustomerUpdate`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomerUpdateData =
///     serde_json::from_str(r#"{"customerUpdate": {"customer": null, "userErrors": []}}"#).unwrap();
/// assert!(d.customer_update.customer.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUpdateData {
    /// The payload.
    pub customer_update: CustomerPayload,
}

impl Operation for CustomerUpdate {
    const NAME: &'static str = "CustomerUpdate";
    const DOCUMENT: &'static str = concat!(
        "mutation CustomerUpdate($input: CustomerInput!, $metafieldNamespace: String) {
  customerUpdate(input: $input) {
    customer { ...ScimCustomer }
    userErrors { field message }
  }
}
",
        scim_customer_fragment!()
    );
    type Variables = CustomerInputVariables;
    type Data = CustomerUpdateData;

    fn requested_cost(_: &CustomerInputVariables) -> u32 {
        MUTATION_COST + CUSTOMER_COST
    }
}

/// Variables of operations that take one customer id.
///
/// ```
/// let v = scim_shopify::client::operations::CustomerIdVariables { id: "gid://shopify/Customer/1".into() };
/// assert_eq!(serde_json::to_value(&v).unwrap()["id"], "gid://shopify/Customer/1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerIdVariables {
    /// The customer's global id.
    pub id: String,
}

/// `customerDelete(input: {id})`: fails with a user error when the customer has orders.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::CustomerDelete::NAME, "CustomerDelete");
/// ```
#[derive(Debug)]
pub struct CustomerDelete;

/// The data of [`CustomerDelete`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomerDeleteData = serde_json::from_str(
///     r#"{"customerDelete": {"deletedCustomerId": "gid://shopify/Customer/1", "userErrors": []}}"#,
/// ).unwrap();
/// assert!(d.customer_delete.deleted_customer_id.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerDeleteData {
    /// The payload.
    pub customer_delete: CustomerDeletePayload,
}

/// The payload of `customerDelete`.
///
/// See [`CustomerDeleteData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerDeletePayload {
    /// The deleted customer's id.
    pub deleted_customer_id: Option<String>,
    /// Errors, e.g. "Customer can’t be deleted because they have associated orders".
    pub user_errors: Vec<UserError>,
}

impl Operation for CustomerDelete {
    const NAME: &'static str = "CustomerDelete";
    const DOCUMENT: &'static str = "mutation CustomerDelete($id: ID!) {
  customerDelete(input: {id: $id}) {
    deletedCustomerId
    userErrors { field message }
  }
}
";
    type Variables = CustomerIdVariables;
    type Data = CustomerDeleteData;

    fn requested_cost(_: &CustomerIdVariables) -> u32 {
        MUTATION_COST
    }
}

/// `customerRequestDataErasure(customerId:)`: GDPR erasure, carried out by Shopify later.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::CustomerRequestDataErasure::NAME, "CustomerRequestDataErasure");
/// ```
#[derive(Debug)]
pub struct CustomerRequestDataErasure;

/// The data of [`CustomerRequestDataErasure`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomerRequestDataErasureData = serde_json::from_str(
///     r#"{"customerRequestDataErasure": {"customerId": "gid://shopify/Customer/1", "userErrors": []}}"#,
/// ).unwrap();
/// assert!(d.customer_request_data_erasure.customer_id.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRequestDataErasureData {
    /// The payload.
    pub customer_request_data_erasure: CustomerErasurePayload,
}

/// The payload of `customerRequestDataErasure`.
///
/// See [`CustomerRequestDataErasureData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerErasurePayload {
    /// The customer that will be erased.
    pub customer_id: Option<String>,
    /// Errors (with codes such as `DOES_NOT_EXIST`).
    pub user_errors: Vec<UserError>,
}

impl Operation for CustomerRequestDataErasure {
    const NAME: &'static str = "CustomerRequestDataErasure";
    const DOCUMENT: &'static str = "mutation CustomerRequestDataErasure($id: ID!) {
  customerRequestDataErasure(customerId: $id) {
    customerId
    userErrors { field message code }
  }
}
";
    type Variables = CustomerIdVariables;
    type Data = CustomerRequestDataErasureData;

    fn requested_cost(_: &CustomerIdVariables) -> u32 {
        MUTATION_COST
    }
}
