//! Embedding the widget in a customer's page, in real Chromium: the host page, the
//! widget's build (`dist`) and the API each on an origin of their own, as in
//! production (a site, a CDN, the API). Covers the ways in (the loader's script tag
//! with `data-*`, the element created by script, `MagicLinkLogin.mount`), several
//! instances on one page, clean-up on removal, `::part()` styling, composed events,
//! a strict Content-Security-Policy, and the loader's robustness (loaded twice,
//! loaded by a module, failing to load) and defences (markup that shadows `document`'s
//! members or stands in for its API, page scripts assigning the API, files changed
//! after the build). The examples in `examples/` are served as they are, with their
//! origins swapped for the test servers'.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use e2e::fantoccini::elements::ElementRef;
use e2e::{
    widget_dist, workspace_root, Browser, DevApi, Element, Page, StaticServer, CONSOLE_CAPTURE,
};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(10);

/// Where the examples expect the widget's build and devapi (see `examples/serve.mjs`).
const EXAMPLE_DIST: &str = "http://127.0.0.1:8081";
const EXAMPLE_API: &str = "http://127.0.0.1:8787";
const EXAMPLE_NONCE: &str = "__CSP_NONCE__";

/// The W3C WebDriver key under which scripts return element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The three origins of a test: the widget's build, the API and (per test) the host.
struct Origins {
    dist: StaticServer,
    devapi: DevApi,
}

impl Origins {
    fn start() -> Origins {
        Origins {
            dist: StaticServer::start(widget_dist()),
            devapi: DevApi::start(&[]),
        }
    }

    /// The loader's URL on the dist origin.
    fn loader(&self) -> String {
        self.dist.url("/magic-link-login.js")
    }

    /// `examples/<path>`, pointing at this test's dist and devapi instead of the
    /// fixed ports the examples use.
    fn example(&self, path: &str) -> String {
        let file = workspace_root().join("examples").join(path);
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|error| panic!("reading {}: {error}", file.display()));
        text.replace(EXAMPLE_DIST, self.dist.origin())
            .replace(EXAMPLE_API, self.devapi.origin())
    }

    /// A host page that loads the loader with `defer` at the end of `body`.
    fn page(&self, body: &str) -> String {
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head>
<body>{body}
<script src="{loader}" defer></script></body></html>"#,
            loader = self.loader()
        )
    }
}

fn script(path: &str, source: String) -> Page {
    Page::new(path, source).header("content-type", "text/javascript; charset=utf-8")
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as u64
}

/// Waits for `MagicLinkLogin.ready`; panics with its error when it rejects.
async fn wait_ready(browser: &Browser) {
    browser
        .wait_until(WAIT, "window.MagicLinkLogin", || async {
            browser
                .execute(
                    "return !!(window.MagicLinkLogin && MagicLinkLogin.ready)",
                    vec![],
                )
                .await
                == json!(true)
        })
        .await;
    let outcome = browser
        .execute(
            "return MagicLinkLogin.ready.then(() => 'ready', (e) => 'failed: ' + e.message)",
            vec![],
        )
        .await;
    assert_eq!(outcome, json!("ready"));
}

/// The visible text of the widget `selector` (its shadow root, or itself with
/// `no-shadow`), without its `<style>`; `None` when there is no such element.
/// Found through `Document.prototype`, which pages that shadow `document.querySelector`
/// (see the clobbering tests) cannot reach.
async fn widget_text(browser: &Browser, selector: &str) -> Option<String> {
    let text = browser
        .execute(
            "const el = Document.prototype.querySelector.call(document, arguments[0]);
             if (!el) return null;
             const root = el.shadowRoot && !el.hasAttribute('no-shadow') ? el.shadowRoot : el;
             return [...root.children].filter((c) => !['style', 'slot'].includes(c.localName))
               .map((c) => c.innerText).join('\\n');",
            vec![json!(selector)],
        )
        .await;
    text.as_str().map(str::to_owned)
}

/// Waits until the widget `selector` shows `needle`.
async fn wait_for_widget_text(browser: &Browser, selector: &str, needle: &str) {
    let what = format!("{selector} to show \"{needle}\"");
    browser
        .wait_until(WAIT, &what, || async {
            widget_text(browser, selector)
                .await
                .is_some_and(|text| text.contains(needle))
        })
        .await;
}

/// The element with `part` inside the widget `selector`, waiting for it.
async fn part_of(browser: &Browser, selector: &str, part: &str) -> Element {
    browser.wait_for_widgets().await;
    let find = "const el = document.querySelector(arguments[0]);
                return el && (el.shadowRoot || el).querySelector('[part~=\"' + arguments[1] + '\"]');";
    let what = format!("part {part} in {selector}");
    browser
        .wait_until(WAIT, &what, || async {
            !browser
                .execute(find, vec![json!(selector), json!(part)])
                .await
                .is_null()
        })
        .await;
    let found = browser
        .execute(find, vec![json!(selector), json!(part)])
        .await;
    let id = found[ELEMENT_KEY]
        .as_str()
        .unwrap_or_else(|| panic!("{what} vanished"));
    Element::from_element_id(browser.client().clone(), ElementRef::from(id.to_owned()))
}

/// Types `email` into the widget `selector` and presses its button.
async fn send_from(browser: &Browser, selector: &str, email: &str) {
    part_of(browser, selector, "input")
        .await
        .send_keys(email)
        .await
        .expect("typing the address");
    let send = part_of(browser, selector, "button").await;
    browser.click(&send, "send").await;
    part_of(browser, selector, "resend").await;
}

/// The seconds the countdown of the widget `selector` shows (its first number),
/// once it shows one: the form has an empty countdown of its own, so right after
/// a click the part found may still be the form's.
async fn countdown_of(browser: &Browser, selector: &str) -> u64 {
    let seconds = || async {
        let text = part_of(browser, selector, "countdown")
            .await
            .text()
            .await
            .unwrap_or_default();
        let digits: String = text
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse::<u64>().ok()
    };
    browser
        .wait_until(WAIT, "seconds in the countdown", || async {
            seconds().await.is_some()
        })
        .await;
    seconds().await.expect("seconds in the countdown")
}

/// Status polls devapi answered after `since_ms` (epoch ms).
async fn status_polls_since(devapi: &DevApi, since_ms: u64) -> usize {
    devapi
        .requests()
        .await
        .iter()
        .filter(|request| request.endpoint == "status" && request.at_ms > since_ms)
        .count()
}

/// Waits until the widget has polled the status at least twice.
async fn wait_for_polling(browser: &Browser, devapi: &DevApi) {
    browser
        .wait_until(WAIT, "status polls", || async {
            status_polls_since(devapi, 0).await >= 2
        })
        .await;
}

/// Asserts that no status poll reaches devapi within 1.5 s of now (a poll already
/// on the wire gets 150 ms to land).
async fn assert_polling_stopped(devapi: &DevApi, what: &str) {
    let stopped_at = now_ms();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let polls = status_polls_since(devapi, stopped_at + 150).await;
    assert_eq!(
        polls,
        0,
        "{what}: status polls after it: {:#?}",
        devapi.requests().await
    );
}

#[tokio::test]
async fn script_tag_example_mounts_from_its_data_attributes_and_signs_in() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        origins.example("script-tag/index.html"),
    )]);
    browser.goto(&host.url("/")).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;

    // data-client-id → client-id, …; data-target is where, not an attribute.
    let element = browser
        .execute(
            "const el = document.querySelector('#login > magic-link-login');
             return el && { names: el.getAttributeNames(), clientId: el.getAttribute('client-id'),
                            apiBase: el.getAttribute('api-base'), shadow: !!el.shadowRoot,
                            count: document.querySelectorAll('magic-link-login').length };",
            vec![],
        )
        .await;
    assert_eq!(
        element,
        json!({ "names": ["client-id", "api-base"], "clientId": "cli_demo",
                "apiBase": origins.devapi.api_base(), "shadow": true, "count": 1 })
    );

    browser.type_into_textbox("Email", "ana@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    let outbox = origins.devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser.wait_for_text("You are signed in", WAIT).await;
    // The page's own listener on the document got the tokens' event.
    browser
        .wait_for_text("Welcome, ana@example.com!", WAIT)
        .await;
    browser.close().await;
}

#[tokio::test]
async fn element_created_by_script_shows_a_config_error_until_client_id_is_set() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![
        Page::new(
            "/",
            origins.page(
                r#"<div id="slot"></div>
<script>
  window.events = [];
  document.addEventListener('magic-link-error', (e) => events.push(e.detail.code));
</script>"#,
            ),
        ),
        Page::new("/dynamic/", origins.example("dynamic/index.html")),
        script("/dynamic/app.js", origins.example("dynamic/app.js")),
        Page::new(
            "/dynamic/config.json",
            origins.example("dynamic/config.json"),
        )
        .header("content-type", "application/json"),
    ]);
    browser.goto(&host.url("/")).await;
    wait_ready(&browser).await;

    browser
        .execute(
            "const el = document.createElement('magic-link-login');
             el.setAttribute('api-base', arguments[0]);
             document.getElementById('slot').append(el);",
            vec![json!(origins.devapi.api_base())],
        )
        .await;
    browser
        .wait_until(WAIT, "a configuration error", || async {
            browser
                .text_of_role("alert")
                .await
                .is_some_and(|text| !text.is_empty())
        })
        .await;
    assert!(!browser.has_role("textbox", "Email").await, "no form yet");
    assert_eq!(
        browser.execute("return events", vec![]).await,
        json!(["config"])
    );

    browser
        .execute(
            "document.querySelector('magic-link-login').setAttribute('client-id', 'cli_later')",
            vec![],
        )
        .await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    assert_eq!(browser.text_of_role("alert").await.as_deref(), Some(""));
    browser.type_into_textbox("Email", "late@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    assert_eq!(origins.devapi.outbox().await[0].to, "late@example.com");

    // The example page does the same after its load event, with config.json.
    browser.goto(&host.url("/dynamic/")).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    let client_id = browser
        .execute(
            "return document.querySelector('#login > magic-link-login').getAttribute('client-id')",
            vec![],
        )
        .await;
    assert_eq!(client_id, json!("cli_demo"));
    browser.close().await;
}

#[tokio::test]
async fn instances_keep_separate_state_across_a_reload() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let api = origins.devapi.api_base();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        origins.page(&format!(
            r#"<magic-link-login id="a" client-id="cli_one" api-base="{api}"></magic-link-login>
<magic-link-login id="b" client-id="cli_one" storage-key="second" api-base="{api}"></magic-link-login>
<magic-link-login id="c" client-id="cli_two" api-base="{api}"></magic-link-login>"#
        )),
    )]);
    browser.goto(&host.url("/")).await;

    send_from(&browser, "#a", "ana@example.com").await;
    for other in ["#b", "#c"] {
        part_of(&browser, other, "input").await;
    }

    browser.client().refresh().await.expect("reload");
    wait_for_widget_text(&browser, "#a", "ana@example.com").await;
    part_of(&browser, "#a", "resend").await;
    for other in ["#b", "#c"] {
        part_of(&browser, other, "input").await;
    }

    send_from(&browser, "#b", "bob@example.com").await;
    browser.client().refresh().await.expect("reload");
    wait_for_widget_text(&browser, "#a", "ana@example.com").await;
    wait_for_widget_text(&browser, "#b", "bob@example.com").await;
    part_of(&browser, "#c", "input").await;
    let a = widget_text(&browser, "#a").await.unwrap_or_default();
    assert!(!a.contains("bob@"), "a shows b's address: {a}");

    // One stored state per client ID and storage key.
    let keys: Vec<String> = serde_json::from_value(
        browser
            .execute("return Object.keys(sessionStorage)", vec![])
            .await,
    )
    .expect("keys");
    for key in [
        "magic-link-login:cli_one",
        "magic-link-login:cli_one:second",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key} missing in {keys:?}");
    }
    browser.close().await;
}

#[tokio::test]
async fn removing_the_element_stops_its_polling_and_moving_it_does_not() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        origins.page(&format!(
            r#"<div id="one"><magic-link-login id="w" client-id="cli_poll" poll-interval="500"
  api-base="{}"></magic-link-login></div><div id="two"></div>"#,
            origins.devapi.api_base()
        )),
    )]);
    browser.goto(&host.url("/")).await;
    send_from(&browser, "#w", "poll@example.com").await;
    wait_for_polling(&browser, &origins.devapi).await;

    // Moved in one script: it keeps running, as it was.
    browser
        .execute(
            "document.getElementById('two').append(document.getElementById('w'))",
            vec![],
        )
        .await;
    let moved_at = now_ms();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(status_polls_since(&origins.devapi, moved_at).await >= 1);
    part_of(&browser, "#two > #w", "resend").await;

    browser
        .execute("document.getElementById('w').remove()", vec![])
        .await;
    assert_polling_stopped(&origins.devapi, "removal").await;
    browser.close().await;
}

#[tokio::test]
async fn host_page_styles_the_parts() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        origins.page(
            r#"<style>
  magic-link-login::part(input) { border-top-color: rgb(1, 2, 3); }
  magic-link-login::part(button) { background-color: rgb(4, 5, 6); }
</style>
<magic-link-login client-id="cli_style"></magic-link-login>"#,
        ),
    )]);
    browser.goto(&host.url("/")).await;
    part_of(&browser, "magic-link-login", "button").await;
    let styles = browser
        .execute(
            "const root = document.querySelector('magic-link-login').shadowRoot;
             return [getComputedStyle(root.querySelector('[part~=input]')).borderTopColor,
                     getComputedStyle(root.querySelector('[part~=button]')).backgroundColor];",
            vec![],
        )
        .await;
    assert_eq!(styles, json!(["rgb(1, 2, 3)", "rgb(4, 5, 6)"]));
    browser.close().await;
}

#[tokio::test]
async fn events_bubble_out_of_the_shadow_root_to_the_document() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        origins.page(&format!(
            r#"<section><magic-link-login client-id="cli_events" api-base="{}"></magic-link-login></section>
<script>
  window.heard = [];
  document.addEventListener('magic-link-sent', (e) => heard.push({{
    type: e.type, target: e.target.localName, bubbles: e.bubbles, composed: e.composed, detail: e.detail }}));
</script>"#,
            origins.devapi.api_base()
        )),
    )]);
    browser.goto(&host.url("/")).await;
    send_from(&browser, "magic-link-login", "eve@example.com").await;
    let heard = browser.execute("return heard", vec![]).await;
    assert_eq!(
        heard,
        json!([{ "type": "magic-link-sent", "target": "magic-link-login", "bubbles": true,
                 "composed": true, "detail": { "email": "eve@example.com" } }])
    );
    browser.close().await;
}

#[tokio::test]
async fn strict_csp_example_signs_in_without_a_single_violation() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let nonce = format!("n{}", now_ms());
    let csp = format!(
        "default-src 'none'; script-src 'self' {dist} 'wasm-unsafe-eval'; style-src 'nonce-{nonce}'; \
         connect-src {dist} {api}; base-uri 'none'",
        dist = origins.dist.origin(),
        api = origins.devapi.origin(),
    );
    let host = StaticServer::pages(vec![
        Page::new(
            "/",
            origins
                .example("strict-csp/index.html")
                .replace(EXAMPLE_NONCE, &nonce),
        )
        .header("content-security-policy", csp),
        script("/page.js", origins.example("strict-csp/page.js")),
    ]);
    browser.goto(&host.url("/")).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;

    // The widget's <style> took effect (a blocked one has no sheet).
    let styled = browser
        .execute(
            "const styles = [...document.querySelector('magic-link-login').shadowRoot.querySelectorAll('style')];
             return styles.length > 0 && styles.every((s) => s.sheet && s.sheet.cssRules.length > 0);",
            vec![],
        )
        .await;
    assert_eq!(styled, json!(true));

    browser.type_into_textbox("Email", "csp@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    let outbox = origins.devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser.wait_for_text("You are signed in", WAIT).await;
    browser
        .wait_for_text("Welcome, csp@example.com!", WAIT)
        .await;

    // Firefox asks for the page's favicon itself, which `img-src 'none'` blocks: the
    // browser's own request, not the widget's.
    let violations = browser
        .execute(
            "return window.cspViolations.filter((v) => !v.includes('/favicon.ico'))",
            vec![],
        )
        .await;
    assert_eq!(violations, json!([]), "CSP violations");
    browser.close().await;
}

#[tokio::test]
async fn mount_renders_with_options_and_callbacks_and_unmount_stops_it() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    // A blocking script: mount() is called before the WebAssembly has arrived.
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r#"<!doctype html><html lang="en"><title>mount</title>
<div id="slot"></div>
<script src="{loader}"></script>
<script>
  window.sent = [];
  window.handle = MagicLinkLogin.mount('#slot', {{
    clientId: 'cli_js', apiBase: {api:?}, pollInterval: 500, resendCooldown: 7,
    noShadow: false, email: null,
    onSent(detail, event) {{ sent.push([detail.email, event.type, this.localName]); }},
  }});
  window.definedAtMount = !!customElements.get('magic-link-login');
</script></html>"#,
            loader = origins.loader(),
            api = origins.devapi.api_base(),
        ),
    )]);
    browser.goto(&host.url("/")).await;
    wait_ready(&browser).await;
    let element = browser
        .execute(
            "const el = handle.element;
             return { parent: el.parentElement.id, names: el.getAttributeNames(),
                      definedAtMount: window.definedAtMount };",
            vec![],
        )
        .await;
    assert_eq!(
        element,
        json!({ "parent": "slot", "names": ["client-id", "api-base", "poll-interval", "resend-cooldown"],
                "definedAtMount": false })
    );

    send_from(&browser, "#slot > magic-link-login", "js@example.com").await;
    let left = countdown_of(&browser, "#slot > magic-link-login").await;
    assert!((1..=7).contains(&left), "resendCooldown 7 shows {left}s");
    let sent = browser.execute("return sent", vec![]).await;
    assert_eq!(
        sent,
        json!([["js@example.com", "magic-link-sent", "magic-link-login"]])
    );
    wait_for_polling(&browser, &origins.devapi).await;

    browser
        .execute("handle.unmount(); handle.unmount();", vec![])
        .await;
    let left = browser
        .execute(
            "return document.querySelectorAll('magic-link-login').length",
            vec![],
        )
        .await;
    assert_eq!(left, json!(0));
    assert_polling_stopped(&origins.devapi, "unmount").await;

    let thrown = browser
        .execute(
            "try { MagicLinkLogin.mount('#nowhere', {}); return 'no error'; }
             catch (e) { return e.name + ': ' + e.message; }",
            vec![],
        )
        .await;
    assert_eq!(
        thrown,
        json!("TypeError: MagicLinkLogin.mount: no element matches #nowhere")
    );
    browser.close().await;
}

#[tokio::test]
async fn loader_loaded_twice_defines_once_and_mounts_once() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let api = origins.devapi.api_base();
    let tag = format!(
        r##"<script src="{}" data-client-id="cli_twice" data-api-base="{api}" data-target="#login"></script>"##,
        origins.loader()
    );
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r#"<!doctype html><html lang="en"><title>twice</title>
<script>
  window.defines = 0;
  const define = customElements.define.bind(customElements);
  customElements.define = (name, ...rest) => {{
    if (name === 'magic-link-login') defines += 1;
    return define(name, ...rest);
  }};
</script>
<div id="login"></div>
{tag}
<script>window.first = [MagicLinkLogin, MagicLinkLogin.ready];</script>
{tag}
<div id="after"><script src="{loader}" data-client-id="cli_after" data-api-base="{api}"></script></div>
</html>"#,
            loader = origins.loader()
        ),
    )]);
    browser.goto(&host.url("/")).await;
    wait_ready(&browser).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;

    // A third copy, added by script once everything is loaded.
    let loaded = browser
        .execute(
            "return new Promise((resolve) => {
               const s = document.createElement('script');
               s.src = arguments[0];
               s.onload = () => setTimeout(() => resolve(true), 300);
               s.onerror = () => resolve(false);
               document.body.append(s);
             });",
            vec![json!(origins.loader())],
        )
        .await;
    assert_eq!(loaded, json!(true));

    let state = browser
        .execute(
            "const wasm = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm'));
             const after = document.querySelector('#after > script').nextElementSibling;
             return { defines, sameApi: first[0] === MagicLinkLogin && first[1] === MagicLinkLogin.ready,
                      inLogin: document.querySelectorAll('#login > magic-link-login').length,
                      total: document.querySelectorAll('magic-link-login').length,
                      after: after && after.localName + ' ' + after.getAttribute('client-id'),
                      wasmDownloads: wasm.length };",
            vec![],
        )
        .await;
    assert_eq!(
        state,
        json!({ "defines": 1, "sameApi": true, "inLogin": 1, "total": 2,
                "after": "magic-link-login cli_after", "wasmDownloads": 1 })
    );
    part_of(&browser, "#login > magic-link-login", "input").await;
    part_of(&browser, "#after > magic-link-login", "input").await;
    browser.close().await;
}

#[tokio::test]
async fn loader_imported_by_a_module_finds_its_files() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r#"<!doctype html><html lang="en"><title>module</title>
<magic-link-login client-id="cli_module" api-base="{api}"></magic-link-login>
<script type="module">import {loader:?};</script></html>"#,
            api = origins.devapi.api_base(),
            loader = origins.loader(),
        ),
    )]);
    browser.goto(&host.url("/")).await;
    wait_ready(&browser).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    browser.close().await;
}

#[tokio::test]
async fn loader_that_cannot_load_the_widget_says_so_without_an_unhandled_rejection() {
    let browser = Browser::start().await;
    // A "CDN" with the loader and nothing else.
    let loader =
        std::fs::read_to_string(widget_dist().join("magic-link-login.js")).expect("loader");
    let cdn = StaticServer::pages(vec![script("/widget/magic-link-login.js", loader)]);
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r#"<!doctype html><html lang="en"><title>broken</title>
{capture}
<script>
  window.unhandled = [];
  window.addEventListener('unhandledrejection', (e) => unhandled.push(String(e.reason)));
</script>
<magic-link-login client-id="cli_broken">Loading…</magic-link-login>
<script src="{loader}" defer></script></html>"#,
            capture = CONSOLE_CAPTURE,
            loader = cdn.url("/widget/magic-link-login.js")
        ),
    )]);
    browser.goto(&host.url("/")).await;
    let alert = browser
        .wait_for_role("alert", "could not be loaded", WAIT)
        .await;
    drop(alert);

    // An Error by its tag: Firefox runs a driver's script in a sandbox with its own
    // `Error`, so `instanceof` would say no.
    let error = browser
        .execute(
            "return MagicLinkLogin.ready.then(() => 'resolved', (e) => Object.prototype.toString.call(e) === '[object Error]' && e.message)",
            vec![],
        )
        .await;
    let message = error.as_str().unwrap_or_default();
    assert!(
        message.starts_with(&format!(
            "magic-link-login: the widget could not be loaded from {}/widget/",
            cdn.origin()
        )),
        "{error}"
    );
    assert!(!browser.page_text().await.contains("Loading…"));
    // The instant form gave way: no Send that would pretend to work.
    assert!(!browser.has_role("button", "Send").await);
    assert!(!browser.has_role("textbox", "Email").await);
    // The loader reported it on the console, and nothing went unhandled.
    let console = browser.console_log().await.join("\n");
    assert!(
        console.contains("could not be loaded"),
        "console:\n{console}"
    );
    assert_eq!(browser.execute("return unhandled", vec![]).await, json!([]));
    browser.close().await;
}

#[tokio::test]
async fn no_shadow_renders_in_the_light_dom_and_can_be_switched_live() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        origins.page(
            r#"<magic-link-login id="w" client-id="cli_light" no-shadow></magic-link-login>"#,
        ),
    )]);
    browser.goto(&host.url("/")).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    let light = "const el = document.getElementById('w');
                 return [el.shadowRoot === null, !!el.querySelector('[part~=input]')];";
    assert_eq!(browser.execute(light, vec![]).await, json!([true, true]));

    browser
        .execute(
            "document.getElementById('w').removeAttribute('no-shadow')",
            vec![],
        )
        .await;
    let shadow = "const el = document.getElementById('w');
                  return [!!el.shadowRoot && !!el.shadowRoot.querySelector('[part~=input]'),
                          !!el.querySelector('[part~=input]')];";
    browser
        .wait_until(WAIT, "the widget to move into a shadow root", || async {
            browser.execute(shadow, vec![]).await == json!([true, false])
        })
        .await;

    // Back to the light DOM: visible through the shadow root that cannot go away.
    browser
        .execute(
            "document.getElementById('w').setAttribute('no-shadow', '')",
            vec![],
        )
        .await;
    browser
        .wait_until(WAIT, "the widget back in the light DOM", || async {
            browser.execute(shadow, vec![]).await == json!([false, true])
        })
        .await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    browser.close().await;
}

#[tokio::test]
async fn attribute_changes_in_one_script_apply_live_in_one_rerender() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        origins.page(&format!(
            r#"<magic-link-login id="w" client-id="cli_live" api-base="{}"></magic-link-login>"#,
            origins.devapi.api_base()
        )),
    )]);
    browser.goto(&host.url("/")).await;
    browser
        .wait_for_role("textbox", "Email address", WAIT)
        .await;
    browser
        .execute(
            // The count lives in the DOM: in Firefox a `window` property set by the
            // driver's script was not seen by the observer's callback. The changes
            // run in a page task, as a page's own script does: WebKit runs the
            // microtasks of a driver's script after every custom-element reaction.
            "const el = document.getElementById('w');
             document.body.dataset.renders = '0';
             new MutationObserver((records) => {
               for (const r of records) for (const n of r.addedNodes)
                 if (n.localName === 'style') document.body.dataset.renders = String(Number(document.body.dataset.renders) + 1);
             }).observe(el.shadowRoot, { childList: true });
             setTimeout(() => {
               el.setAttribute('lang', 'de');
               el.setAttribute('email', 'live@example.com');
               el.setAttribute('resend-cooldown', '9');
               el.setAttribute('resend-cooldown', '9');
             });",
            vec![],
        )
        .await;
    browser
        .wait_for_role("textbox", "E-Mail-Adresse", WAIT)
        .await;
    assert_eq!(
        browser.text_of_role("textbox").await.as_deref(),
        Some("live@example.com")
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        browser
            .execute("return Number(document.body.dataset.renders)", vec![])
            .await,
        json!(1)
    );

    let send = part_of(&browser, "#w", "button").await;
    browser.click(&send, "send").await;
    let left = countdown_of(&browser, "#w").await;
    assert!((1..=9).contains(&left), "resend-cooldown 9 shows {left}s");
    browser.close().await;
}

/// Not a browser test: the TypeScript declarations ship next to the loader.
#[test]
fn dist_ships_the_typescript_declarations() {
    let dist = widget_dist();
    let shipped =
        std::fs::read_to_string(dist.join("magic-link-login.d.ts")).expect("d.ts in dist");
    let source = std::fs::read_to_string(workspace_root().join("loader/magic-link-login.d.ts"))
        .expect("source");
    assert_eq!(shipped, source);
}

/// Options and `data-*` set only the widget's own attributes: a page tricked into
/// passing `onclick` (or anything else) gets a warning, not an inline handler.
#[tokio::test]
async fn options_and_data_attributes_set_only_the_widgets_attributes() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let body = format!(
        r##"<div id="slot"></div><div id="tagged"></div>
    <script src="{loader}" data-target="#tagged" data-client-id="cli_tag" data-onclick="window.pwned = 1" data-formaction="x"></script>"##,
        loader = origins.loader()
    );
    let host = StaticServer::pages(vec![Page::new("/", origins.page(&body))]);
    browser.goto(&host.url("/")).await;
    let attributes = browser
        .execute(
            "return MagicLinkLogin.ready.then(() => {
               const { element } = MagicLinkLogin.mount('#slot', {
                 clientId: 'cli_js', onclick: 'window.pwned = 1', formaction: 'x', clientID: 'y' });
               const tagged = document.querySelector('#tagged > magic-link-login');
               return [element, tagged].map(e => e.getAttributeNames().sort().join(' '));
             })",
            vec![],
        )
        .await;
    assert_eq!(
        attributes,
        json!(["client-id", "client-id"]),
        "unexpected attributes set"
    );
    browser.close().await;
}

/// A "CDN" that must never be asked for the widget: a glue that records that it ran
/// (in `window.pwned`) and defines nothing.
fn evil_cdn() -> StaticServer {
    StaticServer::pages(vec![script(
        "/cdn/magic-link-widget.js",
        "window.pwned = import.meta.url;
         export default async function () {}
         export function defineElement() {}"
            .to_owned(),
    )])
}

/// Injected markup that clobbers `document.currentScript` (an `<img name>` is a named
/// property of `document` and shadows its built-in members): the loader must still
/// load from its own URL and take its `data-*` from its own tag, not the image's.
/// One image, before both a blocking and a deferred copy of the loader.
#[tokio::test]
async fn an_image_named_current_script_does_not_redirect_the_loader() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let evil = evil_cdn();
    let api = origins.devapi.api_base();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r##"<!doctype html><html lang="en"><title>clobbered</title>
<div id="login"></div><p id="blocking"></p>
<img name="currentScript" src="{evil}/cdn/pixel.gif" alt=""
     data-client-id="cli_evil" data-api-base="{evil}/api/v1" data-target="#login">
<script src="{loader}" data-client-id="cli_blocking" data-api-base="{api}" data-target="#blocking"></script>
<script src="{loader}" defer data-client-id="cli_deferred" data-api-base="{api}" data-target="#login"></script>
</html>"##,
            evil = evil.origin(),
            loader = origins.loader(),
        ),
    )]);
    browser.goto(&host.url("/")).await;
    wait_ready(&browser).await;
    wait_for_widget_text(&browser, "#login > magic-link-login", "Email").await;
    wait_for_widget_text(&browser, "#blocking > magic-link-login", "Email").await;
    let state = browser
        .execute(
            "return { clobbered: document.currentScript && document.currentScript.localName,
                      pwned: window.pwned || null,
                      widgets: [...document.querySelectorAll('magic-link-login')].map((el) =>
                        el.parentElement.id + ' ' + el.getAttribute('client-id') + ' ' + el.getAttribute('api-base')) };",
            vec![],
        )
        .await;
    assert_eq!(
        state,
        json!({ "clobbered": "img", "pwned": null,
                "widgets": [format!("login cli_deferred {api}"), format!("blocking cli_blocking {api}")] })
    );
    browser.close().await;
}

/// Elements that make `window.MagicLinkLogin` a named global (a form's `id`, an
/// image's `name`), also ones that lend it a `ready` and a `mount` (a form's
/// controls, a collection's items): the loader defines its own API regardless.
#[tokio::test]
async fn elements_named_magic_link_login_do_not_stand_in_for_the_api() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let api = origins.devapi.api_base();
    let shadows = [
        r#"<form id="MagicLinkLogin"></form>"#,
        r#"<img name="MagicLinkLogin" alt="">"#,
        r#"<form id="MagicLinkLogin"><input name="ready"><input name="mount"></form>"#,
        r#"<img name="MagicLinkLogin" id="ready" alt=""><img name="MagicLinkLogin" id="mount" alt="">"#,
    ];
    let pages = shadows
        .iter()
        .enumerate()
        .map(|(i, markup)| {
            Page::new(
                format!("/{i}"),
                format!(
                    r##"<!doctype html><html lang="en"><title>shadowed</title>
{markup}<div id="login"></div><div id="slot"></div>
<script src="{loader}" defer data-client-id="cli_tag" data-api-base="{api}" data-target="#login"></script></html>"##,
                    loader = origins.loader(),
                ),
            )
        })
        .collect();
    let host = StaticServer::pages(pages);
    for (i, markup) in shadows.iter().enumerate() {
        browser.goto(&host.url(&format!("/{i}"))).await;
        wait_ready(&browser).await;
        let mounted = browser
            .execute(
                "const shadowed = MagicLinkLogin instanceof Node || MagicLinkLogin instanceof HTMLCollection;
                 const { element } = MagicLinkLogin.mount('#slot', { clientId: 'cli_js', apiBase: arguments[0] });
                 return [shadowed, element.parentElement.id, element.getAttribute('client-id')];",
                vec![json!(api)],
            )
            .await;
        assert_eq!(mounted, json!([false, "slot", "cli_js"]), "{markup}");
        wait_for_widget_text(&browser, "#login > magic-link-login", "Email").await;
        wait_for_widget_text(&browser, "#slot > magic-link-login", "Email").await;
    }
    browser.close().await;
}

/// `window.MagicLinkLogin` is not writable, not deletable, and frozen: a page script
/// that assigns it (or its members) by accident keeps the loader's, and a copy of
/// the loader loaded afterwards still finds it.
#[tokio::test]
async fn page_scripts_cannot_replace_the_api() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        origins.page(r#"<div id="slot"></div><div id="later"></div>"#),
    )]);
    browser.goto(&host.url("/")).await;
    wait_ready(&browser).await;
    let outcome = browser
        .execute(
            "const genuine = MagicLinkLogin, ready = MagicLinkLogin.ready;
             window.MagicLinkLogin = {};
             MagicLinkLogin.mount = () => null;
             MagicLinkLogin.ready = null;
             delete window.MagicLinkLogin;
             let strict;
             try { (function () { 'use strict'; window.MagicLinkLogin = {}; })(); strict = 'assigned'; }
             catch (e) { strict = e.name; }
             return { same: window.MagicLinkLogin === genuine, ready: MagicLinkLogin.ready === ready,
                      frozen: Object.isFrozen(MagicLinkLogin), strict,
                      keys: Object.keys(MagicLinkLogin).sort(),
                      listed: Object.keys(window).includes('MagicLinkLogin') };",
            vec![],
        )
        .await;
    assert_eq!(
        outcome,
        json!({ "same": true, "ready": true, "frozen": true, "strict": "TypeError",
                "keys": ["mount", "ready"], "listed": true })
    );
    // Still usable, also by a copy of the loader added now.
    let loaded = browser
        .execute(
            "return new Promise((resolve) => {
               const s = document.createElement('script');
               s.src = arguments[0];
               s.dataset.clientId = 'cli_later';
               s.dataset.target = '#later';
               s.onload = () => resolve(true);
               s.onerror = () => resolve(false);
               document.body.append(s);
             });",
            vec![json!(origins.loader())],
        )
        .await;
    assert_eq!(loaded, json!(true));
    browser
        .execute(
            "MagicLinkLogin.mount('#slot', { clientId: 'cli_js' })",
            vec![],
        )
        .await;
    part_of(&browser, "#slot > magic-link-login", "input").await;
    part_of(&browser, "#later > magic-link-login", "input").await;
    browser.close().await;
}

/// A copy of the widget's build, for a test to change (removed on drop).
fn dist_copy() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("creating a folder");
        for entry in std::fs::read_dir(from).expect("reading the build") {
            let entry = entry.expect("a build entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("file type").is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copying a file");
            }
        }
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    copy(&widget_dist(), folder.path());
    folder
}

/// Each file the widget runs, changed after the build in a way that would still
/// work (a wasm custom section, a statement at the end of a module): the loader
/// refuses it, says which file through `MagicLinkLogin.ready` and the console, and
/// the element shows the "could not be loaded" alert. Changed code never runs.
#[tokio::test]
async fn a_file_changed_after_the_build_is_refused_by_its_integrity_digest() {
    let browser = Browser::start().await;
    // The wasm, and the module (the glue with its snippets bundled in).
    let files = ["magic-link-widget_bg.wasm", "magic-link-widget.js"];
    let page = |cdn: &StaticServer| {
        Page::new(
            "/",
            format!(
                r#"<!doctype html><html lang="en"><title>tampered</title>
{capture}
<script>
  window.unhandled = [];
  window.addEventListener('unhandledrejection', (e) => unhandled.push(String(e.reason)));
</script>
<magic-link-login client-id="cli_tampered">Loading…</magic-link-login>
<script src="{loader}" defer></script></html>"#,
                capture = CONSOLE_CAPTURE,
                loader = cdn.url("/magic-link-login.js")
            ),
        )
    };

    // The copy as built loads: each file fetched once, the module by a script
    // element with its digest, and no snippets folder left to fetch from.
    let dist = dist_copy();
    assert!(
        !dist.path().join("snippets").exists(),
        "snippets are bundled"
    );
    let cdn = StaticServer::start(dist.path().to_path_buf());
    let host = StaticServer::pages(vec![page(&cdn)]);
    browser.goto(&host.url("/")).await;
    wait_ready(&browser).await;
    let fetched = browser
        .execute(
            "const base = arguments[0] + '/';
             const count = (file) => performance.getEntriesByType('resource').filter((e) => e.name === base + file).length;
             const modules = [...Document.prototype.querySelectorAll.call(document, 'script[type=module]')];
             return { downloads: arguments[1].map(count),
                      modules: modules.map((s) => s.src.slice(base.length) + ' ' + s.integrity.startsWith('sha384-')) };",
            vec![json!(cdn.origin()), json!(files)],
        )
        .await;
    assert_eq!(
        fetched,
        json!({ "downloads": [1, 1], "modules": ["magic-link-widget.js true"] })
    );

    for file in &files {
        let dist = dist_copy();
        let path = dist.path().join(file);
        let mut bytes = std::fs::read(&path).expect("reading the file");
        if file.ends_with(".wasm") {
            // A custom section (id 0, 9 bytes: the name's length and "tampered").
            bytes.extend([0, 9, 8]);
            bytes.extend(b"tampered");
        } else {
            bytes.extend(b"\n;window.tampered = 'ran';\n");
        }
        std::fs::write(&path, bytes).expect("writing the file");
        let cdn = StaticServer::start(dist.path().to_path_buf());
        let host = StaticServer::pages(vec![page(&cdn)]);
        browser.goto(&host.url("/")).await;
        browser
            .wait_for_role("alert", "could not be loaded", WAIT)
            .await;
        let outcome = browser
            .execute(
                "return MagicLinkLogin.ready.then(() => 'resolved', (e) => e.message)
                   .then((message) => ({ message, tampered: window.tampered || null, unhandled }));",
                vec![],
            )
            .await;
        let message = outcome["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with(&format!(
                "magic-link-login: the widget could not be loaded from {}/ ({file} does not match the SHA-384 digest",
                cdn.origin()
            )),
            "{file}: {outcome}"
        );
        assert_eq!(outcome["tampered"], json!(null), "{file} ran");
        assert_eq!(outcome["unhandled"], json!([]), "{file}");
        let console = browser.console_log().await.join("\n");
        assert!(
            console.contains(&format!("{file} does not match")),
            "{file}: console:\n{console}"
        );
    }
    browser.close().await;
}

/// Named elements shadow every member of `document`, not only `currentScript`; the
/// loader reads the ones it uses through `Document.prototype`. A blocking tag whose
/// target comes after it, with `readyState` shadowed, must still wait for it.
/// (`createElement` is left out: the widget's own rendering calls it on `document`;
/// see the next test.)
#[tokio::test]
async fn elements_named_like_document_members_do_not_break_the_loader() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let api = origins.devapi.api_base();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r##"<!doctype html><html lang="en"><title>clobbered</title>
<img name="readyState" alt=""><img name="querySelectorAll" alt=""><form name="querySelector"></form>
<img name="head" alt=""><img name="addEventListener" alt="">
<div id="slot"></div>
<script src="{loader}" data-client-id="cli_tag" data-api-base="{api}" data-target="#later"></script>
<div id="later"></div></html>"##,
            loader = origins.loader(),
        ),
    )]);
    browser.goto(&host.url("/")).await;
    wait_ready(&browser).await;
    browser
        .execute(
            "MagicLinkLogin.mount('#slot', { clientId: 'cli_js', apiBase: arguments[0] })",
            vec![json!(api)],
        )
        .await;
    wait_for_widget_text(&browser, "#later > magic-link-login", "Email").await;
    wait_for_widget_text(&browser, "#slot > magic-link-login", "Email").await;
    browser.close().await;
}

/// An element named like a method the widget renders with (`createElement`,
/// `createTextNode`, `createComment`) shadows it on `document`, and no script can
/// take that back. The widget then says it cannot run here, in place of the instant
/// form (no Send that would do nothing), and the console names the element.
#[tokio::test]
async fn an_element_hiding_a_document_method_the_widget_needs_is_named_not_a_dead_form() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r##"<!doctype html><html lang="en"><title>clobbered</title>{capture}
<img name="createElement" alt="">
<magic-link-login client-id="cli_x" api-base="{api}"></magic-link-login>
<script src="{loader}" defer></script></html>"##,
            capture = CONSOLE_CAPTURE,
            api = origins.devapi.api_base(),
            loader = origins.loader(),
        ),
    )]);
    browser.goto(&host.url("/")).await;
    wait_for_widget_text(
        &browser,
        "magic-link-login",
        "The sign-in form cannot run on this page.",
    )
    .await;
    assert!(browser.find_by_role("alert", "").await.is_some());
    assert!(browser.find_by_role("textbox", "Email").await.is_none());
    let console = browser.console_log().await.join("\n");
    // (Chromium's log escapes `<` and quotes.)
    assert!(
        console.contains("img name=") && console.contains("hides document.createElement"),
        "{console}"
    );
    browser.close().await;
}

/// The loader's own tag can pin it (and, through the digests in it, everything it
/// loads): with `integrity` and `crossorigin` it loads as usual; with a wrong digest
/// the browser runs nothing.
#[tokio::test]
async fn a_loader_tag_with_its_own_integrity_attribute_loads() {
    let browser = Browser::start().await;
    let origins = Origins::start();
    let host = StaticServer::pages(vec![Page::new(
        "/",
        r#"<!doctype html><html lang="en"><title>pinned</title><div id="login"></div></html>"#,
    )]);
    browser.goto(&host.url("/")).await;
    // An async function: a script body may not `await` in every driver (geckodriver).
    let add = "const [src, api, wrong] = arguments;
               return (async () => {
               const bytes = await (await fetch(src)).arrayBuffer();
               const digest = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-384', bytes))));
               return new Promise((resolve) => {
                 const s = document.createElement('script');
                 s.src = src;
                 s.crossOrigin = 'anonymous';
                 s.integrity = 'sha384-' + (wrong ? digest.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) : digest);
                 Object.assign(s.dataset, { clientId: 'cli_pinned', apiBase: api, target: '#login' });
                 s.onload = () => resolve('loaded');
                 s.onerror = () => resolve('refused');
                 document.body.append(s);
               });
               })();";
    let api = origins.devapi.api_base();
    let wrong = browser
        .execute(add, vec![json!(origins.loader()), json!(api), json!(true)])
        .await;
    assert_eq!(wrong, json!("refused"));
    assert_eq!(
        browser
            .execute("return 'MagicLinkLogin' in window", vec![])
            .await,
        json!(false)
    );
    let right = browser
        .execute(add, vec![json!(origins.loader()), json!(api), json!(false)])
        .await;
    assert_eq!(right, json!("loaded"));
    wait_ready(&browser).await;
    wait_for_widget_text(&browser, "#login > magic-link-login", "Email").await;
    browser.close().await;
}
