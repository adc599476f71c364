//! Holding the requests of one operation until a group of them has arrived, then letting them
//! execute one after another in the order they arrived, and answering them once all have
//! executed: how a test makes concurrent requests meet (see
//! [`RunningEmulator::hold`](crate::RunningEmulator::hold)).

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

/// The groups of requests being held, at most one per operation name.
#[derive(Debug, Default)]
pub(crate) struct Holds {
    groups: Mutex<Vec<Arc<Group>>>,
}

/// One group: the next `expected` requests of `operation`.
#[derive(Debug)]
struct Group {
    operation: String,
    expected: usize,
    timeout: Duration,
    state: Mutex<GroupState>,
    /// Told of every change of `state`.
    changed: watch::Sender<()>,
}

#[derive(Debug, Default)]
struct GroupState {
    /// Whether the held requests may go (all arrived, or the timeout passed).
    released: bool,
    /// Per request that arrived, in arrival order: whether it has executed (or was dropped).
    finished: Vec<bool>,
}

/// A held request's turn to execute: the requests of its group that arrived after it wait
/// until it has [`executed`](Turn::executed) or is dropped.
#[derive(Debug)]
pub(crate) struct Turn {
    group: Arc<Group>,
    position: usize,
}

impl Turn {
    /// The request has executed: lets the next one go, and waits until every request of the
    /// group has executed (or was dropped), so that none is answered before all have run.
    pub async fn executed(self) {
        let mut changed = self.group.changed.subscribe();
        self.group
            .update(|state| state.finished[self.position] = true);
        while !self.group.all_finished() {
            let _ = changed.changed().await;
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.group
            .update(|state| state.finished[self.position] = true);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl Group {
    fn update(&self, change: impl FnOnce(&mut GroupState)) {
        change(&mut lock(&self.state));
        self.changed.send_replace(());
    }

    fn release(&self) {
        self.update(|state| state.released = true);
    }

    fn released(&self) -> bool {
        lock(&self.state).released
    }

    /// Whether every request that arrived before the one at `position` has executed.
    fn turn_of(&self, position: usize) -> bool {
        lock(&self.state).finished[..position].iter().all(|f| *f)
    }

    /// Whether the group was released and every request of it has executed.
    fn all_finished(&self) -> bool {
        let state = lock(&self.state);
        state.released && state.finished.iter().all(|f| *f)
    }
}

impl Holds {
    /// Holds the next `count` requests of `operation` until all have arrived, or until
    /// `timeout` after the first of them arrived. A group still waiting for the same
    /// operation is released first; a `count` of 0 only does that.
    pub fn hold(&self, operation: &str, count: usize, timeout: Duration) {
        let mut groups = lock(&self.groups);
        groups.retain(|group| {
            let same = group.operation == operation;
            if same {
                group.release();
            }
            !same
        });
        if count > 0 {
            groups.push(Arc::new(Group {
                operation: operation.to_owned(),
                expected: count,
                timeout,
                state: Mutex::new(GroupState::default()),
                changed: watch::Sender::new(()),
            }));
        }
    }

    /// A request of `operation` arrives. When a group holds it: waits until the group is
    /// released and every request of the group that arrived before this one has executed,
    /// and answers this request's [`Turn`], to end with [`Turn::executed`] once it has
    /// executed. Otherwise `None` at once.
    pub async fn arrive(&self, operation: &str) -> Option<Turn> {
        let (group, position) = {
            let mut groups = lock(&self.groups);
            let index = groups.iter().position(|g| g.operation == operation)?;
            let group = groups[index].clone();
            let mut state = lock(&group.state);
            state.finished.push(false);
            let position = state.finished.len() - 1;
            if state.finished.len() == group.expected {
                state.released = true;
                groups.remove(index);
            }
            drop(state);
            group.changed.send_replace(());
            (group, position)
        };
        // Made before waiting: a request dropped while it waits (its client gone) still
        // lets the ones after it go.
        let turn = Turn {
            group: group.clone(),
            position,
        };
        let mut changed = group.changed.subscribe();
        let deadline = Instant::now() + group.timeout;
        while !group.released() {
            if tokio::time::timeout_at(deadline, changed.changed())
                .await
                .is_err()
            {
                group.release();
                lock(&self.groups).retain(|g| !Arc::ptr_eq(g, &group));
            }
        }
        while !group.turn_of(position) {
            let _ = changed.changed().await;
        }
        Some(turn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_operation_nobody_holds_passes_at_once() {
        let holds = Holds::default();
        holds.hold("Other", 2, Duration::from_secs(10));
        assert!(holds.arrive("Read").await.is_none());
    }

    #[tokio::test]
    async fn a_full_group_goes_in_arrival_order_and_the_next_request_passes() {
        let holds = Arc::new(Holds::default());
        holds.hold("Read", 2, Duration::from_secs(10));
        let first = tokio::spawn({
            let holds = holds.clone();
            async move { holds.arrive("Read").await.map(|t| t.position) }
        });
        tokio::task::yield_now().await;
        let second = holds.arrive("Read").await.unwrap();
        assert_eq!(second.position, 1);
        assert_eq!(first.await.unwrap(), Some(0));
        assert!(holds.arrive("Read").await.is_none());
    }

    #[tokio::test]
    async fn a_partial_group_goes_at_the_timeout() {
        let holds = Holds::default();
        holds.hold("Read", 3, Duration::from_millis(100));
        let started = Instant::now();
        let turn = holds.arrive("Read").await;
        assert_eq!(turn.map(|t| t.position), Some(0));
        assert!(started.elapsed() >= Duration::from_millis(100));
        assert!(holds.arrive("Read").await.is_none(), "the group is over");
    }

    #[tokio::test]
    async fn the_first_to_execute_waits_for_the_last() {
        let holds = Arc::new(Holds::default());
        holds.hold("Read", 2, Duration::from_secs(10));
        let first = tokio::spawn({
            let holds = holds.clone();
            async move { holds.arrive("Read").await.unwrap().executed().await }
        });
        tokio::task::yield_now().await;
        let second = holds.arrive("Read").await.unwrap();
        tokio::task::yield_now().await;
        assert!(!first.is_finished(), "answered before the second executed");
        second.executed().await;
        first.await.unwrap();
    }

    #[tokio::test]
    async fn a_new_hold_releases_the_one_waiting() {
        let holds = Arc::new(Holds::default());
        holds.hold("Read", 2, Duration::from_secs(600));
        let waiting = tokio::spawn({
            let holds = holds.clone();
            async move { holds.arrive("Read").await.is_some() }
        });
        tokio::task::yield_now().await;
        holds.hold("Read", 0, Duration::from_secs(600));
        assert!(waiting.await.unwrap());
    }
}
