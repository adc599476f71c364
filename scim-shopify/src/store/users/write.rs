//! The Users' write path (see [Replace and PATCH](super#replace-and-patch)): the
//! read-modify-write every PUT and most PATCHes are ([`Users::update`]: one read, one
//! write), and the PATCH of `active` alone, written without a read.

use scim_core::ScimError;
use scim_core::patch::{Op, PatchRequest, apply};
use scim_core::resource::{Resource, Version};
use scim_core::schema::ResourceView;
use scim_core::store::{Change, StoreError, Stored};
use scim_filter::{PatchPath, USER_SCHEMA};
use serde_json::Value;

use super::Users;
use super::send::is_stale;
use crate::mapping::customer_gid;
use crate::store::shop::not_found;

/// How many times a write of a User reads and commits again when another process wrote
/// between its read and its commit, before 409.
pub(crate) const UPDATE_ATTEMPTS: usize = 5;

impl Users<'_> {
    /// The read-modify-write of a User
    /// ([`ResourceStore::update`](scim_core::store::ResourceStore::update)): one
    /// `customer(id:)`, 412 when it is not at `expected`, then what `change` makes of the
    /// User, committed on condition that nothing was written since the read, and projected
    /// (nothing when it changes nothing): 3 calls.
    ///
    /// Writes of one User wait for each other in this process, so they do not race each
    /// other's commit; a commit refused because another process wrote first starts again
    /// from a new read when the client named no version ([`UPDATE_ATTEMPTS`] at most, then
    /// 409), else answers 412.
    pub(crate) async fn update(
        &self,
        id: &str,
        expected: Option<&Version>,
        change: &Change<'_>,
    ) -> Result<Stored, StoreError> {
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        let _turn = self.state.turn(&gid).await;
        for _ in 0..UPDATE_ATTEMPTS {
            let (gid, current) = match self.current(id, expected).await {
                Ok(found) => found,
                // Another write made the projection this read found pending first.
                Err(err) if is_stale(&err) && expected.is_none() => continue,
                Err(err) => return Err(err),
            };
            let stored = self.to_stored(&current).await?;
            let Some(resource) = change(&stored)? else {
                return Ok(stored);
            };
            match self.write(&gid, current, &resource).await {
                Ok(written) => return self.to_stored(&written).await,
                Err(err) if is_stale(&err) && expected.is_none() => continue,
                Err(err) => return Err(err),
            }
        }
        Err(ScimError::conflict(format!(
            "the resource {id} kept changing while it was being written; send the request again"
        ))
        .into())
    }

    /// PUT /Users/{id} with the whole resource given (RFC 7644 §3.5.1): one read (412 when
    /// it is not at `expected`) and one `CustomerWrite`.
    pub(crate) async fn replace(
        &self,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
        let _turn = self.state.turn(&gid).await;
        let (gid, current) = self.current(id, expected).await?;
        let written = self.write(&gid, current, &resource).await?;
        self.to_stored(&written).await
    }

    /// PATCH /Users/{id} (RFC 7644 §3.5.2): a PATCH that only sets `active` without
    /// `If-Match` is one `CustomerWrite` and no read; any other reads the customer once and
    /// writes once (see [Replace and PATCH](super#replace-and-patch)).
    pub(crate) async fn patch(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        if expected.is_none()
            && let Some(active) = only_active(request)
        {
            let gid = customer_gid(id).ok_or_else(|| not_found(id))?;
            let _turn = self.state.turn(&gid).await;
            let written = self.set_active(&gid, active).await?;
            if self.shop.is_deleted(&written) {
                // A deleted User is 404 (RFC 7644 §3.6); reactivating removed the
                // deactivation the deletion made, which one more write puts back.
                // Written as the DELETE wrote it (its token too), so that a create can still
                // take the customer over.
                if active && let Err(err) = self.set_state(&gid, false, true).await {
                    tracing::warn!(
                        customer = %gid,
                        error = %err,
                        "putting back the deactivation of a deleted customer failed"
                    );
                }
                return Err(not_found(id).into());
            }
            return self.to_stored(&written).await;
        }
        let apply_patch = |current: &Stored| {
            let patched = apply(view, request, current.to_resource(None))?;
            if !patched.changed {
                return Ok(None);
            }
            refuse_removing_active(&current.resource, &patched.resource)?;
            Ok(Some(patched.resource))
        };
        self.update(id, expected, &apply_patch).await
    }
}

/// A PATCH that removes `active` is refused with 400 `mutability` rather than answered as
/// a silent no-op: the store keeps every User active or inactive (the inactive tag and
/// metafield), so it cannot hold a User without `active`, and reading the removal as
/// `active: true` would let a `remove` grant access. The client replaces `active` instead
/// (RFC 7644 §3.5.2.2 lets a service provider refuse a removal it cannot perform).
fn refuse_removing_active(before: &Resource, after: &Resource) -> Result<(), ScimError> {
    if before.get("active").is_some() && after.get("active").is_none() {
        return Err(ScimError::mutability(
            "this store keeps every User active or inactive: replace active with true or \
             false instead of removing it",
        ));
    }
    Ok(())
}

/// `Some(active)` when every operation of a PATCH only sets `active`: Okta's
/// `{"op": "replace", "value": {"active": false}}`, Entra ID's
/// `{"op": "Replace", "path": "active", "value": "False"}` (RFC 7644 §3.5.2.1 and §3.5.2.3;
/// `add` of a single-valued attribute replaces it). `op` in any case, the value a boolean
/// or `"True"`/`"False"` in any case; the last operation wins.
fn only_active(request: &PatchRequest) -> Option<bool> {
    let mut active = None;
    for operation in request.operations() {
        if !matches!(operation.op(), Op::Add | Op::Replace) {
            return None;
        }
        let value = operation.value()?;
        let value = match operation.path() {
            Some(PatchPath::Attribute(path))
                if is_active(path.uri(), path.name(), path.sub_attr()) =>
            {
                value
            }
            Some(_) => return None,
            None => {
                let Value::Object(members) = value else {
                    return None;
                };
                let mut members = members.iter();
                let (key, value) = members.next()?;
                if members.next().is_some() {
                    return None;
                }
                let path = scim_filter::AttrPath::parse(key).ok()?;
                if !is_active(path.uri(), path.name(), path.sub_attr()) {
                    return None;
                }
                value
            }
        };
        active = Some(match value {
            Value::Bool(b) => *b,
            Value::String(s) if s.eq_ignore_ascii_case("true") => true,
            Value::String(s) if s.eq_ignore_ascii_case("false") => false,
            _ => return None,
        });
    }
    active
}

/// `active`, bare or qualified with the core User schema URN (RFC 7644 §3.10).
fn is_active(uri: Option<&str>, name: &str, sub_attr: Option<&str>) -> bool {
    uri.is_none_or(|uri| uri.eq_ignore_ascii_case(USER_SCHEMA))
        && name.eq_ignore_ascii_case("active")
        && sub_attr.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(operations: Value) -> PatchRequest {
        PatchRequest::from_json(json!({"Operations": operations})).expect("a PATCH body")
    }

    #[test]
    fn okta_and_entra_active_patches_are_recognised() {
        // Okta: a path-less replace with a boolean.
        let okta = request(json!([{"op": "replace", "value": {"active": false}}]));
        assert_eq!(only_active(&okta), Some(false));
        // Entra ID: `Replace`, a path, a string boolean.
        let entra = request(json!([{"op": "Replace", "path": "active", "value": "True"}]));
        assert_eq!(only_active(&entra), Some(true));
        // RFC 7644 §3.10: the attribute qualified with its schema URN; `add` replaces a
        // single-valued attribute (§3.5.2.1); the last operation wins.
        let qualified = request(json!([
            {"op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:User:active", "value": true},
            {"op": "replace", "value": {"ACTIVE": "false"}},
        ]));
        assert_eq!(only_active(&qualified), Some(false));
    }

    #[test]
    fn anything_more_than_active_takes_the_read_path() {
        for operations in [
            json!([]),
            json!([{"op": "replace", "value": {"active": false, "title": "x"}}]),
            json!([{"op": "replace", "path": "active", "value": false},
                   {"op": "replace", "path": "title", "value": "x"}]),
            json!([{"op": "remove", "path": "active"}]),
            json!([{"op": "replace", "path": "active", "value": "maybe"}]),
            json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "a@b.c"}]),
            json!([{"op": "replace",
                    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:active",
                    "value": false}]),
        ] {
            assert_eq!(
                only_active(&request(operations.clone())),
                None,
                "{operations}"
            );
        }
    }
}
