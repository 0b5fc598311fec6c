//! The waiting and code steps: "check your inbox" (or "enter your code"), the
//! resend button with its countdown, the way back to the form, and with
//! `method="link code"` "Enter a code instead" (then the code field, while the link
//! keeps working). One view for both steps: they differ in words and in which
//! parts show, and one view is built once.

use super::{back, code_field, resend, StepProps};
use crate::flow::{Input, StepKind};
use leptos::prelude::*;

/// Renders the waiting step, or the code step.
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let runtime = props.runtime.clone();
    let texts = runtime.texts;
    let flow = runtime.flow;
    let code_step = flow.with_untracked(|f| f.kind() == StepKind::Code);
    let code_out = Memo::new(move |_| flow.with(|f| f.code_entry().is_some()));
    let offers_code = !code_step && runtime.settings().methods.offers_code_instead();
    let can_ask = {
        let settings = runtime.settings().clone();
        Memo::new(move |_| flow.with(|f| f.can_ask_for_code(&settings)))
    };
    let offline = Memo::new(move |_| flow.with(|f| f.page.offline));
    let email = flow.with_untracked(|f| f.email().to_owned());
    // The number-matching code: the same digits must be picked on the confirm page.
    // Hidden, not absent, when there is none: one element shape costs fewer bytes.
    let match_code = Memo::new(move |_| {
        flow.with(|f| {
            f.waiting()
                .and_then(|w| w.match_code.clone())
                .unwrap_or_default()
        })
    });
    let (code_before, code_after) = texts
        .match_code
        .split_once("{code}")
        .unwrap_or((texts.match_code, ""));
    let (part, title, body) = if code_step {
        ("code", texts.code_title, texts.code_body)
    } else {
        ("waiting", texts.waiting_title, texts.waiting_body)
    };
    let (before, after) = body.split_once("{email}").unwrap_or((body, ""));
    let (ask, back) = (runtime.clone(), runtime);
    // Views run on the browser's one thread; the wrapper satisfies the `Send`
    // bound of reactive children.
    let code_props = send_wrapper::SendWrapper::new(props.clone());
    let code = move || {
        code_out
            .get()
            .then(|| code_field::view(&code_props))
            .into_any()
    };
    view! {
        <section class="mll-step" part=part>
            // Once a code is out, focus goes to its field instead.
            <h2 class="mll-title" tabindex="-1" data-autofocus=move || (!code_out.get()).then_some("")>
                {title}
            </h2>
            <p class="mll-text">{before}<strong class="mll-email">{email}</strong>{after}</p>
            <p class="mll-text mll-match" part="match-code" hidden=move || match_code.get().is_empty()>
                {code_before}<strong class="mll-code">{move || match_code.get()}</strong>{code_after}
            </p>
            {move || {
                offline.get().then(|| view! { <p class="mll-notice" part="offline">{texts.offline_waiting}</p> })
            }}
            {code}
            {resend::view(&props)}
            {offers_code.then(|| view! {
                <button
                    class="mll-link"
                    part="code-instead"
                    type="button"
                    hidden=move || code_out.get()
                    disabled=move || !can_ask.get()
                    on:click=move |_| ask.dispatch(Input::AskForCode)
                >
                    {texts.enter_code_instead}
                </button>
            })}
            {back::view(back)}
        </section>
    }
}
