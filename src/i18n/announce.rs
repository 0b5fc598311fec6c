//! What the `role="status"` region says, decided by comparing the flow before and
//! after an event.
//!
//! Screen readers read a live region every time its text changes. Deriving the text
//! from the countdown would announce every second; instead, only moments that matter
//! produce a new text: a step change, a resend, the end of the cooldown, going
//! offline. Everything else leaves the region as it is.

use super::Texts;
use crate::flow::timing::seconds_left;
use crate::flow::{Flow, Step};

/// The new announcement after a change from `before` (at `was`) to `after` (at
/// `now`), or `None` to keep the current one.
pub fn announcement(
    before: &Flow,
    was: u64,
    after: &Flow,
    now: u64,
    texts: &Texts,
) -> Option<String> {
    let wait = || seconds_left(after.cooldown_until, now);
    let fill = |template: String| template.replace("{email}", &after.email);
    if before.step != after.step {
        return Some(match after.step {
            Step::Form | Step::Misconfigured => String::new(),
            Step::Sending => texts.sending.to_owned(),
            Step::Waiting => fill(texts.waiting_status.format(wait())),
            Step::SignedIn => texts.signed_in_title.to_owned(),
            Step::Expired => fill(texts.expired_body.to_owned()),
        });
    }
    if after.step != Step::Waiting {
        return None;
    }
    if after.offline != before.offline {
        let text = if after.offline {
            texts.offline_waiting
        } else {
            texts.back_online
        };
        return Some(text.to_owned());
    }
    if after.action.is_some() && before.action.is_none() {
        return Some(texts.resending.to_owned());
    }
    if after.resends > before.resends {
        return Some(texts.resent.format(wait()));
    }
    if after.can_resend(now) && !before.can_resend(was) {
        return Some(texts.resend_ready.to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::response::Status;
    use crate::config::Settings;
    use crate::flow::Event;
    use crate::i18n::texts_for;

    const T0: u64 = 1_700_000_000_000;

    #[test]
    fn announces_each_moment_once_and_not_the_ticking_countdown() {
        let texts = texts_for(Some("en"));
        let settings = Settings::read(|n| (n == "client-id").then(|| "c".to_string())).0;
        let mut flow = Flow::new(None);
        let step = |flow: &mut Flow, event: Event, was: u64, now: u64| {
            let before = flow.clone();
            flow.apply(event, now, &settings);
            announcement(&before, was, flow, now, texts)
        };
        let said = step(
            &mut flow,
            Event::Submit {
                email: "ana@example.com".into(),
            },
            T0,
            T0,
        );
        assert_eq!(said.as_deref(), Some(texts.sending));
        let said = step(
            &mut flow,
            Event::Sent {
                id: 1,
                result: Ok("s".into()),
            },
            T0,
            T0,
        );
        assert_eq!(
            said.as_deref(),
            Some("Link sent to ana@example.com. You can resend it in 30 seconds.")
        );
        for t in 1..30 {
            let now = T0 + t * 1000;
            assert_eq!(
                step(&mut flow, Event::Tick, now - 1000, now),
                None,
                "at {t}s"
            );
        }
        let said = step(&mut flow, Event::Tick, T0 + 29_000, T0 + 30_000);
        assert_eq!(said.as_deref(), Some(texts.resend_ready));
        assert_eq!(step(&mut flow, Event::Tick, T0 + 30_000, T0 + 31_000), None);
        let said = step(&mut flow, Event::Resend, T0 + 31_000, T0 + 31_000);
        assert_eq!(said.as_deref(), Some(texts.resending));
        let id = flow.action.unwrap();
        let said = step(
            &mut flow,
            Event::Resent { id, result: Ok(()) },
            T0 + 31_000,
            T0 + 31_000,
        );
        assert_eq!(
            said.as_deref(),
            Some("A new link is on its way. You can resend again in 60 seconds.")
        );
        let said = step(
            &mut flow,
            Event::ConnectivityChanged { online: false },
            T0 + 32_000,
            T0 + 32_000,
        );
        assert_eq!(said.as_deref(), Some(texts.offline_waiting));
        // Regression: the status kept saying "offline" after the network came back.
        let said = step(
            &mut flow,
            Event::ConnectivityChanged { online: true },
            T0 + 33_000,
            T0 + 33_000,
        );
        assert_eq!(said.as_deref(), Some(texts.back_online));
        let said = step(
            &mut flow,
            Event::ConnectivityChanged { online: false },
            T0 + 34_000,
            T0 + 34_000,
        );
        assert_eq!(said.as_deref(), Some(texts.offline_waiting));
        let said = step(
            &mut flow,
            Event::ConnectivityChanged { online: true },
            T0 + 35_000,
            T0 + 35_000,
        );
        assert_eq!(said.as_deref(), Some(texts.back_online));
        // At the deadline, the poll in flight and then one last status check must
        // answer "not yet" before the link counts as expired.
        assert_eq!(
            step(&mut flow, Event::Tick, T0 + 400_000, T0 + 400_000),
            None
        );
        let mut said = None;
        for _ in 0..2 {
            let id = flow.status_check.expect("a status check");
            let pending = Event::Polled {
                id,
                result: Ok(Status::Pending),
            };
            said = step(&mut flow, pending, T0 + 400_000, T0 + 400_050);
        }
        assert_eq!(
            said.as_deref(),
            Some("For your security, the link sent to ana@example.com no longer works.")
        );
    }
}
