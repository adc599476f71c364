//! A resource operation (create, list, search, get, replace, patch, delete) with its body
//! as JSON, to a [`Reply`]: shared by single requests (`dispatch`) and the
//! operations of a bulk request (`bulk`).

use serde_json::Value;

use super::call::Call;
use super::reply::Reply;
use super::resources;
use super::route::Operation;
use crate::error::ScimError;

/// A resource operation with its body as JSON (`None` for GET and DELETE); bulk
/// operations come in here with their `data`.
pub(super) async fn dispatch_resource(
    call: &Call<'_>,
    operation: &Operation,
    body: Option<Value>,
) -> Result<Reply, ScimError> {
    let Some(name) = operation.resource_type() else {
        return Err(ScimError::invalid_value(format!(
            "`{}` is not an operation on a resource",
            operation.name()
        )));
    };
    let view = call.view(name)?;
    let body = || {
        body.clone()
            .ok_or_else(|| ScimError::invalid_syntax("the request needs a JSON body"))
    };
    match operation {
        Operation::Create { .. } => resources::create(call, &view, body()?).await,
        Operation::List { .. } => resources::list(call, &view).await,
        Operation::Search { .. } => resources::search(call, &view, &body()?).await,
        Operation::Get { id, .. } => resources::get(call, &view, id).await,
        Operation::Replace { id, .. } => resources::replace(call, &view, id, body()?).await,
        Operation::Patch { id, .. } => resources::patch(call, &view, id, body()?).await,
        Operation::Delete { id, .. } => resources::delete(call, &view, id).await,
        _ => Err(ScimError::invalid_value("not an operation on a resource")),
    }
}
