//! The languages beyond English, as data: `lang/<tag>.json` next to the loader,
//! fetched by the loader in parallel with the wasm when a page needs one (English is
//! built in). A file is a [`super::members`] object of every text plus `lang` and
//! `dir`; it is read through the same serde type as the `texts` option.
//!
//! A Rust app that embeds the component adds the languages it wants with
//! [`add_language`] (e.g. `add_language(FILES[1].1)`).

use super::members::Members;
use super::{en::EN, plural_rule, primary_subtag, Texts};
use crate::data::{loose, Json};
use serde::Deserialize;
use std::cell::RefCell;

/// The tags of the language files in `lang/`, as the loader lists them.
pub const TAGS: [&str; 6] = ["ar", "de", "es", "fr", "ja", "pt"];

/// Each language file's text, by tag (in the order of [`TAGS`]).
pub const FILES: [(&str, &str); 6] = [
    ("ar", include_str!("../../lang/ar.json")),
    ("de", include_str!("../../lang/de.json")),
    ("es", include_str!("../../lang/es.json")),
    ("fr", include_str!("../../lang/fr.json")),
    ("ja", include_str!("../../lang/ja.json")),
    ("pt", include_str!("../../lang/pt.json")),
];

thread_local! {
    /// The languages added so far, for the page's life.
    static ADDED: RefCell<Vec<&'static Texts>> = const { RefCell::new(Vec::new()) };
}

/// A language file's own fields besides the texts.
#[derive(Deserialize)]
struct Header {
    #[serde(default, deserialize_with = "loose")]
    lang: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    dir: Option<String>,
}

/// Adds the language of a language file's JSON text; `None` when it is not one.
pub fn add_language(text: &str) -> Option<&'static Texts> {
    add_language_json(&Json::parse(text)?)
}

/// Adds the language of a parsed language file. A language added twice keeps its
/// first table. Texts the file lacks stay English.
pub fn add_language_json(file: &Json) -> Option<&'static Texts> {
    let header: Header = file.read()?;
    let tag = primary_subtag(header.lang.as_deref()?).to_ascii_lowercase();
    if let Some(added) = added(&tag) {
        return Some(added);
    }
    let members = Members::of(file)?;
    let rule = plural_rule(&tag);
    let mut texts = EN.clone();
    texts.rtl = header.dir.as_deref() == Some("rtl");
    for plural in [
        &mut texts.waiting_status,
        &mut texts.resent,
        &mut texts.errors.rate_limited_for,
        &mut texts.code_status,
        &mut texts.code_resent,
        &mut texts.errors.wrong_code_left,
    ] {
        plural.rule = rule;
    }
    texts.lang = Box::leak(tag.into_boxed_str());
    members.apply_to(&mut texts);
    let texts: &'static Texts = Box::leak(Box::new(texts));
    ADDED.with(|added| added.borrow_mut().push(texts));
    Some(texts)
}

/// The added table for a primary language tag.
pub(super) fn added(tag: &str) -> Option<&'static Texts> {
    ADDED.with(|added| {
        added
            .borrow()
            .iter()
            .copied()
            .find(|t| t.lang.eq_ignore_ascii_case(tag))
    })
}

/// Whether `tag` names a language that has a file but has not been added yet: the
/// widget then waits for it before rendering.
pub fn is_missing(tag: Option<&str>) -> bool {
    let primary = primary_subtag(tag.unwrap_or("en"));
    TAGS.iter().any(|t| t.eq_ignore_ascii_case(primary)) && added(primary).is_none()
}
