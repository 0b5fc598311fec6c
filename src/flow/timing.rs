//! Time arithmetic of the flow: countdowns, cooldown growth and polling backoff.
//!
//! Every function takes the current time as an argument. Countdowns are computed from
//! stored deadlines, never by counting ticks, so a throttled background tab, a
//! sleeping laptop or a reload cannot make them drift.

use crate::config::Settings;

/// Milliseconds since the Unix epoch (what `Date.now()` returns).
pub type Millis = u64;

/// Longest wait between two status polls after repeated failures.
pub const MAX_BACKOFF_MS: Millis = 30_000;

/// How long a tab just given the poller's lock waits before it polls. The tab that
/// held the lock gives it up right after it ends the sign-in (signed in, expired)
/// and tells the others; the lock and the word travel separately, and a poll sent
/// before the word arrives could only bring "spent" (the API hands tokens out once).
pub const ELECTION_GRACE_MS: Millis = 300;

/// Whole seconds until `deadline`, rounded up so that the display reaches 0 exactly
/// at the deadline and never shows 0 while the deadline is still ahead.
pub fn seconds_left(deadline: Millis, now: Millis) -> u64 {
    deadline.saturating_sub(now).div_ceil(1000)
}

/// The moment the value of [`seconds_left`] next changes, if it still will.
pub fn next_second_boundary(deadline: Millis, now: Millis) -> Option<Millis> {
    let left = deadline.checked_sub(now).filter(|&ms| ms > 0)?;
    Some(now + (left - 1) % 1000 + 1)
}

/// Cooldown after `resends` resends of one link.
///
/// The rule: the configured `resend-cooldown` for the first resend, then doubling
/// with each resend (30 s, 60 s, 120 s, 240 s with the default), never more than eight
/// times the configured value or [`Settings::max_cooldown_ms`].
pub fn cooldown_ms(settings: &Settings, resends: u32) -> Millis {
    let base = settings.resend_cooldown_s * 1000;
    (base << resends.min(3)).min(settings.max_cooldown_ms())
}

/// A wait the server asked for, clamped to what the widget will ever show.
pub fn server_wait_ms(settings: &Settings, retry_after_s: Option<u64>) -> Millis {
    retry_after_s
        .map_or(settings.resend_cooldown_s * 1000, |s| {
            s.saturating_mul(1000)
        })
        .min(settings.max_cooldown_ms())
}

/// Delay before the next poll after `failures` consecutive failed polls.
///
/// Exponential from the poll interval, capped at [`MAX_BACKOFF_MS`], with "equal
/// jitter" (half fixed, half random) so that many tabs recovering from one outage do
/// not poll in lockstep. `seed` supplies the randomness (the caller passes the clock),
/// which keeps this function pure and repeatable in tests.
pub fn backoff_ms(interval_ms: Millis, failures: u32, seed: u64) -> Millis {
    let ceiling = interval_ms
        .saturating_mul(1 << failures.min(16))
        .min(MAX_BACKOFF_MS)
        .max(interval_ms);
    let half = ceiling / 2;
    half + mix(seed ^ u64::from(failures)) % (ceiling - half + 1)
}

/// SplitMix64: a tiny, well-distributed hash; plenty for jitter.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn settings(cooldown_s: u64) -> Settings {
        let (mut s, _) = Settings::read(|name| (name == "client-id").then(|| "c".to_string()));
        s.resend_cooldown_s = cooldown_s;
        s
    }

    #[test]
    fn seconds_left_rounds_up_and_never_goes_negative() {
        assert_eq!(seconds_left(30_000, 0), 30);
        assert_eq!(seconds_left(30_000, 1), 30);
        assert_eq!(seconds_left(30_000, 999), 30);
        assert_eq!(seconds_left(30_000, 1000), 29);
        assert_eq!(seconds_left(30_000, 29_999), 1);
        assert_eq!(seconds_left(30_000, 30_000), 0);
        assert_eq!(seconds_left(30_000, 90_000), 0);
    }

    #[test]
    fn next_boundary_is_when_the_display_changes() {
        assert_eq!(next_second_boundary(30_000, 0), Some(1000));
        assert_eq!(next_second_boundary(30_000, 250), Some(1000));
        assert_eq!(next_second_boundary(30_500, 0), Some(500));
        assert_eq!(next_second_boundary(30_000, 29_999), Some(30_000));
        assert_eq!(next_second_boundary(30_000, 30_000), None);
        for now in [0, 1, 400, 999, 1000, 12_345] {
            let at = next_second_boundary(30_000, now).unwrap();
            assert!(at > now);
            assert_ne!(seconds_left(30_000, at), seconds_left(30_000, now));
            assert_eq!(seconds_left(30_000, at - 1), seconds_left(30_000, now));
        }
    }

    #[test]
    fn cooldown_doubles_per_resend_up_to_eight_times() {
        let s = settings(30);
        let waits: Vec<_> = (0..6).map(|r| cooldown_ms(&s, r) / 1000).collect();
        assert_eq!(waits, [30, 60, 120, 240, 240, 240]);
        let long = settings(3600);
        assert_eq!(cooldown_ms(&long, 0), 3_600_000);
        assert!(cooldown_ms(&long, 9) <= long.max_cooldown_ms());
    }

    #[test]
    fn server_wait_is_honoured_but_clamped() {
        let s = settings(30);
        assert_eq!(server_wait_ms(&s, Some(7)), 7000);
        assert_eq!(server_wait_ms(&s, None), 30_000);
        assert_eq!(server_wait_ms(&s, Some(u64::MAX)), s.max_cooldown_ms());
    }

    #[test]
    fn backoff_grows_with_jitter_within_bounds() {
        for failures in 0..40 {
            let ceiling = (2000u64 << failures.min(16)).min(MAX_BACKOFF_MS);
            for seed in 0..50 {
                let delay = backoff_ms(2000, failures, seed);
                assert!(
                    delay >= ceiling / 2 && delay <= ceiling,
                    "{failures} {seed} {delay}"
                );
            }
        }
        let spread: std::collections::HashSet<_> =
            (0..50).map(|s| backoff_ms(2000, 4, s)).collect();
        assert!(spread.len() > 10, "jitter should vary with the seed");
    }

    #[test]
    fn backoff_never_polls_faster_than_half_the_interval() {
        assert!(backoff_ms(60_000, 1, 3) >= 30_000);
    }
}
