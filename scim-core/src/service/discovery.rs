//! The discovery endpoints (RFC 7644 §4): `/ServiceProviderConfig`, `/Schemas` and
//! `/ResourceTypes`, from the tenant's registry and limits.

use http::StatusCode;
use serde_json::{Map, Value, json};

use super::call::Call;
use super::reply::Reply;
use crate::error::ScimError;
use crate::query::LIST_RESPONSE_SCHEMA;

const SERVICE_PROVIDER_CONFIG_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

/// `GET /ServiceProviderConfig` (RFC 7643 §5), with the limits this tenant enforces and
/// RFC 9865 §4's `pagination`.
pub(super) fn service_provider_config(call: &Call<'_>) -> Result<Reply, ScimError> {
    refuse_filter(call)?;
    let limits = &call.tenant.limits;
    Ok(Reply::ok(json!({
        "schemas": [SERVICE_PROVIDER_CONFIG_SCHEMA],
        "patch": {"supported": true},
        "bulk": {
            "supported": true,
            "maxOperations": limits.bulk.max_operations,
            "maxPayloadSize": limits.bulk.max_payload_size,
        },
        "filter": {"supported": true, "maxResults": limits.query.max_count},
        "changePassword": {"supported": false},
        "sort": {"supported": true},
        "etag": {"supported": true},
        "pagination": {
            "cursor": true,
            "index": true,
            "defaultPaginationMethod": "index",
            "defaultPageSize": limits.query.default_count.min(limits.query.max_count),
            "maxPageSize": limits.query.max_count,
        },
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": "Authentication with a bearer token (RFC 6750).",
            "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
            "primary": true,
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{}/ServiceProviderConfig", call.base_url),
        },
    })))
}

/// `GET /Schemas[/{id}]` (RFC 7643 §7): every schema, or one by its URN (without case).
pub(super) fn schemas(call: &Call<'_>, id: Option<&str>) -> Result<Reply, ScimError> {
    refuse_filter(call)?;
    let representation = |schema: &crate::schema::Schema| {
        let mut value = to_object(schema);
        value.insert("schemas".into(), json!([SCHEMA_SCHEMA]));
        value.insert(
            "meta".into(),
            json!({
                "resourceType": "Schema",
                "location": format!("{}/Schemas/{}", call.base_url, schema.id),
            }),
        );
        Value::Object(value)
    };
    let schemas = call.tenant.registry.schemas();
    match id {
        Some(id) => schemas
            .iter()
            .find(|schema| schema.id.eq_ignore_ascii_case(id))
            .map(|schema| Reply::ok(representation(schema)))
            .ok_or_else(|| ScimError::not_found(format!("no schema {id}"))),
        None => Ok(Reply::ok(list(
            schemas.iter().map(representation).collect(),
        ))),
    }
}

/// `GET /ResourceTypes[/{id}]` (RFC 7643 §6): every resource type, or one by its id or
/// name (without case).
pub(super) fn resource_types(call: &Call<'_>, id: Option<&str>) -> Result<Reply, ScimError> {
    refuse_filter(call)?;
    let representation = |resource_type: &crate::schema::ResourceType| {
        let mut value = to_object(resource_type);
        let id = resource_type.id.as_deref().unwrap_or(&resource_type.name);
        value.insert("schemas".into(), json!([RESOURCE_TYPE_SCHEMA]));
        value.insert("id".into(), json!(id));
        value.insert(
            "meta".into(),
            json!({
                "resourceType": "ResourceType",
                "location": format!("{}/ResourceTypes/{id}", call.base_url),
            }),
        );
        Value::Object(value)
    };
    let types = call.tenant.registry.resource_types();
    match id {
        Some(id) => types
            .iter()
            .find(|rt| {
                rt.name.eq_ignore_ascii_case(id)
                    || rt
                        .id
                        .as_deref()
                        .is_some_and(|own| own.eq_ignore_ascii_case(id))
            })
            .map(|rt| Reply::ok(representation(rt)))
            .ok_or_else(|| ScimError::not_found(format!("no resource type {id}"))),
        None => Ok(Reply::ok(list(types.iter().map(representation).collect()))),
    }
}

/// RFC 7644 §4: discovery endpoints do not filter, and "SHOULD respond with HTTP status
/// code 403 (Forbidden)" to a filter so clients do not take an unfiltered answer for a
/// filtered one.
fn refuse_filter(call: &Call<'_>) -> Result<(), ScimError> {
    if call
        .query_pairs
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("filter"))
    {
        return Err(ScimError::new(
            StatusCode::FORBIDDEN,
            None,
            "discovery endpoints do not support filters (RFC 7644 §4)",
        ));
    }
    Ok(())
}

/// A ListResponse of every item, on one page.
fn list(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_RESPONSE_SCHEMA],
        "totalResults": resources.len(),
        "itemsPerPage": resources.len(),
        "startIndex": 1,
        "Resources": resources,
    })
}

fn to_object(value: &impl serde::Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}
