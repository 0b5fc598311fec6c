//! Startup timings, each from a fresh navigation in a fresh Chromium: our widget's
//! time to an interactive e-mail field and to its element being defined, Hanko's
//! time to `<hanko-auth>` being defined, and our wasm's compile and instantiate
//! times measured apart.
//!
//! Why a fresh browser per measurement, not just a fresh navigation: besides the
//! HTTP cache (which CDP `Network.setCacheDisabled` turns off as well), V8 keeps
//! compiled WebAssembly and scripts in memory for the whole renderer process, so a
//! second navigation in the same browser would measure a warm start. Each browser
//! first loads a blank page from the same origin, so that starting the renderer
//! process is not counted either.

use e2e::{Browser, StaticServer};
use serde_json::{json, Value};

use crate::stats::Runs;

/// Everything measured here, one value per run.
pub struct Startup {
    /// Ours: navigation → enabled `input[name=email]` in the shadow root.
    pub interactive: Runs,
    /// The same on a German page (`lang/de.json` fetched with the wasm).
    pub interactive_german: Runs,
    /// Ours: navigation → `customElements.whenDefined("magic-link-login")`.
    pub defined: Runs,
    /// Ours: navigation → `MagicLinkLogin.ready` resolved.
    pub ready: Runs,
    /// Hanko: navigation → `customElements.whenDefined("hanko-auth")`.
    pub hanko_defined: Runs,
    /// Ours: `WebAssembly.compileStreaming(fetch(wasm))`, fetch included.
    pub compile: Runs,
    /// Ours: `init({module_or_path: compiled})`, then `defineElement()`.
    pub instantiate: Runs,
    /// Paths our startup page loaded from the widget's origin (Resource Timing).
    pub widget_files: Vec<String>,
    /// Paths the Hanko page loaded from Hanko's origin (Resource Timing).
    pub hanko_files: Vec<String>,
    /// Runs in which some file came from a cache (transfer size 0); expected 0.
    pub cached_loads: usize,
    /// The browser's name and version, e.g. `Chrome/156.0.8078.79`.
    pub chromium: String,
}

/// Runs every startup measurement `runs` times.
pub async fn measure(runs: usize, widget: &StaticServer, hanko: &StaticServer) -> Startup {
    let mut startup = Startup {
        interactive: Runs(Vec::new()),
        interactive_german: Runs(Vec::new()),
        defined: Runs(Vec::new()),
        ready: Runs(Vec::new()),
        hanko_defined: Runs(Vec::new()),
        compile: Runs(Vec::new()),
        instantiate: Runs(Vec::new()),
        widget_files: Vec::new(),
        hanko_files: Vec::new(),
        cached_loads: 0,
        chromium: String::new(),
    };
    for run in 1..=runs {
        eprintln!("[bench] startup run {run}/{runs}");
        let ours = cold_run(widget, &format!("/bench/startup.html?run={run}")).await;
        startup
            .interactive
            .0
            .push(mark(&ours.result, "interactive"));
        startup.defined.0.push(mark(&ours.result, "defined"));
        startup.ready.0.push(mark(&ours.result, "ready"));
        startup.widget_files = ours.files.clone();
        startup.chromium = ours.chromium.clone();

        let german = cold_run(widget, &format!("/bench/startup-de.html?run={run}")).await;
        startup
            .interactive_german
            .0
            .push(mark(&german.result, "interactive"));

        let theirs = cold_run(hanko, &format!("/bench/hanko.html?run={run}")).await;
        startup
            .hanko_defined
            .0
            .push(mark(&theirs.result, "defined"));
        startup.hanko_files = theirs.files.clone();

        let compile = cold_run(widget, &format!("/bench/compile.html?run={run}")).await;
        startup.compile.0.push(number(&compile.result, "compile"));
        startup
            .instantiate
            .0
            .push(number(&compile.result, "instantiate"));

        startup.cached_loads += [&ours, &german, &theirs, &compile]
            .iter()
            .filter(|load| load.from_cache)
            .count();
    }
    startup
}

/// A fresh Chromium with the HTTP cache off, on a blank page from `server`'s origin
/// (so neither starting the renderer nor opening the connection is measured).
pub async fn cold_browser(server: &StaticServer) -> Browser {
    let browser = Browser::start().await;
    browser.cdp("Network.enable", json!({})).await;
    browser
        .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await;
    browser.goto(&server.url("/bench/blank.html")).await;
    browser
}

/// What one page reported.
struct Load {
    /// `window.benchDone`'s value (see `pages/probe.js`).
    result: Value,
    /// Paths loaded from the page's own origin, the page itself excluded.
    files: Vec<String>,
    /// Whether any of them had a transfer size of 0 (served from a cache).
    from_cache: bool,
    chromium: String,
}

/// Opens `path` on `server` in a fresh Chromium with the cache off, after a
/// blank page from the same origin, and waits for the page's results.
async fn cold_run(server: &StaticServer, path: &str) -> Load {
    let browser = cold_browser(server).await;
    browser.goto(&server.url(path)).await;
    let result = browser.execute("return window.benchDone", vec![]).await;
    if let Some(error) = result.get("error") {
        panic!(
            "{path}: {error}\n--- console ---\n{}",
            browser.console_log().await.join("\n")
        );
    }
    // The user agent says only `156.0.0.0`; the browser itself knows better.
    let version = browser.cdp("Browser.getVersion", json!({})).await;
    browser.close().await;

    let own = |url: &str| url.strip_prefix(server.origin()).map(str::to_owned);
    let loaded: Vec<(String, u64)> = result["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let path = own(entry["url"].as_str()?)?;
            Some((path, entry["transferSize"].as_u64().unwrap_or(0)))
        })
        .collect();
    Load {
        files: loaded.iter().map(|(path, _)| path.clone()).collect(),
        from_cache: loaded.iter().any(|&(_, size)| size == 0),
        chromium: version["product"].as_str().unwrap_or("unknown").to_owned(),
        result,
    }
}

fn mark(result: &Value, name: &str) -> f64 {
    number(&result["marks"], name)
}

fn number(object: &Value, name: &str) -> f64 {
    object[name]
        .as_f64()
        .unwrap_or_else(|| panic!("the page reported no {name:?}: {object}"))
}
