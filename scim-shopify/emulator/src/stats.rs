//! What the emulator answered, per operation name: calls, throttled requests, requested and
//! actual cost, and the `userErrors` answered, by code.

use std::collections::BTreeMap;

/// What the emulator answered since it started (or since [`RunningEmulator::reset_stats`](crate::RunningEmulator::reset_stats)),
/// per operation name: the measure of GraphQL calls and cost points per SCIM operation.
///
/// Requests refused before execution (a bad token, an invalid document, a query over the
/// cost cap, an injected fault) are not counted; throttled ones are, apart.
///
/// The `userErrors` are the refusals of the executed requests: a race a test provoked shows
/// up as `STALE_OBJECT` (a `metafieldsSet` whose `compareDigest` was stale) or `TAKEN` (a
/// unique value another customer holds).
///
/// ```
/// let stats = scim_shopify_emulator::Stats::default();
/// assert_eq!(stats.calls(), 0);
/// assert_eq!(stats.user_errors("STALE_OBJECT"), 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Per operation name.
    pub operations: BTreeMap<String, OperationStats>,
}

/// The requests of one operation name; see [`Stats`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationStats {
    /// Requests executed.
    pub calls: u64,
    /// Requests answered `THROTTLED` instead.
    pub throttled: u64,
    /// The sum of the executed requests' requested cost.
    pub requested_cost: u64,
    /// The sum of the executed requests' actual cost.
    pub actual_cost: u64,
    /// The `userErrors` the executed requests answered (selected or not), counted by their
    /// `code` (`STALE_OBJECT`, `TAKEN`, ...), or by their message for an error without a
    /// code (the `UserError` of `customerCreate`, for one).
    pub user_errors: BTreeMap<String, u64>,
}

impl Stats {
    /// Counts one executed request of `operation`, with its costs and the `userErrors` it
    /// answered.
    pub(crate) fn record(
        &mut self,
        operation: &str,
        requested: u64,
        actual: u64,
        user_errors: &[String],
    ) {
        let entry = self.operations.entry(operation.to_owned()).or_default();
        entry.calls += 1;
        entry.requested_cost += requested;
        entry.actual_cost += actual;
        for key in user_errors {
            *entry.user_errors.entry(key.clone()).or_default() += 1;
        }
    }

    /// Counts one request of `operation` answered `THROTTLED`.
    pub(crate) fn record_throttled(&mut self, operation: &str) {
        self.operations
            .entry(operation.to_owned())
            .or_default()
            .throttled += 1;
    }

    /// Requests executed, over every operation.
    pub fn calls(&self) -> u64 {
        self.operations.values().map(|o| o.calls).sum()
    }

    /// Requests answered `THROTTLED`, over every operation.
    pub fn throttled(&self) -> u64 {
        self.operations.values().map(|o| o.throttled).sum()
    }

    /// The actual cost of every executed request.
    pub fn actual_cost(&self) -> u64 {
        self.operations.values().map(|o| o.actual_cost).sum()
    }

    /// The requested cost of every executed request.
    pub fn requested_cost(&self) -> u64 {
        self.operations.values().map(|o| o.requested_cost).sum()
    }

    /// The `userErrors` answered with `code` (or, for errors without a code, with that
    /// message), over every operation.
    pub fn user_errors(&self, code: &str) -> u64 {
        self.operations
            .values()
            .filter_map(|o| o.user_errors.get(code))
            .sum()
    }

    /// Every `userError` answered, over every operation.
    pub fn all_user_errors(&self) -> u64 {
        self.operations
            .values()
            .flat_map(|o| o.user_errors.values())
            .sum()
    }
}
