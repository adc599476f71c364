//! Shopify's rules for customer tags: what a valid tag is ([`sanitize_tag`]), when two tags
//! are one ([`tag_eq`]), and whether a tag starts with a prefix ([`has_prefix`]). The
//! configuration, the tag templates and the group tags all build on these.

/// The longest tag Shopify keeps, in characters.
pub const MAX_TAG_CHARS: usize = 255;

/// `text` made a valid Shopify tag: commas (Shopify splits tags on them) and control
/// characters become spaces, runs of whitespace one space, surrounding whitespace trimmed,
/// and the result cut to [`MAX_TAG_CHARS`] characters. May be empty.
///
/// ```
/// use scim_shopify::mapping::sanitize_tag;
///
/// assert_eq!(sanitize_tag("  Sales, EMEA\n"), "Sales EMEA");
/// assert_eq!(sanitize_tag(&"é".repeat(300)).chars().count(), 255);
/// ```
pub fn sanitize_tag(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c == ',' || c.is_control() { ' ' } else { c })
        .collect();
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = collapsed.chars().take(MAX_TAG_CHARS).collect();
    cut.trim_end().to_owned()
}

/// Whether two tags are the same tag to Shopify (case-insensitive, surrounding spaces
/// ignored).
pub(crate) fn tag_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// Whether `tag` starts with `prefix` (its leading spaces ignored, compared as tags are)
/// and has something after it.
pub(crate) fn has_prefix(prefix: &str, tag: &str) -> bool {
    let prefix = prefix.trim_start();
    tag.len() > prefix.len()
        && tag.is_char_boundary(prefix.len())
        && tag_eq(&tag[..prefix.len()], prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tags_compare_case_insensitively() {
        assert!(tag_eq("SCIM-Inactive", "scim-inactive "));
        assert!(!tag_eq("scim-inactive", "scim-inactiv"));
    }

    #[test]
    fn a_prefix_needs_something_after_it() {
        assert!(has_prefix("scim-group:", "SCIM-GROUP:Sales"));
        assert!(!has_prefix("scim-group:", "scim-group:"));
        assert!(!has_prefix("scim-group:", "scim-grou\u{e9}"));
    }

    proptest! {
        #[test]
        fn sanitised_tags_obey_shopify_rules(text in any::<String>()) {
            let tag = sanitize_tag(&text);
            prop_assert!(!tag.contains(','));
            prop_assert!(tag.chars().count() <= MAX_TAG_CHARS);
            prop_assert_eq!(tag.trim(), tag.as_str());
            prop_assert_eq!(sanitize_tag(&tag), tag.clone());
        }
    }
}
