//! The common attributes every resource has outside its schemas (RFC 7643 §3.1): `id`,
//! `externalId`, `meta`, and the `schemas` list (§3). The RFC defines them in prose; these
//! are their characteristics as that prose gives them.

use std::sync::LazyLock;

use super::attribute::{
    Attribute, AttributeType, Mutability, Returned, Uniqueness, find_attribute,
};

fn read_only(name: &str, attr_type: AttributeType, case_exact: bool) -> Attribute {
    Attribute {
        case_exact,
        mutability: Mutability::ReadOnly,
        ..Attribute::new(name, attr_type)
    }
}

static COMMON: LazyLock<Vec<Attribute>> = LazyLock::new(|| {
    vec![
        // §3.1: "id": unique, case-exact, readOnly, returned always.
        Attribute {
            returned: Returned::Always,
            uniqueness: Uniqueness::Server,
            ..read_only("id", AttributeType::String, true)
        },
        // §3.1: "externalId": case-exact, set by the provisioning client.
        Attribute {
            case_exact: true,
            ..Attribute::new("externalId", AttributeType::String)
        },
        // §3.1: "meta": complex, readOnly.
        Attribute {
            sub_attributes: vec![
                read_only("resourceType", AttributeType::String, true),
                read_only("created", AttributeType::DateTime, false),
                read_only("lastModified", AttributeType::DateTime, false),
                Attribute {
                    reference_types: vec!["uri".into()],
                    ..read_only("location", AttributeType::Reference, true)
                },
                read_only("version", AttributeType::String, true),
            ],
            ..read_only("meta", AttributeType::Complex, false)
        },
        // §3: "schemas": the URIs of the schemas the resource uses; always returned.
        Attribute {
            multi_valued: true,
            required: true,
            returned: Returned::Always,
            reference_types: vec!["uri".into()],
            ..Attribute::new("schemas", AttributeType::Reference)
        },
    ]
});

/// The common attribute `name` (`id`, `externalId`, `meta`, `schemas`), case-insensitively.
///
/// ```
/// let id = scim_core::schema::common_attribute("ID").unwrap();
/// assert!(id.case_exact);
/// ```
pub fn common_attribute(name: &str) -> Option<&'static Attribute> {
    find_attribute(&COMMON, name)
}

/// All the common attributes.
pub fn common_attributes() -> &'static [Attribute] {
    &COMMON
}
