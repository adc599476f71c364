//! Shopify's global ids, `gid://shopify/{Kind}/N`, read back into the numeric ids the shop
//! keys its records by.

/// The numeric id of `gid://shopify/{kind}/N`.
pub(crate) fn parse_gid(gid: &str, kind: &str) -> Option<u64> {
    gid.strip_prefix("gid://shopify/")?
        .strip_prefix(kind)?
        .strip_prefix('/')?
        .parse()
        .ok()
}
