//! Customers: create, update, delete, erase, and the three ways to read them
//! (`customerByIdentifier`, `customer(id:)`, `customers(query:)`).

use super::{MUTATION_COST, PageInfo, UserError};
use crate::client::{MAX_QUERY_COST, Operation};
use serde::{Deserialize, Serialize};

/// How many metafields (of the store's namespace) each customer selection reads.
pub const CUSTOMER_METAFIELDS: u32 = 5;

/// The requested cost of one `ScimCustomer` selection: the customer, its default email and
/// phone objects, and a connection of [`CUSTOMER_METAFIELDS`] metafields.
pub const CUSTOMER_COST: u32 = 1 + 1 + 1 + 2 + CUSTOMER_METAFIELDS;

/// The largest `first:` a [`Customers`] page can ask for under the 1000-point cap.
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
  metafields(first: 5, namespace: $metafieldNamespace) {
    nodes { namespace key type value }
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
    pub nodes: Vec<super::MetafieldNode>,
}

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

/// A `CustomerIdentifierInput`: exactly one of email, phone, id or custom id.
///
/// ```
/// use scim_shopify::client::operations::CustomerIdentifier;
///
/// let by_email = CustomerIdentifier::email("a@example.com");
/// assert_eq!(serde_json::to_string(&by_email).unwrap(), r#"{"emailAddress":"a@example.com"}"#);
/// let by_external_id = CustomerIdentifier::custom_id("scim", "external_id", "x1");
/// assert_eq!(
///     serde_json::to_string(&by_external_id).unwrap(),
///     r#"{"customId":{"namespace":"scim","key":"external_id","value":"x1"}}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CustomerIdentifier {
    /// By email address.
    EmailAddress(String),
    /// By phone number.
    PhoneNumber(String),
    /// By global id.
    Id(String),
    /// By the value of a unique metafield (`id` type with unique values).
    CustomId(UniqueMetafieldValue),
}

impl CustomerIdentifier {
    /// By email address.
    ///
    /// See [`CustomerIdentifier`] for an example.
    pub fn email(email: impl Into<String>) -> Self {
        CustomerIdentifier::EmailAddress(email.into())
    }

    /// By a unique metafield's value.
    ///
    /// See [`CustomerIdentifier`] for an example.
    pub fn custom_id(
        namespace: impl Into<String>,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        CustomerIdentifier::CustomId(UniqueMetafieldValue {
            namespace: Some(namespace.into()),
            key: key.into(),
            value: value.into(),
        })
    }
}

/// A `UniqueMetafieldValueInput`.
///
/// See [`CustomerIdentifier`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UniqueMetafieldValue {
    /// The namespace (the app's reserved namespace when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

/// Variables of [`CustomerByIdentifier`].
///
/// ```
/// use scim_shopify::client::operations::{CustomerByIdentifierVariables, CustomerIdentifier};
/// let v = CustomerByIdentifierVariables { identifier: CustomerIdentifier::email("a@example.com"), metafield_namespace: None };
/// assert_eq!(serde_json::to_value(&v).unwrap()["identifier"]["emailAddress"], "a@example.com");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerByIdentifierVariables {
    /// How to find the customer.
    pub identifier: CustomerIdentifier,
    /// The namespace of the metafields to read.
    pub metafield_namespace: Option<String>,
}

/// `customerByIdentifier(identifier:)`: immediately consistent, unlike search.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::CustomerByIdentifier::NAME, "CustomerByIdentifier");
/// ```
#[derive(Debug)]
pub struct CustomerByIdentifier;

/// The data of [`CustomerByIdentifier`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomerByIdentifierData =
///     serde_json::from_str(r#"{"customerByIdentifier": null}"#).unwrap();
/// assert!(d.customer_by_identifier.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerByIdentifierData {
    /// The customer, if one matches.
    pub customer_by_identifier: Option<ScimCustomer>,
}

impl Operation for CustomerByIdentifier {
    const NAME: &'static str = "CustomerByIdentifier";
    const DOCUMENT: &'static str = concat!(
        "query CustomerByIdentifier($identifier: CustomerIdentifierInput!, $metafieldNamespace: String) {
  customerByIdentifier(identifier: $identifier) { ...ScimCustomer }
}
",
        scim_customer_fragment!()
    );
    type Variables = CustomerByIdentifierVariables;
    type Data = CustomerByIdentifierData;

    fn requested_cost(_: &CustomerByIdentifierVariables) -> u32 {
        CUSTOMER_COST
    }
}

/// Variables of [`CustomerById`].
///
/// ```
/// let v = scim_shopify::client::operations::CustomerByIdVariables { id: "gid://shopify/Customer/1".into(), metafield_namespace: None };
/// assert!(serde_json::to_value(&v).unwrap()["metafieldNamespace"].is_null());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerByIdVariables {
    /// The customer's global id.
    pub id: String,
    /// The namespace of the metafields to read.
    pub metafield_namespace: Option<String>,
}

/// `customer(id:)`.
///
/// ```
/// use scim_shopify::client::Operation;
/// assert_eq!(scim_shopify::client::operations::CustomerById::NAME, "CustomerById");
/// ```
#[derive(Debug)]
pub struct CustomerById;

/// The data of [`CustomerById`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomerByIdData =
///     serde_json::from_str(r#"{"customer": null}"#).unwrap();
/// assert!(d.customer.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerByIdData {
    /// The customer, if it exists.
    pub customer: Option<ScimCustomer>,
}

impl Operation for CustomerById {
    const NAME: &'static str = "CustomerById";
    const DOCUMENT: &'static str = concat!(
        "query CustomerById($id: ID!, $metafieldNamespace: String) {
  customer(id: $id) { ...ScimCustomer }
}
",
        scim_customer_fragment!()
    );
    type Variables = CustomerByIdVariables;
    type Data = CustomerByIdData;

    fn requested_cost(_: &CustomerByIdVariables) -> u32 {
        CUSTOMER_COST
    }
}

/// Variables of [`Customers`].
///
/// ```
/// let v = scim_shopify::client::operations::CustomersVariables {
///     query: Some("tag:'scim-group:Sales'".into()), first: 50, after: None, metafield_namespace: None,
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["first"], 50);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomersVariables {
    /// A search query (Shopify search syntax), built with proper quoting by the caller.
    pub query: Option<String>,
    /// The page size (at most [`MAX_CUSTOMERS_PER_PAGE`] under the cost cap).
    pub first: u32,
    /// The cursor of the previous page's last customer.
    pub after: Option<String>,
    /// The namespace of the metafields to read.
    pub metafield_namespace: Option<String>,
}

/// `customers(query:, first:, after:)` with `pageInfo`. Search lags writes.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{Customers, CustomersVariables};
///
/// let page = |first| CustomersVariables { query: None, first, after: None, metafield_namespace: None };
/// assert_eq!(Customers::requested_cost(&page(10)), 2 + 10 * 10);
/// assert!(Customers::requested_cost(&page(250)) > 1000);
/// ```
#[derive(Debug)]
pub struct Customers;

/// The data of [`Customers`].
///
/// ```
/// let d: scim_shopify::client::operations::CustomersData = serde_json::from_str(
///     r#"{"customers": {"nodes": [], "pageInfo": {"hasNextPage": false, "endCursor": null}}}"#,
/// ).unwrap();
/// assert!(!d.customers.page_info.has_next_page);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomersData {
    /// The page.
    pub customers: CustomerPage,
}

/// One page of customers.
///
/// See [`CustomersData`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPage {
    /// The customers.
    pub nodes: Vec<ScimCustomer>,
    /// Where the next page starts.
    pub page_info: PageInfo,
}

impl Operation for Customers {
    const NAME: &'static str = "Customers";
    const DOCUMENT: &'static str = concat!(
        "query Customers($query: String, $first: Int!, $after: String, $metafieldNamespace: String) {
  customers(query: $query, first: $first, after: $after) {
    nodes { ...ScimCustomer }
    pageInfo { hasNextPage endCursor }
  }
}
",
        scim_customer_fragment!()
    );
    type Variables = CustomersVariables;
    type Data = CustomersData;

    fn requested_cost(variables: &CustomersVariables) -> u32 {
        2u32.saturating_add(variables.first.saturating_mul(CUSTOMER_COST))
    }
}
