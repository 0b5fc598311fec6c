//! The host room: tells the page each notice, as a `magic-link-*` DOM event on the
//! element and through the Rust callbacks, and remembers whether the page cancelled
//! `magic-link-authenticated` (which keeps it from navigating).

use crate::api::response::Session;
use crate::browser::host_events;
use crate::error::Failure;
use crate::flow::Notice;
use crate::i18n::Texts;
use leptos::prelude::*;
use std::cell::Cell;
use web_sys::EventTarget;

/// What a Rust app hears, one Leptos callback per moment (all optional). Unsync
/// callbacks: the widget runs on the browser's one thread, and an app's handler may
/// hold browser values.
#[derive(Clone, Default)]
pub struct Callbacks {
    /// A link was e-mailed to this address.
    pub on_sent: Option<UnsyncCallback<String>>,
    /// The link was e-mailed again: the address and how many resends so far.
    pub on_resent: Option<UnsyncCallback<(String, u32)>>,
    /// Signed in: the tokens and the user, as the API gave them.
    pub on_authenticated: Option<UnsyncCallback<Session>>,
    /// The link to this address expired.
    pub on_expired: Option<UnsyncCallback<String>>,
    /// Something failed; the failure's code is stable.
    pub on_error: Option<UnsyncCallback<Failure>>,
}

/// The page and the app around one widget.
pub struct Host {
    target: Option<EventTarget>,
    callbacks: Callbacks,
    texts: &'static Texts,
    cancelled_sign_in: Cell<bool>,
}

impl Host {
    /// Events go to `target` (the custom element), if any, and to `callbacks`.
    pub fn new(target: Option<EventTarget>, callbacks: Callbacks, texts: &'static Texts) -> Host {
        Host {
            target,
            callbacks,
            texts,
            cancelled_sign_in: Cell::new(false),
        }
    }

    /// Tells the page and the app about `notice`.
    pub fn tell(&self, notice: Notice) {
        if let Some(target) = &self.target {
            let proceed = host_events::dispatch(target, &notice, self.texts);
            if matches!(notice, Notice::Authenticated(_)) {
                self.cancelled_sign_in.set(!proceed);
            }
        }
        let c = &self.callbacks;
        match notice {
            Notice::Sent { email } => run(c.on_sent, email),
            Notice::Resent { email, count } => run(c.on_resent, (email, count)),
            Notice::Authenticated(session) => run(c.on_authenticated, *session),
            Notice::Expired { email } => run(c.on_expired, email),
            Notice::Error(failure) => run(c.on_error, failure),
        }
    }

    /// Whether a listener called `preventDefault()` on `magic-link-authenticated`.
    pub fn cancelled_sign_in(&self) -> bool {
        self.cancelled_sign_in.get()
    }
}

fn run<T: 'static>(callback: Option<UnsyncCallback<T>>, value: T) {
    if let Some(callback) = callback {
        // `try_run`: a callback disposed with its owner is simply not called.
        let _ = callback.try_run(value);
    }
}
