//! How Shopify keeps the values the mapping compares: emails (lowercased, without spaces),
//! phone numbers (E.164) and locales (language tags), and the key that makes a `userName`
//! unique without case. A value Shopify would refuse is not sent; a value Shopify
//! normalised is not taken for a change.

/// The value of the unique `userName` metafield ([`MappingConfig::user_name`]) for a
/// `userName`: lowercased (Unicode), so that two names differing only in case collide, as
/// RFC 7643 §4.1.1 wants (`caseExact: false`, `uniqueness: server`).
///
/// [`MappingConfig::user_name`]: super::MappingConfig::user_name
///
/// ```
/// use scim_shopify::mapping::user_name_key;
///
/// assert_eq!(user_name_key("BJensen@Example.COM"), "bjensen@example.com");
/// assert_eq!(user_name_key("ÉLODIE"), user_name_key("élodie"));
/// ```
pub fn user_name_key(user_name: &str) -> String {
    user_name.to_lowercase()
}

/// Emails as Shopify keeps them: whitespace removed, compared case-insensitively (the
/// `customer-email-normalization` capture).
pub(crate) fn same_email(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Whether `value` has the shape of the language tags Shopify takes as a customer locale
/// (`en`, `en-US`, `zh-Hant-TW`, `es-419`): a language of 2 or 3 letters, an optional script
/// of 4 letters, an optional region of 2 letters or 3 digits (RFC 5646 §2.1).
pub(crate) fn is_language_tag(value: &str) -> bool {
    let mut parts = value.split('-');
    let letters = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    if !parts.next().is_some_and(|l| letters(l, 2..=3)) {
        return false;
    }
    let mut rest: Vec<&str> = parts.collect();
    if rest.first().is_some_and(|s| letters(s, 4..=4)) {
        rest.remove(0);
    }
    match rest.as_slice() {
        [] => true,
        [region] => {
            letters(region, 2..=2)
                || (region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => false,
    }
}

/// Whether Shopify can keep `phone` as a customer's phone, which it stores in E.164: an
/// international number (`+` and 8 to 15 digits, not starting with 0), or a North American
/// one without its country code (10 digits, or 11 starting with 1, whose area code does not
/// start with 0 or 1), punctuated with spaces, `-`, `.` and parentheses at most. The
/// captured `Phone is invalid` answers follow these rules; a number outside them is kept in
/// `phoneNumbers` but not sent.
pub(crate) fn is_dialable(phone: &str) -> bool {
    let trimmed = phone.trim();
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
        || trimmed.rfind('+').is_some_and(|at| at > 0)
    {
        return false;
    }
    let digits: Vec<u8> = trimmed.bytes().filter(u8::is_ascii_digit).collect();
    let e164 = if trimmed.starts_with('+') {
        digits
    } else if digits.len() == 10 {
        [&[b'1'][..], &digits].concat()
    } else if digits.len() == 11 && digits[0] == b'1' {
        digits
    } else {
        return false;
    };
    if !(8..=15).contains(&e164.len()) || e164[0] == b'0' {
        return false;
    }
    e164[0] != b'1' || (e164.len() == 11 && !matches!(e164[1], b'0' | b'1'))
}

/// Phone numbers compared by their digits (Shopify stores E.164, `+16135550142`, whatever
/// punctuation was sent).
pub(crate) fn same_phone(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (a, b) = (digits(a), digits(b));
    // A national number and its E.164 form (`3369165758` and `+13369165758`): one ends with
    // the other, the rest (at most three digits) a country code.
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    a == b || (short.len() >= 7 && long.len() - short.len() <= 3 && long.ends_with(short.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_and_e164_phone_numbers_are_the_same() {
        assert!(same_phone("3369165758", "+13369165758"));
        assert!(same_phone("+1 (613) 555-0142", "+16135550142"));
        assert!(!same_phone("5550142", "+16135550143"));
        assert!(!same_phone("123", "+44123"));
    }
}
