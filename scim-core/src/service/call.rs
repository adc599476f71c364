//! What every operation of one request needs: the tenant, its address as clients see it,
//! the query parameters and the preconditions.

use scim_filter::AttrPath;

use super::tenant::Tenant;
use crate::error::ScimError;
use crate::query::ListQuery;
use crate::resource::Version;
use crate::schema::ResourceView;
use crate::store::{StoreError, Stored};

/// One request (or one operation of a bulk request) on a tenant.
pub(super) struct Call<'a> {
    pub(super) tenant: &'a Tenant,
    /// The absolute URL of the tenant's base path, without a trailing `/`.
    pub(super) base_url: String,
    /// The decoded query parameters.
    pub(super) query_pairs: Vec<(String, String)>,
    /// `If-Match` (RFC 7644 §3.14; RFC 9110 §13.1.1).
    pub(super) if_match: Option<String>,
    /// `If-None-Match` (RFC 9110 §13.1.2).
    pub(super) if_none_match: Option<String>,
    /// `Prefer: return=minimal` (RFC 7240 §4.2): answer writes without a body.
    pub(super) minimal: bool,
}

impl Call<'_> {
    /// The view of the resource type `name`, which routing found in the registry.
    pub(super) fn view(&self, name: &str) -> Result<ResourceView<'_>, ScimError> {
        self.tenant
            .registry
            .view(name)
            .ok_or_else(|| ScimError::not_found(format!("no resource type {name}")))
    }

    /// The URI of resource `id` of `view`'s type (RFC 7644 §3.1 `Location`).
    pub(super) fn location(&self, view: &ResourceView<'_>, id: &str) -> String {
        let endpoint = &view.resource_type().endpoint;
        let slash = if endpoint.starts_with('/') { "" } else { "/" };
        format!("{}{slash}{endpoint}/{}", self.base_url, encode_segment(id))
    }

    /// The query of a list: its parameters, checked against the tenant's limits.
    pub(super) fn list_query(&self) -> Result<ListQuery, ScimError> {
        ListQuery::from_query_pairs(&self.query_pairs, &self.tenant.limits.query)
    }

    /// `attributes` and `excludedAttributes` for a single resource's answer (RFC 7644
    /// §3.9: they apply to GET, POST, PUT and PATCH alike). Other list parameters are
    /// ignored here, as unknown parameters are.
    pub(super) fn projection(
        &self,
    ) -> Result<(Vec<AttrPath<'static>>, Vec<AttrPath<'static>>), ScimError> {
        let pairs: Vec<(String, String)> = self
            .query_pairs
            .iter()
            .filter(|(name, _)| {
                name.eq_ignore_ascii_case("attributes")
                    || name.eq_ignore_ascii_case("excludedAttributes")
            })
            .cloned()
            .collect();
        if pairs.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let query = ListQuery::from_query_pairs(&pairs, &self.tenant.limits.query)?;
        Ok((query.attributes, query.excluded_attributes))
    }

    /// 412 unless `If-Match` (when given) names the stored version (RFC 7644 §3.14).
    pub(super) fn check_if_match(&self, stored: &Stored) -> Result<(), ScimError> {
        match (&self.if_match, &stored.meta.version) {
            (None, _) => Ok(()),
            (Some(header), Some(version)) if version.matches_header(header) => Ok(()),
            (Some(header), None) if header.trim() == "*" => Ok(()),
            (Some(_), _) => Err(ScimError::precondition_failed(format!(
                "If-Match does not name the current version of {}",
                stored.id()
            ))),
        }
    }

    /// Whether `If-None-Match` names the stored version: a GET answers 304 then.
    pub(super) fn not_modified(&self, version: Option<&Version>) -> bool {
        match (&self.if_none_match, version) {
            (Some(header), Some(version)) => version.matches_header(header),
            _ => false,
        }
    }

    /// The client's answer for a store failure; a backend fault is logged here with its
    /// context, never shown.
    pub(super) fn store_error(&self, operation: &str, err: StoreError) -> ScimError {
        if let StoreError::Backend { .. } = &err {
            tracing::error!(
                tenant = %self.tenant.base_path,
                operation,
                error = %err,
                "the store failed; answering 500"
            );
        }
        err.to_scim()
    }
}

/// `id` as one path segment: unreserved characters (RFC 3986 §2.3) and sub-delimiters other
/// than `/` as they are, the rest percent-encoded.
fn encode_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' | b':' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_segment;

    #[test]
    fn ids_are_one_path_segment() {
        assert_eq!(encode_segment("2819c223-7f76"), "2819c223-7f76");
        assert_eq!(encode_segment("a/b c"), "a%2Fb%20c");
    }
}
