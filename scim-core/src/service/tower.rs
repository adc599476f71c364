//! The `tower::Service` form of [`ScimService`], and reading a body within its limit.

use std::convert::Infallible;
use std::error::Error;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::{Buf, Bytes};
use http::{Request, Response};
use http_body::Body;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};

use super::reply::error_response;
use super::{ScimService, log, too_large};
use crate::error::ScimError;

impl ScimService {
    /// Answers one request, reading its body only after the request is authenticated and
    /// routed (a wrong method is 405 and an unknown path 404 without a byte read), and only
    /// up to the tenant's limit (413 beyond it).
    pub async fn serve<B>(&self, request: Request<B>) -> Response<Bytes>
    where
        B: Body + Send,
        B::Data: Send,
        B::Error: Into<Box<dyn Error + Send + Sync>>,
    {
        let started = Instant::now();
        let (parts, body) = request.into_parts();
        let admitted = match self.admit(&parts).await {
            Ok(admitted) => admitted,
            Err(response) => return response,
        };
        let bytes = if admitted.operation.has_body() {
            match Limited::new(body, admitted.body_limit).collect().await {
                Ok(collected) => {
                    let mut data = collected.aggregate();
                    data.copy_to_bytes(data.remaining())
                }
                Err(err) if err.downcast_ref::<LengthLimitError>().is_some() => {
                    return error_response(&too_large(admitted.body_limit));
                }
                Err(_) => {
                    return error_response(&ScimError::invalid_syntax(
                        "the request body could not be read",
                    ));
                }
            }
        } else {
            Bytes::new()
        };
        let response = self.respond(&admitted, &parts, &bytes).await;
        log(&parts, &admitted, &response, started);
        response
    }
}

/// Mounts the service in any tower host (axum's `fallback_service`, hyper via
/// `hyper-util`'s `TowerToHyperService`, ...). It never fails: every error is an HTTP
/// response.
impl<B> tower_service::Service<Request<B>> for ScimService
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn Error + Send + Sync>>,
{
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let service = self.clone();
        Box::pin(async move { Ok(service.serve(request).await.map(Full::new)) })
    }
}
