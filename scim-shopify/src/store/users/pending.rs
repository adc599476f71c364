//! A projection committed and not yet made: what a write's commit records in the version
//! token's value, so that a process that dies between the commit and the projection (see
//! [`send`](super::send)) leaves nothing half-written that stays so.
//!
//! The commit writes `token|millis|{projection}`: the fields, tags and metafield deletions
//! the projection is about to make. The projection's `customerUpdate` sets the bare token in
//! the same request, so the record says "pending" exactly while the projection has not run
//! (a projection Shopify receives runs all its parts, whatever happens to the process that
//! sent it). Then:
//! - every read shows the User as the commit made it ([`Pending::overlay`]), before and
//!   after the repair;
//! - every write repairs it first (the next commit takes the record on condition and makes
//!   the projection), so the customer's fields and tags catch up with the record.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::mapping::{Customer, MetafieldKey, UpdatePlan};

/// Separates the token, the time and the projection in a pending record.
const SEPARATOR: char = '|';

/// What a projection makes: the field changes (`null` clears), the tags, the metafields to
/// delete. The plan's metafields to set are the commit's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Projection {
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    fields: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    add: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    remove: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    delete: Vec<MetafieldKey>,
}

impl Projection {
    /// The projection of `plan` (all but its metafields to set).
    pub(crate) fn of(plan: &UpdatePlan) -> Projection {
        let fields = match serde_json::to_value(&plan.fields) {
            Ok(Value::Object(fields)) => fields,
            _ => Map::new(),
        };
        Projection {
            fields,
            add: plan.tags_to_add.clone(),
            remove: plan.tags_to_remove.clone(),
            delete: plan.metafields_to_delete.clone(),
        }
    }

    /// Whether it makes nothing.
    pub(crate) fn is_empty(&self) -> bool {
        *self == Projection::default()
    }

    /// The plan that makes it (no metafields to set).
    pub(crate) fn plan(&self) -> UpdatePlan {
        let text = |key: &str| -> Option<Option<String>> {
            self.fields
                .get(key)
                .map(|value| value.as_str().map(str::to_owned))
        };
        let mut plan = UpdatePlan {
            tags_to_add: self.add.clone(),
            tags_to_remove: self.remove.clone(),
            metafields_to_delete: self.delete.clone(),
            ..UpdatePlan::default()
        };
        plan.fields.email = text("email");
        plan.fields.first_name = text("firstName");
        plan.fields.last_name = text("lastName");
        plan.fields.phone = text("phone");
        plan.fields.note = text("note");
        plan.fields.locale = text("locale").flatten();
        plan
    }
}

/// A pending record read back: its token, when it was committed, and the projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pending {
    /// The token the commit wrote.
    pub(crate) token: String,
    /// When, in milliseconds since the Unix epoch.
    pub(crate) since_millis: u128,
    /// What its projection makes.
    pub(crate) projection: Projection,
}

impl Pending {
    /// The version token's value for a commit of `token` whose projection is `projection`:
    /// the bare token when the projection makes nothing.
    pub(crate) fn record(token: &str, projection: &Projection) -> String {
        if projection.is_empty() {
            return token.to_owned();
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let json = serde_json::to_string(projection).unwrap_or_default();
        format!("{token}{SEPARATOR}{now}{SEPARATOR}{json}")
    }

    /// The pending record a version token's value holds, if it holds one.
    pub(crate) fn read(value: &str) -> Option<Pending> {
        let mut parts = value.splitn(3, SEPARATOR);
        let token = parts.next()?.to_owned();
        let since_millis = parts.next()?.parse().ok()?;
        let projection = serde_json::from_str(parts.next()?).ok()?;
        Some(Pending {
            token,
            since_millis,
            projection,
        })
    }

    /// How long ago it was committed.
    pub(crate) fn age(&self) -> std::time::Duration {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let millis = now.saturating_sub(self.since_millis);
        std::time::Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
    }

    /// `customer` as the projection makes it: its fields set or cleared, its tags added and
    /// removed, its metafields deleted.
    pub(crate) fn overlay(&self, customer: &Customer) -> Customer {
        let mut customer = customer.clone();
        let plan = self.projection.plan();
        let set = |slot: &mut Option<String>, change: Option<Option<String>>| {
            if let Some(value) = change {
                *slot = value;
            }
        };
        set(&mut customer.email, plan.fields.email);
        set(&mut customer.first_name, plan.fields.first_name);
        set(&mut customer.last_name, plan.fields.last_name);
        set(&mut customer.phone, plan.fields.phone);
        set(&mut customer.note, plan.fields.note);
        if let Some(locale) = plan.fields.locale {
            customer.locale = Some(locale);
        }
        customer.tags.retain(|tag| {
            !plan
                .tags_to_remove
                .iter()
                .any(|r| r.eq_ignore_ascii_case(tag))
        });
        for tag in plan.tags_to_add {
            if !customer.has_tag(&tag) {
                customer.tags.push(tag);
            }
        }
        customer.metafields.retain(|m| {
            !plan
                .metafields_to_delete
                .iter()
                .any(|key| key.namespace == m.namespace && key.key == m.key)
        });
        customer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::{FieldChanges, Metafield};

    fn plan() -> UpdatePlan {
        UpdatePlan {
            fields: FieldChanges {
                first_name: Some(Some("Ann".into())),
                phone: Some(None),
                locale: Some("fr".into()),
                ..FieldChanges::default()
            },
            tags_to_add: vec!["scim-inactive".into()],
            tags_to_remove: vec!["Dept:Old".into()],
            metafields_to_set: vec![Metafield::new("scim", "resource", "json", "{}")],
            metafields_to_delete: vec![MetafieldKey {
                namespace: "scim".into(),
                key: "title".into(),
            }],
        }
    }

    #[test]
    fn a_record_holds_the_projection_and_reads_back() {
        let projection = Projection::of(&plan());
        let record = Pending::record("t1", &projection);
        let pending = Pending::read(&record).expect("a pending record");
        assert_eq!(pending.token, "t1");
        assert_eq!(pending.projection, projection);
        let back = pending.projection.plan();
        assert_eq!(back.fields, plan().fields);
        assert_eq!(back.tags_to_add, plan().tags_to_add);
        assert!(back.metafields_to_set.is_empty());
        // A bare token is no pending record; an empty projection records the bare token.
        assert_eq!(Pending::read("t1"), None);
        assert_eq!(Pending::record("t2", &Projection::default()), "t2");
    }

    #[test]
    fn the_overlay_shows_the_customer_as_the_projection_makes_it() {
        let customer = Customer {
            id: "gid://shopify/Customer/1".into(),
            first_name: Some("Old".into()),
            phone: Some("+16135550142".into()),
            tags: vec!["dept:old".into(), "VIP".into()],
            metafields: vec![Metafield::new(
                "scim",
                "title",
                "single_line_text_field",
                "x",
            )],
            ..Customer::default()
        };
        let record = Pending::record("t1", &Projection::of(&plan()));
        let shown = Pending::read(&record).unwrap().overlay(&customer);
        assert_eq!(shown.first_name.as_deref(), Some("Ann"));
        assert_eq!(shown.phone, None);
        assert_eq!(shown.locale.as_deref(), Some("fr"));
        assert_eq!(shown.tags, ["VIP", "scim-inactive"]);
        assert!(shown.metafields.is_empty());
    }
}
