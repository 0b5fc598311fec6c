//! The text keys have one definition, [`TEXT_KEYS`] (and [`COUNTED_KEYS`]); these
//! tests fail when a copy differs: the keys `texts` and the language files are read
//! by, the tables' fields, the language files, the README's list and the `.d.ts`'s
//! `TextKey`.

use super::members::{Members, Text, COUNTED_KEYS, TEXT_KEYS};
use super::table_tests::{fields, plurals};
use super::{language_files, texts_for, Texts};
use crate::data::Json;
use crate::doc_lists::{backticked, between, ts_union, DTS, README};
use crate::error::ErrorCode;
use std::collections::BTreeMap;

fn english() -> Texts {
    texts_for(Some("en")).clone()
}

/// `base` with one member applied, as `texts` or a language file would.
fn applied(base: &Texts, key: &str, text: Text) -> Texts {
    let mut texts = base.clone();
    Members(vec![(key.to_owned(), text)]).apply_to(&mut texts);
    texts
}

/// The fields whose texts differ between two tables.
fn differences(before: &Texts, after: &Texts) -> Vec<(&'static str, Vec<&'static str>)> {
    fields(after)
        .into_iter()
        .zip(fields(before))
        .filter(|(after, before)| after != before)
        .map(|(after, _)| after)
        .collect()
}

#[test]
fn the_tables_fields_are_the_text_keys() {
    let names: Vec<&str> = fields(&english()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, TEXT_KEYS);
    let counted: Vec<&str> = plurals(&english()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(counted, COUNTED_KEYS);
    for key in COUNTED_KEYS {
        assert!(TEXT_KEYS.contains(&key), "{key} is not a text key");
    }
}

#[test]
fn each_key_sets_its_own_field_and_no_other() {
    let en = english();
    for key in TEXT_KEYS {
        let marker = format!("marker of {key}");
        let after = applied(&en, key, Text::One(marker.clone()));
        let changed = differences(&en, &after);
        assert_eq!(changed.len(), 1, "{key} set {changed:?}");
        assert_eq!(changed[0].0, key, "{key} set another field");
        assert_eq!(changed[0].1, [marker.as_str()], "{key}");

        let forms = vec![format!("{key} one"), format!("{key} other")];
        let after = applied(&en, key, Text::Forms(forms.clone()));
        let changed = differences(&en, &after);
        if COUNTED_KEYS.contains(&key) {
            assert_eq!(changed.len(), 1, "{key} set {changed:?}");
            assert_eq!(
                (changed[0].0, changed[0].1.clone()),
                (key, vec![&*forms[0], &*forms[1]])
            );
        } else {
            assert!(changed.is_empty(), "{key} is not counted, yet took forms");
        }
    }
}

#[test]
fn apply_knows_no_key_beyond_the_list() {
    // Every arm of `members::apply` starts with its key, one arm per line.
    let source = include_str!("members.rs");
    let body = between(source, "fn apply(", "\n}\n");
    let arms: Vec<&str> = body
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("(\""))
        .filter_map(|arm| arm.split_once('"').map(|(key, _)| key))
        .collect();
    assert_eq!(arms, TEXT_KEYS);
}

#[test]
fn the_error_keys_are_the_error_codes() {
    let errors: Vec<&str> = TEXT_KEYS
        .iter()
        .filter_map(|key| key.strip_prefix("errors."))
        .filter(|code| !matches!(*code, "rate_limited_for" | "wrong_code_left"))
        .collect();
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(errors, codes);
}

#[test]
fn every_language_file_has_exactly_the_keys_in_order() {
    let mut want = vec!["lang", "dir"];
    want.extend(TEXT_KEYS);
    for (tag, text) in language_files::FILES {
        let all: BTreeMap<String, Json> = Json::parse(text).and_then(|j| j.read()).unwrap();
        let members = Members::parse(text).unwrap().0;
        assert_eq!(all.len(), members.len(), "{tag}: a member is not a text");
        let keys: Vec<&str> = members.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, want, "lang/{tag}.json");
        for (key, text) in &members {
            let counted = COUNTED_KEYS.contains(&key.as_str());
            let forms = matches!(text, Text::Forms(_));
            assert_eq!(
                forms, counted,
                "lang/{tag}.json {key}: an array iff counted"
            );
        }
    }
}

#[test]
fn the_readme_lists_every_text_key() {
    let list = between(
        README,
        "whose keys are the table's field names:",
        "A counted text",
    );
    let mut named: Vec<String> = Vec::new();
    for name in backticked(list).into_iter().filter(|n| !n.starts_with('{')) {
        if name == "errors.<code>" {
            named.extend(ErrorCode::ALL.map(|c| format!("errors.{}", c.as_str())));
        } else {
            named.push(name.to_owned());
        }
    }
    let mut sorted = named.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), named.len(), "a key named twice: {named:?}");
    let mut keys = TEXT_KEYS.to_vec();
    keys.sort_unstable();
    assert_eq!(sorted, keys, "README \"## Languages\" key list");
}

#[test]
fn the_typescript_text_keys_are_the_list() {
    assert_eq!(ts_union(DTS, "TextKey"), TEXT_KEYS);
    assert_eq!(ts_union(DTS, "CountedTextKey"), COUNTED_KEYS);
    assert!(DTS.contains("texts?: TextOverrides | string;"));
}
