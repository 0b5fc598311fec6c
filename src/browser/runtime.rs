//! The shell around the pure flow: feeds it events with the current time and carries
//! out its effects (requests, storage, host events, the wake-up timer).
//!
//! One [`Runtime`] per mounted widget. [`Runtime::shutdown`] (called on unmount)
//! aborts requests in flight, clears the timer and removes every listener, so a
//! removed widget leaves nothing running.

use super::{clock, host_events, page_signals, storage, wake::WakeTimer};
use crate::api::client::ApiClient;
use crate::config::{is_allowed_redirect, Settings};
use crate::flow::{snapshot, Effect, Event, Flow, Notice, RequestId};
use crate::i18n::announce::announcement;
use crate::i18n::Texts;
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use web_sys::{AbortController, EventTarget};

/// Receives every notice as a Rust value (for Rust apps that embed the component).
pub type NoticeHandler = Rc<dyn Fn(&Notice)>;

/// The live widget: the flow's signals plus everything that talks to the browser.
#[derive(Clone)]
pub struct Runtime {
    /// The flow; views read it.
    pub flow: RwSignal<Flow>,
    /// The time of the last event or wake-up (epoch ms); countdowns derive from it.
    pub clock: RwSignal<u64>,
    /// The text of the `role="status"` region (see [`crate::i18n::announce`]).
    pub announcement: RwSignal<String>,
    /// The language table in use.
    pub texts: &'static Texts,
    inner: Rc<Inner>,
}

struct Inner {
    settings: Settings,
    storage_key: String,
    api: ApiClient,
    host: Option<EventTarget>,
    on_notice: Option<NoticeHandler>,
    alive: Cell<bool>,
    /// Cleared when the page cancels `magic-link-authenticated`.
    redirect_allowed: Cell<bool>,
    timer: RefCell<WakeTimer>,
    listeners: RefCell<Vec<page_signals::Listener>>,
    in_flight: RefCell<Vec<(RequestId, AbortController)>>,
}

impl Runtime {
    /// Starts a widget: restores the stored flow (or starts on the form, or signed in
    /// when `signed_in` says it replaces a widget that was), watches visibility and
    /// connectivity, and runs the first deadline check.
    pub fn start(
        settings: Settings,
        config_problem: Option<crate::error::Failure>,
        signed_in: bool,
        texts: &'static Texts,
        host: Option<EventTarget>,
        on_notice: Option<NoticeHandler>,
    ) -> Runtime {
        let now = clock::now();
        let storage_key = snapshot::storage_key(&settings);
        let initial = match &config_problem {
            Some(failure) => Flow::misconfigured(failure.clone()),
            None if signed_in => Flow::signed_in(),
            None => storage::load(&storage_key)
                .and_then(|text| snapshot::decode(&text, now, &settings))
                .unwrap_or_else(|| Flow::new(settings.email.clone())),
        };
        let runtime = Runtime {
            flow: RwSignal::new(initial),
            clock: RwSignal::new(now),
            announcement: RwSignal::new(String::new()),
            texts,
            inner: Rc::new(Inner {
                api: ApiClient::new(&settings),
                settings,
                storage_key,
                host,
                on_notice,
                alive: Cell::new(true),
                redirect_allowed: Cell::new(true),
                timer: RefCell::default(),
                listeners: RefCell::default(),
                in_flight: RefCell::default(),
            }),
        };
        if let Some(failure) = config_problem {
            runtime.notify(Notice::Error(failure));
            return runtime;
        }
        let (visibility, connectivity) = (runtime.clone(), runtime.clone());
        *runtime.inner.listeners.borrow_mut() = page_signals::watch(
            move |hidden| visibility.dispatch(Event::VisibilityChanged { hidden }),
            move |online| connectivity.dispatch(Event::ConnectivityChanged { online }),
        );
        if page_signals::is_hidden() {
            runtime.dispatch(Event::VisibilityChanged { hidden: true });
        }
        if !page_signals::is_online() {
            runtime.dispatch(Event::ConnectivityChanged { online: false });
        }
        runtime.dispatch(Event::Tick);
        runtime
    }

    /// The settings this widget runs with.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Feeds `event` to the flow at the current time and carries out the effects.
    pub fn dispatch(&self, event: Event) {
        if !self.inner.alive.get() {
            return;
        }
        let now = clock::now();
        let settings = &self.inner.settings;
        let was = self.clock.get_untracked();
        let Some((before, effects)) = self.flow.try_update(|flow| {
            let before = flow.clone();
            (before, flow.apply(event, now, settings))
        }) else {
            return;
        };
        self.clock.set(now);
        let said = self
            .flow
            .with_untracked(|after| announcement(&before, was, after, now, self.texts));
        if let Some(text) = said {
            self.announcement.set(text);
        }
        for effect in effects {
            // A host listener may have removed the widget while it heard an event.
            if !self.inner.alive.get() {
                return;
            }
            self.run(effect);
        }
        if self.inner.alive.get() {
            self.abort_abandoned_requests();
            self.rearm(now);
        }
    }

    fn run(&self, effect: Effect) {
        let api = self.inner.api.clone();
        match effect {
            Effect::Send { id, email } => self.request(id, move |abort| async move {
                let result = api.send(&email, &abort).await;
                Event::Sent { id, result }
            }),
            Effect::Resend { id, handle } => self.request(id, move |abort| async move {
                let result = api.resend(&handle, &abort).await;
                Event::Resent { id, result }
            }),
            Effect::CheckStatus { id, handle } => self.request(id, move |abort| async move {
                let result = api.status(&handle, &abort).await;
                Event::Polled { id, result }
            }),
            Effect::Save => {
                let encoded = self.flow.with_untracked(snapshot::encode);
                // Storage failures are tolerated: the storage module keeps the value in
                // memory, and a lost snapshot only costs the reload-proofing.
                let _ = match encoded {
                    Some(text) => storage::save(&self.inner.storage_key, &text),
                    None => storage::remove(&self.inner.storage_key),
                };
            }
            Effect::Forget => {
                let _ = storage::remove(&self.inner.storage_key);
            }
            Effect::Notify(notice) => self.notify(notice),
            // Checked again here: settings built in Rust code could hold anything.
            Effect::Redirect(url)
                if self.inner.redirect_allowed.get() && is_allowed_redirect(&url) =>
            {
                // On the next task, so that work the page started in its
                // `magic-link-authenticated` listener (a fetch to its backend) is
                // under way before the page unloads.
                Timeout::new(0, move || {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().assign(&url);
                    }
                })
                .forget();
            }
            Effect::Redirect(_) => {}
        }
    }

    fn notify(&self, notice: Notice) {
        if let Some(host) = &self.inner.host {
            let proceed = host_events::dispatch(host, &notice, self.texts);
            if matches!(notice, Notice::Authenticated(_)) {
                self.inner.redirect_allowed.set(proceed);
            }
        }
        if let Some(handler) = &self.inner.on_notice {
            handler(&notice);
        }
    }

    /// Runs one request as a task that reports back as an event. Its
    /// `AbortController` is kept until the answer arrives, so that unmounting or the
    /// flow moving on can stop the fetch.
    fn request<F: Future<Output = Event> + 'static>(
        &self,
        id: RequestId,
        task: impl FnOnce(AbortController) -> F,
    ) {
        let Ok(abort) = AbortController::new() else {
            return;
        };
        self.inner.in_flight.borrow_mut().push((id, abort.clone()));
        let (runtime, task) = (self.clone(), task(abort));
        leptos::task::spawn_local(async move {
            let event = task.await;
            runtime
                .inner
                .in_flight
                .borrow_mut()
                .retain(|(other, _)| *other != id);
            // An aborted request answers too; the flow ignores answers it no longer
            // waits for, and a stopped runtime ignores everything.
            runtime.dispatch(event);
        });
    }

    /// Aborts requests the flow no longer waits for (after "use a different email",
    /// expiry or sign-in), so their fetches stop at once.
    fn abort_abandoned_requests(&self) {
        let (action, status) = self.flow.with_untracked(|f| (f.action, f.status_check));
        self.inner.in_flight.borrow_mut().retain(|(id, abort)| {
            let wanted = Some(*id) == action || Some(*id) == status;
            if !wanted {
                abort.abort();
            }
            wanted
        });
    }

    fn rearm(&self, now: u64) {
        let at = self.flow.with_untracked(|flow| flow.next_wake(now));
        let runtime = self.clone();
        self.inner
            .timer
            .borrow_mut()
            .schedule(at, now, move || runtime.dispatch(Event::Tick));
    }

    /// Stops everything this widget started. Idempotent.
    pub fn shutdown(&self) {
        self.inner.alive.set(false);
        *self.inner.timer.borrow_mut() = WakeTimer::default();
        self.inner.listeners.borrow_mut().clear();
        for (_, abort) in self.inner.in_flight.borrow_mut().drain(..) {
            abort.abort();
        }
    }
}
