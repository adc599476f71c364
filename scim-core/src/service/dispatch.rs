//! From an [`Operation`] and its body to a [`Reply`]: discovery, bulk, the search across
//! resource types, and resource operations (through `resource_operation`).

use http::StatusCode;
use serde_json::Value;

use super::bulk;
use super::call::Call;
use super::discovery;
use super::reply::Reply;
use super::resource_operation::dispatch_resource;
use super::resources;
use super::route::Operation;
use crate::error::ScimError;
use crate::query::{ListQuery, ListResponse, Pagination, sort};
use crate::resource::Resource;

/// Performs `operation`; `body` is the request body, already read (empty when the
/// operation takes none).
pub(super) async fn dispatch(
    call: &Call<'_>,
    operation: &Operation,
    body: &[u8],
) -> Result<Reply, ScimError> {
    match operation {
        Operation::ServiceProviderConfig => discovery::service_provider_config(call),
        Operation::Schemas(id) => discovery::schemas(call, id.as_deref()),
        Operation::ResourceTypes(id) => discovery::resource_types(call, id.as_deref()),
        Operation::Me => Err(ScimError::new(
            StatusCode::NOT_IMPLEMENTED,
            None,
            "/Me is not supported: this service does not know which resource the client is (RFC 7644 §3.11)",
        )),
        Operation::Bulk => bulk::run(call, body).await,
        Operation::SearchAll => search_all(call, &parse_body(body)?).await,
        _ => {
            dispatch_resource(
                call,
                operation,
                Some(body)
                    .filter(|b| !b.is_empty())
                    .map(parse_body)
                    .transpose()?,
            )
            .await
        }
    }
}

/// A request body as JSON; anything else is `invalidSyntax` (RFC 7644 §3.12). serde_json's
/// recursion limit (128) bounds its depth.
pub(super) fn parse_body(body: &[u8]) -> Result<Value, ScimError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ScimError::invalid_syntax("the request needs a JSON body"));
    }
    serde_json::from_slice(body)
        .map_err(|err| ScimError::invalid_syntax(format!("the body is not valid JSON: {err}")))
}

/// `POST /.search` at the root (RFC 7644 §3.4.3): every resource type's matches, type by
/// type in the registry's order (or sorted together with `sortBy`), paged with
/// `startIndex` and `count`. Cursor pagination is not offered here: a cursor would have to
/// span several stores.
async fn search_all(call: &Call<'_>, body: &Value) -> Result<Reply, ScimError> {
    let limits = &call.tenant.limits.query;
    let query = ListQuery::from_search_request(body, limits)?;
    if matches!(query.pagination, Pagination::Cursor { .. }) {
        return Err(ScimError::invalid_value(
            "a search across resource types pages with startIndex, not cursor; search one \
             resource type's endpoint to page with cursors",
        ));
    }
    let skip = query.start_index() - 1;
    let depth = skip.saturating_add(query.count);
    let deepest = limits.max_count.saturating_mul(10);
    if depth > deepest {
        return Err(ScimError::too_many(format!(
            "a search across resource types reaches at most {deepest} results deep; search \
             one resource type's endpoint to go further"
        )));
    }
    let registry = &call.tenant.registry;
    let mut total = 0;
    let mut found = Vec::new();
    for resource_type in registry.resource_types() {
        let view = call.view(&resource_type.name)?;
        let per_type = ListQuery {
            pagination: Pagination::Index { start_index: 1 },
            count: depth,
            ..query.clone()
        };
        let page = resources::query_store(call, &view, &per_type).await?;
        total += page.total_results;
        found.extend(page.resources);
    }
    if let (Some(by), Some(first)) = (&query.sort_by, registry.resource_types().first()) {
        let view = call.view(&first.name)?;
        let mut resources = found
            .into_iter()
            .map(Resource::from_json)
            .collect::<Result<Vec<_>, _>>()?;
        sort(&view, &mut resources, by, query.sort_order)?;
        found = resources.into_iter().map(Resource::into_json).collect();
    }
    let resources = found.into_iter().skip(skip).take(query.count).collect();
    let page = ListResponse {
        total_results: total,
        start_index: Some(query.start_index()),
        next_cursor: None,
        previous_cursor: None,
        resources,
    };
    Ok(Reply::ok(page.to_json()))
}
