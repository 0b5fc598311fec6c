//! The shell around the pure flow: feeds it inputs with the current time and hands
//! each command to the room that carries it out.
//!
//! The rooms: [`requests`] (the API), [`saved`] (the stored snapshot), [`host`]
//! (DOM events and Rust callbacks), [`navigation`] (after sign-in); the wake-up
//! timer is [`crate::browser::wake`], the page's signals
//! [`crate::browser::page_signals`], the other tabs [`crate::browser::tab_channel`]
//! and [`crate::browser::poller_lock`]. One [`Runtime`] per mounted widget;
//! [`Runtime::shutdown`] (on unmount) aborts requests, clears the timer and removes
//! every listener, so a removed widget leaves nothing running.

pub mod host;
pub mod navigation;
pub mod requests;
pub mod saved;

use super::poller_lock::PollerLock;
use super::tab_channel::TabChannel;
use super::{clock, page_signals, wake::WakeTimer};
use crate::api::client::ApiClient;
use crate::branding::Branding;
use crate::config::Settings;
use crate::error::Failure;
use crate::flow::snapshot::storage_key;
use crate::flow::{Command, Flow, Input, Notice};
use crate::i18n::{announce, Texts};
use host::{Callbacks, Host};
use leptos::prelude::*;
use requests::Requests;
use saved::Saved;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::EventTarget;

/// Everything a widget starts with.
pub struct Start {
    /// The checked settings.
    pub settings: Settings,
    /// Why the settings cannot work, if they cannot.
    pub config_problem: Option<Failure>,
    /// Start on the signed-in step: this widget replaces one that already handed
    /// over the tokens (the element re-renders when an attribute changes).
    pub signed_in: bool,
    /// The texts in use.
    pub texts: &'static Texts,
    /// Where the `magic-link-*` DOM events go (the custom element), if anywhere.
    pub events_target: Option<EventTarget>,
    /// The Rust app's callbacks.
    pub callbacks: Callbacks,
    /// The client's branding (`use-config`), which the views show.
    pub branding: Option<Branding>,
    /// A failure to tell the page once the widget is in it, e.g. `use-config`'s
    /// branding that could not be had (the widget shows its defaults and nothing
    /// of the failure). Not told when the settings cannot work.
    pub startup_notice: Option<Failure>,
}

/// The live widget: the flow's signals plus the rooms that talk to the browser.
#[derive(Clone)]
pub struct Runtime {
    /// The flow; views read it.
    pub flow: RwSignal<Flow>,
    /// The time of the last input or wake-up (epoch ms); countdowns derive from it.
    pub clock: RwSignal<u64>,
    /// The text of the `role="status"` region.
    pub announcement: RwSignal<String>,
    /// The language table in use.
    pub texts: &'static Texts,
    inner: Rc<Inner>,
}

struct Inner {
    settings: Settings,
    branding: Option<Branding>,
    requests: Requests,
    saved: Saved,
    host: Host,
    alive: Cell<bool>,
    timer: RefCell<WakeTimer>,
    listeners: RefCell<Vec<page_signals::Listener>>,
    tabs: RefCell<Option<TabChannel>>,
    lock: RefCell<Option<PollerLock>>,
}

impl Runtime {
    /// Starts a widget: restores the stored flow (or starts on the form, signed in,
    /// or misconfigured), watches visibility and connectivity, and runs the first
    /// deadline check.
    pub fn start(start: Start) -> Runtime {
        let Start {
            settings,
            config_problem,
            signed_in,
            texts,
            events_target,
            callbacks,
            branding,
            startup_notice,
        } = start;
        let now = clock::now();
        let saved = Saved::new(&settings);
        let initial = match &config_problem {
            Some(failure) => Flow::misconfigured(failure.clone()),
            None if signed_in => Flow::signed_in(),
            None => saved
                .load(now, &settings)
                .unwrap_or_else(|| Flow::new(settings.email.clone())),
        };
        let runtime = Runtime {
            flow: RwSignal::new(initial),
            clock: RwSignal::new(now),
            announcement: RwSignal::new(String::new()),
            texts,
            inner: Rc::new(Inner {
                requests: Requests::new(ApiClient::new(&settings)),
                saved,
                host: Host::new(events_target, callbacks, texts),
                settings,
                branding,
                alive: Cell::new(true),
                timer: RefCell::default(),
                listeners: RefCell::default(),
                tabs: RefCell::default(),
                lock: RefCell::default(),
            }),
        };
        if let Some(failure) = config_problem {
            runtime.inner.host.tell(Notice::Error(failure));
            return runtime;
        }
        runtime.watch_the_page();
        runtime.join_the_other_tabs();
        runtime.dispatch(Input::Tick);
        if let Some(failure) = startup_notice {
            // After this task, once the view is in the page: a listener finds it there.
            let told = runtime.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if told.inner.alive.get() {
                    told.inner.host.tell(Notice::Error(failure));
                }
            });
        }
        runtime
    }

    /// Opens the channel to the other tabs and asks whether one is waiting. With
    /// the channel, the tabs elect one poller (when the Web Locks API is there):
    /// until this tab holds the lock, it stands by. Without the channel, no lock
    /// either: a tab that stood by would never hear the outcome, so it polls.
    fn join_the_other_tabs(&self) {
        let key = storage_key(&self.inner.settings);
        let heard = self.clone();
        let Some(channel) =
            TabChannel::open(&key, move |message| heard.dispatch(Input::FromTab(message)))
        else {
            return;
        };
        channel.tell(&crate::flow::TabMessage::Hello);
        *self.inner.tabs.borrow_mut() = Some(channel);
        if let Some(lock) = PollerLock::new(key) {
            *self.inner.lock.borrow_mut() = Some(lock);
            self.dispatch(Input::Elected { polls: false });
        }
    }

    /// Feeds the page's visibility and connectivity to the flow, now and on change.
    fn watch_the_page(&self) {
        let (visibility, connectivity) = (self.clone(), self.clone());
        *self.inner.listeners.borrow_mut() = page_signals::watch(
            move |hidden| visibility.dispatch(Input::VisibilityChanged { hidden }),
            move |online| connectivity.dispatch(Input::ConnectivityChanged { online }),
        );
        if page_signals::is_hidden() {
            self.dispatch(Input::VisibilityChanged { hidden: true });
        }
        if !page_signals::is_online() {
            self.dispatch(Input::ConnectivityChanged { online: false });
        }
    }

    /// The settings this widget runs with.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The client's branding, when `use-config` brought one.
    pub fn branding(&self) -> Option<&Branding> {
        self.inner.branding.as_ref()
    }

    /// Feeds `input` to the flow at the current time and carries out the commands.
    pub fn dispatch(&self, input: Input) {
        if !self.inner.alive.get() {
            return;
        }
        let now = clock::now();
        let settings = &self.inner.settings;
        let Some(commands) = self
            .flow
            .try_update(|flow| flow.apply(input, now, settings))
        else {
            return;
        };
        self.clock.set(now);
        for command in commands {
            // A host listener may have removed the widget while it heard a notice.
            if !self.inner.alive.get() {
                return;
            }
            self.carry_out(command);
        }
        if self.inner.alive.get() {
            let wanted = self.flow.with_untracked(Flow::requests_in_flight);
            self.inner.requests.keep_only(wanted);
            self.rearm(now);
            self.campaign();
        }
    }

    /// Asks for the poller's lock while this tab wants to poll, and gives it up
    /// when it no longer does (hidden and its poll answered, signed in, back to
    /// the form).
    fn campaign(&self) {
        let wanted = self
            .flow
            .with_untracked(|f| f.wants_the_poller_lock().map(str::to_owned));
        let elected = self.clone();
        let asked = self.inner.lock.borrow().as_ref().is_some_and(|lock| {
            lock.want(wanted.as_deref(), move || {
                elected.dispatch(Input::Elected { polls: true })
            })
        });
        if asked {
            // Until the lock is granted, another tab may be polling.
            self.dispatch(Input::Elected { polls: false });
        }
    }

    /// Hands `command` to its room.
    fn carry_out(&self, command: Command) {
        let inner = &self.inner;
        match command {
            Command::Send { .. }
            | Command::Resend { .. }
            | Command::Verify { .. }
            | Command::CheckStatus { .. } => {
                let runtime = self.clone();
                inner
                    .requests
                    .start(command, move |answer| runtime.dispatch(answer));
            }
            Command::Save(snapshot) => inner.saved.save(&snapshot),
            Command::Forget => inner.saved.forget(),
            Command::Notify(notice) => inner.host.tell(notice),
            Command::Announce(moment) => {
                self.announcement.set(announce::text(&moment, self.texts));
            }
            Command::Navigate(navigation) => {
                navigation::follow(navigation, inner.host.cancelled_sign_in());
            }
            Command::Tell(message) => {
                if let Some(channel) = inner.tabs.borrow().as_ref() {
                    channel.tell(&message);
                }
            }
        }
    }

    /// Schedules the next wake-up the flow asks for.
    fn rearm(&self, now: u64) {
        let at = self.flow.with_untracked(|flow| flow.next_wake(now));
        let runtime = self.clone();
        self.inner
            .timer
            .borrow_mut()
            .schedule(at, now, move || runtime.dispatch(Input::Tick));
    }

    /// Stops everything this widget started. Idempotent.
    pub fn shutdown(&self) {
        self.inner.alive.set(false);
        *self.inner.timer.borrow_mut() = WakeTimer::default();
        self.inner.listeners.borrow_mut().clear();
        *self.inner.tabs.borrow_mut() = None;
        *self.inner.lock.borrow_mut() = None;
        self.inner.requests.abort_all();
    }
}
