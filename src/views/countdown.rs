//! The visible countdown next to a button that waits ("Resend in 27s", "Try again
//! in 7s"): empty once the wait is over. One view for both, so it is built once.

use crate::i18n::fill_number;
use leptos::prelude::*;

/// Renders `template` with the whole seconds left, or nothing at 0.
pub(crate) fn view(id: String, template: &'static str, seconds: Memo<u64>) -> impl IntoView {
    view! {
        <span class="mll-countdown" part="countdown" id=id>
            {move || match seconds.get() {
                0 => String::new(),
                n => fill_number(template, n),
            }}
        </span>
    }
}
