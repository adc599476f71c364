//! The `ScimMetaobject` selection: what SCIM reads of a metaobject ([`Metaobject`], the
//! `scim_metaobject_fragment!` every metaobject document includes), and what it costs.

use serde::Deserialize;

/// The cost of one `ScimMetaobject` selection: the object and its list of fields.
pub(crate) const METAOBJECT_COST: u32 = 2;

/// The fields SCIM reads from a metaobject.
macro_rules! scim_metaobject_fragment {
    () => {
        "
fragment ScimMetaobject on Metaobject {
  id
  handle
  type
  displayName
  createdAt
  updatedAt
  fields { key value }
}
"
    };
}

/// A metaobject as SCIM sees it.
///
/// ```
/// let m: scim_shopify::client::operations::Metaobject = serde_json::from_str(r#"{
///     "id": "gid://shopify/Metaobject/1", "handle": "sales", "type": "app--1--scim_group",
///     "displayName": "Sales", "createdAt": "2026-07-04T23:37:19Z", "updatedAt": "2026-07-04T23:37:19Z",
///     "fields": [{"key": "display_name", "value": "Sales"}]
/// }"#).unwrap();
/// assert_eq!(m.field("display_name"), Some("Sales"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metaobject {
    /// The global id.
    pub id: String,
    /// The handle, unique per type.
    pub handle: String,
    /// The type (`$app:` resolved to the app's prefix).
    pub r#type: String,
    /// The display name.
    pub display_name: String,
    /// When it was created.
    pub created_at: String,
    /// When it was last updated.
    pub updated_at: String,
    /// The field values.
    pub fields: Vec<MetaobjectField>,
}

impl Metaobject {
    /// The value of field `key`, if set.
    ///
    /// See [`Metaobject`] for an example.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| f.value.as_deref())
    }
}

/// A metaobject field (`key value`).
///
/// See [`Metaobject`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetaobjectField {
    /// The key.
    pub key: String,
    /// The value, when set.
    pub value: Option<String>,
}
