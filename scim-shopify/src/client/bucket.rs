//! Shopify's leaky bucket as the client sees it: synchronised from every response's
//! `extensions.cost.throttleStatus`, refilled at `restoreRate` in between, and debited locally
//! with each request's estimated cost so that concurrent requests do not all spend the same
//! points.

use serde::Deserialize;
use std::time::{Duration, Instant};

/// `extensions.cost` of a GraphQL response.
///
/// ```
/// use scim_shopify::client::QueryCost;
///
/// let cost: QueryCost = serde_json::from_str(r#"{
///     "requestedQueryCost": 18, "actualQueryCost": 18,
///     "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 1982, "restoreRate": 100.0}
/// }"#).unwrap();
/// assert_eq!(cost.requested_query_cost, 18);
/// assert_eq!(cost.throttle_status.currently_available, 1982.0);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryCost {
    /// The cost Shopify computed from the document and variables before running it.
    pub requested_query_cost: u32,
    /// The cost actually charged (absent when the query was throttled and not run).
    #[serde(default)]
    pub actual_query_cost: Option<u32>,
    /// The bucket after this query.
    pub throttle_status: ThrottleStatus,
}

/// `extensions.cost.throttleStatus`: the state of the app's bucket on this shop.
///
/// ```
/// let status = scim_shopify::client::ThrottleStatus {
///     maximum_available: 2000.0, currently_available: 1982.0, restore_rate: 100.0,
/// };
/// assert_eq!(status.restore_rate, 100.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThrottleStatus {
    /// The bucket's size (2000 on Standard, 4000 Advanced, 20000 Plus).
    pub maximum_available: f64,
    /// Points available now.
    pub currently_available: f64,
    /// Points restored per second.
    pub restore_rate: f64,
}

/// The client's model of the bucket. Unknown until the first response; from then on it
/// predicts the available points and how long to wait for a given cost.
#[derive(Debug, Default)]
pub(crate) struct Bucket {
    state: Option<(ThrottleStatus, Instant)>,
}

impl Bucket {
    /// Points available at `now`, if the bucket has been seen.
    pub(crate) fn available(&self, now: Instant) -> Option<f64> {
        let (status, at) = self.state?;
        let refilled = status.restore_rate * now.saturating_duration_since(at).as_secs_f64();
        Some((status.currently_available + refilled).min(status.maximum_available))
    }

    /// How long to wait until `cost` points are available (zero when they are, or when the
    /// bucket has not been seen yet). A cost larger than the bucket waits for a full bucket.
    pub(crate) fn wait_for(&self, cost: u32, now: Instant) -> Duration {
        let (Some((status, _)), Some(available)) = (self.state, self.available(now)) else {
            return Duration::ZERO;
        };
        let needed = f64::from(cost).min(status.maximum_available);
        if available >= needed || status.restore_rate <= 0.0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64((needed - available) / status.restore_rate)
    }

    /// Debits `cost` points at `now` (the request is about to be sent).
    pub(crate) fn spend(&mut self, cost: u32, now: Instant) {
        if let Some(available) = self.available(now)
            && let Some((status, _)) = self.state
        {
            let status = ThrottleStatus {
                currently_available: available - f64::from(cost),
                ..status
            };
            self.state = Some((status, now));
        }
    }

    /// Replaces the model with what Shopify reported at `now`.
    pub(crate) fn observe(&mut self, status: ThrottleStatus, now: Instant) {
        self.state = Some((status, now));
    }

    /// The last reported status, refilled to `now`.
    pub(crate) fn snapshot(&self, now: Instant) -> Option<ThrottleStatus> {
        let (status, _) = self.state?;
        Some(ThrottleStatus {
            currently_available: self.available(now)?,
            ..status
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard(available: f64) -> ThrottleStatus {
        ThrottleStatus {
            maximum_available: 2000.0,
            currently_available: available,
            restore_rate: 100.0,
        }
    }

    #[test]
    fn an_unseen_bucket_never_waits() {
        let bucket = Bucket::default();
        assert_eq!(bucket.wait_for(1000, Instant::now()), Duration::ZERO);
    }

    #[test]
    fn waits_the_time_the_restore_rate_needs() {
        let t0 = Instant::now();
        let mut bucket = Bucket::default();
        bucket.observe(standard(50.0), t0);
        assert_eq!(bucket.wait_for(250, t0), Duration::from_secs(2));
        // One second later 150 points are there: one more second for 250.
        assert_eq!(
            bucket.wait_for(250, t0 + Duration::from_secs(1)),
            Duration::from_secs(1)
        );
        assert_eq!(bucket.wait_for(40, t0), Duration::ZERO);
    }

    #[test]
    fn refills_up_to_the_maximum_only() {
        let t0 = Instant::now();
        let mut bucket = Bucket::default();
        bucket.observe(standard(1990.0), t0);
        assert_eq!(bucket.available(t0 + Duration::from_secs(60)), Some(2000.0));
    }

    #[test]
    fn spending_is_remembered_until_the_next_observation() {
        let t0 = Instant::now();
        let mut bucket = Bucket::default();
        bucket.observe(standard(300.0), t0);
        bucket.spend(200, t0);
        assert_eq!(bucket.available(t0), Some(100.0));
        assert_eq!(bucket.wait_for(200, t0), Duration::from_secs(1));
        bucket.observe(standard(1500.0), t0);
        assert_eq!(bucket.wait_for(200, t0), Duration::ZERO);
    }
}
