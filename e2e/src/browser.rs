//! A headless browser (Chromium, Firefox or WebKitGTK: see [`Engine`]) driven
//! through a WebDriver server of our own.

use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::Value;

use crate::cdp::Cdp;
use crate::chromedriver::{delete_session_blocking, Driver};
use crate::engine::Engine;
use crate::slots::Slot;

/// Environment variable capping how many Chromium instances run at once in one
/// test binary (default: the number of CPU cores). More would starve each other
/// on a small machine and make timing assertions flaky.
pub const BROWSER_SLOTS_ENV: &str = "E2E_BROWSERS";

/// Flags for a quiet, reproducible headless Chromium. Without the background
/// networking flags Chromium keeps trying hosts this network refuses.
const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
];

/// Window size at start and after [`Browser::set_visibility_hidden`]`(false)`.
const WINDOW_SIZE: (u32, u32) = (1280, 900);

/// One headless Chromium session, with its own chromedriver and profile.
///
/// Prefer [`close`](Self::close) at the end of a test; dropping (e.g. when the
/// test panics) still ends the session and kills chromedriver and Chromium.
pub struct Browser {
    pub(crate) client: Client,
    engine: Engine,
    session_id: Option<String>,
    closed: bool,
    /// Whether interactions may reach the loader's instant form (see
    /// [`act_before_the_widget_runs`](Self::act_before_the_widget_runs)).
    pub(crate) early: std::cell::Cell<bool>,
    // Fields drop in this order after `Drop::drop`: the processes go before
    // their profile folder is removed and before the slot is freed.
    driver: Driver,
    _profile: tempfile::TempDir,
    _slot: Slot,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a session.
    ///
    /// Chromedriver is `CHROMEDRIVER`, else `chromedriver` on `PATH`, else
    /// `/usr/bin/chromedriver`; Chromium is `CHROME_BIN`, else `/usr/bin/chromium`
    /// when present, else chromedriver's choice. Waits for a free browser slot
    /// first (see [`BROWSER_SLOTS_ENV`]), so start the browser before anything
    /// whose clock is running (e.g. a devapi with a short link lifetime).
    ///
    /// # Panics
    /// When chromedriver or Chromium cannot be started.
    pub async fn start() -> Browser {
        Browser::start_with_args(&[]).await
    }

    /// Like [`start`](Self::start), with extra Chromium command-line flags after
    /// the harness's own, e.g. `["--js-flags=--expose-gc",
    /// "--enable-precise-memory-info"]` for the benchmark's heap readings.
    ///
    /// # Panics
    /// When chromedriver or Chromium cannot be started.
    pub async fn start_with_args(extra_args: &[&str]) -> Browser {
        let slot = Slot::acquire();
        let engine = Engine::current();
        let driver = Driver::spawn(engine);
        let profile = tempfile::Builder::new()
            .prefix("e2e-chromium-")
            .tempdir()
            .expect("temporary Chromium profile");
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|arg| arg.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={},{}", WINDOW_SIZE.0, WINDOW_SIZE.1));
        args.extend(extra_args.iter().map(|arg| arg.to_string()));
        let Value::Object(capabilities) = engine.capabilities(args, WINDOW_SIZE) else {
            unreachable!("an object literal")
        };
        // On failure `driver` drops here, killing chromedriver.
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|error| panic!("opening a {} session: {error}", engine.name()));
        let session_id = client.session_id().await.ok().flatten();
        Browser {
            client,
            engine,
            session_id,
            closed: false,
            early: std::cell::Cell::new(false),
            driver,
            _profile: profile,
            _slot: slot,
        }
    }

    /// The engine this browser runs.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The underlying fantoccini client, for anything the helpers lack.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Navigates the current window to `url` and waits for it to load.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|error| panic!("navigating to {url}: {error}"));
    }

    /// Runs `script` in the page (`arguments[0]`… are `args`) and returns its result.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|error| panic!("script failed: {error}\n--- script ---\n{script}"))
    }

    /// Runs a Chrome DevTools Protocol command against the current page.
    pub async fn cdp(&self, command: &'static str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp { command, params })
            .await
            .unwrap_or_else(|error| panic!("CDP {command} failed: {error}"))
    }

    /// Makes the current page hidden (`true`: `document.visibilityState` turns
    /// `"hidden"` and `visibilitychange` fires, as when the user switches to
    /// another tab or minimises the window) or visible again (`false`).
    ///
    /// Done by minimising the window and restoring its size through standard
    /// WebDriver, which headless Chromium maps to real page visibility (timers
    /// are throttled as for any hidden page). No CDP: `Page.setWebLifecycleState`
    /// and focus emulation do not change `visibilityState` here. Opening
    /// another tab (see [`confirm_link_in_new_tab`](Self::confirm_link_in_new_tab))
    /// hides the page too, until the test switches back.
    pub async fn set_visibility_hidden(&self, hidden: bool) {
        if hidden {
            self.client
                .minimize_window()
                .await
                .expect("minimise the window");
        } else {
            let (width, height) = WINDOW_SIZE;
            self.client
                .set_window_rect(0, 0, width, height)
                .await
                .expect("restore the window");
        }
        let wanted = if hidden { "hidden" } else { "visible" };
        let what = format!("document.visibilityState to become {wanted}");
        self.wait_until(Duration::from_secs(5), &what, || async {
            let state = self
                .execute("return document.visibilityState", vec![])
                .await;
            state == wanted
        })
        .await;
    }

    /// Ends the session (Chromium quits) and stops chromedriver.
    pub async fn close(mut self) {
        // A clone: `Client::close` consumes its receiver, and `self` has a Drop.
        let _ = self.client.clone().close().await;
        self.closed = true;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Async drop is not a thing: without `close`, end the session with a
        // blocking request so chromedriver quits Chromium cleanly.
        if !self.closed {
            if let Some(session) = &self.session_id {
                delete_session_blocking(self.driver.port, session);
            }
        }
    }
}
