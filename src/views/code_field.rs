//! The code field: six digits, typed or pasted (spaces and hyphens are fine), sent
//! for checking as soon as they are complete, or with its button.

use super::StepProps;
use crate::error::ErrorCode;
use crate::flow::method::normalize_code;
use crate::flow::Input;
use leptos::html;
use leptos::prelude::*;

/// Renders the code field and its submit button.
pub(crate) fn view(props: &StepProps) -> impl IntoView {
    let runtime = props.runtime.clone();
    let texts = runtime.texts;
    let flow = runtime.flow;
    let input = NodeRef::<html::Input>::new();
    let busy = Memo::new(move |_| flow.with(|f| f.is_busy()));
    let refused = Memo::new(move |_| {
        flow.with(|f| {
            f.code_entry()
                .and_then(|code| code.error.as_ref())
                .map(|e| e.code)
        })
    });
    // A refused code stays in the field, selected, so the next digits replace it.
    Effect::new(move |_| {
        if refused.get().is_some_and(|code| code != ErrorCode::Offline) {
            if let Some(field) = input.get_untracked() {
                let _ = field.focus();
                field.select();
            }
        }
    });
    let (on_input, on_submit) = (runtime.clone(), runtime);
    let typed = move || input.get_untracked().map(|i| i.value()).unwrap_or_default();
    view! {
        <form
            class="mll-form"
            part="code-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                on_submit.dispatch(Input::Verify { code: typed() });
            }
        >
            <label class="mll-label" part="label" for=props.ids.code.clone()>{texts.code_label}</label>
            <input
                class="mll-input mll-code-input"
                part="input code"
                id=props.ids.code.clone()
                node_ref=input
                type="text"
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                spellcheck="false"
                // Room for a pasted "123 456" or "123-456".
                maxlength="16"
                data-autofocus=""
                readonly=move || busy.get()
                aria-invalid=move || if refused.get().is_some() { "true" } else { "false" }
                aria-describedby=props.ids.error.clone()
                on:input=move |_| {
                    let code = typed();
                    if normalize_code(&code).is_some() {
                        on_input.dispatch(Input::Verify { code });
                    }
                }
            />
            <div class="mll-actions">
                <button class="mll-button" part="button" type="submit" disabled=move || busy.get()>
                    {texts.verify_code}
                </button>
            </div>
        </form>
    }
}
