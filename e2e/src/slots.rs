//! A process-wide cap on concurrent Chromium instances.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::browser::BROWSER_SLOTS_ENV;

/// A permit to run one Chromium; see [`BROWSER_SLOTS_ENV`].
pub(crate) struct Slot;

static SLOTS_IN_USE: Mutex<usize> = Mutex::new(0);
static SLOT_FREED: Condvar = Condvar::new();

impl Slot {
    /// Blocks until fewer than the allowed number of browsers run. Blocking is
    /// fine: each test has its own thread and runtime, and nothing the test
    /// started before runs on them (servers have their own threads).
    pub fn acquire() -> Slot {
        let limit = std::env::var(BROWSER_SLOTS_ENV)
            .ok()
            .and_then(|value| value.parse::<usize>().ok())
            .filter(|&limit| limit > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |cores| cores.get()));
        let timeout = Duration::from_secs(300);
        let in_use = SLOTS_IN_USE
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let (mut in_use, waited) = SLOT_FREED
            .wait_timeout_while(in_use, timeout, |in_use| *in_use >= limit)
            .unwrap_or_else(|poison| poison.into_inner());
        assert!(
            !waited.timed_out(),
            "no browser slot free after {timeout:?}: does a test start more than one Browser? \
             (raise {BROWSER_SLOTS_ENV})"
        );
        *in_use += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut in_use = SLOTS_IN_USE
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        *in_use -= 1;
        SLOT_FREED.notify_one();
    }
}
