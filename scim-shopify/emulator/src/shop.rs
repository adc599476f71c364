//! One shop's data: customers, their tags and metafields, seeded orders, and the search index
//! that lags writes. Normalisation and `userErrors` follow the captured Shopify responses.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};

use super::definitions::{self, Definitions};
use super::metaobjects::Metaobjects;

/// A customer metafield.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metafield {
    pub id: u64,
    pub namespace: String,
    pub key: String,
    pub value: String,
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A customer as the emulator stores it, already normalised.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Customer {
    pub id: u64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub locale: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub tax_exempt: bool,
    pub orders: u32,
    /// Whether `customerRequestDataErasure` was asked for (Shopify erases later; the
    /// customer stays readable meanwhile).
    pub erasure_requested: bool,
    pub metafields: Vec<Metafield>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    /// A customer with nothing set (id 0 until the shop numbers it), made at `now`.
    pub(crate) fn blank(now: DateTime<Utc>) -> Customer {
        Customer {
            id: 0,
            first_name: None,
            last_name: None,
            email: None,
            phone: None,
            locale: "en".to_owned(),
            note: None,
            tags: Vec::new(),
            tax_exempt: false,
            orders: 0,
            erasure_requested: false,
            metafields: Vec::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// The gid, `gid://shopify/Customer/N`.
    pub fn gid(&self) -> String {
        format!("gid://shopify/Customer/{}", self.id)
    }

    /// Shopify's `displayName`: the names, else the email, else the phone.
    pub fn display_name(&self) -> String {
        let names: Vec<&str> = [&self.first_name, &self.last_name]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !names.is_empty() {
            return names.join(" ");
        }
        self.email
            .clone()
            .or_else(|| self.phone.clone())
            .unwrap_or_default()
    }
}

/// A Shopify `UserError`: the input path and the message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UserError {
    pub field: Option<Vec<String>>,
    pub message: String,
    /// The error code, for the payloads whose error type has one.
    pub code: Option<&'static str>,
}

impl UserError {
    fn on(field: &[&str], message: impl Into<String>) -> Self {
        UserError {
            field: Some(field.iter().map(|f| (*f).to_owned()).collect()),
            message: message.into(),
            code: None,
        }
    }
}

/// Timestamps as Shopify prints them (seconds, `Z`).
pub(crate) fn timestamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The fields of a `CustomerInput` the emulator understands; `None` means absent, `Some(None)`
/// an explicit null.
#[derive(Debug, Default, Clone)]
pub(crate) struct CustomerInput {
    pub id: Option<String>,
    pub first_name: Option<Option<String>>,
    pub last_name: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub locale: Option<Option<String>>,
    pub note: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub tax_exempt: Option<bool>,
    pub metafields: Vec<MetafieldInput>,
}

/// One metafield to set on a customer.
#[derive(Debug, Clone)]
pub(crate) struct MetafieldInput {
    pub namespace: String,
    pub key: String,
    pub value: String,
    pub kind: Option<String>,
}

/// What a customer identifier names.
#[derive(Debug, Clone)]
pub(crate) enum Identifier {
    Id(String),
    Email(String),
    Phone(String),
    CustomId {
        namespace: String,
        key: String,
        value: String,
    },
}

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

fn email_is_valid(email: &str) -> bool {
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

const LOCALES: &[&str] = &[
    "en", "en-US", "en-GB", "en-CA", "en-AU", "fr", "fr-CA", "de", "es", "it", "ja", "nl", "pt-BR",
    "pt-PT", "sv", "da", "nb", "fi", "pl", "ko", "zh-CN", "zh-TW", "cs", "tr", "th",
];

/// The result of a customer write: the customer (on success) and the user errors.
pub(crate) type WriteResult = (Option<Customer>, Vec<UserError>);

/// The data of one shop.
#[derive(Debug, Default)]
pub(crate) struct Shop {
    next_id: u64,
    customers: BTreeMap<u64, Customer>,
    /// Per customer id, the versions the search index will see, each from an instant on.
    index: BTreeMap<u64, Vec<(Instant, Option<Customer>)>>,
    search_lag: Duration,
    /// Metaobject definitions and entries.
    pub metaobjects: Metaobjects,
    /// The customer metafield definitions (`metafieldDefinitionCreate`).
    pub definitions: Definitions,
}

impl Shop {
    pub fn new(search_lag: Duration) -> Self {
        Shop {
            next_id: 1_000_001,
            search_lag,
            metaobjects: Metaobjects::new(),
            ..Shop::default()
        }
    }

    fn allocate(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn reindex(&mut self, id: u64) {
        let version = self.customers.get(&id).cloned();
        self.index
            .entry(id)
            .or_default()
            .push((Instant::now() + self.search_lag, version));
    }

    /// A customer by gid, immediately consistent.
    pub fn customer(&self, gid: &str) -> Option<&Customer> {
        self.customers.get(&parse_gid(gid, "Customer")?)
    }

    /// `customerByIdentifier`, immediately consistent.
    pub fn by_identifier(&self, identifier: &Identifier) -> Option<&Customer> {
        match identifier {
            Identifier::Id(gid) => self.customer(gid),
            Identifier::Email(email) => {
                let email = normalise_email(email)?;
                self.customers
                    .values()
                    .find(|c| c.email.as_deref() == Some(&email))
            }
            Identifier::Phone(phone) => {
                let phone = normalise_phone(phone).ok()?;
                self.customers
                    .values()
                    .find(|c| c.phone.as_deref() == Some(&phone))
            }
            Identifier::CustomId {
                namespace,
                key,
                value,
            } => self.customers.values().find(|c| {
                c.metafields
                    .iter()
                    .any(|m| &m.namespace == namespace && &m.key == key && &m.value == value)
            }),
        }
    }

    /// The customers the (lagging) search index holds now, in id order.
    pub fn searchable(&self) -> Vec<Customer> {
        let now = Instant::now();
        self.index
            .values()
            .filter_map(|versions| {
                versions
                    .iter()
                    .rev()
                    .find(|(from, _)| *from <= now)
                    .and_then(|(_, v)| v.clone())
            })
            .collect()
    }

    /// Seeds `count` customers a merchant already had (`first_name` "Customer", `last_name`
    /// their number, `email` `customer<number>@seed.example`), as `customerCreate` would
    /// make them; their gids, in order.
    pub fn seed_customers(&mut self, count: usize) -> Vec<String> {
        let start = self.customers.len();
        (start..start + count)
            .filter_map(|n| {
                let (created, _) = self.create(CustomerInput {
                    first_name: Some(Some("Customer".to_owned())),
                    last_name: Some(Some(n.to_string())),
                    email: Some(Some(format!("customer{n}@seed.example"))),
                    ..CustomerInput::default()
                });
                created.map(|c| format!("gid://shopify/Customer/{}", c.id))
            })
            .collect()
    }

    /// Seeds `count` orders on a customer, which then cannot be deleted.
    pub fn seed_orders(&mut self, gid: &str, count: u32) -> bool {
        match parse_gid(gid, "Customer").and_then(|id| self.customers.get_mut(&id)) {
            Some(customer) => {
                customer.orders += count;
                true
            }
            None => false,
        }
    }

    /// `customerCreate`.
    pub fn create(&mut self, input: CustomerInput) -> WriteResult {
        let now = Utc::now();
        let mut customer = Customer::blank(now);
        let errors = self.apply(&mut customer, &input, None);
        if !errors.is_empty() {
            return (None, errors);
        }
        customer.id = self.allocate();
        let id = customer.id;
        self.customers.insert(id, customer.clone());
        self.reindex(id);
        (Some(customer), Vec::new())
    }

    /// `customerUpdate`.
    pub fn update(&mut self, input: CustomerInput) -> WriteResult {
        let Some(existing) = input.id.as_deref().and_then(|gid| self.customer(gid)) else {
            return (
                None,
                vec![UserError::on(&["id"], "Customer does not exist")],
            );
        };
        let mut customer = existing.clone();
        let id = customer.id;
        let errors = self.apply(&mut customer, &input, Some(id));
        if !errors.is_empty() {
            return (None, errors);
        }
        customer.updated_at = Utc::now().max(customer.updated_at);
        self.customers.insert(id, customer.clone());
        self.reindex(id);
        (Some(customer), Vec::new())
    }

    /// `customerDelete`: the deleted gid, or the user errors.
    pub fn delete(&mut self, gid: &str) -> (Option<String>, Vec<UserError>) {
        let Some(customer) = self.customer(gid) else {
            return (
                None,
                vec![UserError::on(&["id"], "Customer can't be found")],
            );
        };
        if customer.orders > 0 {
            return (
                None,
                vec![UserError::on(
                    &["id"],
                    "Customer can\u{2019}t be deleted because they have associated orders",
                )],
            );
        }
        let id = customer.id;
        let gid = customer.gid();
        self.customers.remove(&id);
        self.reindex(id);
        (Some(gid), Vec::new())
    }

    /// `customerRequestDataErasure`: the customer's gid, or `DOES_NOT_EXIST` (verbatim from
    /// `captures/.../customer-account-page-data-erasure.json`). The customer stays as it is:
    /// Shopify erases it later.
    pub fn request_erasure(&mut self, gid: &str) -> (Option<String>, Vec<UserError>) {
        match parse_gid(gid, "Customer").and_then(|id| self.customers.get_mut(&id)) {
            Some(customer) => {
                customer.erasure_requested = true;
                (Some(customer.gid()), Vec::new())
            }
            None => (
                None,
                vec![UserError {
                    field: Some(vec!["customerId".to_owned()]),
                    message: "Customer does not exist".to_owned(),
                    code: Some("DOES_NOT_EXIST"),
                }],
            ),
        }
    }

    /// Whether erasure was requested for the customer `gid`.
    pub fn erasure_requested(&self, gid: &str) -> bool {
        self.customer(gid).is_some_and(|c| c.erasure_requested)
    }

    /// `tagsAdd` (`add`) and `tagsRemove` on a customer.
    pub fn change_tags(&mut self, gid: &str, tags: &[String], add: bool) -> WriteResult {
        let Some(customer) = self.customer(gid) else {
            return (
                None,
                vec![UserError::on(&["id"], "Customer does not exist")],
            );
        };
        let mut customer = customer.clone();
        let given = normalise_tags(tags.iter().map(String::as_str));
        if add {
            let merged = customer
                .tags
                .iter()
                .chain(&given)
                .map(String::as_str)
                .collect::<Vec<_>>();
            let tags = normalise_tags(merged);
            if let Some(error) = tag_errors(&tags, &["tags"]) {
                return (None, vec![error]);
            }
            customer.tags = tags;
        } else {
            customer
                .tags
                .retain(|t| !given.iter().any(|g| g.eq_ignore_ascii_case(t)));
        }
        customer.updated_at = Utc::now();
        let id = customer.id;
        self.customers.insert(id, customer.clone());
        self.reindex(id);
        (Some(customer), Vec::new())
    }

    /// `metafieldsSet` on customers: the metafields set, or the user errors.
    pub fn set_metafields(
        &mut self,
        entries: &[(String, MetafieldInput)],
    ) -> (Vec<Metafield>, Vec<UserError>) {
        let mut errors = Vec::new();
        for (index, (owner, input)) in entries.iter().enumerate() {
            let index = index.to_string();
            if self.customer(owner).is_none() {
                errors.push(UserError::on(
                    &["metafields", &index, "ownerId"],
                    "Owner does not exist.",
                ));
            }
            if input.kind.is_none() {
                errors.push(UserError::on(
                    &["metafields", &index, "type"],
                    "Type can't be blank",
                ));
            }
        }
        for (index, (owner, input)) in entries.iter().enumerate() {
            let earlier = entries[..index].iter().any(|(other, earlier)| {
                other != owner
                    && earlier.namespace == input.namespace
                    && earlier.key == input.key
                    && earlier.value == input.value
            });
            if earlier || self.value_taken(input, parse_gid(owner, "Customer")) {
                errors.push(definitions::value_taken(index));
            }
        }
        if !errors.is_empty() {
            return (Vec::new(), errors);
        }
        let mut set = Vec::new();
        for (owner, input) in entries {
            let id = parse_gid(owner, "Customer").unwrap_or_default();
            let metafield_id = self.allocate();
            if let Some(customer) = self.customers.get_mut(&id) {
                set.push(upsert_metafield(customer, input, metafield_id));
                customer.updated_at = Utc::now();
            }
            self.reindex(id);
        }
        (set, Vec::new())
    }

    /// `metafieldsDelete` on customers: per identifier, in order, the identifier of the
    /// deleted metafield or `None` when there was none (as the capture
    /// `metafield-definitions/metafield-delete-not-found.json` shows).
    pub fn delete_metafields(
        &mut self,
        entries: &[(String, String, String)],
    ) -> Vec<Option<(String, String, String)>> {
        let mut deleted = Vec::new();
        for (owner, namespace, key) in entries {
            let id = parse_gid(owner, "Customer");
            let removed = id
                .and_then(|id| self.customers.get_mut(&id))
                .is_some_and(|c| {
                    let before = c.metafields.len();
                    c.metafields
                        .retain(|m| !(&m.namespace == namespace && &m.key == key));
                    let removed = c.metafields.len() != before;
                    if removed {
                        c.updated_at = Utc::now();
                    }
                    removed
                });
            if let (true, Some(id)) = (removed, id) {
                self.reindex(id);
            }
            deleted.push(removed.then(|| (owner.clone(), namespace.clone(), key.clone())));
        }
        deleted
    }

    /// Whether `input` sets a value its unique definition already holds on a customer other
    /// than `own_id`.
    fn value_taken(&self, input: &MetafieldInput, own_id: Option<u64>) -> bool {
        self.definitions.is_unique(&input.namespace, &input.key)
            && self.customers.values().any(|c| {
                Some(c.id) != own_id
                    && c.metafields.iter().any(|m| {
                        m.namespace == input.namespace
                            && m.key == input.key
                            && m.value == input.value
                    })
            })
    }

    /// Applies an input to a customer (new when `own_id` is `None`), checking everything Shopify
    /// checks, in its order.
    fn apply(
        &mut self,
        customer: &mut Customer,
        input: &CustomerInput,
        own_id: Option<u64>,
    ) -> Vec<UserError> {
        let mut errors = Vec::new();
        let blank_to_none = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        if let Some(first) = &input.first_name {
            customer.first_name = blank_to_none(first);
            if customer
                .first_name
                .as_ref()
                .is_some_and(|n| n.chars().count() > 255)
            {
                errors.push(UserError::on(
                    &["firstName"],
                    "First name is too long (maximum is 255 characters)",
                ));
            }
        }
        if let Some(last) = &input.last_name {
            customer.last_name = blank_to_none(last);
            if customer
                .last_name
                .as_ref()
                .is_some_and(|n| n.chars().count() > 255)
            {
                errors.push(UserError::on(
                    &["lastName"],
                    "Last name is too long (maximum is 255 characters)",
                ));
            }
        }
        if let Some(email) = &input.email {
            customer.email = email.as_deref().and_then(normalise_email);
            if let Some(email) = &customer.email {
                if email.chars().count() > 255 {
                    errors.push(UserError::on(
                        &["email"],
                        "Email is too long (maximum is 255 characters)",
                    ));
                }
                if !email_is_valid(email) || email.chars().count() > 255 {
                    errors.push(UserError::on(&["email"], "Email is invalid"));
                } else if self
                    .customers
                    .values()
                    .any(|c| Some(c.id) != own_id && c.email.as_deref() == Some(email))
                {
                    errors.push(UserError::on(&["email"], "Email has already been taken"));
                }
            }
        }
        if let Some(phone) = &input.phone {
            let raw = phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
            customer.phone = None;
            if let Some(raw) = raw {
                if raw.chars().count() > 255 {
                    errors.push(UserError::on(
                        &["phone"],
                        "Phone is too long (maximum is 255 characters)",
                    ));
                }
                match normalise_phone(raw) {
                    Ok(phone) => {
                        if self
                            .customers
                            .values()
                            .any(|c| Some(c.id) != own_id && c.phone.as_deref() == Some(&phone))
                        {
                            errors.push(UserError::on(&["phone"], "Phone has already been taken"));
                        }
                        customer.phone = Some(phone);
                    }
                    Err(()) => errors.push(UserError::on(&["phone"], "Phone is invalid")),
                }
            }
        }
        if let Some(locale) = &input.locale {
            match locale.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
                Some(l) if LOCALES.contains(&l) => customer.locale = l.to_owned(),
                Some(_) => errors.push(UserError::on(&["locale"], "Locale is invalid")),
                None => {}
            }
        }
        if let Some(note) = &input.note {
            customer.note = note.clone();
            if note.as_ref().is_some_and(|n| n.chars().count() > 5000) {
                errors.push(UserError::on(
                    &["note"],
                    "Note is too long (maximum is 5000 characters)",
                ));
            }
        }
        if let Some(tags) = &input.tags {
            let tags = normalise_tags(tags.iter().map(String::as_str));
            if let Some(error) = tag_errors(&tags, &["tags"]) {
                errors.push(error);
            }
            customer.tags = tags;
        }
        if let Some(tax_exempt) = input.tax_exempt {
            customer.tax_exempt = tax_exempt;
        }
        if errors.is_empty()
            && customer.first_name.is_none()
            && customer.last_name.is_none()
            && customer.email.is_none()
            && customer.phone.is_none()
        {
            errors.push(UserError {
                field: None,
                message: "A name, phone number, or email address must be present".to_owned(),
                code: None,
            });
        }
        if errors.is_empty() {
            for (index, metafield) in input.metafields.iter().enumerate() {
                if self.value_taken(metafield, own_id) {
                    errors.push(definitions::value_taken(index));
                }
            }
        }
        if errors.is_empty() {
            for input in &input.metafields {
                let id = self.allocate();
                upsert_metafield(customer, input, id);
            }
        }
        errors
    }
}

fn tag_errors(tags: &[String], field: &[&str]) -> Option<UserError> {
    if tags.len() > 250 {
        return Some(UserError::on(field, "Tags cannot be more than 250"));
    }
    tags.iter()
        .any(|t| t.chars().count() > 255)
        .then(|| UserError::on(field, "Tags is too long (maximum is 255 characters)"))
}

fn upsert_metafield(customer: &mut Customer, input: &MetafieldInput, id: u64) -> Metafield {
    let now = Utc::now();
    if let Some(existing) = customer
        .metafields
        .iter_mut()
        .find(|m| m.namespace == input.namespace && m.key == input.key)
    {
        existing.value = input.value.clone();
        if let Some(kind) = &input.kind {
            existing.kind = kind.clone();
        }
        existing.updated_at = now;
        return existing.clone();
    }
    let metafield = Metafield {
        id,
        namespace: input.namespace.clone(),
        key: input.key.clone(),
        value: input.value.clone(),
        kind: input
            .kind
            .clone()
            .unwrap_or_else(|| "single_line_text_field".to_owned()),
        created_at: now,
        updated_at: now,
    };
    customer.metafields.push(metafield.clone());
    metafield
}

/// The numeric id of `gid://shopify/{kind}/N`.
pub(crate) fn parse_gid(gid: &str, kind: &str) -> Option<u64> {
    gid.strip_prefix("gid://shopify/")?
        .strip_prefix(kind)?
        .strip_prefix('/')?
        .parse()
        .ok()
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
