//! How busy a backend is: what a store reports of its pace ([`Pace`]), so that the service
//! in front of it can admit requests at the rate the backend sustains and tell a client when
//! to come back (RFC 6585 §4, `429 Too Many Requests` with `Retry-After`) rather than queue
//! work the backend cannot do in time.

use std::time::Duration;

/// A store's pace at one moment: how long a write sent now would wait for its backend, and
/// how many writes a second the backend sustains once its burst is spent.
///
/// A store with no limit of its own (memory, a database sized for the load) reports
/// [`Pace::UNLIMITED`], the default of [`ResourceStore::pace`](super::ResourceStore::pace).
/// A store in front of a rate-limited API reports from that API's own budget (the Shopify
/// store, from the shop's leaky bucket).
///
/// ```
/// use std::time::Duration;
/// use scim_core::store::Pace;
///
/// let pace = Pace { wait: Duration::from_millis(300), sustained_writes_per_second: Some(4.0) };
/// assert!(!pace.is_unlimited());
/// // About how long the backend needs for 100 writes once its burst is spent.
/// assert_eq!(pace.time_for(100), Some(Duration::from_millis(300) + Duration::from_secs(25)));
/// assert_eq!(Pace::UNLIMITED.time_for(100), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// How long a write sent now would wait for the backend before it starts; zero when it
    /// would start at once.
    pub wait: Duration,
    /// The writes a second the backend sustains; `None` when the store knows no limit.
    pub sustained_writes_per_second: Option<f64>,
}

impl Pace {
    /// No wait and no known limit.
    pub const UNLIMITED: Pace = Pace {
        wait: Duration::ZERO,
        sustained_writes_per_second: None,
    };

    /// Whether the store knows no limit and no wait.
    pub fn is_unlimited(&self) -> bool {
        self.wait.is_zero() && self.sustained_writes_per_second.is_none()
    }

    /// About how long `writes` writes take from now at this pace (the wait, then the
    /// sustained rate); `None` when the store knows no limit.
    pub fn time_for(&self, writes: u32) -> Option<Duration> {
        let rate = self
            .sustained_writes_per_second
            .filter(|rate| *rate > 0.0)?;
        Some(self.wait + Duration::from_secs_f64(f64::from(writes) / rate))
    }
}

impl Default for Pace {
    fn default() -> Self {
        Pace::UNLIMITED
    }
}
