//! Property tests: random sequences of events and clock readings, answered by a
//! simulated API, must keep the machine's invariants.

use super::machine::{Effect, Event, Flow, Step};
use super::timing::seconds_left;
use crate::api::response::Status;
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};
use proptest::prelude::*;

/// One thing the person, the page or the network does.
#[derive(Clone, Debug)]
enum Action {
    Submit(bool),
    Resend,
    Back,
    Tick,
    /// Answer the oldest outstanding request: 0 = success, 1 = pending/rate limit,
    /// 2 = transient failure, 3 = expired.
    Answer(u8),
    Hide(bool),
    Online(bool),
    /// Move the clock by this many ms (negative: it jumped back).
    Clock(i64),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        any::<bool>().prop_map(Action::Submit),
        Just(Action::Resend),
        Just(Action::Back),
        Just(Action::Tick),
        (0u8..4).prop_map(Action::Answer),
        (0u8..4).prop_map(Action::Answer),
        any::<bool>().prop_map(Action::Hide),
        any::<bool>().prop_map(Action::Online),
        (-3_600_000i64..600_000).prop_map(Action::Clock),
    ]
}

fn failure(kind: u8) -> Failure {
    match kind {
        1 => Failure::rate_limited(Some(u64::MAX)),
        2 => Failure::new(ErrorCode::Network),
        _ => Failure::new(ErrorCode::Expired),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invariants_hold_for_any_sequence(actions in proptest::collection::vec(action(), 1..80)) {
        let settings = Settings::read(|n| (n == "client-id").then(|| "c".to_string())).0;
        let max_cooldown_s = settings.max_cooldown_ms() / 1000;
        let mut flow = Flow::new(None);
        let mut now: u64 = 1_700_000_000_000;
        // Requests the simulated API has not answered yet, oldest first.
        let mut outstanding: Vec<Effect> = Vec::new();

        for action in actions {
            let event = match action {
                Action::Submit(valid) => Event::Submit {
                    email: if valid { "ana@example.com".into() } else { "nope".into() },
                },
                Action::Resend => Event::Resend,
                Action::Back => Event::Back,
                Action::Tick => Event::Tick,
                Action::Hide(hidden) => Event::VisibilityChanged { hidden },
                Action::Online(online) => Event::ConnectivityChanged { online },
                Action::Clock(delta) => {
                    now = now.saturating_add_signed(delta);
                    Event::Tick
                }
                Action::Answer(kind) => {
                    if outstanding.is_empty() {
                        continue;
                    }
                    match outstanding.remove(0) {
                        Effect::Send { id, .. } => Event::Sent {
                            id,
                            result: if kind == 0 { Ok("st".into()) } else { Err(failure(kind)) },
                        },
                        Effect::Resend { id, .. } => Event::Resent {
                            id,
                            result: if kind == 0 { Ok(()) } else { Err(failure(kind)) },
                        },
                        Effect::CheckStatus { id, .. } => Event::Polled {
                            id,
                            result: match kind {
                                0 => Ok(Status::Authenticated(Box::default())),
                                1 => Ok(Status::Pending),
                                k => Err(failure(k)),
                            },
                        },
                        _ => unreachable!(),
                    }
                }
            };
            let step_before = flow.step;
            let before_status = flow.status_check;
            let effects = flow.apply(event, now, &settings);

            for effect in &effects {
                match effect {
                    Effect::CheckStatus { .. } => {
                        prop_assert_eq!(flow.step, Step::Waiting, "polled outside the waiting step");
                        prop_assert!(!flow.offline, "polled while offline");
                        prop_assert!(!flow.hidden || flow.last_look, "polled while hidden (other than the last look)");
                        outstanding.push(effect.clone());
                    }
                    Effect::Send { .. } | Effect::Resend { .. } => {
                        prop_assert!(!flow.offline, "sent while offline");
                        outstanding.push(effect.clone());
                    }
                    _ => {}
                }
            }
            let live_polls = outstanding
                .iter()
                .filter(|e| matches!(e, Effect::CheckStatus { id, .. } if flow.status_check == Some(*id)))
                .count();
            prop_assert!(live_polls <= 1, "two status requests in flight");
            let live_actions = outstanding
                .iter()
                .filter(|e| matches!(e, Effect::Send { id, .. } | Effect::Resend { id, .. } if flow.action == Some(*id)))
                .count();
            prop_assert!(live_actions <= 1, "two sends or resends in flight");
            if matches!(step_before, Step::SignedIn) {
                prop_assert!(effects.is_empty(), "acted after sign-in: {:?}", effects);
            }
            if flow.step == Step::Expired && step_before == Step::Waiting {
                prop_assert!(
                    !outstanding.iter().any(|e| matches!(e, Effect::CheckStatus { id, .. } if before_status == Some(*id))),
                    "expired while a status check that could sign in was in flight"
                );
            }
            if flow.step == Step::Waiting {
                prop_assert!(seconds_left(flow.cooldown_until, now) <= max_cooldown_s);
                prop_assert!(flow.expires_at <= now + settings.link_ttl_ms());
                prop_assert!(!flow.handle.is_empty());
                if let Some(wake) = flow.next_wake(now) {
                    prop_assert!(wake >= now);
                }
            }
        }
    }
}
