//! Faults a test injects into the next responses, before or after a request commits, and
//! their countdown over the requests that take them.

use std::sync::Mutex;
use std::time::Duration;

/// Faults to inject into the next responses; see [`RunningEmulator::faults`](crate::RunningEmulator::faults).
///
/// Each kind counts down over the next requests, whatever operation they carry. Two
/// families, to test what a client must tell apart:
///
/// - **Before commit**: the request is not executed; nothing changes in the shop.
///   [`fail_next`](Self::fail_next) (an HTTP 5xx), [`drop_next`](Self::drop_next) (the
///   connection dropped), [`throttle_next`](Self::throttle_next) (`THROTTLED`, a bucket
///   drained), [`throttle_next_briefly`](Self::throttle_next_briefly) (`THROTTLED`, the
///   bucket kept). [`delay_next`](Self::delay_next) holds the request before executing it: a
///   client that timed out meanwhile has not seen it run, though it may run once the delay
///   is over, as a slow Shopify would.
/// - **After commit**: the request is executed (its writes stay, it is counted in
///   [`Stats`](crate::Stats)) and the answer is lost: [`fail_next_after_commit`](Self::fail_next_after_commit)
///   (an HTTP 5xx instead of the answer), [`drop_next_after_commit`](Self::drop_next_after_commit)
///   (the connection dropped instead), [`delay_next_after_commit`](Self::delay_next_after_commit)
///   (the answer held past the client's timeout). A create whose answer is lost this way
///   has made the customer; replaying it blindly would answer "Email has already been
///   taken" or make a duplicate.
///
/// A before-commit fault and an after-commit fault due on the same request: the request is
/// not executed.
///
/// ```
/// let faults = scim_shopify_emulator::Faults::default();
/// faults.fail_next_after_commit(1, 503);
/// faults.drop_next(2);
/// ```
#[derive(Debug, Default)]
pub struct Faults {
    state: Mutex<FaultState>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct FaultState {
    pub server_errors: u32,
    pub server_error_status: u16,
    pub delay: Option<Duration>,
    pub delayed: u32,
    pub drops: u32,
    pub throttle_bursts: u32,
    pub brief_throttles: u32,
    pub lost_after_commit: u32,
    pub lost_status: u16,
    pub dropped_after_commit: u32,
    pub delayed_after_commit: u32,
    pub delay_after_commit: Option<Duration>,
}

impl Faults {
    /// The next `count` requests answer HTTP `status` (a 5xx) with Shopify's error body.
    pub fn fail_next(&self, count: u32, status: u16) {
        let mut state = self.lock();
        state.server_errors = count;
        state.server_error_status = status;
    }

    /// The next `count` requests are answered only after `delay` (a client timeout shorter than
    /// that sees a timeout).
    pub fn delay_next(&self, count: u32, delay: Duration) {
        let mut state = self.lock();
        state.delayed = count;
        state.delay = Some(delay);
    }

    /// The next `count` requests have their connection dropped before a complete answer.
    pub fn drop_next(&self, count: u32) {
        self.lock().drops = count;
    }

    /// The next `count` requests find their shop's bucket empty and answer `THROTTLED`.
    pub fn throttle_next(&self, count: u32) {
        self.lock().throttle_bursts = count;
    }

    /// The next `count` requests answer `THROTTLED`, their `throttleStatus` saying the
    /// bucket is empty, but the shop's bucket keeps its points: a burst of the app's other
    /// workers that a client waits out in a moment, where [`throttle_next`](Self::throttle_next)
    /// empties the bucket, which then refills at the plan's rate.
    pub fn throttle_next_briefly(&self, count: u32) {
        self.lock().brief_throttles = count;
    }

    /// The next `count` requests are executed, then answered HTTP `status` (a 5xx) with
    /// Shopify's error body instead of their answer.
    pub fn fail_next_after_commit(&self, count: u32, status: u16) {
        let mut state = self.lock();
        state.lost_after_commit = count;
        state.lost_status = status;
    }

    /// The next `count` requests are executed, then their connection is dropped before a
    /// complete answer.
    pub fn drop_next_after_commit(&self, count: u32) {
        self.lock().dropped_after_commit = count;
    }

    /// The next `count` requests are executed, then answered only after `delay` (a client
    /// timeout shorter than that sees a timeout of a request that ran).
    pub fn delay_next_after_commit(&self, count: u32, delay: Duration) {
        let mut state = self.lock();
        state.delayed_after_commit = count;
        state.delay_after_commit = Some(delay);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes the fault for the next request, counting it down.
    pub(crate) fn next(&self) -> FaultState {
        let mut state = self.lock();
        let taken = state.clone();
        state.server_errors = state.server_errors.saturating_sub(1);
        state.delayed = state.delayed.saturating_sub(1);
        state.drops = state.drops.saturating_sub(1);
        state.throttle_bursts = state.throttle_bursts.saturating_sub(1);
        state.brief_throttles = state.brief_throttles.saturating_sub(1);
        state.lost_after_commit = state.lost_after_commit.saturating_sub(1);
        state.dropped_after_commit = state.dropped_after_commit.saturating_sub(1);
        state.delayed_after_commit = state.delayed_after_commit.saturating_sub(1);
        taken
    }
}
