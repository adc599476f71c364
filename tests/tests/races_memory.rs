//! The races of `scim_conformance::races` on `InMemoryStore`, the oracle: what every store
//! must answer when identity providers send at once (RFC 7643 §4.1.1, RFC 7644 §3.5.2,
//! §3.14).

use scim_conformance::{Client, races};

const RACERS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_creates_of_one_user_name_make_one_user() {
    races::parallel_creates_of_one_user_name(&[Client::in_memory()], RACERS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_patches_keep_every_email() {
    races::parallel_patches_keep_every_email(&[Client::in_memory()], RACERS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_patches_with_one_if_match_make_one_change() {
    races::parallel_writes_with_one_if_match(&[Client::in_memory()], RACERS, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_puts_with_one_if_match_make_one_change() {
    races::parallel_writes_with_one_if_match(&[Client::in_memory()], RACERS, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_if_match_serves_one_write() {
    races::one_if_match_serves_one_write(&Client::in_memory()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_re_creates_of_a_deleted_user_make_one_user() {
    races::parallel_re_creates_of_a_deleted_user(&[Client::in_memory()], RACERS).await;
}
