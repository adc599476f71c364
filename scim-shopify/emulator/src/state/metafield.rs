//! A metafield as the shop stores it, on a customer or on the shop itself, and the inputs
//! that write one: what `metafieldsSet` sends (with its compare-and-set, `compareDigest`) and
//! the inline metafields of `customerCreate` and `customerUpdate`.

use chrono::{DateTime, Utc};

use crate::state::compare_digest::compare_digest;

/// The owner types whose metafields the emulator stores (`MetafieldOwnerType`): the owner
/// type of a metafield, and the owner type a metafield definition is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OwnerType {
    /// A customer's (`gid://shopify/Customer/N`).
    Customer,
    /// The shop's own (`gid://shopify/Shop/N`).
    Shop,
}

impl OwnerType {
    /// The owner type of the resource `gid` names, by its kind; `None` for kinds the
    /// emulator stores no metafields on.
    pub fn of_gid(gid: &str) -> Option<OwnerType> {
        let kind = gid.strip_prefix("gid://shopify/")?.split('/').next()?;
        match kind {
            "Customer" => Some(OwnerType::Customer),
            "Shop" => Some(OwnerType::Shop),
            _ => None,
        }
    }

    /// Its `MetafieldOwnerType` value: `CUSTOMER` or `SHOP` (as the captures answer
    /// `Metafield.ownerType`).
    pub fn name(self) -> &'static str {
        match self {
            OwnerType::Customer => "CUSTOMER",
            OwnerType::Shop => "SHOP",
        }
    }
}

/// A metafield of a customer or of the shop.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metafield {
    pub id: u64,
    /// The type of the resource it is on.
    pub owner_type: OwnerType,
    pub namespace: String,
    pub key: String,
    pub value: String,
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Metafield {
    /// Its `compareDigest`, a digest of its value (see [`compare_digest`]).
    pub fn compare_digest(&self) -> String {
        compare_digest(&self.value)
    }
}

/// One metafield to set on an owner.
#[derive(Debug, Clone)]
pub(crate) struct MetafieldInput {
    pub namespace: String,
    pub key: String,
    pub value: String,
    pub kind: Option<String>,
}

/// One `MetafieldsSetInput` of `metafieldsSet`: the owner, the metafield to set on it, and
/// what its `compareDigest` asks of the metafield stored there.
#[derive(Debug, Clone)]
pub(crate) struct MetafieldSet {
    /// The owner's gid (a customer's or the shop's).
    pub owner: String,
    /// The owner type the gid names (whether or not such an owner exists).
    pub owner_type: OwnerType,
    pub metafield: MetafieldInput,
    pub compare_digest: CompareDigest,
}

/// `MetafieldsSetInput.compareDigest`, absent, null or a digest: the compare-and-set of
/// `metafieldsSet` ("If `compareDigest` is set for any metafield, the mutation will only set
/// that metafield if the persisted metafield value matches the digest used on
/// `compareDigest`. If the metafield doesn't exist yet, but you want to guarantee that the
/// operation will run in a safe manner, set `compareDigest` to `null`. [...] You can opt out
/// of write guarantees by not sending `compareDigest` in the request.", the schema's
/// documentation of `metafieldsSet`). `MetafieldInput`, the inline metafields of
/// `customerCreate` and `customerUpdate`, has no `compareDigest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CompareDigest {
    /// Not sent: the metafield is set whatever is stored.
    Unsent,
    /// `null`: set only if the metafield does not exist yet.
    Null,
    /// A digest: set only if the metafield exists and its value's digest is this one.
    Digest(String),
}

impl CompareDigest {
    /// Whether a write guarded by `self` may replace `stored` (`None`: no such metafield).
    pub fn admits(&self, stored: Option<&Metafield>) -> bool {
        match (self, stored) {
            (CompareDigest::Unsent, _) => true,
            (CompareDigest::Null, stored) => stored.is_none(),
            (CompareDigest::Digest(digest), Some(stored)) => *digest == stored.compare_digest(),
            (CompareDigest::Digest(_), None) => false,
        }
    }
}

/// The metafield at `namespace.key` among an owner's `metafields`.
pub(crate) fn find<'a>(
    metafields: &'a [Metafield],
    namespace: &str,
    key: &str,
) -> Option<&'a Metafield> {
    metafields
        .iter()
        .find(|m| m.namespace == namespace && m.key == key)
}

/// Sets `input` among the `metafields` of an owner of type `owner_type`, over the metafield
/// at its namespace and key if there is one (a new one takes the id `id`, and the type
/// `single_line_text_field` when the input has none): the metafield as set.
pub(crate) fn upsert(
    metafields: &mut Vec<Metafield>,
    owner_type: OwnerType,
    input: &MetafieldInput,
    id: u64,
) -> Metafield {
    let now = Utc::now();
    if let Some(existing) = metafields
        .iter_mut()
        .find(|m| m.namespace == input.namespace && m.key == input.key)
    {
        existing.value = input.value.clone();
        if let Some(kind) = &input.kind {
            existing.kind = kind.clone();
        }
        existing.updated_at = now;
        return existing.clone();
    }
    let metafield = Metafield {
        id,
        owner_type,
        namespace: input.namespace.clone(),
        key: input.key.clone(),
        value: input.value.clone(),
        kind: input
            .kind
            .clone()
            .unwrap_or_else(|| "single_line_text_field".to_owned()),
        created_at: now,
        updated_at: now,
    };
    metafields.push(metafield.clone());
    metafield
}

/// Removes the metafield at `namespace.key` from an owner's `metafields`: whether there was
/// one.
pub(crate) fn remove(metafields: &mut Vec<Metafield>, namespace: &str, key: &str) -> bool {
    let before = metafields.len();
    metafields.retain(|m| !(m.namespace == namespace && m.key == key));
    metafields.len() != before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_types_come_from_the_gid_kind() {
        assert_eq!(
            OwnerType::of_gid("gid://shopify/Customer/7"),
            Some(OwnerType::Customer)
        );
        assert_eq!(
            OwnerType::of_gid("gid://shopify/Shop/1"),
            Some(OwnerType::Shop)
        );
        assert_eq!(OwnerType::of_gid("gid://shopify/ShopPolicy/1"), None);
        assert_eq!(OwnerType::of_gid("gid://shopify/Product/1"), None);
        assert_eq!(OwnerType::of_gid("Shop/1"), None);
    }

    #[test]
    fn an_upsert_replaces_the_value_at_its_key_and_keeps_the_id() {
        let mut metafields = Vec::new();
        let input = |value: &str| MetafieldInput {
            namespace: "app".into(),
            key: "marker".into(),
            value: value.into(),
            kind: Some("single_line_text_field".into()),
        };
        let first = upsert(&mut metafields, OwnerType::Shop, &input("a"), 1);
        let second = upsert(&mut metafields, OwnerType::Shop, &input("b"), 2);
        assert_eq!((first.id, second.id), (1, 1));
        assert_eq!(second.owner_type, OwnerType::Shop);
        assert_eq!(find(&metafields, "app", "marker").unwrap().value, "b");
        assert!(remove(&mut metafields, "app", "marker"));
        assert!(!remove(&mut metafields, "app", "marker"));
    }
}
