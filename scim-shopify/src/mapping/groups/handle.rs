//! A group's metaobject handle ([`group_handle`]): readable, and the same for two names
//! Shopify would give one tag, so that the second group is refused by Shopify itself.

/// The longest readable part of a group's handle.
const HANDLE_SLUG_CHARS: usize = 40;

/// The metaobject handle of the group whose membership tag is `tag`: a readable slug of the
/// display name and a hash of the tag lowercased. Handles are unique per type in Shopify, so
/// two groups whose tags Shopify would take for one (they differ only in case) cannot both
/// exist: the second create or rename fails with "Handle has already been taken", which the
/// store answers 409 `uniqueness` (RFC 7644 §3.3) without a read beforehand.
///
/// ```
/// use scim_shopify::mapping::group_handle;
///
/// let handle = group_handle("R&D Paris", "scim-group:R&D Paris");
/// assert!(handle.starts_with("r-d-paris-"));
/// assert_eq!(handle, group_handle("r&d paris", "SCIM-GROUP:r&d PARIS"));
/// assert_ne!(handle, group_handle("R&D Paris", "scim-group:R-D Paris"));
/// ```
pub fn group_handle(display_name: &str, tag: &str) -> String {
    let mut slug = String::new();
    for c in display_name.chars().flat_map(char::to_lowercase) {
        if slug.len() >= HANDLE_SLUG_CHARS {
            break;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let hash = fnv1a(tag.trim().to_lowercase().as_bytes());
    if slug.is_empty() {
        format!("group-{hash:016x}")
    } else {
        format!("{slug}-{hash:016x}")
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_short_and_made_of_safe_characters() {
        let handle = group_handle(&"Ünïcode ✓ ".repeat(30), "scim-group:x");
        assert!(handle.len() <= HANDLE_SLUG_CHARS + 17);
        assert!(
            handle
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        );
        assert!(group_handle("✓", "scim-group:✓").starts_with("group-"));
    }
}
