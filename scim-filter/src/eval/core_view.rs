//! The attribute characteristics of the RFC's own schemas, built in so the crate is useful
//! without a schema registry.

use super::view::{AttributeType, AttributeView, Characteristics, ENTERPRISE_USER_SCHEMA};
use AttributeType::{Binary, Boolean, Complex, DateTime, Reference, String};

/// The characteristics of the common attributes (RFC 7643 §3.1), the core User (§4.1) and
/// Group (§4.2) attributes and the Enterprise User extension (§4.3), as the schema
/// representations of §8.7.1 declare them, with the verified errata scim-core's registry
/// applies. The User and Group attribute sets do not clash, so one view serves both resource
/// types. scim-core's test `core_schema_view` holds this view equal to the registry's schema
/// files, attribute by attribute.
///
/// ```
/// use scim_filter::{AttributeType, AttributeView, CoreSchemaView};
///
/// let id = CoreSchemaView.attribute(None, "ID").unwrap();
/// assert!(id.case_exact);
/// let created = CoreSchemaView.sub_attribute(None, "meta", "created").unwrap();
/// assert_eq!(created.attr_type, AttributeType::DateTime);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct CoreSchemaView;

const TEXT: Characteristics = Characteristics::single(String, false);
const EXACT_TEXT: Characteristics = Characteristics::single(String, true);
const REFERENCE: Characteristics = Characteristics::single(Reference, false);
const EXACT_REFERENCE: Characteristics = Characteristics::single(Reference, true);
const BOOLEAN: Characteristics = Characteristics::single(Boolean, false);
const INSTANT: Characteristics = Characteristics::single(DateTime, false);
const COMPLEX: Characteristics = Characteristics::single(Complex, false);
const MULTI_COMPLEX: Characteristics = Characteristics::multi(Complex, false);

/// The longest attribute name of these schemas, with room to spare.
const MAX_NAME: usize = 24;

/// `name` in ASCII lowercase, in `buffer`; `None` for names no core attribute has.
fn lowercase<'b>(name: &str, buffer: &'b mut [u8; MAX_NAME]) -> Option<&'b [u8]> {
    let bytes = name.as_bytes();
    let lowered = buffer.get_mut(..bytes.len())?;
    lowered.copy_from_slice(bytes);
    lowered.make_ascii_lowercase();
    Some(lowered)
}

fn core_attribute(name: &[u8]) -> Option<Characteristics> {
    Some(match name {
        b"id" | b"externalid" => EXACT_TEXT,
        b"meta" | b"name" => COMPLEX,
        b"schemas" => Characteristics::multi(Reference, false),
        b"username" | b"displayname" | b"nickname" | b"title" | b"usertype"
        | b"preferredlanguage" | b"locale" | b"timezone" | b"password" => TEXT,
        b"profileurl" => REFERENCE,
        b"active" => BOOLEAN,
        b"emails" | b"phonenumbers" | b"ims" | b"photos" | b"addresses" | b"groups"
        | b"entitlements" | b"roles" | b"x509certificates" | b"members" => MULTI_COMPLEX,
        _ => return None,
    })
}

fn core_sub_attribute(parent: &[u8], name: &[u8]) -> Option<Characteristics> {
    Some(match (parent, name) {
        (b"meta", b"created" | b"lastmodified") => INSTANT,
        (b"meta", b"resourcetype" | b"version") => EXACT_TEXT,
        (b"meta", b"location") => EXACT_REFERENCE,
        (
            b"name",
            b"formatted" | b"familyname" | b"givenname" | b"middlename" | b"honorificprefix"
            | b"honorificsuffix",
        ) => TEXT,
        (
            b"addresses",
            b"formatted" | b"streetaddress" | b"locality" | b"region" | b"postalcode" | b"country"
            | b"type",
        ) => TEXT,
        (b"photos", b"value") => REFERENCE,
        (b"x509certificates", b"value") => Characteristics::single(Binary, false),
        (b"groups" | b"members", b"$ref") => REFERENCE,
        (
            b"emails" | b"phonenumbers" | b"ims" | b"photos" | b"groups" | b"entitlements"
            | b"roles" | b"x509certificates" | b"members",
            b"value" | b"display" | b"type",
        ) => TEXT,
        (
            b"emails" | b"phonenumbers" | b"ims" | b"photos" | b"addresses" | b"entitlements"
            | b"roles" | b"x509certificates",
            b"primary",
        ) => BOOLEAN,
        _ => return None,
    })
}

fn enterprise_attribute(name: &[u8]) -> Option<Characteristics> {
    Some(match name {
        b"employeenumber" | b"costcenter" | b"organization" | b"division" | b"department" => TEXT,
        b"manager" => COMPLEX,
        _ => return None,
    })
}

/// Verified erratum 8472 to RFC 7643 §8.7.1: `manager.value`, an id, is `caseExact` (as
/// scim-core's registry applies it).
fn enterprise_sub_attribute(parent: &[u8], name: &[u8]) -> Option<Characteristics> {
    match (parent, name) {
        (b"manager", b"value") => Some(EXACT_TEXT),
        (b"manager", b"displayname") => Some(TEXT),
        (b"manager", b"$ref") => Some(REFERENCE),
        _ => None,
    }
}

fn is_enterprise(schema: Option<&str>) -> bool {
    schema.is_some_and(|urn| urn.eq_ignore_ascii_case(ENTERPRISE_USER_SCHEMA))
}

impl AttributeView for CoreSchemaView {
    fn attribute(&self, schema: Option<&str>, name: &str) -> Option<Characteristics> {
        let mut buffer = [0; MAX_NAME];
        let name = lowercase(name, &mut buffer)?;
        if is_enterprise(schema) {
            enterprise_attribute(name)
        } else if schema.is_none_or(|urn| !self.is_extension(urn)) {
            core_attribute(name)
        } else {
            None
        }
    }

    fn sub_attribute(
        &self,
        schema: Option<&str>,
        parent: &str,
        name: &str,
    ) -> Option<Characteristics> {
        let (mut parent_buffer, mut name_buffer) = ([0; MAX_NAME], [0; MAX_NAME]);
        let parent = lowercase(parent, &mut parent_buffer)?;
        let name = lowercase(name, &mut name_buffer)?;
        if is_enterprise(schema) {
            enterprise_sub_attribute(parent, name)
        } else if schema.is_none_or(|urn| !self.is_extension(urn)) {
            core_sub_attribute(parent, name)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::view::{GROUP_SCHEMA, USER_SCHEMA};

    #[test]
    fn rfc7643_s3_1_common_attributes() {
        let view = CoreSchemaView;
        assert_eq!(view.attribute(None, "id"), Some(EXACT_TEXT));
        assert_eq!(view.attribute(None, "externalId"), Some(EXACT_TEXT));
        assert_eq!(
            view.sub_attribute(None, "meta", "lastModified"),
            Some(INSTANT)
        );
        assert_eq!(
            view.sub_attribute(None, "META", "Version"),
            Some(EXACT_TEXT)
        );
    }

    #[test]
    fn rfc7643_s8_7_1_user_and_group_attributes() {
        let view = CoreSchemaView;
        assert_eq!(view.attribute(Some(USER_SCHEMA), "userName"), Some(TEXT));
        assert_eq!(
            view.attribute(Some(GROUP_SCHEMA), "members"),
            Some(MULTI_COMPLEX)
        );
        assert_eq!(view.sub_attribute(None, "emails", "primary"), Some(BOOLEAN));
        assert_eq!(view.sub_attribute(None, "members", "$ref"), Some(REFERENCE));
        assert_eq!(
            view.sub_attribute(None, "x509Certificates", "value")
                .map(|c| c.attr_type),
            Some(Binary)
        );
        assert_eq!(view.attribute(None, "noSuchAttribute"), None);
        assert_eq!(
            view.attribute(None, "aNameLongerThanAnyCoreAttributeName"),
            None
        );
    }

    #[test]
    fn rfc7643_s4_3_enterprise_attributes_need_their_urn() {
        let view = CoreSchemaView;
        let urn = Some(ENTERPRISE_USER_SCHEMA);
        assert_eq!(view.attribute(urn, "employeeNumber"), Some(TEXT));
        // Erratum 8472: manager.value is caseExact.
        assert_eq!(
            view.sub_attribute(urn, "manager", "value"),
            Some(EXACT_TEXT)
        );
        assert_eq!(
            view.sub_attribute(urn, "manager", "displayName"),
            Some(TEXT)
        );
        assert_eq!(view.attribute(None, "employeeNumber"), None);
        assert_eq!(view.attribute(urn, "userName"), None);
        assert!(view.is_extension(ENTERPRISE_USER_SCHEMA));
        assert!(!view.is_extension("URN:ietf:params:scim:schemas:core:2.0:user"));
    }
}
