//! One shop's customers: their writes, with the checks and `userErrors` of the captured
//! Shopify responses, the writes of their metafields (which `metafieldsSet` checks first,
//! over all its owners: `state/metafield_writes.rs`), their identifier lookups, and the
//! search index that lags writes.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::state::customer::{Customer, CustomerInput, Identifier};
use crate::state::customer_fields::{
    LOCALES, email_is_valid, normalise_email, normalise_phone, normalise_tags, tag_errors,
};
use crate::state::gid::parse_gid;
use crate::state::metafield::{self, Metafield, MetafieldInput, OwnerType};
use crate::state::metafield_definitions::{MetafieldDefinitions, value_taken};
use crate::state::user_error::UserError;

/// The result of a customer write: the customer (on success) and the user errors.
pub(crate) type WriteResult = (Option<Customer>, Vec<UserError>);

/// The customers of one shop. Customer ids and the ids of every metafield of the shop come
/// from one counter ([`Customers::allocate`]).
#[derive(Debug, Default)]
pub(crate) struct Customers {
    next_id: u64,
    by_id: BTreeMap<u64, Customer>,
    /// Per customer id, the versions the search index will see, each from an instant on.
    index: BTreeMap<u64, Vec<(Instant, Option<Customer>)>>,
    search_lag: Duration,
}

impl Customers {
    /// No customers yet; a write shows up in search `search_lag` after it.
    pub fn new(search_lag: Duration) -> Self {
        Customers {
            next_id: 1_000_001,
            search_lag,
            ..Customers::default()
        }
    }

    /// A new id, for a customer or for a metafield (the shop's own too: metafield ids are
    /// unique in the shop).
    pub fn allocate(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn reindex(&mut self, id: u64) {
        let version = self.by_id.get(&id).cloned();
        self.index
            .entry(id)
            .or_default()
            .push((Instant::now() + self.search_lag, version));
    }

    /// A customer by gid, immediately consistent.
    pub fn customer(&self, gid: &str) -> Option<&Customer> {
        self.by_id.get(&parse_gid(gid, "Customer")?)
    }

    /// The customer numbered `id` (its gid's N), immediately consistent.
    pub fn numbered(&self, id: u64) -> Option<&Customer> {
        self.by_id.get(&id)
    }

    /// `customerByIdentifier`, immediately consistent.
    pub fn by_identifier(&self, identifier: &Identifier) -> Option<&Customer> {
        match identifier {
            Identifier::Id(gid) => self.customer(gid),
            Identifier::Email(email) => {
                let email = normalise_email(email)?;
                self.by_id
                    .values()
                    .find(|c| c.email.as_deref() == Some(&email))
            }
            Identifier::Phone(phone) => {
                let phone = normalise_phone(phone).ok()?;
                self.by_id
                    .values()
                    .find(|c| c.phone.as_deref() == Some(&phone))
            }
            Identifier::CustomId {
                namespace,
                key,
                value,
            } => self.by_id.values().find(|c| {
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
    pub fn seed(&mut self, count: usize, _definitions: &MetafieldDefinitions) -> Vec<String> {
        // Made directly, not through `create`, without the uniqueness check `create` makes
        // against every customer (which would make seeding a big shop quadratic): seeded
        // customers are numbered on from the customers the shop holds.
        let now = Utc::now();
        (0..count)
            .map(|_| {
                let n = self.by_id.len();
                let id = self.allocate();
                let customer = Customer {
                    id,
                    first_name: Some("Customer".to_owned()),
                    last_name: Some(n.to_string()),
                    email: Some(format!("customer{n}@seed.example")),
                    ..Customer::blank(now)
                };
                self.by_id.insert(id, customer);
                self.reindex(id);
                format!("gid://shopify/Customer/{id}")
            })
            .collect()
    }

    /// Seeds `count` orders on a customer, which then cannot be deleted.
    pub fn seed_orders(&mut self, gid: &str, count: u32) -> bool {
        match parse_gid(gid, "Customer").and_then(|id| self.by_id.get_mut(&id)) {
            Some(customer) => {
                customer.orders += count;
                true
            }
            None => false,
        }
    }

    /// `customerCreate`.
    pub fn create(
        &mut self,
        input: CustomerInput,
        definitions: &MetafieldDefinitions,
    ) -> WriteResult {
        let now = Utc::now();
        let mut customer = Customer::blank(now);
        let errors = self.apply(&mut customer, &input, None, definitions);
        if !errors.is_empty() {
            return (None, errors);
        }
        customer.id = self.allocate();
        let id = customer.id;
        self.by_id.insert(id, customer.clone());
        self.reindex(id);
        (Some(customer), Vec::new())
    }

    /// `customerUpdate`.
    pub fn update(
        &mut self,
        input: CustomerInput,
        definitions: &MetafieldDefinitions,
    ) -> WriteResult {
        let Some(existing) = input.id.as_deref().and_then(|gid| self.customer(gid)) else {
            return (
                None,
                vec![UserError::on(&["id"], "Customer does not exist")],
            );
        };
        let mut customer = existing.clone();
        let id = customer.id;
        let errors = self.apply(&mut customer, &input, Some(id), definitions);
        if !errors.is_empty() {
            return (None, errors);
        }
        customer.updated_at = Utc::now().max(customer.updated_at);
        self.by_id.insert(id, customer.clone());
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
        self.by_id.remove(&id);
        self.reindex(id);
        (Some(gid), Vec::new())
    }

    /// `customerRequestDataErasure`: the customer's gid, or `DOES_NOT_EXIST` (verbatim from
    /// `captures/.../customer-account-page-data-erasure.json`). The customer stays as it is:
    /// Shopify erases it later.
    pub fn request_erasure(&mut self, gid: &str) -> (Option<String>, Vec<UserError>) {
        match parse_gid(gid, "Customer").and_then(|id| self.by_id.get_mut(&id)) {
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
        self.by_id.insert(id, customer.clone());
        self.reindex(id);
        (Some(customer), Vec::new())
    }

    /// Sets `input` on the customer numbered `id` (its type resolved by the caller) and
    /// reindexes it: the metafield as set, or `None` when there is no such customer. The
    /// caller checks the input first (`Shop::set_metafields`).
    pub fn set_metafield(&mut self, id: u64, input: &MetafieldInput) -> Option<Metafield> {
        let metafield_id = self.allocate();
        let customer = self.by_id.get_mut(&id)?;
        let set = metafield::upsert(
            &mut customer.metafields,
            OwnerType::Customer,
            input,
            metafield_id,
        );
        customer.updated_at = Utc::now();
        self.reindex(id);
        Some(set)
    }

    /// Deletes the metafield `namespace.key` of the customer `gid` (`metafieldsDelete`):
    /// whether there was one.
    pub fn delete_metafield(&mut self, gid: &str, namespace: &str, key: &str) -> bool {
        let Some(id) = parse_gid(gid, "Customer") else {
            return false;
        };
        let removed = self.by_id.get_mut(&id).is_some_and(|c| {
            let removed = metafield::remove(&mut c.metafields, namespace, key);
            if removed {
                c.updated_at = Utc::now();
            }
            removed
        });
        if removed {
            self.reindex(id);
        }
        removed
    }

    /// Whether `input` sets a value its unique definition already holds on a customer other
    /// than `own_id`.
    pub fn value_taken(
        &self,
        input: &MetafieldInput,
        own_id: Option<u64>,
        definitions: &MetafieldDefinitions,
    ) -> bool {
        definitions.is_unique(&input.namespace, &input.key)
            && self.by_id.values().any(|c| {
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
        definitions: &MetafieldDefinitions,
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
                    .by_id
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
                            .by_id
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
                if self.value_taken(metafield, own_id, definitions) {
                    errors.push(value_taken(index));
                }
            }
        }
        if errors.is_empty() {
            for input in &input.metafields {
                let id = self.allocate();
                metafield::upsert(&mut customer.metafields, OwnerType::Customer, input, id);
            }
        }
        errors
    }
}
