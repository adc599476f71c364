//! `POST /Bulk` (RFC 7644 §3.7): the request planned and run by [`crate::bulk`], each
//! operation performed as the single request would be.

use serde_json::Value;

use super::call::Call;
use super::reply::Reply;
use super::resource_operation::dispatch_resource;
use super::route::{Operation, Unrouted, route};
use crate::bulk::{
    BulkExecutor, BulkOutcome, BulkPlan, BulkRequest, BulkRunner, ResolvedOperation,
};
use crate::error::ScimError;

/// Runs the bulk request in `body`: 200 with the `BulkResponse`, whatever the operations'
/// own outcomes (§3.7.3); 413 over the limits, 400 when the body is malformed.
pub(super) async fn run(call: &Call<'_>, body: &[u8]) -> Result<Reply, ScimError> {
    let request = BulkRequest::parse(body, &call.tenant.limits.bulk)?;
    let plan = BulkPlan::new(request);
    let executor = Executor { call };
    let mut runner = BulkRunner::new(executor).with_base_url(call.base_url.clone());
    let response = runner.run(&plan).await;
    Ok(Reply::ok(response.to_json()))
}

/// Performs bulk operations through the tenant's own handlers.
struct Executor<'c, 't> {
    call: &'c Call<'t>,
}

#[async_trait::async_trait]
impl BulkExecutor for Executor<'_, '_> {
    async fn execute(&mut self, operation: ResolvedOperation) -> Result<BulkOutcome, ScimError> {
        let routed = route(
            &operation.method.to_http(),
            &operation.path,
            &self.call.tenant.registry,
        )
        .map_err(|unrouted| match unrouted {
            Unrouted::NotFound(err) => err,
            Unrouted::MethodNotAllowed(_) => ScimError::invalid_value(format!(
                "{} is not allowed on {} in a bulk request",
                operation.method, operation.path
            )),
        })?;
        if !matches!(
            routed,
            Operation::Create { .. }
                | Operation::Replace { .. }
                | Operation::Patch { .. }
                | Operation::Delete { .. }
        ) {
            return Err(ScimError::invalid_value(format!(
                "a bulk operation must create, replace, patch or delete a resource, not `{}`",
                operation.path
            )));
        }
        let call = Call {
            tenant: self.call.tenant,
            base_url: self.call.base_url.clone(),
            query_pairs: Vec::new(),
            if_match: operation.version.as_ref().map(ToString::to_string),
            if_none_match: None,
            minimal: false,
        };
        let data: Option<Value> = operation.data;
        let reply = dispatch_resource(&call, &routed, data).await?;
        let mut outcome = BulkOutcome::new(reply.status);
        if let Some(id) = reply.id {
            outcome = outcome.with_id(id);
        }
        if let Some(location) = reply.location {
            outcome = outcome.with_location(location);
        }
        if let Some(version) = reply.version {
            outcome = outcome.with_version(version);
        }
        Ok(outcome)
    }
}
