//! The query parameters of a list request (RFC 7644 §3.4.2, RFC 9865 §2), parsed from the
//! decoded `(name, value)` pairs of a URL query.

use scim_filter::{AttrPath, Filter, parse_filter_with};

use super::limits::QueryLimits;
use super::sort::SortOrder;
use crate::error::ScimError;

/// Which pagination the client asked for (RFC 7644 §3.4.2.4, RFC 9865 §2).
///
/// ```
/// use scim_core::query::{ListQuery, Pagination, QueryLimits};
///
/// let pairs = [("cursor".to_owned(), String::new()), ("count".to_owned(), "10".to_owned())];
/// let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
/// assert_eq!(query.pagination, Pagination::Cursor { cursor: None }); // the first page
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Pagination {
    /// Neither `startIndex` nor `cursor`: the service provider chooses (RFC 9865 §2.3).
    /// [`crate::query::list`] answers with index pagination from the first result, as every
    /// existing client expects.
    #[default]
    Unspecified,
    /// `startIndex`: index pagination, 1-based (RFC 7644 §3.4.2.4). Values below 1 were
    /// raised to 1.
    Index {
        /// The 1-based index of the first result wanted.
        start_index: usize,
    },
    /// `cursor`: cursor pagination (RFC 9865 §2).
    Cursor {
        /// The opaque cursor of the page wanted; `None` (an empty `cursor`) for the first.
        cursor: Option<String>,
    },
}

/// The parameters of a list or search request (RFC 7644 §3.4.2; `/.search` bodies,
/// §3.4.3, arrive through [`ListQuery::from_search_request`]), checked and bounded by
/// [`QueryLimits`].
///
/// ```
/// use scim_core::query::{ListQuery, Pagination, QueryLimits, SortOrder, decode_query_string};
///
/// let pairs = decode_query_string(
///     "filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&count=100\
///      &sortBy=meta.lastModified&SORTORDER=Descending&attributes=userName,name.givenName",
/// )?;
/// let query = ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)?;
/// assert_eq!(query.filter.unwrap().to_string(), r#"userName eq "bjensen@example.com""#);
/// assert_eq!(query.pagination, Pagination::Index { start_index: 1 });
/// assert_eq!(query.count, 100);
/// assert_eq!(query.sort_by.unwrap().as_str(), "meta.lastModified");
/// assert_eq!(query.sort_order, SortOrder::Descending);
/// assert_eq!(query.attributes.len(), 2);
/// # Ok::<(), scim_core::ScimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    /// `filter` (RFC 7644 §3.4.2.2), if any.
    pub filter: Option<Filter<'static>>,
    /// `sortBy` (§3.4.2.3), if any.
    pub sort_by: Option<AttrPath<'static>>,
    /// `sortOrder` (§3.4.2.3): ascending unless the client said otherwise.
    pub sort_order: SortOrder,
    /// `startIndex` or `cursor`, or neither.
    pub pagination: Pagination,
    /// The page size: the client's `count` (a negative one taken as 0, §3.4.2.4) lowered to
    /// [`QueryLimits::max_count`], or [`QueryLimits::default_count`] without one. 0 asks
    /// for no resources, only `totalResults`.
    pub count: usize,
    /// `attributes` (§3.4.2.5): the attributes to return instead of the default set.
    pub attributes: Vec<AttrPath<'static>>,
    /// `excludedAttributes` (§3.4.2.5): attributes to leave out of the default set.
    pub excluded_attributes: Vec<AttrPath<'static>>,
}

impl Default for ListQuery {
    /// No filter, no sort, no pagination parameter, the default page size of
    /// [`QueryLimits::DEFAULT`], the default attributes.
    fn default() -> Self {
        ListQuery {
            filter: None,
            sort_by: None,
            sort_order: SortOrder::Ascending,
            pagination: Pagination::Unspecified,
            count: QueryLimits::DEFAULT.default_page_size(),
            attributes: Vec::new(),
            excluded_attributes: Vec::new(),
        }
    }
}

impl ListQuery {
    /// The query of a `GET` on a resource type's endpoint, from its decoded query pairs
    /// (see [`crate::query::decode_query_string`] for a raw query string).
    ///
    /// - Parameter names are matched without case; parameters this library does not know
    ///   are ignored (RFC 7644 §3.4.2: "SHOULD ignore any query parameters they do not
    ///   recognize"); a known parameter given twice is `invalidValue` (`invalidFilter` for
    ///   `filter`), since either reading could be wrong.
    /// - A filter that does not parse is `invalidFilter` with the parser's message and byte
    ///   offset; an empty or blank `filter` is no filter.
    /// - `startIndex` and `count` are integers (an optional sign, then digits): below 1 a
    ///   `startIndex` is 1 and below 0 a `count` is 0 (§3.4.2.4); numbers beyond 64 bits are
    ///   taken as the largest 64-bit ones; anything else is `invalidValue`.
    /// - `sortOrder` is `ascending` or `descending` in any case; `sortBy`, `attributes`
    ///   and `excludedAttributes` hold attribute paths in standard attribute notation
    ///   (§3.10), the last two comma-separated with empty entries skipped. A path that does
    ///   not parse is `invalidValue`.
    /// - `cursor` (RFC 9865 §2) asks for cursor pagination: empty for the first page,
    ///   otherwise a value of unreserved characters (RFC 3986 §2.3) or `invalidCursor`.
    /// - `startIndex` and `cursor` together are `invalidValue`. RFC 9865 §2.3 has clients
    ///   choose a pagination method with one or the other; a request naming both chose two,
    ///   and §2.1 answers invalid pagination parameters with a 400.
    ///
    /// ```
    /// use scim_core::query::{ListQuery, QueryLimits};
    /// use scim_core::ScimType;
    ///
    /// let pairs = |query: &[(&str, &str)]| -> Vec<(String, String)> {
    ///     query.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    /// };
    /// let query = ListQuery::from_query_pairs(
    ///     &pairs(&[("startIndex", "0"), ("count", "-5"), ("unknown", "x")]),
    ///     &QueryLimits::DEFAULT,
    /// )?;
    /// assert_eq!((query.start_index(), query.count), (1, 0));
    ///
    /// let err = ListQuery::from_query_pairs(&pairs(&[("filter", "userName eq")]), &QueryLimits::DEFAULT)
    ///     .unwrap_err();
    /// assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter));
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn from_query_pairs(
        pairs: &[(String, String)],
        limits: &QueryLimits,
    ) -> Result<ListQuery, ScimError> {
        let mut parts = Parts::default();
        for (name, value) in pairs {
            let Some(param) = Param::from_name(name) else {
                continue;
            };
            parts.mark_seen(param)?;
            if param != Param::Filter {
                check_len(param, value, limits)?;
            }
            match param {
                Param::Filter => parts.filter = parse_filter_text(value, limits)?,
                Param::SortBy => parts.sort_by = parse_sort_by(value)?,
                Param::SortOrder => parts.sort_order = Some(parse_sort_order(value)?),
                Param::StartIndex => parts.start_index = Some(parse_integer_text(param, value)?),
                Param::Count => parts.count = Some(parse_integer_text(param, value)?),
                Param::Attributes | Param::ExcludedAttributes => {
                    let paths = parse_paths(param, value.split(','), limits)?;
                    parts.set_paths(param, paths);
                }
                Param::Cursor => parts.cursor = Some(parse_cursor(value)?),
            }
        }
        parts.finish(limits)
    }

    /// The 1-based index of the first result wanted: `startIndex`, or 1 (RFC 7644
    /// §3.4.2.4's default) when the client did not ask for index pagination.
    ///
    /// ```
    /// use scim_core::query::{ListQuery, Pagination};
    ///
    /// let query = ListQuery { pagination: Pagination::Index { start_index: 11 }, ..ListQuery::default() };
    /// assert_eq!(query.start_index(), 11);
    /// assert_eq!(ListQuery::default().start_index(), 1);
    /// ```
    pub fn start_index(&self) -> usize {
        match self.pagination {
            Pagination::Index { start_index } => start_index.max(1),
            Pagination::Unspecified | Pagination::Cursor { .. } => 1,
        }
    }
}

/// The parameters this library knows, by their RFC spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Param {
    Filter,
    SortBy,
    SortOrder,
    StartIndex,
    Count,
    Attributes,
    ExcludedAttributes,
    Cursor,
}

impl Param {
    const ALL: [Param; 8] = [
        Param::Filter,
        Param::SortBy,
        Param::SortOrder,
        Param::StartIndex,
        Param::Count,
        Param::Attributes,
        Param::ExcludedAttributes,
        Param::Cursor,
    ];

    /// The parameter `name` names, without case.
    pub(super) fn from_name(name: &str) -> Option<Param> {
        Param::ALL
            .into_iter()
            .find(|param| param.name().eq_ignore_ascii_case(name))
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Param::Filter => "filter",
            Param::SortBy => "sortBy",
            Param::SortOrder => "sortOrder",
            Param::StartIndex => "startIndex",
            Param::Count => "count",
            Param::Attributes => "attributes",
            Param::ExcludedAttributes => "excludedAttributes",
            Param::Cursor => "cursor",
        }
    }

    /// The error for a bad value of this parameter: `invalidFilter` for the filter.
    pub(super) fn error(self, detail: String) -> ScimError {
        match self {
            Param::Filter => ScimError::invalid_filter(detail),
            _ => ScimError::invalid_value(detail),
        }
    }
}

/// The parameters as they are read, before defaults and bounds apply.
#[derive(Debug, Default)]
pub(super) struct Parts {
    seen: Vec<Param>,
    pub(super) filter: Option<Filter<'static>>,
    pub(super) sort_by: Option<AttrPath<'static>>,
    pub(super) sort_order: Option<SortOrder>,
    pub(super) start_index: Option<i64>,
    pub(super) count: Option<i64>,
    pub(super) attributes: Vec<AttrPath<'static>>,
    pub(super) excluded_attributes: Vec<AttrPath<'static>>,
    /// `Some(None)`: an empty cursor, asking for the first page.
    pub(super) cursor: Option<Option<String>>,
}

impl Parts {
    /// Records that `param` was given; a second time is an error.
    pub(super) fn mark_seen(&mut self, param: Param) -> Result<(), ScimError> {
        if self.seen.contains(&param) {
            return Err(param.error(format!("`{}` is given more than once", param.name())));
        }
        self.seen.push(param);
        Ok(())
    }

    pub(super) fn set_paths(&mut self, param: Param, paths: Vec<AttrPath<'static>>) {
        if param == Param::ExcludedAttributes {
            self.excluded_attributes = paths;
        } else {
            self.attributes = paths;
        }
    }

    /// Applies the defaults and bounds of RFC 7644 §3.4.2.4 and [`QueryLimits`].
    pub(super) fn finish(self, limits: &QueryLimits) -> Result<ListQuery, ScimError> {
        let pagination = match (self.start_index, self.cursor) {
            (Some(_), Some(_)) => {
                return Err(ScimError::invalid_value(
                    "`startIndex` asks for index pagination and `cursor` for cursor \
                     pagination; send one of them (RFC 9865 §2.3)",
                ));
            }
            (Some(start_index), None) => Pagination::Index {
                start_index: usize::try_from(start_index.max(1)).unwrap_or(usize::MAX),
            },
            (None, Some(cursor)) => Pagination::Cursor { cursor },
            (None, None) => Pagination::Unspecified,
        };
        let count = match self.count {
            Some(count) => usize::try_from(count.max(0))
                .unwrap_or(usize::MAX)
                .min(limits.max_count),
            None => limits.default_page_size(),
        };
        Ok(ListQuery {
            filter: self.filter,
            sort_by: self.sort_by,
            sort_order: self.sort_order.unwrap_or_default(),
            pagination,
            count,
            attributes: self.attributes,
            excluded_attributes: self.excluded_attributes,
        })
    }
}

/// A value longer than [`QueryLimits::max_value_len`] is refused before it is read.
pub(super) fn check_len(param: Param, value: &str, limits: &QueryLimits) -> Result<(), ScimError> {
    if value.len() > limits.max_value_len {
        return Err(param.error(format!(
            "`{}` is longer than {} bytes",
            param.name(),
            limits.max_value_len
        )));
    }
    Ok(())
}

/// A filter (RFC 7644 §3.4.2.2); blank means none.
pub(super) fn parse_filter_text(
    text: &str,
    limits: &QueryLimits,
) -> Result<Option<Filter<'static>>, ScimError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_filter_with(text, &limits.filter)
        .map(|filter| Some(filter.into_owned()))
        .map_err(|err| ScimError::invalid_filter(err.to_string()))
}

/// `sortBy`: one attribute path; blank means none.
pub(super) fn parse_sort_by(text: &str) -> Result<Option<AttrPath<'static>>, ScimError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    AttrPath::parse(text)
        .map(|path| Some(path.into_owned()))
        .map_err(|err| ScimError::invalid_value(format!("`sortBy`: {err}")))
}

/// `sortOrder`: `ascending` or `descending`, in any case.
pub(super) fn parse_sort_order(text: &str) -> Result<SortOrder, ScimError> {
    SortOrder::parse(text.trim())
        .ok_or_else(|| ScimError::invalid_value("`sortOrder` must be `ascending` or `descending`"))
}

/// Comma-separated (or listed) attribute paths in standard attribute notation.
pub(super) fn parse_paths<'t>(
    param: Param,
    items: impl Iterator<Item = &'t str>,
    limits: &QueryLimits,
) -> Result<Vec<AttrPath<'static>>, ScimError> {
    let mut paths = Vec::new();
    for item in items.map(str::trim).filter(|item| !item.is_empty()) {
        if paths.len() == limits.max_attribute_paths {
            return Err(param.error(format!(
                "`{}` names more than {} attributes",
                param.name(),
                limits.max_attribute_paths
            )));
        }
        let path = AttrPath::parse(item)
            .map_err(|err| param.error(format!("`{}`: {err}", param.name())))?;
        paths.push(path.into_owned());
    }
    Ok(paths)
}

/// An integer written as text: an optional sign, then ASCII digits. Too large a magnitude
/// saturates.
pub(super) fn parse_integer_text(param: Param, text: &str) -> Result<i64, ScimError> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(param.error(format!(
            "`{}` must be an integer, not `{}`",
            param.name(),
            shorten(text)
        )));
    }
    let magnitude = digits.bytes().fold(0_i64, |acc, digit| {
        acc.saturating_mul(10)
            .saturating_add(i64::from(digit - b'0'))
    });
    Ok(if negative { -magnitude } else { magnitude })
}

/// `cursor` (RFC 9865 §2): empty for the first page; otherwise opaque, but made only of
/// unreserved characters (RFC 3986 §2.3).
pub(super) fn parse_cursor(text: &str) -> Result<Option<String>, ScimError> {
    if text.is_empty() {
        return Ok(None);
    }
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    if !text.bytes().all(unreserved) {
        return Err(ScimError::invalid_cursor(
            "a cursor holds only letters, digits, `-`, `.`, `_` and `~` (RFC 9865 §2); \
             send the `nextCursor` or `previousCursor` of a previous page, or an empty cursor \
             for the first page",
        ));
    }
    Ok(Some(text.to_owned()))
}

/// A client's value in an error detail: at most 64 characters of it.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use scim_filter::Limits;

    use super::*;
    use crate::ScimType;
    use crate::query::decode_query_string;

    fn query(raw: &str) -> Result<ListQuery, ScimError> {
        ListQuery::from_query_pairs(&decode_query_string(raw)?, &QueryLimits::DEFAULT)
    }

    fn paths(paths: &[AttrPath<'_>]) -> Vec<String> {
        paths.iter().map(|p| p.as_str().to_owned()).collect()
    }

    #[test]
    fn okta_list_users_by_user_name() {
        let q = query("filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&count=100")
            .unwrap();
        assert_eq!(
            q.filter.unwrap().to_string(),
            r#"userName eq "bjensen@example.com""#
        );
        assert_eq!(q.pagination, Pagination::Index { start_index: 1 });
        assert_eq!(q.count, 100);
        assert_eq!(q.sort_by, None);
        assert!(q.attributes.is_empty() && q.excluded_attributes.is_empty());
    }

    #[test]
    fn entra_id_filter_with_plus_and_raw_quotes() {
        let q = query(r#"filter=userName+eq+"x""#).unwrap();
        assert_eq!(q.filter.unwrap().to_string(), r#"userName eq "x""#);
        assert_eq!(q.pagination, Pagination::Unspecified);
        assert_eq!(q.count, QueryLimits::DEFAULT.default_count);
    }

    #[test]
    fn entra_id_group_lookup_excludes_members() {
        let q = query("excludedAttributes=members&filter=displayName+eq+%22Sales%22").unwrap();
        assert_eq!(paths(&q.excluded_attributes), ["members"]);
    }

    #[test]
    fn rfc7644_s3_4_2_4_count_zero_asks_only_for_total_results() {
        assert_eq!(query("count=0").unwrap().count, 0);
    }

    #[test]
    fn rfc7644_s3_4_2_4_start_index_below_one_is_one() {
        for raw in ["startIndex=0", "startIndex=-7", "startIndex=1"] {
            let q = query(raw).unwrap();
            assert_eq!(q.pagination, Pagination::Index { start_index: 1 }, "{raw}");
        }
        assert_eq!(query("startIndex=+11").unwrap().start_index(), 11);
    }

    #[test]
    fn rfc7644_s3_4_2_4_negative_count_is_zero_and_large_count_is_capped() {
        assert_eq!(query("count=-1").unwrap().count, 0);
        assert_eq!(query("count=5000").unwrap().count, 1000);
        assert_eq!(query("count=99999999999999999999999").unwrap().count, 1000);
        let limits = QueryLimits {
            max_count: 20,
            default_count: 50,
            ..QueryLimits::DEFAULT
        };
        let q = ListQuery::from_query_pairs(&[], &limits).unwrap();
        assert_eq!(q.count, 20, "the default page never exceeds the maximum");
    }

    #[test]
    fn huge_start_index_saturates() {
        let q = query("startIndex=99999999999999999999999").unwrap();
        assert_eq!(
            q.start_index(),
            usize::try_from(i64::MAX).unwrap_or(usize::MAX)
        );
    }

    #[test]
    fn bad_numbers_are_invalid_value() {
        for raw in [
            "count=ten",
            "count=1.5",
            "count=",
            "startIndex=1e3",
            "count=-",
            "count=0x10",
        ] {
            let err = query(raw).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidValue), "{raw}");
        }
        let err = query("count=ten").unwrap_err();
        assert_eq!(err.detail(), "`count` must be an integer, not `ten`");
    }

    #[test]
    fn rfc7644_s3_4_2_5_attributes_are_comma_separated_paths() {
        let q = query("attributes=userName,name.givenName").unwrap();
        assert_eq!(paths(&q.attributes), ["userName", "name.givenName"]);
        let q = query(
            "attributes=%20userName%20,,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value,",
        )
        .unwrap();
        assert_eq!(
            paths(&q.attributes),
            [
                "userName",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
            ]
        );
    }

    #[test]
    fn bad_attribute_paths_are_invalid_value() {
        let err = query("attributes=userName,emails[type%20eq%20%22work%22]").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
        assert!(
            err.detail().starts_with("`attributes`: "),
            "{}",
            err.detail()
        );
        let err = query("excludedAttributes=name.").unwrap_err();
        assert!(
            err.detail().starts_with("`excludedAttributes`: "),
            "{}",
            err.detail()
        );
    }

    #[test]
    fn too_many_attribute_paths_are_refused() {
        let limits = QueryLimits {
            max_attribute_paths: 2,
            ..QueryLimits::DEFAULT
        };
        let pairs = [("attributes".to_owned(), "a,b,c".to_owned())];
        let err = ListQuery::from_query_pairs(&pairs, &limits).unwrap_err();
        assert_eq!(err.detail(), "`attributes` names more than 2 attributes");
    }

    #[test]
    fn long_values_are_refused_before_parsing() {
        let limits = QueryLimits {
            max_value_len: 8,
            ..QueryLimits::DEFAULT
        };
        let pairs = [("sortBy".to_owned(), "userNameAndMore".to_owned())];
        let err = ListQuery::from_query_pairs(&pairs, &limits).unwrap_err();
        assert_eq!(err.detail(), "`sortBy` is longer than 8 bytes");
        let limits = QueryLimits {
            filter: Limits {
                max_len: 10,
                ..Limits::DEFAULT
            },
            ..QueryLimits::DEFAULT
        };
        let pairs = [("filter".to_owned(), r#"userName eq "bjensen""#.to_owned())];
        let err = ListQuery::from_query_pairs(&pairs, &limits).unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter));
    }

    #[test]
    fn rfc7644_s3_4_2_2_bad_filter_is_invalid_filter_with_the_parser_message() {
        let err = query("filter=userName%20eq").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter));
        let parser = scim_filter::parse_filter("userName eq").unwrap_err();
        assert_eq!(err.detail(), parser.to_string());
    }

    #[test]
    fn blank_filter_is_no_filter() {
        assert_eq!(query("filter=").unwrap().filter, None);
        assert_eq!(query("filter=+++").unwrap().filter, None);
    }

    #[test]
    fn parameter_names_are_case_insensitive_and_unknown_ones_ignored() {
        let q = query("FILTER=title+pr&SortBy=title&sortorder=DESCENDING&STARTINDEX=3&Count=2&access_token=x&schemas=y")
            .unwrap();
        assert_eq!(q.filter.as_ref().unwrap().to_string(), "title pr");
        assert_eq!(q.sort_by.as_ref().unwrap().as_str(), "title");
        assert_eq!(q.sort_order, SortOrder::Descending);
        assert_eq!((q.start_index(), q.count), (3, 2));
    }

    #[test]
    fn repeated_parameters_are_refused() {
        let err = query("count=1&COUNT=2").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
        assert_eq!(err.detail(), "`count` is given more than once");
        let err = query("filter=a+pr&filter=b+pr").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter));
    }

    #[test]
    fn bad_sort_order_is_invalid_value() {
        let err = query("sortOrder=up").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
        assert_eq!(query("sortBy=").unwrap().sort_by, None);
    }

    #[test]
    fn rfc9865_s2_empty_cursor_asks_for_the_first_page() {
        let q = query("filter=userName%20sw%20%22J%22&cursor&count=10").unwrap();
        assert_eq!(q.pagination, Pagination::Cursor { cursor: None });
        assert_eq!(q.count, 10);
        let q = query("cursor=").unwrap();
        assert_eq!(q.pagination, Pagination::Cursor { cursor: None });
    }

    #[test]
    fn rfc9865_s2_cursor_is_kept_opaque() {
        let q = query("cursor=VZUTiyhEQJ94IR&count=10").unwrap();
        assert_eq!(
            q.pagination,
            Pagination::Cursor {
                cursor: Some("VZUTiyhEQJ94IR".to_owned())
            }
        );
        assert_eq!(q.start_index(), 1);
    }

    #[test]
    fn rfc9865_s2_cursor_outside_unreserved_characters_is_invalid_cursor() {
        for raw in ["cursor=a%20b", "cursor=a/b", "cursor=%C3%A9", "cursor=a+b"] {
            let err = query(raw).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidCursor), "{raw}");
        }
        assert!(query("cursor=A-z.0_9~").is_ok());
    }

    #[test]
    fn rfc9865_s2_3_cursor_and_start_index_together_are_refused() {
        for raw in ["cursor&startIndex=1", "startIndex=5&cursor=VZUTiyhEQJ94IR"] {
            let err = query(raw).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidValue), "{raw}");
            assert!(err.detail().contains("RFC 9865"), "{}", err.detail());
        }
    }

    #[test]
    fn long_client_values_are_shortened_in_details() {
        let long = "9".repeat(70) + "x";
        let err = query(&format!("count={long}")).unwrap_err();
        assert!(err.detail().ends_with("…`"), "{}", err.detail());
        assert!(err.detail().len() < 120);
    }
}
