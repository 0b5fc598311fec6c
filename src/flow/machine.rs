//! The sign-in flow as a pure state machine: `(state, input, now) → (state, commands)`.
//!
//! No browser types here. The browser shell (`crate::browser::runtime`) feeds inputs
//! in (clicks, answers, timer wake-ups, visibility and connectivity changes) with the
//! current time, and carries the returned commands out (requests, storage, host
//! events, announcements, navigation). Every rule of the flow lives in this file and
//! is tested on the host.
//!
//! Each step carries its own data ([`Step`]): a handle exists only once a link was
//! sent, a status poll only while waiting, so states like "a poll in flight on the
//! form" cannot be built. What holds whatever the step (a hidden tab, offline)
//! lives beside it in [`Page`]. For example, neither of these compiles:
//!
//! ```compile_fail,E0560
//! use magic_link_widget::flow::Form;
//! // A handle on the form: a handle exists only once a link was sent.
//! let form = Form { email: "ana@example.com".into(), error: None, handle: "st_1".into() };
//! ```
//!
//! ```compile_fail,E0560
//! use magic_link_widget::flow::Sending;
//! // A status poll while the send is still in flight: only `Waiting` polls.
//! let sending = Sending { email: "ana@example.com".into(), request: 1, poll: Default::default() };
//! ```

use super::email;
use super::method::Channel;
use super::snapshot::Snapshot;
use super::tabs::TabMessage;
use super::timing::{
    backoff_ms, cooldown_ms, next_second_boundary, seconds_left, server_wait_ms, Millis,
    ELECTION_GRACE_MS, MAX_BACKOFF_MS,
};
use crate::api::response::{Handle, Link, Session, Status};
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};

/// Identifies one request, so that a late answer to an abandoned request (after
/// "use a different email", say) is recognised and ignored.
pub type RequestId = u32;

/// The whole state of one widget instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    /// Where the person is, with what that step needs.
    pub step: Step,
    /// What holds whatever the step.
    pub page: Page,
    last_id: RequestId,
}

/// The page around the widget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// The tab is hidden: no polling.
    pub hidden: bool,
    /// The browser is offline: no requests.
    pub offline: bool,
    /// Whether this tab holds the poller's lock, of the tabs waiting on one sign-in.
    pub lock: LockState,
}

/// The poller's lock as this tab knows it: the one tab that holds it polls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LockState {
    /// No election (no Web Locks API or no tab channel): this tab polls on its own.
    #[default]
    NotInUse,
    /// This tab holds the lock: it polls.
    Held,
    /// Another tab may hold it: this one stands by and hears the outcome from it.
    NotHeld,
}

/// Where the person is in the flow, with that step's data.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Typing an address.
    Form(Form),
    /// The address was submitted; waiting for the API to accept it.
    Sending(Sending),
    /// A link was e-mailed; polling until it is confirmed.
    Waiting(Waiting),
    /// A code was e-mailed (method `code`, or the link's time ran out after
    /// "Enter a code instead"); the person types it.
    Code(CodeStep),
    /// The link's lifetime passed before it was confirmed.
    Expired(Expired),
    /// Done: tokens were handed to the page (and not kept).
    SignedIn,
    /// The configuration cannot work, for this reason; nothing can be sent.
    Misconfigured(Failure),
}

/// Which step, without its data (what views switch on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// [`Step::Form`]
    Form,
    /// [`Step::Sending`]
    Sending,
    /// [`Step::Waiting`]
    Waiting,
    /// [`Step::Code`]
    Code,
    /// [`Step::Expired`]
    Expired,
    /// [`Step::SignedIn`]
    SignedIn,
    /// [`Step::Misconfigured`]
    Misconfigured,
}

/// The form step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Form {
    /// The address as typed (or as last submitted).
    pub email: String,
    /// Why the last send failed, if it did.
    pub error: Option<Failure>,
    /// No send before this time (epoch ms): the server answered 429 with
    /// `Retry-After`. Send stays disabled, with a countdown, until then.
    pub send_not_before: Option<Millis>,
}

/// A send in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct Sending {
    /// The normalised address.
    pub email: String,
    /// The send request.
    pub request: RequestId,
    /// What the e-mail carries.
    pub channel: Channel,
}

/// A link is out; the widget polls until it is confirmed.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    /// The address the link went to.
    pub email: String,
    /// The API's handle for this sign-in.
    pub handle: Handle,
    /// The number-matching code to show, when the API gave one (it changes with
    /// each resend).
    pub match_code: Option<String>,
    /// When the current link expires (epoch ms).
    pub expires_at: Millis,
    /// "Resend" and its cooldown (it resends the code once one was asked for).
    pub resend: Resends,
    /// The status polling.
    pub poll: Polling,
    /// Method `link code`: the code asked for with "Enter a code instead"; the link
    /// is polled meanwhile, and whichever is used first signs in.
    pub code: Option<CodeEntry>,
    /// The request for that code, in flight.
    pub asking_code: Option<RequestId>,
}

/// "Resend" on a waiting or code step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resends {
    /// When "Resend" becomes available (epoch ms).
    pub cooldown_until: Millis,
    /// How many times the e-mail was resent.
    pub count: u32,
    /// The resend in flight, if any.
    pub in_flight: Option<RequestId>,
    /// Why the last resend (or request for a code) failed, if it did.
    pub error: Option<Failure>,
    /// Whether "Resend" could be pressed after the last input: its becoming
    /// possible is announced once.
    pub(crate) open: bool,
}

/// An e-mailed one-time code and what became of the codes typed so far.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeEntry {
    /// The API's handle for the code's sign-in.
    pub handle: Handle,
    /// When the code expires (epoch ms).
    pub expires_at: Millis,
    /// The verification in flight, if any.
    pub verifying: Option<RequestId>,
    /// Why the last code was refused (tries left included when the API said).
    pub error: Option<Failure>,
}

/// The code step: only a code is out.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeStep {
    /// The address the code went to.
    pub email: String,
    /// The code.
    pub code: CodeEntry,
    /// "Resend" and its cooldown.
    pub resend: Resends,
}

/// The status polling of a [`Waiting`] step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Polling {
    /// The status poll in flight (never more than one).
    pub in_flight: Option<RequestId>,
    /// When the next poll is due (epoch ms).
    pub next_at: Millis,
    /// Consecutive failed polls, for backoff.
    pub failures: u32,
    /// No poll before this time (epoch ms), the last look included: the server's
    /// `Retry-After`, or the grace after this tab was given the poller's lock.
    /// Unlike our own backoff, showing the tab or coming back online does not
    /// override it.
    pub not_before: Millis,
    /// A problem of the polling, kept apart from the resend's error so that a good
    /// poll never wipes it.
    pub error: Option<Failure>,
    /// The link's lifetime passed and one last status check was made (or is in
    /// flight): its answer decides between signed in and expired.
    pub last_look: bool,
    /// The link's lifetime passed and the last look is due. It is a poll like any
    /// other: where tabs elect a poller, this tab wants the lock for it, even
    /// hidden, and looks once it holds it (or hears the outcome from the holder).
    pub last_look_due: bool,
}

/// The sign-in ended without signing in: the link or code expired, or the link was
/// refused where it was opened.
#[derive(Clone, Debug, PartialEq)]
pub struct Expired {
    /// The address the link or code went to.
    pub email: String,
    /// The ended sign-in's handle.
    pub handle: Handle,
    /// How it ended (the words differ).
    pub ending: Ending,
}

/// How a sign-in ended without signing in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The link's lifetime passed, or the API said it expired.
    LinkExpired,
    /// The code's lifetime passed, or it took too many tries.
    CodeExpired,
    /// Where the link was opened, a number other than the one this page showed was
    /// picked (number matching), and the API cancelled the sign-in.
    Cancelled,
}

impl Ending {
    /// The expiry of a sign-in by `channel`.
    pub fn expired(channel: Channel) -> Ending {
        match channel {
            Channel::Link => Ending::LinkExpired,
            Channel::Code => Ending::CodeExpired,
        }
    }

    /// What a new sign-in from this step e-mails: a code after a code, else a link.
    pub fn channel(self) -> Channel {
        match self {
            Ending::CodeExpired => Channel::Code,
            Ending::LinkExpired | Ending::Cancelled => Channel::Link,
        }
    }
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The person submitted the form (or asked for a new link after expiry).
    Submit {
        /// The address as typed.
        email: String,
    },
    /// The person pressed "Resend".
    Resend,
    /// The person pressed "Enter a code instead" (method `link code`).
    AskForCode,
    /// The person typed (or pasted) a whole code, or pressed its submit button.
    Verify {
        /// The code as typed.
        code: String,
    },
    /// The person pressed "Use a different email".
    Back,
    /// A timer fired: re-check deadlines and whether a poll is due.
    Tick,
    /// The answer to a send.
    Sent {
        /// Which request.
        id: RequestId,
        /// The link's handle (and number-matching code), or why it failed.
        result: Result<Link, Failure>,
    },
    /// The answer to a resend.
    Resent {
        /// Which request.
        id: RequestId,
        /// Success with the new number-matching code, if any, or why it failed.
        result: Result<Option<String>, Failure>,
    },
    /// The answer to a code's verification.
    Verified {
        /// Which request.
        id: RequestId,
        /// The tokens, or why the code was refused.
        result: Result<Box<Session>, Failure>,
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
    /// This tab became (or stopped being) the one that polls.
    Elected {
        /// Whether this tab polls now.
        polls: bool,
    },
    /// Another tab said something.
    FromTab(TabMessage),
}

/// Something the shell must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `POST …/send` with this address.
    Send {
        /// Request id to answer with.
        id: RequestId,
        /// Normalised address.
        email: String,
        /// A link or a code.
        channel: Channel,
    },
    /// `POST …/resend` with this handle.
    Resend {
        /// Request id to answer with.
        id: RequestId,
        /// The state handle from the send.
        handle: Handle,
        /// A link or a code.
        channel: Channel,
    },
    /// `POST …/email-otp/verify` with this code.
    Verify {
        /// Request id to answer with.
        id: RequestId,
        /// The code's state handle.
        handle: Handle,
        /// The six digits.
        code: String,
    },
    /// `GET …/status` for this handle.
    CheckStatus {
        /// Request id to answer with.
        id: RequestId,
        /// The state handle from the send.
        handle: Handle,
    },
    /// Store this snapshot (it replaces the stored one).
    Save(Snapshot),
    /// Remove the stored snapshot.
    Forget,
    /// Tell the host page (a DOM event).
    Notify(Notice),
    /// Say this in the `role="status"` region.
    Announce(Moment),
    /// After a sign-in: where the page goes, or why it stays.
    Navigate(Navigation),
    /// Tell the other tabs.
    Tell(TabMessage),
}

/// A moment worth announcing in the `role="status"` region. Screen readers read the
/// region on every change, so only moments are announced, never the ticking
/// countdown. [`crate::i18n::announce`] puts them into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Moment {
    /// A step with nothing to say (the form): the region empties.
    Quiet,
    /// The send (of a link or a code) is in flight.
    Sending(Channel),
    /// The link went out; resend possible in `seconds`.
    Waiting {
        /// The address.
        email: String,
        /// Seconds until "Resend" becomes available.
        seconds: u64,
    },
    /// A code went out; resend possible in `seconds`.
    CodeSent {
        /// The address.
        email: String,
        /// Seconds until "Resend" becomes available.
        seconds: u64,
    },
    /// A code is being checked.
    Verifying,
    /// A resend is in flight.
    Resending(Channel),
    /// The link (or code) went out again; resend possible in `seconds`.
    Resent {
        /// Seconds until "Resend" becomes available.
        seconds: u64,
        /// What went out.
        channel: Channel,
    },
    /// "Resend" became available.
    ResendReady(Channel),
    /// The browser went offline while waiting.
    Offline,
    /// The browser came back online while waiting.
    BackOnline,
    /// Signed in.
    SignedIn,
    /// The link or code expired, or the sign-in was cancelled.
    Ended {
        /// The address the link or code went to.
        email: String,
        /// How it ended.
        ending: Ending,
    },
}

/// The navigation decision after a sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Navigation {
    /// Go to this `redirect-uri` (allowed when the settings were read), unless the
    /// page cancels `magic-link-authenticated`.
    To(String),
    /// Stay on the page.
    Stay(StayReason),
}

/// Why the page stays after a sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StayReason {
    /// No `redirect-uri` was configured: the page handles the tokens itself.
    NoRedirectUri,
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

impl Page {
    /// Whether this page polls: visible, online, and not standing by for another tab.
    fn may_poll(self) -> bool {
        !self.hidden && !self.offline && self.lock != LockState::NotHeld
    }
}

impl Flow {
    /// A fresh flow on the form, with an optional prefilled address.
    pub fn new(email: Option<String>) -> Flow {
        Flow::at(Step::Form(Form {
            email: email.unwrap_or_default(),
            ..Form::default()
        }))
    }

    /// A flow at `step` (a restored one), on a visible, online page.
    pub fn at(step: Step) -> Flow {
        Flow {
            step,
            page: Page::default(),
            last_id: 0,
        }
    }

    /// A flow that has already handed over its tokens (the tokens are not kept).
    pub fn signed_in() -> Flow {
        Flow::at(Step::SignedIn)
    }

    /// A flow that only shows why the configuration cannot work.
    pub fn misconfigured(failure: Failure) -> Flow {
        Flow::at(Step::Misconfigured(failure))
    }

    /// Which step the flow is at.
    pub fn kind(&self) -> StepKind {
        match self.step {
            Step::Form(_) => StepKind::Form,
            Step::Sending(_) => StepKind::Sending,
            Step::Waiting(_) => StepKind::Waiting,
            Step::Code(_) => StepKind::Code,
            Step::Expired(_) => StepKind::Expired,
            Step::SignedIn => StepKind::SignedIn,
            Step::Misconfigured(_) => StepKind::Misconfigured,
        }
    }

    /// The address of the step: typed, being sent, or where the link went.
    pub fn email(&self) -> &str {
        match &self.step {
            Step::Form(Form { email, .. })
            | Step::Sending(Sending { email, .. })
            | Step::Waiting(Waiting { email, .. })
            | Step::Code(CodeStep { email, .. })
            | Step::Expired(Expired { email, .. }) => email,
            Step::SignedIn | Step::Misconfigured(_) => "",
        }
    }

    /// The waiting step's data, when waiting.
    pub fn waiting(&self) -> Option<&Waiting> {
        match &self.step {
            Step::Waiting(waiting) => Some(waiting),
            _ => None,
        }
    }

    /// "Resend" and its cooldown, on the waiting and code steps.
    pub fn resends(&self) -> Option<&Resends> {
        match &self.step {
            Step::Waiting(waiting) => Some(&waiting.resend),
            Step::Code(step) => Some(&step.resend),
            _ => None,
        }
    }

    fn resends_mut(&mut self) -> Option<&mut Resends> {
        match &mut self.step {
            Step::Waiting(waiting) => Some(&mut waiting.resend),
            Step::Code(step) => Some(&mut step.resend),
            _ => None,
        }
    }

    /// The code being typed: on the code step, or on the waiting step after
    /// "Enter a code instead".
    pub fn code_entry(&self) -> Option<&CodeEntry> {
        match &self.step {
            Step::Waiting(waiting) => waiting.code.as_ref(),
            Step::Code(step) => Some(&step.code),
            _ => None,
        }
    }

    pub(super) fn code_entry_mut(&mut self) -> Option<&mut CodeEntry> {
        match &mut self.step {
            Step::Waiting(waiting) => waiting.code.as_mut(),
            Step::Code(step) => Some(&mut step.code),
            _ => None,
        }
    }

    /// What "Resend" sends again: the code once there is one, else the link.
    fn resend_target(&self) -> Option<(Handle, Channel)> {
        match (&self.step, self.code_entry()) {
            (_, Some(code)) => Some((code.handle.clone(), Channel::Code)),
            (Step::Waiting(waiting), None) => Some((waiting.handle.clone(), Channel::Link)),
            _ => None,
        }
    }

    /// The error to show: the form's, the code's, the resend's else the polling's,
    /// or the configuration's.
    pub fn shown_error(&self) -> Option<&Failure> {
        let code = self.code_entry().and_then(|code| code.error.as_ref());
        match &self.step {
            Step::Form(form) => form.error.as_ref(),
            Step::Waiting(waiting) => code
                .or(waiting.resend.error.as_ref())
                .or(waiting.poll.error.as_ref()),
            Step::Code(step) => code.or(step.resend.error.as_ref()),
            Step::Misconfigured(failure) => Some(failure),
            Step::Sending(_) | Step::Expired(_) | Step::SignedIn => None,
        }
    }

    /// Whether a send, resend or code check is in flight (controls are disabled
    /// meanwhile).
    pub fn is_busy(&self) -> bool {
        let [action, _, verify] = self.requests_in_flight();
        action.is_some() || verify.is_some()
    }

    /// Whether "Send" may be pressed at `now` (on the form, after any server wait).
    pub fn can_send(&self, now: Millis) -> bool {
        match &self.step {
            Step::Form(form) => form.send_not_before.is_none_or(|at| now >= at),
            Step::Expired(_) => true,
            _ => false,
        }
    }

    /// Whether "Resend" may be pressed at `now`.
    pub fn can_resend(&self, now: Millis) -> bool {
        let asking = self.waiting().is_some_and(|w| w.asking_code.is_some());
        !asking
            && self
                .resends()
                .is_some_and(|r| r.in_flight.is_none() && now >= r.cooldown_until)
    }

    /// The requests whose answers the flow still waits for: a send, resend or
    /// request for a code; a status poll; a code check. The shell aborts every other.
    pub fn requests_in_flight(&self) -> [Option<RequestId>; 3] {
        let verify = self.code_entry().and_then(|code| code.verifying);
        match &self.step {
            Step::Sending(sending) => [Some(sending.request), None, None],
            Step::Waiting(waiting) => [
                waiting.resend.in_flight.or(waiting.asking_code),
                waiting.poll.in_flight,
                verify,
            ],
            Step::Code(step) => [step.resend.in_flight, None, verify],
            _ => [None, None, None],
        }
    }

    /// When the shell should next send [`Input::Tick`]: the next change of the
    /// countdown's seconds, the link's or code's expiry, or the next due poll.
    /// `None` when nothing is scheduled (the next input will come from the person
    /// or the network).
    pub fn next_wake(&self, now: Millis) -> Option<Millis> {
        if let Step::Form(Form {
            send_not_before: Some(at),
            ..
        }) = self.step
        {
            // The countdown next to Send, and its end.
            return next_second_boundary(at, now).or((at > now).then_some(at));
        }
        let countdown = next_second_boundary(self.resends()?.cooldown_until, now);
        let (poll, expires_at) = match &self.step {
            Step::Waiting(Waiting {
                poll, expires_at, ..
            }) => {
                let idle = poll.in_flight.is_none();
                let may_poll = idle && self.page.may_poll();
                // The last look, when a pause (not the lock) holds it back.
                let look = idle
                    && poll.last_look_due
                    && self.page.lock != LockState::NotHeld
                    && poll.not_before > now;
                let at = match (may_poll, look) {
                    (true, _) => Some(poll.next_at.max(now)),
                    (false, true) => Some(poll.not_before),
                    (false, false) => None,
                };
                (at, *expires_at)
            }
            Step::Code(step) => (None, step.code.expires_at),
            _ => return countdown,
        };
        // Past the deadline with a request in flight, its answer is the next input.
        let expiry = (expires_at > now).then_some(expires_at);
        [countdown, poll, expiry].into_iter().flatten().min()
    }

    /// Applies `input` at time `now`, returning the commands to carry out.
    pub fn apply(&mut self, input: Input, now: Millis, settings: &Settings) -> Vec<Command> {
        let mut out = Vec::new();
        match input {
            Input::Submit { email } => self.submit(email, now, settings, &mut out),
            Input::Resend => self.resend(now, &mut out),
            Input::AskForCode => self.ask_for_code(settings, &mut out),
            Input::Verify { code } => self.verify(&code, &mut out),
            Input::Back => self.back(&mut out),
            Input::Tick => {}
            Input::Sent { id, result } => match &mut self.step {
                Step::Sending(sending) if sending.request == id => {
                    let (email, channel) = (std::mem::take(&mut sending.email), sending.channel);
                    self.sent(email, channel, result, now, settings, &mut out);
                }
                Step::Waiting(waiting) if waiting.asking_code == Some(id) => {
                    waiting.asking_code = None;
                    self.code_sent(result, now, settings, &mut out);
                }
                _ => {}
            },
            Input::Resent { id, result } => {
                if let Some(resend) = self.resends_mut() {
                    if resend.in_flight == Some(id) {
                        resend.in_flight = None;
                        self.resent(result, now, settings, &mut out);
                    }
                }
            }
            Input::Verified { id, result } => {
                if let Some(code) = self.code_entry_mut() {
                    if code.verifying == Some(id) {
                        code.verifying = None;
                        self.verified(result, settings, &mut out);
                    }
                }
            }
            Input::Polled { id, result } => {
                if let Step::Waiting(waiting) = &mut self.step {
                    if waiting.poll.in_flight == Some(id) {
                        waiting.poll.in_flight = None;
                        self.polled(result, now, settings, &mut out);
                    }
                }
            }
            Input::VisibilityChanged { hidden } => {
                self.page.hidden = hidden;
                if !hidden {
                    self.poll_soon(now);
                }
            }
            Input::ConnectivityChanged { online } => self.connectivity(online, now, &mut out),
            Input::Elected { polls } => {
                self.page.lock = if polls {
                    LockState::Held
                } else {
                    LockState::NotHeld
                };
                if polls {
                    self.poll_once_elected(now);
                }
            }
            Input::FromTab(message) => self.heard(message, now, settings, &mut out),
        }
        self.check_deadlines(now, settings, &mut out);
        self.note_resend_open(now, &mut out);
        if self.page.lock == LockState::Held && self.wants_the_poller_lock().is_none() {
            // The shell gives the lock up as it carries out these commands: from
            // now on another tab may poll, and this one must ask again first.
            self.page.lock = LockState::NotHeld;
        }
        // One announcement per input: the first one names the moment.
        let mut announced = false;
        out.retain(|command| {
            let first = !(announced && matches!(command, Command::Announce(_)));
            announced |= matches!(command, Command::Announce(_));
            first
        });
        out
    }

    pub(super) fn next_id(&mut self) -> RequestId {
        self.last_id = self.last_id.wrapping_add(1);
        self.last_id
    }

    /// Saves the step's snapshot (only waiting, code and expired steps have one),
    /// and tells the other tabs.
    pub(super) fn save(&self, out: &mut Vec<Command>) {
        if let Some(snapshot) = Snapshot::of(&self.step) {
            out.push(Command::Save(snapshot));
        }
        self.tell_step(out);
    }

    fn connectivity(&mut self, online: bool, now: Millis, out: &mut Vec<Command>) {
        let changed = self.page.offline == online;
        self.page.offline = !online;
        if online {
            self.poll_soon(now);
            let offline_error = |error: &mut Option<Failure>| {
                if error.as_ref().is_some_and(|e| e.code == ErrorCode::Offline) {
                    *error = None;
                }
            };
            if let Some(code) = self.code_entry_mut() {
                offline_error(&mut code.error);
            }
            match &mut self.step {
                Step::Form(form) => offline_error(&mut form.error),
                Step::Waiting(Waiting { resend, .. }) | Step::Code(CodeStep { resend, .. }) => {
                    offline_error(&mut resend.error)
                }
                _ => {}
            }
        }
        if changed && matches!(self.kind(), StepKind::Waiting | StepKind::Code) {
            let moment = if online {
                Moment::BackOnline
            } else {
                Moment::Offline
            };
            out.push(Command::Announce(moment));
        }
    }

    /// Polls at once (the tab came back, or the network), unless the server asked
    /// for a pause that is not over yet.
    fn poll_soon(&mut self, now: Millis) {
        if let Step::Waiting(Waiting { poll, .. }) = &mut self.step {
            poll.next_at = poll.next_at.min(now.max(poll.not_before));
        }
    }

    /// Polls [`ELECTION_GRACE_MS`] after this tab was given the poller's lock
    /// (or when the server's pause ends), whenever the poll was due.
    fn poll_once_elected(&mut self, now: Millis) {
        if let Step::Waiting(Waiting { poll, .. }) = &mut self.step {
            poll.not_before = poll.not_before.max(now + ELECTION_GRACE_MS);
            poll.next_at = poll.not_before;
        }
    }

    /// Puts the form back with `failure` shown; from another step, the status
    /// region empties.
    fn fail_on_form(&mut self, email: String, failure: Failure, out: &mut Vec<Command>) {
        if self.kind() != StepKind::Form {
            out.push(Command::Announce(Moment::Quiet));
        }
        out.push(Command::Notify(Notice::Error(failure.clone())));
        self.step = Step::Form(Form {
            email,
            error: Some(failure),
            send_not_before: None,
        });
    }

    /// The server said "too many": Send waits for its `Retry-After`, also across a
    /// reload. Without a wait, the person may try again at once.
    fn wait_before_sending(
        &mut self,
        failure: &Failure,
        now: Millis,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        if failure.code != ErrorCode::RateLimited || failure.retry_after_s.is_none() {
            return;
        }
        if let Step::Form(form) = &mut self.step {
            form.send_not_before = Some(now + server_wait_ms(settings, failure.retry_after_s));
        }
        self.save(out);
    }

    fn submit(&mut self, typed: String, now: Millis, settings: &Settings, out: &mut Vec<Command>) {
        // Also refused here, not only by the disabled button: a script's click, Enter.
        if !self.can_send(now) {
            return;
        }
        let (stored, channel) = match &self.step {
            Step::Form(form) => (form.send_not_before.is_some(), settings.methods.primary()),
            // "Send a new code" after a code expired, "a new link" after a link.
            Step::Expired(expired) => (true, expired.ending.channel()),
            _ => return,
        };
        let Some(address) = email::normalize(&typed) else {
            return self.fail_on_form(typed, Failure::new(ErrorCode::InvalidEmail), out);
        };
        if self.page.offline {
            return self.fail_on_form(address, Failure::new(ErrorCode::Offline), out);
        }
        if stored {
            // The stored step must not come back on a reload if this send fails.
            out.push(Command::Forget);
        }
        let id = self.next_id();
        self.step = Step::Sending(Sending {
            email: address.clone(),
            request: id,
            channel,
        });
        out.push(Command::Announce(Moment::Sending(channel)));
        out.push(Command::Send {
            id,
            email: address,
            channel,
        });
    }

    fn sent(
        &mut self,
        email: String,
        channel: Channel,
        result: Result<Link, Failure>,
        now: Millis,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        let link = match result {
            Ok(link) => link,
            Err(failure) => {
                self.fail_on_form(email, failure.clone(), out);
                return self.wait_before_sending(&failure, now, settings, out);
            }
        };
        let resend = Resends {
            cooldown_until: now + cooldown_ms(settings, 0),
            ..Resends::default()
        };
        let seconds = seconds_left(resend.cooldown_until, now);
        let (step, moment) = match channel {
            Channel::Link => (
                Step::Waiting(Waiting {
                    email: email.clone(),
                    handle: link.handle,
                    match_code: link.match_code,
                    expires_at: now + settings.link_ttl_ms(),
                    resend,
                    poll: Polling {
                        next_at: now + settings.poll_interval_ms,
                        ..Polling::default()
                    },
                    code: None,
                    asking_code: None,
                }),
                Moment::Waiting {
                    email: email.clone(),
                    seconds,
                },
            ),
            Channel::Code => (
                Step::Code(CodeStep {
                    email: email.clone(),
                    code: CodeEntry::new(link.handle, now, settings),
                    resend,
                }),
                Moment::CodeSent {
                    email: email.clone(),
                    seconds,
                },
            ),
        };
        self.step = step;
        self.save(out);
        out.push(Command::Notify(Notice::Sent { email }));
        out.push(Command::Announce(moment));
    }

    fn resend(&mut self, now: Millis, out: &mut Vec<Command>) {
        // A click that raced the end of the countdown (or a disabled button forced
        // by a script) is refused here too, not only by the view.
        if !self.can_resend(now) {
            return;
        }
        let Some((handle, channel)) = self.resend_target() else {
            return;
        };
        let offline = self.page.offline;
        let id = if offline { 0 } else { self.next_id() };
        let Some(resend) = self.resends_mut() else {
            return;
        };
        if offline {
            let failure = Failure::new(ErrorCode::Offline);
            out.push(Command::Notify(Notice::Error(failure.clone())));
            resend.error = Some(failure);
            return;
        }
        resend.in_flight = Some(id);
        resend.error = None;
        out.push(Command::Announce(Moment::Resending(channel)));
        out.push(Command::Resend {
            id,
            handle,
            channel,
        });
    }

    fn resent(
        &mut self,
        result: Result<Option<String>, Failure>,
        now: Millis,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        let Some((_, channel)) = self.resend_target() else {
            return;
        };
        match result {
            Ok(match_code) => {
                let expires_at = now + settings.link_ttl_ms();
                if let (Step::Waiting(waiting), Channel::Link) = (&mut self.step, channel) {
                    // A resend is a new link: the old code no longer matches it.
                    waiting.match_code = match_code;
                    waiting.expires_at = expires_at;
                    waiting.poll.last_look = false;
                } else if let Some(code) = self.code_entry_mut() {
                    // A new code: the old one's refusal no longer applies.
                    code.expires_at = expires_at;
                    code.error = None;
                }
                let email = self.email().to_owned();
                let Some(resend) = self.resends_mut() else {
                    return;
                };
                resend.count += 1;
                resend.cooldown_until = now + cooldown_ms(settings, resend.count);
                resend.error = None;
                let notice = Notice::Resent {
                    email,
                    count: resend.count,
                };
                let seconds = seconds_left(resend.cooldown_until, now);
                self.save(out);
                out.push(Command::Notify(notice));
                out.push(Command::Announce(Moment::Resent { seconds, channel }));
            }
            // Only a link is cancelled where it is opened; a code said to be, is dead.
            Err(failure) if failure.code == ErrorCode::Cancelled && channel == Channel::Link => {
                self.end(Ending::Cancelled, out)
            }
            Err(failure) if matches!(failure.code, ErrorCode::Expired | ErrorCode::Cancelled) => {
                self.end(Ending::expired(channel), out)
            }
            Err(failure) => {
                let rate_limited = failure.code == ErrorCode::RateLimited;
                let Some(resend) = self.resends_mut() else {
                    return;
                };
                if rate_limited {
                    resend.cooldown_until = now + server_wait_ms(settings, failure.retry_after_s);
                }
                resend.error = Some(failure.clone());
                if rate_limited {
                    self.save(out);
                }
                out.push(Command::Notify(Notice::Error(failure)));
            }
        }
    }

    fn polled(
        &mut self,
        result: Result<Status, Failure>,
        now: Millis,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        let Step::Waiting(Waiting { poll, .. }) = &mut self.step else {
            return;
        };
        match result {
            Ok(Status::Pending) => {
                *poll = Polling {
                    next_at: now + settings.poll_interval_ms,
                    last_look: poll.last_look,
                    ..Polling::default()
                };
            }
            Ok(Status::Authenticated(session)) => {
                self.tell_signed_in(&session, out);
                self.sign_in(session, settings, out)
            }
            Err(failure) if failure.code == ErrorCode::Cancelled => {
                self.end(Ending::Cancelled, out)
            }
            Err(failure) if failure.code == ErrorCode::Expired => self.link_gone(out),
            Err(failure) => {
                poll.failures = poll.failures.saturating_add(1);
                // Tell the page once per outage, not on every failed poll.
                if poll.failures == 1 {
                    out.push(Command::Notify(Notice::Error(failure.clone())));
                }
                if failure.code == ErrorCode::RateLimited {
                    // The server only asked us to slow down: nothing to tell the person.
                    let wait = server_wait_ms(settings, failure.retry_after_s)
                        .max(settings.poll_interval_ms);
                    poll.next_at = now + wait;
                    poll.not_before = poll.next_at;
                } else {
                    poll.next_at = now + backoff_ms(settings.poll_interval_ms, poll.failures, now);
                    poll.error = Some(failure);
                }
            }
        }
    }

    pub(super) fn sign_in(
        &mut self,
        session: Box<Session>,
        settings: &Settings,
        out: &mut Vec<Command>,
    ) {
        self.step = Step::SignedIn;
        out.push(Command::Forget);
        out.push(Command::Notify(Notice::Authenticated(session)));
        out.push(Command::Announce(Moment::SignedIn));
        out.push(Command::Navigate(match &settings.redirect_uri {
            Some(uri) => Navigation::To(uri.clone()),
            None => Navigation::Stay(StayReason::NoRedirectUri),
        }));
    }

    fn back(&mut self, out: &mut Vec<Command>) {
        let kind = self.kind();
        if !matches!(
            kind,
            StepKind::Waiting | StepKind::Code | StepKind::Expired | StepKind::Form
        ) {
            return;
        }
        if kind != StepKind::Form {
            out.push(Command::Announce(Moment::Quiet));
        }
        self.step = Step::Form(Form {
            email: self.email().to_owned(),
            ..Form::default()
        });
        out.push(Command::Forget);
    }

    /// The link can no longer sign in (its lifetime passed, or the API said so):
    /// with a code on offer, the code goes on alone; otherwise the step expires.
    fn link_gone(&mut self, out: &mut Vec<Command>) {
        let Step::Waiting(waiting) = &mut self.step else {
            return;
        };
        let Some(code) = waiting.code.take() else {
            return self.end(Ending::LinkExpired, out);
        };
        self.step = Step::Code(CodeStep {
            email: std::mem::take(&mut waiting.email),
            code,
            resend: std::mem::take(&mut waiting.resend),
        });
        self.save(out);
    }

    /// Ends the link's or code's sign-in on the expired step, `ending` saying how.
    pub(super) fn end(&mut self, ending: Ending, out: &mut Vec<Command>) {
        let (email, handle) = match &mut self.step {
            Step::Waiting(Waiting { email, handle, .. })
            | Step::Code(CodeStep {
                email,
                code: CodeEntry { handle, .. },
                ..
            }) => (std::mem::take(email), handle.clone()),
            _ => return,
        };
        self.step = Step::Expired(Expired {
            email: email.clone(),
            handle,
            ending,
        });
        self.save(out);
        tell_ended(email, ending, out);
    }

    /// Runs after every input: clamps deadlines, ends a server wait on the form,
    /// expires the link or code, then polls if a poll is due.
    fn check_deadlines(&mut self, now: Millis, settings: &Settings, out: &mut Vec<Command>) {
        if let Step::Form(form) = &mut self.step {
            if let Some(at) = form.send_not_before {
                // If the clock jumped back, the wait may not grow beyond its maximum.
                let at = at.min(now + settings.max_cooldown_ms());
                form.send_not_before = Some(at);
                if now >= at {
                    // Over: the "try again in N seconds" alert is out of date too.
                    form.send_not_before = None;
                    if form
                        .error
                        .as_ref()
                        .is_some_and(|e| e.code == ErrorCode::RateLimited)
                    {
                        form.error = None;
                    }
                    out.push(Command::Forget);
                }
            }
            return;
        }
        // If the clock jumped back, no wait may grow beyond its maximum.
        if let Some(resend) = self.resends_mut() {
            resend.cooldown_until = resend.cooldown_until.min(now + settings.max_cooldown_ms());
        }
        if let Some(code) = self.code_entry_mut() {
            code.expires_at = code.expires_at.min(now + settings.link_ttl_ms());
        }
        if let Step::Code(step) = &self.step {
            let idle = step.code.verifying.is_none() && step.resend.in_flight.is_none();
            if idle && now >= step.code.expires_at {
                self.end(Ending::CodeExpired, out);
            }
            return;
        }
        let page = self.page;
        let Step::Waiting(waiting) = &mut self.step else {
            return;
        };
        waiting.expires_at = waiting.expires_at.min(now + settings.link_ttl_ms());
        waiting.poll.next_at = waiting
            .poll
            .next_at
            .min(now + MAX_BACKOFF_MS.max(settings.max_cooldown_ms()));
        if now >= waiting.expires_at {
            return self.at_expiry(now, out);
        }
        let may_poll = waiting.poll.in_flight.is_none() && page.may_poll();
        if may_poll && now >= waiting.poll.next_at {
            self.check_status(out);
        }
    }

    /// The link's lifetime has passed. The person may have confirmed it while we were
    /// not polling (hidden tab, backoff, `Retry-After`): a request in flight may
    /// still bring the tokens (or, for a resend, a new link), and if none is, one
    /// last status check decides. Only a "not yet" (or a failure) then means expired.
    /// With a code on offer, the code goes on alone instead.
    fn at_expiry(&mut self, now: Millis, out: &mut Vec<Command>) {
        let Page { offline, lock, .. } = self.page;
        let Step::Waiting(waiting) = &mut self.step else {
            return;
        };
        if waiting.code.is_some() {
            return self.link_gone(out);
        }
        if waiting.resend.in_flight.is_some() || waiting.poll.in_flight.is_some() {
            return;
        }
        if waiting.poll.last_look {
            return self.end(Ending::LinkExpired, out);
        }
        if offline {
            // Nothing can be checked now; coming back online runs this again.
            return;
        }
        waiting.poll.last_look_due = true;
        if lock == LockState::NotHeld || now < waiting.poll.not_before {
            // Another tab may be looking; this one looks once the lock is its own.
            return;
        }
        waiting.poll.last_look = true;
        self.check_status(out);
    }

    fn check_status(&mut self, out: &mut Vec<Command>) {
        let id = self.next_id();
        if let Step::Waiting(waiting) = &mut self.step {
            waiting.poll.in_flight = Some(id);
            out.push(Command::CheckStatus {
                id,
                handle: waiting.handle.clone(),
            });
        }
    }

    /// Announces "Resend" becoming available, once each time it does.
    fn note_resend_open(&mut self, now: Millis, out: &mut Vec<Command>) {
        let open = self.can_resend(now);
        let channel = self.resend_target().map(|(_, channel)| channel);
        if let (Some(resend), Some(channel)) = (self.resends_mut(), channel) {
            if open && !resend.open {
                out.push(Command::Announce(Moment::ResendReady(channel)));
            }
            resend.open = open;
        }
    }
}

/// Tells the page and the person how the sign-in at `email` ended: an expiry is
/// `magic-link-expired`, a cancelled sign-in a `magic-link-error`.
pub(super) fn tell_ended(email: String, ending: Ending, out: &mut Vec<Command>) {
    out.push(Command::Notify(match ending {
        Ending::Cancelled => Notice::Error(Failure::new(ErrorCode::Cancelled)),
        Ending::LinkExpired | Ending::CodeExpired => Notice::Expired {
            email: email.clone(),
        },
    }));
    out.push(Command::Announce(Moment::Ended { email, ending }));
}
