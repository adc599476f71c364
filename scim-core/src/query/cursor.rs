//! The cursors [`super::list`] issues for cursor pagination (RFC 9865 §2): a position in the
//! filtered, sorted results, bound to the query that produced them so that a cursor sent
//! with another query is refused rather than silently misread.

use super::params::ListQuery;
use crate::error::ScimError;
use crate::schema::ResourceView;

/// What a cursor is checked against: the resource type and every parameter that decides
/// which results a page holds or how they look (RFC 9865 §2: the client repeats "all query
/// parameters and values" but the cursor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QueryFingerprint(u64);

impl QueryFingerprint {
    pub(crate) fn of(view: &ResourceView<'_>, query: &ListQuery) -> Self {
        let mut hash = Fnv1a::new();
        hash.field(view.resource_type().name.to_ascii_lowercase().as_bytes());
        match &query.filter {
            Some(filter) => hash.field(filter.to_string().as_bytes()),
            None => hash.field(b""),
        }
        match &query.sort_by {
            Some(path) => hash.field(path.as_str().to_ascii_lowercase().as_bytes()),
            None => hash.field(b""),
        }
        hash.field(query.sort_order.as_str().as_bytes());
        hash.field(query.count.to_string().as_bytes());
        for path in &query.attributes {
            hash.field(path.as_str().to_ascii_lowercase().as_bytes());
        }
        hash.field(b"excluded");
        for path in &query.excluded_attributes {
            hash.field(path.as_str().to_ascii_lowercase().as_bytes());
        }
        QueryFingerprint(hash.finish())
    }

    /// The cursor of the page that starts at `offset`: only unreserved characters
    /// (RFC 9865 §2, RFC 3986 §2.3).
    pub(crate) fn cursor(self, offset: usize) -> String {
        format!("{offset}.{:016x}", self.0)
    }

    /// The offset a cursor of this query stands for.
    pub(crate) fn offset(self, cursor: &str) -> Result<usize, ScimError> {
        let not_ours = || {
            ScimError::invalid_cursor(
                "the cursor was not issued for this query: send the `nextCursor` or \
                 `previousCursor` of a previous page with the same filter, sortBy, sortOrder, \
                 count and attributes (RFC 9865 §2), or an empty cursor for the first page",
            )
        };
        let (offset, fingerprint) = cursor.split_once('.').ok_or_else(not_ours)?;
        if offset.is_empty() || !offset.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_ours());
        }
        let offset: usize = offset.parse().map_err(|_| not_ours())?;
        if fingerprint != format!("{:016x}", self.0) {
            return Err(not_ours());
        }
        Ok(offset)
    }
}

/// FNV-1a, 64 bits: stable across builds and releases, unlike the standard library's
/// hasher, so a cursor outlives a restart of the same code.
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;

    fn new() -> Self {
        Fnv1a(Self::OFFSET_BASIS)
    }

    /// One field, then a separator byte that UTF-8 text never contains.
    fn field(&mut self, bytes: &[u8]) {
        for &byte in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScimType;
    use crate::query::{QueryLimits, decode_query_string};
    use crate::schema::SchemaRegistry;

    fn fingerprint(type_name: &str, raw: &str) -> QueryFingerprint {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view(type_name).unwrap();
        let pairs = decode_query_string(raw).unwrap();
        let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT).unwrap();
        QueryFingerprint::of(&view, &query)
    }

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        let mut hash = Fnv1a::new();
        for &byte in b"a" {
            hash.0 ^= u64::from(byte);
            hash.0 = hash.0.wrapping_mul(Fnv1a::PRIME);
        }
        assert_eq!(hash.finish(), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn rfc9865_s2_cursor_round_trips_and_uses_unreserved_characters() {
        let fp = fingerprint("User", "filter=userName+sw+%22J%22&cursor&count=10");
        let cursor = fp.cursor(20);
        assert!(
            cursor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        );
        assert_eq!(fp.offset(&cursor).unwrap(), 20);
    }

    #[test]
    fn rfc9865_s2_cursor_is_bound_to_the_query() {
        let fp = fingerprint("User", "filter=userName+sw+%22J%22&cursor&count=10");
        let cursor = fp.cursor(10);
        // The same query with the parameters in another case and order: the same cursor.
        let same = fingerprint("User", "COUNT=10&cursor=x&FILTER=userName%20sw%20%22J%22");
        assert_eq!(same.offset(&cursor).unwrap(), 10);
        for other in [
            fingerprint("User", "filter=userName+sw+%22K%22&cursor&count=10"),
            fingerprint("User", "filter=userName+sw+%22J%22&cursor&count=11"),
            fingerprint(
                "User",
                "filter=userName+sw+%22J%22&cursor&count=10&sortBy=userName",
            ),
            fingerprint(
                "User",
                "filter=userName+sw+%22J%22&cursor&count=10&attributes=userName",
            ),
            fingerprint("Group", "filter=userName+sw+%22J%22&cursor&count=10"),
        ] {
            let err = other.offset(&cursor).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidCursor));
        }
    }

    #[test]
    fn malformed_cursors_are_invalid_cursor() {
        let fp = fingerprint("User", "cursor");
        let good = fp.cursor(5);
        let (_, tail) = good.split_once('.').unwrap();
        for bad in [
            "VZUTiyhEQJ94IR".to_owned(),
            format!(".{tail}"),
            format!("-5.{tail}"),
            format!("+5.{tail}"),
            format!("99999999999999999999999999.{tail}"),
            "5.".to_owned(),
        ] {
            let err = fp.offset(&bad).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidCursor), "{bad}");
        }
    }
}
