//! Version tokens: what the store writes into a User's version metafield
//! ([`MappingConfig::version`](crate::mapping::MappingConfig::version)) with every change.
//! A token needs only to differ from every token written before it on that customer, by
//! any process: 128 bits from a per-process random seed (std's `RandomState`), the time
//! and a counter.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The prefix of the token a soft DELETE writes: the customer's record says its User is
/// deleted, even while a create that takes it over has committed and not yet removed the
/// deleted tag (so that of creates racing for it, only the first takes it over).
pub(crate) const DELETED_TOKEN_PREFIX: &str = "deleted:";

/// A new token: 32 hex digits.
pub(crate) fn new_token() -> String {
    static SEED: OnceLock<RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = SEED.get_or_init(RandomState::new);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = |salt: u64| {
        let mut hasher = seed.build_hasher();
        hasher.write_u64(salt);
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_have_one_shape() {
        let tokens: std::collections::HashSet<String> = (0..10_000).map(|_| new_token()).collect();
        assert_eq!(tokens.len(), 10_000);
        assert!(
            tokens
                .iter()
                .all(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        );
    }
}
