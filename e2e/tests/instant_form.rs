//! The instant form: the loader draws the form step before the WebAssembly arrives,
//! a person can type and press Send at once, and the widget takes over without the
//! person noticing. The wasm is held back by the test server, so "before the wasm"
//! is a fact, not a race. Real browsers, the release build and devapi over HTTP.

use std::time::Duration;

use common::{demo_url, requests_to, ENTER, WAIT};
use e2e::{widget_dist, Browser, DevApi, Engine, Page, StaticServer};
use serde_json::{json, Value};

mod common;

/// How long the test server holds back the wasm.
const WASM_DELAY: Duration = Duration::from_millis(1500);

/// The demo page with the wasm held back by [`WASM_DELAY`], opened in a browser
/// that may act on the instant form; the dist server and the page's URL come along.
async fn demo_with_the_wasm_held_back() -> (Browser, DevApi, StaticServer, String) {
    let browser = Browser::start().await;
    browser.act_before_the_widget_runs(true);
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::delaying(widget_dist(), "_bg.wasm", WASM_DELAY);
    let url = demo_url(&dist, &devapi, "");
    browser.goto(&url).await;
    (browser, devapi, dist, url)
}

/// Whether the widget's module has run (it defines the element).
async fn widget_runs(browser: &Browser) -> bool {
    browser
        .execute("return !!customElements.get('magic-link-login')", vec![])
        .await
        == json!(true)
}

/// Waits until the widget ran and its own form replaced the loader's.
async fn wait_for_hand_over(browser: &Browser, selector: &str) {
    browser
        .wait_until(
            WAIT,
            "the widget to take over from the instant form",
            || async {
                browser
                    .execute(
                        "const host = document.querySelector(arguments[0]);
                     const root = host.shadowRoot || host;
                     return !!customElements.get('magic-link-login')
                       && !root.querySelector('[data-mll-instant]')
                       && !!root.querySelector('.mll');",
                        vec![json!(selector)],
                    )
                    .await
                    == json!(true)
            },
        )
        .await;
}

#[tokio::test]
async fn typing_and_send_before_the_wasm_arrives_sends_once_and_reaches_the_waiting_step() {
    let (browser, devapi, _dist, _url) = demo_with_the_wasm_held_back().await;

    browser
        .type_into_textbox("Email address", "ana@example.com")
        .await;
    browser.click_button("Send magic link").await;
    assert!(!widget_runs(&browser).await, "sent before the wasm arrived");
    assert!(
        browser.is_button_disabled("Send magic link").await,
        "the kept Send shows as sending"
    );
    assert!(requests_to(&devapi, "send").await.is_empty());

    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    let sends = requests_to(&devapi, "send").await;
    assert_eq!(sends.len(), 1, "one request for one Send: {sends:?}");
    assert_eq!(devapi.outbox().await[0].to, "ana@example.com");
    browser.close().await;
}

#[tokio::test]
async fn enter_before_the_wasm_arrives_is_a_send_not_a_navigation() {
    let (browser, devapi, _dist, url) = demo_with_the_wasm_held_back().await;
    browser
        .type_into_textbox("Email address", &format!("ana@example.com{ENTER}"))
        .await;
    assert!(
        !widget_runs(&browser).await,
        "pressed before the wasm arrived"
    );
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    assert_eq!(browser.client().current_url().await.unwrap().as_str(), url);
    assert_eq!(requests_to(&devapi, "send").await.len(), 1);
    browser.close().await;
}

#[tokio::test]
async fn the_value_focus_and_caret_survive_the_hand_over_and_nothing_moves() {
    let (browser, _devapi, _dist, _url) = demo_with_the_wasm_held_back().await;
    browser
        .type_into_textbox("Email address", "ana@example.com")
        .await;
    // The caret four characters from the end, as a person fixing a typo.
    let left = "\u{e012}".repeat(4);
    browser
        .find_by_role("textbox", "Email address")
        .await
        .expect("the field")
        .send_keys(&left)
        .await
        .expect("arrow keys");
    let probe = "const host = document.querySelector('magic-link-login');
                 const root = host.shadowRoot;
                 const input = root.querySelector('input.mll-input');
                 const box = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round); };
                 return { value: input.value, caret: [input.selectionStart, input.selectionEnd],
                          focused: root.activeElement === input,
                          instant: !!input.closest('[data-mll-instant]'),
                          field: box(input), button: box(root.querySelector('button.mll-button')),
                          host: box(host) };";
    let before = browser.execute(probe, vec![]).await;
    assert!(
        !widget_runs(&browser).await,
        "typed before the wasm arrived"
    );
    assert_eq!(before["instant"], json!(true), "{before}");
    assert_eq!(before["caret"], json!([11, 11]), "{before}");

    wait_for_hand_over(&browser, "magic-link-login").await;
    let after = browser.execute(probe, vec![]).await;
    assert_eq!(
        after["instant"],
        json!(false),
        "the widget's own form: {after}"
    );
    for kept in ["value", "caret", "focused", "field", "button", "host"] {
        assert_eq!(after[kept], before[kept], "{kept} changed in the hand-over");
    }
    browser.close().await;
}

#[tokio::test]
async fn a_reload_on_the_waiting_step_shows_a_placeholder_of_its_height_never_the_form() {
    let (browser, _devapi, _dist, _url) = demo_with_the_wasm_held_back().await;
    browser
        .type_into_textbox("Email address", "ana@example.com")
        .await;
    browser.click_button("Send magic link").await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    let height = "return Math.round(document.querySelector('magic-link-login').getBoundingClientRect().height)";
    let waiting_height = browser.execute(height, vec![]).await;

    browser.client().refresh().await.expect("reload");
    let early = browser
        .execute(
            "const root = document.querySelector('magic-link-login').shadowRoot;
             return { runs: !!customElements.get('magic-link-login'),
                      form: !!(root && root.querySelector('form, input')),
                      placeholder: !!(root && root.querySelector('[data-mll-instant=placeholder]')) };",
            vec![],
        )
        .await;
    assert_eq!(
        early,
        json!({ "runs": false, "form": false, "placeholder": true }),
        "before the wasm, a placeholder and no form"
    );
    let placeholder_height = browser.execute(height, vec![]).await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    // The height the step has after the reload (without the announcement the send
    // made): nothing moves when the widget takes over.
    assert_eq!(browser.execute(height, vec![]).await, placeholder_height);
    assert_ne!(
        placeholder_height, waiting_height,
        "the announcement is not counted"
    );
    assert!(!browser.has_role("textbox", "Email address").await);
    browser.close().await;
}

/// A comparable picture of the form drawn in `selector`: tags, attributes (ids
/// reduced to their role), texts, without the comments and blank text Leptos leaves.
const PICTURE: &str = "
const host = document.querySelector(arguments[0]);
const root = host.shadowRoot || host;
const holder = [...root.children].find((c) => c.hasAttribute('data-mll-instant'));
const form = holder ? holder.firstElementChild : [...root.children].filter((c) => c.localName === 'div').pop().firstElementChild;
const idless = (value) => value.replace(/mlli?\\d+-/g, 'ID-');
const picture = (node) => {
  if (node.nodeType === 3) return node.data.trim() ? JSON.stringify(node.data) : '';
  if (node.nodeType !== 1) return '';
  const attributes = [...node.attributes].map((a) => `${a.name}=${JSON.stringify(idless(a.value))}`).sort().join(' ');
  return `<${node.localName} ${attributes}>${[...node.childNodes].map(picture).join('')}</${node.localName}>`;
};
const box = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round); };
const input = form.querySelector('input');
const button = form.querySelector('button');
const look = (el) => { const c = getComputedStyle(el); return [c.color, c.backgroundColor, c.borderTopColor, c.borderTopWidth, c.font].join(' / '); };
return { markup: picture(form), value: input.value, field: box(input),
         button: box(button), host: box(host),
         look: [look(form), look(input), look(button)],
         instant: !!holder };";

#[tokio::test]
async fn the_instant_form_is_the_widgets_form_in_every_language_with_and_without_shadow() {
    let browser = Browser::start().await;
    let dist = StaticServer::delaying(widget_dist(), "_bg.wasm", WASM_DELAY);
    let cases = [
        ("en", ""),
        ("ar", ""),
        ("de", ""),
        ("es", ""),
        ("fr", ""),
        ("ja", ""),
        ("pt", ""),
        ("en", " no-shadow"),
        ("ar", " no-shadow"),
        ("de", r#" texts='{"send":"Los"}' email="ana@example.com""#),
    ];
    // The colours, borders and fonts too, in every colour mode Chromium can emulate.
    let modes: &[&str] = if browser.engine() == Engine::Chromium {
        &["", "prefers-color-scheme: dark", "forced-colors: active"]
    } else {
        &[""]
    };
    for &mode in modes {
        if let Some((name, value)) = mode.split_once(": ") {
            browser
                .cdp(
                    "Emulation.setEmulatedMedia",
                    json!({ "features": [{ "name": name, "value": value }] }),
                )
                .await;
        }
        check_every_case(&browser, &dist, &cases, mode).await;
    }
    browser.close().await;
}

async fn check_every_case(
    browser: &Browser,
    dist: &StaticServer,
    cases: &[(&str, &str)],
    mode: &str,
) {
    for &(lang, extra) in cases {
        let host = StaticServer::pages(vec![Page::new(
            "/",
            format!(
                r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>host</title></head>
<body><magic-link-login client-id="cli_same" api-base="http://127.0.0.1:9/api/v1"{extra}></magic-link-login>
<script src="{loader}" defer></script></body></html>"#,
                loader = dist.url("/magic-link-login.js")
            ),
        )]);
        browser.goto(&host.url("/")).await;
        let instant = browser
            .execute(PICTURE, vec![json!("magic-link-login")])
            .await;
        assert_eq!(instant["instant"], json!(true), "{lang}{extra}: {instant}");
        wait_for_hand_over(browser, "magic-link-login").await;
        let widget = browser
            .execute(PICTURE, vec![json!("magic-link-login")])
            .await;
        assert_eq!(widget["instant"], json!(false), "{lang}{extra}");
        for same in ["markup", "value", "field", "button", "host", "look"] {
            assert_eq!(
                instant[same], widget[same],
                "{lang}{extra} {mode}: the instant form's {same} differs from the widget's"
            );
        }
        assert_ne!(instant["markup"], Value::Null);
    }
}

#[tokio::test]
async fn several_widgets_and_a_mount_before_the_wasm_each_get_an_instant_form_and_hand_over() {
    let browser = Browser::start().await;
    let dist = StaticServer::delaying(widget_dist(), "_bg.wasm", WASM_DELAY);
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head>
<body><magic-link-login id="a" client-id="cli_a" api-base="http://127.0.0.1:9/api/v1"></magic-link-login>
<magic-link-login id="b" client-id="cli_b" api-base="http://127.0.0.1:9/api/v1" lang="fr" no-shadow></magic-link-login>
<div id="slot"></div>
<script src="{loader}" defer></script>
<script>
  document.addEventListener('DOMContentLoaded', () => {{
    window.mounted = MagicLinkLogin.mount('#slot', {{ clientId: 'cli_c', apiBase: 'http://127.0.0.1:9/api/v1', lang: 'de' }});
  }});
</script></body></html>"#,
            loader = dist.url("/magic-link-login.js")
        ),
    )]);
    browser.goto(&host.url("/")).await;
    let count = "return [...document.querySelectorAll('magic-link-login')].map((el) => {
                   const root = el.shadowRoot || el;
                   return [...root.children].some((c) => c.hasAttribute('data-mll-instant'))
                     + ' ' + (root.querySelector('button.mll-button') || {}).textContent;
                 })";
    assert!(!widget_runs(&browser).await);
    assert_eq!(
        browser.execute(count, vec![]).await,
        json!([
            "true Send magic link",
            "true Envoyer le lien magique",
            "true Anmeldelink senden"
        ])
    );
    // The French one is in the light DOM: the page's own ids stay unique.
    let ids = browser
        .execute(
            "return [...document.querySelectorAll('[id]')].map((el) => el.id)",
            vec![],
        )
        .await;
    let ids: Vec<String> = serde_json::from_value(ids).expect("ids");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");

    for selector in ["#a", "#b", "#slot > magic-link-login"] {
        wait_for_hand_over(&browser, selector).await;
    }
    assert_eq!(
        browser.execute(count, vec![]).await,
        json!([
            "false Send magic link",
            "false Envoyer le lien magique",
            "false Anmeldelink senden"
        ])
    );
    browser.close().await;
}
