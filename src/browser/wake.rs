//! The one timer of a widget: wakes the flow when its next deadline comes.
//!
//! The flow says when it next needs attention ([`crate::flow::Flow::next_wake`]);
//! this holds a single `setTimeout` for that moment. Rescheduling replaces it, and
//! dropping it clears it, so an unmounted widget leaves no timer behind.

use gloo_timers::callback::Timeout;

/// Holds at most one pending wake-up.
#[derive(Default)]
#[must_use = "dropping the WakeTimer cancels the wake-up"]
pub struct WakeTimer(Option<Timeout>);

impl WakeTimer {
    /// Calls `wake` at epoch time `at` (or now, if that has passed), replacing any
    /// earlier wake-up; `None` cancels.
    pub fn schedule(&mut self, at: Option<u64>, now: u64, wake: impl FnOnce() + 'static) {
        self.0 = at.map(|at| {
            // setTimeout takes an i32: clamp very long waits; the flow re-arms on waking.
            let delay = at.saturating_sub(now).min(i32::MAX as u64) as u32;
            Timeout::new(delay, wake)
        });
    }
}
