//! The one-time code's rules: `method="code"`, and `method="link code"` where the
//! link keeps working while a code is typed.

use super::machine::{Command, Ending, Flow, Input, Notice, Step, StepKind};
use super::method::Channel;
use super::snapshot;
use crate::api::response::{Link, Session, Status};
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};
use crate::i18n::texts_for;

const T0: u64 = 1_700_000_000_000;

fn settings(method: &str) -> Settings {
    Settings::builder("cli_test").method(method).build().0
}

fn session() -> Box<Session> {
    Box::new(Session {
        access_token: Some("at".into()),
        ..Session::default()
    })
}

/// The id of the request `pick` finds among `commands`.
fn sent_id(commands: &[Command], pick: impl Fn(&Command) -> Option<u32>) -> u32 {
    commands.iter().find_map(pick).expect("the request")
}

/// Submits the address at `T0`; the id of the send, which must carry `channel`.
fn submit(flow: &mut Flow, channel: Channel, s: &Settings) -> u32 {
    let out = flow.apply(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        s,
    );
    sent_id(&out, |c| match c {
        Command::Send {
            id, channel: sent, ..
        } if *sent == channel => Some(*id),
        _ => None,
    })
}

/// A `method="code"` flow whose code went out at `T0` (handle `otp_1`).
fn code_step() -> (Flow, Settings) {
    let s = settings("code");
    let mut flow = Flow::new(None);
    let id = submit(&mut flow, Channel::Code, &s);
    let out = flow.apply(
        Input::Sent {
            id,
            result: Ok(Link::from("otp_1")),
        },
        T0,
        &s,
    );
    assert!(out.contains(&Command::Notify(Notice::Sent {
        email: "ana@example.com".into()
    })));
    assert!(out.iter().any(|c| matches!(c, Command::Save(_))));
    (flow, s)
}

/// Types `code` and returns the verification's request id, if one was made.
fn type_code(flow: &mut Flow, code: &str, now: u64, s: &Settings) -> Option<(u32, String)> {
    let out = flow.apply(Input::Verify { code: code.into() }, now, s);
    out.iter().find_map(|c| match c {
        Command::Verify { id, handle, code } => {
            assert_eq!(
                handle.value,
                if flow.waiting().is_some() {
                    "otp_2"
                } else {
                    "otp_1"
                }
            );
            Some((*id, code.clone()))
        }
        _ => None,
    })
}

/// A `method="link code"` flow waiting on link `st_1` whose code `otp_2` went out
/// at `T0 + 1_000`.
fn link_and_code() -> (Flow, Settings) {
    let s = settings("link code");
    let mut flow = Flow::new(None);
    let id = submit(&mut flow, Channel::Link, &s);
    flow.apply(
        Input::Sent {
            id,
            result: Ok(Link::from("st_1")),
        },
        T0,
        &s,
    );
    assert!(flow.can_ask_for_code(&s));
    let out = flow.apply(Input::AskForCode, T0 + 1_000, &s);
    let id = sent_id(&out, |c| match c {
        Command::Send {
            id,
            email,
            channel: Channel::Code,
        } if email == "ana@example.com" => Some(*id),
        _ => None,
    });
    assert!(
        !flow.can_ask_for_code(&s),
        "one request for a code at a time"
    );
    flow.apply(
        Input::Sent {
            id,
            result: Ok(Link::from("otp_2")),
        },
        T0 + 1_000,
        &s,
    );
    assert!(flow.code_entry().is_some());
    (flow, s)
}

#[test]
fn a_code_sign_in_sends_the_digits_without_separators_and_signs_in() {
    let (mut flow, s) = code_step();
    assert_eq!(flow.kind(), StepKind::Code);
    assert_eq!(flow.resends().unwrap().cooldown_until, T0 + 30_000);
    let (id, code) = type_code(&mut flow, " 123-456 ", T0 + 5_000, &s).expect("a verify");
    assert_eq!(code, "123456");
    assert!(flow.is_busy());
    assert_eq!(
        type_code(&mut flow, "123456", T0 + 5_001, &s),
        None,
        "one check at a time"
    );
    let out = flow.apply(
        Input::Verified {
            id,
            result: Ok(session()),
        },
        T0 + 5_100,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::SignedIn);
    assert!(out.contains(&Command::Forget));
    assert!(out.contains(&Command::Notify(Notice::Authenticated(session()))));
}

#[test]
fn a_code_that_is_not_six_digits_sends_nothing_and_says_so() {
    let (mut flow, s) = code_step();
    for typed in ["12345", "1234567", "12a456", ""] {
        assert_eq!(type_code(&mut flow, typed, T0 + 1, &s), None, "{typed:?}");
        assert_eq!(
            flow.shown_error().map(|e| e.code),
            Some(ErrorCode::InvalidCode)
        );
    }
    assert_eq!(flow.kind(), StepKind::Code);
}

#[test]
fn a_wrong_code_keeps_the_step_and_says_how_many_tries_are_left() {
    let (mut flow, s) = code_step();
    let (id, _) = type_code(&mut flow, "111111", T0 + 1, &s).unwrap();
    let mut wrong = Failure::new(ErrorCode::WrongCode);
    wrong.tries_left = Some(2);
    let out = flow.apply(
        Input::Verified {
            id,
            result: Err(wrong.clone()),
        },
        T0 + 2,
        &s,
    );
    assert!(out.contains(&Command::Notify(Notice::Error(wrong.clone()))));
    assert_eq!(flow.kind(), StepKind::Code);
    assert_eq!(flow.shown_error(), Some(&wrong));
    assert!(!flow.is_busy());
    assert_eq!(
        texts_for(None).failure_message(&wrong),
        "That code is not right. 2 tries left."
    );
    // The next try clears the alert while it is checked.
    assert!(type_code(&mut flow, "222222", T0 + 3, &s).is_some());
    assert_eq!(flow.shown_error(), None);
}

#[test]
fn too_many_tries_or_an_expired_code_is_the_expired_step_one_click_from_a_new_code() {
    // With `method="code"`, and with `"link code"`, where "Send a new code" still
    // means a code, not the primary link.
    for (mut flow, s) in [code_step(), link_and_code()] {
        let (id, _) = type_code(&mut flow, "111111", T0 + 2_000, &s).unwrap();
        let out = flow.apply(
            Input::Verified {
                id,
                result: Err(Failure::new(ErrorCode::Expired)),
            },
            T0 + 2_100,
            &s,
        );
        assert!(out.contains(&Command::Notify(Notice::Expired {
            email: "ana@example.com".into()
        })));
        assert!(matches!(&flow.step, Step::Expired(e) if e.ending == Ending::CodeExpired));
        let out = flow.apply(
            Input::Submit {
                email: "ana@example.com".into(),
            },
            T0 + 3_000,
            &s,
        );
        assert!(out.iter().any(|c| matches!(
            c,
            Command::Send {
                channel: Channel::Code,
                ..
            }
        )));
    }
}

#[test]
fn a_code_expires_on_the_clock_too() {
    let (mut flow, s) = code_step();
    assert_eq!(flow.next_wake(T0 + 299_500), Some(T0 + 300_000));
    flow.apply(Input::Tick, T0 + 299_999, &s);
    assert_eq!(flow.kind(), StepKind::Code);
    flow.apply(Input::Tick, T0 + 300_000, &s);
    assert!(matches!(&flow.step, Step::Expired(e) if e.ending == Ending::CodeExpired));
}

#[test]
fn resend_on_the_code_step_sends_a_new_code_for_the_same_handle() {
    let (mut flow, s) = code_step();
    assert!(flow.apply(Input::Resend, T0 + 29_999, &s).is_empty());
    let out = flow.apply(Input::Resend, T0 + 30_000, &s);
    let id = sent_id(&out, |c| match c {
        Command::Resend {
            id,
            handle,
            channel: Channel::Code,
        } if handle.value == "otp_1" => Some(*id),
        _ => None,
    });
    flow.apply(
        Input::Resent {
            id,
            result: Ok(None),
        },
        T0 + 31_000,
        &s,
    );
    let resends = flow.resends().unwrap();
    assert_eq!(
        (resends.count, resends.cooldown_until),
        (1, T0 + 31_000 + 60_000)
    );
    assert_eq!(flow.code_entry().unwrap().expires_at, T0 + 31_000 + 300_000);
}

#[test]
fn a_code_the_api_calls_cancelled_ends_as_an_expired_code_one_click_from_a_new_code() {
    // Cancelling is number matching's, a link's: a code-only widget never offers a link.
    let (mut flow, s) = code_step();
    let out = flow.apply(Input::Resend, T0 + 30_000, &s);
    let id = sent_id(&out, |c| match c {
        Command::Resend { id, .. } => Some(*id),
        _ => None,
    });
    let cancelled = Failure::new(ErrorCode::Cancelled);
    flow.apply(
        Input::Resent {
            id,
            result: Err(cancelled.clone()),
        },
        T0 + 30_100,
        &s,
    );
    assert!(matches!(&flow.step, Step::Expired(e) if e.ending == Ending::CodeExpired));
    let (mut flow, s) = code_step();
    let (id, _) = type_code(&mut flow, "123456", T0 + 1_000, &s).expect("a verify");
    flow.apply(
        Input::Verified {
            id,
            result: Err(cancelled),
        },
        T0 + 1_100,
        &s,
    );
    assert!(matches!(&flow.step, Step::Expired(e) if e.ending == Ending::CodeExpired));
    let out = flow.apply(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0 + 2_000,
        &s,
    );
    assert!(out.iter().any(|c| matches!(
        c,
        Command::Send {
            channel: Channel::Code,
            ..
        }
    )));
}

#[test]
fn the_link_keeps_working_while_a_code_is_typed() {
    let (mut flow, s) = link_and_code();
    assert_eq!(flow.kind(), StepKind::Waiting);
    // "Resend" cools down from the code's e-mail.
    assert_eq!(flow.resends().unwrap().cooldown_until, T0 + 31_000);
    // Polling goes on: the link was confirmed elsewhere.
    let out = flow.apply(Input::Tick, T0 + 2_000, &s);
    let poll = sent_id(&out, |c| match c {
        Command::CheckStatus { id, handle } if handle.value == "st_1" => Some(*id),
        _ => None,
    });
    let (verify, _) = type_code(&mut flow, "123456", T0 + 2_100, &s).unwrap();
    assert_eq!(flow.requests_in_flight(), [None, Some(poll), Some(verify)]);
    flow.apply(
        Input::Polled {
            id: poll,
            result: Ok(Status::Authenticated(session())),
        },
        T0 + 2_200,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::SignedIn);
    assert_eq!(
        flow.requests_in_flight(),
        [None; 3],
        "the code's check is abandoned"
    );
}

#[test]
fn a_code_on_the_waiting_step_signs_in_too_and_resend_resends_the_code() {
    let (mut flow, s) = link_and_code();
    let out = flow.apply(Input::Resend, T0 + 31_000, &s);
    assert!(out.iter().any(
        |c| matches!(c, Command::Resend { handle, channel: Channel::Code, .. } if handle.value == "otp_2")
    ));
    let (mut flow, s) = (link_and_code().0, s);
    let (id, _) = type_code(&mut flow, "123456", T0 + 3_000, &s).unwrap();
    flow.apply(
        Input::Verified {
            id,
            result: Ok(session()),
        },
        T0 + 3_100,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::SignedIn);
}

#[test]
fn only_link_code_offers_a_code_and_never_twice() {
    for method in ["link", "code"] {
        let s = settings(method);
        let mut flow = Flow::new(None);
        flow.apply(
            Input::Submit {
                email: "ana@example.com".into(),
            },
            T0,
            &s,
        );
        flow.apply(
            Input::Sent {
                id: 1,
                result: Ok(Link::from("st_1")),
            },
            T0,
            &s,
        );
        assert!(!flow.can_ask_for_code(&s), "{method}");
        assert!(flow
            .apply(Input::AskForCode, T0 + 1, &s)
            .iter()
            .all(|c| !matches!(c, Command::Send { .. })));
    }
    let (mut flow, s) = link_and_code();
    assert!(flow
        .apply(Input::AskForCode, T0 + 2_000, &s)
        .iter()
        .all(|c| !matches!(c, Command::Send { .. })));
}

#[test]
fn when_the_link_runs_out_the_code_goes_on_alone() {
    let (mut flow, s) = link_and_code();
    let out = flow.apply(Input::Tick, T0 + 300_000, &s);
    assert_eq!(flow.kind(), StepKind::Code);
    assert!(!out
        .iter()
        .any(|c| matches!(c, Command::Notify(Notice::Expired { .. }))));
    assert_eq!(flow.code_entry().unwrap().expires_at, T0 + 301_000);
    // The link's own "expired" answer does the same.
    let (mut flow, s) = link_and_code();
    first_poll_answered(&mut flow, Failure::new(ErrorCode::Expired), &s);
    assert_eq!(flow.kind(), StepKind::Code);
}

/// Answers the link's first poll (due at `T0 + 2 s`) with `failure`.
fn first_poll_answered(flow: &mut Flow, failure: Failure, s: &Settings) {
    let out = flow.apply(Input::Tick, T0 + 2_000, s);
    let poll = sent_id(&out, |c| match c {
        Command::CheckStatus { id, .. } => Some(*id),
        _ => None,
    });
    flow.apply(
        Input::Polled {
            id: poll,
            result: Err(failure),
        },
        T0 + 2_100,
        s,
    );
}

#[test]
fn a_cancelled_link_ends_the_code_too() {
    // Someone refused this sign-in where the link was opened: it ends, code and all.
    let (mut flow, s) = link_and_code();
    first_poll_answered(&mut flow, Failure::new(ErrorCode::Cancelled), &s);
    assert!(matches!(&flow.step, Step::Expired(e) if e.ending == Ending::Cancelled));
    assert!(flow.code_entry().is_none());
}

#[test]
fn a_failed_request_for_a_code_leaves_the_link_waiting_with_an_alert() {
    let s = settings("link code");
    let mut flow = Flow::new(None);
    flow.apply(
        Input::Submit {
            email: "ana@example.com".into(),
        },
        T0,
        &s,
    );
    flow.apply(
        Input::Sent {
            id: 1,
            result: Ok(Link::from("st_1")),
        },
        T0,
        &s,
    );
    let out = flow.apply(Input::AskForCode, T0 + 1, &s);
    let id = sent_id(&out, |c| match c {
        Command::Send { id, .. } => Some(*id),
        _ => None,
    });
    flow.apply(
        Input::Sent {
            id,
            result: Err(Failure::rate_limited(Some(9))),
        },
        T0 + 2,
        &s,
    );
    assert_eq!(flow.kind(), StepKind::Waiting);
    assert!(flow.code_entry().is_none());
    assert_eq!(
        flow.shown_error().map(|e| e.code),
        Some(ErrorCode::RateLimited)
    );
    assert!(flow.can_ask_for_code(&s), "it may be asked again");
}

#[test]
fn code_steps_survive_a_reload() {
    let (flow, s) = code_step();
    let text = snapshot::encode(&flow).unwrap();
    let restored = snapshot::decode(&text, T0 + 10_000, &s).unwrap();
    assert_eq!(restored.kind(), StepKind::Code);
    assert_eq!(restored.code_entry().unwrap().handle.value, "otp_1");
    assert_eq!(restored.code_entry().unwrap().expires_at, T0 + 300_000);
    assert_eq!(restored.resends().unwrap().cooldown_until, T0 + 30_000);

    let (flow, s) = link_and_code();
    let text = snapshot::encode(&flow).unwrap();
    let restored = snapshot::decode(&text, T0 + 10_000, &s).unwrap();
    let waiting = restored.waiting().unwrap();
    assert_eq!(waiting.handle.value, "st_1");
    assert_eq!(waiting.code.as_ref().unwrap().handle.value, "otp_2");
    assert_eq!(waiting.code.as_ref().unwrap().expires_at, T0 + 301_000);

    let mut expired = code_step().0;
    expired.apply(Input::Tick, T0 + 300_000, &s);
    let text = snapshot::encode(&expired).unwrap();
    let restored = snapshot::decode(&text, T0 + 400_000, &s).unwrap();
    assert!(matches!(&restored.step, Step::Expired(e) if e.ending == Ending::CodeExpired));
}
