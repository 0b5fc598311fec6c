//! Polling with a deadline: the only way to wait on another process's state.

use std::future::Future;
use std::time::{Duration, Instant};

/// How often conditions are re-checked.
const POLL_EVERY: Duration = Duration::from_millis(100);

/// Polls `check` every 100 ms until it returns true (→ `true`) or `timeout`
/// passes (→ `false`). `check` always runs at least once.
pub(crate) async fn poll_until<F, Fut>(timeout: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// Polls `check` every 100 ms until it returns true.
///
/// # Panics
/// After `timeout`, naming `what` was awaited. In browser tests prefer
/// [`Browser::wait_until`](crate::Browser::wait_until), which also prints the page.
pub async fn wait_until<F, Fut>(timeout: Duration, what: &str, check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    assert!(
        poll_until(timeout, check).await,
        "timed out after {timeout:?} waiting for {what}"
    );
}
