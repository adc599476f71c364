//! `CustomerWrite`: every change one SCIM write makes to a customer, as aliased root fields
//! of one mutation, answered with the customer as written.
//!
//! GraphQL executes a mutation's root fields one after another, in document order
//! (GraphQL spec, "Normal and Serial Execution"), so one request can delete metafields,
//! update the customer's fields and metafields, remove tags and add tags, and the last of
//! these can select the customer afterwards: no read-back is needed.
//!
//! The parts, in the order they run:
//!
//! | alias              | field              | when                                        |
//! |--------------------|--------------------|---------------------------------------------|
//! | `deleteMetafields` | `metafieldsDelete` | owned metafields to delete                  |
//! | `update`           | `customerUpdate`   | fields to change or metafields to set       |
//! | `removeTags`       | `tagsRemove`       | tags to remove                              |
//! | `addTags`          | `tagsAdd`          | tags to add                                 |
//!
//! A write with [`read_before`](CustomerWriteVariables::read_before) has `customerUpdate`
//! select the customer too, even when it is not last: the store's soft DELETE (which
//! updates no tags there) reads the tags the customer had before its `tagsAdd`, so that a
//! second DELETE of a deleted User is 404 without a read of its own (RFC 7644 §3.6).
//!
//! Metafields are set inline in `customerUpdate` (`CustomerInput.metafields`), not by a
//! separate `metafieldsSet`: the fields and metafields of a write then succeed or fail
//! together, and `customerUpdate` answers the customer (a `metafieldsSet` payload can only
//! reach it through `metafields.owner`, an interface).
//!
//! Which parts a write holds (and `read_before`) picks one of twenty-one documents, each assembled once from the
//! fixed pieces below; values only ever travel in `variables`.

use std::sync::OnceLock;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde::{Deserialize, Deserializer};

use super::customer::{CUSTOMER_COST, ScimCustomer};
use super::customer_mutations::CustomerInput;
use super::metafields::MetafieldIdentifier;
use super::payloads::UserError;
use crate::client::operation::{MUTATION_COST, Operation};

/// `metafieldsDelete` as the first part (it never selects the customer: its payload does
/// not reach it).
macro_rules! delete_part {
    () => {
        "  deleteMetafields: metafieldsDelete(metafields: $deletions) {
    userErrors { field message }
  }
"
    };
}

macro_rules! update_part {
    () => {
        "  update: customerUpdate(input: $input) {
    userErrors { field message }
  }
"
    };
    (last) => {
        "  update: customerUpdate(input: $input) {
    customer { ...ScimCustomer }
    userErrors { field message }
  }
"
    };
}

macro_rules! remove_part {
    () => {
        "  removeTags: tagsRemove(id: $id, tags: $tagsToRemove) {
    userErrors { field message }
  }
"
    };
    (last) => {
        "  removeTags: tagsRemove(id: $id, tags: $tagsToRemove) {
    node { ...ScimCustomer }
    userErrors { field message }
  }
"
    };
}

macro_rules! add_part {
    () => {
        "  addTags: tagsAdd(id: $id, tags: $tagsToAdd) {
    node { ...ScimCustomer }
    userErrors { field message }
  }
"
    };
}

/// The parts of a write (bits of a shape).
const DELETE: usize = 1;
const UPDATE: usize = 2;
const REMOVE: usize = 4;
const ADD: usize = 8;
const ALL_PARTS: usize = DELETE | UPDATE | REMOVE | ADD;
/// Not a part: `customerUpdate` selects the customer though another part follows it.
const READ_BEFORE: usize = 16;

/// A write with every part: the document [`CustomerWrite::DOCUMENT`] is this shape.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{CustomerWrite, customer_write_shapes};
///
/// assert_eq!(customer_write_shapes().count(), 21);
/// assert!(customer_write_shapes().any(|d| d == CustomerWrite::DOCUMENT));
/// ```
pub fn customer_write_shapes() -> impl Iterator<Item = &'static str> {
    (1..=ALL_PARTS)
        .chain(
            (1..=ALL_PARTS)
                .filter(|m| reads_before(*m))
                .map(|m| m | READ_BEFORE),
        )
        .map(shape)
}

/// Whether `read_before` changes the shape `mask`: `customerUpdate` followed by a tag part.
fn reads_before(mask: usize) -> bool {
    mask & UPDATE != 0 && mask & (REMOVE | ADD) != 0
}

/// The document for the parts in `mask` (never empty: an empty write is not sent).
fn shape(mask: usize) -> &'static str {
    static SHAPES: OnceLock<Vec<String>> = OnceLock::new();
    let shapes = SHAPES.get_or_init(|| (0..=(ALL_PARTS | READ_BEFORE)).map(assemble).collect());
    let parts = (mask & ALL_PARTS).max(1);
    let mask = if reads_before(parts) {
        mask & (ALL_PARTS | READ_BEFORE)
    } else {
        parts
    };
    shapes[mask].as_str()
}

/// Assembles the document of one shape from the fixed pieces.
fn assemble(mask: usize) -> String {
    let has = |part: usize| mask & part != 0;
    let selects_customer = has(UPDATE) || has(REMOVE) || has(ADD);
    let mut declarations = Vec::new();
    if has(REMOVE) || has(ADD) {
        declarations.push("$id: ID!");
    }
    if has(UPDATE) {
        declarations.push("$input: CustomerInput!");
    }
    if has(DELETE) {
        declarations.push("$deletions: [MetafieldIdentifierInput!]!");
    }
    if has(REMOVE) {
        declarations.push("$tagsToRemove: [String!]!");
    }
    if has(ADD) {
        declarations.push("$tagsToAdd: [String!]!");
    }
    if selects_customer {
        declarations.push("$metafieldNamespace: String");
    }
    let mut document = format!("mutation CustomerWrite({}) {{\n", declarations.join(", "));
    if has(DELETE) {
        document.push_str(delete_part!());
    }
    if has(UPDATE) {
        document.push_str(if (has(REMOVE) || has(ADD)) && !has(READ_BEFORE) {
            update_part!()
        } else {
            update_part!(last)
        });
    }
    if has(REMOVE) {
        document.push_str(if has(ADD) {
            remove_part!()
        } else {
            remove_part!(last)
        });
    }
    if has(ADD) {
        document.push_str(add_part!());
    }
    document.push_str("}\n");
    if selects_customer {
        document.push_str(scim_customer_fragment!());
    }
    document
}

/// Variables of [`CustomerWrite`]: the parts of one write to the customer `id`. Only the
/// variables the chosen shape declares are serialised.
///
/// ```
/// use scim_shopify::client::operations::CustomerWriteVariables;
///
/// let mut write = CustomerWriteVariables::new("gid://shopify/Customer/1", Some("scim".into()));
/// assert!(write.is_empty());
/// write.tags_to_add.push("scim-inactive".into());
/// let json = serde_json::to_value(&write).unwrap();
/// assert_eq!(json["id"], "gid://shopify/Customer/1");
/// assert_eq!(json["tagsToAdd"][0], "scim-inactive");
/// assert!(json.get("input").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerWriteVariables {
    /// The customer's global id.
    pub id: String,
    /// Fields to change and metafields to set (`customerUpdate`); its `id` is set from
    /// [`CustomerWriteVariables::id`] when sent.
    pub input: Option<CustomerInput>,
    /// Metafields to delete (`metafieldsDelete`).
    pub metafields_to_delete: Vec<MetafieldIdentifier>,
    /// Tags to remove (`tagsRemove`).
    pub tags_to_remove: Vec<String>,
    /// Tags to add (`tagsAdd`).
    pub tags_to_add: Vec<String>,
    /// The namespace of the metafields to read back.
    pub metafield_namespace: Option<String>,
    /// Whether `customerUpdate` selects the customer though tag parts follow it (its
    /// answer is then [`CustomerWriteData::before_tags`]'s customer); the store's soft
    /// DELETE reads the tags the customer had before the `tagsAdd` with it.
    pub read_before: bool,
}

impl CustomerWriteVariables {
    /// A write to `id` with no parts yet.
    ///
    /// See [`CustomerWriteVariables`] for an example.
    pub fn new(id: impl Into<String>, metafield_namespace: Option<String>) -> Self {
        CustomerWriteVariables {
            id: id.into(),
            input: None,
            metafields_to_delete: Vec::new(),
            tags_to_remove: Vec::new(),
            tags_to_add: Vec::new(),
            metafield_namespace,
            read_before: false,
        }
    }

    /// Whether the write changes nothing (and must not be sent).
    ///
    /// See [`CustomerWriteVariables`] for an example.
    pub fn is_empty(&self) -> bool {
        self.mask() == 0
    }

    /// How many root fields the write sends.
    ///
    /// ```
    /// let mut write = scim_shopify::client::operations::CustomerWriteVariables::new("gid://shopify/Customer/1", None);
    /// write.tags_to_remove.push("scim-inactive".into());
    /// assert_eq!(write.parts(), 1);
    /// ```
    pub fn parts(&self) -> u32 {
        (self.mask() & ALL_PARTS).count_ones()
    }

    /// Whether the answer carries the customer as written (every shape but a lone
    /// `metafieldsDelete`).
    ///
    /// ```
    /// let mut write = scim_shopify::client::operations::CustomerWriteVariables::new("gid://shopify/Customer/1", None);
    /// write.tags_to_add.push("scim-inactive".into());
    /// assert!(write.selects_customer());
    /// ```
    pub fn selects_customer(&self) -> bool {
        self.mask() & (UPDATE | REMOVE | ADD) != 0
    }

    fn mask(&self) -> usize {
        let mut mask = 0;
        if !self.metafields_to_delete.is_empty() {
            mask |= DELETE;
        }
        if self.input.is_some() {
            mask |= UPDATE;
        }
        if !self.tags_to_remove.is_empty() {
            mask |= REMOVE;
        }
        if !self.tags_to_add.is_empty() {
            mask |= ADD;
        }
        if self.read_before && reads_before(mask) {
            mask |= READ_BEFORE;
        }
        mask
    }
}

impl Serialize for CustomerWriteVariables {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mask = self.mask();
        let mut map = serializer.serialize_map(None)?;
        if mask & (REMOVE | ADD) != 0 {
            map.serialize_entry("id", &self.id)?;
        }
        if let Some(input) = &self.input {
            let input = CustomerInput {
                id: Some(self.id.clone()),
                ..input.clone()
            };
            map.serialize_entry("input", &input)?;
        }
        if mask & DELETE != 0 {
            map.serialize_entry("deletions", &self.metafields_to_delete)?;
        }
        if mask & REMOVE != 0 {
            map.serialize_entry("tagsToRemove", &self.tags_to_remove)?;
        }
        if mask & ADD != 0 {
            map.serialize_entry("tagsToAdd", &self.tags_to_add)?;
        }
        if self.selects_customer() {
            map.serialize_entry("metafieldNamespace", &self.metafield_namespace)?;
        }
        map.end()
    }
}

/// One part's payload: its `userErrors`, and the customer when it is the last part.
///
/// ```
/// let part: scim_shopify::client::operations::WritePart = serde_json::from_str(
///     r#"{"userErrors": [{"field": ["id"], "message": "Customer does not exist"}]}"#,
/// ).unwrap();
/// assert!(part.customer.is_none());
/// assert_eq!(part.user_errors.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WritePart {
    /// The customer after the write (`customer` of `customerUpdate`, `node` of the tag
    /// mutations), when this part selected it and succeeded.
    pub customer: Option<ScimCustomer>,
    /// Errors in this part's input.
    pub user_errors: Vec<UserError>,
}

impl<'de> Deserialize<'de> for WritePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            #[serde(default)]
            customer: Option<ScimCustomer>,
            #[serde(default)]
            node: Option<ScimCustomer>,
            user_errors: Vec<UserError>,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(WritePart {
            customer: wire.customer.or(wire.node),
            user_errors: wire.user_errors,
        })
    }
}

/// The data of [`CustomerWrite`]: one payload per part sent, by alias.
///
/// ```
/// let data: scim_shopify::client::operations::CustomerWriteData = serde_json::from_str(
///     r#"{"update": {"userErrors": []}, "addTags": {"node": null, "userErrors": []}}"#,
/// ).unwrap();
/// assert!(data.delete_metafields.is_none());
/// assert!(data.user_errors().next().is_none());
/// assert!(data.into_customer().is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerWriteData {
    /// `metafieldsDelete`, when sent.
    #[serde(default)]
    pub delete_metafields: Option<WritePart>,
    /// `customerUpdate`, when sent.
    #[serde(default)]
    pub update: Option<WritePart>,
    /// `tagsRemove`, when sent.
    #[serde(default)]
    pub remove_tags: Option<WritePart>,
    /// `tagsAdd`, when sent.
    #[serde(default)]
    pub add_tags: Option<WritePart>,
}

impl CustomerWriteData {
    fn parts(&self) -> impl Iterator<Item = &WritePart> {
        [
            &self.delete_metafields,
            &self.update,
            &self.remove_tags,
            &self.add_tags,
        ]
        .into_iter()
        .flatten()
    }

    /// Every part's `userErrors`, in execution order.
    ///
    /// See [`CustomerWriteData`] for an example.
    pub fn user_errors(&self) -> impl Iterator<Item = &UserError> {
        self.parts().flat_map(|p| p.user_errors.iter())
    }

    /// Whether some part ran without errors (its change is in the shop), e.g. the tags
    /// added after a `customerUpdate` that was refused.
    ///
    /// ```
    /// let data: scim_shopify::client::operations::CustomerWriteData = serde_json::from_str(
    ///     r#"{"update": {"userErrors": [{"field": ["email"], "message": "Email has already been taken"}]},
    ///         "addTags": {"node": null, "userErrors": []}}"#,
    /// ).unwrap();
    /// assert!(data.some_part_applied());
    /// ```
    pub fn some_part_applied(&self) -> bool {
        self.parts().any(|p| p.user_errors.is_empty())
    }

    /// The customer as `customerUpdate` answered it when it selected it though tag parts
    /// followed ([`CustomerWriteVariables::read_before`]): its tags are those the customer
    /// had before this write's `tagsRemove` and `tagsAdd`.
    ///
    /// ```
    /// let data: scim_shopify::client::operations::CustomerWriteData = serde_json::from_str(
    ///     r#"{"update": {"userErrors": []}, "addTags": {"node": null, "userErrors": []}}"#,
    /// ).unwrap();
    /// assert!(data.before_tags().is_none());
    /// ```
    pub fn before_tags(&self) -> Option<&ScimCustomer> {
        let later = self.remove_tags.is_some() || self.add_tags.is_some();
        later
            .then(|| self.update.as_ref()?.customer.as_ref())
            .flatten()
    }

    /// The customer as the last part answered it.
    ///
    /// See [`CustomerWriteData`] for an example.
    pub fn into_customer(self) -> Option<ScimCustomer> {
        [self.add_tags, self.remove_tags, self.update]
            .into_iter()
            .flatten()
            .find_map(|p| p.customer)
    }
}

/// One SCIM write as one mutation: `metafieldsDelete`, `customerUpdate` (fields and
/// metafields to set), `tagsRemove` and `tagsAdd` as aliased root fields, those the
/// variables need, run in that order; the last answers the customer.
///
/// Replay-safe: each part sets or removes values, so running it twice leaves what running
/// it once does.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::{CUSTOMER_COST, CustomerWrite, CustomerWriteVariables};
///
/// let mut deactivate = CustomerWriteVariables::new("gid://shopify/Customer/1", Some("scim".into()));
/// deactivate.input = Some(Default::default());
/// deactivate.tags_to_add.push("scim-inactive".into());
/// assert_eq!(CustomerWrite::requested_cost(&deactivate), 2 * 10 + CUSTOMER_COST);
/// let document = CustomerWrite::document(&deactivate);
/// assert!(document.starts_with("mutation CustomerWrite($id: ID!, $input: CustomerInput!, $tagsToAdd: [String!]!"));
/// assert!(!document.contains("tagsRemove"));
/// ```
#[derive(Debug)]
pub struct CustomerWrite;

impl Operation for CustomerWrite {
    const NAME: &'static str = "CustomerWrite";
    const DOCUMENT: &'static str = concat!(
        "mutation CustomerWrite($id: ID!, $input: CustomerInput!, \
$deletions: [MetafieldIdentifierInput!]!, $tagsToRemove: [String!]!, $tagsToAdd: [String!]!, \
$metafieldNamespace: String) {\n",
        delete_part!(),
        update_part!(),
        remove_part!(),
        add_part!(),
        "}\n",
        scim_customer_fragment!()
    );
    type Variables = CustomerWriteVariables;
    type Data = CustomerWriteData;

    fn requested_cost(variables: &CustomerWriteVariables) -> u32 {
        let customer = if variables.selects_customer() {
            CUSTOMER_COST
        } else {
            0
        };
        let before = if variables.mask() & READ_BEFORE != 0 {
            CUSTOMER_COST
        } else {
            0
        };
        MUTATION_COST * variables.parts() + customer + before
    }

    fn document(variables: &CustomerWriteVariables) -> &'static str {
        shape(variables.mask())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_shape_is_the_declared_document() {
        assert_eq!(shape(ALL_PARTS), CustomerWrite::DOCUMENT);
    }

    #[test]
    fn the_last_part_and_only_it_selects_the_customer() {
        for mask in 1..=ALL_PARTS {
            let document = shape(mask);
            let selections = document.matches("...ScimCustomer").count();
            let expected = usize::from(mask & (UPDATE | REMOVE | ADD) != 0);
            assert_eq!(selections, expected, "{document}");
        }
    }

    #[test]
    fn read_before_makes_the_update_select_the_customer_before_the_tags() {
        for mask in 1..=ALL_PARTS {
            let document = shape(mask | READ_BEFORE);
            let selections = document.matches("...ScimCustomer").count();
            let expected =
                usize::from(mask & (UPDATE | REMOVE | ADD) != 0) + usize::from(reads_before(mask));
            assert_eq!(selections, expected, "{document}");
        }
        let mut write = CustomerWriteVariables::new("gid://shopify/Customer/1", None);
        write.input = Some(CustomerInput::default());
        write.tags_to_add.push("scim-deleted".into());
        let plain = CustomerWrite::requested_cost(&write);
        write.read_before = true;
        assert_eq!(CustomerWrite::requested_cost(&write), plain + CUSTOMER_COST);
        assert!(CustomerWrite::document(&write).contains(
            "customer { ...ScimCustomer }\n    userErrors { field message }\n  }\n  addTags"
        ));
    }
}
