//! JSON string literals (RFC 8259 §7), as filter values are written (RFC 7644 §3.4.2.2).

use std::borrow::Cow;

use super::fault::{Fault, PResult, SyntaxError};

/// A quoted JSON string at the start of `input` (which starts with `"`), unescaped.
///
/// A string without escapes is borrowed from the input; only one with a backslash owns the
/// text it decodes to.
#[inline]
pub(crate) fn json_string(input: &str) -> PResult<'_, Cow<'_, str>> {
    let body = &input[1..];
    let Some(stop) = body.bytes().position(|b| b == b'"' || b == b'\\') else {
        return SyntaxError::failure(input, Fault::UnterminatedString);
    };
    if body.as_bytes()[stop] == b'"' {
        return Ok((&body[stop + 1..], Cow::Borrowed(&body[..stop])));
    }
    unescape(input, body, stop)
}

/// The slow path: decode escapes from the first backslash (at `body[first_escape]`) on.
fn unescape<'a>(input: &'a str, body: &'a str, first_escape: usize) -> PResult<'a, Cow<'a, str>> {
    let mut text = String::with_capacity(body.len().min(first_escape + 64));
    text.push_str(&body[..first_escape]);
    let mut rest = &body[first_escape..];
    loop {
        let Some(stop) = rest.bytes().position(|b| b == b'"' || b == b'\\') else {
            return SyntaxError::failure(input, Fault::UnterminatedString);
        };
        text.push_str(&rest[..stop]);
        if rest.as_bytes()[stop] == b'"' {
            return Ok((&rest[stop + 1..], Cow::Owned(text)));
        }
        let escape = &rest[stop..];
        let (after, decoded) = decode_escape(escape)?;
        text.push(decoded);
        rest = after;
    }
}

const UNKNOWN_ESCAPE: &str = "`\\` must be followed by one of \" \\ / b f n r t u";

/// One escape sequence at the start of `escape` (which starts with `\`).
fn decode_escape(escape: &str) -> PResult<'_, char> {
    let fail = |kind| SyntaxError::failure(escape, kind);
    let Some(&letter) = escape.as_bytes().get(1) else {
        return fail(Fault::UnterminatedString);
    };
    let simple = match letter {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return decode_unicode_escape(escape),
        _ => return fail(Fault::InvalidEscape(UNKNOWN_ESCAPE)),
    };
    Ok((&escape[2..], simple))
}

/// `\uXXXX`, or a UTF-16 surrogate pair `\uD83D\uDE00`.
fn decode_unicode_escape(escape: &str) -> PResult<'_, char> {
    let fail = |kind| SyntaxError::failure(escape, kind);
    let Some(high) = hex4(escape, 2) else {
        return fail(Fault::InvalidEscape(
            "`\\u` must be followed by four hex digits",
        ));
    };
    let rest = &escape[6..];
    match high {
        0xD800..=0xDBFF => {
            let low = rest
                .strip_prefix("\\u")
                .and_then(|_| hex4(rest, 2))
                .filter(|low| (0xDC00..=0xDFFF).contains(low));
            let Some(low) = low else {
                return fail(Fault::InvalidEscape("lone UTF-16 surrogate"));
            };
            let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            match char::from_u32(code) {
                Some(c) => Ok((&rest[6..], c)),
                None => fail(Fault::InvalidEscape("lone UTF-16 surrogate")),
            }
        }
        0xDC00..=0xDFFF => fail(Fault::InvalidEscape("lone UTF-16 surrogate")),
        _ => match char::from_u32(high) {
            Some(c) => Ok((rest, c)),
            None => fail(Fault::InvalidEscape("lone UTF-16 surrogate")),
        },
    }
}

/// Four hex digits at `text[start..start + 4]`.
fn hex4(text: &str, start: usize) -> Option<u32> {
    let digits = text.get(start..start + 4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(input: &str) -> Result<(String, &str), Fault> {
        json_string(input)
            .map(|(rest, text)| (text.into_owned(), rest))
            .map_err(|err| match err {
                nom::Err::Error(e) | nom::Err::Failure(e) => e.fault,
                nom::Err::Incomplete(_) => unreachable!("complete parsers"),
            })
    }

    #[test]
    fn plain_strings_are_borrowed() {
        let (rest, text) = json_string(r#""bjensen" and"#).unwrap();
        assert!(matches!(text, Cow::Borrowed("bjensen")));
        assert_eq!(rest, " and");
    }

    #[test]
    fn every_json_escape_decodes() {
        // RFC 8259 §7: the two-character escapes and \u with a surrogate pair.
        let (text, rest) = decode(r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \uD83D\uDE00"x"#).unwrap();
        assert_eq!(text, "q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀");
        assert_eq!(rest, "x");
    }

    #[test]
    fn broken_escapes_are_errors() {
        assert_eq!(decode(r#""\x""#), Err(Fault::InvalidEscape(UNKNOWN_ESCAPE)));
        assert!(matches!(decode(r#""\u12""#), Err(Fault::InvalidEscape(_))));
        assert!(matches!(
            decode(r#""\uD83D""#),
            Err(Fault::InvalidEscape(_))
        ));
        assert!(matches!(
            decode(r#""\uDE00""#),
            Err(Fault::InvalidEscape(_))
        ));
        assert!(matches!(
            decode(r#""\uD83D\u0041""#),
            Err(Fault::InvalidEscape(_))
        ));
        assert_eq!(decode(r#""abc\"#), Err(Fault::UnterminatedString));
        assert_eq!(decode(r#""abc\""#), Err(Fault::UnterminatedString));
        assert_eq!(decode(r#""abc"#), Err(Fault::UnterminatedString));
    }

    #[test]
    fn escapes_next_to_multibyte_text_do_not_split_characters() {
        assert!(matches!(
            decode("\"é\\u00e9é\\u\""),
            Err(Fault::InvalidEscape(_))
        ));
        assert_eq!(decode("\"é\\nü\"").unwrap().0, "é\nü");
    }
}
