//! The `tower::Service` form of the service: the body is read only once the request is
//! authenticated and routed, and only up to the limit.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, StatusCode};
use http_body::{Body, Frame};
use http_body_util::{BodyExt, Full};
use scim_core::service::{BearerToken, ScimService, ServiceLimits, Tenant};
use scim_core::store::InMemoryStore;
use tower_service::Service;

/// A body that records whether anyone read it, and yields `chunks` chunks of `size` bytes.
struct Watched {
    polled: Arc<AtomicBool>,
    chunks: usize,
    size: usize,
}

impl Body for Watched {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.polled.store(true, Ordering::SeqCst);
        if self.chunks == 0 {
            return Poll::Ready(None);
        }
        self.chunks -= 1;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b' '; self.size])))))
    }
}

fn service(limits: ServiceLimits) -> ScimService {
    let tenant = Tenant::new("/scim/v2", Arc::new(InMemoryStore::new()))
        .with_authenticator(BearerToken::new("t"))
        .with_limits(limits);
    ScimService::builder().tenant(tenant).build().unwrap()
}

fn request(method: &str, path: &str, token: Option<&str>, body: Watched) -> Request<Watched> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    builder.body(body).unwrap()
}

fn watched(chunks: usize, size: usize) -> (Watched, Arc<AtomicBool>) {
    let polled = Arc::new(AtomicBool::new(false));
    (
        Watched {
            polled: polled.clone(),
            chunks,
            size,
        },
        polled,
    )
}

#[tokio::test]
async fn wrong_method_unknown_path_and_bad_token_answer_without_reading_the_body() {
    let mut service = service(ServiceLimits::default());
    for (method, path, token, status) in [
        (
            "DELETE",
            "/scim/v2/Users",
            Some("t"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        ("POST", "/scim/v2/Nothing", Some("t"), StatusCode::NOT_FOUND),
        (
            "POST",
            "/scim/v2/Users",
            Some("wrong"),
            StatusCode::UNAUTHORIZED,
        ),
        ("POST", "/elsewhere", Some("t"), StatusCode::NOT_FOUND),
    ] {
        let (body, polled) = watched(1, 10);
        let response = service
            .call(request(method, path, token, body))
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{method} {path}");
        assert!(
            !polled.load(Ordering::SeqCst),
            "{method} {path} read the body"
        );
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let error: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(error["status"], status.as_str());
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_while_it_is_read() {
    let limits = ServiceLimits {
        max_body_size: 1000,
        ..ServiceLimits::default()
    };
    let mut service = service(limits);
    // No Content-Length: the limit is found while reading, chunk by chunk.
    let (body, polled) = watched(100, 100);
    let response = service
        .call(request("POST", "/scim/v2/Users", Some("t"), body))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(polled.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_declared_content_length_over_the_limit_is_413_before_reading() {
    let limits = ServiceLimits {
        max_body_size: 1000,
        ..ServiceLimits::default()
    };
    let mut service = service(limits);
    let (body, polled) = watched(1, 10);
    let mut request = request("POST", "/scim/v2/Users", Some("t"), body);
    request
        .headers_mut()
        .insert("content-length", "5000".parse().unwrap());
    let response = service.call(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!polled.load(Ordering::SeqCst));
}

#[tokio::test]
async fn the_tower_form_serves_a_full_request() {
    let mut service = service(ServiceLimits::default());
    let request = Request::post("/scim/v2/Users")
        .header("authorization", "Bearer t")
        .header("content-type", "application/scim+json")
        .body(Full::new(Bytes::from_static(br#"{"userName":"bjensen"}"#)))
        .unwrap();
    let response = service.call(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["content-type"], "application/scim+json");
}
