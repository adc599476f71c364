//! A customer as the shop stores it (with its metafields), and the inputs that write and find
//! one.

use chrono::{DateTime, Utc};

use crate::state::metafield::{Metafield, MetafieldInput};

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
