//! What the page wrote to its console: Chromium's own log (`goog:loggingPrefs`),
//! or, in engines whose WebDriver has no log endpoint, what [`CONSOLE_CAPTURE`]
//! recorded in the page.

use serde_json::Value;

use crate::browser::Browser;
use crate::cdp::BrowserLog;
use crate::engine::Engine;

/// A `<script>` that records console warnings and errors, uncaught errors and
/// unhandled rejections in the page, for [`Browser::console_log`] in Firefox and
/// WebKit. Put it first in a test page, before the loader. (Chromium reads its
/// real console log instead.)
pub const CONSOLE_CAPTURE: &str = r#"<script>
(() => {
  const lines = (window.__e2eConsole = []);
  const text = (values) => values.map((value) => (value instanceof Error ? value.message : String(value))).join(' ');
  for (const [method, level] of [['error', 'SEVERE'], ['warn', 'WARNING']]) {
    const original = console[method].bind(console);
    console[method] = (...values) => {
      lines.push(`${level} ${text(values)}`);
      original(...values);
    };
  }
  addEventListener('error', (event) => lines.push(`SEVERE ${event.message}`));
  addEventListener('unhandledrejection', (event) => lines.push(`SEVERE ${text([event.reason])}`));
})();
</script>"#;

impl Browser {
    /// Console messages and uncaught errors since the last call, one per line
    /// (`LEVEL message`, LEVEL being `SEVERE` or `WARNING` in every engine).
    /// Best effort: empty if chromedriver refuses, or, in Firefox and WebKit,
    /// when the page does not start with [`CONSOLE_CAPTURE`].
    pub async fn console_log(&self) -> Vec<String> {
        if self.engine() != Engine::Chromium {
            let captured = self
                .client
                .execute(
                    "const lines = window.__e2eConsole || []; \
                     window.__e2eConsole = []; return lines;",
                    vec![],
                )
                .await;
            let Ok(Value::Array(lines)) = captured else {
                return Vec::new();
            };
            return lines
                .iter()
                .filter_map(|line| line.as_str().map(str::to_owned))
                .collect();
        }
        let Ok(Value::Array(entries)) = self.client.issue_cmd(BrowserLog).await else {
            return Vec::new();
        };
        entries
            .iter()
            .map(|entry| {
                let level = entry["level"].as_str().unwrap_or("?");
                let message = entry["message"].as_str().unwrap_or("");
                format!("{level} {message}")
            })
            .collect()
    }
}
