//! String comparison with and without case (RFC 7643 §2.2 `caseExact`, RFC 7644 §3.4.2.2).
//!
//! Case-insensitive comparison folds with Unicode lowercase mapping; ASCII text, the common
//! case, takes a byte-wise path that allocates nothing.

use std::cmp::Ordering;

/// Needles longer than this are searched by lowercasing both sides and a linear-time search,
/// so a hostile needle cannot make a contains test quadratic.
const NAIVE_SEARCH_MAX_NEEDLE: usize = 32;

fn both_ascii(a: &str, b: &str) -> bool {
    a.is_ascii() && b.is_ascii()
}

fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase)
}

/// Equal, ignoring case.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    !both_ascii(a, b) && folded(a).eq(folded(b))
}

/// Lexicographic order of the case-folded texts.
pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    if both_ascii(a, b) {
        return ascii_lowercase_bytes(a).cmp(ascii_lowercase_bytes(b));
    }
    folded(a).cmp(folded(b))
}

fn ascii_lowercase_bytes(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().map(|b| b.to_ascii_lowercase())
}

/// `haystack` starts with `needle`, ignoring case.
pub(crate) fn starts_with_ignore_case(haystack: &str, needle: &str) -> bool {
    if both_ascii(haystack, needle) {
        return haystack.len() >= needle.len()
            && haystack.as_bytes()[..needle.len()].eq_ignore_ascii_case(needle.as_bytes());
    }
    let mut hay = folded(haystack);
    folded(needle).all(|c| hay.next() == Some(c))
}

/// `haystack` ends with `needle`, ignoring case.
pub(crate) fn ends_with_ignore_case(haystack: &str, needle: &str) -> bool {
    if both_ascii(haystack, needle) {
        return haystack.len() >= needle.len()
            && haystack.as_bytes()[haystack.len() - needle.len()..]
                .eq_ignore_ascii_case(needle.as_bytes());
    }
    lowercase(haystack).ends_with(&lowercase(needle))
}

/// `haystack` contains `needle`, ignoring case.
pub(crate) fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    if needle.len() <= NAIVE_SEARCH_MAX_NEEDLE && both_ascii(haystack, needle) {
        let (hay, pin) = (haystack.as_bytes(), needle.as_bytes());
        return pin.is_empty()
            || hay
                .windows(pin.len())
                .any(|window| window.eq_ignore_ascii_case(pin));
    }
    lowercase(haystack).contains(&lowercase(needle))
}

fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_case_is_ignored() {
        assert!(eq_ignore_case("BJensen@Example.COM", "bjensen@example.com"));
        assert!(!eq_ignore_case("bjensen", "bjensen2"));
        assert!(starts_with_ignore_case("Babs Jensen", "BABS"));
        assert!(!starts_with_ignore_case("Bab", "BABS"));
        assert!(ends_with_ignore_case("bjensen@EXAMPLE.com", "@example.COM"));
        assert!(contains_ignore_case("bjensen@EXAMPLE.com", "N@ex"));
        assert!(contains_ignore_case("anything", ""));
        assert!(!contains_ignore_case("short", "much longer needle"));
        assert_eq!(cmp_ignore_case("abc", "ABD"), Ordering::Less);
        assert_eq!(cmp_ignore_case("ABC", "abc"), Ordering::Equal);
        assert_eq!(cmp_ignore_case("abcd", "ABC"), Ordering::Greater);
    }

    #[test]
    fn unicode_case_is_ignored() {
        assert!(eq_ignore_case("ÉMILE", "émile"));
        assert!(starts_with_ignore_case("Ölaf Straße", "öLAF"));
        assert!(ends_with_ignore_case("Ölaf Straße", "STRAßE"));
        assert!(contains_ignore_case("Grüße aus Köln", "AUS KÖ"));
        assert_eq!(cmp_ignore_case("Élan", "élan"), Ordering::Equal);
        // The Kelvin sign lowercases to an ASCII `k`.
        assert!(eq_ignore_case("\u{212A}elvin", "kelvin"));
    }

    #[test]
    fn long_needles_take_the_linear_path() {
        let haystack = "a".repeat(10_000);
        let needle = format!("{}B", "A".repeat(NAIVE_SEARCH_MAX_NEEDLE * 4));
        assert!(!contains_ignore_case(&haystack, &needle));
        assert!(contains_ignore_case(&format!("{haystack}b"), &needle));
    }
}
