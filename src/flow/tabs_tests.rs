//! Tabs in step: two flows standing for two tabs, wired by what they tell.

use super::machine::{Command, Flow, Input, LockState, Notice, StepKind};
use super::tabs::TabMessage;
use crate::api::response::{Link, Session, Status};
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};

const T0: u64 = 1_700_000_000_000;

fn settings() -> Settings {
    Settings::builder("cli_test").build().0
}

fn told(commands: &[Command]) -> Vec<TabMessage> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Tell(message) => Some(message.clone()),
            _ => None,
        })
        .collect()
}

/// Feeds every message of `from` to `to`, returning `to`'s commands.
fn hear(to: &mut Flow, from: &[Command], now: u64, s: &Settings) -> Vec<Command> {
    told(from)
        .into_iter()
        .flat_map(|message| to.apply(Input::FromTab(message), now, s))
        .collect()
}

/// Tab A has sent a link (`handle`) at `T0`; its commands are returned.
fn sent_in(a: &mut Flow, handle: &str, s: &Settings) -> Vec<Command> {
    a.apply(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        s,
    );
    let id = a.requests_in_flight()[0].unwrap();
    a.apply(
        Input::Sent {
            id,
            result: Ok(Link::from(handle)),
        },
        T0,
        s,
    )
}

fn session() -> Box<Session> {
    Box::new(Session {
        access_token: Some("at".into()),
        ..Session::default()
    })
}

#[test]
fn a_tab_on_the_form_joins_a_sign_in_another_tab_started() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    let out = sent_in(&mut a, "st_1", &s);
    let heard = hear(&mut b, &out, T0 + 500, &s);
    assert_eq!(b.kind(), StepKind::Waiting);
    let (wa, wb) = (a.waiting().unwrap(), b.waiting().unwrap());
    assert_eq!(wb.handle, wa.handle);
    assert_eq!(wb.resend.cooldown_until, wa.resend.cooldown_until);
    assert_eq!(wb.expires_at, wa.expires_at);
    assert!(
        heard.iter().any(|c| matches!(c, Command::Save(_))),
        "a reload keeps it"
    );
    assert!(
        told(&heard).is_empty(),
        "not told back: no echo between tabs"
    );
}

#[test]
fn a_tab_opened_later_asks_and_gets_the_waiting_step() {
    let s = settings();
    let mut a = Flow::new(None);
    sent_in(&mut a, "st_1", &s);
    let mut b = Flow::new(None);
    let answer = a.apply(Input::FromTab(TabMessage::Hello), T0 + 10_000, &s);
    hear(&mut b, &answer, T0 + 10_000, &s);
    assert_eq!(b.waiting().unwrap().resend.cooldown_until, T0 + 30_000);
    // A tab on the form has nothing to say.
    let quiet = Flow::new(None).apply(Input::FromTab(TabMessage::Hello), T0, &s);
    assert!(told(&quiet).is_empty());
}

#[test]
fn a_resend_in_one_tab_cools_down_both() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    a.apply(Input::Resend, T0 + 30_000, &s);
    let id = a.requests_in_flight()[0].unwrap();
    let out = a.apply(
        Input::Resent {
            id,
            result: Ok(None),
        },
        T0 + 30_500,
        &s,
    );
    hear(&mut b, &out, T0 + 30_600, &s);
    let wb = b.waiting().unwrap();
    assert_eq!(wb.resend.count, 1);
    assert_eq!(
        wb.resend.cooldown_until,
        a.waiting().unwrap().resend.cooldown_until
    );
    assert!(!b.can_resend(T0 + 31_000));
}

#[test]
fn a_tab_standing_by_does_not_poll_until_elected() {
    let s = settings();
    let mut b = Flow::new(None);
    b.apply(Input::Elected { polls: false }, T0, &s);
    sent_in(&mut b, "st_1", &s);
    assert_eq!(b.wants_the_poller_lock(), Some("st_1"));
    let out = b.apply(Input::Tick, T0 + 10_000, &s);
    assert!(!out.iter().any(|c| matches!(c, Command::CheckStatus { .. })));
    b.apply(Input::Elected { polls: true }, T0 + 10_001, &s);
    let out = b.apply(Input::Tick, T0 + 10_301, &s);
    assert!(
        out.iter().any(|c| matches!(c, Command::CheckStatus { .. })),
        "once elected, after the grace"
    );
    let id = b.requests_in_flight()[1].unwrap();
    let answer = Input::Polled {
        id,
        result: Ok(Status::Pending),
    };
    b.apply(answer, T0 + 10_302, &s);
    b.apply(Input::VisibilityChanged { hidden: true }, T0 + 10_303, &s);
    assert_eq!(
        b.wants_the_poller_lock(),
        None,
        "a hidden tab lets a visible one poll"
    );
}

#[test]
fn the_sign_in_in_one_tab_signs_in_every_tab_with_the_same_session() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    b.apply(Input::Elected { polls: false }, T0, &s);
    let out = a.apply(Input::Tick, T0 + 2_000, &s);
    let id = out
        .iter()
        .find_map(|c| match c {
            Command::CheckStatus { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    let out = a.apply(
        Input::Polled {
            id,
            result: Ok(Status::Authenticated(session())),
        },
        T0 + 2_100,
        &s,
    );
    let heard = hear(&mut b, &out, T0 + 2_101, &s);
    assert_eq!(b.kind(), StepKind::SignedIn);
    assert!(heard.contains(&Command::Notify(Notice::Authenticated(session()))));
    assert!(heard.contains(&Command::Forget));
    assert!(told(&heard).is_empty());
}

#[test]
fn another_sign_in_never_mixes_with_this_one() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    sent_in(&mut b, "st_mine", &s);
    let out = sent_in(&mut a, "st_other", &s);
    hear(&mut b, &out, T0 + 1, &s);
    assert_eq!(b.waiting().unwrap().handle.value, "st_mine");
    b.apply(
        Input::FromTab(TabMessage::SignedIn {
            handle: "st_other".into(),
            session: session(),
        }),
        T0 + 2,
        &s,
    );
    assert_eq!(b.kind(), StepKind::Waiting);
    // A tab in the middle of its own send is not taken over either.
    let mut sending = Flow::new(None);
    sending.apply(
        Input::Submit {
            email: "bo@example.com".into(),
        },
        T0,
        &s,
    );
    hear(&mut sending, &out, T0 + 1, &s);
    assert_eq!(sending.kind(), StepKind::Sending);
}

#[test]
fn an_expiry_heard_from_the_polling_tab_expires_this_one() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    b.apply(Input::Elected { polls: false }, T0, &s);
    let out = a.apply(Input::Tick, T0 + 2_000, &s);
    let id = a.requests_in_flight()[1].unwrap();
    assert!(!out.is_empty());
    let out = a.apply(
        Input::Polled {
            id,
            result: Err(crate::error::Failure::new(crate::error::ErrorCode::Expired)),
        },
        T0 + 2_100,
        &s,
    );
    let heard = hear(&mut b, &out, T0 + 2_101, &s);
    assert_eq!(b.kind(), StepKind::Expired);
    assert!(heard.contains(&Command::Notify(Notice::Expired {
        email: "ana@example.com".into()
    })));
}

#[test]
fn a_cancellation_heard_from_the_polling_tab_ends_this_one_the_same_way() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    b.apply(Input::Elected { polls: false }, T0, &s);
    a.apply(Input::Tick, T0 + 2_000, &s);
    let id = a.requests_in_flight()[1].unwrap();
    let cancelled = crate::error::Failure::new(crate::error::ErrorCode::Cancelled);
    let out = a.apply(
        Input::Polled {
            id,
            result: Err(cancelled.clone()),
        },
        T0 + 2_100,
        &s,
    );
    let heard = hear(&mut b, &out, T0 + 2_101, &s);
    assert!(
        matches!(&b.step, super::machine::Step::Expired(e) if e.ending == super::machine::Ending::Cancelled)
    );
    assert!(heard.contains(&Command::Notify(Notice::Error(cancelled))));
}

#[test]
fn messages_are_serde_data() {
    let message = TabMessage::SignedIn {
        handle: "st_1".into(),
        session: session(),
    };
    let json = crate::data::Json::of(&message).unwrap();
    assert_eq!(json.read::<TabMessage>(), Some(message));
    assert!(json
        .to_text()
        .starts_with(r#"{"kind":"signed_in","handle":"st_1""#));
    let hello = crate::data::Json::parse(r#"{"kind":"hello"}"#).unwrap();
    let step = crate::data::Json::parse(r#"{"kind":"step"}"#).unwrap();
    assert_eq!(
        step.read::<TabMessage>(),
        None,
        "a step without its snapshot"
    );
    assert_eq!(hello.read::<TabMessage>(), Some(TabMessage::Hello));
    assert_eq!(
        crate::data::Json::parse(r#"{"kind":"shout"}"#)
            .unwrap()
            .read::<TabMessage>(),
        None
    );
}

#[test]
fn a_code_asked_for_in_one_tab_opens_the_code_field_in_the_other() {
    let s = Settings::builder("cli_test").method("link code").build().0;
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    let out = a.apply(Input::AskForCode, T0 + 1_000, &s);
    let id = out
        .iter()
        .find_map(|c| match c {
            Command::Send { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    let out = a.apply(
        Input::Sent {
            id,
            result: Ok(Link::from("otp_1")),
        },
        T0 + 1_100,
        &s,
    );
    hear(&mut b, &out, T0 + 1_200, &s);
    assert_eq!(
        b.code_entry().map(|c| c.handle.value.as_str()),
        Some("otp_1")
    );
    assert_eq!(
        b.waiting().unwrap().handle.value,
        "st_1",
        "the link still polled"
    );
}

/// Answers `flow`'s status request on its way with `result`.
fn answer_poll(flow: &mut Flow, result: Result<Status, Failure>, now: u64) -> Vec<Command> {
    let id = flow.requests_in_flight()[1].expect("a poll on its way");
    flow.apply(Input::Polled { id, result }, now, &settings())
}

fn polls(commands: &[Command]) -> bool {
    commands
        .iter()
        .any(|c| matches!(c, Command::CheckStatus { .. }))
}

/// A tab that sent `st_1` at `T0`, held the lock, polled once ("not yet") and was
/// hidden at `T0 + 500`.
fn polled_once_then_hidden(s: &Settings) -> Flow {
    let mut a = Flow::new(None);
    sent_in(&mut a, "st_1", s);
    a.apply(Input::Elected { polls: true }, T0, s);
    assert!(polls(&a.apply(Input::Tick, T0 + 300, s)));
    answer_poll(&mut a, Ok(Status::Pending), T0 + 400);
    a.apply(Input::VisibilityChanged { hidden: true }, T0 + 500, s);
    a
}

#[test]
fn a_tab_hidden_while_its_poll_is_on_the_way_keeps_the_lock_until_the_answer() {
    let s = settings();
    let mut a = Flow::new(None);
    sent_in(&mut a, "st_1", &s);
    a.apply(Input::Elected { polls: true }, T0, &s);
    assert!(polls(&a.apply(Input::Tick, T0 + 300, &s)));
    a.apply(Input::VisibilityChanged { hidden: true }, T0 + 301, &s);
    assert_eq!(
        a.wants_the_poller_lock(),
        Some("st_1"),
        "another tab polling now would race this poll for the tokens"
    );
    answer_poll(&mut a, Ok(Status::Pending), T0 + 400);
    assert_eq!(
        a.wants_the_poller_lock(),
        None,
        "answered: a visible tab polls"
    );
    assert!(!polls(&a.apply(Input::Tick, T0 + 10_000, &s)));
}

#[test]
fn a_tab_back_in_front_asks_for_the_lock_again_before_it_polls() {
    let s = settings();
    let mut a = polled_once_then_hidden(&s);
    assert_eq!(a.page.lock, LockState::NotHeld, "given up while hidden");
    // Another tab may hold the lock now, and poll.
    let back = a.apply(Input::VisibilityChanged { hidden: false }, T0 + 9_000, &s);
    assert!(!polls(&back), "not before the lock is this tab's again");
    assert_eq!(a.wants_the_poller_lock(), Some("st_1"));
    a.apply(Input::Elected { polls: true }, T0 + 9_100, &s);
    assert!(polls(&a.apply(Input::Tick, T0 + 9_400, &s)));
}

#[test]
fn a_tab_just_elected_hears_the_sign_in_before_it_polls() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    b.apply(Input::Elected { polls: false }, T0, &s);
    a.apply(Input::Elected { polls: true }, T0, &s);
    assert!(polls(&a.apply(Input::Tick, T0 + 2_000, &s)));
    let signed_in = answer_poll(&mut a, Ok(Status::Authenticated(session())), T0 + 2_100);
    // A gives the lock up as it signs in; B may be given it before A's word arrives.
    assert!(
        !polls(&b.apply(Input::Elected { polls: true }, T0 + 2_101, &s)),
        "a poll now could only bring \"spent\""
    );
    hear(&mut b, &signed_in, T0 + 2_150, &s);
    assert_eq!(b.kind(), StepKind::SignedIn);
    assert!(!polls(&b.apply(Input::Tick, T0 + 3_000, &s)));
}

#[test]
fn a_tab_told_spent_before_the_other_tabs_word_signs_in_with_it() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    // Without the lock both poll; A's poll is answered first, with the tokens.
    assert!(polls(&a.apply(Input::Tick, T0 + 2_000, &s)));
    assert!(polls(&b.apply(Input::Tick, T0 + 2_000, &s)));
    let signed_in = answer_poll(&mut a, Ok(Status::Authenticated(session())), T0 + 2_100);
    answer_poll(&mut b, Err(Failure::new(ErrorCode::Expired)), T0 + 2_101);
    assert_eq!(b.kind(), StepKind::Expired);
    let heard = hear(&mut b, &signed_in, T0 + 2_102, &s);
    assert_eq!(b.kind(), StepKind::SignedIn, "the sign-in did happen");
    assert!(heard.contains(&Command::Notify(Notice::Authenticated(session()))));
    assert!(heard.contains(&Command::Forget));
}

#[test]
fn a_cancelled_or_other_ended_sign_in_stays_ended_whatever_another_tab_says() {
    let s = settings();
    for (ending, handle) in [(ErrorCode::Cancelled, "st_1"), (ErrorCode::Expired, "st_2")] {
        let mut b = Flow::new(None);
        sent_in(&mut b, handle, &s);
        assert!(polls(&b.apply(Input::Tick, T0 + 2_000, &s)));
        answer_poll(&mut b, Err(Failure::new(ending)), T0 + 2_100);
        let message = TabMessage::SignedIn {
            handle: "st_1".into(),
            session: session(),
        };
        let heard = b.apply(Input::FromTab(message), T0 + 2_101, &s);
        assert_eq!(b.kind(), StepKind::Expired, "{ending:?} on {handle}");
        assert!(heard.is_empty());
    }
}

/// When the link sent at `T0` expires with the default `link-ttl`.
const EXPIRY: u64 = T0 + 300_000;

#[test]
fn the_last_look_at_expiry_is_the_lock_holders_and_its_outcome_ends_both() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    a.apply(Input::Elected { polls: true }, T0, &s);
    b.apply(Input::Elected { polls: false }, T0, &s);
    assert!(polls(&a.apply(Input::Tick, T0 + 300, &s)));
    answer_poll(&mut a, Ok(Status::Pending), T0 + 400);
    assert!(
        !polls(&b.apply(Input::Tick, EXPIRY, &s)),
        "standing by, no last look of its own: it would race the holder's"
    );
    assert!(polls(&a.apply(Input::Tick, EXPIRY, &s)), "the holder looks");
    let ended = answer_poll(&mut a, Ok(Status::Pending), EXPIRY + 100);
    assert_eq!(a.kind(), StepKind::Expired);
    hear(&mut b, &ended, EXPIRY + 101, &s);
    assert_eq!(b.kind(), StepKind::Expired);
}

#[test]
fn a_hidden_tab_at_expiry_asks_for_the_lock_and_then_looks() {
    let s = settings();
    let mut a = polled_once_then_hidden(&s);
    assert_eq!(a.wants_the_poller_lock(), None);
    assert!(!polls(&a.apply(Input::Tick, EXPIRY, &s)));
    assert_eq!(a.wants_the_poller_lock(), Some("st_1"), "for the last look");
    a.apply(Input::Elected { polls: true }, EXPIRY + 10, &s);
    assert_eq!(
        a.next_wake(EXPIRY + 10),
        Some(EXPIRY + 310),
        "after the grace"
    );
    assert!(polls(&a.apply(Input::Tick, EXPIRY + 310, &s)));
    answer_poll(&mut a, Ok(Status::Authenticated(session())), EXPIRY + 400);
    assert_eq!(a.kind(), StepKind::SignedIn, "confirmed at the last moment");
}

#[test]
fn a_tab_whose_poll_is_on_its_way_waits_for_its_answer_before_ending_with_another() {
    let s = settings();
    let (mut a, mut b) = (Flow::new(None), Flow::new(None));
    hear(&mut b, &sent_in(&mut a, "st_1", &s), T0, &s);
    // Both polled (no lock); B's "spent" came back first, A's poll holds the tokens.
    assert!(polls(&a.apply(Input::Tick, T0 + 2_000, &s)));
    assert!(polls(&b.apply(Input::Tick, T0 + 2_000, &s)));
    let b_ended = answer_poll(&mut b, Err(Failure::new(ErrorCode::Expired)), T0 + 2_100);
    hear(&mut a, &b_ended, T0 + 2_101, &s);
    assert_eq!(a.kind(), StepKind::Waiting, "its own answer decides");
    assert!(a.requests_in_flight()[1].is_some(), "its poll still counts");
    let a_signed_in = answer_poll(&mut a, Ok(Status::Authenticated(session())), T0 + 2_200);
    assert_eq!(a.kind(), StepKind::SignedIn);
    hear(&mut b, &a_signed_in, T0 + 2_201, &s);
    assert_eq!(b.kind(), StepKind::SignedIn, "the tokens were not lost");
}
