//! Every transition of the state machine, with the clock passed in.

use super::machine::{Command, Flow, Input, Navigation, Notice, StepKind, Waiting};
use super::method::Channel;
use super::snapshot;
use super::snapshot::Snapshot;
use crate::api::response::{Session, Status};
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};

const T0: u64 = 1_700_000_000_000;

/// The waiting step's data; panics elsewhere.
fn w(flow: &Flow) -> &Waiting {
    flow.waiting().expect("the waiting step")
}

/// The send or resend in flight.
fn action(flow: &Flow) -> Option<u32> {
    flow.requests_in_flight()[0]
}

/// The status poll in flight.
fn status_check(flow: &Flow) -> Option<u32> {
    flow.requests_in_flight()[1]
}

/// Any save, as the tests below compare them (what is saved is tested apart).
fn saved() -> Command {
    Command::Save(Snapshot::placeholder())
}

/// The flow's inputs, with the commands that every transition test would repeat
/// left out: announcements (tested in `crate::i18n::announce`), "stay on the
/// page" and what other tabs are told (`tabs_tests`); saves compare equal to
/// [`saved`].
trait Feed {
    fn feed(&mut self, input: Input, now: u64, settings: &Settings) -> Vec<Command>;
}

impl Feed for Flow {
    fn feed(&mut self, input: Input, now: u64, settings: &Settings) -> Vec<Command> {
        self.apply(input, now, settings)
            .into_iter()
            .filter(|command| {
                !matches!(
                    command,
                    Command::Announce(_)
                        | Command::Navigate(Navigation::Stay(_))
                        | Command::Tell(_)
                )
            })
            .map(|command| match command {
                Command::Save(_) => saved(),
                other => other,
            })
            .collect()
    }
}

fn settings() -> Settings {
    Settings::read(|name| (name == "client-id").then(|| "cli_test".to_string())).0
}

fn session() -> Box<Session> {
    Box::new(Session {
        access_token: Some("at".into()),
        ..Session::default()
    })
}

/// A flow that has just sent a link at `T0`, with the send's effects checked.
fn waiting() -> Flow {
    let s = settings();
    let mut flow = Flow::new(None);
    let effects = flow.feed(
        Input::Submit {
            email: " ana@example.com ".into(),
        },
        T0,
        &s,
    );
    assert_eq!(
        effects,
        [Command::Send {
            id: 1,
            email: "ana@example.com".into(),
            channel: Channel::Link,
        }]
    );
    assert_eq!(flow.kind(), StepKind::Sending);
    assert!(flow.is_busy());
    let effects = flow.feed(
        Input::Sent {
            id: 1,
            result: Ok("st_1".into()),
        },
        T0,
        &s,
    );
    assert_eq!(
        effects,
        [
            saved(),
            Command::Notify(Notice::Sent {
                email: "ana@example.com".into()
            })
        ]
    );
    flow
}

fn status_checks(effects: &[Command]) -> Vec<u32> {
    effects
        .iter()
        .filter_map(|e| match e {
            Command::CheckStatus { id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

#[test]
fn a_sent_link_starts_the_cooldown_expiry_and_polling_clocks() {
    let flow = waiting();
    assert_eq!(flow.kind(), StepKind::Waiting);
    assert_eq!(w(&flow).handle.value, "st_1");
    assert_eq!(w(&flow).resend.cooldown_until, T0 + 30_000);
    assert_eq!(w(&flow).expires_at, T0 + 300_000);
    assert_eq!(w(&flow).poll.next_at, T0 + 2000);
    assert!(!flow.is_busy());
}

#[test]
fn an_invalid_address_sends_nothing_and_keeps_what_was_typed() {
    let mut flow = Flow::new(None);
    let effects = flow.feed(
        Input::Submit {
            email: "ana@".into(),
        },
        T0,
        &settings(),
    );
    assert_eq!(flow.kind(), StepKind::Form);
    assert_eq!(flow.email(), "ana@");
    assert_eq!(
        flow.shown_error().cloned().as_ref().map(|e| e.code),
        Some(ErrorCode::InvalidEmail)
    );
    assert_eq!(
        effects,
        [Command::Notify(Notice::Error(Failure::new(
            ErrorCode::InvalidEmail
        )))]
    );
}

#[test]
fn submitting_while_offline_sends_nothing_and_keeps_the_address() {
    let s = settings();
    let mut flow = Flow::new(None);
    flow.feed(Input::ConnectivityChanged { online: false }, T0, &s);
    let effects = flow.feed(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        &s,
    );
    assert!(!effects.iter().any(|e| matches!(e, Command::Send { .. })));
    assert_eq!(flow.email(), "ana@example.com");
    assert_eq!(
        flow.shown_error().cloned().as_ref().map(|e| e.code),
        Some(ErrorCode::Offline)
    );
    flow.feed(Input::ConnectivityChanged { online: true }, T0, &s);
    assert_eq!(
        flow.shown_error().cloned(),
        None,
        "the offline message goes when the network is back"
    );
}

#[test]
fn a_second_submit_while_sending_is_ignored() {
    let s = settings();
    let mut flow = Flow::new(None);
    flow.feed(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        &s,
    );
    let effects = flow.feed(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0 + 5,
        &s,
    );
    assert!(effects.is_empty());
}

#[test]
fn a_failed_send_returns_to_the_form_with_the_error_and_the_address() {
    let s = settings();
    let mut flow = Flow::new(None);
    flow.feed(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        &s,
    );
    let failure = Failure::new(ErrorCode::Server);
    let effects = flow.feed(
        Input::Sent {
            id: 1,
            result: Err(failure.clone()),
        },
        T0,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::Form);
    assert_eq!(flow.email(), "ana@example.com");
    assert!(!flow.is_busy());
    assert_eq!(effects, [Command::Notify(Notice::Error(failure))]);
}

#[test]
fn polls_once_per_interval_and_never_twice_at_once() {
    let s = settings();
    let mut flow = waiting();
    assert!(flow.feed(Input::Tick, T0 + 1999, &s).is_empty());
    let effects = flow.feed(Input::Tick, T0 + 2000, &s);
    assert_eq!(
        effects,
        [Command::CheckStatus {
            id: 2,
            handle: "st_1".into()
        }]
    );
    assert_eq!(
        status_checks(&flow.feed(Input::Tick, T0 + 9000, &s)),
        Vec::<u32>::new(),
        "one in flight"
    );
    flow.feed(
        Input::Polled {
            id: 2,
            result: Ok(Status::Pending),
        },
        T0 + 2100,
        &s,
    );
    assert_eq!(w(&flow).poll.next_at, T0 + 4100);
    assert!(status_checks(&flow.feed(Input::Tick, T0 + 4099, &s)).is_empty());
    assert_eq!(status_checks(&flow.feed(Input::Tick, T0 + 4100, &s)), [3]);
}

#[test]
fn a_confirmed_link_signs_in_forgets_storage_and_hands_over_the_session() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Tick, T0 + 2000, &s);
    let effects = flow.feed(
        Input::Polled {
            id: 2,
            result: Ok(Status::Authenticated(session())),
        },
        T0 + 2050,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::SignedIn);
    assert_eq!(
        effects,
        [
            Command::Forget,
            Command::Notify(Notice::Authenticated(session()))
        ]
    );
    assert_eq!(
        flow.next_wake(T0 + 3000),
        None,
        "nothing is scheduled after sign-in"
    );
    assert!(
        flow.feed(Input::Tick, T0 + 60_000, &s).is_empty(),
        "no polling after sign-in"
    );
}

#[test]
fn sign_in_redirects_only_when_configured() {
    let mut s = settings();
    s.redirect_uri = Some("https://app.example.com/home".into());
    let mut flow = waiting();
    flow.feed(Input::Tick, T0 + 2000, &s);
    let effects = flow.feed(
        Input::Polled {
            id: 2,
            result: Ok(Status::Authenticated(session())),
        },
        T0 + 2050,
        &s,
    );
    assert_eq!(
        effects.last(),
        Some(&Command::Navigate(Navigation::To(
            "https://app.example.com/home".into()
        )))
    );
}

#[test]
fn resend_waits_for_the_cooldown_and_posts_the_same_handle() {
    let s = settings();
    let mut flow = waiting();
    assert!(!flow.can_resend(T0 + 29_999));
    let early = flow.feed(Input::Resend, T0 + 29_999, &s);
    assert!(
        !early.iter().any(|e| matches!(e, Command::Resend { .. })),
        "still cooling down"
    );
    let effects = flow.feed(Input::Resend, T0 + 30_000, &s);
    let id = action(&flow).expect("a resend in flight");
    assert!(effects.contains(&Command::Resend {
        id,
        handle: "st_1".into(),
        channel: Channel::Link,
    }));
    assert!(
        !flow.can_resend(T0 + 30_001),
        "no second resend while one is in flight"
    );
    let again = flow.feed(Input::Resend, T0 + 30_001, &s);
    assert!(!again.iter().any(|e| matches!(e, Command::Resend { .. })));
    let effects = flow.feed(
        Input::Resent {
            id,
            result: Ok(None),
        },
        T0 + 31_000,
        &s,
    );
    assert_eq!(
        effects,
        [
            saved(),
            Command::Notify(Notice::Resent {
                email: "ana@example.com".into(),
                count: 1
            })
        ]
    );
    assert_eq!(
        w(&flow).resend.cooldown_until,
        T0 + 31_000 + 60_000,
        "the second wait is twice as long"
    );
    assert_eq!(
        w(&flow).expires_at,
        T0 + 31_000 + 300_000,
        "the new link lives from the resend"
    );
}

#[test]
fn a_rate_limited_resend_waits_as_long_as_the_server_says() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Resend, T0 + 30_000, &s);
    let id = action(&flow).unwrap();
    let effects = flow.feed(
        Input::Resent {
            id,
            result: Err(Failure::rate_limited(Some(45))),
        },
        T0 + 30_100,
        &s,
    );
    assert_eq!(w(&flow).resend.cooldown_until, T0 + 30_100 + 45_000);
    assert!(effects.contains(&saved()));
    assert_eq!(
        flow.shown_error().cloned().as_ref().map(|e| e.code),
        Some(ErrorCode::RateLimited)
    );
    assert_eq!(w(&flow).resend.count, 0);
}

#[test]
fn an_absurd_retry_after_is_clamped_to_the_maximum_cooldown() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Resend, T0 + 30_000, &s);
    let id = action(&flow).unwrap();
    flow.feed(
        Input::Resent {
            id,
            result: Err(Failure::rate_limited(Some(10_000_000))),
        },
        T0 + 30_000,
        &s,
    );
    assert_eq!(
        w(&flow).resend.cooldown_until,
        T0 + 30_000 + s.max_cooldown_ms()
    );
}

#[test]
fn poll_failures_back_off_with_jitter_and_recover() {
    let s = settings();
    let mut flow = waiting();
    let mut now = T0 + 2000;
    let mut previous_wait = 0;
    for round in 1..=8u32 {
        let ids = status_checks(&flow.feed(Input::Tick, now, &s));
        assert_eq!(ids.len(), 1, "round {round}");
        let effects = flow.feed(
            Input::Polled {
                id: ids[0],
                result: Err(Failure::new(ErrorCode::Server)),
            },
            now,
            &s,
        );
        let notified = effects
            .iter()
            .any(|e| matches!(e, Command::Notify(Notice::Error(_))));
        assert_eq!(notified, round == 1, "the page hears of an outage once");
        let wait = w(&flow).poll.next_at - now;
        let ceiling = (2000u64 << round).min(30_000);
        assert!(
            wait >= ceiling / 2 && wait <= ceiling,
            "round {round}: {wait}"
        );
        assert!(wait >= previous_wait / 2);
        previous_wait = wait;
        now = w(&flow).poll.next_at.min(w(&flow).expires_at - 1);
    }
    let ids = status_checks(&flow.feed(Input::Tick, now, &s));
    flow.feed(
        Input::Polled {
            id: ids[0],
            result: Ok(Status::Pending),
        },
        now,
        &s,
    );
    assert_eq!(w(&flow).poll.failures, 0);
    assert_eq!(
        flow.shown_error().cloned(),
        None,
        "a good answer clears the transient error"
    );
    assert_eq!(w(&flow).poll.next_at, now + 2000);
}

#[test]
fn a_rate_limited_poll_honours_retry_after() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Tick, T0 + 2000, &s);
    flow.feed(
        Input::Polled {
            id: 2,
            result: Err(Failure::rate_limited(Some(12))),
        },
        T0 + 2000,
        &s,
    );
    assert_eq!(w(&flow).poll.next_at, T0 + 14_000);
}

#[test]
fn hidden_tabs_do_not_poll_and_poll_once_when_shown() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::VisibilityChanged { hidden: true }, T0 + 100, &s);
    for t in (2000..60_000).step_by(500) {
        assert!(status_checks(&flow.feed(Input::Tick, T0 + t, &s)).is_empty());
    }
    let effects = flow.feed(Input::VisibilityChanged { hidden: false }, T0 + 60_000, &s);
    assert_eq!(
        status_checks(&effects).len(),
        1,
        "one poll at once when visible again"
    );
}

#[test]
fn offline_pauses_polling_and_online_polls_at_once() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::ConnectivityChanged { online: false }, T0 + 100, &s);
    assert!(status_checks(&flow.feed(Input::Tick, T0 + 10_000, &s)).is_empty());
    assert!(flow
        .apply(Input::Resend, T0 + 31_000, &s)
        .iter()
        .all(|e| !matches!(e, Command::Resend { .. })));
    let effects = flow.feed(Input::ConnectivityChanged { online: true }, T0 + 40_000, &s);
    assert_eq!(status_checks(&effects).len(), 1);
}

#[test]
fn the_link_expires_on_the_client_clock_after_one_last_look() {
    let s = settings();
    let mut flow = waiting();
    let effects = flow.feed(Input::Tick, T0 + 300_000, &s);
    assert_eq!(
        flow.kind(),
        StepKind::Waiting,
        "not before the last status check answers"
    );
    let ids = status_checks(&effects);
    assert_eq!(ids.len(), 1);
    let effects = flow.feed(
        Input::Polled {
            id: ids[0],
            result: Ok(Status::Pending),
        },
        T0 + 300_050,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::Expired);
    assert_eq!(
        effects,
        [
            saved(),
            Command::Notify(Notice::Expired {
                email: "ana@example.com".into()
            })
        ]
    );
    assert!(
        flow.feed(Input::Tick, T0 + 400_000, &s).is_empty(),
        "no polling once expired"
    );
}

/// Regression: the person confirmed the link in their mail tab while this tab was
/// hidden (so not polling); at the deadline the widget said "expired" and threw the
/// confirmed sign-in away.
#[test]
fn a_link_confirmed_while_the_tab_was_hidden_still_signs_in_at_the_deadline() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::VisibilityChanged { hidden: true }, T0 + 1000, &s);
    let effects = flow.feed(Input::Tick, T0 + 300_000, &s);
    let ids = status_checks(&effects);
    assert_eq!(ids.len(), 1, "one last look, even while hidden");
    let effects = flow.feed(
        Input::Polled {
            id: ids[0],
            result: Ok(Status::Authenticated(session())),
        },
        T0 + 300_100,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::SignedIn);
    assert!(effects.contains(&Command::Notify(Notice::Authenticated(session()))));
}

#[test]
fn requests_in_flight_at_the_deadline_are_answered_before_expiry() {
    let s = settings();
    // A poll in flight: its answer decides.
    let mut flow = waiting();
    flow.feed(Input::Tick, T0 + 299_000, &s);
    let id = status_check(&flow).expect("a poll in flight");
    assert!(flow.feed(Input::Tick, T0 + 300_000, &s).is_empty());
    assert_eq!(flow.kind(), StepKind::Waiting);
    assert_eq!(
        flow.next_wake(T0 + 300_000),
        None,
        "no busy wake-ups past the deadline"
    );
    flow.feed(
        Input::Polled {
            id,
            result: Ok(Status::Authenticated(session())),
        },
        T0 + 300_200,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::SignedIn);

    // A resend in flight: its success means a new link with a new lifetime.
    let mut flow = waiting();
    flow.feed(Input::Resend, T0 + 299_500, &s);
    let resend = action(&flow).expect("a resend in flight");
    if let Some(poll) = status_check(&flow) {
        flow.feed(
            Input::Polled {
                id: poll,
                result: Ok(Status::Pending),
            },
            T0 + 299_600,
            &s,
        );
    }
    flow.feed(Input::Tick, T0 + 300_000, &s);
    assert_eq!(flow.kind(), StepKind::Waiting);
    flow.feed(
        Input::Resent {
            id: resend,
            result: Ok(None),
        },
        T0 + 300_100,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::Waiting);
    assert_eq!(w(&flow).expires_at, T0 + 300_100 + 300_000);
}

#[test]
fn offline_at_the_deadline_waits_for_the_network_before_deciding() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::ConnectivityChanged { online: false }, T0 + 1000, &s);
    assert!(flow.feed(Input::Tick, T0 + 300_000, &s).is_empty());
    assert_eq!(flow.kind(), StepKind::Waiting);
    let effects = flow.feed(
        Input::ConnectivityChanged { online: true },
        T0 + 310_000,
        &s,
    );
    assert_eq!(
        status_checks(&effects).len(),
        1,
        "the last look once back online"
    );
}

#[test]
fn showing_the_tab_does_not_override_the_servers_retry_after() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Tick, T0 + 2000, &s);
    flow.feed(
        Input::Polled {
            id: 2,
            result: Err(Failure::rate_limited(Some(60))),
        },
        T0 + 2000,
        &s,
    );
    for t in [3000, 10_000, 30_000] {
        flow.feed(Input::VisibilityChanged { hidden: true }, T0 + t, &s);
        let effects = flow.feed(Input::VisibilityChanged { hidden: false }, T0 + t + 10, &s);
        assert!(
            status_checks(&effects).is_empty(),
            "polled {t} ms in, inside the server's wait"
        );
    }
    assert_eq!(
        w(&flow).poll.error,
        None,
        "a rate limit while polling is not shown"
    );
    let effects = flow.feed(Input::Tick, T0 + 62_000, &s);
    assert_eq!(status_checks(&effects).len(), 1);
}

#[test]
fn a_good_poll_does_not_wipe_the_error_of_a_resend() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Resend, T0 + 30_000, &s);
    let resend = action(&flow).unwrap();
    let poll = status_check(&flow);
    flow.feed(
        Input::Resent {
            id: resend,
            result: Err(Failure::new(ErrorCode::Network)),
        },
        T0 + 30_100,
        &s,
    );
    if let Some(id) = poll {
        flow.feed(
            Input::Polled {
                id,
                result: Ok(Status::Pending),
            },
            T0 + 30_110,
            &s,
        );
    }
    assert_eq!(flow.shown_error().map(|e| e.code), Some(ErrorCode::Network));
}

#[test]
fn the_api_saying_expired_ends_the_wait_and_a_late_poll_answer_is_ignored() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Tick, T0 + 2000, &s);
    flow.feed(
        Input::Polled {
            id: 2,
            result: Err(Failure::new(ErrorCode::Expired)),
        },
        T0 + 2100,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::Expired);
    let late = flow.feed(
        Input::Polled {
            id: 2,
            result: Ok(Status::Authenticated(session())),
        },
        T0 + 2200,
        &s,
    );
    assert!(late.is_empty());
    assert_eq!(flow.kind(), StepKind::Expired);
}

#[test]
fn an_expired_link_can_be_replaced_with_one_click() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Tick, T0 + 300_000, &s);
    let id = status_check(&flow).expect("the last look");
    flow.feed(
        Input::Polled {
            id,
            result: Ok(Status::Pending),
        },
        T0 + 300_000,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::Expired);
    let email = flow.email().to_owned();
    let effects = flow.feed(Input::Submit { email }, T0 + 301_000, &s);
    assert!(
        matches!(&effects[..], [Command::Forget, Command::Send { email, .. }] if email == "ana@example.com")
    );
    assert_eq!(flow.kind(), StepKind::Sending);
}

#[test]
fn back_returns_to_the_form_stops_polling_and_ignores_late_answers() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Tick, T0 + 2000, &s);
    let effects = flow.feed(Input::Back, T0 + 2100, &s);
    assert_eq!(effects, [Command::Forget]);
    assert_eq!(flow.kind(), StepKind::Form);
    assert_eq!(
        flow.email(),
        "ana@example.com",
        "the address stays for editing"
    );
    // The form step has no handle to keep: `Form` has no such field.
    assert_eq!(flow.next_wake(T0 + 2100), None);
    assert!(flow
        .apply(
            Input::Polled {
                id: 2,
                result: Ok(Status::Authenticated(session()))
            },
            T0 + 2200,
            &s
        )
        .is_empty());
    assert_eq!(flow.kind(), StepKind::Form);
    assert!(flow.feed(Input::Tick, T0 + 10_000, &s).is_empty());
}

#[test]
fn next_wake_is_the_earliest_of_countdown_poll_and_expiry() {
    let s = settings();
    let flow = waiting();
    assert_eq!(
        flow.next_wake(T0),
        Some(T0 + 1000),
        "the countdown changes first"
    );
    assert_eq!(flow.next_wake(T0 + 1500), Some(T0 + 2000));
    let mut cooled = flow.clone();
    if let super::machine::Step::Waiting(waiting) = &mut cooled.step {
        waiting.resend.cooldown_until = T0;
    }
    assert_eq!(cooled.next_wake(T0 + 100), Some(T0 + 2000), "then the poll");
    cooled.page.hidden = true;
    assert_eq!(
        cooled.next_wake(T0 + 100),
        Some(T0 + 300_000),
        "hidden: only expiry"
    );
    let mut form = Flow::new(None);
    form.feed(Input::Tick, T0, &s);
    assert_eq!(form.next_wake(T0), None);
}

#[test]
fn misconfigured_flows_send_nothing() {
    let s = settings();
    let mut flow = Flow::misconfigured(Failure::new(ErrorCode::Config));
    assert!(flow
        .apply(
            Input::Submit {
                email: "ana@example.com".into()
            },
            T0,
            &s
        )
        .is_empty());
    assert!(flow.feed(Input::Tick, T0, &s).is_empty());
    assert_eq!(flow.kind(), StepKind::Misconfigured);
}

#[test]
fn snapshot_round_trip_restores_step_and_seconds_left() {
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Resend, T0 + 30_000, &s);
    let id = action(&flow).unwrap();
    flow.feed(
        Input::Resent {
            id,
            result: Ok(None),
        },
        T0 + 30_000,
        &s,
    );
    let stored = snapshot::encode(&flow).unwrap();
    assert!(!stored.contains("token"));
    let later = T0 + 42_000;
    let restored = snapshot::decode(&stored, later, &s).unwrap();
    assert_eq!(restored.kind(), StepKind::Waiting);
    assert_eq!(restored.email(), "ana@example.com");
    assert_eq!(w(&restored).handle.value, "st_1");
    assert_eq!(w(&restored).resend.count, 1);
    assert_eq!(
        super::timing::seconds_left(w(&restored).resend.cooldown_until, later),
        48
    );
    assert_eq!(
        w(&restored).poll.next_at,
        later,
        "a restored wait polls at once"
    );
}

#[test]
fn a_session_id_handle_goes_back_as_session_id_also_after_a_reload() {
    use crate::api::response::{Handle, HandleField};
    let s = settings();
    let mut flow = Flow::new(None);
    flow.feed(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        &s,
    );
    let handle = Handle {
        value: "sess_1".into(),
        field: HandleField::SessionId,
    };
    flow.feed(
        Input::Sent {
            id: 1,
            result: Ok(crate::api::response::Link {
                handle: handle.clone(),
                match_code: None,
            }),
        },
        T0,
        &s,
    );
    let effects = flow.feed(Input::Tick, T0 + 2000, &s);
    assert!(effects.contains(&Command::CheckStatus {
        id: 2,
        handle: handle.clone()
    }));
    let restored = snapshot::decode(&snapshot::encode(&flow).unwrap(), T0 + 3000, &s).unwrap();
    assert_eq!(w(&restored).handle, handle);
}

#[test]
fn snapshot_is_only_kept_for_waiting_and_expired() {
    assert_eq!(snapshot::encode(&Flow::new(Some("a@b.co".into()))), None);
    let mut signed_in = waiting();
    signed_in.step = super::machine::Step::SignedIn;
    assert_eq!(snapshot::encode(&signed_in), None);
}

#[test]
fn unusable_snapshots_start_clean() {
    let s = settings();
    let good = snapshot::encode(&waiting()).unwrap();
    assert!(snapshot::decode(&good, T0, &s).is_some());
    for bad in [
        "",
        "{",
        "null",
        "[]",
        &good.replace("\"v\":1", "\"v\":0"),
        &good.replace("\"v\":1,", ""),
        &good.replace("waiting", "dancing"),
        &good.replace("waiting", "signed_in"),
        &good.replace(&format!("{}", T0 + 30_000), "-5"),
        &good.replace(&format!("{}", T0 + 300_000), "\"soon\""),
        &good.replace("\"st_1\"", "\"\""),
        &good.replace("\"st_1\"", "5"),
        &good.replace("\"resends\":0", "\"resends\":1.5"),
        &good.replace("\"resends\":0", "\"resends\":99999999999"),
        &good.replace(&format!("{}", T0 + 30_000), "1e300"),
        &format!("[{good}]"),
    ] {
        assert_eq!(snapshot::decode(bad, T0, &s), None, "{bad}");
    }
}

#[test]
fn snapshots_written_before_the_serde_types_still_read() {
    // Exactly as the hand-written writer of the first release put them.
    let s = settings();
    let state = r#"{"v":1,"step":"waiting","email":"ana@example.com","state":"st_1","cooldown_until":1700000030000,"expires_at":1700000300000,"resends":2}"#;
    let restored = snapshot::decode(state, T0, &s).unwrap();
    assert_eq!(
        (
            restored.kind(),
            restored.email(),
            w(&restored).handle.value.as_str()
        ),
        (StepKind::Waiting, "ana@example.com", "st_1")
    );
    assert_eq!(
        (
            w(&restored).resend.cooldown_until,
            w(&restored).expires_at,
            w(&restored).resend.count
        ),
        (T0 + 30_000, T0 + 300_000, 2)
    );
    let session_id = r#"{"v":1,"step":"expired","email":"ana@example.com","state":"sess_1","state_field":"session_id","cooldown_until":0,"expires_at":0,"resends":0}"#;
    let restored = snapshot::decode(session_id, T0, &s).unwrap();
    let super::machine::Step::Expired(expired) = &restored.step else {
        panic!("not expired: {restored:?}");
    };
    assert_eq!(
        expired.handle.field,
        crate::api::response::HandleField::SessionId
    );
    // The same value written today is the same text, so older widgets read ours.
    assert_eq!(snapshot::encode(&restored).as_deref(), Some(session_id));
    // An unknown handle field name reads as `state`; unknown members are ignored.
    let odd = state.replace(
        r#""resends":2"#,
        r#""resends":2,"state_field":"cookie","later":{"x":1}"#,
    );
    assert_eq!(
        w(&snapshot::decode(&odd, T0, &s).unwrap()).handle.field,
        crate::api::response::HandleField::State
    );
}

#[test]
fn far_future_stored_deadlines_are_clamped() {
    let s = settings();
    let stored = snapshot::encode(&waiting())
        .unwrap()
        .replace(&format!("{}", T0 + 30_000), "99999999999999")
        .replace(&format!("{}", T0 + 300_000), "99999999999999");
    let restored = snapshot::decode(&stored, T0, &s).unwrap();
    assert_eq!(w(&restored).resend.cooldown_until, T0 + s.max_cooldown_ms());
    assert_eq!(w(&restored).expires_at, T0 + s.link_ttl_ms());
}

#[test]
fn storage_keys_are_namespaced_by_client_and_instance() {
    let mut s = settings();
    assert_eq!(snapshot::storage_key(&s), "magic-link-login:cli_test");
    s.storage_key = Some("checkout".into());
    assert_eq!(
        snapshot::storage_key(&s),
        "magic-link-login:cli_test:checkout"
    );
}

#[test]
fn a_429_on_send_waits_out_retry_after_with_the_address_kept_also_across_a_reload() {
    let s = settings();
    let mut flow = Flow::new(None);
    let submit = |flow: &mut Flow, now| {
        flow.feed(
            Input::Submit {
                email: "ana@example.com".into(),
            },
            now,
            &s,
        )
    };
    submit(&mut flow, T0);
    let effects = flow.feed(
        Input::Sent {
            id: 1,
            result: Err(Failure::rate_limited(Some(7))),
        },
        T0 + 100,
        &s,
    );
    assert!(
        effects.contains(&saved()),
        "the wait survives a reload: {effects:?}"
    );
    assert_eq!(flow.kind(), StepKind::Form);
    assert_eq!(flow.email(), "ana@example.com");
    assert!(!flow.can_send(T0 + 7_000));
    assert_eq!(
        flow.next_wake(T0 + 100),
        Some(T0 + 1_100),
        "the countdown ticks"
    );
    assert!(
        submit(&mut flow, T0 + 5_000).is_empty(),
        "nothing is sent inside the server's wait"
    );
    // A reload in the middle: the same form, the same seconds, the alert again.
    let stored = snapshot::encode(&flow).expect("the form is kept while it waits");
    let mut restored = snapshot::decode(&stored, T0 + 3_100, &s).unwrap();
    assert_eq!(restored.email(), "ana@example.com");
    assert!(!restored.can_send(T0 + 7_099));
    assert_eq!(
        restored.shown_error().and_then(|e| e.retry_after_s),
        Some(4),
        "try again in 4 seconds"
    );
    // The wait ends: Send works again, the stale alert goes, so does the snapshot.
    let effects = restored.feed(Input::Tick, T0 + 7_100, &s);
    assert_eq!(effects, [Command::Forget]);
    assert!(restored.can_send(T0 + 7_100));
    assert_eq!(restored.shown_error(), None);
    let effects = submit(&mut restored, T0 + 7_200);
    assert!(
        matches!(&effects[..], [Command::Send { .. }]),
        "{effects:?}"
    );
}

#[test]
fn a_429_without_retry_after_lets_the_person_try_again_at_once() {
    let s = settings();
    let mut flow = Flow::new(None);
    flow.feed(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        &s,
    );
    let effects = flow.feed(
        Input::Sent {
            id: 1,
            result: Err(Failure::rate_limited(None)),
        },
        T0,
        &s,
    );
    assert!(!effects.contains(&saved()));
    assert!(flow.can_send(T0));
}

#[test]
fn the_match_code_is_shown_while_waiting_renewed_by_a_resend_and_kept_across_a_reload() {
    use crate::api::response::Link;
    let s = settings();
    let mut flow = Flow::new(None);
    flow.feed(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        &s,
    );
    let link = Link {
        handle: "st_1".into(),
        match_code: Some("47".into()),
    };
    flow.feed(
        Input::Sent {
            id: 1,
            result: Ok(link),
        },
        T0,
        &s,
    );
    assert_eq!(w(&flow).match_code.as_deref(), Some("47"));
    let restored = snapshot::decode(&snapshot::encode(&flow).unwrap(), T0 + 1000, &s).unwrap();
    assert_eq!(w(&restored).match_code.as_deref(), Some("47"));
    flow.feed(Input::Resend, T0 + 30_000, &s);
    let id = action(&flow).unwrap();
    flow.feed(
        Input::Resent {
            id,
            result: Ok(Some("08".into())),
        },
        T0 + 30_100,
        &s,
    );
    assert_eq!(w(&flow).match_code.as_deref(), Some("08"));
    flow.feed(Input::Resend, T0 + 100_000, &s);
    let id = action(&flow).unwrap();
    flow.feed(
        Input::Resent {
            id,
            result: Ok(None),
        },
        T0 + 100_100,
        &s,
    );
    assert_eq!(
        w(&flow).match_code,
        None,
        "a new link without a code shows no old one"
    );
}

#[test]
fn the_api_saying_a_resent_link_expired_ends_the_wait_even_with_a_poll_in_flight() {
    // Found by the property test: the client clock waits for status checks in
    // flight, but the API's own "expired" is final (its status would not sign in).
    let s = settings();
    let mut flow = waiting();
    flow.feed(Input::Resend, T0 + 30_000, &s);
    let resend = action(&flow).unwrap();
    let poll = status_check(&flow).expect("a poll in flight");
    flow.feed(
        Input::Resent {
            id: resend,
            result: Err(Failure::new(ErrorCode::Expired)),
        },
        T0 + 30_100,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::Expired);
    let late = flow.feed(
        Input::Polled {
            id: poll,
            result: Ok(Status::Pending),
        },
        T0 + 30_200,
        &s,
    );
    assert!(late.is_empty(), "the late answer is ignored: {late:?}");
}
