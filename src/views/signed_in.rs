//! The final step: a short confirmation (the host page takes over from here).

use super::StepProps;
use leptos::prelude::*;

/// Renders the signed-in confirmation.
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let texts = props.runtime.texts;
    view! {
        <section class="mll-step" part="signed-in">
            <h2 class="mll-title" tabindex="-1" data-autofocus="">{texts.signed_in_title}</h2>
            <p class="mll-text">{texts.signed_in_body}</p>
        </section>
    }
}
