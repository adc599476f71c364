//! One truth for the RFC 7643 attribute characteristics: scim-filter's built-in
//! [`CoreSchemaView`] (for filters evaluated without a registry) must say, attribute by
//! attribute and sub-attribute by sub-attribute, what the schema files that
//! `SchemaRegistry::rfc7643` loads say (RFC 7643 §3.1 common attributes, §8.7.1 User, Group
//! and the Enterprise User extension): type, multi-valuedness and `caseExact`.

use scim_core::schema::{Attribute, SchemaRegistry, common_attributes};
use scim_filter::{AttributeView, CoreSchemaView, ENTERPRISE_USER_SCHEMA};

/// Every disagreement between the two views on `attributes` of `schema` (`None` for the
/// core schema), each sub-attribute too.
fn disagreements(schema: Option<&str>, attributes: &[Attribute], out: &mut Vec<String>) {
    for attribute in attributes {
        let built_in = CoreSchemaView.attribute(schema, &attribute.name);
        if built_in != Some(attribute.characteristics()) {
            out.push(format!(
                "{schema:?} {}: files {:?}, built in {built_in:?}",
                attribute.name,
                attribute.characteristics()
            ));
        }
        for sub in &attribute.sub_attributes {
            let built_in = CoreSchemaView.sub_attribute(schema, &attribute.name, &sub.name);
            if built_in != Some(sub.characteristics()) {
                out.push(format!(
                    "{schema:?} {}.{}: files {:?}, built in {built_in:?}",
                    attribute.name,
                    sub.name,
                    sub.characteristics()
                ));
            }
        }
    }
}

#[test]
fn the_built_in_view_agrees_with_the_schema_files_attribute_by_attribute() {
    let registry = SchemaRegistry::rfc7643();
    let mut found = Vec::new();
    disagreements(None, common_attributes(), &mut found);
    for resource_type in ["User", "Group"] {
        let view = registry
            .view(resource_type)
            .expect("an RFC 7643 resource type");
        let core = view.core_schema();
        disagreements(None, &core.attributes, &mut found);
        disagreements(Some(&core.id), &core.attributes, &mut found);
        for extension in view.extension_schemas() {
            disagreements(Some(&extension.id), &extension.attributes, &mut found);
        }
    }
    let enterprise = registry
        .schema(ENTERPRISE_USER_SCHEMA)
        .expect("the Enterprise User extension");
    assert!(!enterprise.attributes.is_empty());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The other way round: the built-in view knows no sub-attribute the files do not declare
/// under that parent (sub-attribute names are tried under every parent of every schema).
#[test]
fn the_built_in_view_knows_no_sub_attribute_the_schema_files_lack() {
    let registry = SchemaRegistry::rfc7643();
    let mut schemas: Vec<(Option<&str>, &[Attribute])> = vec![(None, common_attributes())];
    for resource_type in ["User", "Group"] {
        let view = registry
            .view(resource_type)
            .expect("an RFC 7643 resource type");
        schemas.push((None, &view.core_schema().attributes));
        for extension in view.extension_schemas() {
            schemas.push((Some(&extension.id), &extension.attributes));
        }
    }
    let mut sub_names: Vec<&str> = schemas
        .iter()
        .flat_map(|(_, attributes)| attributes.iter())
        .flat_map(|attribute| attribute.sub_attributes.iter())
        .map(|sub| sub.name.as_str())
        .collect();
    sub_names.sort_unstable();
    sub_names.dedup();
    let mut extra = Vec::new();
    for (schema, attributes) in &schemas {
        for parent in attributes.iter() {
            for name in &sub_names {
                let declared = schemas
                    .iter()
                    .filter(|(other, _)| other == schema)
                    .flat_map(|(_, attributes)| attributes.iter())
                    .filter(|other| other.name == parent.name)
                    .any(|other| other.sub_attribute(name).is_some());
                if !declared
                    && CoreSchemaView
                        .sub_attribute(*schema, &parent.name, name)
                        .is_some()
                {
                    extra.push(format!("{schema:?} {}.{name}", parent.name));
                }
            }
        }
    }
    assert!(sub_names.len() > 20, "{sub_names:?}");
    assert!(extra.is_empty(), "built in but not in the files: {extra:?}");
}
