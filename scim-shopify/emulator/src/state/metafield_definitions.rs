//! One shop's customer metafield definitions: `metafieldDefinitionCreate`, the
//! `metafieldDefinitions` lookup, and the `uniqueValues` capability that `metafieldsSet` and
//! the inline metafields of `customerCreate`/`customerUpdate` must respect.
//!
//! Sources of the answers:
//! - A valid `id` definition is created with `uniqueValues` enabled even when the input does
//!   not ask for it, and asking to disable it answers `CAPABILITY_REQUIRED_BUT_DISABLED`
//!   (verbatim, `captures/harry-test-heelo.myshopify.com/2026-04/customers/customer-set-custom-id.json`,
//!   cases `validDefinition` and `disabledDefinition`).
//! - A definition at a namespace and key already defined answers `TAKEN` on
//!   `["definition", "key"]`, "Key is in use for Customer metafields on the 'NS' namespace."
//!   No capture (`captures/`) shows it; the wording is the one recorded for Product
//!   definitions by the capture's source project (shopify-draft-proxy), with the owner type
//!   changed.
//! - A value a unique definition already holds on another customer: no capture shows it
//!   either. shopify.dev documents the capability ("ensures that each metafield has a unique
//!   value across all resources", changelog "Adding unique values to metafields", 2025-01)
//!   and the code `TAKEN` ("The input value is already taken", `MetafieldsSetUserErrorCode`);
//!   the message follows Shopify's other uniqueness errors ("Email has already been taken"):
//!   "Value has already been taken", on `["metafields", "N", "value"]`.

use crate::state::user_error::UserError;

/// One customer metafield definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MetafieldDefinition {
    pub id: u64,
    pub namespace: String,
    pub key: String,
    pub name: String,
    pub kind: String,
    pub unique: bool,
}

impl MetafieldDefinition {
    /// `gid://shopify/MetafieldDefinition/N`.
    pub fn gid(&self) -> String {
        format!("gid://shopify/MetafieldDefinition/{}", self.id)
    }
}

/// The parts of a `MetafieldDefinitionInput` the emulator understands, their texts trimmed.
#[derive(Debug, Clone, Default)]
pub(crate) struct MetafieldDefinitionInput {
    pub namespace: String,
    pub key: String,
    pub name: String,
    pub kind: String,
    /// `capabilities.uniqueValues.enabled`, when given.
    pub unique_values: Option<bool>,
}

/// The types whose definitions may have unique values (shopify.dev changelog, 2025-01).
const UNIQUE_ELIGIBLE: &[&str] = &["single_line_text_field", "number_integer", "url", "id"];

/// A shop's customer metafield definitions.
#[derive(Debug, Default)]
pub(crate) struct MetafieldDefinitions {
    next_id: u64,
    list: Vec<MetafieldDefinition>,
}

impl MetafieldDefinitions {
    /// The definition at `namespace.key`.
    pub fn find(&self, namespace: &str, key: &str) -> Option<&MetafieldDefinition> {
        self.list
            .iter()
            .find(|d| d.namespace == namespace && d.key == key)
    }

    /// The definitions matching the optional `namespace` and `key`, in creation order.
    pub fn matching(&self, namespace: Option<&str>, key: Option<&str>) -> Vec<MetafieldDefinition> {
        self.list
            .iter()
            .filter(|d| namespace.is_none_or(|n| n == d.namespace))
            .filter(|d| key.is_none_or(|k| k == d.key))
            .cloned()
            .collect()
    }

    /// Whether values at `namespace.key` must be unique.
    pub fn is_unique(&self, namespace: &str, key: &str) -> bool {
        self.find(namespace, key).is_some_and(|d| d.unique)
    }

    /// `metafieldDefinitionCreate` for a `CUSTOMER` definition (the caller refuses other
    /// owner types): the new definition, or the user errors.
    pub fn create(
        &mut self,
        input: MetafieldDefinitionInput,
    ) -> Result<MetafieldDefinition, Vec<UserError>> {
        let MetafieldDefinitionInput {
            namespace,
            key,
            name,
            kind,
            unique_values: asked,
        } = input;
        let mut errors = Vec::new();
        for (value, field, label) in [
            (&name, "name", "Name"),
            (&key, "key", "Key"),
            (&kind, "type", "Type"),
        ] {
            if value.is_empty() {
                errors.push(UserError::coded(
                    &["definition", field],
                    format!("{label} can't be blank"),
                    "BLANK",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let namespace = if namespace.is_empty() {
            "custom".to_owned()
        } else {
            namespace
        };
        let unique = match (kind.as_str(), asked) {
            ("id", Some(false)) => {
                return Err(vec![UserError::coded(
                    &["definition"],
                    "Capability unique_values is required for type id but is disabled",
                    "CAPABILITY_REQUIRED_BUT_DISABLED",
                )]);
            }
            ("id", _) => true,
            (kind, Some(true)) if UNIQUE_ELIGIBLE.contains(&kind) => true,
            (_, Some(true)) => {
                return Err(vec![UserError::coded(
                    &["definition", "capabilities", "uniqueValues"],
                    format!("Capability unique_values is not eligible for type {kind}"),
                    "INVALID",
                )]);
            }
            (_, _) => false,
        };
        if self.find(&namespace, &key).is_some() {
            return Err(vec![UserError::coded(
                &["definition", "key"],
                format!("Key is in use for Customer metafields on the '{namespace}' namespace."),
                "TAKEN",
            )]);
        }
        self.next_id += 1;
        let definition = MetafieldDefinition {
            id: 20_000 + self.next_id,
            namespace,
            key,
            name,
            kind,
            unique,
        };
        self.list.push(definition.clone());
        Ok(definition)
    }
}

/// The error of a value a unique definition already holds on another customer, on the
/// input metafield at `index` (see the module documentation for its source).
pub(crate) fn value_taken(index: usize) -> UserError {
    UserError::coded(
        &["metafields", &index.to_string(), "value"],
        "Value has already been taken",
        "TAKEN",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The input of a definition of type `id` at `scim.{key}`.
    fn id_definition(key: &str, name: &str) -> MetafieldDefinitionInput {
        MetafieldDefinitionInput {
            namespace: "scim".to_owned(),
            key: key.to_owned(),
            name: name.to_owned(),
            kind: "id".to_owned(),
            unique_values: None,
        }
    }

    #[test]
    fn an_id_definition_is_unique_even_when_not_asked() {
        // captures/.../customer-set-custom-id.json, validDefinition.
        let mut definitions = MetafieldDefinitions::default();
        let created = definitions
            .create(id_definition("external_id", "SCIM externalId"))
            .unwrap();
        assert!(created.unique);
        assert!(definitions.is_unique("scim", "external_id"));
        assert!(
            created
                .gid()
                .starts_with("gid://shopify/MetafieldDefinition/")
        );
    }

    #[test]
    fn a_disabled_unique_id_definition_is_refused_verbatim() {
        // captures/.../customer-set-custom-id.json, disabledDefinition.
        let errors = MetafieldDefinitions::default()
            .create(MetafieldDefinitionInput {
                unique_values: Some(false),
                ..id_definition("x", "X")
            })
            .unwrap_err();
        assert_eq!(errors[0].field, Some(vec!["definition".to_owned()]));
        assert_eq!(
            errors[0].message,
            "Capability unique_values is required for type id but is disabled"
        );
        assert_eq!(errors[0].code, Some("CAPABILITY_REQUIRED_BUT_DISABLED"));
    }

    #[test]
    fn a_second_definition_at_the_same_key_is_taken() {
        let mut definitions = MetafieldDefinitions::default();
        let input = id_definition("external_id", "E");
        definitions.create(input.clone()).unwrap();
        let errors = definitions.create(input).unwrap_err();
        assert_eq!(errors[0].code, Some("TAKEN"));
        assert_eq!(
            errors[0].message,
            "Key is in use for Customer metafields on the 'scim' namespace."
        );
        assert_eq!(definitions.matching(Some("scim"), None).len(), 1);
    }
}
