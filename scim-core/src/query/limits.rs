//! Bounds on the query parameters a client may send, so a hostile query is refused before
//! it costs more than its length.

use scim_filter::Limits;

/// What a list query may ask for: the filter parser's [`Limits`], the page size, and the
/// size of every other parameter.
///
/// ```
/// use scim_core::query::{ListQuery, QueryLimits};
///
/// let limits = QueryLimits { max_count: 50, ..QueryLimits::DEFAULT };
/// let pairs = [("count".to_owned(), "500".to_owned())];
/// assert_eq!(ListQuery::from_query_pairs(&pairs, &limits)?.count, 50);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// Depth, term and length limits of the `filter`.
    pub filter: Limits,
    /// The largest page: a larger `count` is lowered to it (RFC 7644 §3.4.2.4: the service
    /// provider MUST NOT return more than `count`, and MAY return fewer). RFC 9865 §4 calls
    /// it `maxPageSize`.
    pub max_count: usize,
    /// The page size when the client gives no `count` (RFC 7644 §3.4.2.4: "the maximum
    /// number of results is set by the service provider"); RFC 9865 §4's `defaultPageSize`.
    /// Never more than `max_count`.
    pub default_count: usize,
    /// The most attribute paths in `attributes` or in `excludedAttributes`.
    pub max_attribute_paths: usize,
    /// The longest value, in bytes, of any parameter other than `filter` (whose length
    /// `filter.max_len` bounds).
    pub max_value_len: usize,
}

impl QueryLimits {
    /// Pages of 100 by default and 1,000 at most (Okta and Entra ID ask for 100 at a time),
    /// up to 256 attribute paths, 64 KiB per parameter, and the filter parser's defaults.
    ///
    /// ```
    /// use scim_core::query::QueryLimits;
    ///
    /// assert_eq!((QueryLimits::DEFAULT.default_count, QueryLimits::DEFAULT.max_count), (100, 1000));
    /// assert_eq!(QueryLimits::default(), QueryLimits::DEFAULT);
    /// ```
    pub const DEFAULT: QueryLimits = QueryLimits {
        filter: Limits::DEFAULT,
        max_count: 1000,
        default_count: 100,
        max_attribute_paths: 256,
        max_value_len: 64 * 1024,
    };

    /// The page size without a `count`: `default_count`, but never above `max_count`.
    pub(crate) fn default_page_size(&self) -> usize {
        self.default_count.min(self.max_count)
    }
}

impl Default for QueryLimits {
    fn default() -> Self {
        QueryLimits::DEFAULT
    }
}
