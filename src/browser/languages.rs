//! Getting a language file when a widget needs one: the loader fetches
//! `lang/<tag>.json` (it starts the fetch for the page's languages in parallel with
//! the wasm) and hands it over through the function it gives [`set_source`].

use crate::data::Json;
use crate::i18n::language_files::add_language_json;
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// `(tag) => Promise<object | null>`, from the loader.
    static SOURCE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Where language files come from; without a source, widgets speak English.
pub fn set_source(source: Option<js_sys::Function>) {
    SOURCE.with(|slot| *slot.borrow_mut() = source);
}

/// Whether a source was given, so that waiting for a language can end.
pub fn has_source() -> bool {
    SOURCE.with(|slot| slot.borrow().is_some())
}

/// Asks the source for `tag`'s file and adds it. Whatever fails (no source, a
/// missing file, a file that is not a language), the widget then renders in
/// English, so this never fails.
pub async fn load(tag: &str) {
    let promise = SOURCE.with(|slot| {
        let source = slot.borrow();
        source.as_ref()?.call1(&JsValue::NULL, &tag.into()).ok()
    });
    let Some(promise) = promise else {
        return;
    };
    if let Ok(file) = JsFuture::from(js_sys::Promise::resolve(&promise)).await {
        if let Some(file) = Json::parse_value(file) {
            add_language_json(&file);
        }
    }
}
