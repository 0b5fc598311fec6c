//! The form step: an address field and the send button (under the brand's logo,
//! with `use-config`).

use super::{countdown, StepProps};
use crate::error::ErrorCode;
use crate::flow::timing::seconds_left;
use crate::flow::{Channel, Input, Step, StepKind};
use leptos::html;
use leptos::prelude::*;

/// Renders the form (also while the send is in flight, with controls disabled).
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let StepProps { runtime, ids } = props;
    let texts = runtime.texts;
    let send = match runtime.settings().methods.primary() {
        Channel::Link => texts.send,
        Channel::Code => texts.send_code,
    };
    let (flow, clock) = (runtime.flow, runtime.clock);
    let input = NodeRef::<html::Input>::new();
    let busy = Memo::new(move |_| flow.with(|f| f.kind() == StepKind::Sending));
    let can_send = Memo::new(move |_| flow.with(|f| f.can_send(clock.get())));
    // Whole seconds left of the server's wait (429 with Retry-After), else 0.
    let wait = Memo::new(move |_| {
        flow.with(|f| match &f.step {
            Step::Form(form) => form
                .send_not_before
                .map_or(0, |at| seconds_left(at, clock.get())),
            _ => 0,
        })
    });
    let invalid = Memo::new(move |_| {
        flow.with(|f| match &f.step {
            Step::Form(form) => form
                .error
                .as_ref()
                .is_some_and(|e| e.code == ErrorCode::InvalidEmail),
            _ => false,
        })
    });
    let typed = flow.with_untracked(|f| f.email().to_owned());
    // Absent when empty, so that the default markup is the instant form's.
    let placeholder = (!texts.email_placeholder.is_empty()).then_some(texts.email_placeholder);
    // The brand's logo (`use-config`); never sends the page's address along.
    let logo = runtime.branding().and_then(|b| b.logo.clone()).map(|logo| {
        view! {
            <img
                class="mll-logo"
                part="logo"
                src=logo.src
                alt=logo.alt
                referrerpolicy="no-referrer"
                decoding="async"
            />
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let email = input.get_untracked().map(|i| i.value()).unwrap_or_default();
        runtime.dispatch(Input::Submit { email });
    };
    view! {
        <form class="mll-form" part="form" novalidate on:submit=on_submit>
            {logo}
            <h2 class="mll-title" tabindex="-1">{texts.form_title}</h2>
            <label class="mll-label" part="label" for=ids.email.clone()>{texts.email_label}</label>
            <input
                class="mll-input"
                part="input"
                id=ids.email.clone()
                node_ref=input
                // Text with the e-mail keyboard, not type="email": only text inputs
                // expose the caret (`selectionStart`), which the hand-over from the
                // loader's instant form keeps (src/browser/handover.rs).
                type="text"
                name="email"
                autocomplete="email"
                inputmode="email"
                spellcheck="false"
                autocapitalize="off"
                maxlength="320"
                data-autofocus=""
                placeholder=placeholder
                prop:value=typed
                readonly=move || busy.get()
                aria-invalid=move || if invalid.get() { "true" } else { "false" }
                aria-describedby=ids.error.clone()
            />
            <div class="mll-actions">
                <button
                    class="mll-button"
                    part="button"
                    type="submit"
                    disabled=move || busy.get() || !can_send.get()
                    aria-describedby=ids.countdown.clone()
                >
                    {send}
                </button>
                {countdown::view(ids.countdown.clone(), texts.send_in, wait)}
            </div>
        </form>
    }
}
