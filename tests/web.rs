//! Browser tests: the widget mounted in real headless Chromium.
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use magic_link_widget::browser::element::mount_element;
use magic_link_widget::browser::languages;
use magic_link_widget::i18n::language_files::FILES;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A host element with these attributes, attached to the page, and its shadow root.
fn host(attributes: &[(&str, &str)]) -> (HtmlElement, ShadowRoot) {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    for (name, value) in attributes {
        host.set_attribute(name, value).unwrap();
    }
    document().body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    (host, root)
}

async fn settle() {
    for _ in 0..3 {
        tick().await;
    }
}

#[wasm_bindgen_test]
async fn form_has_a_labelled_field_and_a_send_button() {
    let (_host, root) = host(&[("client-id", "cli_web")]);
    let mut mounted = mount_element(_host.clone(), root.clone().into(), false);
    settle().await;
    let input = root.query_selector("input").unwrap().unwrap();
    let id = input.id();
    let label = root
        .query_selector(&format!("label[for='{id}']"))
        .unwrap()
        .unwrap();
    assert!(label.text_content().unwrap().contains("Email"));
    let button = root.query_selector("button[type=submit]").unwrap().unwrap();
    assert!(button.text_content().unwrap().contains("Send"));
    mounted.unmount();
    assert!(
        root.query_selector("input").unwrap().is_none(),
        "unmount removes the view"
    );
}

/// Stores a waiting flow for `client` whose cooldown ends `cooldown_ms` from now.
fn store_waiting(client: &str, cooldown_ms: f64) {
    let now = js_sys::Date::now();
    let snapshot = format!(
        r#"{{"v":1,"step":"waiting","email":"ana@example.com","state":"st_web","cooldown_until":{},"expires_at":{},"resends":0}}"#,
        (now + cooldown_ms) as u64,
        (now + 300_000.0) as u64
    );
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage
        .set_item(&format!("magic-link-login:{client}"), &snapshot)
        .unwrap();
}

fn active_in(root: &ShadowRoot) -> Option<web_sys::Element> {
    root.active_element()
}

#[wasm_bindgen_test]
async fn going_back_moves_focus_to_the_email_field() {
    store_waiting("cli_focus", 20_000.0);
    let (host_el, root) = host(&[
        ("client-id", "cli_focus"),
        ("api-base", "http://127.0.0.1:9/api/v1"),
    ]);
    let _mounted = mount_element(host_el, root.clone().into(), false);
    settle().await;
    let back: HtmlElement = root
        .query_selector("[part=back]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    back.click();
    settle().await;
    let active = active_in(&root).expect("focus inside the widget");
    assert_eq!(active.tag_name(), "INPUT");
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function blockStorage() {
  const original = Object.getOwnPropertyDescriptor(window, 'sessionStorage');
  Object.defineProperty(window, 'sessionStorage', {
    configurable: true,
    get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
  });
  return () => Object.defineProperty(window, 'sessionStorage', original);
}
export function fillStorageQuota() {
  const original = Storage.prototype.setItem;
  Storage.prototype.setItem = function () {
    throw new DOMException('quota', 'QuotaExceededError');
  };
  return () => { Storage.prototype.setItem = original; };
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = blockStorage)]
    fn block_storage() -> js_sys::Function;
    #[wasm_bindgen(js_name = fillStorageQuota)]
    fn fill_storage_quota() -> js_sys::Function;
}

fn text(root: &ShadowRoot, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn countdown_seconds(root: &ShadowRoot) -> u64 {
    let countdown = text(root, "[part=countdown]");
    countdown
        .trim_start_matches("Resend in ")
        .trim_end_matches('s')
        .parse()
        .unwrap_or_else(|_| panic!("no countdown in {countdown:?}"))
}

#[wasm_bindgen_test]
async fn the_countdown_is_restored_from_the_stored_deadline_after_a_remount() {
    store_waiting("cli_remount", 20_400.0);
    let (host_el, root) = host(&[
        ("client-id", "cli_remount"),
        ("api-base", "http://127.0.0.1:9/api/v1"),
    ]);
    let mut mounted = mount_element(host_el.clone(), root.clone().into(), false);
    settle().await;
    assert!(text(&root, "h2").contains("Check your inbox"));
    assert!(text(&root, "section").contains("ana@example.com"));
    assert_eq!(countdown_seconds(&root), 21);
    let resend = root.query_selector("[part~=resend]").unwrap().unwrap();
    assert!(
        resend.has_attribute("disabled"),
        "resend is disabled while cooling down"
    );
    mounted.unmount();

    // The same deadline, read again: fewer seconds, not a fresh 30.
    gloo_timers::future::TimeoutFuture::new(1_100).await;
    let _again = mount_element(host_el, root.clone().into(), false);
    settle().await;
    assert_eq!(countdown_seconds(&root), 20);
}

#[wasm_bindgen_test]
async fn the_countdown_ticks_down_by_itself() {
    store_waiting("cli_tick", 3_500.0);
    let (host_el, root) = host(&[
        ("client-id", "cli_tick"),
        ("api-base", "http://127.0.0.1:9/api/v1"),
    ]);
    let _mounted = mount_element(host_el, root.clone().into(), false);
    settle().await;
    assert_eq!(countdown_seconds(&root), 4);
    gloo_timers::future::TimeoutFuture::new(1_000).await;
    assert_eq!(countdown_seconds(&root), 3);
    gloo_timers::future::TimeoutFuture::new(2_600).await;
    assert_eq!(
        text(&root, "[part=countdown]"),
        "",
        "no countdown once resend is available"
    );
    let resend = root.query_selector("[part~=resend]").unwrap().unwrap();
    assert!(!resend.has_attribute("disabled"));
    assert_eq!(text(&root, "[role=status]"), "You can resend the link now.");
}

#[wasm_bindgen_test]
async fn an_expired_stored_link_shows_the_expired_step() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let now = js_sys::Date::now() as u64;
    let snapshot = format!(
        r#"{{"v":1,"step":"waiting","email":"ana@example.com","state":"st","cooldown_until":{now},"expires_at":{now},"resends":0}}"#
    );
    storage
        .set_item("magic-link-login:cli_expired", &snapshot)
        .unwrap();
    let (host_el, root) = host(&[
        ("client-id", "cli_expired"),
        ("api-base", "http://127.0.0.1:9/api/v1"),
    ]);
    let _mounted = mount_element(host_el, root.clone().into(), false);
    // One last status check first (the link may have been confirmed meanwhile); the
    // unreachable API answers with a network error, and then the link is expired.
    for _ in 0..50 {
        if text(&root, "h2").contains("expired") {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(100).await;
    }
    assert!(text(&root, "h2").contains("expired"));
    let buttons = text(&root, "section");
    assert!(buttons.contains("Send a new link") && buttons.contains("Use a different email"));
}

#[wasm_bindgen_test]
async fn a_missing_client_id_shows_a_configuration_message_not_a_blank_box() {
    let (host_el, root) = host(&[]);
    let _mounted = mount_element(host_el, root.clone().into(), false);
    settle().await;
    assert!(text(&root, "h2").contains("not available"));
    assert!(text(&root, "[role=alert]").contains("client-id is missing"));
    assert!(
        root.query_selector("input").unwrap().is_none(),
        "nothing can be sent"
    );
}

#[wasm_bindgen_test]
async fn corrupt_or_old_storage_starts_clean() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    for (client, value) in [
        ("cli_garbage", "{not json"),
        (
            "cli_old",
            r#"{"v":0,"step":"waiting","email":"a@b.co","state":"s","cooldown_until":1,"expires_at":1,"resends":0}"#,
        ),
        (
            "cli_edited",
            r#"{"v":1,"step":"dancing","email":"a@b.co","state":"s","cooldown_until":-5,"expires_at":1,"resends":0}"#,
        ),
    ] {
        storage
            .set_item(&format!("magic-link-login:{client}"), value)
            .unwrap();
        let (host_el, root) = host(&[("client-id", client)]);
        let _mounted = mount_element(host_el, root.clone().into(), false);
        settle().await;
        assert!(
            root.query_selector("input[name=email]").unwrap().is_some(),
            "{client}: the form"
        );
        assert_eq!(text(&root, "[role=alert]"), "", "{client}: no error");
    }
}

#[wasm_bindgen_test]
async fn blocked_storage_never_breaks_the_widget() {
    let restore = block_storage();
    let (host_el, root) = host(&[("client-id", "cli_blocked")]);
    let mut mounted = mount_element(host_el, root.clone().into(), false);
    settle().await;
    assert!(root.query_selector("input[name=email]").unwrap().is_some());
    mounted.unmount();
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
}

#[wasm_bindgen_test]
async fn a_full_storage_keeps_the_state_in_memory_for_a_remount() {
    use magic_link_widget::browser::storage;
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    session.set_item("magic-link-login:quota", "stale").unwrap();
    let restore = fill_storage_quota();
    assert_eq!(
        storage::save("magic-link-login:quota", "kept"),
        Err(storage::StorageError::WriteFailed)
    );
    // Regression: a readable but full storage returned its stale value.
    assert_eq!(
        session
            .get_item("magic-link-login:quota")
            .unwrap()
            .as_deref(),
        Some("stale")
    );
    assert_eq!(
        storage::load("magic-link-login:quota").as_deref(),
        Some("kept"),
        "what this page wrote wins"
    );
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let restore = block_storage();
    assert_eq!(
        storage::save("magic-link-login:quota", "v2"),
        Err(storage::StorageError::Blocked)
    );
    assert_eq!(
        storage::load("magic-link-login:quota").as_deref(),
        Some("v2")
    );
    storage::remove("magic-link-login:quota").unwrap_err();
    assert_eq!(storage::load("magic-link-login:quota"), None);
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    session.remove_item("magic-link-login:quota").unwrap();
}

#[wasm_bindgen_test]
async fn language_comes_from_the_attribute_and_texts_can_be_overridden() {
    magic_link_widget::i18n::language_files::add_language(FILES[0].1).unwrap();
    let (host_el, root) = host(&[
        ("client-id", "cli_lang"),
        ("lang", "ar"),
        ("texts", r#"{"send":"أرسل الرابط الآن"}"#),
    ]);
    let _mounted = mount_element(host_el, root.clone().into(), false);
    settle().await;
    let container = root.query_selector(".mll").unwrap().unwrap();
    assert_eq!(container.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(container.get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(text(&root, "button[type=submit]"), "أرسل الرابط الآن");
    assert_ne!(
        text(&root, "label"),
        "Email address",
        "the Arabic table is used"
    );
}

#[wasm_bindgen_test]
async fn a_widget_replacing_a_signed_in_one_stays_signed_in() {
    let (host_el, root) = host(&[("client-id", "cli_resume")]);
    let mounted = mount_element(host_el, root.clone().into(), true);
    settle().await;
    assert!(mounted.signed_in());
    assert!(text(&root, "h2").contains("signed in"));
    assert!(root.query_selector("input").unwrap().is_none());
}

/// A language source like the loader's: answers `tag`'s file after `delay_ms`.
fn language_source(delay_ms: u32) -> js_sys::Function {
    let files = js_sys::Object::new();
    for (tag, text) in FILES {
        js_sys::Reflect::set(&files, &tag.into(), &js_sys::JSON::parse(text).unwrap()).unwrap();
    }
    let make = js_sys::Function::new_with_args(
        "files, delay",
        "return (tag) => new Promise((resolve) => setTimeout(() => resolve(files[tag] || null), delay));",
    );
    make.call2(&wasm_bindgen::JsValue::NULL, &files, &delay_ms.into())
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn a_widget_in_a_language_with_a_file_renders_once_the_file_is_in() {
    languages::set_source(Some(language_source(50)));
    let (host_el, root) = host(&[("client-id", "cli_de"), ("lang", "de-AT")]);
    let _mounted = mount_element(host_el, root.clone().into(), false);
    settle().await;
    assert!(
        root.query_selector("button").unwrap().is_none(),
        "no English flash while the German file is on its way"
    );
    gloo_timers::future::TimeoutFuture::new(120).await;
    settle().await;
    assert_eq!(text(&root, "button[type=submit]"), "Anmeldelink senden");
    // Added once: a second German widget renders at once.
    let (second, second_root) = host(&[("client-id", "cli_de2"), ("lang", "de")]);
    let _again = mount_element(second, second_root.clone().into(), false);
    settle().await;
    assert_eq!(
        text(&second_root, "button[type=submit]"),
        "Anmeldelink senden"
    );
    languages::set_source(None);
}

#[wasm_bindgen_test]
async fn a_missing_language_file_falls_back_to_english_and_an_unmount_cancels() {
    let nothing = js_sys::Function::new_with_args("tag", "return Promise.resolve(null);");
    languages::set_source(Some(nothing));
    let (host_el, root) = host(&[("client-id", "cli_ja"), ("lang", "ja")]);
    let _mounted = mount_element(host_el, root.clone().into(), false);
    settle().await;
    gloo_timers::future::TimeoutFuture::new(10).await;
    settle().await;
    assert_eq!(text(&root, "button[type=submit]"), "Send magic link");

    languages::set_source(Some(language_source(50)));
    let (host_el, root) = host(&[("client-id", "cli_fr"), ("lang", "fr")]);
    let mut mounted = mount_element(host_el, root.clone().into(), false);
    mounted.unmount();
    gloo_timers::future::TimeoutFuture::new(120).await;
    settle().await;
    assert!(
        root.query_selector("button").unwrap().is_none(),
        "an unmounted widget stays unmounted when its file arrives"
    );
    languages::set_source(None);
}

/// A kept `/config` answer for `client`, as `browser::branding` stores it.
fn keep_config(client: &str, answer: &str) {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .set_item(&format!("magic-link-login-config:{client}"), answer)
        .unwrap();
}

#[wasm_bindgen_test]
async fn use_config_with_a_kept_answer_renders_the_brand_at_once() {
    keep_config(
        "cli_brand",
        r##"{"btn_color":"#6d28d9","font":"Georgia, serif","brand_name":"Acme",
            "brand_logo":"https://cdn.example/logo.svg",
            "localization":{"login_heading":"Sign in to Acme","input_placeholder":"you@acme.test"}}"##,
    );
    let (host_el, root) = host(&[
        ("client-id", "cli_brand"),
        ("use-config", ""),
        ("texts", r#"{"form_title":"Mine"}"#),
    ]);
    let mut mounted = mount_element(host_el, root.clone().into(), false);
    // In the same task: nothing to wait for with a kept answer.
    let container: HtmlElement = root
        .query_selector(".mll")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let style = container.style();
    assert_eq!(
        style.get_property_value("--_brand-accent").unwrap(),
        "#6d28d9"
    );
    assert_eq!(
        style.get_property_value("--_brand-font").unwrap(),
        "Georgia, serif"
    );
    let logo = root.query_selector("img[part=logo]").unwrap().unwrap();
    assert_eq!(logo.get_attribute("alt").as_deref(), Some("Acme"));
    assert_eq!(
        logo.get_attribute("referrerpolicy").as_deref(),
        Some("no-referrer")
    );
    assert_eq!(text(&root, "h2"), "Mine", "the element's texts win");
    let input = root.query_selector("input[name=email]").unwrap().unwrap();
    assert_eq!(
        input.get_attribute("placeholder").as_deref(),
        Some("you@acme.test")
    );
    mounted.unmount();
}

#[wasm_bindgen_test]
async fn use_config_without_an_answer_renders_the_defaults_and_tells_the_page_once() {
    // Nothing listens on port 9 (discard): the request fails at once.
    let (host_el, root) = host(&[
        ("client-id", "cli_brand_down"),
        ("api-base", "http://127.0.0.1:9/api/v1"),
        ("use-config", ""),
    ]);
    let heard = js_sys::Array::new();
    let log = heard.clone();
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
        move |event: web_sys::CustomEvent| {
            log.push(&event.detail());
        },
    );
    host_el
        .add_event_listener_with_callback("magic-link-error", listener.as_ref().unchecked_ref())
        .unwrap();
    let mut mounted = mount_element(host_el, root.clone().into(), false);
    assert!(
        root.query_selector("input").unwrap().is_none(),
        "the widget waits for the answer"
    );
    for _ in 0..100 {
        if root.query_selector("input").unwrap().is_some() && heard.length() > 0 {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(30).await;
    }
    settle().await;
    assert_eq!(text(&root, "h2"), "Sign in with email");
    assert!(root.query_selector("img").unwrap().is_none());
    assert_eq!(heard.length(), 1, "told once");
    let code = js_sys::Reflect::get(&heard.get(0), &"code".into()).unwrap();
    assert_eq!(code.as_string().as_deref(), Some("config_unavailable"));
    mounted.unmount();
}
