//! Time as a dependency: [`Clock`] tells the time and sleeps, so backoff and bucket waits can
//! be tested without waiting.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// A source of time and sleeps for the client. [`TokioClock`] is the real one; tests use a
/// clock that records each sleep and advances a fake time instead of waiting.
///
/// ```
/// use scim_shopify::client::{Clock, TokioClock};
/// use std::time::Duration;
///
/// # tokio_test_block(async {
/// let clock = TokioClock;
/// let before = clock.now();
/// clock.sleep(Duration::from_millis(1)).await;
/// assert!(clock.now() >= before);
/// # });
/// # fn tokio_test_block(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(f)
/// # }
/// ```
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> Instant;
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// The real clock: `std::time::Instant::now` and `tokio::time::sleep`.
///
/// ```
/// use scim_shopify::client::{Clock, TokioClock};
/// let _now = TokioClock.now();
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }
}
