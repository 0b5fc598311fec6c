//! Shown instead of the form when the configuration cannot work, so a mistake in the
//! embedding is visible (with the reason in the alert) rather than a blank box.

use super::StepProps;
use leptos::prelude::*;

/// Renders the configuration message.
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let texts = props.runtime.texts;
    view! {
        <section class="mll-step" part="unavailable">
            <h2 class="mll-title" tabindex="-1">{texts.config_title}</h2>
        </section>
    }
}
