//! Decoding a raw URL query string into `(name, value)` pairs, for callers that do not have
//! a web framework to do it (RFC 3986 §2.1 percent-encoding, with the form convention of `+`
//! for a space that identity providers use).

use crate::error::ScimError;

/// Splits a raw query string (`a=1&b=2`, with or without the leading `?`) into decoded
/// `(name, value)` pairs, in order.
///
/// - `%XX` escapes decode to bytes, and the bytes of each name and value must then be UTF-8
///   (RFC 3986 §2.5); `+` is a space, as Entra ID sends it (`filter=userName+eq+"x"`).
/// - Characters that should have been escaped but were not (`"`, a raw space, non-ASCII
///   text) are taken as they are: identity providers send raw quotes in filters.
/// - A `%` not followed by two hex digits is kept as a literal `%`, as browsers do.
/// - A parameter without `=` has an empty value: RFC 9865 §2 asks for the first cursor page
///   with a bare `cursor`.
/// - Empty segments (`a=1&&b=2`, a trailing `&`) are skipped.
///
/// A value that is not UTF-8 once decoded is an error: `invalidFilter` for the `filter`
/// parameter, `invalidValue` for any other.
///
/// ```
/// use scim_core::query::decode_query_string;
///
/// let pairs = decode_query_string(
///     "?filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&cursor",
/// )?;
/// assert_eq!(pairs, vec![
///     ("filter".to_owned(), r#"userName eq "bjensen@example.com""#.to_owned()),
///     ("startIndex".to_owned(), "1".to_owned()),
///     ("cursor".to_owned(), String::new()),
/// ]);
///
/// let err = decode_query_string("filter=userName%20eq%20%22%FF%22").unwrap_err();
/// assert_eq!(err.scim_type(), Some(scim_core::ScimType::InvalidFilter));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub fn decode_query_string(query: &str) -> Result<Vec<(String, String)>, ScimError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut pairs = Vec::new();
    for segment in query.split('&').filter(|s| !s.is_empty()) {
        let (raw_name, raw_value) = segment.split_once('=').unwrap_or((segment, ""));
        let name = String::from_utf8(decode_component(raw_name)).map_err(|_| {
            ScimError::invalid_value("a query parameter name is not UTF-8 once decoded")
        })?;
        let value = String::from_utf8(decode_component(raw_value)).map_err(|_| {
            let detail = format!("the value of query parameter `{name}` is not UTF-8 once decoded");
            if name.eq_ignore_ascii_case("filter") {
                ScimError::invalid_filter(detail)
            } else {
                ScimError::invalid_value(detail)
            }
        })?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// One segment of a URL path with its `%XX` escapes decoded (RFC 3986 §2.1; `+` stays a
/// `+` in a path), or `None` if the result is not UTF-8.
pub(crate) fn decode_path_segment(raw: &str) -> Option<String> {
    if !raw.contains('%') {
        return Some(raw.to_owned());
    }
    String::from_utf8(decode_bytes(raw, false)).ok()
}

/// The bytes of one percent-encoded name or value, with `+` as a space.
fn decode_component(raw: &str) -> Vec<u8> {
    decode_bytes(raw, true)
}

/// The bytes of a percent-encoded text; `+` is a space when `plus_is_space`.
fn decode_bytes(raw: &str, plus_is_space: bool) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match (
                bytes.get(i + 1).copied().and_then(hex_digit),
                bytes.get(i + 2).copied().and_then(hex_digit),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

fn hex_digit(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScimType;

    fn pairs(query: &str) -> Vec<(String, String)> {
        decode_query_string(query).unwrap()
    }

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    #[test]
    fn okta_list_users_query_decodes_percent_escapes() {
        assert_eq!(
            pairs("filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&count=100"),
            vec![
                pair("filter", r#"userName eq "bjensen@example.com""#),
                pair("startIndex", "1"),
                pair("count", "100"),
            ]
        );
    }

    #[test]
    fn entra_id_query_uses_plus_for_space_and_raw_quotes() {
        assert_eq!(
            pairs(r#"filter=userName+eq+"x""#),
            vec![pair("filter", r#"userName eq "x""#)]
        );
    }

    #[test]
    fn an_escaped_plus_stays_a_plus() {
        assert_eq!(
            pairs("filter=emails.value+eq+%22a%2Bb%40example.com%22"),
            vec![pair("filter", r#"emails.value eq "a+b@example.com""#)]
        );
    }

    #[test]
    fn rfc9865_s2_bare_cursor_is_an_empty_value() {
        assert_eq!(
            pairs("filter=userName%20sw%20J&cursor&count=10"),
            vec![
                pair("filter", "userName sw J"),
                pair("cursor", ""),
                pair("count", "10"),
            ]
        );
    }

    #[test]
    fn multibyte_utf8_decodes_from_escapes_and_raw_text() {
        assert_eq!(
            pairs("filter=name.familyName%20eq%20%22J%C3%BCrgen%22&x=Jürgen"),
            vec![
                pair("filter", r#"name.familyName eq "Jürgen""#),
                pair("x", "Jürgen")
            ]
        );
    }

    #[test]
    fn malformed_escapes_are_kept_literally() {
        assert_eq!(
            pairs("a=100%&b=%zz&c=%4"),
            vec![pair("a", "100%"), pair("b", "%zz"), pair("c", "%4")]
        );
    }

    #[test]
    fn empty_segments_are_skipped_and_the_question_mark_dropped() {
        assert_eq!(pairs("?&a=1&&b=&"), vec![pair("a", "1"), pair("b", "")]);
        assert!(pairs("").is_empty());
    }

    #[test]
    fn only_the_first_equals_sign_separates() {
        assert_eq!(
            pairs("filter=title%20eq%20%22a=b%22"),
            vec![pair("filter", r#"title eq "a=b""#)]
        );
        assert_eq!(pairs("a=b=c"), vec![pair("a", "b=c")]);
    }

    #[test]
    fn invalid_utf8_is_invalid_filter_or_invalid_value() {
        let err = decode_query_string("FILTER=%C3%28").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidFilter));
        let err = decode_query_string("count=%FF").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
        assert!(err.detail().contains("`count`"));
        let err = decode_query_string("%FF=1").unwrap_err();
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
    }
}
