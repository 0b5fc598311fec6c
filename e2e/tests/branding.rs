//! `use-config`: the client's branding from the API's `GET /config`, through the
//! demo page (and a host page of its own where the page's CSS matters), in a real
//! browser against a real devapi, whose built-in sample is "Acme": button colour
//! #6d28d9, a logo it serves itself, Georgia, and English texts.

mod common;

use std::time::{Duration, Instant};

use common::*;
use e2e::{chromium_only, widget_dist, Browser, DevApi, Page, StaticServer};
use serde_json::{json, Value};

const ADDRESS: &str = "ana@example.com";

/// The sample's `btn_color` (#6d28d9), as browsers compute it.
const ACME_PURPLE: &str = "rgb(109, 40, 217)";
/// The widget's own accent (#1d4ed8).
const DEFAULT_BLUE: &str = "rgb(29, 78, 216)";
/// What the widget tells the page when the branding cannot be had (src/i18n/en.rs).
const UNAVAILABLE_MESSAGE: &str = "The sign-in form's branding could not be loaded.";

/// How the form looks now, read in the widget's shadow root.
async fn form_look(browser: &Browser) -> Value {
    in_shadow(
        browser,
        "const one = (s) => root.querySelector(s);
         const logo = one('img[part~=logo]');
         return {
           heading: one('h2').textContent,
           label: one('label[part~=label]').textContent,
           button: one('button[part~=button]').textContent.trim(),
           placeholder: one('input[part~=input]').getAttribute('placeholder'),
           accent: getComputedStyle(one('button[part~=button]')).backgroundColor,
           font: getComputedStyle(one('[part~=container]')).fontFamily,
           logo: logo && { alt: logo.alt, referrerpolicy: logo.getAttribute('referrerpolicy'),
                           src: logo.getAttribute('src') },
         };",
    )
    .await
}

/// Waits for the widget's form headed `heading` (the instant form gone).
async fn wait_for_form(browser: &Browser, heading: &str) {
    browser.wait_for_role("heading", heading, WAIT).await;
}

/// Waits until the logo has loaded (an SVG of 64 × 64 px).
async fn wait_for_logo(browser: &Browser) {
    browser
        .wait_until(WAIT, "the logo to load", || async {
            in_shadow(
                browser,
                "const logo = root.querySelector('img[part~=logo]');
                 return !!logo && logo.complete && logo.naturalWidth > 0;",
            )
            .await
                == Value::Bool(true)
        })
        .await;
}

/// Asserts the widget's own look: the default heading, Send, accent, and no logo
/// or placeholder.
fn assert_default_look(look: &Value, what: &str) {
    assert_eq!(look["heading"], "Sign in with email", "{what}: {look}");
    assert_eq!(look["button"], "Send magic link", "{what}: {look}");
    assert_eq!(look["accent"], DEFAULT_BLUE, "{what}: {look}");
    assert_eq!(look["placeholder"], Value::Null, "{what}: {look}");
    assert_eq!(look["logo"], Value::Null, "{what}: {look}");
    assert!(
        !look["font"]
            .as_str()
            .unwrap_or_default()
            .contains("Georgia"),
        "{what}: {look}"
    );
}

/// The `magic-link-error` events, after a moment in which a second one would have
/// come.
async fn errors_after_a_while(browser: &Browser) -> Vec<Value> {
    tokio::time::sleep(Duration::from_millis(700)).await;
    events_named(browser, "magic-link-error").await
}

/// `sessionStorage`'s kept `/config` answer for the demo's client.
async fn kept_config(browser: &Browser) -> Value {
    browser
        .execute(
            "return sessionStorage.getItem(arguments[0])",
            vec![json!(format!("magic-link-login-config:{DEMO_CLIENT_ID}"))],
        )
        .await
}

#[tokio::test]
async fn use_config_brings_the_colour_logo_font_and_texts_and_sign_in_still_works() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&use-config=").await;
    wait_for_form(&browser, "Sign in to Acme").await;
    wait_for_logo(&browser).await;

    let look = form_look(&browser).await;
    assert_eq!(look["heading"], "Sign in to Acme", "{look}");
    assert_eq!(look["label"], "Email address", "{look}");
    assert_eq!(look["button"], "Send me a sign-in link", "{look}");
    assert_eq!(look["placeholder"], "you@acme.test", "{look}");
    assert_eq!(look["accent"], ACME_PURPLE, "{look}");
    assert!(
        look["font"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Georgia"),
        "the config's font: {look}"
    );
    assert_eq!(look["logo"]["alt"], "Acme", "{look}");
    assert_eq!(look["logo"]["referrerpolicy"], "no-referrer", "{look}");
    let logo_src = format!("{}/dev/logo.svg", devapi.origin());
    assert_eq!(look["logo"]["src"], logo_src.as_str(), "{look}");
    // Through the CSSOM, never a `style` attribute a strict CSP would refuse to
    // have written as markup: the attribute only mirrors what was set.
    let container_style = in_shadow(
        &browser,
        "const s = root.querySelector('[part~=container]').style;
         return [s.getPropertyValue('--_brand-accent'), s.getPropertyValue('--_brand-font')];",
    )
    .await;
    assert_eq!(container_style, json!(["#6d28d9", "Georgia, serif"]));

    let configs = requests_to(&devapi, "config").await;
    assert_eq!(configs.len(), 1, "one GET /config: {configs:?}");
    assert_eq!(configs[0].method, "GET");
    assert_eq!(
        events_named(&browser, "magic-link-error").await,
        Vec::<Value>::new()
    );

    send_link(&browser, ADDRESS).await;
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser.wait_for_text("You are signed in", WAIT).await;
    wait_for_events(&browser, "magic-link-authenticated", 1).await;
    browser.close().await;
}

#[tokio::test]
async fn a_re_render_and_a_reload_use_the_kept_branding_without_asking_again() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&use-config=").await;
    wait_for_form(&browser, "Sign in to Acme").await;
    assert!(
        kept_config(&browser).await.is_string(),
        "the answer is kept in sessionStorage"
    );

    // An attribute change re-renders the widget: a new mount, the same branding.
    browser
        .execute(
            "document.querySelector('magic-link-login').setAttribute('resend-cooldown', '5')",
            vec![],
        )
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    wait_for_form(&browser, "Sign in to Acme").await;
    assert_eq!(form_look(&browser).await["accent"], ACME_PURPLE);

    browser
        .goto(&demo_url(&dist, &devapi, "&use-config="))
        .await;
    wait_for_form(&browser, "Sign in to Acme").await;
    let look = form_look(&browser).await;
    assert_eq!(look["accent"], ACME_PURPLE, "after the reload: {look}");
    assert_eq!(look["logo"]["alt"], "Acme", "after the reload: {look}");

    let configs = requests_to(&devapi, "config").await;
    assert_eq!(configs.len(), 1, "asked once in the session: {configs:?}");
    browser.close().await;
}

#[tokio::test]
async fn values_the_widget_or_the_browser_refuses_leave_the_defaults() {
    // A keyword the parser lets through for the browser to judge, CSS smuggled into
    // the font, a script URL as the logo; flat texts (no `lang`) still apply.
    let config = json!({
        "btn_color": "notacolour",
        "font": "Georgia; color: red",
        "brand_logo": "javascript:alert(1)",
        "brand_name": "Evil",
        "localization": {"login_heading": "Welcome back"},
    });
    let file =
        std::env::temp_dir().join(format!("branding-{}-{}.json", std::process::id(), now_ms()));
    std::fs::write(&file, config.to_string()).expect("writing the config file");
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--config", file.to_str().expect("a UTF-8 path")]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&use-config=").await;
    wait_for_form(&browser, "Welcome back").await;

    let look = form_look(&browser).await;
    assert_eq!(look["accent"], DEFAULT_BLUE, "{look}");
    assert_eq!(look["logo"], Value::Null, "{look}");
    assert_eq!(look["button"], "Send magic link", "{look}");
    assert!(
        !look["font"]
            .as_str()
            .unwrap_or_default()
            .contains("Georgia"),
        "{look}"
    );
    let container_style = in_shadow(
        &browser,
        "return root.querySelector('[part~=container]').getAttribute('style');",
    )
    .await;
    assert_eq!(container_style, Value::Null, "nothing set on the container");
    assert_eq!(errors_after_a_while(&browser).await, Vec::<Value>::new());
    let _ = std::fs::remove_file(&file);
    browser.close().await;
}

#[tokio::test]
async fn the_elements_texts_and_the_hosts_custom_properties_win_over_the_config() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    // texts={"form_title":"Mine"}
    open_demo(
        &browser,
        &dist,
        &devapi,
        "&use-config=&texts=%7B%22form_title%22%3A%22Mine%22%7D",
    )
    .await;
    wait_for_form(&browser, "Mine").await;
    let look = form_look(&browser).await;
    assert_eq!(look["heading"], "Mine", "the element's own text: {look}");
    assert_eq!(
        look["button"], "Send me a sign-in link",
        "the config's: {look}"
    );
    assert_eq!(look["placeholder"], "you@acme.test", "the config's: {look}");
    assert_eq!(look["accent"], ACME_PURPLE, "{look}");

    // The host page's custom properties, on a page of its own.
    let page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title>
<style>magic-link-login {{ --magic-link-accent: rgb(1, 2, 3); --magic-link-font: 400 16px/1.5 monospace; }}</style></head>
<body><magic-link-login client-id="{DEMO_CLIENT_ID}" api-base="{api}" use-config></magic-link-login>
<script src="/magic-link-login.js" defer></script></body></html>"#,
        api = devapi.api_base()
    );
    let host = StaticServer::with_pages(widget_dist(), vec![Page::new("/host.html", page)]);
    browser.goto(&host.url("/host.html")).await;
    wait_for_form(&browser, "Sign in to Acme").await;
    let look = form_look(&browser).await;
    assert_eq!(look["accent"], "rgb(1, 2, 3)", "the host's accent: {look}");
    assert_eq!(look["font"], "monospace", "the host's font: {look}");
    assert_eq!(look["button"], "Send me a sign-in link", "{look}");
    browser.close().await;
}

#[tokio::test]
async fn in_dark_mode_the_brand_colour_still_wins_with_light_mode_white_text() {
    if !chromium_only("CDP media emulation (prefers-color-scheme: dark)") {
        return;
    }
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await;
    open_demo(&browser, &dist, &devapi, "").await;
    let dark_default = in_shadow(
        &browser,
        "const c = getComputedStyle(root.querySelector('button[part~=button]'));
         return [c.backgroundColor, c.color];",
    )
    .await;
    // The widget's dark defaults (#93c5fd on #0b1220): the emulation took.
    assert_eq!(
        dark_default,
        json!(["rgb(147, 197, 253)", "rgb(11, 18, 32)"])
    );

    browser
        .goto(&demo_url(&dist, &devapi, "&use-config="))
        .await;
    wait_for_form(&browser, "Sign in to Acme").await;
    let branded = in_shadow(
        &browser,
        "const c = getComputedStyle(root.querySelector('button[part~=button]'));
         const page = getComputedStyle(root.querySelector('[part~=container]')).backgroundColor;
         return [c.backgroundColor, c.color, page];",
    )
    .await;
    // Still dark (#111827 behind the form), the brand's colour under white.
    assert_eq!(
        branded,
        json!([ACME_PURPLE, "rgb(255, 255, 255)", "rgb(17, 24, 39)"])
    );
    browser.close().await;
}

/// Opens the demo with `use-config` while `/config` fails as `fault` says; checks
/// the default form, one `config_unavailable`, and a sign-in that still works.
async fn a_broken_config_leaves_the_default_form(fault: Value, what: &str) {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    devapi.inject_fault(fault).await;
    open_demo(&browser, &dist, &devapi, "&use-config=").await;
    wait_for_form(&browser, "Sign in with email").await;

    assert_default_look(&form_look(&browser).await, what);
    let errors = errors_after_a_while(&browser).await;
    assert_eq!(
        errors,
        vec![json!({"code": "config_unavailable", "message": UNAVAILABLE_MESSAGE})],
        "{what}: one magic-link-error"
    );
    assert_eq!(alert_text(&browser).await, "", "{what}: nothing shown");
    assert_eq!(kept_config(&browser).await, Value::Null, "{what}: not kept");
    let configs = requests_to(&devapi, "config").await;
    assert_eq!(configs.len(), 1, "{what}: {configs:?}");
    assert!(configs[0].fault, "{what}: the fault answered: {configs:?}");

    send_link(&browser, ADDRESS).await;
    assert_eq!(
        events_named(&browser, "magic-link-error").await.len(),
        1,
        "{what}: no error from the sign-in"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_config_answering_500_leaves_the_default_form_and_tells_the_page_once() {
    a_broken_config_leaves_the_default_form(json!({"endpoint": "config", "status": 500}), "500")
        .await;
}

#[tokio::test]
async fn a_malformed_config_leaves_the_default_form_and_tells_the_page_once() {
    a_broken_config_leaves_the_default_form(
        json!({"endpoint": "config", "status": 200, "body": "{\"btn_color\": \"#6d28d9\", "}),
        "malformed JSON",
    )
    .await;
}

#[tokio::test]
async fn a_config_that_takes_too_long_is_given_up_after_3_s() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    devapi
        .inject_fault(json!({"endpoint": "config", "delay_ms": 20_000}))
        .await;
    let started = Instant::now();
    browser
        .goto(&demo_url(&dist, &devapi, "&use-config="))
        .await;
    // Longer than the harness's wait for a take-over: this one waits 3 s on purpose.
    browser
        .wait_until(Duration::from_secs(15), "the widget's own form", || async {
            in_shadow(
                &browser,
                "return !root.querySelector('[data-mll-instant]') && !!root.querySelector('h2');",
            )
            .await
                == Value::Bool(true)
        })
        .await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(3) && waited < Duration::from_secs(12),
        "the widget waited {waited:?} for a config that answers after 20 s"
    );
    assert_default_look(&form_look(&browser).await, "timed out");
    let errors = errors_after_a_while(&browser).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "config_unavailable", "{errors:?}");
    send_link(&browser, ADDRESS).await;
    browser.close().await;
}

#[tokio::test]
async fn without_use_config_no_config_is_asked_for() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    wait_for_form(&browser, "Sign in with email").await;
    assert_default_look(&form_look(&browser).await, "without use-config");
    send_link(&browser, ADDRESS).await;

    let endpoints: Vec<String> = devapi
        .requests()
        .await
        .into_iter()
        .map(|request| request.endpoint)
        .collect();
    assert!(
        endpoints.iter().any(|endpoint| endpoint == "send"),
        "devapi logs the widget's calls: {endpoints:?}"
    );
    assert!(
        !endpoints.iter().any(|endpoint| endpoint == "config"),
        "no GET /config without use-config: {endpoints:?}"
    );
    assert_eq!(kept_config(&browser).await, Value::Null);
    browser.close().await;
}
