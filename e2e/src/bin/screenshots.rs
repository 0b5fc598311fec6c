//! Takes PNGs of each step of the widget in light, dark and Arabic, with headless
//! Chromium against devapi, into `docs/screenshots/` (the README shows them).
//!
//! `scripts/screenshots.sh` builds the release and runs this.

use std::path::PathBuf;
use std::time::Duration;

use e2e::fantoccini::Locator;
use e2e::{widget_dist, workspace_root, Browser, DevApi, StaticServer};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(10);

/// One look of the widget: a file-name prefix, the colour scheme and query extras.
struct Look {
    name: &'static str,
    scheme: &'static str,
    query: &'static str,
}

const LOOKS: [Look; 3] = [
    Look {
        name: "light",
        scheme: "light",
        query: "",
    },
    Look {
        name: "dark",
        scheme: "dark",
        query: "",
    },
    Look {
        name: "arabic",
        scheme: "light",
        query: "&lang=ar",
    },
];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let out = workspace_root().join("docs/screenshots");
    std::fs::create_dir_all(&out).expect("create docs/screenshots");
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--link-ttl", "5"]);
    let dist = StaticServer::start(widget_dist());
    for look in LOOKS {
        browser
            .cdp(
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": look.scheme }] }),
            )
            .await;
        let url = dist.url(&format!(
            "/index.html?api={}&link-ttl=5{}",
            devapi.origin(),
            look.query
        ));
        browser.goto(&url).await;
        browser
            .wait_until(WAIT, "the form", || async { input_ready(&browser).await })
            .await;
        shoot(&browser, &out, look.name, "form").await;

        browser
            .execute(&submit_script("not-an-address"), vec![])
            .await;
        browser
            .wait_until(WAIT, "the error", || async { has_error(&browser).await })
            .await;
        shoot(&browser, &out, look.name, "error").await;

        browser.goto(&url).await;
        browser
            .wait_until(WAIT, "the form", || async { input_ready(&browser).await })
            .await;
        browser
            .execute(&submit_script("ana@example.com"), vec![])
            .await;
        browser
            .wait_until(WAIT, "the waiting step", || async {
                has_part(&browser, "waiting").await
            })
            .await;
        tokio::time::sleep(Duration::from_millis(1200)).await;
        shoot(&browser, &out, look.name, "waiting").await;

        browser
            .wait_until(WAIT, "expiry", || async {
                has_part(&browser, "expired").await
            })
            .await;
        shoot(&browser, &out, look.name, "expired").await;
        browser
            .execute(&click_script("[part=expired] [part=button]"), vec![])
            .await;
        browser
            .wait_until(WAIT, "the new link", || async {
                has_part(&browser, "waiting").await
            })
            .await;
        let link = devapi
            .outbox()
            .await
            .first()
            .expect("a message")
            .link
            .clone();
        browser.confirm_link_in_new_tab(&link).await;
        browser
            .wait_until(WAIT, "sign-in", || async {
                has_part(&browser, "signed-in").await
            })
            .await;
        shoot(&browser, &out, look.name, "signed-in").await;
    }
    browser.close().await;
    println!("screenshots written to {}", out.display());
}

fn in_widget(expression: &str) -> String {
    format!("const root = document.querySelector('magic-link-login').shadowRoot; return !!root && ({expression});")
}

async fn input_ready(browser: &Browser) -> bool {
    browser
        .execute(&in_widget("!!root.querySelector('input')"), vec![])
        .await
        == json!(true)
}

async fn has_part(browser: &Browser, part: &str) -> bool {
    let check = in_widget(&format!("!!root.querySelector('[part~={part}]')"));
    browser.execute(&check, vec![]).await == json!(true)
}

async fn has_error(browser: &Browser) -> bool {
    let check = in_widget("root.querySelector('[role=alert]').textContent.length > 0");
    browser.execute(&check, vec![]).await == json!(true)
}

fn submit_script(address: &str) -> String {
    format!(
        "const root = document.querySelector('magic-link-login').shadowRoot;
         root.querySelector('input').value = {address:?};
         root.querySelector('form').requestSubmit();"
    )
}

fn click_script(selector: &str) -> String {
    format!("document.querySelector('magic-link-login').shadowRoot.querySelector('{selector}').click();")
}

async fn shoot(browser: &Browser, out: &std::path::Path, look: &str, step: &str) {
    // The demo page sizes the element to the widget's box.
    let host = browser
        .client()
        .find(Locator::Css("magic-link-login"))
        .await
        .expect("the element");
    let png = host.screenshot().await.expect("screenshot");
    let path: PathBuf = out.join(format!("{look}-{step}.png"));
    std::fs::write(&path, png).expect("write PNG");
    println!("{}", path.display());
}
