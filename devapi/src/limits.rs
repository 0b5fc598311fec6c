//! How many e-mails one address gets: a sliding window per address.
//!
//! Sends and resends both count, since both put a message in that person's
//! inbox; a refused request counts for nothing. (The resend limit of one
//! sign-in lives in its session: [`crate::store::Session::resent_at_ms`].)

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

/// Most addresses tracked at once; one more forgets the one whose latest
/// e-mail is the oldest.
pub const MAX_ADDRESSES: usize = 10_000;

/// A sliding-window limit: at most `limit` events in any `window_ms`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Events allowed in one window; 0 means no limit.
    pub limit: u32,
    /// The window, in milliseconds.
    pub window_ms: u64,
}

impl Limit {
    /// Drops the events that left the window, then records one at `now_ms` if
    /// the limit allows; otherwise answers the whole seconds until it will.
    pub fn record(&self, events: &mut VecDeque<u64>, now_ms: u64) -> Result<(), u64> {
        while events
            .front()
            .is_some_and(|&at| now_ms >= at.saturating_add(self.window_ms))
        {
            events.pop_front();
        }
        if self.limit == 0 {
            events.clear();
            return Ok(());
        }
        if events.len() >= self.limit as usize {
            // Room comes when the oldest event in the window leaves it.
            let oldest = events[events.len() - self.limit as usize];
            let wait_ms = oldest.saturating_add(self.window_ms).saturating_sub(now_ms);
            return Err(wait_ms.div_ceil(1000).max(1));
        }
        events.push_back(now_ms);
        Ok(())
    }
}

/// The e-mails sent to each address (lower-cased), oldest first.
#[derive(Debug, Default)]
pub struct AddressLimits {
    sent: Mutex<HashMap<String, VecDeque<u64>>>,
}

impl AddressLimits {
    /// Nothing sent yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, VecDeque<u64>>> {
        self.sent
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts one e-mail to `address` at `now_ms` if `limit` allows it;
    /// otherwise answers the seconds to wait.
    pub fn record(&self, address: &str, limit: Limit, now_ms: u64) -> Result<(), u64> {
        let key = address.to_lowercase();
        let mut sent = self.lock();
        if sent.len() >= MAX_ADDRESSES && !sent.contains_key(&key) {
            // Forget addresses with nothing left in the window, else the one
            // whose latest e-mail is the oldest.
            sent.retain(|_, events| {
                events
                    .back()
                    .is_some_and(|&at| now_ms < at.saturating_add(limit.window_ms))
            });
            if sent.len() >= MAX_ADDRESSES {
                let least_recent = sent
                    .iter()
                    .min_by_key(|(_, events)| events.back().copied().unwrap_or(0))
                    .map(|(k, _)| k.clone());
                if let Some(k) = least_recent {
                    sent.remove(&k);
                }
            }
        }
        let events = sent.entry(key.clone()).or_default();
        let result = limit.record(events, now_ms);
        if events.is_empty() {
            sent.remove(&key);
        }
        result
    }

    /// How many addresses are tracked now.
    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_PER_SECOND: Limit = Limit {
        limit: 2,
        window_ms: 1_000,
    };

    #[test]
    fn a_sliding_window() {
        let mut events = VecDeque::new();
        assert_eq!(TWO_PER_SECOND.record(&mut events, 0), Ok(()));
        assert_eq!(TWO_PER_SECOND.record(&mut events, 400), Ok(()));
        // Full until the first leaves the window at 1000: 0.7 s → 1 s.
        assert_eq!(TWO_PER_SECOND.record(&mut events, 700), Err(1));
        assert_eq!(TWO_PER_SECOND.record(&mut events, 999), Err(1));
        assert_eq!(TWO_PER_SECOND.record(&mut events, 1_000), Ok(()));
        // Refusals are not counted.
        assert_eq!(events.len(), 2);
        let slow = Limit {
            limit: 1,
            window_ms: 600_000,
        };
        let mut events = VecDeque::new();
        assert_eq!(slow.record(&mut events, 0), Ok(()));
        assert_eq!(slow.record(&mut events, 1), Err(600));
        let off = Limit {
            limit: 0,
            window_ms: 1,
        };
        for at in 0..100 {
            assert_eq!(off.record(&mut events, at), Ok(()));
        }
    }

    #[test]
    fn addresses_are_case_blind_and_separate() {
        let limits = AddressLimits::new();
        assert!(limits.record("A@b.co", TWO_PER_SECOND, 0).is_ok());
        assert!(limits.record("a@B.co", TWO_PER_SECOND, 1).is_ok());
        assert!(limits.record("a@b.co", TWO_PER_SECOND, 2).is_err());
        assert!(limits.record("c@d.co", TWO_PER_SECOND, 3).is_ok());
        assert_eq!(limits.tracked(), 2);
    }

    #[test]
    fn at_most_max_addresses_are_tracked() {
        let limits = AddressLimits::new();
        let long = Limit {
            limit: 1,
            window_ms: u64::MAX,
        };
        for i in 0..MAX_ADDRESSES + 10 {
            assert!(limits.record(&format!("u{i}@b.co"), long, i as u64).is_ok());
        }
        assert_eq!(limits.tracked(), MAX_ADDRESSES);
        // The least recent ones were forgotten; recent ones are still limited.
        assert!(limits.record("u0@b.co", long, 1 << 40).is_ok());
        assert!(limits
            .record(&format!("u{}@b.co", MAX_ADDRESSES + 9), long, 1 << 40)
            .is_err());
    }
}
