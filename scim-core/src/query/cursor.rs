//! The cursors of cursor pagination (RFC 9865 §2), bound to the query that produced them
//! so that a cursor sent with another query is refused rather than silently misread:
//! [`super::list`]'s own (an offset in the filtered, sorted results) and a store's
//! ([`QueryFingerprint::seal`]: any position the store's backend understands, such as a
//! database key or a remote API's page token).

use super::params::ListQuery;
use crate::error::ScimError;
use crate::schema::ResourceView;

/// What a cursor is checked against: the resource type and every parameter that decides
/// which results a page holds or how they look (RFC 9865 §2: the client repeats "all query
/// parameters and values" but the cursor).
///
/// A store that pages through its backend's own positions (a remote API's page tokens, a
/// key to resume after) hands them to the client with [`seal`](Self::seal) and reads them
/// back with [`open`](Self::open): the cursor is made of unreserved characters only, and a
/// cursor of another query, of another resource type or of [`super::select`]'s offsets is
/// `invalidCursor`, never a position misread.
///
/// ```
/// use scim_core::query::{ListQuery, QueryFingerprint, QueryLimits, decode_query_string};
/// use scim_core::schema::SchemaRegistry;
///
/// let registry = SchemaRegistry::rfc7643();
/// let users = registry.view("User").unwrap();
/// let query = |raw: &str| ListQuery::from_query_pairs(&decode_query_string(raw)?, &QueryLimits::DEFAULT);
///
/// let first = query("filter=active+eq+true&cursor&count=2")?;
/// let cursor = QueryFingerprint::of(&users, &first).seal(b"page token: a+b/c==");
/// assert!(cursor.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)));
///
/// // The next request repeats the query with the cursor (RFC 9865 §2).
/// let next = query(&format!("filter=active+eq+true&cursor={cursor}&count=2"))?;
/// assert_eq!(QueryFingerprint::of(&users, &next).open(&cursor)?, b"page token: a+b/c==");
///
/// // The same cursor with another filter is refused.
/// let other = query(&format!("filter=active+eq+false&cursor={cursor}&count=2"))?;
/// let err = QueryFingerprint::of(&users, &other).open(&cursor).unwrap_err();
/// assert_eq!(err.scim_type(), Some(scim_core::ScimType::InvalidCursor));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryFingerprint(u64);

/// What separates the fingerprint from the hex of a sealed position: never in
/// [`QueryFingerprint::cursor`]'s offsets, which use `.`.
const SEALED: char = '~';

impl QueryFingerprint {
    /// The fingerprint of `query` over `view`'s resource type: every parameter but the
    /// pagination itself (`startIndex` or `cursor`).
    pub fn of(view: &ResourceView<'_>, query: &ListQuery) -> Self {
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

    /// A cursor for this query holding a store's own `position` (RFC 9865 §2): only
    /// unreserved characters, whatever the bytes of `position`.
    pub fn seal(self, position: &[u8]) -> String {
        let mut cursor = format!("{:016x}{SEALED}", self.0);
        for byte in position {
            cursor.push_str(&format!("{byte:02x}"));
        }
        cursor
    }

    /// The position a cursor [`seal`](Self::seal)ed for this query holds; any other cursor
    /// is `invalidCursor`.
    pub fn open(self, cursor: &str) -> Result<Vec<u8>, ScimError> {
        let (fingerprint, hex) = cursor.split_once(SEALED).ok_or_else(not_this_query)?;
        if fingerprint != format!("{:016x}", self.0) || hex.len() % 2 != 0 {
            return Err(not_this_query());
        }
        hex.as_bytes()
            .chunks(2)
            .map(|pair| {
                std::str::from_utf8(pair)
                    .ok()
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or_else(not_this_query)
            })
            .collect()
    }

    /// The offset a cursor of this query stands for.
    pub(crate) fn offset(self, cursor: &str) -> Result<usize, ScimError> {
        let (offset, fingerprint) = cursor.split_once('.').ok_or_else(not_this_query)?;
        if offset.is_empty() || !offset.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_this_query());
        }
        let offset: usize = offset.parse().map_err(|_| not_this_query())?;
        if fingerprint != format!("{:016x}", self.0) {
            return Err(not_this_query());
        }
        Ok(offset)
    }
}

/// The error for a cursor not issued for the query it came with.
fn not_this_query() -> ScimError {
    ScimError::invalid_cursor(
        "the cursor was not issued for this query: send the `nextCursor` or \
         `previousCursor` of a previous page with the same filter, sortBy, sortOrder, count \
         and attributes (RFC 9865 §2), or an empty cursor for the first page",
    )
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
    fn rfc9865_s2_sealed_positions_round_trip_and_are_bound_to_the_query() {
        let fp = fingerprint("User", "cursor&count=10");
        for position in [
            &b""[..],
            b"eyJsYXN0X2lkIjo2MTU3fQ==",
            &[0, 0xff, b'~', b'.'],
        ] {
            let cursor = fp.seal(position);
            assert!(
                cursor
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
            );
            assert_eq!(fp.open(&cursor).unwrap(), position);
        }
        let sealed = fp.seal(b"x");
        let other = fingerprint("Group", "cursor&count=10");
        assert_eq!(
            other.open(&sealed).unwrap_err().scim_type(),
            Some(ScimType::InvalidCursor)
        );
        // Offsets and sealed positions are never taken for one another.
        assert!(fp.offset(&sealed).is_err());
        assert!(fp.open(&fp.cursor(10)).is_err());
        let (head, _) = sealed.split_once('~').unwrap();
        for bad in [
            format!("{head}~7"),
            format!("{head}~zz"),
            format!("{head}x~78"),
        ] {
            let err = fp.open(&bad).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidCursor), "{bad}");
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
