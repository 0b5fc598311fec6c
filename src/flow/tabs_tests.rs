//! Tabs in step: two flows standing for two tabs, wired by what they tell.

use super::machine::{Command, Flow, Input, Notice, StepKind};
use super::tabs::TabMessage;
use crate::api::response::{Link, Session, Status};
use crate::config::Settings;

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
    assert_eq!(b.wants_to_poll(), Some("st_1"));
    let out = b.apply(Input::Tick, T0 + 10_000, &s);
    assert!(!out.iter().any(|c| matches!(c, Command::CheckStatus { .. })));
    let out = b.apply(Input::Elected { polls: true }, T0 + 10_001, &s);
    assert!(
        out.iter().any(|c| matches!(c, Command::CheckStatus { .. })),
        "at once"
    );
    b.apply(Input::VisibilityChanged { hidden: true }, T0 + 10_002, &s);
    assert_eq!(
        b.wants_to_poll(),
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
