//! Tabs in step: what tabs of one origin showing the same widget (same client ID and
//! storage key) tell each other, and what a tab does with what it hears.
//!
//! The browser carries the messages (`browser::tab_channel`: a `BroadcastChannel`
//! in memory, never storage) and elects the one tab that polls (a Web Lock); the
//! rules are here. Every message names its sign-in's handle, so two different
//! sign-ins never mix.

use super::machine::{tell_ended, Command, Ending, Flow, Moment, Step};
use super::snapshot::Snapshot;
use super::timing::{seconds_left, Millis};
use crate::api::response::Session;
use crate::config::Settings;
use serde::{Deserialize, Serialize};

/// A message between tabs.
#[derive(Clone, Debug, PartialEq)]
pub enum TabMessage {
    /// A tab just started: is anyone waiting?
    Hello,
    /// A tab's step after it changed (sent, resent, a code asked for, expired), or
    /// in answer to [`TabMessage::Hello`]: the same snapshot a reload would read.
    Step {
        /// The step, in the stored format.
        snapshot: Snapshot,
    },
    /// A tab signed in: every tab waiting on the same sign-in does too, with the
    /// same session (tokens travel in memory, between tabs of one origin).
    SignedIn {
        /// The handle that signed in (a link's or a code's).
        handle: String,
        /// The session, as the API gave it.
        session: Box<Session>,
    },
}

/// A message as it travels: a flat object (`{"kind": "step", "snapshot": …}`).
/// Flat, not an internally tagged enum: serde would buffer such an enum's fields,
/// and the browser's reader (`crate::data::from_js`) reads values in place.
#[derive(Deserialize, Serialize)]
struct Wire {
    kind: WireKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    snapshot: Option<Snapshot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    handle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session: Option<Box<Session>>,
}

#[derive(Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
enum WireKind {
    Hello,
    Step,
    SignedIn,
}

impl Serialize for TabMessage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut wire = Wire {
            kind: WireKind::Hello,
            snapshot: None,
            handle: None,
            session: None,
        };
        match self {
            TabMessage::Hello => {}
            TabMessage::Step { snapshot } => {
                wire.kind = WireKind::Step;
                wire.snapshot = Some(snapshot.clone());
            }
            TabMessage::SignedIn { handle, session } => {
                wire.kind = WireKind::SignedIn;
                wire.handle = Some(handle.clone());
                wire.session = Some(session.clone());
            }
        }
        wire.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for TabMessage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        let missing = || serde::de::Error::custom("a field of its kind is missing");
        Ok(match wire.kind {
            WireKind::Hello => TabMessage::Hello,
            WireKind::Step => TabMessage::Step {
                snapshot: wire.snapshot.ok_or_else(missing)?,
            },
            WireKind::SignedIn => TabMessage::SignedIn {
                handle: wire.handle.ok_or_else(missing)?,
                session: wire.session.ok_or_else(missing)?,
            },
        })
    }
}

impl Flow {
    /// The link this tab wants the poller's lock for: waiting and visible, or with
    /// a status request on its way, or due for the last look. The lock is named after the link, so that tabs
    /// on two different sign-ins never wait for each other. A tab hidden while it
    /// polls keeps the lock until the answer is in: the API hands the tokens out
    /// once, and a tab polling meanwhile would race it for them.
    pub fn wants_the_poller_lock(&self) -> Option<&str> {
        let waiting = self.waiting().filter(|waiting| {
            !self.page.hidden || waiting.poll.in_flight.is_some() || waiting.poll.last_look_due
        })?;
        Some(&waiting.handle.value)
    }

    /// The handles of the sign-in in progress (a link's and a code's).
    fn handles(&self) -> Vec<&str> {
        let link = self.waiting().map(|waiting| waiting.handle.value.as_str());
        let code = self.code_entry().map(|code| code.handle.value.as_str());
        link.into_iter().chain(code).collect()
    }

    /// Tells the other tabs that this one signed in (before the step changes).
    pub(super) fn tell_signed_in(&self, session: &Session, out: &mut Vec<Command>) {
        if let Some(handle) = self.handles().first() {
            out.push(Command::Tell(TabMessage::SignedIn {
                handle: (*handle).to_owned(),
                session: Box::new(session.clone()),
            }));
        }
    }

    /// Tells the other tabs this tab's step, when it is worth joining or ending.
    pub(super) fn tell_step(&self, out: &mut Vec<Command>) {
        if let (Some(snapshot), Step::Waiting(_) | Step::Code(_) | Step::Expired(_)) =
            (Snapshot::of(&self.step), &self.step)
        {
            out.push(Command::Tell(TabMessage::Step { snapshot }));
        }
    }

    /// What another tab said.
    pub(super) fn heard(
        &mut self,
        message: TabMessage,
        now: Millis,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        match message {
            TabMessage::Hello => {
                if matches!(self.step, Step::Waiting(_) | Step::Code(_)) {
                    self.tell_step(out);
                }
            }
            TabMessage::Step { snapshot } => self.join(snapshot, now, settings, out),
            TabMessage::SignedIn { handle, session } => {
                if self.handles().contains(&handle.as_str()) || self.spent_by_another(&handle) {
                    self.sign_in(session, settings, out);
                }
            }
        }
    }

    /// Whether this tab's sign-in `handle` ended as expired because another tab
    /// took its tokens: both polled, one got them, this one heard "spent" (410)
    /// before the other's word. The sign-in did happen, so this tab signs in too.
    /// Never after a cancellation: that sign-in was refused.
    fn spent_by_another(&self, handle: &str) -> bool {
        matches!(&self.step, Step::Expired(expired)
            if expired.handle.value == handle && expired.ending != Ending::Cancelled)
    }

    /// Takes another tab's step: a form nobody is sending from joins a sign-in in
    /// progress; a tab on the same sign-in takes its cooldown, expiry and code.
    fn join(
        &mut self,
        snapshot: Snapshot,
        now: Millis,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        let ours = self.handles();
        let same = snapshot.handles().any(|handle| ours.contains(&handle));
        let polling = self.waiting().is_some_and(|w| w.poll.in_flight.is_some());
        if same && polling && !snapshot.is_waiting_for_the_link() {
            // The link ended elsewhere while this tab's poll is on its way: that
            // poll may be the one the API gave the tokens to. Its answer decides.
            return;
        }
        let idle = matches!(self.step, Step::Form(_) | Step::Expired(_));
        if !(same || (idle && snapshot.is_waiting())) {
            return;
        }
        let Some(theirs) = snapshot.restore(now, settings) else {
            return;
        };
        let joined = !same;
        let before = std::mem::replace(&mut self.step, theirs.step);
        self.keep_requests_of(before);
        if let (true, Step::Waiting(waiting)) = (joined, &mut self.step) {
            // The tab that told polls already; this one waits for its turn.
            waiting.poll.next_at = now + settings.poll_interval_ms;
        }
        // Stored too, so a reload of this tab shows the same; not told back.
        if let Some(snapshot) = Snapshot::of(&self.step) {
            out.push(Command::Save(snapshot));
        }
        match &self.step {
            Step::Expired(expired) => tell_ended(expired.email.clone(), expired.ending, out),
            Step::Waiting(waiting) if joined => out.push(Command::Announce(Moment::Waiting {
                email: waiting.email.clone(),
                seconds: seconds_left(waiting.resend.cooldown_until, now),
            })),
            Step::Code(step) if joined => out.push(Command::Announce(Moment::CodeSent {
                email: step.email.clone(),
                seconds: seconds_left(step.resend.cooldown_until, now),
            })),
            _ => {}
        }
    }

    /// Carries this tab's requests in flight (and its polling rhythm) over into the
    /// step it joined, so that their answers still count and nothing is sent twice.
    fn keep_requests_of(&mut self, before: Step) {
        match (before, &mut self.step) {
            (Step::Waiting(old), Step::Waiting(new)) => {
                new.poll = old.poll;
                new.resend.in_flight = old.resend.in_flight;
                new.resend.open = old.resend.open;
                new.asking_code = old.asking_code;
                if let (Some(old), Some(new)) = (old.code, new.code.as_mut()) {
                    new.verifying = old.verifying;
                    new.error = old.error;
                }
            }
            (Step::Code(old), Step::Code(new)) => {
                new.resend.in_flight = old.resend.in_flight;
                new.resend.open = old.resend.open;
                new.code.verifying = old.code.verifying;
                new.code.error = old.code.error;
            }
            (Step::Waiting(old), Step::Code(new)) => {
                new.resend.in_flight = old.resend.in_flight;
                if let Some(old) = old.code {
                    new.code.verifying = old.verifying;
                    new.code.error = old.error;
                }
            }
            _ => {}
        }
    }
}
