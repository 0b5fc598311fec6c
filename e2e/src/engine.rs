//! Which browser engine the end-to-end tests drive: `E2E_ENGINE=chromium` (the
//! default), `firefox` (Firefox ESR through geckodriver) or `webkit` (WebKitGTK's
//! MiniBrowser through WebKitWebDriver, under a virtual X display).

use std::path::PathBuf;

use serde_json::{json, Value};

/// The environment variable that chooses the engine.
pub const ENGINE_ENV: &str = "E2E_ENGINE";

/// The WebKitGTK browser WebKitWebDriver automates (Debian's `webkit2gtk-driver`).
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// A browser engine the harness can drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Chromium (Blink), through chromedriver: also offers CDP and the console log.
    Chromium,
    /// Firefox ESR (Gecko), through geckodriver.
    Firefox,
    /// WebKitGTK (Safari's engine), through WebKitWebDriver.
    WebKit,
}

impl Engine {
    /// The engine `E2E_ENGINE` names (Chromium when unset).
    ///
    /// # Panics
    /// On a name the harness does not know.
    pub fn current() -> Engine {
        match std::env::var(ENGINE_ENV).as_deref() {
            Err(_) | Ok("") | Ok("chromium") => Engine::Chromium,
            Ok("firefox") => Engine::Firefox,
            Ok("webkit") => Engine::WebKit,
            Ok(other) => panic!("{ENGINE_ENV}={other}: expected chromium, firefox or webkit"),
        }
    }

    /// Its name as `E2E_ENGINE` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    /// The WebDriver server: the binary (an environment variable overrides it) and
    /// the arguments that make it listen on `port`.
    pub(crate) fn driver(self, port: u16) -> (PathBuf, Vec<String>) {
        let (variable, name, args) = match self {
            Engine::Chromium => (
                "CHROMEDRIVER",
                "chromedriver",
                vec![format!("--port={port}")],
            ),
            Engine::Firefox => (
                "GECKODRIVER",
                "geckodriver",
                vec![
                    "--port".into(),
                    port.to_string(),
                    "--log".into(),
                    "warn".into(),
                ],
            ),
            Engine::WebKit => (
                "WEBKITWEBDRIVER",
                "WebKitWebDriver",
                vec![format!("--port={port}")],
            ),
        };
        (binary(variable, name), args)
    }

    /// The session's capabilities; `chromium_args` are Chromium's command line.
    pub(crate) fn capabilities(self, chromium_args: Vec<String>, window: (u32, u32)) -> Value {
        match self {
            Engine::Chromium => {
                let mut options = json!({ "args": chromium_args });
                if let Some(binary) = chrome_binary() {
                    options["binary"] = json!(binary);
                }
                json!({
                    "browserName": "chrome",
                    "goog:chromeOptions": options,
                    "goog:loggingPrefs": { "browser": "ALL" },
                })
            }
            Engine::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": std::env::var("FIREFOX_BIN").unwrap_or_else(|_| "/usr/bin/firefox-esr".into()),
                    "args": ["-headless", format!("--width={}", window.0), format!("--height={}", window.1)],
                    // No updates, telemetry or first-run pages: this network reaches no one.
                    "prefs": {
                        "app.update.enabled": false,
                        "browser.shell.checkDefaultBrowser": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "network.captive-portal-service.enabled": false,
                    },
                },
            }),
            Engine::WebKit => json!({
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {
                    "binary": std::env::var("MINIBROWSER").unwrap_or_else(|_| MINIBROWSER.into()),
                    "args": ["--automation"],
                },
            }),
        }
    }
}

/// Whether the test may go on: `true` on Chromium; elsewhere it says why the test
/// does not apply (`why`: the Chromium-only facility it needs, e.g. "CDP network
/// emulation") and returns `false`, so the test returns early.
pub fn chromium_only(why: &str) -> bool {
    let engine = Engine::current();
    if engine != Engine::Chromium {
        eprintln!("[e2e] not run on {}: needs {why}", engine.name());
    }
    engine == Engine::Chromium
}

/// `$variable`, else `name` on `PATH`, else `/usr/bin/<name>`.
fn binary(variable: &str, name: &str) -> PathBuf {
    if let Some(bin) = std::env::var_os(variable) {
        return PathBuf::from(bin);
    }
    let cargo_bin = std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo/bin"));
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .chain(cargo_bin)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    });
    on_path.unwrap_or_else(|| PathBuf::from("/usr/bin").join(name))
}

/// Chromium: `CHROME_BIN`, else `/usr/bin/chromium` when present.
fn chrome_binary() -> Option<String> {
    std::env::var("CHROME_BIN").ok().or_else(|| {
        std::path::Path::new("/usr/bin/chromium")
            .is_file()
            .then(|| "/usr/bin/chromium".to_owned())
    })
}
