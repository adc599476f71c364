//! The shop itself: its id and one of its own metafields, where the store keeps a mark that
//! holds for the whole shop (such as that every User's customer holds its unique `userName`
//! key).

use serde::{Deserialize, Serialize};

use crate::client::operation::Operation;

/// Variables of [`ShopMetafield`]: which metafield of the shop.
///
/// ```
/// let v = scim_shopify::client::operations::ShopMetafieldVariables {
///     namespace: "scim".into(), key: "user_names_indexed".into(),
/// };
/// assert_eq!(serde_json::to_value(&v).unwrap()["key"], "user_names_indexed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShopMetafieldVariables {
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
}

/// `shop { id metafield(namespace:, key:) { value } }`: the shop's id (the owner a
/// `metafieldsSet` of the shop names) and the value of one of its metafields.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{ShopMetafield, ShopMetafieldData};
///
/// assert_eq!(ShopMetafield::NAME, "ShopMetafield");
/// let d: ShopMetafieldData = serde_json::from_str(
///     r#"{"shop": {"id": "gid://shopify/Shop/1", "metafield": {"value": "true"}}}"#,
/// ).unwrap();
/// assert_eq!(d.shop.metafield.unwrap().value, "true");
/// ```
#[derive(Debug)]
pub struct ShopMetafield;

/// The data of [`ShopMetafield`].
///
/// See [`ShopMetafield`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ShopMetafieldData {
    /// The shop.
    pub shop: ShopWithMetafield,
}

/// The shop's id and the metafield asked for (`None` when it has none).
///
/// See [`ShopMetafield`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ShopWithMetafield {
    /// The shop's global id, `gid://shopify/Shop/<n>`.
    pub id: String,
    /// The metafield.
    pub metafield: Option<ShopMetafieldValue>,
}

/// A metafield's value.
///
/// See [`ShopMetafield`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ShopMetafieldValue {
    /// The value, as a string.
    pub value: String,
}

impl Operation for ShopMetafield {
    const NAME: &'static str = "ShopMetafield";
    const DOCUMENT: &'static str = "query ShopMetafield($namespace: String!, $key: String!) {
  shop { id metafield(namespace: $namespace, key: $key) { value } }
}
";
    type Variables = ShopMetafieldVariables;
    type Data = ShopMetafieldData;

    fn requested_cost(_: &ShopMetafieldVariables) -> u32 {
        // The shop and its metafield, one point each.
        2
    }
}
