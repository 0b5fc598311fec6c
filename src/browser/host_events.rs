//! Telling the host page: one bubbling, composed `CustomEvent` per [`Notice`].
//!
//! This is the only way tokens leave the widget.

use crate::flow::event_detail::detail;
use crate::flow::Notice;
use crate::i18n::Texts;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// The DOM event name of a notice.
pub fn event_name(notice: &Notice) -> &'static str {
    match notice {
        Notice::Sent { .. } => "magic-link-sent",
        Notice::Resent { .. } => "magic-link-resent",
        Notice::Authenticated(_) => "magic-link-authenticated",
        Notice::Expired { .. } => "magic-link-expired",
        Notice::Error(_) => "magic-link-error",
    }
}

/// Dispatches the notice on `target` as a `CustomEvent` that bubbles out of the
/// shadow root (`composed`) and can be cancelled. Returns `false` when a listener
/// called `preventDefault()` (for `magic-link-authenticated`: "do not redirect").
pub fn dispatch(target: &EventTarget, notice: &Notice, texts: &Texts) -> bool {
    let detail = detail(notice, texts).map_or(JsValue::NULL, |detail| detail.into_js());
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(true);
    init.set_detail(&detail);
    match CustomEvent::new_with_event_init_dict(event_name(notice), &init) {
        Ok(event) => target.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}
