//! How to run an emulator: its shops (a token and a plan each) and the search index lag.

use std::time::Duration;

use crate::bucket::Plan;

/// How to run an emulator.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// The shops, each with the token that reaches it and its plan.
    pub(crate) shops: Vec<(String, Plan)>,
    /// How long a write takes to show up in search.
    pub(crate) search_lag: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl EmulatorConfig {
    /// No shops yet, and a search index lag of 0.
    pub fn new() -> Self {
        EmulatorConfig {
            shops: Vec::new(),
            search_lag: Duration::ZERO,
        }
    }

    /// Adds a shop reached with `token`, rate-limited as `plan`. Its gid (`shop { id }`) is
    /// `gid://shopify/Shop/N`, N its position among the shops added, from 1.
    pub fn shop(mut self, token: impl Into<String>, plan: Plan) -> Self {
        self.shops.push((token.into(), plan));
        self
    }

    /// How long a write takes to show up in `customers(query:)` search.
    pub fn search_lag(mut self, lag: Duration) -> Self {
        self.search_lag = lag;
        self
    }
}
