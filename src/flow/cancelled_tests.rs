//! A sign-in cancelled where its link was opened (number matching: a different
//! number was picked): its own words on the expired step, told to the page as an
//! error, never as an expiry.

use super::machine::{Command, Ending, Flow, Input, Moment, Notice, Step, StepKind};
use super::method::Channel;
use super::snapshot;
use crate::api::response::Link;
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};
use crate::i18n::{announce, texts_for};

const T0: u64 = 1_700_000_000_000;

fn settings() -> Settings {
    Settings::builder("cli_test").build().0
}

/// A flow waiting on link `st_1`, sent at `T0`.
fn waiting(s: &Settings) -> Flow {
    let mut flow = Flow::new(None);
    flow.apply(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        s,
    );
    let id = flow.requests_in_flight()[0].expect("the send");
    flow.apply(
        Input::Sent {
            id,
            result: Ok(Link::from("st_1")),
        },
        T0,
        s,
    );
    assert_eq!(flow.kind(), StepKind::Waiting);
    flow
}

fn ending(flow: &Flow) -> Option<Ending> {
    match &flow.step {
        Step::Expired(expired) => Some(expired.ending),
        _ => None,
    }
}

fn cancelled() -> Failure {
    Failure::new(ErrorCode::Cancelled)
}

/// A waiting flow whose first poll, at `T0 + 2 s`, is answered "cancelled"; and
/// that answer's commands.
fn cancelled_by_a_poll(s: &Settings) -> (Flow, Vec<Command>) {
    let mut flow = waiting(s);
    flow.apply(Input::Tick, T0 + 2_000, s);
    let id = flow.requests_in_flight()[1].expect("a poll");
    let out = flow.apply(
        Input::Polled {
            id,
            result: Err(cancelled()),
        },
        T0 + 2_100,
        s,
    );
    (flow, out)
}

#[test]
fn a_poll_answered_cancelled_ends_on_the_cancelled_step_told_as_an_error() {
    let s = settings();
    let (mut flow, out) = cancelled_by_a_poll(&s);
    assert_eq!(ending(&flow), Some(Ending::Cancelled));
    assert_eq!(flow.email(), "ana@example.com");
    assert!(out.contains(&Command::Notify(Notice::Error(cancelled()))));
    assert!(
        !out.iter()
            .any(|c| matches!(c, Command::Notify(Notice::Expired { .. }))),
        "nothing expired: {out:?}"
    );
    assert!(out.contains(&Command::Announce(Moment::Ended {
        email: "ana@example.com".into(),
        ending: Ending::Cancelled,
    })));
    assert!(out.iter().any(|c| matches!(c, Command::Save(_))));
    assert_eq!(flow.requests_in_flight(), [None; 3], "polling stopped");
    assert_eq!(flow.next_wake(T0 + 2_100), None);

    // One click e-mails a new link to the same address.
    let out = flow.apply(
        Input::Submit {
            email: flow.email().to_owned(),
        },
        T0 + 5_000,
        &s,
    );
    assert!(out.iter().any(|c| matches!(c,
        Command::Send { email, channel: Channel::Link, .. } if email == "ana@example.com")));
}

#[test]
fn a_resend_answered_cancelled_ends_the_same_way() {
    let s = settings();
    let mut flow = waiting(&s);
    flow.apply(Input::Resend, T0 + 30_000, &s);
    let id = flow.requests_in_flight()[0].expect("the resend");
    let out = flow.apply(
        Input::Resent {
            id,
            result: Err(cancelled()),
        },
        T0 + 30_100,
        &s,
    );
    assert_eq!(ending(&flow), Some(Ending::Cancelled));
    assert!(out.contains(&Command::Notify(Notice::Error(cancelled()))));
}

#[test]
fn the_cancelled_step_survives_a_reload_with_its_words() {
    let s = settings();
    let (flow, _) = cancelled_by_a_poll(&s);
    let stored = snapshot::encode(&flow).expect("a snapshot");
    let restored = snapshot::decode(&stored, T0 + 60_000, &s).expect("readable");
    assert_eq!(ending(&restored), Some(Ending::Cancelled));
    assert_eq!(restored.email(), "ana@example.com");

    let en = texts_for(Some("en"));
    let said = announce::text(
        &Moment::Ended {
            email: "ana@example.com".into(),
            ending: Ending::Cancelled,
        },
        en,
    );
    assert_eq!(
        said,
        en.cancelled_body.replace("{email}", "ana@example.com")
    );
    assert_ne!(en.ending(Ending::Cancelled).title, en.expired_title);
}
