//! What the `role="status"` region says: the words for each [`Moment`] the flow
//! announces.
//!
//! Screen readers read a live region every time its text changes. Deriving the text
//! from the countdown would announce every second; instead the flow announces only
//! moments that matter (a step change, a resend, the end of the cooldown, going
//! offline), each once, from the transition that knows it.

use super::Texts;
use crate::flow::{Channel, Moment};

/// The words for `moment`.
pub fn text(moment: &Moment, texts: &Texts) -> String {
    let with_email = |template: String, email: &str| template.replace("{email}", email);
    let link = |channel: &Channel| *channel == Channel::Link;
    match moment {
        Moment::Quiet => String::new(),
        Moment::Sending(channel) if link(channel) => texts.sending.to_owned(),
        Moment::Sending(_) => texts.sending_code.to_owned(),
        Moment::Waiting { email, seconds } => {
            with_email(texts.waiting_status.format(*seconds), email)
        }
        Moment::CodeSent { email, seconds } => {
            with_email(texts.code_status.format(*seconds), email)
        }
        Moment::Verifying => texts.verifying.to_owned(),
        Moment::Resending(channel) if link(channel) => texts.resending.to_owned(),
        Moment::Resending(_) => texts.resending_code.to_owned(),
        Moment::Resent { seconds, channel } if link(channel) => texts.resent.format(*seconds),
        Moment::Resent { seconds, .. } => texts.code_resent.format(*seconds),
        Moment::ResendReady(channel) if link(channel) => texts.resend_ready.to_owned(),
        Moment::ResendReady(_) => texts.resend_code_ready.to_owned(),
        Moment::Offline => texts.offline_waiting.to_owned(),
        Moment::BackOnline => texts.back_online.to_owned(),
        Moment::SignedIn => texts.signed_in_title.to_owned(),
        Moment::Ended { email, ending } => with_email(texts.ending(*ending).body.to_owned(), email),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::response::Status;
    use crate::config::Settings;
    use crate::flow::{Command, Flow, Input};
    use crate::i18n::texts_for;

    const T0: u64 = 1_700_000_000_000;

    #[test]
    fn announces_each_moment_once_and_not_the_ticking_countdown() {
        let texts = texts_for(Some("en"));
        let settings = Settings::read(|n| (n == "client-id").then(|| "c".to_string())).0;
        let mut flow = Flow::new(None);
        // What the region says after `input` at `now` (`_was`: the previous input's
        // time, kept from when the region was derived by comparing states).
        let step = |flow: &mut Flow, input: Input, _was: u64, now: u64| {
            let said: Vec<String> = flow
                .apply(input, now, &settings)
                .iter()
                .filter_map(|command| match command {
                    Command::Announce(moment) => Some(text(moment, texts)),
                    _ => None,
                })
                .collect();
            assert!(said.len() <= 1, "one announcement per input: {said:?}");
            said.into_iter().next()
        };
        let said = step(
            &mut flow,
            Input::Submit {
                email: "ana@example.com".into(),
            },
            T0,
            T0,
        );
        assert_eq!(said.as_deref(), Some(texts.sending));
        let said = step(
            &mut flow,
            Input::Sent {
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
                step(&mut flow, Input::Tick, now - 1000, now),
                None,
                "at {t}s"
            );
        }
        let said = step(&mut flow, Input::Tick, T0 + 29_000, T0 + 30_000);
        assert_eq!(said.as_deref(), Some(texts.resend_ready));
        assert_eq!(step(&mut flow, Input::Tick, T0 + 30_000, T0 + 31_000), None);
        let said = step(&mut flow, Input::Resend, T0 + 31_000, T0 + 31_000);
        assert_eq!(said.as_deref(), Some(texts.resending));
        let id = flow.waiting().unwrap().resend.in_flight.unwrap();
        let said = step(
            &mut flow,
            Input::Resent {
                id,
                result: Ok(None),
            },
            T0 + 31_000,
            T0 + 31_000,
        );
        assert_eq!(
            said.as_deref(),
            Some("A new link is on its way. You can resend again in 60 seconds.")
        );
        let said = step(
            &mut flow,
            Input::ConnectivityChanged { online: false },
            T0 + 32_000,
            T0 + 32_000,
        );
        assert_eq!(said.as_deref(), Some(texts.offline_waiting));
        // Regression: the status kept saying "offline" after the network came back.
        let said = step(
            &mut flow,
            Input::ConnectivityChanged { online: true },
            T0 + 33_000,
            T0 + 33_000,
        );
        assert_eq!(said.as_deref(), Some(texts.back_online));
        let said = step(
            &mut flow,
            Input::ConnectivityChanged { online: false },
            T0 + 34_000,
            T0 + 34_000,
        );
        assert_eq!(said.as_deref(), Some(texts.offline_waiting));
        let said = step(
            &mut flow,
            Input::ConnectivityChanged { online: true },
            T0 + 35_000,
            T0 + 35_000,
        );
        assert_eq!(said.as_deref(), Some(texts.back_online));
        // The second cooldown ends 60 s after the resend.
        let said = step(&mut flow, Input::Tick, T0 + 90_000, T0 + 91_000);
        assert_eq!(said.as_deref(), Some(texts.resend_ready));
        // At the deadline, the poll in flight and then one last status check must
        // answer "not yet" before the link counts as expired.
        assert_eq!(
            step(&mut flow, Input::Tick, T0 + 400_000, T0 + 400_000),
            None
        );
        let mut said = None;
        for _ in 0..2 {
            let id = flow
                .waiting()
                .unwrap()
                .poll
                .in_flight
                .expect("a status check");
            let pending = Input::Polled {
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
