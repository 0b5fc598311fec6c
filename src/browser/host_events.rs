//! Telling the host page: one bubbling, composed `CustomEvent` per [`Notice`].
//!
//! This is the only way tokens leave the widget.

use crate::flow::Notice;
use crate::i18n::Texts;
use crate::json::Value;
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

/// The event's `detail`, as the widget contract defines it.
pub fn detail(notice: &Notice, texts: &Texts) -> Value {
    let text = |s: &str| Value::String(s.to_owned());
    let object = |members: Vec<(&str, Value)>| {
        Value::Object(
            members
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    };
    match notice {
        Notice::Sent { email } | Notice::Expired { email } => object(vec![("email", text(email))]),
        Notice::Resent { email, count } => object(vec![
            ("email", text(email)),
            ("count", Value::Number(count.to_string())),
        ]),
        Notice::Authenticated(session) => session.0.clone(),
        Notice::Error(failure) => object(vec![
            ("code", text(failure.code.as_str())),
            (
                "message",
                text(&texts.error_message(failure.code, failure.retry_after_s)),
            ),
        ]),
    }
}

/// Dispatches the notice on `target` as a `CustomEvent` that bubbles out of the
/// shadow root (`composed`) and can be cancelled. Returns `false` when a listener
/// called `preventDefault()` (for `magic-link-authenticated`: "do not redirect").
pub fn dispatch(target: &EventTarget, notice: &Notice, texts: &Texts) -> bool {
    let detail = js_sys::JSON::parse(&detail(notice, texts).to_json()).unwrap_or(JsValue::NULL);
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
