//! The `texts` option: a JSON object whose keys replace texts of the language table,
//! e.g. `{"send": "Email me a link", "errors.network": "No connection."}`.
//!
//! The keys and values are those of [`super::members`]: unknown keys and values of
//! other types are ignored; a counted text (`waiting_status`, `resent`,
//! `errors.rate_limited_for`) takes one template used for every count, or an array
//! with one form per plural category of the language.
//!
//! Tables are `'static`; an override table is built once per base table and distinct
//! JSON text and kept for the page's life, so re-rendering never builds it again.

use super::members::Members;
use super::Texts;
use std::cell::RefCell;

/// Which table a built one came from: its address. The language is not enough once
/// overrides stack (the config's texts under the element's): both bases say `en`.
/// Tables are leaked, so an address is never reused.
type BaseId = usize;

thread_local! {
    static BUILT: RefCell<Vec<(BaseId, String, &'static Texts)>> = const { RefCell::new(Vec::new()) };
}

fn id(base: &'static Texts) -> BaseId {
    base as *const Texts as usize
}

/// `base` with the texts of `overrides` (JSON) replacing its own; `base` unchanged
/// when the JSON is not an object.
pub fn with_overrides(base: &'static Texts, overrides: &str) -> &'static Texts {
    let cached = BUILT.with(|built| {
        built
            .borrow()
            .iter()
            .find(|(from, json, _)| *from == id(base) && json == overrides)
            .map(|e| e.2)
    });
    if let Some(texts) = cached {
        return texts;
    }
    let Some(members) = Members::parse(overrides) else {
        return base;
    };
    let mut texts = base.clone();
    members.apply_to(&mut texts);
    let texts: &'static Texts = Box::leak(Box::new(texts));
    BUILT.with(|built| {
        built
            .borrow_mut()
            .push((id(base), overrides.to_owned(), texts))
    });
    texts
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
        crate::i18n::table_tests::all_languages();
        let de = texts_for(Some("de"));
        let a = with_overrides(de, r#"{"send":"Los"}"#);
        let b = with_overrides(de, r#"{"send":"Los"}"#);
        assert!(std::ptr::eq(a, b));
        assert_eq!(a.lang, "de");
    }

    /// Regression: the cache was keyed by the base's language, so a stacked table
    /// (config texts, then the element's) and a plain one with the same element
    /// texts, both on `en`, came back as whichever was built first.
    #[test]
    fn stacked_overrides_are_not_mistaken_for_plain_ones() {
        let en = texts_for(Some("en"));
        let config = with_overrides(en, r#"{"form_title":"Acme sign-in"}"#);
        let element = r#"{"send":"Go (stacked test)"}"#;
        let plain = with_overrides(en, element);
        let stacked = with_overrides(config, element);
        assert_eq!(stacked.form_title, "Acme sign-in");
        assert_eq!(stacked.send, "Go (stacked test)");
        assert_eq!(plain.form_title, en.form_title);
        // Built the other way round, the plain table keeps English's heading.
        let element = r#"{"send":"Go (stacked first)"}"#;
        let stacked = with_overrides(config, element);
        let plain = with_overrides(en, element);
        assert_eq!(stacked.form_title, "Acme sign-in");
        assert_eq!(plain.form_title, en.form_title);
        assert_eq!(plain.send, "Go (stacked first)");
    }

    #[test]
    fn garbage_leaves_the_table_alone() {
        let en = texts_for(Some("en"));
        for bad in ["", "[1]", "[\"send\",\"x\"]", "\"send\"", "{", "null", "7"] {
            assert!(std::ptr::eq(with_overrides(en, bad), en), "{bad}");
        }
    }
}
