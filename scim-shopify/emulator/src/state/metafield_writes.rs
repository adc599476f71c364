//! `metafieldsSet` and `metafieldsDelete` over every owner the emulator stores metafields
//! on: the shop itself (owner type `SHOP`) and its customers (`CUSTOMER`), mixed freely in
//! one call.
//!
//! The rules, the same for both owner types, from the schema's documentation
//! (`schema/admin-2026-07.graphql`) where no capture records them:
//! - An `ownerId` naming no customer and not the shop's own gid: "Owner does not exist."
//!   on `["metafields", "N", "ownerId"]`.
//! - `type` is "Required when there's no corresponding definition for the given `namespace`,
//!   `key`, and owner resource type (derived from `ownerId`)" (`MetafieldsSetInput.type`):
//!   without one, a metafield takes its definition's type, and without a definition either
//!   the input answers "Type can't be blank" on `["metafields", "N", "type"]`. Definitions
//!   are per owner type, and the emulator's are all for customers
//!   (`metafieldDefinitionCreate` refuses other owner types), so a shop metafield always needs
//!   its `type`, whatever customer definition has its namespace and key.
//! - `compareDigest`, absent, null or a digest, against the metafield the owner holds
//!   (`state/compare_digest.rs`): `STALE_OBJECT` when it does not admit it.
//! - A unique value (`uniqueValues` of a definition) already held by another customer, or
//!   set on another customer earlier in the same call: `TAKEN`
//!   (`state/metafield_definitions.rs`). Only customer metafields have definitions, so only
//!   they are checked: a shop metafield at the namespace and key of a unique customer
//!   definition is neither refused nor makes a customer's value taken.
//! - "This operation is atomic, meaning no changes are persisted if an error is
//!   encountered." (`metafieldsSet`): every input is checked before any is written.
//!
//! The shop's metafields as the captures show them: `ownerType` `SHOP`, an id of the same
//! `gid://shopify/Metafield/N` shape as a customer's (`bulk-operation-run-mutation-allowed-roots.json`,
//! a bulk `metafieldsSet` on the shop's gid). `metafieldsDelete` of a shop metafield answers
//! its identifier, or null when there is none, as it does for a customer's.

use crate::state::compare_digest::stale;
use crate::state::gid::parse_gid;
use crate::state::metafield::{self, Metafield, MetafieldInput, MetafieldSet, OwnerType};
use crate::state::metafield_definitions::{MetafieldDefinition, value_taken};
use crate::state::shop::Shop;
use crate::state::user_error::UserError;

/// An owner of metafields that exists in the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// The shop itself.
    Shop,
    /// The customer of this number.
    Customer(u64),
}

impl Shop {
    /// The owner `gid` names: the shop itself (its own gid) or one of its customers; `None`
    /// when there is no such owner.
    fn owner(&self, gid: &str) -> Option<Owner> {
        if gid == self.resource.gid() {
            return Some(Owner::Shop);
        }
        self.customers.customer(gid).map(|c| Owner::Customer(c.id))
    }

    /// The metafields `owner` holds.
    fn metafields_of(&self, owner: Owner) -> &[Metafield] {
        match owner {
            Owner::Shop => &self.resource.metafields,
            Owner::Customer(id) => self
                .customers
                .numbered(id)
                .map_or(&[], |c| c.metafields.as_slice()),
        }
    }

    /// The metafield definition at `namespace.key` for owners of type `owner_type`.
    fn definition(
        &self,
        owner_type: OwnerType,
        namespace: &str,
        key: &str,
    ) -> Option<&MetafieldDefinition> {
        match owner_type {
            OwnerType::Customer => self.metafield_definitions.find(namespace, key),
            OwnerType::Shop => None,
        }
    }

    /// `metafieldsSet`: the metafields set, in input order, or the user errors and nothing
    /// written (see the module documentation for the rules).
    pub fn set_metafields(&mut self, entries: &[MetafieldSet]) -> (Vec<Metafield>, Vec<UserError>) {
        let mut errors = Vec::new();
        let mut writes: Vec<(Owner, MetafieldInput)> = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let at = index.to_string();
            let input = &entry.metafield;
            let owner = self.owner(&entry.owner);
            if owner.is_none() {
                errors.push(UserError::on(
                    &["metafields", &at, "ownerId"],
                    "Owner does not exist.",
                ));
            }
            let kind = input.kind.clone().or_else(|| {
                self.definition(entry.owner_type, &input.namespace, &input.key)
                    .map(|d| d.kind.clone())
            });
            if kind.is_none() {
                errors.push(UserError::on(
                    &["metafields", &at, "type"],
                    "Type can't be blank",
                ));
            }
            if let Some(owner) = owner {
                let stored =
                    metafield::find(self.metafields_of(owner), &input.namespace, &input.key);
                if !entry.compare_digest.admits(stored) {
                    errors.push(stale(index));
                }
                writes.push((
                    owner,
                    MetafieldInput {
                        kind,
                        ..input.clone()
                    },
                ));
            }
        }
        for (index, entry) in entries.iter().enumerate() {
            if entry.owner_type != OwnerType::Customer {
                continue;
            }
            let input = &entry.metafield;
            let definitions = &self.metafield_definitions;
            if !definitions.is_unique(&input.namespace, &input.key) {
                continue;
            }
            let earlier = entries[..index].iter().any(|other| {
                other.owner_type == OwnerType::Customer
                    && other.owner != entry.owner
                    && other.metafield.namespace == input.namespace
                    && other.metafield.key == input.key
                    && other.metafield.value == input.value
            });
            let own_id = parse_gid(&entry.owner, "Customer");
            if earlier || self.customers.value_taken(input, own_id, definitions) {
                errors.push(value_taken(index));
            }
        }
        if !errors.is_empty() {
            return (Vec::new(), errors);
        }
        let mut set = Vec::new();
        for (owner, input) in writes {
            match owner {
                Owner::Shop => {
                    let id = self.customers.allocate();
                    let metafields = &mut self.resource.metafields;
                    set.push(metafield::upsert(metafields, OwnerType::Shop, &input, id));
                }
                Owner::Customer(id) => set.extend(self.customers.set_metafield(id, &input)),
            }
        }
        (set, Vec::new())
    }

    /// `metafieldsDelete` of `(owner, namespace, key)` identifiers, on the shop and its
    /// customers: per identifier, in order, the identifier of the deleted metafield or `None`
    /// when there was none (as the capture
    /// `metafield-definitions/metafield-delete-not-found.json` shows).
    pub fn delete_metafields(
        &mut self,
        entries: &[(String, String, String)],
    ) -> Vec<Option<(String, String, String)>> {
        entries
            .iter()
            .map(|(owner, namespace, key)| {
                let removed = if *owner == self.resource.gid() {
                    metafield::remove(&mut self.resource.metafields, namespace, key)
                } else {
                    self.customers.delete_metafield(owner, namespace, key)
                };
                removed.then(|| (owner.clone(), namespace.clone(), key.clone()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::state::customer::CustomerInput;
    use crate::state::metafield::CompareDigest;
    use crate::state::metafield_definitions::MetafieldDefinitionInput;

    const SHOP: &str = "gid://shopify/Shop/1";

    /// A shop with one customer: the shop and the customer's gid.
    fn shop_with_customer() -> (Shop, String) {
        let mut shop = Shop::new(1, Duration::ZERO);
        let input = CustomerInput {
            email: Some(Some("a@example.com".into())),
            ..CustomerInput::default()
        };
        let (customer, _) = shop.customers.create(input, &shop.metafield_definitions);
        (shop, customer.unwrap().gid())
    }

    /// `scim.{key}` = `value` on `owner`, typed when `kind` is given.
    fn set(owner: &str, key: &str, value: &str, kind: Option<&str>) -> MetafieldSet {
        MetafieldSet {
            owner: owner.into(),
            owner_type: OwnerType::of_gid(owner).unwrap(),
            metafield: MetafieldInput {
                namespace: "scim".into(),
                key: key.into(),
                value: value.into(),
                kind: kind.map(str::to_owned),
            },
            compare_digest: CompareDigest::Unsent,
        }
    }

    fn codes(errors: &[UserError]) -> Vec<(Vec<String>, Option<&'static str>)> {
        errors
            .iter()
            .map(|e| (e.field.clone().unwrap_or_default(), e.code))
            .collect()
    }

    /// A unique customer definition of type `id` at `scim.external_id`.
    fn define_unique(shop: &mut Shop) {
        shop.metafield_definitions
            .create(MetafieldDefinitionInput {
                namespace: "scim".into(),
                key: "external_id".into(),
                name: "External id".into(),
                kind: "id".into(),
                unique_values: None,
            })
            .unwrap();
    }

    #[test]
    fn shop_and_customer_metafields_are_set_together_each_on_its_owner() {
        let (mut shop, customer) = shop_with_customer();
        let text = Some("single_line_text_field");
        let (set, errors) = shop.set_metafields(&[
            set(SHOP, "marker", "v1", text),
            set(&customer, "marker", "c1", text),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        let owners: Vec<OwnerType> = set.iter().map(|m| m.owner_type).collect();
        assert_eq!(owners, [OwnerType::Shop, OwnerType::Customer]);
        assert_ne!(set[0].id, set[1].id);
        assert_eq!(shop.resource.metafields, [set[0].clone()]);
        let stored = shop.customers.customer(&customer).unwrap();
        assert_eq!(stored.metafields, [set[1].clone()]);
    }

    #[test]
    fn a_failing_entry_writes_nothing_on_either_owner() {
        let (mut shop, customer) = shop_with_customer();
        let text = Some("single_line_text_field");
        let mut stale = set(&customer, "marker", "c1", text);
        stale.compare_digest = CompareDigest::Null;
        shop.set_metafields(&[set(&customer, "marker", "c0", text)]);
        let (written, errors) = shop.set_metafields(&[set(SHOP, "marker", "v1", text), stale]);
        assert!(written.is_empty());
        assert_eq!(
            codes(&errors),
            [(
                vec!["metafields".into(), "1".into(), "compareDigest".into()],
                Some("STALE_OBJECT")
            )]
        );
        assert!(shop.resource.metafields.is_empty());
        let stored = shop.customers.customer(&customer).unwrap();
        assert_eq!(stored.metafields[0].value, "c0");
    }

    #[test]
    fn another_shop_gid_is_an_owner_that_does_not_exist() {
        let (mut shop, _) = shop_with_customer();
        let other = "gid://shopify/Shop/2";
        let (_, errors) =
            shop.set_metafields(&[set(other, "marker", "v", Some("single_line_text_field"))]);
        assert_eq!(errors[0].message, "Owner does not exist.");
        assert_eq!(
            shop.delete_metafields(&[(other.into(), "scim".into(), "marker".into())]),
            [None]
        );
    }

    #[test]
    fn a_customer_definition_neither_types_nor_makes_unique_a_shop_metafield() {
        let (mut shop, customer) = shop_with_customer();
        define_unique(&mut shop);
        // Without a type: the customer's metafield takes its definition's, the shop's has none.
        let (_, errors) = shop.set_metafields(&[set(SHOP, "external_id", "e1", None)]);
        assert_eq!(
            codes(&errors),
            [(vec!["metafields".into(), "0".into(), "type".into()], None)]
        );
        let (written, errors) = shop.set_metafields(&[set(&customer, "external_id", "e1", None)]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(written[0].kind, "id");
        // The customer's unique value is free to the shop, and a value the shop sets earlier
        // in a call is free to the customer.
        let text = Some("single_line_text_field");
        let (_, errors) = shop.set_metafields(&[set(SHOP, "external_id", "e1", text)]);
        assert!(errors.is_empty(), "{errors:?}");
        let (written, errors) = shop.set_metafields(&[
            set(SHOP, "external_id", "e2", text),
            set(&customer, "external_id", "e2", None),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(written.len(), 2);
    }

    #[test]
    fn only_unique_values_are_taken_between_customers_of_one_call() {
        let (mut shop, first) = shop_with_customer();
        let input = CustomerInput {
            email: Some(Some("b@example.com".into())),
            ..CustomerInput::default()
        };
        let (second, _) = shop.customers.create(input, &shop.metafield_definitions);
        let second = second.unwrap().gid();
        let text = Some("single_line_text_field");
        let same = [
            set(&first, "external_id", "e1", text),
            set(&second, "external_id", "e1", text),
        ];
        let (_, errors) = shop.set_metafields(&same);
        assert!(
            errors.is_empty(),
            "no definition, no uniqueness: {errors:?}"
        );
        define_unique(&mut shop);
        let same = [
            set(&first, "external_id", "e2", text),
            set(&second, "external_id", "e2", text),
        ];
        let (_, errors) = shop.set_metafields(&same);
        assert_eq!(
            codes(&errors),
            [(
                vec!["metafields".into(), "1".into(), "value".into()],
                Some("TAKEN")
            )]
        );
    }

    #[test]
    fn a_shop_metafield_is_deleted_by_its_identifier() {
        let (mut shop, customer) = shop_with_customer();
        let text = Some("single_line_text_field");
        shop.set_metafields(&[
            set(SHOP, "marker", "v", text),
            set(&customer, "marker", "c", text),
        ]);
        let shop_marker = (SHOP.to_owned(), "scim".to_owned(), "marker".to_owned());
        let deleted = shop.delete_metafields(&[shop_marker.clone(), shop_marker.clone()]);
        assert_eq!(deleted, [Some(shop_marker), None]);
        assert!(shop.resource.metafields.is_empty());
        let stored = shop.customers.customer(&customer).unwrap();
        assert_eq!(stored.metafields.len(), 1);
    }
}
