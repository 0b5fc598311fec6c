//! The root component: one widget instance, whatever the step.

use super::{expired, form, signed_in, unavailable, waiting, Ids, StepProps};
use crate::api::response::Session;
use crate::branding::Branding;
use crate::browser::runtime::host::Callbacks;
use crate::browser::runtime::{Runtime, Start};
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};
use crate::flow::{Flow, StepKind};
use crate::i18n::{texts_for, Texts};
use leptos::either::EitherOf5;
use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// The magic-link sign-in widget, as a Leptos component for Rust apps.
///
/// Depend on the crate with `default-features = false` (the module then defines no
/// custom element), build [`Settings`] with [`Settings::builder`], include the
/// widget's styles once ([`CSS`](crate::browser::element::CSS)), and hear about the
/// flow through one callback per moment. Every prop but `settings` is optional.
///
/// ```no_run
/// use leptos::prelude::*;
/// use magic_link_widget::api::response::Session;
/// use magic_link_widget::browser::element::CSS;
/// use magic_link_widget::config::Settings;
/// use magic_link_widget::error::Failure;
/// use magic_link_widget::views::MagicLinkLogin;
///
/// #[component]
/// fn SignIn() -> impl IntoView {
///     // The same names and checks as the element's attributes; a problem (e.g. an
///     // http API base off localhost) is shown by the widget instead of the form.
///     let (settings, config_problem) = Settings::builder("cli_123")
///         .api_base("https://auth.example.com/api/v1")
///         .lang("en")
///         .build();
///     let (signed_in, set_signed_in) = signal(false);
///     view! {
///         <style>{CSS}</style>
///         <MagicLinkLogin
///             settings=settings
///             config_problem=config_problem
///             on_sent=|email: String| leptos::logging::log!("a link went to {email}")
///             on_authenticated=move |session: Session| {
///                 // Hand the tokens to your backend; the widget keeps none of them.
///                 let _ = session.access_token;
///                 set_signed_in.set(true);
///             }
///             on_error=|failure: Failure| leptos::logging::warn!("{}", failure.code.as_str())
///         />
///         <Show when=move || signed_in.get()>
///             <p>"Welcome!"</p>
///         </Show>
///     }
/// }
///
/// fn main() {
///     leptos::mount::mount_to_body(SignIn);
/// }
/// ```
///
/// This example is compiled for wasm32 as a doc test
/// (`cargo test --doc --target wasm32-unknown-unknown`, in `scripts/check-crate.sh`);
/// `examples/leptos-app` in the repository is a complete app to run against the
/// local development API.
#[component]
pub fn MagicLinkLogin(
    /// The checked options (see [`Settings::read`] and [`Settings::builder`]).
    settings: Settings,
    /// Why the settings cannot work, if they cannot (from [`Settings::read`] or the
    /// builder): the widget then shows a configuration message instead of the form.
    #[prop(optional_no_strip)]
    config_problem: Option<Failure>,
    /// Texts to use instead of the language table picked from `settings.lang`
    /// (English, or a language added with `add_language`).
    #[prop(optional)]
    texts: Option<&'static Texts>,
    /// Where the `magic-link-*` DOM events are dispatched (the custom element);
    /// without one, only the callbacks hear about the flow.
    #[prop(optional)]
    events_target: Option<EventTarget>,
    /// Start on the signed-in step: this widget replaces one that already handed
    /// over the tokens (the custom element re-renders when an attribute changes).
    #[prop(optional)]
    signed_in: bool,
    /// The client's branding (`use-config`: `browser::branding::load` fetches it):
    /// its accent colour and font become defaults under the `--magic-link-*` custom
    /// properties, its logo shows above the form. Its texts are the caller's to put
    /// in `texts` (under the app's own).
    #[prop(optional_no_strip)]
    branding: Option<Branding>,
    /// A failure to tell the page and `on_error` once the widget runs, e.g. the
    /// branding that could not be had; the widget shows nothing of it.
    #[prop(optional_no_strip)]
    startup_notice: Option<Failure>,
    /// A link was e-mailed to this address.
    #[prop(optional, into)]
    on_sent: Option<UnsyncCallback<String>>,
    /// The link was e-mailed again: the address and the number of resends so far.
    #[prop(optional, into)]
    on_resent: Option<UnsyncCallback<(String, u32)>>,
    /// Signed in: the tokens and the API's `user`, as the API gave them. The widget
    /// keeps none of it; hand it to your backend.
    #[prop(optional, into)]
    on_authenticated: Option<UnsyncCallback<Session>>,
    /// The link to this address expired.
    #[prop(optional, into)]
    on_expired: Option<UnsyncCallback<String>>,
    /// Something failed (`failure.code` is stable, `Texts::error_message` words it).
    #[prop(optional, into)]
    on_error: Option<UnsyncCallback<Failure>>,
) -> impl IntoView {
    let texts = texts.unwrap_or_else(|| texts_for(settings.lang.as_deref()));
    let runtime = Runtime::start(Start {
        settings,
        config_problem,
        signed_in,
        texts,
        events_target,
        callbacks: Callbacks {
            on_sent,
            on_resent,
            on_authenticated,
            on_expired,
            on_error,
        },
        branding,
        startup_notice,
    });
    let (brand_accent, brand_font) = brand_properties(runtime.branding());
    let on_unmount = SendWrapper::new(runtime.clone());
    on_cleanup(move || on_unmount.shutdown());

    let flow = runtime.flow;
    let step = Memo::new(move |_| flow.with(Flow::kind));
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
            let kind = f.kind();
            let form_error = (kind == StepKind::Form).then(|| f.shown_error().map(|e| e.code));
            // The code field appearing on the waiting step is a new place to be.
            (kind, form_error, f.code_entry().is_some())
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
            // Through the CSSOM (a strict `style-src` allows it, unlike a `style`
            // attribute); the stylesheet puts the host's custom properties above them.
            style=("--_brand-accent", brand_accent.clone())
            // Dark mode's own accent takes dark text; a brand colour keeps the light
            // mode's white, whatever the scheme.
            style=("--_brand-accent-text", brand_accent.map(|_| "#ffffff"))
            style=("--_brand-font", brand_font)
        >
            {move || {
                let props = StepProps::clone(&props);
                match step.get() {
                    StepKind::Form | StepKind::Sending => EitherOf5::A(form::view(props)),
                    StepKind::Waiting | StepKind::Code => EitherOf5::B(waiting::view(props)),
                    StepKind::SignedIn => EitherOf5::C(signed_in::view(props)),
                    StepKind::Expired => EitherOf5::D(expired::view(props)),
                    StepKind::Misconfigured => EitherOf5::E(unavailable::view(props)),
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

/// The branding's accent colour and font, each only when the browser takes it as
/// one (a value it rejects would void the property instead of falling back).
fn brand_properties(branding: Option<&Branding>) -> (Option<String>, Option<String>) {
    let supported = |property: &str, value: &Option<String>| {
        value
            .clone()
            .filter(|value| web_sys::css::supports_with_value(property, value).unwrap_or(false))
    };
    match branding {
        Some(branding) => (
            supported("color", &branding.accent),
            supported("font-family", &branding.font),
        ),
        None => (None, None),
    }
}

/// The error's words (with the API's own words, as text) or nothing.
fn error_text(flow: RwSignal<Flow>, texts: &Texts) -> String {
    flow.with(|flow| match flow.shown_error() {
        Some(failure) => {
            let message = texts.failure_message(failure);
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
