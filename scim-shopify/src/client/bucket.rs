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

/// One request's place in the bucket: reserved by [`Bucket::reserve`], settled by
/// [`Bucket::observe`] or [`Bucket::settle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ticket(u64);

/// The client's model of the bucket. Unknown until the first response; from then on it
/// predicts the available points and how long to wait for a given cost.
///
/// Shopify takes a request's requested cost when it starts and refunds `requested − actual`
/// when it ends; each answer's `throttleStatus` is the bucket after that refund (shopify.dev,
/// "GraphQL Admin API rate limits"; the captures: requested 7, actual 5, 1995 of 2000 left).
/// So the model debits the requested cost when a request is reserved, and on each answer
/// starts again from the reported status minus the requests reserved after the answered one
/// and not answered yet (Shopify may not have charged them). Requests reserved before it are
/// taken as charged already, the refunds as the status shows them. Reservations are paced
/// one behind the other, so concurrent callers do not all wake for the same points.
#[derive(Debug, Default)]
pub(crate) struct Bucket {
    state: Option<(ThrottleStatus, Instant)>,
    next: u64,
    /// Reserved and not answered yet, with their requested cost.
    pending: Vec<(Ticket, u32)>,
    /// The newest request whose answer set the model.
    observed: Option<Ticket>,
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

    /// Reserves `cost` points for a request about to be sent: the wait before sending it
    /// (until the points are there, after every earlier reservation), and its ticket.
    pub(crate) fn reserve(&mut self, cost: u32, now: Instant) -> (Ticket, Duration) {
        let wait = self.wait_for(cost, now);
        self.spend(cost, now);
        let ticket = Ticket(self.next);
        self.next += 1;
        self.pending.push((ticket, cost));
        (ticket, wait)
    }

    /// Debits `cost` points at `now` (the available points may go below zero: the debt of
    /// the requests waiting for them).
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

    /// The answer to `ticket` reported `status` at `now`.
    pub(crate) fn observe(&mut self, ticket: Ticket, status: ThrottleStatus, now: Instant) {
        self.settle(ticket);
        // An answer overtaken by a newer one's says less.
        if self.observed.is_some_and(|newest| newest > ticket) {
            return;
        }
        self.observed = Some(ticket);
        let unanswered: f64 = self
            .pending
            .iter()
            .filter(|(pending, _)| *pending > ticket)
            .map(|(_, cost)| f64::from(*cost))
            .sum();
        let status = ThrottleStatus {
            currently_available: status.currently_available - unanswered,
            ..status
        };
        self.state = Some((status, now));
    }

    /// `ticket` ended without a reported status (a transport error, a 5xx): it no longer
    /// counts as unanswered; its debit stays until the next status.
    pub(crate) fn settle(&mut self, ticket: Ticket) {
        self.pending.retain(|(pending, _)| *pending != ticket);
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

    /// A bucket that has seen `available` points at `t0`.
    fn seen(available: f64, t0: Instant) -> Bucket {
        let mut bucket = Bucket::default();
        let (ticket, _) = bucket.reserve(0, t0);
        bucket.observe(ticket, standard(available), t0);
        bucket
    }

    #[test]
    fn an_unseen_bucket_never_waits() {
        let mut bucket = Bucket::default();
        let t0 = Instant::now();
        assert_eq!(bucket.wait_for(1000, t0), Duration::ZERO);
        assert_eq!(bucket.reserve(1000, t0).1, Duration::ZERO);
    }

    #[test]
    fn waits_the_time_the_restore_rate_needs() {
        let t0 = Instant::now();
        let bucket = seen(50.0, t0);
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
        let bucket = seen(1990.0, t0);
        assert_eq!(bucket.available(t0 + Duration::from_secs(60)), Some(2000.0));
    }

    #[test]
    fn spending_is_remembered_until_the_next_observation() {
        let t0 = Instant::now();
        let mut bucket = seen(300.0, t0);
        let (ticket, wait) = bucket.reserve(200, t0);
        assert_eq!(wait, Duration::ZERO);
        assert_eq!(bucket.available(t0), Some(100.0));
        assert_eq!(bucket.wait_for(200, t0), Duration::from_secs(1));
        bucket.observe(ticket, standard(1500.0), t0);
        assert_eq!(bucket.wait_for(200, t0), Duration::ZERO);
    }

    #[test]
    fn concurrent_reservations_queue_one_behind_the_other() {
        // An empty bucket, four requests of 20 points at once: at 100 points a second they
        // go 0.2 s apart, not all at 0.2 s (which Shopify would throttle but one of).
        let t0 = Instant::now();
        let mut bucket = seen(0.0, t0);
        let waits: Vec<Duration> = (0..4).map(|_| bucket.reserve(20, t0).1).collect();
        let millis: Vec<u128> = waits.iter().map(Duration::as_millis).collect();
        assert_eq!(millis, [200, 400, 600, 800]);
    }

    #[test]
    fn the_refund_in_an_answer_shortens_the_next_wait() {
        // Requested 20, actual 12: the answer reports the 8 points back.
        let t0 = Instant::now();
        let mut bucket = seen(20.0, t0);
        let (first, wait) = bucket.reserve(20, t0);
        assert_eq!(wait, Duration::ZERO);
        assert_eq!(bucket.wait_for(20, t0), Duration::from_millis(200));
        bucket.observe(first, standard(8.0), t0);
        assert_eq!(bucket.wait_for(20, t0), Duration::from_millis(120));
    }

    #[test]
    fn an_answer_does_not_forget_the_requests_reserved_after_it() {
        // Two requests of 20 from 40 points; the first's answer (40 − 20, nothing refunded)
        // cannot have counted the second, which is still owed.
        let t0 = Instant::now();
        let mut bucket = seen(40.0, t0);
        let (first, _) = bucket.reserve(20, t0);
        let (_second, _) = bucket.reserve(20, t0);
        bucket.observe(first, standard(20.0), t0);
        assert_eq!(bucket.available(t0), Some(0.0));
        assert_eq!(bucket.wait_for(20, t0), Duration::from_millis(200));
    }

    #[test]
    fn an_overtaken_answer_does_not_reset_the_model() {
        let t0 = Instant::now();
        let mut bucket = seen(100.0, t0);
        let (first, _) = bucket.reserve(20, t0);
        let (second, _) = bucket.reserve(20, t0);
        bucket.observe(second, standard(60.0), t0);
        // The first answer, older, arrives last and reports more than there is.
        bucket.observe(first, standard(80.0), t0);
        assert_eq!(bucket.available(t0), Some(60.0));
    }

    #[test]
    fn a_request_without_an_answer_stops_being_owed_at_the_next_status() {
        let t0 = Instant::now();
        let mut bucket = seen(100.0, t0);
        let (lost, _) = bucket.reserve(30, t0);
        let (answered, _) = bucket.reserve(10, t0);
        bucket.settle(lost);
        assert_eq!(bucket.available(t0), Some(60.0));
        bucket.observe(answered, standard(90.0), t0);
        assert_eq!(bucket.available(t0), Some(90.0));
    }
}
