//! Chromium-specific WebDriver commands that fantoccini does not wrap.

use hyper::Method;
use serde_json::{json, Value};
use url::{ParseError, Url};

/// Runs a Chrome DevTools Protocol command in the current window's page
/// (chromedriver's `POST /session/{id}/goog/cdp/execute`).
#[derive(Debug)]
pub(crate) struct Cdp {
    pub command: &'static str,
    pub params: Value,
}

/// Fetches and clears the browser console log collected through
/// `goog:loggingPrefs` (chromedriver's legacy `POST /session/{id}/se/log`).
#[derive(Debug)]
pub(crate) struct BrowserLog;

fn session_url(base: &Url, session: Option<&str>, rest: &str) -> Result<Url, ParseError> {
    // Without a session the URL is invalid on purpose: the command is refused.
    let session = session.unwrap_or("no-session");
    base.join(&format!("session/{session}/{rest}"))
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, ParseError> {
        session_url(base, session, "goog/cdp/execute")
    }

    fn method_and_body(&self, _: &Url) -> (Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (Method::POST, Some(body.to_string()))
    }
}

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, ParseError> {
        session_url(base, session, "se/log")
    }

    fn method_and_body(&self, _: &Url) -> (Method, Option<String>) {
        (Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}
