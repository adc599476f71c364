//! The per-shop leaky bucket of query cost points, sized and refilled by the shop's plan.
//!
//! The bucket takes the requested cost before execution and refunds `requested − actual`
//! after it, so `throttleStatus.currentlyAvailable` in an answer is the bucket after the
//! refund (the captures: requested 7, actual 5, `currentlyAvailable` 1995 of 2000).

use std::time::Instant;

use serde_json::Value;

/// Rate limits of a Shopify plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Standard and Basic plans: 2000 points, restoring 100 per second.
    Standard,
    /// Advanced: 4000 points, restoring 200 per second.
    Advanced,
    /// Shopify Plus: 20000 points, restoring 1000 per second.
    Plus,
}

impl Plan {
    /// The bucket's size in points.
    pub fn maximum_available(self) -> f64 {
        match self {
            Plan::Standard => 2000.0,
            Plan::Advanced => 4000.0,
            Plan::Plus => 20000.0,
        }
    }

    /// Points restored per second.
    pub fn restore_rate(self) -> f64 {
        self.maximum_available() / 20.0
    }
}

/// A leaky bucket of query cost points.
#[derive(Debug)]
pub(crate) struct Bucket {
    plan: Plan,
    available: f64,
    at: Instant,
}

impl Bucket {
    pub fn new(plan: Plan) -> Self {
        Bucket {
            plan,
            available: plan.maximum_available(),
            at: Instant::now(),
        }
    }

    fn refill(&mut self) {
        let now = Instant::now();
        let restored = now.duration_since(self.at).as_secs_f64() * self.plan.restore_rate();
        self.available = (self.available + restored).min(self.plan.maximum_available());
        self.at = now;
    }

    /// Takes `cost` points when available; `false` (nothing taken) when not.
    pub fn take(&mut self, cost: u64) -> bool {
        self.refill();
        if cost as f64 > self.available {
            return false;
        }
        self.available -= cost as f64;
        true
    }

    /// Gives back `points` (the requested cost not spent), up to the bucket's size.
    pub fn refund(&mut self, points: u64) {
        self.refill();
        self.available = (self.available + points as f64).min(self.plan.maximum_available());
    }

    /// Empties the bucket (a forced throttling burst).
    pub fn drain(&mut self) {
        self.refill();
        self.available = 0.0;
    }

    /// `extensions.cost.throttleStatus`.
    pub fn status(&mut self) -> Value {
        self.refill();
        serde_json::json!({
            "maximumAvailable": self.plan.maximum_available() as u64,
            "currentlyAvailable": self.available.floor() as u64,
            "restoreRate": self.plan.restore_rate() as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refund_returns_points_up_to_the_maximum() {
        let mut bucket = Bucket::new(Plan::Standard);
        assert!(bucket.take(1000));
        bucket.refund(600);
        let available = bucket.status()["currentlyAvailable"].as_u64().unwrap();
        assert!((1600..=1601).contains(&available), "{available}");
        bucket.refund(1000);
        assert_eq!(bucket.status()["currentlyAvailable"], 2000);
    }
}
