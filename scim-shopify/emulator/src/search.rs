//! Shopify's customer search syntax (`customers(query:)`), interpreted over one customer. A
//! subset: `field:value` terms (`email`, `phone`, `tag`, `first_name`, `last_name`, `id`,
//! `state`), bare words over names and email, `value*` prefixes, quoted values, `-` and `NOT`
//! negation (`-tag:x`, `NOT tag:x`), `AND` (implicit) and `OR` (`AND` binds tighter), and
//! parentheses.

use crate::state::customer::Customer;

/// The query's words, quoted values and parentheses.
fn tokens(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = query.chars();
    while let Some(ch) = chars.next() {
        match ch {
            // Inside quotes a backslash escapes the next character (`\"`, `\\`).
            '\\' if quoted => current.extend(chars.next()),
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            // Parentheses group outside quotes (`-(` negates a group).
            '(' | ')' if !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                out.push(ch.to_string());
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether a field's value is the wanted one (case-insensitively), or starts with it when it
/// ends in `*`.
fn value_matches(actual: &str, wanted: &str) -> bool {
    let actual = actual.to_lowercase();
    let wanted = wanted.to_lowercase();
    match wanted.strip_suffix('*') {
        Some(prefix) => actual.starts_with(prefix),
        None => actual == wanted,
    }
}

/// Whether the customer matches one term: `field:value`, `-term`, or a bare word.
fn term(customer: &Customer, token: &str) -> bool {
    if let Some(negated) = token.strip_prefix('-') {
        return !term(customer, negated);
    }
    let Some((field, value)) = token.split_once(':') else {
        let word = token.to_lowercase();
        return [&customer.first_name, &customer.last_name, &customer.email]
            .into_iter()
            .flatten()
            .any(|v| {
                let v = v.to_lowercase();
                match word.strip_suffix('*') {
                    Some(prefix) => v.starts_with(prefix),
                    None => v == word || v.split(['@', '.', ' ']).any(|p| p == word),
                }
            });
    };
    let one = |v: &Option<String>| v.as_deref().is_some_and(|v| value_matches(v, value));
    match field {
        "email" => one(&customer.email),
        "phone" => one(&customer.phone),
        "first_name" => one(&customer.first_name),
        "last_name" => one(&customer.last_name),
        "tag" => customer.tags.iter().any(|t| value_matches(t, value)),
        "tag_not" => !customer.tags.iter().any(|t| value_matches(t, value)),
        "id" => value_matches(&customer.id.to_string(), value),
        "state" => value_matches("DISABLED", value),
        _ => false,
    }
}

/// Whether the customer matches the query.
pub fn matches(customer: &Customer, query: &str) -> bool {
    let tokens = tokens(query);
    let mut at = 0;
    any(customer, &tokens, &mut at)
}

/// `and ("OR" and)*`.
fn any(customer: &Customer, tokens: &[String], at: &mut usize) -> bool {
    let mut matched = all(customer, tokens, at);
    while tokens.get(*at).is_some_and(|t| t == "OR") {
        *at += 1;
        matched |= all(customer, tokens, at);
    }
    matched
}

/// `unary (["AND"] unary)*`, up to `OR`, `)` or the end.
fn all(customer: &Customer, tokens: &[String], at: &mut usize) -> bool {
    let mut matched = true;
    loop {
        match tokens.get(*at).map(String::as_str) {
            None | Some(")" | "OR") => return matched,
            Some("AND") => *at += 1,
            Some(_) => matched &= unary(customer, tokens, at),
        }
    }
}

/// `("NOT" | "-") unary`, `"(" any ")"`, or a term.
fn unary(customer: &Customer, tokens: &[String], at: &mut usize) -> bool {
    let Some(token) = tokens.get(*at) else {
        return true;
    };
    *at += 1;
    match token.as_str() {
        "NOT" | "-" => !unary(customer, tokens, at),
        "(" => {
            let matched = any(customer, tokens, at);
            if tokens.get(*at).is_some_and(|t| t == ")") {
                *at += 1;
            }
            matched
        }
        _ => term(customer, token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_excluded_with_tag_not_a_minus_or_not() {
        let now = chrono::Utc::now();
        let customer = |tags: &[&str]| Customer {
            id: 1,
            first_name: Some("Ada".into()),
            email: Some("ada@example.com".into()),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..Customer::blank(now)
        };
        let (live, deleted) = (customer(&["vip"]), customer(&["vip", "scim-deleted"]));
        for query in [
            r#"tag_not:"scim-deleted""#,
            r#"-tag:"scim-deleted""#,
            r#"NOT tag:"scim-deleted""#,
            r#"email:"ada@example.com" AND tag_not:"scim-deleted""#,
            r#"tag:vip AND NOT tag:"scim-deleted""#,
        ] {
            assert!(matches(&live, query), "{query}");
            assert!(!matches(&deleted, query), "{query}");
        }
        assert!(matches(&deleted, r#"NOT NOT tag:"scim-deleted""#));
        // Groups, and `AND` binding tighter than `OR`.
        let grouped = r#"(first_name:"Bob" OR email:"ada@example.com") AND tag_not:"scim-deleted""#;
        assert!(matches(&live, grouped));
        assert!(!matches(&deleted, grouped));
        assert!(matches(
            &deleted,
            r#"first_name:"Bob" AND tag:"x" OR tag:"vip""#
        ));
        assert!(!matches(&live, r#"-(tag:"vip" OR tag:"x")"#));
    }
}
