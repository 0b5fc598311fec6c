//! The expired step: says how the sign-in ended (the link or code expired, or it was
//! cancelled where the link was opened), and one click e-mails a new link (or code).

use super::{back, StepProps};
use crate::flow::{Ending, Input, Step};
use leptos::prelude::*;

/// Renders the expired step.
pub(crate) fn view(props: StepProps) -> impl IntoView {
    let runtime = props.runtime;
    let texts = runtime.texts;
    let flow = runtime.flow;
    let email = flow.with_untracked(|f| f.email().to_owned());
    // Rendered on the expired step only.
    let ending = flow.with_untracked(|f| match &f.step {
        Step::Expired(expired) => expired.ending,
        _ => Ending::LinkExpired,
    });
    let words = texts.ending(ending);
    let (title, again_text) = (words.title, words.again);
    let body = words.body.replace("{email}", &email);
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
