//! A metafield's `compareDigest` (`HasCompareDigest`: "The data stored in the resource,
//! represented as a digest"), which `metafieldsSet` compares before it writes, and the
//! refusal of a write whose digest is stale.
//!
//! Shopify does not document how it computes the digest. The captures show what it looks
//! like: 64 lowercase hex digits, the same for the same value on two different metafields
//! (`captures/harry-test-heelo.myshopify.com/2025-01/metafields/metafields-set-input-validation.json`:
//! two metafields holding `v`, both `fbf71290...0172`). The emulator's digest has that shape
//! and those properties, and nothing more: four 64-bit FNV-1a hashes of the value with four
//! offsets, each finished by the SplitMix64 mixer, printed as 16 hex digits each. It is
//! stable for a value, across runs and emulators, and changes whenever the value changes
//! (barring a collision of all four hashes); it is not Shopify's digest and not
//! cryptographic, and a client must treat it as opaque, as it must Shopify's.
//!
//! The refusal: no capture shows one either. The schema documents only that "the mutation
//! will return an error" (`metafieldsSet`) and the code `STALE_OBJECT` ("The metafield has
//! been modified since it was loaded.", `MetafieldsSetUserErrorCode`); the emulator answers
//! that code with that description as its message, on the input's `compareDigest`
//! (`["metafields", "N", "compareDigest"]`, as its other `metafieldsSet` errors name the
//! input at index N). It does not answer `INVALID_COMPARE_DIGEST` ("The compareDigest is
//! invalid."), of which the schema does not say when Shopify answers it: a digest of the
//! wrong shape is stale like any other.

use crate::state::user_error::UserError;

/// The FNV-1a offset basis and prime (64-bit).
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The digest of a metafield holding `value`: 64 lowercase hex digits.
pub(crate) fn compare_digest(value: &str) -> String {
    (0..4u64)
        .map(|lane| format!("{:016x}", lane_hash(value.as_bytes(), lane)))
        .collect()
}

/// The error of the input metafield at `index` whose `compareDigest` does not admit the
/// metafield stored (see the module documentation for its source).
pub(crate) fn stale(index: usize) -> UserError {
    UserError::coded(
        &["metafields", &index.to_string(), "compareDigest"],
        "The metafield has been modified since it was loaded.",
        "STALE_OBJECT",
    )
}

/// One 64-bit lane: FNV-1a from an offset of its own, then the length and the SplitMix64
/// finaliser, so that each bit of the input reaches every bit of the output.
fn lane_hash(bytes: &[u8], lane: u64) -> u64 {
    let mut hash = FNV_OFFSET ^ mix(lane.wrapping_add(1));
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    mix(hash ^ (bytes.len() as u64).rotate_left(32))
}

/// SplitMix64's finaliser.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_has_the_captured_shape() {
        let digest = compare_digest("v");
        assert_eq!(digest.len(), 64);
        assert!(
            digest
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }

    #[test]
    fn a_digest_is_stable_for_a_value_and_changes_with_it() {
        assert_eq!(compare_digest("ext-1"), compare_digest("ext-1"));
        let values = [
            "", "a", "b", "ab", "ba", "ext-1", "ext-2", "ext-1 ", "\u{e9}",
        ];
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                assert_ne!(compare_digest(a), compare_digest(b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn the_four_lanes_differ() {
        let digest = compare_digest("v");
        let lanes: Vec<&str> = (0..4).map(|i| &digest[i * 16..(i + 1) * 16]).collect();
        for (i, a) in lanes.iter().enumerate() {
            assert!(lanes[i + 1..].iter().all(|b| a != b), "{digest}");
        }
    }
}
