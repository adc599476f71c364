//! The three ways to read customers: `customerByIdentifier` (by email, phone, id or a
//! unique metafield), `customer(id:)`, and the search `customers(query:)`.

use super::customer::{CUSTOMER_COST, ScimCustomer};
use super::payloads::PageInfo;
use crate::client::operation::Operation;
use serde::{Deserialize, Serialize};

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
    /// The page size (at most [`MAX_CUSTOMERS_PER_PAGE`](super::MAX_CUSTOMERS_PER_PAGE)
    /// under the cost cap).
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
/// assert_eq!(Customers::requested_cost(&page(10)), 2 + 10 * 12);
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
