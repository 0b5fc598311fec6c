//! The waiting step: "check your inbox", the resend button with its countdown, and
//! the way back to the form.

use super::{back, countdown, StepProps};
use crate::flow::timing::seconds_left;
use crate::flow::Input;
use leptos::prelude::*;

/// Renders the waiting step.
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let StepProps { runtime, ids } = props;
    let texts = runtime.texts;
    let (flow, clock) = (runtime.flow, runtime.clock);
    let left = Memo::new(move |_| {
        flow.with(|f| {
            f.waiting()
                .map_or(0, |w| seconds_left(w.cooldown_until, clock.get()))
        })
    });
    let can_resend = Memo::new(move |_| flow.with(|f| f.can_resend(clock.get())));
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
    let (before, after) = texts
        .waiting_body
        .split_once("{email}")
        .unwrap_or((texts.waiting_body, ""));
    let (resend, back) = (runtime.clone(), runtime);
    view! {
        <section class="mll-step" part="waiting">
            <h2 class="mll-title" tabindex="-1" data-autofocus="">{texts.waiting_title}</h2>
            <p class="mll-text">{before}<strong class="mll-email">{email}</strong>{after}</p>
            <p class="mll-text mll-match" part="match-code" hidden=move || match_code.get().is_empty()>
                {code_before}<strong class="mll-code">{move || match_code.get()}</strong>{code_after}
            </p>
            {move || {
                offline.get().then(|| view! { <p class="mll-notice" part="offline">{texts.offline_waiting}</p> })
            }}
            <div class="mll-actions">
                <button
                    class="mll-button"
                    part="button resend"
                    type="button"
                    disabled=move || !can_resend.get()
                    aria-describedby=ids.countdown.clone()
                    on:click=move |_| resend.dispatch(Input::Resend)
                >
                    {texts.resend}
                </button>
                {countdown::view(ids.countdown.clone(), texts.resend_in, left)}
            </div>
            {back::view(back)}
        </section>
    }
}
