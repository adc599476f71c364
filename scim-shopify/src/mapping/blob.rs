//! The JSON metafield ([`MappingConfig::resource`](super::MappingConfig::resource)): every
//! attribute the client sent that no other target holds, and the marks the mapping keeps
//! beside them (`$` cannot start an attribute name, RFC 7643 §2.1, so no attribute collides
//! with a mark).

use serde_json::{Map, Value};

/// The JSON metafield's mark that the User has no `locale`: a customer always has one
/// (Shopify gives `en` and cannot clear it), so without the mark a read would show one the
/// client never set or removed (RFC 7644 §3.5.2.2).
pub(crate) const NO_LOCALE: &str = "$noLocale";

/// The JSON metafield's mark that the customer's `lastName` is the `userName` standing in
/// for a name: Shopify refuses a customer without a name, a phone or an email ("A name,
/// phone number, or email address must be present"), while a SCIM User needs only a
/// `userName` (RFC 7643 §4.1). A read does not show that last name as `name.familyName`.
/// (`$` cannot start an attribute name, RFC 7643 §2.1, so no attribute collides with it.)
pub(crate) const LAST_NAME_IS_USER_NAME: &str = "$lastNameIsUserName";

/// The JSON metafield's text as a JSON object (empty when it is not one), for reads and
/// tests.
pub(crate) fn parse_blob(text: &str) -> Map<String, Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}
