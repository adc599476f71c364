//! Ids and versions of one store: opaque, never repeated.

use std::hash::{BuildHasher, RandomState};

use crate::resource::Version;

/// Hands out ids (RFC 7643 §3.1: "unique", "stable, non-reassignable", opaque) and versions.
///
/// An id is 32 hex digits: 16 from a keyed hash of a creation counter (random-looking, and
/// different in every store), then 16 from a bijective mix of the counter and a random
/// offset. The second half alone is unique, so ids never repeat within a store, whatever
/// the hash does; nothing about the id tells a client how many resources exist.
#[derive(Debug)]
pub(super) struct IdSource {
    /// The next creation number; also the creation order of resources.
    next: u64,
    /// The key of the first half.
    keys: RandomState,
    /// Added to the counter before mixing, so two stores do not share second halves.
    offset: u64,
    /// The last version handed out.
    clock: u64,
}

impl IdSource {
    pub(super) fn new() -> Self {
        let keys = RandomState::new();
        let offset = keys.hash_one(u64::MAX);
        IdSource {
            next: 0,
            keys,
            offset,
            clock: 0,
        }
    }

    /// A creation number and the id that goes with it.
    pub(super) fn next_id(&mut self) -> (u64, String) {
        let seq = self.next;
        self.next += 1;
        let high = self.keys.hash_one(seq);
        let low = mix(seq.wrapping_add(self.offset));
        (seq, format!("{high:016x}{low:016x}"))
    }

    /// A version never handed out before by this store (RFC 7644 §3.14: it changes
    /// whenever the resource does).
    pub(super) fn next_version(&mut self) -> Version {
        self.clock += 1;
        Version::new(format!("{:x}", self.clock))
    }
}

/// The finaliser of SplitMix64: each step (xor with a shift, multiplication by an odd
/// number) is invertible, so distinct inputs give distinct outputs.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_32_hex_digits_and_never_repeat() {
        let mut source = IdSource::new();
        let mut seen = HashSet::new();
        for expected_seq in 0..10_000 {
            let (seq, id) = source.next_id();
            assert_eq!(seq, expected_seq);
            assert_eq!(id.len(), 32);
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
            assert!(seen.insert(id));
        }
    }

    #[test]
    fn two_stores_give_different_ids() {
        assert_ne!(IdSource::new().next_id().1, IdSource::new().next_id().1);
    }

    #[test]
    fn versions_change_on_every_write() {
        let mut source = IdSource::new();
        let first = source.next_version();
        assert_ne!(first, source.next_version());
    }
}
