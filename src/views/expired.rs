//! The expired step: says so, and one click e-mails a new link (or code).

use super::{back, StepProps};
use crate::flow::{Channel, Input, Step};
use leptos::prelude::*;

/// Renders the expired step.
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let runtime = props.runtime;
    let texts = runtime.texts;
    let flow = runtime.flow;
    let email = flow.with_untracked(|f| f.email().to_owned());
    let code =
        flow.with_untracked(|f| matches!(&f.step, Step::Expired(e) if e.channel == Channel::Code));
    let (title, body, again_text) = if code {
        (
            texts.code_expired_title,
            texts.code_expired_body,
            texts.send_new_code,
        )
    } else {
        (texts.expired_title, texts.expired_body, texts.send_new_link)
    };
    let body = body.replace("{email}", &email);
    let (again, back) = (runtime.clone(), runtime);
    view! {
        <section class="mll-step" part="expired">
            <h2 class="mll-title" tabindex="-1" data-autofocus="">{title}</h2>
            <p class="mll-text">{body}</p>
            <button
                class="mll-button"
                part="button"
                type="button"
                on:click=move |_| again.dispatch(Input::Submit { email: email.clone() })
            >
                {again_text}
            </button>
            {back::view(back)}
        </section>
    }
}
