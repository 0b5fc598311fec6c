//! Languages as data: the loader fetches `lang/<tag>.json` for the page's languages
//! in parallel with the wasm, widgets render in their language once it is in, and a
//! file that cannot be had leaves the widget in English. Real browsers, the release
//! build over real HTTP.

use std::time::Duration;

use e2e::{widget_dist, Browser, Page, StaticServer};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(10);

fn page(dist: &StaticServer, lang: &str, body: &str) -> String {
    format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>host</title>{capture}</head>
<body>{body}<script src="{loader}" defer></script></body></html>"#,
        capture = e2e::CONSOLE_CAPTURE,
        loader = dist.url("/magic-link-login.js")
    )
}

/// The submit button's text of the widget `selector`, once it has one.
async fn send_label(browser: &Browser, selector: &str) -> String {
    let script = "const el = document.querySelector(arguments[0]);
                  const button = el && el.shadowRoot && el.shadowRoot.querySelector('button[type=submit]');
                  return button ? button.textContent : null;";
    browser
        .wait_until(WAIT, "the widget's send button", || async {
            !browser
                .execute(script, vec![json!(selector)])
                .await
                .is_null()
        })
        .await;
    let label = browser.execute(script, vec![json!(selector)]).await;
    label.as_str().unwrap_or_default().to_owned()
}

/// Resource Timing entries of the page whose URL contains `needle`: `[start, end]`.
async fn fetched(browser: &Browser, needle: &str) -> Vec<Value> {
    let entries = browser
        .execute(
            "return performance.getEntriesByType('resource')
               .filter((e) => e.name.includes(arguments[0]))
               .map((e) => [e.startTime, e.responseEnd]);",
            vec![json!(needle)],
        )
        .await;
    entries.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_german_page_fetches_its_file_with_the_wasm_and_renders_german() {
    let browser = Browser::start().await;
    // The wasm takes a while, as on any real network: on localhost WebKit had it
    // before a second request could even start.
    let dist = StaticServer::delaying(widget_dist(), "_bg.wasm", Duration::from_millis(300));
    let host = StaticServer::pages(vec![Page::new(
        "/",
        page(
            &dist,
            "de-DE",
            r#"<magic-link-login client-id="cli_de"></magic-link-login>"#,
        ),
    )]);
    browser.goto(&host.url("/")).await;
    assert_eq!(
        send_label(&browser, "magic-link-login").await,
        "Anmeldelink senden"
    );
    // German from the first frame (the instant form), and from the widget once it runs.
    browser
        .execute("return MagicLinkLogin.ready.then(() => true)", vec![])
        .await;
    assert_eq!(
        send_label(&browser, "magic-link-login").await,
        "Anmeldelink senden"
    );
    let file = fetched(&browser, "/lang/").await;
    assert_eq!(file.len(), 1, "one language file: {file:?}");
    let wasm = fetched(&browser, "_bg.wasm").await;
    assert!(
        file[0][0].as_f64() <= wasm[0][1].as_f64(),
        "the file was asked for before the wasm had arrived: {file:?} {wasm:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn an_english_page_fetches_no_language_file_and_later_widgets_get_theirs() {
    let browser = Browser::start().await;
    let dist = StaticServer::start(widget_dist());
    let host = StaticServer::pages(vec![Page::new(
        "/",
        page(
            &dist,
            "en",
            r#"<magic-link-login id="en" client-id="cli_en"></magic-link-login>"#,
        ),
    )]);
    browser.goto(&host.url("/")).await;
    assert_eq!(send_label(&browser, "#en").await, "Send magic link");
    assert!(fetched(&browser, "/lang/").await.is_empty());

    // A widget added later in French, and the English one switched to Japanese.
    browser
        .execute(
            "const fr = document.createElement('magic-link-login');
             fr.id = 'fr'; fr.setAttribute('client-id', 'cli_fr'); fr.setAttribute('lang', 'fr-CA');
             document.body.append(fr);
             document.getElementById('en').setAttribute('lang', 'ja');",
            vec![],
        )
        .await;
    assert_eq!(send_label(&browser, "#fr").await, "Envoyer le lien magique");
    browser
        .wait_until(WAIT, "the Japanese widget", || async {
            send_label(&browser, "#en").await != "Send magic link"
        })
        .await;
    assert_eq!(send_label(&browser, "#en").await, "ログインリンクを送信");
    assert_eq!(fetched(&browser, "/lang/").await.len(), 2);
    browser.close().await;
}

#[tokio::test]
async fn a_language_file_that_cannot_be_read_leaves_the_widget_in_english() {
    let browser = Browser::start().await;
    // The dist folder, except that its German file is not JSON.
    let dist = StaticServer::with_pages(
        widget_dist(),
        vec![Page::new("/lang/de.json", "<html>oops</html>")],
    );
    let host = StaticServer::pages(vec![Page::new(
        "/",
        page(
            &dist,
            "de",
            r#"<magic-link-login client-id="cli_broken"></magic-link-login>"#,
        ),
    )]);
    browser.goto(&host.url("/")).await;
    // The instant form is German (its words travel in the loader); the widget, which
    // has no German file, takes over in English.
    browser
        .execute("return MagicLinkLogin.ready.then(() => true)", vec![])
        .await;
    assert_eq!(
        send_label(&browser, "magic-link-login").await,
        "Send magic link"
    );
    let warned = browser.console_log().await;
    assert!(
        warned
            .iter()
            .any(|line| line.contains("lang/de.json could not be loaded")),
        "the loader says why: {warned:?}"
    );
    browser.close().await;
}
