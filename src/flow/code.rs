//! The one-time code's transitions: asking for a code on the waiting step
//! ("Enter a code instead"), checking a typed code, and what its answer means.
//! The code step's resend and expiry share the link's rules (`machine.rs`).

use super::machine::{CodeEntry, Command, Ending, Flow, Moment, Notice, Step};
use super::method::{normalize_code, Channel};
use super::timing::{cooldown_ms, seconds_left, Millis};
use crate::api::response::{Handle, Link, Session};
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};

impl CodeEntry {
    /// A code just e-mailed for `handle`, valid for the link lifetime from `now`.
    pub(super) fn new(handle: Handle, now: Millis, settings: &Settings) -> CodeEntry {
        CodeEntry {
            handle,
            expires_at: now + settings.link_ttl_ms(),
            verifying: None,
            error: None,
        }
    }
}

impl Flow {
    /// Whether "Enter a code instead" may be pressed: method `link code`, waiting on
    /// the link, no code yet and nothing else in flight.
    pub fn can_ask_for_code(&self, settings: &Settings) -> bool {
        settings.methods.offers_code_instead()
            && self.waiting().is_some_and(|waiting| {
                waiting.code.is_none()
                    && waiting.asking_code.is_none()
                    && waiting.resend.in_flight.is_none()
            })
    }

    /// "Enter a code instead": e-mails a code to the same address; the link stays
    /// polled.
    pub(super) fn ask_for_code(&mut self, settings: &Settings, out: &mut Vec<Command>) {
        if !self.can_ask_for_code(settings) {
            return;
        }
        let offline = self.page.offline;
        let id = self.next_id();
        let Step::Waiting(waiting) = &mut self.step else {
            return;
        };
        if offline {
            let failure = Failure::new(ErrorCode::Offline);
            out.push(Command::Notify(Notice::Error(failure.clone())));
            waiting.resend.error = Some(failure);
            return;
        }
        waiting.asking_code = Some(id);
        waiting.resend.error = None;
        out.push(Command::Announce(Moment::Sending(Channel::Code)));
        out.push(Command::Send {
            id,
            email: waiting.email.clone(),
            channel: Channel::Code,
        });
    }

    /// The answer to "Enter a code instead": the code field opens, and "Resend" now
    /// cools down from this e-mail; or the waiting step says why not.
    pub(super) fn code_sent(
        &mut self,
        result: Result<Link, Failure>,
        now: Millis,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        let Step::Waiting(waiting) = &mut self.step else {
            return;
        };
        match result {
            Ok(link) => {
                waiting.code = Some(CodeEntry::new(link.handle, now, settings));
                let cooldown_until = now + cooldown_ms(settings, waiting.resend.count);
                waiting.resend.cooldown_until = waiting.resend.cooldown_until.max(cooldown_until);
                let moment = Moment::CodeSent {
                    email: waiting.email.clone(),
                    seconds: seconds_left(waiting.resend.cooldown_until, now),
                };
                self.save(out);
                out.push(Command::Announce(moment));
            }
            Err(failure) => {
                waiting.resend.error = Some(failure.clone());
                out.push(Command::Notify(Notice::Error(failure)));
            }
        }
    }

    /// A typed code: checked with the API when it is six digits, refused with an
    /// alert (nothing sent) when it is not.
    pub(super) fn verify(&mut self, typed: &str, out: &mut Vec<Command>) {
        let offline = self.page.offline;
        let busy = self.is_busy();
        let Some(code) = self.code_entry_mut() else {
            return;
        };
        if busy {
            return;
        }
        let refusal = match normalize_code(typed) {
            None => Some(Failure::new(ErrorCode::InvalidCode)),
            Some(_) if offline => Some(Failure::new(ErrorCode::Offline)),
            Some(_) => None,
        };
        if let Some(failure) = refusal {
            code.error = Some(failure.clone());
            out.push(Command::Notify(Notice::Error(failure)));
            return;
        }
        let handle = code.handle.clone();
        let id = self.next_id();
        if let Some(code) = self.code_entry_mut() {
            code.verifying = Some(id);
            code.error = None;
        }
        out.push(Command::Announce(Moment::Verifying));
        out.push(Command::Verify {
            id,
            handle,
            code: normalize_code(typed).unwrap_or_default(),
        });
    }

    /// The API's verdict on a code: signed in; the code is dead (too many tries or
    /// expired: the expired step, one click from a new code); or refused, with the
    /// field kept for another try.
    pub(super) fn verified(
        &mut self,
        result: Result<Box<Session>, Failure>,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        match result {
            Ok(session) => {
                self.tell_signed_in(&session, out);
                self.sign_in(session, settings, out)
            }
            // A code the API calls cancelled is as dead as an expired one.
            Err(failure) if matches!(failure.code, ErrorCode::Expired | ErrorCode::Cancelled) => {
                self.end(Ending::CodeExpired, out)
            }
            Err(failure) => {
                if let Some(code) = self.code_entry_mut() {
                    code.error = Some(failure.clone());
                }
                out.push(Command::Notify(Notice::Error(failure)));
            }
        }
    }
}
