//! Reading `/config` answers: what is kept, what a hostile answer cannot pass.

use super::*;

fn parse(text: &str) -> Branding {
    Branding::parse(text).unwrap_or_else(|| panic!("not read: {text}"))
}

/// The branding of an answer with only `field` set to the JSON `value`.
fn with(field: &str, value: &str) -> Branding {
    parse(&format!("{{{:?}:{value}}}", field))
}

fn accent(value: &str) -> Option<String> {
    with("btn_color", &Json::of(value).unwrap().to_text()).accent
}

fn logo(url: &str) -> Option<String> {
    with("brand_logo", &Json::of(url).unwrap().to_text())
        .logo
        .map(|logo| logo.src)
}

fn font_of(value: &str) -> Option<String> {
    with("font", &Json::of(value).unwrap().to_text()).font
}

/// `texts_for` as a JSON value, to compare regardless of spacing.
fn texts(branding: &Branding, lang: &str) -> Option<Json> {
    Json::parse(&branding.texts_for(lang)?)
}

fn json(text: &str) -> Option<Json> {
    Some(Json::parse(text).unwrap())
}

#[test]
fn a_full_answer_gives_every_default() {
    let branding = parse(
        r##"{"client_id":"cli_1","btn_color":"#0f766e","brand_logo":"https://cdn.example.com/acme.svg",
        "brand_name":" Acme ","font":"Inter, \"Segoe UI\", sans-serif","lang":"en",
        "localization":{"login_heading":"Sign in to Acme","button_text":"Email me a link",
        "input_label":"Work email","input_placeholder":"you@acme.com"},"theme":{"dark":true}}"##,
    );
    assert_eq!(branding.accent.as_deref(), Some("#0f766e"));
    assert_eq!(
        branding.logo,
        Some(Logo {
            src: "https://cdn.example.com/acme.svg".into(),
            alt: "Acme".into()
        })
    );
    assert_eq!(
        branding.font.as_deref(),
        Some("Inter, \"Segoe UI\", sans-serif")
    );
    assert_eq!(branding.lang.as_deref(), Some("en"));
    assert_eq!(
        branding.texts_for("en-GB").as_deref(),
        Some(
            r#"{"form_title":"Sign in to Acme","send":"Email me a link","email_label":"Work email","email_placeholder":"you@acme.com"}"#
        )
    );
}

#[test]
fn an_empty_answer_gives_nothing() {
    assert_eq!(parse("{}"), Branding::default());
    assert_eq!(parse("{}").texts_for("en"), None);
}

#[test]
fn the_alt_text_is_the_brand_name_or_empty_never_the_url() {
    let logo = |answer| parse(answer).logo.unwrap().alt;
    assert_eq!(logo(r#"{"brand_logo":"https://x.example/l.png"}"#), "");
    assert_eq!(
        logo(r#"{"brand_logo":"https://x.example/l.png","brand_name":"  "}"#),
        ""
    );
    assert_eq!(
        logo(r#"{"brand_logo":"https://x.example/l.png","brand_name":7}"#),
        ""
    );
    assert_eq!(parse(r#"{"brand_name":"Acme"}"#).logo, None);
}

#[test]
fn the_accent_falls_back_to_brand_then_primary_color() {
    assert_eq!(
        parse(r##"{"brand_color":"#111","primary_color":"#222"}"##)
            .accent
            .as_deref(),
        Some("#111")
    );
    assert_eq!(
        parse(r##"{"btn_color":"url(x)","primary_color":"#222"}"##)
            .accent
            .as_deref(),
        Some("#222"),
        "a refused colour gives way to the next field"
    );
}

#[test]
fn plausible_colours_are_kept() {
    for good in [
        "#abc",
        "#ABCD",
        "#0f766e",
        "#0f766e80",
        "rgb(15, 118, 110)",
        "rgba(15,118,110,0.5)",
        "rgb(15 118 110 / 50%)",
        "RGB(1,2,3)",
        "hsl(174, 77%, 26%)",
        "hsla(-10, 77%, 26%, .5)",
        "teal",
        "rebeccapurple",
        "transparent",
    ] {
        assert_eq!(accent(good).as_deref(), Some(good), "refused {good}");
    }
    assert_eq!(accent("  #abc ").as_deref(), Some("#abc"), "trimmed");
}

#[test]
fn hostile_or_broken_colours_are_dropped() {
    let long = format!("rgb({})", "1,".repeat(40));
    for bad in [
        "red;}body{display:none",
        "red;",
        "red }",
        "{red",
        "url(x)",
        "url(https://evil.example/x.png)",
        "var(--x)",
        "rgb(var(--x))",
        "rgb(1,2,3);color:red",
        "rgb(1,2,3))",
        "rgb(calc(1),2,3)",
        "rgb()",
        "rgb(,,)",
        "expression(alert(1))",
        "#12345g",
        "#12345",
        "#",
        "#abc;",
        "\"red\"",
        "'red'",
        "re\\64",
        "red<",
        "re\nd",
        "r\u{7}ed",
        "dark blue",
        "blue-ish",
        "",
        "   ",
        &long,
    ] {
        assert_eq!(accent(bad), None, "kept {bad:?}");
    }
}

#[test]
fn https_and_loopback_logos_are_kept() {
    for good in [
        "https://cdn.example.com/acme.svg",
        "HTTPS://cdn.example.com/a.png?v=2#x",
        "https://localhost.evil.example/x.png",
        "http://localhost:8787/logo.png",
        "http://127.0.0.1/logo.png",
        "http://[::1]:3000/logo.png",
        "http://acme.localhost:8080/logo.png",
        "http://a.b.localhost/logo.png",
    ] {
        assert_eq!(logo(good).as_deref(), Some(good), "refused {good}");
    }
}

#[test]
fn hostile_logos_are_dropped() {
    let long = format!("https://x.example/{}", "a".repeat(2048));
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "data:image/png;base64,iVBORw0KGgo=",
        "http://evil.example/x.png",
        "http://localhost.evil.example/x.png",
        "http://evil.example#.localhost",
        "http://evil.example/.localhost",
        "http://localhost@evil.example/x.png",
        "http://a.localhost@evil.example/x.png",
        "http://.localhost/x.png",
        "http://a..localhost/x.png",
        "http://a_b.localhost/x.png",
        "http://a.localhost:x.evil.example/",
        "//cdn/x.png",
        "/logo.png",
        "logo.png",
        "https://u:p@x/y",
        "https://u@x/y",
        "https://",
        "https://x.example/a b.png",
        "https://x.example/\"onerror=\"alert(1)",
        "https://x.example/x.png\");background:url(\"y",
        "https://x.example/<script>",
        "https://x.example\\@evil.example/",
        "ftp://x.example/x.png",
        "",
        &long,
    ] {
        assert_eq!(logo(bad), None, "kept {bad:?}");
    }
    let longest = format!("https://x.example/{}", "a".repeat(2048 - 18));
    assert_eq!(logo(&longest).map(|src| src.len()), Some(2048));
}

#[test]
fn plain_font_lists_are_kept_and_anything_else_dropped() {
    for good in [
        "Inter",
        "Inter, sans-serif",
        "\"Segoe UI\", 'Helvetica Neue', Arial",
        "Noto Sans JP, 游ゴシック",
    ] {
        assert_eq!(font_of(good).as_deref(), Some(good), "refused {good}");
    }
    for bad in [
        "Inter; color: red",
        "Inter}body{",
        "url(x)",
        "var(--font)",
        "\"Inter",
        "'Inter\"",
        "Inter\\",
        "Inter<",
        "In\nter",
        "",
        " ",
        &"a".repeat(201),
    ] {
        assert_eq!(font_of(bad), None, "kept {bad:?}");
    }
    assert!(font_of(&"é".repeat(200)).is_some(), "200 characters fit");
}

#[test]
fn wrong_types_cost_only_their_field() {
    let branding = parse(
        r##"{"btn_color":5,"brand_color":"#123","brand_logo":{"src":"https://x/y"},"brand_name":"Acme",
        "font":["Inter"],"lang":true,"localization":{"login_heading":7,"button_text":"Go","input_label":null,"input_placeholder":["x"]}}"##,
    );
    assert_eq!(branding.accent.as_deref(), Some("#123"));
    assert_eq!(branding.logo, None);
    assert_eq!(branding.font, None);
    assert_eq!(branding.lang, None);
    assert_eq!(texts(&branding, "en"), json(r#"{"send":"Go"}"#));
    let branding = parse(
        r##"{"btn_color":"teal","brand_logo":"https://x.example/l.png","localization":"Sign in"}"##,
    );
    assert_eq!(branding.accent.as_deref(), Some("teal"));
    assert!(branding.logo.is_some());
    assert_eq!(branding.texts_for("en"), None, "localization not an object");
    assert_eq!(
        parse(r#"{"localization":[{"login_heading":"Hi"}]}"#).texts_for("en"),
        None,
        "an array is no localization"
    );
}

#[test]
fn not_an_object_is_no_answer() {
    for text in [
        "[]", "[{}]", "\"x\"", "null", "1", "true", "{", "", "<html>",
    ] {
        assert_eq!(Branding::parse(text), None, "{text:?}");
    }
}

#[test]
fn flat_texts_apply_to_the_answers_language_or_to_any_without_one() {
    let flat = |lang: &str| {
        parse(&format!(
            r#"{{{lang}"localization":{{"login_heading":"Bienvenue"}}}}"#
        ))
    };
    let expected = json(r#"{"form_title":"Bienvenue"}"#);
    let unlabelled = flat("");
    assert_eq!(texts(&unlabelled, "de"), expected, "no lang: any page");
    let french = flat(r#""lang":"fr","#);
    assert_eq!(texts(&french, "fr"), expected);
    assert_eq!(texts(&french, "fr-CA"), expected);
    assert_eq!(texts(&french, "FR"), expected);
    assert_eq!(texts(&french, "en"), None);
    let canadian = flat(r#""lang":"fr-CA","#);
    assert_eq!(texts(&canadian, "fr-FR"), expected, "same primary subtag");
    assert_eq!(texts(&canadian, "en-CA"), None);
}

#[test]
fn per_language_texts_match_the_exact_tag_then_the_primary_language() {
    let branding = parse(
        r#"{"localization":{
        "en":{"login_heading":"Sign in"},
        "fr":{"login_heading":"Connexion"},
        "fr-CA":{"login_heading":"Connexion (CA)","button_text":"Envoyer"},
        "pt-BR":{"button_text":"Enviar"},
        "de":"Anmelden","":{"login_heading":"blank"},"x;y":{"login_heading":"odd"}}}"#,
    );
    let title = |lang: &str| -> Option<String> {
        #[derive(Deserialize)]
        struct Title {
            form_title: Option<String>,
        }
        texts(&branding, lang)?.read::<Title>()?.form_title
    };
    assert_eq!(title("en").as_deref(), Some("Sign in"));
    assert_eq!(
        texts(&branding, "fr-CA"),
        json(r#"{"form_title":"Connexion (CA)","send":"Envoyer"}"#),
        "exact tag"
    );
    assert_eq!(
        title("fr-ca").as_deref(),
        Some("Connexion (CA)"),
        "any case"
    );
    assert_eq!(
        title("fr").as_deref(),
        Some("Connexion"),
        "exact before related"
    );
    assert_eq!(
        title("fr-BE").as_deref(),
        Some("Connexion"),
        "page fr-BE finds fr"
    );
    assert_eq!(title("en-US").as_deref(), Some("Sign in"));
    assert_eq!(
        texts(&branding, "pt"),
        json(r#"{"send":"Enviar"}"#),
        "page pt finds pt-BR"
    );
    assert_eq!(texts(&branding, "pt_PT"), json(r#"{"send":"Enviar"}"#));
    assert_eq!(
        texts(&branding, "de"),
        None,
        "a string is no language's texts"
    );
    assert_eq!(texts(&branding, "es"), None);
    assert_eq!(texts(&branding, ""), None);
}

#[test]
fn per_language_texts_win_over_flat_ones_of_the_same_answer() {
    let branding =
        parse(r#"{"localization":{"login_heading":"Flat","de":{"login_heading":"Anmelden"}}}"#);
    assert_eq!(
        texts(&branding, "de-AT"),
        json(r#"{"form_title":"Anmelden"}"#)
    );
    assert_eq!(texts(&branding, "en"), json(r#"{"form_title":"Flat"}"#));
}

#[test]
fn blank_texts_are_dropped_and_long_ones_cut_on_a_character() {
    let long = "é".repeat(250);
    let branding = parse(&format!(
        r#"{{"localization":{{"login_heading":"  ","button_text":"","input_label":" Email ","input_placeholder":"{long}"}}}}"#
    ));
    let expected = format!(
        r#"{{"email_label":"Email","email_placeholder":"{}"}}"#,
        "é".repeat(200)
    );
    assert_eq!(texts(&branding, "en"), json(&expected));
    let blank = parse(r#"{"localization":{"en":{"login_heading":" "}}}"#);
    assert_eq!(blank.texts_for("en"), None);
}

#[test]
fn the_texts_are_json_the_texts_option_reads() {
    let branding = parse(
        r#"{"localization":{"login_heading":"Sign in to \"Acme\"","button_text":"Go \\ now","input_label":"Work email"}}"#,
    );
    let json = branding.texts_for("en").unwrap();
    let en = crate::i18n::texts_for(Some("en"));
    let texts = crate::i18n::overrides::with_overrides(en, &json);
    assert_eq!(texts.form_title, "Sign in to \"Acme\"");
    assert_eq!(texts.send, "Go \\ now");
    assert_eq!(texts.email_label, "Work email");
    assert_eq!(texts.resend, en.resend);
}

proptest::proptest! {
    #[test]
    fn arbitrary_values_never_pass_css_syntax(value in ".{0,80}") {
        if let Some(kept) = accent(&value) {
            proptest::prop_assert!(!kept.contains([';', '{', '}', '"', '\'', '\\', '<', ':']), "{kept:?}");
            proptest::prop_assert!(!kept.contains("url(") && !kept.contains("var("), "{kept:?}");
        }
        if let Some(kept) = font_of(&value) {
            proptest::prop_assert!(!kept.contains([';', '{', '}', '(', '\\', '<', ':']), "{kept:?}");
        }
        if let Some(kept) = logo(&value) {
            let lower = kept.to_ascii_lowercase();
            proptest::prop_assert!(lower.starts_with("https://") || lower.starts_with("http://"), "{kept:?}");
            proptest::prop_assert!(!kept.contains(['"', '<', '\\']), "{kept:?}");
        }
    }

    #[test]
    fn arbitrary_answers_never_panic(body in r##"\{("(btn_color|brand_logo|brand_name|font|lang|localization)":(null|true|1|"x"|"#1"|\[\]|\{\}|\{"fr":\{"login_heading":"y"\}\}),?){0,6}\}"##, lang in "[a-zA-Z_-]{0,8}") {
        let body = body.replace(",}", "}");
        if let Some(branding) = Branding::parse(&body) {
            let _ = branding.texts_for(&lang);
        }
    }
}
