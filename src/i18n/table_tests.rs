//! Checks of the language tables against the English reference and of the plural
//! rules against CLDR (unicode-org/cldr, common/supplemental/plurals.xml).

use super::*;

/// Category names of each rule, in the order of the rule's indices.
const EN_CATEGORIES: &[&str] = &["one", "other"];
const JA_CATEGORIES: &[&str] = &["other"];
const ROMANCE_CATEGORIES: &[&str] = &["one", "many", "other"];
const AR_CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// The rule and category names each language's plurals must use.
fn expected_rule(lang: &str) -> (fn(u64) -> usize, &'static [&'static str]) {
    match lang {
        "en" | "de" => (one_other, EN_CATEGORIES),
        "fr" => (fr_rule, ROMANCE_CATEGORIES),
        "es" => (es_rule, ROMANCE_CATEGORIES),
        "pt" => (pt_rule, ROMANCE_CATEGORIES),
        "ja" => (other_only, JA_CATEGORIES),
        "ar" => (ar_rule, AR_CATEGORIES),
        other => panic!("no plural rule expected for {other}"),
    }
}

/// Numbers that reach every category of every rule, including CLDR's samples.
fn sample_numbers() -> impl Iterator<Item = u64> {
    (0..=1_200).chain([
        10_000,
        100_000,
        999_999,
        1_000_000,
        1_000_001,
        1_000_011,
        2_000_000,
        10_000_000,
        1_000_000_000,
    ])
}

/// Every text of a table, by field name; a plural field lists its forms.
pub(super) fn fields(t: &Texts) -> Vec<(&'static str, Vec<&'static str>)> {
    let e = &t.errors;
    let plain = |name, text| (name, vec![text]);
    let plural = |name, p: &Plural| (name, p.forms.to_vec());
    vec![
        plain("form_title", t.form_title),
        plain("email_label", t.email_label),
        plain("send", t.send),
        plain("sending", t.sending),
        plain("send_in", t.send_in),
        plain("waiting_title", t.waiting_title),
        plain("waiting_body", t.waiting_body),
        plural("waiting_status", &t.waiting_status),
        plain("match_code", t.match_code),
        plain("resend", t.resend),
        plain("resend_in", t.resend_in),
        plain("resending", t.resending),
        plural("resent", &t.resent),
        plain("resend_ready", t.resend_ready),
        plain("use_different_email", t.use_different_email),
        plain("offline_waiting", t.offline_waiting),
        plain("back_online", t.back_online),
        plain("signed_in_title", t.signed_in_title),
        plain("signed_in_body", t.signed_in_body),
        plain("expired_title", t.expired_title),
        plain("expired_body", t.expired_body),
        plain("send_new_link", t.send_new_link),
        plain("config_title", t.config_title),
        plain("server_said", t.server_said),
        plain("email_placeholder", t.email_placeholder),
        plain("send_code", t.send_code),
        plain("sending_code", t.sending_code),
        plain("code_title", t.code_title),
        plain("code_body", t.code_body),
        plain("code_label", t.code_label),
        plain("verify_code", t.verify_code),
        plain("verifying", t.verifying),
        plural("code_status", &t.code_status),
        plain("resend_code", t.resend_code),
        plain("resending_code", t.resending_code),
        plural("code_resent", &t.code_resent),
        plain("resend_code_ready", t.resend_code_ready),
        plain("enter_code_instead", t.enter_code_instead),
        plain("code_expired_title", t.code_expired_title),
        plain("code_expired_body", t.code_expired_body),
        plain("send_new_code", t.send_new_code),
        plain("cancelled_title", t.cancelled_title),
        plain("cancelled_body", t.cancelled_body),
        plain("errors.invalid_email", e.invalid_email),
        plural("errors.rate_limited_for", &e.rate_limited_for),
        plain("errors.rate_limited", e.rate_limited),
        plain("errors.network", e.network),
        plain("errors.timeout", e.timeout),
        plain("errors.server", e.server),
        plain("errors.bad_response", e.bad_response),
        plain("errors.expired", e.expired),
        plain("errors.cancelled", e.cancelled),
        plain("errors.config", e.config),
        plain("errors.offline", e.offline),
        plain("errors.rejected", e.rejected),
        plain("errors.invalid_code", e.invalid_code),
        plain("errors.wrong_code", e.wrong_code),
        plural("errors.wrong_code_left", &e.wrong_code_left),
        plain("errors.config_unavailable", e.config_unavailable),
    ]
}

/// The plural fields of a table, by name.
pub(super) fn plurals(t: &Texts) -> [(&'static str, &Plural); 6] {
    [
        ("waiting_status", &t.waiting_status),
        ("resent", &t.resent),
        ("errors.rate_limited_for", &t.errors.rate_limited_for),
        ("code_status", &t.code_status),
        ("code_resent", &t.code_resent),
        ("errors.wrong_code_left", &t.errors.wrong_code_left),
    ]
}

/// The `{…}` placeholders of a text, sorted and without repeats.
fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            panic!("unclosed placeholder in {text:?}");
        };
        found.push(&rest[start..=start + len]);
        rest = &rest[start + len + 1..];
    }
    found.sort_unstable();
    found.dedup();
    found
}

fn english() -> &'static Texts {
    texts_for(Some("en"))
}

/// English and every language file, each added once.
pub(super) fn all_languages() -> Vec<&'static Texts> {
    let files = language_files::FILES.iter();
    let added = files.map(|(tag, text)| {
        let texts = language_files::add_language(text).expect("a language file");
        assert_eq!(texts.lang, *tag, "the file's lang names its tag");
        texts
    });
    std::iter::once(english()).chain(added).collect()
}

fn translations() -> impl Iterator<Item = &'static Texts> {
    all_languages().into_iter().filter(|t| t.lang != "en")
}

fn category(rule: fn(u64) -> usize, names: &[&'static str], n: u64) -> &'static str {
    names[rule(n)]
}

#[test]
fn arabic_rule_matches_cldr() {
    // CLDR ar: zero n = 0; one n = 1; two n = 2; few n % 100 = 3..10;
    // many n % 100 = 11..99; other everything else.
    let cases = [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (10, "few"),
        (11, "many"),
        (99, "many"),
        (100, "other"),
        (101, "other"),
        (102, "other"),
        (103, "few"),
        (110, "few"),
        (111, "many"),
        (199, "many"),
        (200, "other"),
        (202, "other"),
        (1_000, "other"),
        (1_002, "other"),
        (1_003, "few"),
        (1_011, "many"),
        (1_000_000, "other"),
    ];
    for (n, want) in cases {
        assert_eq!(category(ar_rule, AR_CATEGORIES, n), want, "ar {n}");
    }
    // CLDR's own integer samples for each category.
    let samples: [(&str, &[u64]); 6] = [
        ("zero", &[0]),
        ("one", &[1]),
        ("two", &[2]),
        (
            "few",
            &[
                3, 4, 5, 6, 7, 8, 9, 10, 103, 104, 105, 106, 107, 108, 109, 110, 1003,
            ],
        ),
        (
            "many",
            &[
                11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 111, 1011,
            ],
        ),
        (
            "other",
            &[
                100, 101, 102, 200, 201, 202, 300, 301, 302, 400, 401, 402, 500, 501, 502, 600,
                1000, 10000, 100000, 1000000,
            ],
        ),
    ];
    for (want, numbers) in samples {
        for &n in numbers {
            assert_eq!(category(ar_rule, AR_CATEGORIES, n), want, "ar sample {n}");
        }
    }
}

#[test]
fn french_spanish_portuguese_rules_match_cldr() {
    // one: fr i = 0,1; pt i = 0..1; es n = 1. many (all three): a non-zero
    // multiple of a million (e = 0 and i != 0 and i % 1000000 = 0 and v = 0).
    let cases = [
        (0, "one", "other", "one"),
        (1, "one", "one", "one"),
        (2, "other", "other", "other"),
        (17, "other", "other", "other"),
        (100, "other", "other", "other"),
        (1_000, "other", "other", "other"),
        (100_000, "other", "other", "other"),
        (999_999, "other", "other", "other"),
        (1_000_000, "many", "many", "many"),
        (1_000_001, "other", "other", "other"),
        (2_000_000, "many", "many", "many"),
        (10_000_000, "many", "many", "many"),
    ];
    for (n, fr, es, pt) in cases {
        assert_eq!(category(fr_rule, ROMANCE_CATEGORIES, n), fr, "fr {n}");
        assert_eq!(category(es_rule, ROMANCE_CATEGORIES, n), es, "es {n}");
        assert_eq!(category(pt_rule, ROMANCE_CATEGORIES, n), pt, "pt {n}");
    }
}

#[test]
fn english_german_and_japanese_rules_match_cldr() {
    // en, de: one i = 1 and v = 0; ja: other only.
    for n in sample_numbers() {
        let want = if n == 1 { "one" } else { "other" };
        assert_eq!(category(one_other, EN_CATEGORIES, n), want, "en/de {n}");
        assert_eq!(category(other_only, JA_CATEGORIES, n), "other", "ja {n}");
    }
}

#[test]
fn every_plural_uses_its_languages_rule_with_one_form_per_category() {
    for t in all_languages() {
        let (rule, names) = expected_rule(t.lang);
        for (field, plural) in plurals(t) {
            assert_eq!(
                plural.forms.len(),
                names.len(),
                "{} {field}: one form per category {names:?}",
                t.lang
            );
            let mut used = vec![false; names.len()];
            for n in sample_numbers() {
                assert_eq!((plural.rule)(n), rule(n), "{} {field}: rule at {n}", t.lang);
                used[rule(n)] = true;
            }
            assert!(
                used.iter().all(|&u| u),
                "{} {field}: unused category",
                t.lang
            );
        }
    }
}

#[test]
fn plural_forms_read_right_for_their_numbers() {
    all_languages();
    let ar = texts_for(Some("ar"));
    let wait = |n| ar.errors.rate_limited_for.format(n);
    assert!(wait(1).ends_with("بعد ثانية واحدة."), "{}", wait(1));
    assert!(wait(2).ends_with("بعد ثانيتين."), "{}", wait(2));
    assert!(wait(3).ends_with("بعد 3 ثوانٍ."), "{}", wait(3));
    assert!(wait(11).ends_with("بعد 11 ثانية."), "{}", wait(11));
    assert!(wait(100).ends_with("بعد 100 ثانية."), "{}", wait(100));
    assert!(wait(103).ends_with("بعد 103 ثوانٍ."), "{}", wait(103));

    let fr = texts_for(Some("fr"));
    assert!(fr
        .errors
        .rate_limited_for
        .format(1)
        .ends_with("dans 1 seconde."));
    assert!(fr
        .errors
        .rate_limited_for
        .format(0)
        .ends_with("dans 0 seconde."));
    assert!(fr
        .errors
        .rate_limited_for
        .format(30)
        .ends_with("dans 30 secondes."));
    assert!(fr
        .errors
        .rate_limited_for
        .format(2_000_000)
        .ends_with("dans 2000000 de secondes."));

    let es = texts_for(Some("es"));
    assert!(es.resent.format(1).ends_with("en 1 segundo."));
    assert!(es.resent.format(0).ends_with("en 0 segundos."));
    assert!(es
        .resent
        .format(1_000_000)
        .ends_with("en 1000000 de segundos."));

    let pt = texts_for(Some("pt"));
    assert!(pt.resent.format(1).ends_with("em 1 segundo."));
    assert!(pt.resent.format(60).ends_with("em 60 segundos."));

    let de = texts_for(Some("de"));
    assert!(de
        .errors
        .rate_limited_for
        .format(1)
        .contains("in 1 Sekunde "));
    assert!(de
        .errors
        .rate_limited_for
        .format(5)
        .contains("in 5 Sekunden "));
    assert_eq!(fill_number(de.resend_in, 27), "Erneut senden in 27 s");

    let ja = texts_for(Some("ja"));
    assert!(ja.errors.rate_limited_for.format(1).contains("1秒後"));
    assert_eq!(fill_number(ja.resend_in, 27), "27秒後に再送信");
}

#[test]
fn no_text_is_english_left_untranslated() {
    // Fields that may legitimately read the same as English, as (lang, field).
    const SAME_AS_ENGLISH: &[(&str, &str)] = &[];
    let en = fields(english());
    // English sentences of three words or more (addresses such as name@example.com
    // may stay), which must not appear inside any translation.
    let sentences: Vec<&str> = en
        .iter()
        .flat_map(|(_, texts)| texts.iter())
        .flat_map(|text| text.split_inclusive(['.', '!', ';', ':', '…']))
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= 3 && !s.contains('@'))
        .collect();
    assert!(sentences.len() > 30, "{sentences:?}");
    for t in translations() {
        for ((field, texts), (en_field, en_texts)) in fields(t).into_iter().zip(&en) {
            assert_eq!(field, *en_field);
            // An empty English text (no placeholder) stays empty everywhere.
            if SAME_AS_ENGLISH.contains(&(t.lang, field)) || en_texts == &[""] {
                continue;
            }
            for text in texts {
                assert!(
                    !en_texts.contains(&text),
                    "{} {field}: same as English: {text:?}",
                    t.lang
                );
                for sentence in &sentences {
                    assert!(
                        !text.contains(sentence),
                        "{} {field}: English sentence {sentence:?} in {text:?}",
                        t.lang
                    );
                }
            }
        }
    }
}

#[test]
fn placeholders_match_english_field_by_field() {
    let en = fields(english());
    for t in all_languages() {
        let (rule, _) = expected_rule(t.lang);
        for ((field, texts), (_, en_texts)) in fields(t).into_iter().zip(&en) {
            let mut want: Vec<&str> = en_texts.iter().flat_map(|s| placeholders(s)).collect();
            want.sort_unstable();
            want.dedup();
            let plural = texts.len() > 1 || en_texts.len() > 1;
            for (index, text) in texts.iter().enumerate() {
                let got = placeholders(text);
                if got == want {
                    continue;
                }
                // A plural form may name its count in words ("ثانيتين", two seconds)
                // instead of `{n}`, but only if the rule uses it for a single number.
                let numbers = sample_numbers().filter(|&n| rule(n) == index).count();
                let without_n: Vec<&str> = want.iter().copied().filter(|p| *p != "{n}").collect();
                assert!(
                    plural && got == without_n && numbers == 1,
                    "{} {field}[{index}]: placeholders {got:?}, English has {want:?}: {text:?}",
                    t.lang
                );
            }
        }
    }
}

#[test]
fn email_is_isolated_in_right_to_left_texts() {
    for t in all_languages().into_iter().filter(|t| t.rtl) {
        for (field, texts) in fields(t) {
            for text in texts {
                let isolated = text.matches("\u{2068}{email}\u{2069}").count();
                assert_eq!(
                    text.matches("{email}").count(),
                    isolated,
                    "{} {field}: {{email}} without U+2068/U+2069 around it: {text:?}",
                    t.lang
                );
            }
        }
    }
}

#[test]
fn regional_tags_find_their_language() {
    let cases = [
        (None, "en"),
        (Some(""), "en"),
        (Some("en-US"), "en"),
        (Some("de"), "de"),
        (Some("de-AT"), "de"),
        (Some("de-CH"), "de"),
        (Some("fr-CA"), "fr"),
        (Some("fr_BE"), "fr"),
        (Some("es-MX"), "es"),
        (Some("es-419"), "es"),
        (Some("ES-es"), "es"),
        (Some("pt-BR"), "pt"),
        (Some("pt-PT"), "pt"),
        (Some("pt_br"), "pt"),
        (Some("ja-JP"), "ja"),
        (Some("JA"), "ja"),
        (Some("ar-EG"), "ar"),
        (Some("ar-SA"), "ar"),
        (Some("ar"), "ar"),
        (Some("zh-CN"), "en"),
        (Some("nl"), "en"),
    ];
    all_languages();
    for (tag, want) in cases {
        assert_eq!(texts_for(tag).lang, want, "{tag:?}");
    }
}

#[test]
fn only_arabic_is_right_to_left() {
    for t in all_languages() {
        assert_eq!(t.rtl, t.lang == "ar", "{}", t.lang);
    }
}

#[test]
fn every_language_says_every_error_in_its_own_words() {
    let en = english();
    for t in translations() {
        for code in crate::error::ErrorCode::ALL {
            for wait in [None, Some(1), Some(2), Some(30)] {
                let said = t.error_message(code, wait);
                assert_ne!(said, en.error_message(code, wait), "{} {code:?}", t.lang);
                assert!(!said.contains('{'), "{} {code:?}: {said}", t.lang);
            }
        }
    }
}

#[test]
fn languages_are_missing_until_their_file_is_added() {
    // A fresh thread: nothing added yet.
    std::thread::spawn(|| {
        assert!(language_files::is_missing(Some("de-AT")));
        assert!(!language_files::is_missing(Some("en")));
        assert!(
            !language_files::is_missing(Some("nl")),
            "no file: English at once"
        );
        assert_eq!(texts_for(Some("de")).lang, "en");
        let de = language_files::add_language(language_files::FILES[1].1).unwrap();
        assert!(!language_files::is_missing(Some("de")));
        assert!(std::ptr::eq(texts_for(Some("de-CH")), de));
        let again = language_files::add_language(language_files::FILES[1].1).unwrap();
        assert!(std::ptr::eq(again, de), "added once");
    })
    .join()
    .unwrap();
}

#[test]
fn only_language_files_are_added() {
    for bad in ["", "[]", "{}", r#"{"lang":5}"#, r#"["lang","de"]"#] {
        assert!(language_files::add_language(bad).is_none(), "{bad}");
    }
    // Without a text, English remains for that text.
    let partial = language_files::add_language(r#"{"lang":"xx","send":"Senden!"}"#).unwrap();
    assert_eq!(partial.send, "Senden!");
    assert_eq!(partial.resend, english().resend);
}

#[test]
fn the_language_files_are_the_ones_the_loader_and_the_folder_list() {
    let tags: Vec<&str> = language_files::FILES.iter().map(|(tag, _)| *tag).collect();
    assert_eq!(tags, language_files::TAGS);
    let mut folder: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/lang"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    folder.sort();
    let files: Vec<String> = tags.iter().map(|tag| format!("{tag}.json")).collect();
    assert_eq!(folder, files);
    let loader = crate::doc_lists::between(crate::doc_lists::LOADER, "var LANGUAGES = [", "];");
    assert_eq!(
        crate::doc_lists::quoted(loader),
        tags,
        "the loader's LANGUAGES"
    );
}

#[test]
fn counted_overrides_take_the_languages_forms() {
    let ar = all_languages()
        .into_iter()
        .find(|t| t.lang == "ar")
        .unwrap();
    let texts = super::overrides::with_overrides(
        ar,
        r#"{"resent":["0 {n}","1 {n}","2 {n}","few {n}","many {n}","other {n}"]}"#,
    );
    assert_eq!(texts.resent.format(0), "0 0");
    assert_eq!(texts.resent.format(7), "few 7");
    assert_eq!(texts.resent.format(100), "other 100");
}

/// The loader draws the instant form in English with words of its own (the release
/// build adds the other languages from `lang/`): they must be the widget's.
#[test]
fn the_loaders_english_form_words_are_the_widgets() {
    let english = crate::doc_lists::between(crate::doc_lists::LOADER, "var ENGLISH = {", "};");
    let en = &crate::i18n::en::EN;
    let dir = if en.rtl { "rtl" } else { "ltr" };
    assert_eq!(
        crate::doc_lists::quoted(english),
        [
            en.lang,
            dir,
            en.form_title,
            en.email_label,
            en.send,
            en.send_code
        ],
        "the loader's ENGLISH: lang, dir, form_title, email_label, send, send_code"
    );
}
