//! The waiting step: "check your inbox", the resend button with its countdown, and
//! the way back to the form.

use super::{back, StepProps};
use crate::flow::timing::seconds_left;
use crate::flow::Input;
use crate::i18n::fill_number;
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
    let (before, after) = texts
        .waiting_body
        .split_once("{email}")
        .unwrap_or((texts.waiting_body, ""));
    let (resend, back) = (runtime.clone(), runtime);
    view! {
        <section class="mll-step" part="waiting">
            <h2 class="mll-title" tabindex="-1" data-autofocus="">{texts.waiting_title}</h2>
            <p class="mll-text">{before}<strong class="mll-email">{email}</strong>{after}</p>
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
                <span class="mll-countdown" part="countdown" id=ids.countdown.clone()>
                    {move || match left.get() {
                        0 => String::new(),
                        n => fill_number(texts.resend_in, n),
                    }}
                </span>
            </div>
            {back::view(back)}
        </section>
    }
}
