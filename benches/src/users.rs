//! Realistic users for the service benches and the load test: the shape of the shared
//! corpus's `user_create_request.json` (core name, emails, phone numbers, an address,
//! `active`, `externalId`, the enterprise extension), with values that vary by number so
//! that each is unique where the schema wants it (`userName`) and plausible elsewhere.

use serde_json::{Value, json};

const GIVEN: [&str; 8] = [
    "Barbara", "John", "Amara", "Kenji", "Sofia", "Liam", "Priya", "Mateo",
];
const FAMILY: [&str; 8] = [
    "Jensen", "Smith", "Okafor", "Tanaka", "Rossi", "Murphy", "Sharma", "Garcia",
];
const DEPARTMENTS: [&str; 4] = ["Tour Operations", "Finance", "Engineering", "Sales"];

/// The `userName` of user `n`: `user000042@example.com`.
///
/// ```
/// assert_eq!(scim_benches::user_name(42), "user000042@example.com");
/// ```
pub fn user_name(n: usize) -> String {
    format!("user{n:06}@example.com")
}

/// A `POST /Users` body for user `n` (about 1.2 kB of JSON).
///
/// ```
/// let user = scim_benches::user(7);
/// assert_eq!(user["userName"], "user000007@example.com");
/// assert_eq!(user["active"], true);
/// ```
pub fn user(n: usize) -> Value {
    let given = GIVEN[n % GIVEN.len()];
    let family = FAMILY[(n / GIVEN.len()) % FAMILY.len()];
    let user_name = user_name(n);
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "externalId": format!("ext-{n}"),
        "userName": user_name,
        "name": {
            "formatted": format!("{given} {family}"),
            "familyName": family,
            "givenName": given
        },
        "displayName": format!("{given} {family} {n}"),
        "emails": [
            {"value": user_name, "type": "work", "primary": true},
            {"value": format!("{}.{n}@home.example.org", given.to_lowercase()), "type": "home"}
        ],
        "phoneNumbers": [
            {"value": format!("555-{:04}", n % 10_000), "type": "work"}
        ],
        "addresses": [{
            "type": "work",
            "streetAddress": "100 Universal City Plaza",
            "locality": "Hollywood",
            "region": "CA",
            "postalCode": "91608",
            "country": "USA",
            "primary": true
        }],
        "userType": "Employee",
        "title": "Tour Guide",
        "preferredLanguage": "en-US",
        "locale": "en-US",
        "timezone": "America/Los_Angeles",
        "active": true,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": n.to_string(),
            "costCenter": format!("{}", 4100 + n % 50),
            "organization": "Universal Studios",
            "department": DEPARTMENTS[n % DEPARTMENTS.len()]
        }
    })
}

/// A `POST /Bulk` body creating users `range` (RFC 7644 §3.7), for loading a server over
/// HTTP. Keep ranges to a few hundred users: a bulk body is limited (1 MiB by default).
///
/// ```
/// let bulk = scim_benches::bulk_create(0..3);
/// assert_eq!(bulk["Operations"].as_array().unwrap().len(), 3);
/// ```
pub fn bulk_create(range: std::ops::Range<usize>) -> Value {
    let operations: Vec<Value> = range
        .map(|n| {
            json!({
                "method": "POST",
                "path": "/Users",
                "bulkId": format!("u{n}"),
                "data": user(n)
            })
        })
        .collect();
    json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        "Operations": operations
    })
}
