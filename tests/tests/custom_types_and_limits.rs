//! Custom resource types and schema extensions registered by the embedding service
//! (RFC 7643 §3.3, §6), and the limits the service advertises and enforces (RFC 7644
//! §3.7.4, RFC 7643 §5).

use std::sync::Arc;

use scim_conformance::{Client, TOKEN};
use scim_core::bulk::BulkLimits;
use scim_core::schema::{ResourceType, Schema, SchemaRegistry};
use scim_core::service::{BearerToken, ScimService, ServiceLimits, Tenant};
use scim_core::store::InMemoryStore;
use serde_json::json;

const DEVICE: &str = "urn:example:params:scim:schemas:Device";
const BADGE: &str = "urn:example:params:scim:schemas:extension:Badge";

fn registry() -> SchemaRegistry {
    let mut registry = SchemaRegistry::rfc7643();
    let device: Schema = serde_json::from_value(json!({
        "id": DEVICE,
        "name": "Device",
        "attributes": [
            {"name": "serialNumber", "type": "string", "multiValued": false, "required": true,
             "caseExact": true, "mutability": "immutable", "returned": "default", "uniqueness": "server"},
            {"name": "displayName", "type": "string", "multiValued": false, "required": false,
             "caseExact": false, "mutability": "readWrite", "returned": "default", "uniqueness": "none"}
        ]
    }))
    .unwrap();
    let badge: Schema = serde_json::from_value(json!({
        "id": BADGE,
        "name": "Badge",
        "attributes": [
            {"name": "badgeNumber", "type": "integer", "multiValued": false, "required": false,
             "mutability": "readWrite", "returned": "default", "uniqueness": "none"}
        ]
    }))
    .unwrap();
    registry.add_schema(device).unwrap();
    registry.add_schema(badge).unwrap();
    registry
        .add_resource_type(ResourceType {
            schemas: vec![],
            id: Some("Device".into()),
            name: "Device".into(),
            endpoint: "/Devices".into(),
            description: Some("A managed device".into()),
            schema: DEVICE.into(),
            schema_extensions: vec![],
            meta: None,
        })
        .unwrap();
    registry.add_extension("User", BADGE, false).unwrap();
    registry
}

fn client(limits: ServiceLimits) -> Client {
    let tenant = Tenant::new("/scim/v2", Arc::new(InMemoryStore::new()))
        .with_authenticator(BearerToken::new(TOKEN))
        .with_registry(registry())
        .with_limits(limits);
    Client::of(ScimService::builder().tenant(tenant).build().unwrap())
}

#[tokio::test]
async fn rfc7643_s6_a_custom_resource_type_has_its_endpoint_schema_and_discovery() {
    let client = client(ServiceLimits::default());
    let created = client
        .post(
            "Devices",
            &json!({"schemas": [DEVICE], "serialNumber": "SN-1", "displayName": "Laptop"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["meta"]["resourceType"], "Device");
    assert!(created.header("location").unwrap().contains("/Devices/"));

    // Its schema is enforced: required, immutable, typed.
    let missing = client
        .post("Devices", &json!({"schemas": [DEVICE], "displayName": "x"}))
        .await;
    assert_eq!(
        (missing.status, missing.scim_type()),
        (400, Some("invalidValue"))
    );
    let changed = client
        .put(
            &format!("Devices/{}", created.id()),
            &json!({"schemas": [DEVICE], "serialNumber": "SN-2"}),
        )
        .await;
    assert_eq!(
        (changed.status, changed.scim_type()),
        (400, Some("mutability"))
    );

    let found = client
        .get("Devices?filter=displayName%20eq%20%22laptop%22")
        .await;
    assert_eq!(found.body["totalResults"], 1);
    let described = client.get("ResourceTypes/Device").await;
    assert_eq!(described.body["endpoint"], "/Devices");
    assert_eq!(client.get(&format!("Schemas/{DEVICE}")).await.status, 200);
}

#[tokio::test]
async fn rfc7643_s3_3_a_registered_extension_is_validated_and_filterable() {
    let client = client(ServiceLimits::default());
    let created = client
        .post(
            "Users",
            &json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", BADGE],
                    "userName": "bjensen", BADGE: {"badgeNumber": 42}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let found = client
        .get(&format!("Users?filter={BADGE}:badgeNumber%20gt%2040"))
        .await;
    assert_eq!(found.body["totalResults"], 1, "{}", found.body);
    let wrong = client
        .post(
            "Users",
            &json!({"userName": "x", BADGE: {"badgeNumber": "forty-two"}}),
        )
        .await;
    assert_eq!(
        (wrong.status, wrong.scim_type()),
        (400, Some("invalidValue"))
    );
}

#[tokio::test]
async fn rfc7644_s3_7_4_bulk_limits_are_advertised_and_enforced_with_413() {
    let limits = ServiceLimits {
        bulk: BulkLimits {
            max_operations: 2,
            max_payload_size: 4096,
        },
        ..ServiceLimits::default()
    };
    let client = client(limits);
    let config = client.get("ServiceProviderConfig").await;
    assert_eq!(config.body["bulk"]["maxOperations"], 2);
    assert_eq!(config.body["bulk"]["maxPayloadSize"], 4096);

    let op = |n: usize| json!({"method": "POST", "path": "/Users", "bulkId": format!("b{n}"), "data": {"userName": format!("u{n}")}});
    let three = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [op(1), op(2), op(3)]});
    let answer = client.post("Bulk", &three).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert_eq!(answer.body["status"], "413");
    // Nothing of the refused request was performed.
    assert_eq!(client.get("Users").await.body["totalResults"], 0);

    let big = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                     "Operations": [{"method": "POST", "path": "/Users", "bulkId": "x",
                                     "data": {"userName": "y".repeat(5000)}}]});
    assert_eq!(client.post("Bulk", &big).await.status, 413);
}
