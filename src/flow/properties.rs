//! Property tests: random sequences of inputs and clock readings, answered by a
//! simulated API, must keep the machine's invariants; and whatever state they reach
//! can be saved, reloaded and continued to the same outcome.

use super::machine::{Command, Flow, Input, StepKind};
use super::snapshot;
use super::timing::{seconds_left, Millis};
use crate::api::response::{Link, Status};
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

fn settings() -> Settings {
    Settings::read(|n| (n == "client-id").then(|| "c".to_string())).0
}

/// The API's answer of `kind` to a request the flow made.
fn answer(request: &Command, kind: u8) -> Input {
    match *request {
        Command::Send { id, .. } => Input::Sent {
            id,
            result: if kind == 0 {
                Ok(Link {
                    handle: "st".into(),
                    match_code: Some("47".into()),
                })
            } else {
                Err(failure(kind))
            },
        },
        Command::Resend { id, .. } => Input::Resent {
            id,
            result: if kind == 0 {
                Ok(Some("12".into()))
            } else {
                Err(failure(kind))
            },
        },
        Command::CheckStatus { id, .. } => Input::Polled {
            id,
            result: match kind {
                0 => Ok(Status::Authenticated(Box::default())),
                1 => Ok(Status::Pending),
                k => Err(failure(k)),
            },
        },
        _ => unreachable!("not a request"),
    }
}

/// A flow driven by the simulated person, page and API.
struct World {
    flow: Flow,
    now: Millis,
    /// Requests the simulated API has not answered yet, oldest first.
    outstanding: Vec<Command>,
}

impl World {
    fn new() -> World {
        World {
            flow: Flow::new(None),
            now: 1_700_000_000_000,
            outstanding: Vec::new(),
        }
    }

    /// The input `action` stands for, or `None` when it has nothing to act on.
    fn input(&mut self, action: &Action) -> Option<Input> {
        Some(match *action {
            Action::Submit(valid) => Input::Submit {
                email: if valid {
                    "ana@example.com".into()
                } else {
                    "nope".into()
                },
            },
            Action::Resend => Input::Resend,
            Action::Back => Input::Back,
            Action::Tick => Input::Tick,
            Action::Hide(hidden) => Input::VisibilityChanged { hidden },
            Action::Online(online) => Input::ConnectivityChanged { online },
            Action::Clock(delta) => {
                self.now = self.now.saturating_add_signed(delta);
                Input::Tick
            }
            Action::Answer(kind) => {
                if self.outstanding.is_empty() {
                    return None;
                }
                answer(&self.outstanding.remove(0), kind)
            }
        })
    }

    fn apply(&mut self, input: Input, settings: &Settings) -> Vec<Command> {
        let commands = self.flow.apply(input, self.now, settings);
        for command in &commands {
            if matches!(
                command,
                Command::Send { .. } | Command::Resend { .. } | Command::CheckStatus { .. }
            ) {
                self.outstanding.push(command.clone());
            }
        }
        commands
    }

    /// Continues until the flow settles: every request is answered ("not yet" for
    /// polls, success otherwise) and the clock runs past the link's lifetime.
    fn settle(&mut self, confirm: bool, settings: &Settings) -> (StepKind, String) {
        self.apply(Input::VisibilityChanged { hidden: false }, settings);
        self.apply(Input::ConnectivityChanged { online: true }, settings);
        for _ in 0..400 {
            if let Some(request) =
                (!self.outstanding.is_empty()).then(|| self.outstanding.remove(0))
            {
                let kind = match request {
                    Command::CheckStatus { .. } if !confirm => 1,
                    _ => 0,
                };
                let input = answer(&request, kind);
                self.apply(input, settings);
            } else {
                self.now += 5_000;
                self.apply(Input::Tick, settings);
            }
        }
        (self.flow.kind(), self.flow.email().to_owned())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invariants_hold_for_any_sequence(actions in proptest::collection::vec(action(), 1..80)) {
        let settings = settings();
        let max_cooldown_s = settings.max_cooldown_ms() / 1000;
        let mut world = World::new();

        for action in actions {
            let Some(input) = world.input(&action) else { continue };
            let kind_before = world.flow.kind();
            let poll_before = world.flow.requests_in_flight()[1];
            let commands = world.apply(input, &settings);
            let flow = &world.flow;

            let announced = commands.iter().filter(|c| matches!(c, Command::Announce(_))).count();
            prop_assert!(announced <= 1, "two announcements for one input: {:?}", commands);
            for command in &commands {
                match command {
                    Command::CheckStatus { .. } => {
                        let waiting = flow.waiting();
                        prop_assert!(waiting.is_some(), "polled outside the waiting step");
                        prop_assert!(!flow.page.offline, "polled while offline");
                        prop_assert!(
                            !flow.page.hidden || waiting.is_some_and(|w| w.poll.last_look),
                            "polled while hidden (other than the last look)"
                        );
                    }
                    Command::Send { .. } | Command::Resend { .. } => {
                        prop_assert!(!flow.page.offline, "sent while offline");
                    }
                    _ => {}
                }
            }
            let [action_id, poll_id, _] = flow.requests_in_flight();
            let live = |id: Option<u32>| {
                world.outstanding.iter().filter(|c| match c {
                    Command::Send { id: i, .. } | Command::Resend { id: i, .. } | Command::CheckStatus { id: i, .. } => id == Some(*i),
                    _ => false,
                }).count()
            };
            prop_assert!(live(poll_id) <= 1, "two status requests in flight");
            prop_assert!(live(action_id) <= 1, "two sends or resends in flight");
            if kind_before == StepKind::SignedIn {
                prop_assert!(commands.is_empty(), "acted after sign-in: {:?}", commands);
            }
            // Expiry on the client clock waits for every status check in flight; only
            // the API itself saying "expired" (kind 3) ends the wait at once.
            let api_said_expired = matches!(action, Action::Answer(3));
            if flow.kind() == StepKind::Expired && kind_before == StepKind::Waiting && !api_said_expired {
                prop_assert!(
                    !world.outstanding.iter().any(|c| matches!(c, Command::CheckStatus { id, .. } if poll_before == Some(*id))),
                    "expired while a status check that could sign in was in flight"
                );
            }
            if let Some(waiting) = flow.waiting() {
                prop_assert!(seconds_left(waiting.resend.cooldown_until, world.now) <= max_cooldown_s);
                prop_assert!(waiting.expires_at <= world.now + settings.link_ttl_ms());
                prop_assert!(!waiting.handle.value.is_empty());
                if let Some(wake) = flow.next_wake(world.now) {
                    prop_assert!(wake >= world.now);
                }
            }
        }
    }

    #[test]
    fn every_state_reached_survives_a_reload_to_the_same_outcome(
        actions in proptest::collection::vec(action(), 1..60),
        confirm in any::<bool>(),
    ) {
        let settings = settings();
        let mut world = World::new();
        for action in actions {
            if let Some(input) = world.input(&action) {
                world.apply(input, &settings);
            }
        }
        // What survives a reload: the stored snapshot (none for the form, a send in
        // flight or signed in), read back at the same moment.
        let Some(stored) = snapshot::encode(&world.flow) else { return Ok(()) };
        let restored = snapshot::decode(&stored, world.now, &settings);
        prop_assert!(restored.is_some(), "its own snapshot reads back: {}", stored);
        let mut reloaded = World { flow: restored.unwrap(), now: world.now, outstanding: Vec::new() };
        prop_assert_eq!(reloaded.flow.kind(), world.flow.kind());
        // The page that was not reloaded goes on with its requests in flight; the
        // reloaded one starts without them. Both must end the same way.
        prop_assert_eq!(reloaded.settle(confirm, &settings), world.settle(confirm, &settings));
    }
}
