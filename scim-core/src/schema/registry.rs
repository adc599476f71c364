//! The registry of schemas and resource types a service provider serves, and the per-type
//! view of attribute characteristics that filters, PATCH, validation and projection use.

use scim_filter::{AttributeView, Characteristics};

use super::attribute::{Attribute, AttributeType, Mutability};
use super::common::common_attribute;
use super::definition::{ResourceType, Schema};
use crate::error::ScimError;

/// The RFC 7643 §8.7.1 User schema, as published (see `schemas/rfc7643/README.md`).
const USER_SCHEMA_JSON: &str = include_str!("../../schemas/rfc7643/s8.7.1_user.json");
/// The RFC 7643 §8.7.1 Group schema.
const GROUP_SCHEMA_JSON: &str = include_str!("../../schemas/rfc7643/s8.7.1_group.json");
/// The RFC 7643 §8.7.1 Enterprise User extension.
const ENTERPRISE_SCHEMA_JSON: &str =
    include_str!("../../schemas/rfc7643/s8.7.1_enterprise_user.json");
/// The RFC 7643 §8.6 User and Group resource types.
const RESOURCE_TYPES_JSON: &str = include_str!("../../schemas/rfc7643/s8.6_resource_types.json");

/// Schemas and resource types by URN and name, all looked up case-insensitively.
///
/// [`SchemaRegistry::rfc7643`] holds the RFC's User, Group and Enterprise User schemas and the
/// User and Group resource types; custom schemas and types are added at run time.
///
/// ```
/// use scim_core::schema::{Attribute, AttributeType, Schema, SchemaRegistry};
///
/// let mut registry = SchemaRegistry::rfc7643();
/// registry.add_schema(Schema {
///     id: "urn:example:params:scim:schemas:extension:shop:2.0:User".into(),
///     name: Some("Shop".into()),
///     description: None,
///     attributes: vec![Attribute::new("loyaltyTier", AttributeType::String)],
///     meta: None,
/// })?;
/// registry.add_extension("User", "urn:example:params:scim:schemas:extension:shop:2.0:User", false)?;
/// let view = registry.view("User").unwrap();
/// assert!(view.attribute_of(Some("urn:example:params:scim:schemas:extension:shop:2.0:User"), "loyaltytier").is_some());
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct SchemaRegistry {
    schemas: Vec<Schema>,
    resource_types: Vec<ResourceType>,
    /// Built by [`SchemaRegistry::rfc7643`]: the RFC's schemas are the ones registered under
    /// their URNs (schemas are never replaced nor removed), so the typed fast paths may rely
    /// on them.
    rfc7643: bool,
}

/// Errata 6011 and 8471 of RFC 7643 §8.7.1 (see [`SchemaRegistry::rfc7643`]); the schema
/// files stay a faithful transcription of the printed text.
fn apply_errata(schema: &mut Schema) {
    fn sub<'s>(schema: &'s mut Schema, attribute: &str) -> Option<&'s mut Vec<Attribute>> {
        schema
            .attributes
            .iter_mut()
            .find(|a| a.name == attribute)
            .map(|a| &mut a.sub_attributes)
    }
    if schema.id == "urn:ietf:params:scim:schemas:core:2.0:Group"
        && let Some(members) = sub(schema, "members")
        && !members.iter().any(|a| a.name == "display")
    {
        let mut display = Attribute::new("display", AttributeType::String);
        display.description =
            Some("A human-readable name, primarily used for display purposes.".into());
        display.mutability = Mutability::Immutable;
        members.push(display);
    }
    if schema.id == "urn:ietf:params:scim:schemas:core:2.0:User"
        && let Some(groups) = sub(schema, "groups")
        && let Some(reference) = groups.iter_mut().find(|a| a.name == "$ref")
    {
        reference.reference_types = vec!["Group".into()];
    }
}

impl SchemaRegistry {
    /// A registry with nothing in it.
    pub fn empty() -> Self {
        SchemaRegistry::default()
    }

    /// The RFC 7643 schemas (User, Group, Enterprise User) and resource types (User, Group),
    /// with two errata of §8.7.1 applied:
    ///
    /// - 6011: Group `members` has a `display` sub-attribute (immutable, like its siblings),
    ///   as §4.2 and the §8.4 example use it and Okta and Entra ID send it. Without it, a
    ///   client that builds its models from `/Schemas` refuses the members it is answered.
    /// - 8471 (verified): a User's `groups.$ref` refers to Groups only.
    ///
    /// ```
    /// let registry = scim_core::schema::SchemaRegistry::rfc7643();
    /// let group = registry.schema("urn:ietf:params:scim:schemas:core:2.0:Group").unwrap();
    /// assert!(group.attribute("members").unwrap().sub_attribute("display").is_some());
    /// ```
    pub fn rfc7643() -> Self {
        let mut registry = SchemaRegistry::empty();
        for json in [USER_SCHEMA_JSON, GROUP_SCHEMA_JSON, ENTERPRISE_SCHEMA_JSON] {
            let mut schema: Schema =
                serde_json::from_str(json).expect("built-in schemas are valid");
            apply_errata(&mut schema);
            registry
                .add_schema(schema)
                .expect("built-in schemas are consistent");
        }
        let types: Vec<ResourceType> =
            serde_json::from_str(RESOURCE_TYPES_JSON).expect("built-in resource types are valid");
        for resource_type in types {
            registry
                .add_resource_type(resource_type)
                .expect("built-in resource types are consistent");
        }
        registry.rfc7643 = true;
        registry
    }

    /// Adds a schema. Its attributes must be well formed: sub-attributes only under complex
    /// attributes, and no complex sub-attributes (RFC 7643 §2.3.8).
    pub fn add_schema(&mut self, schema: Schema) -> Result<(), ScimError> {
        if self.schema(&schema.id).is_some() {
            return Err(ScimError::invalid_value(format!(
                "schema `{}` is already registered",
                schema.id
            )));
        }
        if !schema.id.contains(':') {
            return Err(ScimError::invalid_value(format!(
                "schema id `{}` is not a URI",
                schema.id
            )));
        }
        for attribute in &schema.attributes {
            check_definition(attribute, true)?;
        }
        self.schemas.push(schema);
        Ok(())
    }

    /// Adds a resource type; its schema and extensions must be registered already.
    pub fn add_resource_type(&mut self, resource_type: ResourceType) -> Result<(), ScimError> {
        if self.resource_type(&resource_type.name).is_some() {
            return Err(ScimError::invalid_value(format!(
                "resource type `{}` is already registered",
                resource_type.name
            )));
        }
        let missing = std::iter::once(&resource_type.schema)
            .chain(resource_type.schema_extensions.iter().map(|e| &e.schema))
            .find(|urn| self.schema(urn).is_none());
        if let Some(urn) = missing {
            return Err(ScimError::invalid_value(format!(
                "resource type `{}` uses unregistered schema `{urn}`",
                resource_type.name
            )));
        }
        self.resource_types.push(resource_type);
        Ok(())
    }

    /// Adds a registered schema as an extension of the resource type `type_name`.
    pub fn add_extension(
        &mut self,
        type_name: &str,
        urn: &str,
        required: bool,
    ) -> Result<(), ScimError> {
        if self.schema(urn).is_none() {
            return Err(ScimError::invalid_value(format!(
                "schema `{urn}` is not registered"
            )));
        }
        let resource_type = self
            .resource_types
            .iter_mut()
            .find(|t| t.name.eq_ignore_ascii_case(type_name))
            .ok_or_else(|| {
                ScimError::invalid_value(format!("resource type `{type_name}` is not registered"))
            })?;
        if resource_type.extension(urn).is_none() {
            resource_type
                .schema_extensions
                .push(super::SchemaExtension {
                    schema: urn.to_owned(),
                    required,
                });
        }
        Ok(())
    }

    /// The schema `urn`, case-insensitively.
    pub fn schema(&self, urn: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// Whether the registry started as [`SchemaRegistry::rfc7643`], so the RFC's schemas are
    /// registered as published (extensions and resource types may have been added since).
    pub(crate) fn has_rfc7643_schemas(&self) -> bool {
        self.rfc7643
    }

    /// Every schema, in registration order.
    pub fn schemas(&self) -> &[Schema] {
        &self.schemas
    }

    /// The resource type named `name` (`User`), case-insensitively.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        self.resource_types
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// Every resource type, in registration order.
    pub fn resource_types(&self) -> &[ResourceType] {
        &self.resource_types
    }

    /// The attribute view of resource type `name`.
    pub fn view(&self, name: &str) -> Option<ResourceView<'_>> {
        let resource_type = self.resource_type(name)?;
        let core = self.schema(&resource_type.schema)?;
        Some(ResourceView {
            registry: self,
            resource_type,
            core,
        })
    }
}

fn check_definition(attribute: &Attribute, top_level: bool) -> Result<(), ScimError> {
    let complex = attribute.attr_type == AttributeType::Complex;
    if !complex && !attribute.sub_attributes.is_empty() {
        return Err(ScimError::invalid_value(format!(
            "attribute `{}` has sub-attributes but is not complex",
            attribute.name
        )));
    }
    if complex && !top_level {
        return Err(ScimError::invalid_value(format!(
            "sub-attribute `{}` is complex (RFC 7643 §2.3.8)",
            attribute.name
        )));
    }
    attribute
        .sub_attributes
        .iter()
        .try_for_each(|sub| check_definition(sub, false))
}

/// The attributes of one resource type: its core schema, its extensions and the common
/// attributes. Implements [`AttributeView`], so filters evaluate with real characteristics.
#[derive(Debug, Clone, Copy)]
pub struct ResourceView<'r> {
    registry: &'r SchemaRegistry,
    resource_type: &'r ResourceType,
    core: &'r Schema,
}

impl<'r> ResourceView<'r> {
    /// The resource type.
    pub fn resource_type(&self) -> &'r ResourceType {
        self.resource_type
    }

    /// The core schema.
    pub fn core_schema(&self) -> &'r Schema {
        self.core
    }

    /// The registry the view reads.
    pub fn registry(&self) -> &'r SchemaRegistry {
        self.registry
    }

    /// The extension schemas of the type.
    pub fn extension_schemas(&self) -> impl Iterator<Item = &'r Schema> + 'r {
        let registry = self.registry;
        self.resource_type
            .schema_extensions
            .iter()
            .filter_map(move |e| registry.schema(&e.schema))
    }

    /// Whether `urn` names an extension of this type (whose attributes sit under the URN).
    pub fn is_extension_urn(&self, urn: &str) -> bool {
        self.resource_type.extension(urn).is_some()
    }

    /// The attribute `name` in `schema` (`None`: the core schema or a common attribute).
    pub fn attribute_of(&self, schema: Option<&str>, name: &str) -> Option<&'r Attribute> {
        match schema {
            None => self.core.attribute(name).or_else(|| common_attribute(name)),
            Some(urn) if urn.eq_ignore_ascii_case(&self.core.id) => {
                self.core.attribute(name).or_else(|| common_attribute(name))
            }
            Some(urn) if self.is_extension_urn(urn) => self.registry.schema(urn)?.attribute(name),
            Some(_) => None,
        }
    }
}

impl AttributeView for ResourceView<'_> {
    fn attribute(&self, schema: Option<&str>, name: &str) -> Option<Characteristics> {
        self.attribute_of(schema, name)
            .map(Attribute::characteristics)
    }

    fn sub_attribute(
        &self,
        schema: Option<&str>,
        parent: &str,
        name: &str,
    ) -> Option<Characteristics> {
        self.attribute_of(schema, parent)?
            .sub_attribute(name)
            .map(Attribute::characteristics)
    }

    fn is_extension(&self, schema: &str) -> bool {
        !schema.eq_ignore_ascii_case(&self.core.id)
    }
}
