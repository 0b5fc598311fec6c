//! The sign-in flow as a pure state machine: `(state, event, now) → (state, effects)`.
//!
//! No browser types here. The browser shell (`crate::browser::runtime`) feeds events
//! in (clicks, answers, timer wake-ups, visibility and connectivity changes) with the
//! current time, and carries the returned effects out (requests, storage, host
//! events). Every rule of the flow lives in this file and is tested on the host.

use super::email;
use super::timing::{
    backoff_ms, cooldown_ms, next_second_boundary, server_wait_ms, Millis, MAX_BACKOFF_MS,
};
use crate::api::response::{Handle, HandleField, Session, Status};
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};

/// Where the person is in the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Typing an address.
    Form,
    /// The address was submitted; waiting for the API to accept it.
    Sending,
    /// A link was e-mailed; polling until it is confirmed.
    Waiting,
    /// Done: tokens were handed to the page.
    SignedIn,
    /// The link's lifetime passed before it was confirmed.
    Expired,
    /// The widget's configuration cannot work; nothing can be sent.
    Misconfigured,
}

/// Identifies one request, so that a late answer to an abandoned request (after
/// "use a different email", say) is recognised and ignored.
pub type RequestId = u32;

/// The whole state of one widget instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    /// Current step.
    pub step: Step,
    /// The address: as typed on the form, normalised once submitted.
    pub email: String,
    /// The API's handle for this sign-in (`state` or `session_id`); empty on the form.
    pub handle: String,
    /// Which field the handle came in (and goes back in).
    pub handle_field: HandleField,
    /// When "Resend" becomes available (epoch ms).
    pub cooldown_until: Millis,
    /// When the current link expires (epoch ms).
    pub expires_at: Millis,
    /// How many times this link was resent.
    pub resends: u32,
    /// The error of the person's last action (send, resend), if any.
    pub error: Option<Failure>,
    /// A problem of the background polling, if any. Kept apart from `error` so that a
    /// good poll never wipes the error of a resend.
    pub poll_error: Option<Failure>,
    /// The send or resend in flight, if any.
    pub action: Option<RequestId>,
    /// The status poll in flight, if any (never more than one).
    pub status_check: Option<RequestId>,
    /// When the next status poll is due (epoch ms).
    pub next_poll_at: Millis,
    /// Consecutive failed polls, for backoff.
    pub poll_failures: u32,
    /// No poll before this time (epoch ms): the server's `Retry-After` while polling.
    /// Unlike our own backoff, showing the tab or coming back online does not
    /// override it.
    pub poll_not_before: Millis,
    /// The link's lifetime passed and one last status check was made (or is in
    /// flight): its answer decides between signed in and expired.
    pub last_look: bool,
    /// The tab is hidden: no polling.
    pub hidden: bool,
    /// The browser is offline: no requests.
    pub offline: bool,
    pub(crate) last_id: RequestId,
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The person submitted the form (or asked for a new link after expiry).
    Submit {
        /// The address as typed.
        email: String,
    },
    /// The person pressed "Resend".
    Resend,
    /// The person pressed "Use a different email".
    Back,
    /// A timer fired: re-check deadlines and whether a poll is due.
    Tick,
    /// The answer to a send.
    Sent {
        /// Which request.
        id: RequestId,
        /// The state handle, or why it failed.
        result: Result<Handle, Failure>,
    },
    /// The answer to a resend.
    Resent {
        /// Which request.
        id: RequestId,
        /// Success, or why it failed.
        result: Result<(), Failure>,
    },
    /// The answer to a status poll.
    Polled {
        /// Which request.
        id: RequestId,
        /// Pending, signed in, or why the poll failed.
        result: Result<Status, Failure>,
    },
    /// The tab was hidden or shown.
    VisibilityChanged {
        /// Whether the tab is now hidden.
        hidden: bool,
    },
    /// The browser went offline or online.
    ConnectivityChanged {
        /// Whether the browser is now online.
        online: bool,
    },
}

/// Something the shell must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// `POST …/send` with this address.
    Send {
        /// Request id to answer with.
        id: RequestId,
        /// Normalised address.
        email: String,
    },
    /// `POST …/resend` with this handle.
    Resend {
        /// Request id to answer with.
        id: RequestId,
        /// The state handle from the send.
        handle: Handle,
    },
    /// `GET …/status` for this handle.
    CheckStatus {
        /// Request id to answer with.
        id: RequestId,
        /// The state handle from the send.
        handle: Handle,
    },
    /// Write the flow's snapshot to storage.
    Save,
    /// Remove the flow's snapshot from storage.
    Forget,
    /// Tell the host page (a DOM event).
    Notify(Notice),
    /// Navigate the page to this (already allowed) URL.
    Redirect(String),
}

/// What the host page is told; each maps to one `magic-link-*` event.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// `magic-link-sent`
    Sent {
        /// The address the link went to.
        email: String,
    },
    /// `magic-link-resent`
    Resent {
        /// The address the link went to.
        email: String,
        /// How many times it was resent.
        count: u32,
    },
    /// `magic-link-authenticated`
    Authenticated(Box<Session>),
    /// `magic-link-expired`
    Expired {
        /// The address the expired link went to.
        email: String,
    },
    /// `magic-link-error`
    Error(Failure),
}

impl Flow {
    /// A fresh flow on the form, with an optional prefilled address.
    pub fn new(email: Option<String>) -> Flow {
        Flow {
            step: Step::Form,
            email: email.unwrap_or_default(),
            handle: String::new(),
            handle_field: HandleField::State,
            cooldown_until: 0,
            expires_at: 0,
            resends: 0,
            error: None,
            poll_error: None,
            action: None,
            status_check: None,
            next_poll_at: 0,
            poll_failures: 0,
            poll_not_before: 0,
            last_look: false,
            hidden: false,
            offline: false,
            last_id: 0,
        }
    }

    /// A flow that has already handed over its tokens (the tokens are not kept).
    pub fn signed_in() -> Flow {
        Flow {
            step: Step::SignedIn,
            ..Flow::new(None)
        }
    }

    /// A flow that only shows why the configuration cannot work.
    pub fn misconfigured(failure: Failure) -> Flow {
        Flow {
            step: Step::Misconfigured,
            error: Some(failure),
            ..Flow::new(None)
        }
    }

    /// The handle, with the field to send it back in.
    pub fn handle(&self) -> Handle {
        Handle {
            value: self.handle.clone(),
            field: self.handle_field,
        }
    }

    /// Whether a send or resend is in flight (controls are disabled meanwhile).
    pub fn is_busy(&self) -> bool {
        self.action.is_some()
    }

    /// Whether "Resend" may be pressed at `now`.
    pub fn can_resend(&self, now: Millis) -> bool {
        self.step == Step::Waiting && self.action.is_none() && now >= self.cooldown_until
    }

    /// When the shell should next send [`Event::Tick`]: the next change of the
    /// countdown's seconds, the link's expiry, or the next due poll. `None` when
    /// nothing is scheduled (the next event will come from the person or the network).
    pub fn next_wake(&self, now: Millis) -> Option<Millis> {
        if self.step != Step::Waiting {
            return None;
        }
        let countdown = next_second_boundary(self.cooldown_until, now);
        let poll = (self.status_check.is_none() && !self.hidden && !self.offline)
            .then_some(self.next_poll_at.max(now));
        // Past the deadline with a request in flight, its answer is the next event.
        let expiry = (self.expires_at > now).then_some(self.expires_at);
        [countdown, poll, expiry].into_iter().flatten().min()
    }

    /// The error to show: the last action's, else the polling's.
    pub fn shown_error(&self) -> Option<&Failure> {
        self.error.as_ref().or(self.poll_error.as_ref())
    }

    /// Applies `event` at time `now`, returning the effects to carry out.
    pub fn apply(&mut self, event: Event, now: Millis, settings: &Settings) -> Vec<Effect> {
        let mut effects = Vec::new();
        match event {
            Event::Submit { email } => self.submit(email, &mut effects),
            Event::Resend => self.resend(now, &mut effects),
            Event::Back => self.back(&mut effects),
            Event::Tick => {}
            Event::Sent { id, result } if self.action == Some(id) => {
                self.action = None;
                self.sent(result, now, settings, &mut effects);
            }
            Event::Resent { id, result } if self.action == Some(id) => {
                self.action = None;
                self.resent(result, now, settings, &mut effects);
            }
            Event::Polled { id, result } if self.status_check == Some(id) => {
                self.status_check = None;
                self.polled(result, now, settings, &mut effects);
            }
            Event::Sent { .. } | Event::Resent { .. } | Event::Polled { .. } => {}
            Event::VisibilityChanged { hidden } => {
                self.hidden = hidden;
                if !hidden {
                    self.poll_soon(now);
                }
            }
            Event::ConnectivityChanged { online } => {
                self.offline = !online;
                if online {
                    self.poll_soon(now);
                    if self
                        .error
                        .as_ref()
                        .is_some_and(|e| e.code == ErrorCode::Offline)
                    {
                        self.error = None;
                    }
                }
            }
        }
        self.check_deadlines(now, settings, &mut effects);
        effects
    }

    /// Polls at once (the tab came back, or the network), unless the server asked
    /// for a pause that is not over yet.
    fn poll_soon(&mut self, now: Millis) {
        self.next_poll_at = self.next_poll_at.min(now.max(self.poll_not_before));
    }

    fn next_id(&mut self) -> RequestId {
        self.last_id = self.last_id.wrapping_add(1);
        self.last_id
    }

    fn fail(&mut self, failure: Failure, effects: &mut Vec<Effect>) {
        effects.push(Effect::Notify(Notice::Error(failure.clone())));
        self.error = Some(failure);
    }

    fn submit(&mut self, typed: String, effects: &mut Vec<Effect>) {
        if !matches!(self.step, Step::Form | Step::Expired) || self.is_busy() {
            return;
        }
        let Some(address) = email::normalize(&typed) else {
            self.email = typed;
            self.step = Step::Form;
            return self.fail(Failure::new(ErrorCode::InvalidEmail), effects);
        };
        self.email = address;
        if self.offline {
            self.step = Step::Form;
            return self.fail(Failure::new(ErrorCode::Offline), effects);
        }
        if self.step == Step::Expired {
            // The stored "expired" must not come back on a reload if this send fails.
            effects.push(Effect::Forget);
        }
        let id = self.next_id();
        self.step = Step::Sending;
        self.error = None;
        self.action = Some(id);
        effects.push(Effect::Send {
            id,
            email: self.email.clone(),
        });
    }

    fn sent(
        &mut self,
        result: Result<Handle, Failure>,
        now: Millis,
        settings: &Settings,
        effects: &mut Vec<Effect>,
    ) {
        match result {
            Ok(Handle { value, field }) => {
                self.step = Step::Waiting;
                self.handle = value;
                self.handle_field = field;
                self.resends = 0;
                self.cooldown_until = now + cooldown_ms(settings, 0);
                self.expires_at = now + settings.link_ttl_ms();
                self.next_poll_at = now + settings.poll_interval_ms;
                self.poll_failures = 0;
                self.poll_not_before = 0;
                self.poll_error = None;
                self.last_look = false;
                self.error = None;
                effects.push(Effect::Save);
                effects.push(Effect::Notify(Notice::Sent {
                    email: self.email.clone(),
                }));
            }
            Err(failure) => {
                self.step = Step::Form;
                self.fail(failure, effects);
            }
        }
    }

    fn resend(&mut self, now: Millis, effects: &mut Vec<Effect>) {
        // A click that raced the end of the countdown (or a disabled button forced
        // by a script) is refused here too, not only by the view.
        if !self.can_resend(now) {
            return;
        }
        if self.offline {
            return self.fail(Failure::new(ErrorCode::Offline), effects);
        }
        let id = self.next_id();
        self.action = Some(id);
        self.error = None;
        effects.push(Effect::Resend {
            id,
            handle: self.handle(),
        });
    }

    fn resent(
        &mut self,
        result: Result<(), Failure>,
        now: Millis,
        settings: &Settings,
        effects: &mut Vec<Effect>,
    ) {
        match result {
            Ok(()) => {
                self.resends += 1;
                self.cooldown_until = now + cooldown_ms(settings, self.resends);
                self.expires_at = now + settings.link_ttl_ms();
                self.last_look = false;
                self.error = None;
                effects.push(Effect::Save);
                effects.push(Effect::Notify(Notice::Resent {
                    email: self.email.clone(),
                    count: self.resends,
                }));
            }
            Err(failure) if failure.code == ErrorCode::Expired => self.expire(effects),
            Err(failure) => {
                if failure.code == ErrorCode::RateLimited {
                    self.cooldown_until = now + server_wait_ms(settings, failure.retry_after_s);
                    effects.push(Effect::Save);
                }
                self.fail(failure, effects);
            }
        }
    }

    fn polled(
        &mut self,
        result: Result<Status, Failure>,
        now: Millis,
        settings: &Settings,
        effects: &mut Vec<Effect>,
    ) {
        if self.step != Step::Waiting {
            return;
        }
        match result {
            Ok(Status::Pending) => {
                self.poll_failures = 0;
                self.poll_not_before = 0;
                self.next_poll_at = now + settings.poll_interval_ms;
                self.poll_error = None;
            }
            Ok(Status::Authenticated(session)) => {
                *self = Flow {
                    step: Step::SignedIn,
                    email: std::mem::take(&mut self.email),
                    ..Flow::new(None)
                };
                effects.push(Effect::Forget);
                effects.push(Effect::Notify(Notice::Authenticated(session)));
                if let Some(uri) = &settings.redirect_uri {
                    effects.push(Effect::Redirect(uri.clone()));
                }
            }
            Err(failure) if failure.code == ErrorCode::Expired => self.expire(effects),
            Err(failure) => {
                self.poll_failures = self.poll_failures.saturating_add(1);
                // Tell the page once per outage, not on every failed poll.
                if self.poll_failures == 1 {
                    effects.push(Effect::Notify(Notice::Error(failure.clone())));
                }
                if failure.code == ErrorCode::RateLimited {
                    // The server only asked us to slow down: nothing to tell the person.
                    let wait = server_wait_ms(settings, failure.retry_after_s)
                        .max(settings.poll_interval_ms);
                    self.next_poll_at = now + wait;
                    self.poll_not_before = self.next_poll_at;
                } else {
                    self.next_poll_at =
                        now + backoff_ms(settings.poll_interval_ms, self.poll_failures, now);
                    self.poll_error = Some(failure);
                }
            }
        }
    }

    fn back(&mut self, effects: &mut Vec<Effect>) {
        if !matches!(self.step, Step::Waiting | Step::Expired | Step::Form) {
            return;
        }
        let (hidden, offline, last_id) = (self.hidden, self.offline, self.last_id);
        *self = Flow {
            hidden,
            offline,
            last_id,
            ..Flow::new(Some(std::mem::take(&mut self.email)))
        };
        effects.push(Effect::Forget);
    }

    fn expire(&mut self, effects: &mut Vec<Effect>) {
        self.step = Step::Expired;
        self.status_check = None;
        self.action = None;
        self.error = None;
        self.poll_error = None;
        effects.push(Effect::Save);
        effects.push(Effect::Notify(Notice::Expired {
            email: self.email.clone(),
        }));
    }

    /// Runs after every event: clamps deadlines, expires the link, then polls if a
    /// poll is due.
    fn check_deadlines(&mut self, now: Millis, settings: &Settings, effects: &mut Vec<Effect>) {
        if self.step != Step::Waiting {
            return;
        }
        // If the clock jumped back, no wait may grow beyond its maximum.
        self.cooldown_until = self.cooldown_until.min(now + settings.max_cooldown_ms());
        self.expires_at = self.expires_at.min(now + settings.link_ttl_ms());
        self.next_poll_at = self
            .next_poll_at
            .min(now + MAX_BACKOFF_MS.max(settings.max_cooldown_ms()));
        if now >= self.expires_at {
            return self.at_expiry(effects);
        }
        let may_poll = self.status_check.is_none() && !self.hidden && !self.offline;
        if may_poll && now >= self.next_poll_at {
            self.check_status(effects);
        }
    }

    /// The link's lifetime has passed. The person may have confirmed it while we were
    /// not polling (hidden tab, backoff, `Retry-After`): a request in flight may
    /// still bring the tokens (or, for a resend, a new link), and if none is, one
    /// last status check decides. Only a "not yet" (or a failure) then means expired.
    fn at_expiry(&mut self, effects: &mut Vec<Effect>) {
        if self.action.is_some() || self.status_check.is_some() {
            return;
        }
        if self.last_look {
            return self.expire(effects);
        }
        if self.offline {
            // Nothing can be checked now; coming back online runs this again.
            return;
        }
        self.last_look = true;
        self.check_status(effects);
    }

    fn check_status(&mut self, effects: &mut Vec<Effect>) {
        let id = self.next_id();
        self.status_check = Some(id);
        effects.push(Effect::CheckStatus {
            id,
            handle: self.handle(),
        });
    }
}
