//! The code step: "enter your code", the code field, resend, and the way back.

use super::{back, code_field, resend, StepProps};
use leptos::prelude::*;

/// Renders the code step.
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let runtime = props.runtime.clone();
    let texts = runtime.texts;
    let email = runtime.flow.with_untracked(|f| f.email().to_owned());
    let (before, after) = texts
        .code_body
        .split_once("{email}")
        .unwrap_or((texts.code_body, ""));
    view! {
        <section class="mll-step" part="code">
            <h2 class="mll-title" tabindex="-1">{texts.code_title}</h2>
            <p class="mll-text">{before}<strong class="mll-email">{email}</strong>{after}</p>
            {code_field::view(&props, true)}
            {resend::view(&props)}
            {back::view(runtime)}
        </section>
    }
}
