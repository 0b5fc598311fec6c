//! The `texts` option: a JSON object whose keys replace texts of the language table,
//! e.g. `{"send": "Email me a link", "errors.network": "No connection."}`.
//!
//! Keys are the field names of [`Texts`] (and `errors.<code>` for error messages);
//! unknown keys and non-string values are ignored. A counted text (`waiting_status`,
//! `resent`, `errors.rate_limited_for`) takes one template used for every count.
//!
//! Tables are `'static`; an override table is built once per distinct JSON text and
//! kept for the page's life, so re-rendering never builds it again.

use super::{other_only, Plural, Texts};
use crate::data::Json;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::cell::RefCell;
use std::fmt;

thread_local! {
    static BUILT: RefCell<Vec<(String, String, &'static Texts)>> = const { RefCell::new(Vec::new()) };
}

/// `base` with the texts of `overrides` (JSON) replacing its own; `base` unchanged
/// when the JSON is not an object.
pub fn with_overrides(base: &'static Texts, overrides: &str) -> &'static Texts {
    let cached = BUILT.with(|built| {
        built
            .borrow()
            .iter()
            .find(|(lang, json, _)| lang == base.lang && json == overrides)
            .map(|e| e.2)
    });
    if let Some(texts) = cached {
        return texts;
    }
    let Some(TextOverrides(members)) = Json::parse(overrides)
        .filter(Json::is_object)
        .and_then(|json| json.read())
    else {
        return base;
    };
    let mut texts = base.clone();
    for (key, text) in members {
        apply(&mut texts, &key, leak(text));
    }
    let texts: &'static Texts = Box::leak(Box::new(texts));
    BUILT.with(|built| {
        built
            .borrow_mut()
            .push((base.lang.to_owned(), overrides.to_owned(), texts))
    });
    texts
}

/// The string members of a JSON object, in order; members of other types are
/// skipped, so one odd value never costs the others.
struct TextOverrides(Vec<(String, String)>);

impl<'de> Deserialize<'de> for TextOverrides {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = TextOverrides;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of texts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextOverrides, A::Error> {
                let mut members = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Json>()? {
                    if let Some(text) = value.read::<String>() {
                        members.push((key, text));
                    }
                }
                Ok(TextOverrides(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn counted(text: &'static str) -> Plural {
    Plural {
        rule: other_only,
        forms: Box::leak(Box::new([text])),
    }
}

fn apply(t: &mut Texts, key: &str, text: &'static str) {
    let e = &mut t.errors;
    match key {
        "form_title" => t.form_title = text,
        "email_label" => t.email_label = text,
        "send" => t.send = text,
        "sending" => t.sending = text,
        "waiting_title" => t.waiting_title = text,
        "waiting_body" => t.waiting_body = text,
        "waiting_status" => t.waiting_status = counted(text),
        "resend" => t.resend = text,
        "resend_in" => t.resend_in = text,
        "resending" => t.resending = text,
        "resent" => t.resent = counted(text),
        "resend_ready" => t.resend_ready = text,
        "use_different_email" => t.use_different_email = text,
        "offline_waiting" => t.offline_waiting = text,
        "back_online" => t.back_online = text,
        "signed_in_title" => t.signed_in_title = text,
        "signed_in_body" => t.signed_in_body = text,
        "expired_title" => t.expired_title = text,
        "expired_body" => t.expired_body = text,
        "send_new_link" => t.send_new_link = text,
        "config_title" => t.config_title = text,
        "server_said" => t.server_said = text,
        "errors.invalid_email" => e.invalid_email = text,
        "errors.rate_limited_for" => e.rate_limited_for = counted(text),
        "errors.rate_limited" => e.rate_limited = text,
        "errors.network" => e.network = text,
        "errors.timeout" => e.timeout = text,
        "errors.server" => e.server = text,
        "errors.bad_response" => e.bad_response = text,
        "errors.expired" => e.expired = text,
        "errors.config" => e.config = text,
        "errors.offline" => e.offline = text,
        "errors.rejected" => e.rejected = text,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::i18n::texts_for;

    #[test]
    fn replaces_named_texts_and_keeps_the_rest() {
        let en = texts_for(Some("en"));
        let json = r#"{"send":"Email me a link","errors.network":"No connection.","resent":"Sent again ({n}s)","nope":"x","resend":5,"sending":null,"waiting_title":{"a":"b"},"back_online":["x"]}"#;
        let texts = with_overrides(en, json);
        assert_eq!(texts.send, "Email me a link");
        assert_eq!(
            texts.error_message(ErrorCode::Network, None),
            "No connection."
        );
        assert_eq!(texts.resent.format(1), "Sent again (1s)");
        assert_eq!(texts.resent.format(7), "Sent again (7s)");
        assert_eq!(texts.resend, en.resend, "non-string values are ignored");
        assert_eq!(texts.email_label, en.email_label);
        assert_eq!(
            (texts.sending, texts.waiting_title, texts.back_online),
            (en.sending, en.waiting_title, en.back_online),
            "null, object and array values are ignored too"
        );
    }

    #[test]
    fn the_same_overrides_are_built_once() {
        let de = texts_for(Some("de"));
        let a = with_overrides(de, r#"{"send":"Los"}"#);
        let b = with_overrides(de, r#"{"send":"Los"}"#);
        assert!(std::ptr::eq(a, b));
        assert_eq!(a.lang, "de");
    }

    #[test]
    fn garbage_leaves_the_table_alone() {
        let en = texts_for(Some("en"));
        for bad in ["", "[1]", "[\"send\",\"x\"]", "\"send\"", "{", "null", "7"] {
            assert!(std::ptr::eq(with_overrides(en, bad), en), "{bad}");
        }
    }
}
