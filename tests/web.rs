//! Browser tests: the widget mounted in real headless Chromium.
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use magic_link_widget::browser::element::mount_element;
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
    let mut mounted = mount_element(_host.clone(), root.clone().into());
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
    let _mounted = mount_element(host_el, root.clone().into());
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
