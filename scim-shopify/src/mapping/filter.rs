//! SCIM filters → Shopify lookups and searches, with the rest evaluated in memory.
//!
//! Facts relied on (the `customers` query's `query` argument in the 2026-07 Admin schema,
//! and shopify.dev "Shopify API search syntax"):
//! - `email` is tokenised; a quoted value is a phrase query, so `email:"a@b.c"` finds that
//!   address but may find others containing it. `first_name`, `last_name` and `phone` are
//!   searched the same case-insensitive, tokenised way.
//! - `tag:` / `tag_not:` take tags (commas separate several); `id:` takes numeric ids;
//!   `customer_date` filters on `createdAt` and `updated_at` matches a whole day.
//! - Search lags writes; `customerByIdentifier` and `customer(id:)` do not.
//!
//! `userName eq` is looked up by the unique `userName` key
//! ([`MappingConfig::user_name`](super::MappingConfig::user_name)), whatever the form of the
//! name. For a shop whose customers may not all hold that key yet (provisioned before it
//! existed, [`translate_filter_unindexed`]), the customer's email holds `userName` when it is
//! an address (else the primary email), so `userName eq "a@b.c"` finds every such user by
//! email, and another name is searched. `emails.value eq` is looked up and
//! searched the same way, as the project issue asks; it finds users by the address the
//! customer has, and so misses a user whose address-shaped `userName` differs from the
//! `emails` value asked for (that value lives only in the JSON metafield).
//!
//! So a search is only ever a pre-filter: every customer that matches the SCIM filter is in
//! its results (a superset), and the [`Translation::residual`] is evaluated on them. Only
//! direct lookups are exact. Terms are translated only where that superset property holds;
//! a term that cannot be is dropped from an `and` (widening) and makes an `or` or `not`
//! untranslatable (no search: list every customer).

use std::borrow::Cow;

use chrono::Duration;
use scim_core::resource::{format_date_time, parse_date_time};
use scim_filter::{AttrPath, CompValue, CompareOp, Filter, USER_SCHEMA, ValueFilter};

use super::config::{CustomerField, MappingConfig, Target};
use super::customer::customer_gid;
use super::search::{Comparator, SearchExpr, SearchField, searchable};
use super::values::user_name_key;

/// A lookup that finds at most one customer, immediately consistent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectLookup {
    /// `customer(id:)` with this gid.
    CustomerId(String),
    /// `customerByIdentifier(identifier: {emailAddress: ...})`.
    Email(String),
    /// `customerByIdentifier(identifier: {customId: {namespace, key, id}})`.
    CustomId {
        /// The metafield namespace.
        namespace: String,
        /// The metafield key.
        key: String,
        /// The value looked for.
        id: String,
    },
    /// No customer can match (such as `id eq "abc"`, which is no customer id): answer an
    /// empty list without asking Shopify.
    NoMatch,
}

/// How to answer a filter: fetch the candidates with [`direct`](Self::direct) if set, else
/// with a `customers(query:)` [`search`](Self::search) if set, else list every customer;
/// then keep those the [`residual`](Self::residual) matches (all of them when it is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// A lookup of at most one customer that replaces the search.
    pub direct: Option<DirectLookup>,
    /// A search whose results include every match (never a direct lookup's companion),
    /// typed until the store sends it (printed in Shopify's syntax by its `Display`).
    pub search: Option<SearchExpr>,
    /// What remains to check in memory, with scim-filter, on the Users read.
    pub residual: Option<Filter<'static>>,
}

/// Translates a filter on Users.
///
/// ```
/// use scim_shopify::mapping::{DirectLookup, MappingConfig, translate_filter};
///
/// let config = MappingConfig::default();
/// let filter = scim_filter::parse_filter(r#"externalId eq "00u1" and title pr"#)?;
/// let t = translate_filter(&config, &filter);
/// assert_eq!(t.direct, Some(DirectLookup::CustomId {
///     namespace: "scim".into(), key: "external_id".into(), id: "00u1".into(),
/// }));
/// assert_eq!(t.residual.unwrap().to_string(), "title pr");
///
/// let filter = scim_filter::parse_filter(
///     r#"name.familyName eq "O\"Brien OR tag:x" and active eq false"#,
/// )?;
/// let t = translate_filter(&config, &filter);
/// assert_eq!(t.direct, None);
/// assert_eq!(
///     t.search.unwrap().to_string(),
///     r#"last_name:"O\"Brien OR tag:x" AND tag:"scim-inactive""#,
/// );
/// assert_eq!(t.residual.unwrap(), filter.into_owned());
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
pub fn translate_filter(config: &MappingConfig, filter: &Filter<'_>) -> Translation {
    translate(config, filter, Keys::Indexed)
}

/// [`translate_filter`] for a shop whose customers may not all hold the unique `userName`
/// key yet: `userName eq` finds an address-shaped name by email and searches another, as
/// before the key existed. The store falls back to it when the key finds no customer there.
///
/// ```
/// use scim_shopify::mapping::{DirectLookup, MappingConfig, translate_filter, translate_filter_unindexed};
///
/// let config = MappingConfig::default();
/// let filter = scim_filter::parse_filter(r#"userName eq "BJensen""#)?;
/// assert_eq!(translate_filter(&config, &filter).direct, Some(DirectLookup::CustomId {
///     namespace: "scim".into(), key: "user_name".into(), id: "bjensen".into(),
/// }));
/// let unindexed = translate_filter_unindexed(&config, &filter);
/// assert_eq!(unindexed.direct, None);
/// assert!(unindexed.residual.is_some());
/// # Ok::<(), scim_filter::ParseError>(())
/// ```
pub fn translate_filter_unindexed(config: &MappingConfig, filter: &Filter<'_>) -> Translation {
    translate(config, filter, Keys::Unindexed)
}

/// Whether every customer of the shop holds the unique `userName` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keys {
    Indexed,
    Unindexed,
}

fn translate(config: &MappingConfig, filter: &Filter<'_>, keys: Keys) -> Translation {
    if let Some((direct, rest)) = direct_lookup(config, filter, keys) {
        return Translation {
            direct: Some(direct),
            search: None,
            residual: rest.map(Filter::into_owned),
        };
    }
    Translation {
        direct: None,
        search: search(config, filter),
        residual: Some(filter.clone().into_owned()),
    }
}

/// A direct lookup for the filter, or for one term of a top-level `and`, with what is left
/// to check. `id`, `externalId` and (with the keys indexed) `userName` lookups are exact and
/// consume their term; `emails.value` lookups (and unindexed `userName` ones) find the
/// customer by email and keep their term (Shopify folds case and whitespace its own way,
/// and the merchant may have edited the email).
fn direct_lookup<'f, 'a>(
    config: &MappingConfig,
    filter: &'f Filter<'a>,
    keys: Keys,
) -> Option<(DirectLookup, Option<Filter<'a>>)> {
    match filter {
        Filter::And(terms) => {
            // An exact lookup (`id`, `externalId`) is preferred to a lookup by email.
            let candidates = terms
                .iter()
                .enumerate()
                .filter_map(|(i, term)| direct_term(config, term, keys).map(|d| (i, d)));
            let (i, (lookup, exact)) =
                candidates.max_by_key(|(i, (_, exact))| (*exact, usize::MAX - i))?;
            let rest: Vec<Filter<'a>> = terms
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i || !exact)
                .map(|(_, t)| t.clone())
                .collect();
            Some((lookup, and_of(rest)))
        }
        term => {
            let (lookup, exact) = direct_term(config, term, keys)?;
            Some((lookup, (!exact).then(|| filter.clone())))
        }
    }
}

fn and_of(mut terms: Vec<Filter<'_>>) -> Option<Filter<'_>> {
    match terms.len() {
        0 => None,
        1 => terms.pop(),
        _ => Some(Filter::And(terms)),
    }
}

/// A lookup for one `eq` term, and whether it is exact.
fn direct_term(
    config: &MappingConfig,
    term: &Filter<'_>,
    keys: Keys,
) -> Option<(DirectLookup, bool)> {
    let (attr, value) = eq_string(config, term)?;
    match attr {
        Attr::Id => Some((
            customer_gid(value).map_or(DirectLookup::NoMatch, DirectLookup::CustomerId),
            true,
        )),
        Attr::ExternalId => Some((
            DirectLookup::CustomId {
                namespace: config.external_id.namespace.clone(),
                key: config.external_id.key.clone(),
                id: value.to_owned(),
            },
            true,
        )),
        // RFC 7643 §4.1.1: `userName` is unique without case, and the key is lowercased.
        Attr::UserName if keys == Keys::Indexed => Some((
            DirectLookup::CustomId {
                namespace: config.user_name.namespace.clone(),
                key: config.user_name.key.clone(),
                id: user_name_key(value),
            },
            true,
        )),
        Attr::UserName | Attr::Email if value.contains('@') => {
            Some((DirectLookup::Email(value.to_owned()), false))
        }
        _ => None,
    }
}

/// The attributes the translation knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attr {
    Id,
    ExternalId,
    UserName,
    /// `emails.value` or `emails[value eq ...]`.
    Email,
    /// `phoneNumbers.value`.
    Phone,
    Active,
    Created,
    LastModified,
    /// An attribute a rule maps to a customer field.
    Field(CustomerField),
    Other,
}

fn attr_of(config: &MappingConfig, path: &AttrPath<'_>) -> Attr {
    if path
        .uri()
        .is_some_and(|uri| !uri.eq_ignore_ascii_case(USER_SCHEMA))
    {
        return rule_field(config, path);
    }
    let name = path.name();
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    let sub = path.sub_attr();
    let sub_is = |n: &str| sub.is_some_and(|s| s.eq_ignore_ascii_case(n));
    match () {
        _ if is("id") && sub.is_none() => Attr::Id,
        _ if is("externalId") && sub.is_none() => Attr::ExternalId,
        _ if is("userName") && sub.is_none() => Attr::UserName,
        _ if is("emails") && (sub.is_none() || sub_is("value")) => Attr::Email,
        _ if is("phoneNumbers") && (sub.is_none() || sub_is("value")) => Attr::Phone,
        _ if is("active") && sub.is_none() => Attr::Active,
        _ if is("meta") && sub_is("created") => Attr::Created,
        _ if is("meta") && sub_is("lastModified") => Attr::LastModified,
        _ => rule_field(config, path),
    }
}

/// The URN of an extension, `None` for the core User schema.
fn core(uri: Option<&str>) -> Option<&str> {
    uri.filter(|u| !u.eq_ignore_ascii_case(USER_SCHEMA))
}

fn rule_field(config: &MappingConfig, path: &AttrPath<'_>) -> Attr {
    let same = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    config
        .rules
        .iter()
        .find_map(|rule| match rule.target() {
            Target::Field(field)
                if same(core(rule.path().uri()), core(path.uri()))
                    && rule.path().name().eq_ignore_ascii_case(path.name())
                    && same(rule.path().sub_attr(), path.sub_attr()) =>
            {
                Some(Attr::Field(*field))
            }
            _ => None,
        })
        .unwrap_or(Attr::Other)
}

/// `attr eq "string"`, also as `emails[value eq "x"]`.
fn eq_string<'f>(config: &MappingConfig, term: &'f Filter<'_>) -> Option<(Attr, &'f str)> {
    match term {
        Filter::Compare {
            path,
            op: CompareOp::Equal,
            value: CompValue::String(value),
        } => Some((attr_of(config, path), value.as_ref())),
        Filter::ValuePath { path, filter } if attr_of(config, path) == Attr::Email => {
            match filter.as_ref() {
                ValueFilter::Compare {
                    sub_attr,
                    op: CompareOp::Equal,
                    value: CompValue::String(value),
                } if sub_attr.eq_ignore_ascii_case("value") => Some((Attr::Email, value.as_ref())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A `customers(query:)` search that leaves out the customers marked deleted
/// ([`MappingConfig::deleted_tag`], RFC 7644 §3.6: a deleted resource is omitted from
/// query results): `search` (a [`Translation::search`] or a
/// [`members_query`](super::members_query)) and `tag_not:"<deleted tag>"`, or that term
/// alone. Search lags writes, so the store leaves deleted customers out in memory too; this
/// only keeps them from filling pages.
///
/// ```
/// use scim_shopify::mapping::{Comparator, MappingConfig, SearchExpr, SearchField, live_search};
///
/// let config = MappingConfig::default();
/// assert_eq!(live_search(&config, None).to_string(), r#"tag_not:"scim-deleted""#);
/// let either = SearchExpr::Or(vec![
///     SearchExpr::term(SearchField::FirstName, Comparator::Equal, "Ann"),
///     SearchExpr::term(SearchField::Email, Comparator::Equal, "a@x.io"),
/// ]);
/// assert_eq!(
///     live_search(&config, Some(either)).to_string(),
///     r#"(first_name:"Ann" OR email:"a@x.io") AND tag_not:"scim-deleted""#,
/// );
/// ```
pub fn live_search(config: &MappingConfig, search: Option<SearchExpr>) -> SearchExpr {
    let live = SearchExpr::term(SearchField::TagNot, Comparator::Equal, &config.deleted_tag);
    match search {
        // One more term of the same `AND`: it prints as `search AND live`.
        Some(SearchExpr::And(mut terms)) => {
            terms.push(live);
            SearchExpr::And(terms)
        }
        // Every `OR` is parenthesised when printed, so `AND` binds to all of it.
        Some(search) => SearchExpr::And(vec![search, live]),
        None => live,
    }
}

/// A search whose results include every customer the filter matches, or `None` when none
/// can be written.
fn search(config: &MappingConfig, filter: &Filter<'_>) -> Option<SearchExpr> {
    match filter {
        Filter::And(terms) => {
            let parts: Vec<SearchExpr> = terms.iter().filter_map(|t| search(config, t)).collect();
            match parts.len() {
                0 => None,
                1 => parts.into_iter().next(),
                _ => Some(SearchExpr::And(parts)),
            }
        }
        Filter::Or(terms) => terms
            .iter()
            .map(|t| search(config, t))
            .collect::<Option<Vec<_>>>()
            .map(SearchExpr::Or),
        Filter::Not(_) | Filter::Present(_) => None,
        Filter::ValuePath { .. } => {
            let (attr, value) = eq_string(config, filter)?;
            term_for(
                config,
                attr,
                CompareOp::Equal,
                &CompValue::String(Cow::Borrowed(value)),
            )
        }
        Filter::Compare { path, op, value } => term_for(config, attr_of(config, path), *op, value),
    }
}

fn term_for(
    config: &MappingConfig,
    attr: Attr,
    op: CompareOp,
    value: &CompValue<'_>,
) -> Option<SearchExpr> {
    let text = |field| match value {
        CompValue::String(s) if op == CompareOp::Equal && searchable(s) => {
            Some(SearchExpr::term(field, Comparator::Equal, s.as_ref()))
        }
        _ => None,
    };
    match attr {
        Attr::Id => match value {
            CompValue::String(s) if op == CompareOp::Equal => Some(SearchExpr::term(
                SearchField::Id,
                Comparator::Equal,
                customer_gid(s).map(|_| s.to_string())?,
            )),
            _ => None,
        },
        // The email holds `userName` when it is an address, else the primary email.
        Attr::UserName | Attr::Email => match value {
            CompValue::String(s) if s.contains('@') => text(SearchField::Email),
            _ => None,
        },
        Attr::Field(CustomerField::FirstName) => text(SearchField::FirstName),
        Attr::Field(CustomerField::LastName) => text(SearchField::LastName),
        Attr::Active => {
            let CompValue::Bool(active) = value else {
                return None;
            };
            let field = match (op, *active) {
                (CompareOp::Equal, false) | (CompareOp::NotEqual, true) => SearchField::Tag,
                (CompareOp::Equal, true) | (CompareOp::NotEqual, false) => SearchField::TagNot,
                _ => return None,
            };
            (!config.inactive_tag.contains(','))
                .then(|| SearchExpr::term(field, Comparator::Equal, &config.inactive_tag))
        }
        Attr::Created => time_range(SearchField::CustomerDate, op, value),
        Attr::LastModified => time_range(SearchField::UpdatedAt, op, value),
        Attr::ExternalId | Attr::Phone | Attr::Field(_) | Attr::Other => None,
    }
}

/// A date range widened by a day on the open side, so the shop's time zone and whole-day
/// matching (`updated_at`) cannot exclude a match.
fn time_range(field: SearchField, op: CompareOp, value: &CompValue<'_>) -> Option<SearchExpr> {
    let CompValue::String(text) = value else {
        return None;
    };
    let instant = parse_date_time(text)?;
    let (comparator, bound) = match op {
        CompareOp::GreaterThan | CompareOp::GreaterOrEqual => {
            (Comparator::GreaterOrEqual, instant - Duration::days(1))
        }
        CompareOp::LessThan | CompareOp::LessOrEqual => {
            (Comparator::LessOrEqual, instant + Duration::days(1))
        }
        _ => return None,
    };
    Some(SearchExpr::term(
        field,
        comparator,
        format_date_time(&bound),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_filter::parse_filter;

    fn translate(text: &str) -> Translation {
        translate_filter(&MappingConfig::default(), &parse_filter(text).unwrap())
    }

    /// As a shop whose customers may lack the unique `userName` key translates it.
    fn translate_unindexed(text: &str) -> Translation {
        translate_filter_unindexed(&MappingConfig::default(), &parse_filter(text).unwrap())
    }

    fn user_name_key(id: &str) -> DirectLookup {
        DirectLookup::CustomId {
            namespace: "scim".into(),
            key: "user_name".into(),
            id: id.into(),
        }
    }

    /// The search of a translation as Shopify receives it.
    fn printed(t: &Translation) -> Option<String> {
        t.search.as_ref().map(SearchExpr::to_string)
    }

    #[test]
    fn equality_on_identifiers_is_a_direct_lookup() {
        let t = translate(r#"id eq "42""#);
        assert_eq!(
            t.direct,
            Some(DirectLookup::CustomerId("gid://shopify/Customer/42".into()))
        );
        assert_eq!(t.residual, None);
        assert_eq!(
            translate(r#"id eq "42 OR 1""#).direct,
            Some(DirectLookup::NoMatch)
        );

        // RFC 7643 §4.1.1: userName by its unique key, lowercased, exact.
        let t = translate(r#"userName eq "Bjensen@Example.com""#);
        assert_eq!(t.direct, Some(user_name_key("bjensen@example.com")));
        assert_eq!(t.residual, None);
        let t = translate_unindexed(r#"userName eq "Bjensen@Example.com""#);
        assert_eq!(
            t.direct,
            Some(DirectLookup::Email("Bjensen@Example.com".into()))
        );
        assert!(t.residual.is_some());
        let t = translate(
            r#"emails[type eq "work" and value eq "b@x.io"] or emails.value eq "b@x.io""#,
        );
        assert_eq!(t.direct, None);
        let t = translate(r#"emails[value eq "b@x.io"]"#);
        assert_eq!(t.direct, Some(DirectLookup::Email("b@x.io".into())));
        let t = translate(r#"active eq true and emails.value eq "b@x.io""#);
        assert_eq!(t.direct, Some(DirectLookup::Email("b@x.io".into())));
        assert_eq!(
            t.residual.unwrap().to_string(),
            r#"active eq true and emails.value eq "b@x.io""#
        );
    }

    #[test]
    fn exact_lookups_are_preferred() {
        let t = translate(r#"userName eq "a@x.io" and externalId eq "e1" and id eq "7""#);
        assert_eq!(t.direct, Some(user_name_key("a@x.io")));
        assert_eq!(
            t.residual.unwrap().to_string(),
            r#"externalId eq "e1" and id eq "7""#
        );
        let t = translate_unindexed(r#"userName eq "a@x.io" and externalId eq "e1" and id eq "7""#);
        assert!(matches!(t.direct, Some(DirectLookup::CustomId { ref id, .. }) if id == "e1"));
        assert_eq!(
            t.residual.unwrap().to_string(),
            r#"userName eq "a@x.io" and id eq "7""#
        );
    }

    #[test]
    fn user_names_that_are_not_addresses_are_looked_up_by_key_or_searched_unindexed() {
        let t = translate(r#"userName eq "BJensen""#);
        assert_eq!(
            (t.direct, t.residual),
            (Some(user_name_key("bjensen")), None)
        );
        let t = translate_unindexed(r#"userName eq "bjensen""#);
        assert_eq!((t.direct, t.search), (None, None));
        assert!(t.residual.is_some());
    }

    #[test]
    fn searches_cover_every_match() {
        let t = translate(r#"name.givenName eq "Ann" or userName eq "a@x.io""#);
        assert_eq!(
            printed(&t).as_deref(),
            Some(r#"(first_name:"Ann" OR email:"a@x.io")"#)
        );
        let t = translate(r#"name.givenName eq "Ann" or title eq "x""#);
        assert_eq!(t.search, None);
        let t =
            translate(r#"name.givenName sw "An" and meta.lastModified gt "2026-05-06T02:40:36Z""#);
        assert_eq!(
            printed(&t).as_deref(),
            Some(r#"updated_at:>="2026-05-05T02:40:36Z""#)
        );
        let t = translate(r#"not (active eq false)"#);
        assert_eq!(t.search, None);
        let t = translate(r#"meta.created le "2026-01-01T00:00:00Z" and active eq true"#);
        assert_eq!(
            printed(&t).as_deref(),
            Some(r#"customer_date:<="2026-01-02T00:00:00Z" AND tag_not:"scim-inactive""#)
        );
        assert!(t.residual.is_some());
    }

    #[test]
    fn a_live_search_prints_as_the_search_and_the_deleted_tag() {
        let config = MappingConfig::default();
        for filter in [
            r#"name.givenName eq "Ann" and name.familyName eq "Lee" and active eq false"#,
            r#"name.givenName eq "Ann" or userName eq "a@x.io""#,
            r#"name.givenName eq "Ann""#,
            r#"(name.givenName eq "Ann" and active eq true) or name.familyName eq "Lee""#,
        ] {
            let search = translate(filter).search.expect("a search");
            let glued = format!("{search} AND {}", live_search(&config, None));
            assert_eq!(
                live_search(&config, Some(search)).to_string(),
                glued,
                "{filter}"
            );
        }
    }

    #[test]
    fn control_characters_are_not_searched() {
        let t = translate("name.familyName eq \"a\\nb\"");
        assert_eq!(t.search, None);
    }
}
