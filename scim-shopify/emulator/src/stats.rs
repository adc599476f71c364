//! What the emulator answered, per operation name: calls, throttled requests, requested and
//! actual cost.

use std::collections::BTreeMap;

/// What the emulator answered since it started (or since [`RunningEmulator::reset_stats`](crate::RunningEmulator::reset_stats)),
/// per operation name: the measure of GraphQL calls and cost points per SCIM operation.
///
/// Requests refused before execution (a bad token, an invalid document, a query over the
/// cost cap, an injected fault) are not counted; throttled ones are, apart.
///
/// ```
/// let stats = scim_shopify_emulator::Stats::default();
/// assert_eq!(stats.calls(), 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Per operation name.
    pub operations: BTreeMap<String, OperationStats>,
}

/// The requests of one operation name; see [`Stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OperationStats {
    /// Requests executed.
    pub calls: u64,
    /// Requests answered `THROTTLED` instead.
    pub throttled: u64,
    /// The sum of the executed requests' requested cost.
    pub requested_cost: u64,
    /// The sum of the executed requests' actual cost.
    pub actual_cost: u64,
}

impl Stats {
    pub(crate) fn record(&mut self, operation: &str, requested: u64, actual: Option<u64>) {
        let entry = self.operations.entry(operation.to_owned()).or_default();
        match actual {
            Some(actual) => {
                entry.calls += 1;
                entry.requested_cost += requested;
                entry.actual_cost += actual;
            }
            None => entry.throttled += 1,
        }
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
}
