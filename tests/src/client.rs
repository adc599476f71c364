//! An in-process SCIM client: requests go straight into a [`ScimService`], so the
//! conformance tests drive the whole protocol stack without a socket.

use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method, Request};
use scim_core::service::{BearerToken, ScimService, Tenant};
use scim_core::store::{InMemoryStore, ResourceStore};
use serde_json::Value;

/// The base path of the test tenant.
pub const BASE_PATH: &str = "/scim/v2";
/// The absolute base URL of the test tenant, as `Location` headers carry it.
pub const BASE_URL: &str = "https://scim.example.com/scim/v2";
/// The bearer token the test tenant accepts.
pub const TOKEN: &str = "conformance-token";

/// A client of one service, authenticated with [`TOKEN`] unless told otherwise.
#[derive(Clone, Debug)]
pub struct Client {
    service: ScimService,
    token: Option<String>,
}

/// What the service answered.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as JSON; `Null` when empty.
    pub body: Value,
}

impl Answer {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `scimType` of an error body.
    pub fn scim_type(&self) -> Option<&str> {
        self.body.get("scimType").and_then(Value::as_str)
    }

    /// The `id` of a resource body.
    pub fn id(&self) -> String {
        self.body["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no id in {}", self.body))
            .to_owned()
    }
}

impl Client {
    /// A client of a new service with one tenant at [`BASE_PATH`] over a new in-memory
    /// store, requiring [`TOKEN`].
    pub fn in_memory() -> Self {
        Client::over(Arc::new(InMemoryStore::new()))
    }

    /// A client of a new service with one tenant at [`BASE_PATH`] over `store`, requiring
    /// [`TOKEN`] and answering with [`BASE_URL`].
    pub fn over(store: Arc<dyn ResourceStore>) -> Self {
        let tenant = Tenant::new(BASE_PATH, store)
            .with_authenticator(BearerToken::new(TOKEN))
            .with_base_url(BASE_URL);
        Client::of(
            ScimService::builder()
                .tenant(tenant)
                .build()
                .expect("one tenant"),
        )
    }

    /// A client of `service`, sending [`TOKEN`].
    pub fn of(service: ScimService) -> Self {
        Client {
            service,
            token: Some(TOKEN.to_owned()),
        }
    }

    /// The same service with another token (`None`: no `Authorization` header).
    pub fn with_token(&self, token: Option<&str>) -> Self {
        Client {
            service: self.service.clone(),
            token: token.map(str::to_owned),
        }
    }

    /// Sends a request; `path` is absolute (`/scim/v2/Users?...`) or relative to
    /// [`BASE_PATH`] (`Users?...`); a JSON body goes as `application/scim+json`.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let bytes = body.map_or_else(Bytes::new, |b| Bytes::from(b.to_string()));
        self.send_raw(method, path, bytes, headers).await
    }

    /// Sends a request with a raw body (which gets `application/scim+json` unless
    /// `headers` name a `content-type`).
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        body: Bytes,
        headers: &[(&str, &str)],
    ) -> Answer {
        let uri = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("{BASE_PATH}/{path}")
        };
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = &self.token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let has_type = headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
        if !body.is_empty() && !has_type {
            request = request.header("content-type", "application/scim+json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .service
            .handle(request.body(body).expect("a valid request"))
            .await;
        let status = response.status().as_u16();
        let (parts, body) = response.into_parts();
        let body = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&body).unwrap_or_else(|err| {
                panic!("the body of a {status} is not JSON ({err}): {body:?}")
            })
        };
        Answer {
            status,
            headers: parts.headers,
            body,
        }
    }

    /// `GET`.
    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None, &[]).await
    }

    /// `POST` with a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send(Method::POST, path, Some(body), &[]).await
    }

    /// `PUT` with a JSON body.
    pub async fn put(&self, path: &str, body: &Value) -> Answer {
        self.send(Method::PUT, path, Some(body), &[]).await
    }

    /// `PATCH` with a JSON body.
    pub async fn patch(&self, path: &str, body: &Value) -> Answer {
        self.send(Method::PATCH, path, Some(body), &[]).await
    }

    /// `DELETE`.
    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None, &[]).await
    }
}

/// A user as Okta's SCIM 2.0 client creates it (Okta's "SCIM 2.0 protocol reference"):
/// primary work email equal to `userName`, a password, and the read-only `groups` Okta sends.
pub fn okta_user(user_name: &str, given: &str) -> Value {
    serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": {"givenName": given, "familyName": "User"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "displayName": format!("{given} User"),
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": true
    })
}

/// A user as Microsoft Entra ID's provisioning service creates it (its SCIM validator's
/// request): the enterprise extension with a department and an employee number, a primary
/// work email equal to `userName`, and `externalId` the Entra object's mail nickname.
pub fn entra_user(user_name: &str, external_id: &str) -> Value {
    serde_json::json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "externalId": external_id,
        "userName": user_name,
        "active": true,
        "emails": [{"primary": true, "type": "work", "value": user_name}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
        "roles": [],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "department": "Sales",
            "employeeNumber": "701984"
        }
    })
}
