//! The operations on resources (RFC 7644 §3.3 to §3.6): create, read, replace, patch,
//! delete, list and search, over the tenant's store.

use http::StatusCode;
use scim_filter::AttrPath;
use serde_json::Value;

use super::call::Call;
use super::references::fill_references;
use super::reply::Reply;
use crate::error::ScimError;
use crate::patch::PatchRequest;
use crate::query::{ListQuery, ListResponse, Page, project};
use crate::resource::{Version, Write, validate};
use crate::schema::ResourceView;
use crate::store::Stored;

/// `POST /{endpoint}` (§3.3): 201 with the resource, `Location` and `ETag`.
pub(super) async fn create(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    body: Value,
) -> Result<Reply, ScimError> {
    let projection = call.projection()?;
    let resource = validate(view, body, Write::Create)?;
    let stored = call
        .tenant
        .store
        .create(view, resource)
        .await
        .map_err(|err| call.store_error("create", err))?;
    Ok(resource_reply(
        call,
        view,
        StatusCode::CREATED,
        stored,
        &projection,
    ))
}

/// `GET /{endpoint}/{id}` (§3.4.1): 200, or 304 when `If-None-Match` names the version.
pub(super) async fn get(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    id: &str,
) -> Result<Reply, ScimError> {
    let projection = call.projection()?;
    let stored = call
        .tenant
        .store
        .get(view, id)
        .await
        .map_err(|err| call.store_error("get", err))?;
    if call.not_modified(stored.meta.version.as_ref()) {
        let mut reply = Reply::with_status(StatusCode::NOT_MODIFIED, None);
        reply.version = stored.meta.version;
        return Ok(reply);
    }
    Ok(resource_reply(
        call,
        view,
        StatusCode::OK,
        stored,
        &projection,
    ))
}

/// `PUT /{endpoint}/{id}` (§3.5.1): the body replaces what the client may write;
/// immutable attributes are checked against the stored resource. One
/// [`update`](crate::store::ResourceStore::update) of the store, which reads, validates the
/// body against what it read and writes on condition that nothing changed meanwhile (and
/// starts again when something did); 412 when `If-Match` names another version.
pub(super) async fn replace(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    id: &str,
    body: Value,
) -> Result<Reply, ScimError> {
    let projection = call.projection()?;
    let expected = expected_version(call, view, id, "replace").await?;
    let replace_body = |current: &Stored| {
        let current = current.to_resource(None);
        validate(view, body.clone(), Write::Replace(&current)).map(Some)
    };
    let stored = call
        .tenant
        .store
        .update(view, id, expected.as_ref(), &replace_body)
        .await
        .map_err(|err| call.store_error("replace", err))?;
    Ok(resource_reply(
        call,
        view,
        StatusCode::OK,
        stored,
        &projection,
    ))
}

/// `PATCH /{endpoint}/{id}` (§3.5.2): 200 with the resource, or 204 when the client asked
/// for no body (`Prefer: return=minimal`). An empty `Operations` list changes nothing and
/// answers 200 (the Entra ID validator sends one).
pub(super) async fn patch(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    id: &str,
    body: Value,
) -> Result<Reply, ScimError> {
    let projection = call.projection()?;
    let request = PatchRequest::from_json(body)?;
    let store = &call.tenant.store;
    let expected = expected_version(call, view, id, "patch").await?;
    let stored = store
        .patch(view, id, &request, expected.as_ref())
        .await
        .map_err(|err| call.store_error("patch", err))?;
    Ok(resource_reply(
        call,
        view,
        StatusCode::OK,
        stored,
        &projection,
    ))
}

/// `DELETE /{endpoint}/{id}` (§3.6): 204; 412 when `If-Match` names another version.
pub(super) async fn delete(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    id: &str,
) -> Result<Reply, ScimError> {
    let store = &call.tenant.store;
    let expected = expected_version(call, view, id, "delete").await?;
    store
        .delete(view, id, expected.as_ref())
        .await
        .map_err(|err| call.store_error("delete", err))?;
    let mut reply = Reply::with_status(StatusCode::NO_CONTENT, None);
    reply.id = Some(id.to_owned());
    Ok(reply)
}

/// `GET /{endpoint}` (§3.4.2).
pub(super) async fn list(call: &Call<'_>, view: &ResourceView<'_>) -> Result<Reply, ScimError> {
    let query = call.list_query()?;
    let page = query_store(call, view, &query).await?;
    Ok(Reply::ok(page.to_json()))
}

/// `POST /{endpoint}/.search` (§3.4.3): the query is the body.
pub(super) async fn search(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    body: &Value,
) -> Result<Reply, ScimError> {
    let query = ListQuery::from_search_request(body, &call.tenant.limits.query)?;
    let page = query_store(call, view, &query).await?;
    Ok(Reply::ok(page.to_json()))
}

/// One page of `view`'s resources, projected. The filter is checked against the schema
/// here, so a filter that cannot be evaluated is `invalidFilter` whatever the store does
/// (RFC 7644 §3.4.2.2).
pub(super) async fn query_store(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    query: &ListQuery,
) -> Result<ListResponse, ScimError> {
    if let Some(filter) = &query.filter {
        scim_filter::validate_with(filter, view)?;
    }
    let page: Page<Stored> = call
        .tenant
        .store
        .list(view, query)
        .await
        .map_err(|err| call.store_error("list", err))?;
    if page.resources.len() > query.count {
        tracing::error!(
            tenant = %call.tenant.base_path,
            returned = page.resources.len(),
            count = query.count,
            "the store returned more resources than the page holds; answering 500"
        );
        return Err(ScimError::internal());
    }
    let page = page.map(|stored| {
        let location = call.location(view, stored.id());
        let mut resource = stored.into_resource(Some(&location));
        fill_references(call, view, &mut resource);
        resource
    });
    Ok(page.project(view, query))
}

/// The version `If-Match` pins a write to (RFC 7644 §3.14), which the store checks in its
/// own conditional write: `None` without the header; the version itself when the header
/// names one entity tag (what identity providers send), with no read here; for `*` or a
/// list of tags, the stored version once the header is checked against it (412 if it names
/// another).
async fn expected_version(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    id: &str,
    operation: &str,
) -> Result<Option<Version>, ScimError> {
    let Some(header) = &call.if_match else {
        return Ok(None);
    };
    let header = header.trim();
    if header != "*" && !header.contains(',') {
        return Ok(Some(Version::parse(header)));
    }
    let current = call
        .tenant
        .store
        .get(view, id)
        .await
        .map_err(|err| call.store_error(operation, err))?;
    call.check_if_match(&current)?;
    Ok(current.meta.version)
}

/// The request's `attributes` and `excludedAttributes`, parsed before the store is called so
/// that a malformed one refuses the request before anything is written.
type Projection = (Vec<AttrPath<'static>>, Vec<AttrPath<'static>>);

/// The answer of a write or a read: the resource projected with the request's
/// `attributes` and `excludedAttributes` (`projection`), `Location` and `ETag`; no body when
/// the client asked for none.
fn resource_reply(
    call: &Call<'_>,
    view: &ResourceView<'_>,
    status: StatusCode,
    stored: Stored,
    projection: &Projection,
) -> Reply {
    let location = call.location(view, stored.id());
    let id = stored.id().to_owned();
    let version = stored.meta.version.clone();
    let (status, body) = if call.minimal && status == StatusCode::OK {
        (StatusCode::NO_CONTENT, None)
    } else {
        let (attributes, excluded) = projection;
        let mut resource = stored.into_resource(Some(&location));
        fill_references(call, view, &mut resource);
        (status, Some(project(view, &resource, attributes, excluded)))
    };
    Reply {
        status,
        body,
        id: Some(id),
        location: Some(location),
        version,
    }
}
