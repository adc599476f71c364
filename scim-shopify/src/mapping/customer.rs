//! What the store reads and writes of a Shopify customer, in the JSON shapes of the Admin
//! GraphQL API (camelCase fields, `metafields { nodes { ... } }`).

use chrono::{DateTime, Utc};
use scim_core::resource::{format_date_time, parse_date_time};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::config::CustomerField;
use super::tags::tag_eq;

/// The prefix of a customer's global id: `gid://shopify/Customer/<numeric id>`.
pub const CUSTOMER_GID_PREFIX: &str = "gid://shopify/Customer/";

/// A Shopify customer as the store sees it: identity, the fields the mapping writes, tags,
/// timestamps and the metafields it asked for.
///
/// Deserialises from what `customer(id:)`, `customerByIdentifier` and `customers` answer,
/// accepting both the deprecated `email` / `phone` fields and their replacements
/// `defaultEmailAddress.emailAddress` / `defaultPhoneNumber.phoneNumber`, and
/// `metafields` as a connection (`nodes` or `edges`) or a plain list.
///
/// ```
/// use scim_shopify::mapping::Customer;
///
/// let customer: Customer = serde_json::from_value(serde_json::json!({
///     "id": "gid://shopify/Customer/9522206933298",
///     "firstName": "Karine",
///     "lastName": "Ruby",
///     "defaultEmailAddress": {"emailAddress": "karine.ruby@example.com"},
///     "defaultPhoneNumber": {"phoneNumber": "+16135550142"},
///     "locale": "en",
///     "tags": ["VIP"],
///     "createdAt": "2025-03-26T19:51:37Z",
///     "updatedAt": "2026-05-06T02:40:36Z",
///     "metafields": {"nodes": [
///         {"namespace": "scim", "key": "external_id", "type": "id", "value": "00u1"},
///     ]},
/// }))?;
/// assert_eq!(customer.numeric_id(), Some("9522206933298"));
/// assert_eq!(customer.email.as_deref(), Some("karine.ruby@example.com"));
/// assert_eq!(customer.metafield("scim", "external_id").unwrap().value, "00u1");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "CustomerWire")]
pub struct Customer {
    /// The global id, `gid://shopify/Customer/<n>`.
    pub id: String,
    /// The email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The first name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The phone number, in E.164 as Shopify normalises it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The locale, such as `en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The merchant's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The tags, merchant's and the mapping's alike.
    pub tags: Vec<String>,
    /// When the customer was created.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_instant"
    )]
    pub created_at: Option<DateTime<Utc>>,
    /// When the customer last changed.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_instant"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    /// The metafields that were read.
    #[serde(serialize_with = "serialize_nodes")]
    pub metafields: Vec<Metafield>,
}

impl Customer {
    /// The numeric part of the global id, which SCIM uses as the resource `id`.
    pub fn numeric_id(&self) -> Option<&str> {
        numeric_id(&self.id)
    }

    /// The metafield `namespace.key`, if it was read.
    pub fn metafield(&self, namespace: &str, key: &str) -> Option<&Metafield> {
        self.metafields
            .iter()
            .find(|m| m.namespace == namespace && m.key == key)
    }

    /// Whether the customer carries `tag` (Shopify compares tags case-insensitively).
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| tag_eq(t, tag))
    }

    /// The value of a customer field, `None` when it is empty.
    pub(crate) fn field(&self, field: CustomerField) -> Option<&str> {
        match field {
            CustomerField::Email => self.email.as_deref(),
            CustomerField::FirstName => self.first_name.as_deref(),
            CustomerField::LastName => self.last_name.as_deref(),
            CustomerField::Phone => self.phone.as_deref(),
            CustomerField::Locale => self.locale.as_deref(),
            CustomerField::Note => self.note.as_deref(),
        }
        .filter(|v| !v.is_empty())
    }
}

/// The numeric id in a customer's global id: `gid://shopify/Customer/42` → `42`; `None` for
/// anything else.
///
/// ```
/// use scim_shopify::mapping::{customer_gid, numeric_id};
///
/// assert_eq!(numeric_id("gid://shopify/Customer/42"), Some("42"));
/// assert_eq!(numeric_id("gid://shopify/Order/42"), None);
/// assert_eq!(customer_gid("42").as_deref(), Some("gid://shopify/Customer/42"));
/// assert_eq!(customer_gid("42 OR 1"), None);
/// ```
pub fn numeric_id(gid: &str) -> Option<&str> {
    gid.strip_prefix(CUSTOMER_GID_PREFIX)
        .filter(|n| is_numeric_id(n))
}

/// The global id of the customer with numeric id `id`; `None` unless `id` is all ASCII digits
/// (a SCIM `id` from a client is untrusted text).
pub fn customer_gid(id: &str) -> Option<String> {
    is_numeric_id(id).then(|| format!("{CUSTOMER_GID_PREFIX}{id}"))
}

fn is_numeric_id(text: &str) -> bool {
    !text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A metafield as read or written: `namespace.key` of a `type`, with its value as text
/// (the JSON text for `json` metafields).
///
/// ```
/// use scim_shopify::mapping::Metafield;
///
/// let field = Metafield::new("scim", "active", "boolean", "false");
/// assert_eq!(serde_json::to_value(&field)?, serde_json::json!({
///     "namespace": "scim", "key": "active", "type": "boolean", "value": "false",
/// }));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metafield {
    /// The namespace, such as `scim`.
    pub namespace: String,
    /// The key within the namespace.
    pub key: String,
    /// The metafield type (`id`, `json`, `boolean`, `single_line_text_field`, ...); empty
    /// when the query did not ask for it.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The value as text.
    pub value: String,
    /// A digest of the value, as Shopify answers it (`compareDigest`), when it was read.
    #[serde(
        rename = "compareDigest",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub compare_digest: Option<String>,
}

impl Metafield {
    /// A metafield.
    pub fn new(
        namespace: impl Into<String>,
        key: impl Into<String>,
        kind: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        Metafield {
            namespace: namespace.into(),
            key: key.into(),
            kind: kind.into(),
            value: value.into(),
            compare_digest: None,
        }
    }

    /// Whether `value` means the same as this metafield's value: JSON compared as JSON,
    /// booleans case-insensitively, everything else as text.
    pub fn same_value(&self, value: &str) -> bool {
        match self.kind.as_str() {
            "json" => {
                let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
                match (parse(&self.value), parse(value)) {
                    (Some(a), Some(b)) => a == b,
                    _ => self.value == value,
                }
            }
            "boolean" => self.value.eq_ignore_ascii_case(value),
            _ => self.value == value,
        }
    }
}

/// `namespace.key` of a metafield, to delete one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MetafieldKey {
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
}

/// The wire form: both generations of email and phone fields, metafields as a connection.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CustomerWire {
    #[serde(default)]
    id: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    default_email_address: Option<EmailAddress>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    default_phone_number: Option<PhoneNumber>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    tags: Vec<String>,
    #[serde(default, deserialize_with = "deserialize_instant")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "deserialize_instant")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "deserialize_nodes")]
    metafields: Vec<Metafield>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EmailAddress {
    #[serde(default)]
    email_address: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhoneNumber {
    #[serde(default)]
    phone_number: Option<String>,
}

impl From<CustomerWire> for Customer {
    fn from(wire: CustomerWire) -> Self {
        Customer {
            id: wire.id,
            email: wire
                .default_email_address
                .and_then(|e| e.email_address)
                .or(wire.email),
            first_name: wire.first_name,
            last_name: wire.last_name,
            phone: wire
                .default_phone_number
                .and_then(|p| p.phone_number)
                .or(wire.phone),
            locale: wire.locale,
            note: wire.note,
            tags: wire.tags,
            created_at: wire.created_at,
            updated_at: wire.updated_at,
            metafields: wire.metafields,
        }
    }
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn deserialize_instant<'de, D>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse_date_time(&text)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("not a DateTime: {text:?}"))),
    }
}

fn serialize_instant<S: Serializer>(
    instant: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match instant {
        Some(instant) => serializer.serialize_str(&format_date_time(instant)),
        None => serializer.serialize_none(),
    }
}

/// `metafields` as `{nodes: [...]}`, `{edges: [{node}]}` or `[...]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Connection {
    Nodes { nodes: Vec<Metafield> },
    Edges { edges: Vec<Edge> },
    List(Vec<Metafield>),
}

#[derive(Deserialize)]
struct Edge {
    node: Metafield,
}

fn deserialize_nodes<'de, D>(deserializer: D) -> Result<Vec<Metafield>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(match Option::<Connection>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(Connection::Nodes { nodes }) | Some(Connection::List(nodes)) => nodes,
        Some(Connection::Edges { edges }) => edges.into_iter().map(|e| e.node).collect(),
    })
}

fn serialize_nodes<S: Serializer>(nodes: &[Metafield], serializer: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Out<'a> {
        nodes: &'a [Metafield],
    }
    Out { nodes }.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_through_its_own_json() {
        let customer: Customer = serde_json::from_value(json!({
            "id": "gid://shopify/Customer/1",
            "email": "a@example.com",
            "phone": "+14155550100",
            "tags": null,
            "createdAt": "2025-03-26T19:51:37Z",
            "metafields": {"edges": [{"node": {
                "namespace": "scim", "key": "resource", "type": "json", "value": "{}"}}]},
        }))
        .unwrap();
        assert!(customer.tags.is_empty());
        assert_eq!(customer.metafields.len(), 1);
        let again: Customer =
            serde_json::from_value(serde_json::to_value(&customer).unwrap()).unwrap();
        assert_eq!(again, customer);
    }

    #[test]
    fn gids_are_checked() {
        assert_eq!(numeric_id("gid://shopify/Customer/"), None);
        assert_eq!(numeric_id("gid://shopify/Customer/12a"), None);
        assert_eq!(customer_gid(""), None);
        assert_eq!(customer_gid("1\" OR"), None);
    }

    #[test]
    fn json_metafields_compare_as_json() {
        let field = Metafield::new("scim", "resource", "json", r#"{"a": 1, "b": [2]}"#);
        assert!(field.same_value(r#"{"b":[2],"a":1}"#));
        assert!(!field.same_value(r#"{"a":2}"#));
    }
}
