//! Faults a test injects into the next responses, before or after a request commits, and
//! their countdown over the requests that take them: all requests, or only those of one
//! operation.

use std::collections::HashMap;
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
/// [`on`](Self::on) aims faults at one operation instead: they count down only over the
/// requests of that operation, so that a client sending several operations for one task
/// can be failed at one of them (the `metafieldsSet` after a lookup, say). Faults of
/// several operations and faults of all requests may be armed at once; a request takes
/// those of all requests and those of its operation, each counting down. Where both are
/// of the same kind, the status or delay of its operation's applies.
///
/// Arming a kind again replaces its count (and status or delay) rather than adding to
/// it; a count of 0 disarms it.
///
/// ```
/// let faults = scim_shopify_emulator::Faults::default();
/// faults.fail_next_after_commit(1, 503);
/// faults.drop_next(2);
/// faults.on("MetafieldsSet").fail_next_after_commit(1, 502);
/// ```
#[derive(Debug, Default)]
pub struct Faults {
    state: Mutex<Armed>,
}

/// The faults armed: over all requests, and per operation name.
#[derive(Debug, Default)]
struct Armed {
    all: FaultState,
    by_operation: HashMap<String, FaultState>,
}

/// The counts and parameters of each kind of fault; what a request takes is the state
/// before its countdown (a count above 0: the fault is due on it).
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

impl FaultState {
    /// This state as a request takes it, counting each kind down.
    fn take(&mut self) -> FaultState {
        let taken = self.clone();
        self.server_errors = self.server_errors.saturating_sub(1);
        self.delayed = self.delayed.saturating_sub(1);
        self.drops = self.drops.saturating_sub(1);
        self.throttle_bursts = self.throttle_bursts.saturating_sub(1);
        self.brief_throttles = self.brief_throttles.saturating_sub(1);
        self.lost_after_commit = self.lost_after_commit.saturating_sub(1);
        self.dropped_after_commit = self.dropped_after_commit.saturating_sub(1);
        self.delayed_after_commit = self.delayed_after_commit.saturating_sub(1);
        taken
    }

    /// Adds the faults due in `scoped` (taken for the request's operation) to these (taken
    /// for all requests): a kind due in `scoped` comes with its status or delay.
    fn overlay(&mut self, scoped: FaultState) {
        if scoped.server_errors > 0 {
            self.server_errors = scoped.server_errors;
            self.server_error_status = scoped.server_error_status;
        }
        if scoped.delayed > 0 {
            self.delayed = scoped.delayed;
            self.delay = scoped.delay;
        }
        if scoped.drops > 0 {
            self.drops = scoped.drops;
        }
        if scoped.throttle_bursts > 0 {
            self.throttle_bursts = scoped.throttle_bursts;
        }
        if scoped.brief_throttles > 0 {
            self.brief_throttles = scoped.brief_throttles;
        }
        if scoped.lost_after_commit > 0 {
            self.lost_after_commit = scoped.lost_after_commit;
            self.lost_status = scoped.lost_status;
        }
        if scoped.dropped_after_commit > 0 {
            self.dropped_after_commit = scoped.dropped_after_commit;
        }
        if scoped.delayed_after_commit > 0 {
            self.delayed_after_commit = scoped.delayed_after_commit;
            self.delay_after_commit = scoped.delay_after_commit;
        }
    }

    fn fail_next(&mut self, count: u32, status: u16) {
        self.server_errors = count;
        self.server_error_status = status;
    }

    fn delay_next(&mut self, count: u32, delay: Duration) {
        self.delayed = count;
        self.delay = Some(delay);
    }

    fn fail_next_after_commit(&mut self, count: u32, status: u16) {
        self.lost_after_commit = count;
        self.lost_status = status;
    }

    fn delay_next_after_commit(&mut self, count: u32, delay: Duration) {
        self.delayed_after_commit = count;
        self.delay_after_commit = Some(delay);
    }
}

impl Faults {
    /// The next `count` requests answer HTTP `status` (a 5xx) with Shopify's error body.
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().fail_next(1, 503);
    /// ```
    pub fn fail_next(&self, count: u32, status: u16) {
        self.arm(None, |state| state.fail_next(count, status));
    }

    /// The next `count` requests are answered only after `delay` (a client timeout shorter than
    /// that sees a timeout).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// scim_shopify_emulator::Faults::default().delay_next(1, Duration::from_secs(2));
    /// ```
    pub fn delay_next(&self, count: u32, delay: Duration) {
        self.arm(None, |state| state.delay_next(count, delay));
    }

    /// The next `count` requests have their connection dropped before a complete answer.
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().drop_next(1);
    /// ```
    pub fn drop_next(&self, count: u32) {
        self.arm(None, |state| state.drops = count);
    }

    /// The next `count` requests find their shop's bucket empty and answer `THROTTLED`.
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().throttle_next(1);
    /// ```
    pub fn throttle_next(&self, count: u32) {
        self.arm(None, |state| state.throttle_bursts = count);
    }

    /// The next `count` requests answer `THROTTLED`, their `throttleStatus` saying the
    /// bucket is empty, but the shop's bucket keeps its points: a burst of the app's other
    /// workers that a client waits out in a moment, where [`throttle_next`](Self::throttle_next)
    /// empties the bucket, which then refills at the plan's rate.
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().throttle_next_briefly(1);
    /// ```
    pub fn throttle_next_briefly(&self, count: u32) {
        self.arm(None, |state| state.brief_throttles = count);
    }

    /// The next `count` requests are executed, then answered HTTP `status` (a 5xx) with
    /// Shopify's error body instead of their answer.
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().fail_next_after_commit(1, 502);
    /// ```
    pub fn fail_next_after_commit(&self, count: u32, status: u16) {
        self.arm(None, |state| state.fail_next_after_commit(count, status));
    }

    /// The next `count` requests are executed, then their connection is dropped before a
    /// complete answer.
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().drop_next_after_commit(1);
    /// ```
    pub fn drop_next_after_commit(&self, count: u32) {
        self.arm(None, |state| state.dropped_after_commit = count);
    }

    /// The next `count` requests are executed, then answered only after `delay` (a client
    /// timeout shorter than that sees a timeout of a request that ran).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// scim_shopify_emulator::Faults::default().delay_next_after_commit(1, Duration::from_secs(2));
    /// ```
    pub fn delay_next_after_commit(&self, count: u32, delay: Duration) {
        self.arm(None, |state| state.delay_next_after_commit(count, delay));
    }

    /// The faults of the requests whose GraphQL operation is `operation`: the same methods as
    /// [`Faults`], counting down over the requests of that operation only and leaving the
    /// others (and the faults of all requests) alone. The returned handle arms them; the
    /// faults stay armed once it is dropped.
    ///
    /// A request's operation is the `operationName` of its JSON body when given, else the
    /// name of its document's single operation, as the document names it (`CustomerCreate`
    /// in `mutation CustomerCreate(...) { customerCreate(...) ... }`, not the root field).
    /// A request whose body is not JSON, has no `query` or a document that does not parse,
    /// or whose document has no single named operation and no `operationName` is given,
    /// takes only the faults of all requests. A request of the operation counts down its
    /// faults whatever becomes of it, as any request counts down the faults of all
    /// requests: one with a bad token or an invalid document too.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// use scim_shopify_emulator::{Emulator, EmulatorConfig, Plan};
    /// use serde_json::{Value, json};
    ///
    /// let emulator = Emulator::start(EmulatorConfig::new().shop("shpat_doc", Plan::Standard)).await?;
    /// let url = emulator.graphql_url("2026-07");
    /// let post = |body: Value| {
    ///     let url = url.clone();
    ///     async move {
    ///         let response = reqwest::Client::new().post(&url)
    ///             .header("X-Shopify-Access-Token", "shpat_doc")
    ///             .json(&body)
    ///             .send().await.unwrap();
    ///         (response.status().as_u16(), response.json::<Value>().await.unwrap())
    ///     }
    /// };
    /// let find = json!({"query": "query Find { customerByIdentifier(identifier: {emailAddress: \"ada@example.com\"}) { id } }"});
    /// let create = json!({"query": "mutation Create { customerCreate(input: {email: \"ada@example.com\"}) { customer { id } } }"});
    ///
    /// emulator.faults().on("Create").fail_next_after_commit(1, 503);
    /// // The lookup sent first is answered...
    /// let (status, found) = post(find.clone()).await;
    /// assert_eq!((status, &found["data"]["customerByIdentifier"]), (200, &Value::Null));
    /// // ...the create runs and its answer is lost...
    /// assert_eq!(post(create).await.0, 503);
    /// // ...though it made the customer.
    /// let (_, found) = post(find).await;
    /// assert!(found["data"]["customerByIdentifier"]["id"].is_string());
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn on(&self, operation: &str) -> ScopedFaults<'_> {
        ScopedFaults {
            faults: self,
            operation: operation.to_owned(),
        }
    }

    /// Arms the faults of `operation`, or of all requests when `None`, with `arm`.
    fn arm(&self, operation: Option<&str>, arm: impl FnOnce(&mut FaultState)) {
        let mut armed = self.lock();
        match operation {
            None => arm(&mut armed.all),
            Some(operation) => arm(armed.by_operation.entry(operation.to_owned()).or_default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Armed> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes the faults for the next request, of `operation` when it is known: those of all
    /// requests and those of its operation, counting them down.
    pub(crate) fn next(&self, operation: Option<&str>) -> FaultState {
        let mut armed = self.lock();
        let mut taken = armed.all.take();
        if let Some(scoped) = operation.and_then(|operation| armed.by_operation.get_mut(operation))
        {
            taken.overlay(scoped.take());
        }
        taken
    }
}

/// The faults of one operation's requests, from [`Faults::on`]: the methods of [`Faults`],
/// counting down over the requests of that operation only.
///
/// ```
/// use std::time::Duration;
///
/// let faults = scim_shopify_emulator::Faults::default();
/// // The next MetafieldsSet is executed and its answer lost; a lookup before it is not hit.
/// faults.on("MetafieldsSet").fail_next_after_commit(1, 503);
/// // Several operations at once, each armed through its own handle.
/// let create = faults.on("CustomerCreate");
/// create.drop_next(1);
/// create.delay_next_after_commit(1, Duration::from_secs(2));
/// assert_eq!(create.operation(), "CustomerCreate");
/// ```
#[derive(Debug, Clone)]
pub struct ScopedFaults<'a> {
    faults: &'a Faults,
    operation: String,
}

impl ScopedFaults<'_> {
    /// The operation whose requests these faults hit.
    ///
    /// ```
    /// let faults = scim_shopify_emulator::Faults::default();
    /// assert_eq!(faults.on("CustomerUpdate").operation(), "CustomerUpdate");
    /// ```
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The next `count` requests of the operation answer HTTP `status` (a 5xx) with
    /// Shopify's error body, unexecuted.
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().on("CustomerCreate").fail_next(1, 503);
    /// ```
    pub fn fail_next(&self, count: u32, status: u16) {
        self.arm(|state| state.fail_next(count, status));
    }

    /// The next `count` requests of the operation are answered only after `delay`, held
    /// before they are executed.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let faults = scim_shopify_emulator::Faults::default();
    /// faults.on("CustomerCreate").delay_next(1, Duration::from_secs(2));
    /// ```
    pub fn delay_next(&self, count: u32, delay: Duration) {
        self.arm(|state| state.delay_next(count, delay));
    }

    /// The next `count` requests of the operation have their connection dropped before a
    /// complete answer, unexecuted.
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().on("CustomerCreate").drop_next(1);
    /// ```
    pub fn drop_next(&self, count: u32) {
        self.arm(|state| state.drops = count);
    }

    /// The next `count` requests of the operation find their shop's bucket empty and answer
    /// `THROTTLED` (see [`Faults::throttle_next`]).
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().on("CustomerCreate").throttle_next(1);
    /// ```
    pub fn throttle_next(&self, count: u32) {
        self.arm(|state| state.throttle_bursts = count);
    }

    /// The next `count` requests of the operation answer `THROTTLED`, the shop's bucket
    /// keeping its points (see [`Faults::throttle_next_briefly`]).
    ///
    /// ```
    /// scim_shopify_emulator::Faults::default().on("CustomerCreate").throttle_next_briefly(1);
    /// ```
    pub fn throttle_next_briefly(&self, count: u32) {
        self.arm(|state| state.brief_throttles = count);
    }

    /// The next `count` requests of the operation are executed, then answered HTTP `status`
    /// (a 5xx) with Shopify's error body instead of their answer.
    ///
    /// ```
    /// let faults = scim_shopify_emulator::Faults::default();
    /// faults.on("MetafieldsSet").fail_next_after_commit(1, 503);
    /// ```
    pub fn fail_next_after_commit(&self, count: u32, status: u16) {
        self.arm(|state| state.fail_next_after_commit(count, status));
    }

    /// The next `count` requests of the operation are executed, then their connection is
    /// dropped before a complete answer.
    ///
    /// ```
    /// let faults = scim_shopify_emulator::Faults::default();
    /// faults.on("MetafieldsSet").drop_next_after_commit(1);
    /// ```
    pub fn drop_next_after_commit(&self, count: u32) {
        self.arm(|state| state.dropped_after_commit = count);
    }

    /// The next `count` requests of the operation are executed, then answered only after
    /// `delay` (a client timeout shorter than that sees a timeout of a request that ran).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let faults = scim_shopify_emulator::Faults::default();
    /// faults.on("MetafieldsSet").delay_next_after_commit(1, Duration::from_secs(2));
    /// ```
    pub fn delay_next_after_commit(&self, count: u32, delay: Duration) {
        self.arm(|state| state.delay_next_after_commit(count, delay));
    }

    fn arm(&self, arm: impl FnOnce(&mut FaultState)) {
        self.faults.arm(Some(&self.operation), arm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_of_an_operation_count_down_over_its_requests_only() {
        let faults = Faults::default();
        faults.on("Create").fail_next(1, 502);
        assert_eq!(faults.next(Some("Find")).server_errors, 0);
        assert_eq!(faults.next(None).server_errors, 0);
        let taken = faults.next(Some("Create"));
        assert_eq!((taken.server_errors, taken.server_error_status), (1, 502));
        assert_eq!(faults.next(Some("Create")).server_errors, 0);
    }

    #[test]
    fn a_request_takes_the_faults_of_all_requests_and_of_its_operation() {
        let faults = Faults::default();
        faults.fail_next_after_commit(2, 500);
        faults.on("Create").fail_next_after_commit(1, 503);
        faults.on("Create").drop_next(1);
        let taken = faults.next(Some("Create"));
        assert_eq!((taken.lost_after_commit, taken.lost_status), (1, 503));
        assert_eq!(taken.drops, 1);
        // Both counted down: the second request takes the one left of all requests.
        let taken = faults.next(Some("Create"));
        assert_eq!((taken.lost_after_commit, taken.lost_status), (1, 500));
        assert_eq!(taken.drops, 0);
        assert_eq!(faults.next(Some("Create")).lost_after_commit, 0);
    }

    #[test]
    fn arming_again_replaces_the_count_and_zero_disarms() {
        let faults = Faults::default();
        let create = faults.on("Create");
        create.throttle_next(3);
        create.throttle_next(0);
        assert_eq!(faults.next(Some("Create")).throttle_bursts, 0);
    }
}
