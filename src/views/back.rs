//! "Use a different email": back to the form, from the waiting and expired steps.

use crate::browser::runtime::Runtime;
use crate::flow::Input;
use leptos::prelude::*;

/// Renders the back button.
pub(crate) fn view(runtime: Runtime) -> impl IntoView {
    let texts = runtime.texts;
    view! {
        <button
            class="mll-link"
            part="back"
            type="button"
            on:click=move |_| runtime.dispatch(Input::Back)
        >
            {texts.use_different_email}
        </button>
    }
}
