//! "Resend" with its countdown, on the waiting and code steps: it sends the code
//! again once a code is out, else the link.

use super::{countdown, StepProps};
use crate::flow::timing::seconds_left;
use crate::flow::{Channel, Input};
use leptos::prelude::*;

/// Renders the resend button and its countdown.
pub(crate) fn view(props: &StepProps) -> impl IntoView {
    let runtime = props.runtime.clone();
    let texts = runtime.texts;
    let (flow, clock) = (runtime.flow, runtime.clock);
    let left = Memo::new(move |_| {
        flow.with(|f| {
            f.resends()
                .map_or(0, |r| seconds_left(r.cooldown_until, clock.get()))
        })
    });
    let can_resend = Memo::new(move |_| flow.with(|f| f.can_resend(clock.get())));
    let code_out = Memo::new(move |_| flow.with(|f| f.code_entry().is_some()));
    let channel = move || {
        if code_out.get() {
            Channel::Code
        } else {
            Channel::Link
        }
    };
    view! {
        <div class="mll-actions">
            <button
                class="mll-button"
                part="button resend"
                type="button"
                disabled=move || !can_resend.get()
                aria-describedby=props.ids.countdown.clone()
                on:click=move |_| runtime.dispatch(Input::Resend)
            >
                {move || match channel() {
                    Channel::Link => texts.resend,
                    Channel::Code => texts.resend_code,
                }}
            </button>
            {countdown::view(props.ids.countdown.clone(), texts.resend_in, left)}
        </div>
    }
}
