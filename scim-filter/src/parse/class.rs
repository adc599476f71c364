//! Byte classes of the filter grammar's tokens, as one lookup table: scanning a token costs
//! one load and one test per byte.

/// `ALPHA` (RFC 5234 B.1).
pub(crate) const ALPHA: u8 = 1;
/// `nameChar = "-" / "_" / DIGIT / ALPHA` (RFC 7644 §3.4.2.2).
pub(crate) const NAME: u8 = 2;
/// Bytes of a whole attribute path: names, the `:` and `.` of URNs and sub-attributes, and
/// the `$` of `$ref`.
pub(crate) const PATH: u8 = 4;
/// ASCII whitespace.
pub(crate) const SPACE: u8 = 8;

static TABLE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let mut class = 0;
        if byte.is_ascii_alphabetic() {
            class |= ALPHA;
        }
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            class |= NAME | PATH;
        }
        if byte == b':' || byte == b'.' || byte == b'$' {
            class |= PATH;
        }
        if byte.is_ascii_whitespace() {
            class |= SPACE;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// Whether `byte` is in any of the classes of `mask`.
#[inline]
pub(crate) fn is(byte: u8, mask: u8) -> bool {
    TABLE[byte as usize] & mask != 0
}
