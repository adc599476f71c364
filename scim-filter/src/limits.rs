//! Bounds on what a parse may cost, for input that comes from the network.

/// Limits enforced while parsing, so hostile input is refused before it costs more than its
/// length: the nesting limit is checked before each descent, the term limit at each term.
///
/// ```
/// use scim_filter::{Limits, ParseErrorKind, parse_filter_with};
///
/// let strict = Limits { max_terms: 2, ..Limits::default() };
/// let err = parse_filter_with("a pr or b pr or c pr", &strict).unwrap_err();
/// assert_eq!(err.kind(), &ParseErrorKind::TooManyTerms { max: 2 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The deepest nesting of `( )`, `not ( )` and `[ ]`. Each level costs stack, so values
    /// above [`Limits::DEPTH_CEILING`] are treated as that ceiling.
    pub max_depth: usize,
    /// The most comparisons (`attrExp`s) in one filter.
    pub max_terms: usize,
    /// The longest input, in bytes.
    pub max_len: usize,
}

impl Limits {
    /// The deepest nesting any [`Limits`] allows: safe on a 2 MiB thread stack even in an
    /// unoptimised build. No filter a person or identity provider writes comes near it.
    pub const DEPTH_CEILING: usize = 100;

    /// Generous for any filter an identity provider or a person writes (a 4,096-term chain,
    /// 64 levels of nesting, 256 KiB), small enough that a parse stays cheap.
    pub const DEFAULT: Limits = Limits {
        max_depth: 64,
        max_terms: 4096,
        max_len: 256 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
