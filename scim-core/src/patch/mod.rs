//! PATCH (RFC 7644 §3.5.2): parse a request body once ([`PatchRequest`]), then [`apply`] it
//! to a resource, all operations or none.
//!
//! ```
//! use scim_core::patch::{PatchRequest, apply};
//! use scim_core::resource::Resource;
//! use scim_core::schema::SchemaRegistry;
//! use serde_json::json;
//!
//! let registry = SchemaRegistry::rfc7643();
//! let view = registry.view("User").unwrap();
//! let user = Resource::from_json(json!({"userName": "bjensen", "active": true}))?;
//! // Okta deactivates a user with a path-less replace.
//! let request = PatchRequest::from_json(json!({
//!     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
//!     "Operations": [{"op": "replace", "value": {"active": false}}],
//! }))?;
//! let patched = apply(&view, &request, user)?;
//! assert_eq!(patched.resource.get("active"), Some(&json!(false)));
//! assert!(patched.changed);
//! # Ok::<(), scim_core::ScimError>(())
//! ```
//!
//! # Semantics
//!
//! From the RFC:
//! - Paths (§3.5.2): an attribute, a sub-attribute, either qualified by a schema URN (the core
//!   schema's URN means the top level; an extension's URN means the extension's object, RFC
//!   7643 §3.3), a value path with a filter (`emails[type eq "work"]`), and a value path with
//!   a sub-attribute (`emails[type eq "work"].value`). Names match without case (RFC 7643
//!   §2.1); new keys take the schema's spelling.
//! - `add` (§3.5.2.1): a single-valued attribute takes the new value; a complex one takes
//!   the given sub-attributes and keeps the others; a multi-valued one gains the new values.
//!   Without a path, the value's keys are the attributes.
//! - `remove` (§3.5.2.2): needs a path (else `noTarget`); removes the attribute, the
//!   sub-attribute, or the values a filter selects; an attribute left without values is
//!   unassigned; removing something absent is a no-op.
//! - `replace` (§3.5.2.3): replaces the value, all values of a multi-valued attribute, or the
//!   selected values (or one sub-attribute of each); a complex attribute's sub-attributes not
//!   given are left unchanged; a path naming an absent attribute is an `add`.
//! - Mutability (§3.5.2): readOnly attributes cannot change; an immutable one can be added
//!   when it has no value, never changed or removed after. Removing a required attribute (or
//!   a required extension) is a `mutability` error (§3.5.2.2).
//! - `primary` (RFC 7643 §2.4, RFC 7644 §3.5.2): setting it true on one value sets it false
//!   on the others; two values made primary at once is `invalidValue`.
//! - Atomicity (§3.5.2): an error anywhere changes nothing.
//! - Values are checked and normalised with the rules of create: `"False"` becomes `false`,
//!   a single object for a multi-valued attribute becomes an array, a bare id for `manager`
//!   becomes `{"value": id}`, canonical values take the schema's spelling
//!   (see [`crate::resource::validate`]).
//!
//! Where the RFC is silent, or identity providers disagree, this module's choices:
//! - **Filtered `add`/`replace` matching nothing.** Microsoft Entra ID sends
//!   `{"op":"replace","path":"emails[type eq \"work\"].value","value":"x"}` to users without a
//!   work email and expects `{"type":"work","value":"x"}` to appear (RFC 7644 erratum 8097
//!   asks about it). When the filter is an `eq` comparison, or `eq` comparisons joined by
//!   `and`, a new value is made from them plus the operation's value; any other filter
//!   (`ne`, `co`, `or`, `pr`, `eq null`, ...) cannot say what to create, and the operation is
//!   `noTarget`, as §3.5.2.3 says. Values of simple multi-valued attributes are never made
//!   from a filter.
//! - **Duplicates.** An added value that is already there is not added twice: for complex
//!   attributes with a `value` sub-attribute, the same `value` (and the same `type` when both
//!   have one) is the same value, and what the added value says beyond the stored one is
//!   merged into it; otherwise a value is already there when a stored one holds all of it.
//!   Strings compare without case unless `caseExact` (RFC 7643 §2.2).
//! - **`remove` with a `value`.** Entra ID removes group members with
//!   `{"op":"Remove","path":"members","value":[{"value":"id1"}]}`: only the stored values that
//!   hold what a given value says are removed, never all members. A `value` on a `remove` of
//!   a sub-attribute, a filtered path or an extension is `invalidValue`.
//! - **No-path values.** Each key is a path: `"name.givenName"`, a URN-qualified attribute,
//!   an extension's URN with an object (Entra ID and Okta send all three). A key whose value
//!   is `null` unassigns the attribute on `replace` and adds nothing on `add` (RFC 7643
//!   §2.5). `schemas` is accepted as a key when it lists only the type's schemas; as a path
//!   it is a `mutability` error, since the service keeps `schemas` in step with the
//!   extensions present.
//! - **A `value` of `null`** on an operation with a path counts as no value: `invalidValue`
//!   for `add` and `replace` (use `remove`).
//! - **readOnly attributes** may be named with the value they already have (Okta renames a
//!   group with `{"op":"replace","value":{"id":"…","displayName":"…"}}`); any other value is
//!   `mutability`. Unlike PUT (RFC 7644 §3.5.1), PATCH never ignores a readOnly attribute
//!   silently. readOnly sub-attributes inside a complex value are dropped, as on create.
//! - **A sub-attribute of a multi-valued attribute without a filter** (`emails.type`) means
//!   that sub-attribute of every value; `add` and `replace` with no values are `noTarget`.
//! - **Unknown attributes.** A path naming an attribute, a sub-attribute or a schema the
//!   resource type does not have is `invalidPath`, as is a filter comparing a sub-attribute
//!   the attribute does not have: PATCH writes only what the schemas describe.
//! - **An empty `Operations` list** is accepted and changes nothing (§3.5.2 asks for "one or
//!   more"); more than [`MAX_OPERATIONS`] operations is a `413`.

mod apply;
mod container;
mod elements;
mod request;
mod selection;
mod target;
mod value_index;
mod values;

pub use apply::{Patched, apply};
pub use request::{MAX_OPERATIONS, Op, PATCH_OP_SCHEMA, PatchOperation, PatchRequest};
