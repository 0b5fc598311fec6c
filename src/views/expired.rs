//! The expired step: says so, and one click e-mails a new link.

use super::{back, StepProps};
use crate::flow::Input;
use leptos::prelude::*;

/// Renders the expired step.
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let runtime = props.runtime;
    let texts = runtime.texts;
    let flow = runtime.flow;
    let email = flow.with_untracked(|f| f.email().to_owned());
    let body = texts.expired_body.replace("{email}", &email);
    let (again, back) = (runtime.clone(), runtime);
    view! {
        <section class="mll-step" part="expired">
            <h2 class="mll-title" tabindex="-1" data-autofocus="">{texts.expired_title}</h2>
            <p class="mll-text">{body}</p>
            <button
                class="mll-button"
                part="button"
                type="button"
                on:click=move |_| again.dispatch(Input::Submit { email: email.clone() })
            >
                {texts.send_new_link}
            </button>
            {back::view(back)}
        </section>
    }
}
