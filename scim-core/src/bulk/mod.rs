//! Bulk operations (RFC 7644 §3.7), without I/O: the caller reads the body and performs each
//! operation; this module parses, checks limits, orders, resolves and reports.
//!
//! 1. [`BulkRequest::parse`] reads the body, refusing it with 413 when it is over the
//!    [`BulkLimits`] (§3.7.4) and with 400 when it is malformed.
//! 2. [`BulkPlan::new`] orders the operations so that every POST runs before the operations
//!    that refer to its `bulkId` (§3.7.2), resolves cycles of references (§3.7.1, see
//!    [`CyclePolicy`]) and rejects references to bulkIds no POST defines.
//! 3. [`BulkRunner::run`] takes the plan's steps through the caller's [`BulkExecutor`],
//!    substituting ids for references as POSTs succeed, and returns the [`BulkResponse`]
//!    (§3.7.3), which serializes as the response body.
//!
//! ```
//! use scim_core::ScimError;
//! use scim_core::bulk::{
//!     BulkExecutor, BulkLimits, BulkMethod, BulkOutcome, BulkPlan, BulkRequest, BulkRunner,
//!     ResolvedOperation, async_trait,
//! };
//! # fn block_on<F: std::future::Future>(future: F) -> F::Output {
//! #     let mut future = std::pin::pin!(future);
//! #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
//! #     loop {
//! #         if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) { return out; }
//! #     }
//! # }
//!
//! /// Remembers what it was asked to create; ids are fixed for the example.
//! struct Store(Vec<ResolvedOperation>);
//!
//! #[async_trait]
//! impl BulkExecutor for Store {
//!     async fn execute(&mut self, op: ResolvedOperation) -> Result<BulkOutcome, ScimError> {
//!         let id = match op.endpoint() {
//!             "Users" => "92b725cd-9465-4e7d-8c16-01f8e146b87a",
//!             _ => "e9e30dba-f08f-4109-8486-d5c6a331660a",
//!         };
//!         self.0.push(op);
//!         Ok(BulkOutcome::created(id))
//!     }
//! }
//!
//! // RFC 7644 §3.7.2, with the Group sent before the User it refers to.
//! let body = br#"{
//!   "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
//!   "Operations": [
//!     {"method": "POST", "path": "/Groups", "bulkId": "ytrewq",
//!      "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
//!               "displayName": "Tour Guides", "members": [{"type": "User", "value": "bulkId:qwerty"}]}},
//!     {"method": "POST", "path": "/Users", "bulkId": "qwerty",
//!      "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "Alice"}}
//!   ]
//! }"#;
//! let request = BulkRequest::parse(body, &BulkLimits::default())?;
//! let plan = BulkPlan::new(request);
//! let mut runner = BulkRunner::new(Store(Vec::new())).with_base_url("https://example.com/v2");
//! let response = block_on(runner.run(&plan));
//!
//! let performed = &runner.executor().0;
//! assert_eq!(performed[0].endpoint(), "Users");
//! assert_eq!(
//!     performed[1].data.as_ref().unwrap()["members"][0]["value"],
//!     "92b725cd-9465-4e7d-8c16-01f8e146b87a"
//! );
//! assert_eq!(response.to_json()["Operations"][1], serde_json::json!({
//!     "location": "https://example.com/v2/Users/92b725cd-9465-4e7d-8c16-01f8e146b87a",
//!     "method": "POST",
//!     "bulkId": "qwerty",
//!     "status": "201"
//! }));
//! # Ok::<(), ScimError>(())
//! ```

mod defer;
mod executor;
mod graph;
mod limits;
mod method;
mod path;
mod plan;
mod reference;
mod request;
mod response;
mod run;

/// The attribute macro to implement [`BulkExecutor`] with, re-exported from `async-trait`.
pub use async_trait::async_trait;
pub use executor::{BulkExecutor, BulkOutcome, ResolvedOperation};
pub use limits::BulkLimits;
pub use method::BulkMethod;
pub use path::{BulkPath, PathTarget};
pub use plan::{BulkPlan, CyclePolicy, Step};
pub use reference::{BULK_ID_PREFIX, BulkIds, bulk_id_reference, references};
pub use request::{BulkOperation, BulkRequest};
pub use response::{BulkResponse, OperationResult};
pub use run::BulkRunner;

/// The URN of bulk request messages (RFC 7644 §3.7).
pub const BULK_REQUEST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

/// The URN of bulk response messages (RFC 7644 §3.7).
pub const BULK_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
