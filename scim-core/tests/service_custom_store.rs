//! A backend that implements only the basics of `ResourceStore` (no `patch`) works behind
//! the service, with the trait's default read-apply-write PATCH; and a backend fault is a
//! generic 500 that reveals nothing of it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use chrono::Utc;
use scim_core::ScimError;
use scim_core::query::{ListQuery, Page, select};
use scim_core::resource::{Meta, Resource, Version};
use scim_core::schema::ResourceView;
use scim_core::service::{ScimService, Tenant};
use scim_core::store::{ResourceStore, StoreError, Stored, async_trait};
use serde_json::{Value, json};

/// Resources in a map, versions counted per resource; no uniqueness, no groups.
#[derive(Default)]
struct MapStore {
    resources: Mutex<BTreeMap<String, Stored>>,
    next: Mutex<u64>,
    /// Every replace made, to check what the default PATCH writes.
    replaces: Mutex<usize>,
}

impl MapStore {
    fn meta(view: &ResourceView<'_>, version: u64, created: Option<&Meta>) -> Meta {
        let now = Utc::now();
        Meta {
            resource_type: view.resource_type().name.clone(),
            created: created.map_or(now, |m| m.created),
            last_modified: now,
            location: None,
            version: Some(Version::new(version.to_string())),
        }
    }
}

fn missing(id: &str) -> StoreError {
    ScimError::not_found(format!("Resource {id} not found")).into()
}

#[async_trait]
impl ResourceStore for MapStore {
    async fn create(
        &self,
        view: &ResourceView<'_>,
        resource: Resource,
    ) -> Result<Stored, StoreError> {
        let mut next = self.next.lock().unwrap();
        *next += 1;
        let id = format!("r{next}");
        let stored = Stored::new(id.clone(), MapStore::meta(view, 1, None), resource);
        self.resources.lock().unwrap().insert(id, stored.clone());
        Ok(stored)
    }

    async fn get(&self, _view: &ResourceView<'_>, id: &str) -> Result<Stored, StoreError> {
        self.resources
            .lock()
            .unwrap()
            .get(id)
            .cloned()
            .ok_or_else(|| missing(id))
    }

    async fn replace(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let mut resources = self.resources.lock().unwrap();
        let current = resources.get(id).ok_or_else(|| missing(id))?;
        if let Some(expected) = expected {
            current.check_version(expected)?;
        }
        let version: u64 = current
            .meta
            .version
            .as_ref()
            .unwrap()
            .opaque()
            .parse()
            .unwrap();
        let stored = Stored::new(
            id,
            MapStore::meta(view, version + 1, Some(&current.meta)),
            resource,
        );
        resources.insert(id.to_owned(), stored.clone());
        *self.replaces.lock().unwrap() += 1;
        Ok(stored)
    }

    async fn delete(
        &self,
        _view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        let mut resources = self.resources.lock().unwrap();
        let current = resources.get(id).ok_or_else(|| missing(id))?;
        if let Some(expected) = expected {
            current.check_version(expected)?;
        }
        resources.remove(id);
        Ok(())
    }

    async fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        let resources = self.resources.lock().unwrap();
        let full: Vec<(Resource, &Stored)> = resources
            .values()
            .filter(|s| s.meta.resource_type == view.resource_type().name)
            .map(|s| (s.to_resource(None), s))
            .collect();
        let page = select(view, full.iter().map(|(r, _)| r), query)?;
        let by_id = |r: &Resource| resources[r.id().unwrap()].clone();
        Ok(page.map(by_id))
    }
}

/// Every call fails as a database outage would.
struct DownStore;

fn outage() -> StoreError {
    StoreError::backend(
        "reading from postgres://admin:hunter2@db",
        std::io::Error::other("connection refused"),
    )
}

#[async_trait]
impl ResourceStore for DownStore {
    async fn create(&self, _: &ResourceView<'_>, _: Resource) -> Result<Stored, StoreError> {
        Err(outage())
    }
    async fn get(&self, _: &ResourceView<'_>, _: &str) -> Result<Stored, StoreError> {
        Err(outage())
    }
    async fn replace(
        &self,
        _: &ResourceView<'_>,
        _: &str,
        _: Resource,
        _: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        Err(outage())
    }
    async fn delete(
        &self,
        _: &ResourceView<'_>,
        _: &str,
        _: Option<&Version>,
    ) -> Result<(), StoreError> {
        Err(outage())
    }
    async fn list(&self, _: &ResourceView<'_>, _: &ListQuery) -> Result<Page<Stored>, StoreError> {
        Err(outage())
    }
}

async fn send(
    service: &ScimService,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/scim+json")
        .body(body.map_or_else(Bytes::new, |b| Bytes::from(b.to_string())))
        .unwrap();
    let response = service.handle(request).await;
    let status = response.status().as_u16();
    let body = if response.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(response.body()).unwrap()
    };
    (status, body)
}

#[tokio::test]
async fn a_store_without_patch_gets_the_default_read_apply_write() {
    let store = Arc::new(MapStore::default());
    let service = ScimService::builder()
        .tenant(Tenant::new("/scim", store.clone()))
        .build()
        .unwrap();
    let (status, user) = send(
        &service,
        "POST",
        "/scim/Users",
        Some(json!({"userName": "bjensen", "active": true})),
    )
    .await;
    assert_eq!(status, 201, "{user}");
    let path = format!("/scim/Users/{}", user["id"].as_str().unwrap());

    // Okta's deactivation, through the default PATCH.
    let deactivate = json!({"Operations": [{"op": "replace", "value": {"active": false}}]});
    let (status, patched) = send(&service, "PATCH", &path, Some(deactivate.clone())).await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["active"], false);
    assert_eq!(patched["meta"]["version"], "W/\"2\"");
    assert_eq!(*store.replaces.lock().unwrap(), 1);

    // The same PATCH again changes nothing, so nothing is written.
    let (status, again) = send(&service, "PATCH", &path, Some(deactivate)).await;
    assert_eq!(
        (status, again["meta"]["version"].clone()),
        (200, json!("W/\"2\""))
    );
    assert_eq!(*store.replaces.lock().unwrap(), 1);

    // Lists and filters go through `select`.
    let (_, list) = send(
        &service,
        "GET",
        "/scim/Users?filter=active%20eq%20false",
        None,
    )
    .await;
    assert_eq!(list["totalResults"], 1);
}

#[tokio::test]
async fn a_backend_fault_is_a_generic_500_that_reveals_nothing() {
    let service = ScimService::builder()
        .tenant(Tenant::new("/scim", Arc::new(DownStore)))
        .build()
        .unwrap();
    for (method, path, body) in [
        ("GET", "/scim/Users", None),
        ("GET", "/scim/Users/1", None),
        ("POST", "/scim/Users", Some(json!({"userName": "bjensen"}))),
        (
            "PATCH",
            "/scim/Users/1",
            Some(json!({"Operations": [{"op": "replace", "path": "active", "value": false}]})),
        ),
        ("DELETE", "/scim/Users/1", None),
    ] {
        let (status, error) = send(&service, method, path, body).await;
        assert_eq!(status, 500, "{method} {path}");
        assert_eq!(error["status"], "500");
        let text = error.to_string();
        assert!(
            !text.contains("hunter2") && !text.contains("postgres") && !text.contains("refused"),
            "{text}"
        );
    }
}
