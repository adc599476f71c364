//! Shopify's normalisation and validation of customer fields: tags, emails, phones and
//! locales, as the captured responses show them.

use crate::state::user_error::UserError;

/// Splits, trims, deduplicates and sorts tags case-insensitively, as Shopify does.
pub(crate) fn normalise_tags<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for piece in raw.into_iter().flat_map(|t| t.split(',')) {
        let tag = piece.trim();
        if tag.is_empty() || tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            continue;
        }
        tags.push(tag.to_owned());
    }
    tags.sort_by_key(|t| t.to_lowercase());
    tags
}

/// Lowercases and trims an email; `None` when blank.
pub(crate) fn normalise_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    (!email.is_empty()).then_some(email)
}

/// Whether a normalised email looks like one (one `@`, a dotted domain, no spaces).
pub(crate) fn email_is_valid(email: &str) -> bool {
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
}

/// Normalises a phone number to E.164 (North American numbers without a country code get `+1`);
/// `Err(())` when it cannot be a phone number.
pub(crate) fn normalise_phone(raw: &str) -> Result<String, ()> {
    let trimmed = raw.trim();
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
    {
        return Err(());
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let e164 = if trimmed.starts_with('+') {
        digits
    } else if digits.len() == 10 {
        format!("1{digits}")
    } else if digits.len() == 11 && digits.starts_with('1') {
        digits
    } else {
        return Err(());
    };
    if !(8..=15).contains(&e164.len()) || e164.starts_with('0') {
        return Err(());
    }
    if e164.starts_with('1') && (e164.len() != 11 || matches!(e164.as_bytes()[1], b'0' | b'1')) {
        return Err(());
    }
    Ok(format!("+{e164}"))
}

/// The locales a customer may have.
pub(crate) const LOCALES: &[&str] = &[
    "en", "en-US", "en-GB", "en-CA", "en-AU", "fr", "fr-CA", "de", "es", "it", "ja", "nl", "pt-BR",
    "pt-PT", "sv", "da", "nb", "fi", "pl", "ko", "zh-CN", "zh-TW", "cs", "tr", "th",
];

/// The error of tags too many or too long, on the input path `field`.
pub(crate) fn tag_errors(tags: &[String], field: &[&str]) -> Option<UserError> {
    if tags.len() > 250 {
        return Some(UserError::on(field, "Tags cannot be more than 250"));
    }
    tags.iter()
        .any(|t| t.chars().count() > 255)
        .then(|| UserError::on(field, "Tags is too long (maximum is 255 characters)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_trim_dedupe_and_sort_case_insensitively() {
        assert_eq!(
            normalise_tags(["Zulu", "alpha", "alpha", " spaced tag ", "", "b,A"]),
            ["A", "alpha", "b", "spaced tag", "Zulu"]
        );
    }

    #[test]
    fn phones_become_e164() {
        assert_eq!(normalise_phone("(415) 555-0123").unwrap(), "+14155550123");
        assert_eq!(
            normalise_phone("+44 20 7946 0958").unwrap(),
            "+442079460958"
        );
        assert!(normalise_phone("not a phone").is_err());
    }
}
