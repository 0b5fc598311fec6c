//! The root component: one widget instance, whatever the step.

use super::{expired, form, signed_in, unavailable, waiting, Ids, StepProps};
use crate::browser::runtime::{NoticeHandler, Runtime};
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};
use crate::flow::{Flow, Step};
use crate::i18n::{texts_for, Texts};
use leptos::either::EitherOf5;
use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// Everything a widget instance is started with, besides its [`Settings`].
#[derive(Clone, Default)]
pub struct WidgetOptions {
    /// Why the settings cannot work, if they cannot (from [`Settings::read`]): the
    /// widget then shows a configuration message instead of the form.
    pub config_problem: Option<Failure>,
    /// Where the `magic-link-*` DOM events are dispatched (the custom element).
    /// Without one, only `on_notice` hears about them.
    pub events_target: Option<EventTarget>,
    /// Called with every notice, for Rust apps.
    pub on_notice: Option<NoticeHandler>,
    /// Texts to use instead of the language table picked from `settings.lang`.
    pub texts: Option<&'static Texts>,
    /// Start on the signed-in step: this widget replaces one that already handed
    /// over the tokens (the element re-renders when an attribute changes).
    pub signed_in: bool,
}

/// The magic-link sign-in widget, as a Leptos component for Rust apps.
///
/// Depend on the crate with `default-features = false` (the app keeps its own start
/// function), build [`Settings`] with [`Settings::builder`], and hear about the flow
/// through `on_notice`. `examples/leptos-app` is a complete app; the test command
/// compiles it for wasm32 with clippy, so this example cannot rot:
///
/// ```ignore
/// let (settings, config_problem) =
///     Settings::builder("cli_123").api_base("http://127.0.0.1:8787/api/v1").build();
/// let on_notice: Rc<dyn Fn(&Notice)> = Rc::new(|notice| {
///     if let Notice::Authenticated(session) = notice { /* session.access_token, session.user::<User>() */ }
/// });
/// let options = WidgetOptions { config_problem, on_notice: Some(on_notice), ..Default::default() };
/// view! { <style>{CSS}</style> <MagicLinkLogin settings=settings options=options /> }
/// ```
#[component]
pub fn MagicLinkLogin(
    /// The checked options (see [`Settings::read`] and [`Settings::builder`]).
    settings: Settings,
    /// Events target, notice handler, texts and configuration problem.
    #[prop(optional)]
    options: WidgetOptions,
) -> impl IntoView {
    let texts = options
        .texts
        .unwrap_or_else(|| texts_for(settings.lang.as_deref()));
    let runtime = Runtime::start(
        settings,
        options.config_problem,
        options.signed_in,
        texts,
        options.events_target,
        options.on_notice,
    );
    let on_unmount = SendWrapper::new(runtime.clone());
    on_cleanup(move || on_unmount.shutdown());

    let flow = runtime.flow;
    let step = Memo::new(move |_| flow.with(|f| f.step));
    let props = StepProps {
        runtime: runtime.clone(),
        ids: Ids::new(),
    };
    let container = NodeRef::<html::Div>::new();

    // Focus follows the flow: to the new step's heading or field, and back to the
    // field when an error appears on the form. Never on first render, and never away
    // from the host page: only when focus is in the widget or nowhere.
    let focus_key = Memo::new(move |_| {
        flow.with(|f| {
            let form_error = (f.step == Step::Form).then(|| f.error.as_ref().map(|e| e.code));
            (f.step, form_error)
        })
    });
    Effect::new(move |previous: Option<()>| {
        // `get`, not `track`: a memo is lazy and only learns its sources when read.
        let _ = focus_key.get();
        if previous.is_some() && focus_is_ours_or_nowhere(&container) {
            focus_first_target(&container);
        }
    });

    let texts_for_error = runtime.texts;
    let announcement = runtime.announcement;
    // Views run only on the browser's one thread; the wrapper satisfies Leptos's
    // `Send` bound for reactive children.
    let props = SendWrapper::new(props);
    let error_id = props.ids.error.clone();
    view! {
        <div
            class="mll"
            part="container"
            node_ref=container
            lang=texts.lang
            dir=if texts.rtl { "rtl" } else { "ltr" }
        >
            {move || {
                let props = StepProps::clone(&props);
                match step.get() {
                    Step::Form | Step::Sending => EitherOf5::A(form::view(props)),
                    Step::Waiting => EitherOf5::B(waiting::view(props)),
                    Step::SignedIn => EitherOf5::C(signed_in::view(props)),
                    Step::Expired => EitherOf5::D(expired::view(props)),
                    Step::Misconfigured => EitherOf5::E(unavailable::view(props)),
                }
            }}
            <p class="mll-error" part="error" role="alert" id=error_id>
                {move || error_text(flow, texts_for_error)}
            </p>
            <p class="mll-status" part="status" role="status">
                {move || announcement.get()}
            </p>
        </div>
    }
}

/// The error's words (with the API's own words, as text) or nothing.
fn error_text(flow: RwSignal<Flow>, texts: &Texts) -> String {
    flow.with(|flow| match flow.shown_error() {
        Some(failure) => {
            let message = texts.error_message(failure.code, failure.retry_after_s);
            match (&failure.detail, failure.code) {
                (None, _) => message,
                // Configuration details are ours ("client-id is missing").
                (Some(detail), ErrorCode::Config) => format!("{message} ({detail})"),
                (Some(detail), _) => format!("{message} {} {detail}", texts.server_said),
            }
        }
        None => String::new(),
    })
}

/// Whether focus is inside the widget, on the element itself (how a page sees focus
/// in a shadow root), or on nothing in particular (`<body>`).
fn focus_is_ours_or_nowhere(container: &NodeRef<html::Div>) -> bool {
    let Some(root) = container.get_untracked() else {
        return false;
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(active) = document.active_element() else {
        return true;
    };
    let is_body = document.body().is_some_and(|body| *body == active);
    let host = root
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .map(|r| r.host());
    is_body || root.contains(Some(&active)) || host.is_some_and(|host| host == active)
}

fn focus_first_target(container: &NodeRef<html::Div>) {
    let target = container
        .get_untracked()
        .and_then(|root| root.query_selector("[data-autofocus]").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        let _ = el.focus();
    }
}
