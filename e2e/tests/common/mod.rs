//! Helpers shared by the widget test files (`flow_details.rs`, `faults.rs`): the
//! demo page, its event log, the widget's shadow root, the devapi request log,
//! keyboard input and time.
//!
//! Each test binary uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use e2e::fantoccini::actions::{InputSource, KeyAction, KeyActions};
use e2e::{Browser, DevApi, LoggedRequest, StaticServer};
use serde_json::{json, Value};

/// How long to wait for anything that should happen "soon".
pub const WAIT: Duration = Duration::from_secs(10);

/// The client ID the demo page uses (and so the storage key's suffix).
pub const DEMO_CLIENT_ID: &str = "cli_demo";

/// The WebDriver key codes of Tab and Enter.
pub const TAB: char = '\u{e004}';
/// See [`TAB`].
pub const ENTER: char = '\u{e007}';

/// The demo page's URL wired to `devapi`, with extra query parameters
/// (`"&resend-cooldown=2"`).
pub fn demo_url(dist: &StaticServer, devapi: &DevApi, extra: &str) -> String {
    dist.url(&format!("/index.html?api={}{extra}", devapi.origin()))
}

/// Opens the demo page wired to `devapi` and waits for the form.
pub async fn open_demo(browser: &Browser, dist: &StaticServer, devapi: &DevApi, extra: &str) {
    browser.goto(&demo_url(dist, devapi, extra)).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
}

/// Types `email`, clicks Send and waits for the waiting step.
pub async fn send_link(browser: &Browser, email: &str) {
    browser.type_into_textbox("Email", email).await;
    browser.click_button("Send").await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
}

/// Waits until the Resend button is enabled (its cooldown is over).
pub async fn wait_for_resend_enabled(browser: &Browser) {
    browser
        .wait_until(WAIT, "Resend to become enabled", || async {
            !browser.is_button_disabled("Resend").await
        })
        .await;
}

/// Milliseconds since the Unix epoch, the clock of devapi's request log.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as u64
}

/// Events the demo page logged, as `name {detail}` lines.
pub async fn event_log(browser: &Browser) -> Vec<String> {
    let lines = browser
        .execute(
            "return [...document.querySelectorAll('#log li')].map(li => li.textContent)",
            vec![],
        )
        .await;
    serde_json::from_value(lines).unwrap_or_default()
}

/// The details of every logged event named `name` (e.g. `"magic-link-error"`).
pub async fn events_named(browser: &Browser, name: &str) -> Vec<Value> {
    event_log(browser)
        .await
        .iter()
        .filter_map(|line| {
            let (event, detail) = line.split_once(' ')?;
            (event == name).then(|| {
                serde_json::from_str(detail)
                    .unwrap_or_else(|error| panic!("event detail is not JSON ({error}): {line}"))
            })
        })
        .collect()
}

/// Waits until at least `count` events named `name` were logged; returns the
/// details of all of them, oldest first.
pub async fn wait_for_events(browser: &Browser, name: &str, count: usize) -> Vec<Value> {
    let what = format!("{count} `{name}` event(s) in the demo's log");
    browser
        .wait_until(WAIT, &what, || async {
            events_named(browser, name).await.len() >= count
        })
        .await;
    events_named(browser, name).await
}

/// Waits for the `count`-th `magic-link-error` and returns its detail.
pub async fn wait_for_error(browser: &Browser, count: usize) -> Value {
    let errors = wait_for_events(browser, "magic-link-error", count).await;
    errors[count - 1].clone()
}

/// Runs `body` as a function of `root`, the widget's shadow root (the first
/// `<magic-link-login>` on the page), and returns its result.
pub async fn in_shadow(browser: &Browser, body: &str) -> Value {
    let script = format!(
        "const root = document.querySelector('magic-link-login').shadowRoot;\n\
         if (!root) throw new Error('no open shadow root on <magic-link-login>');\n{body}"
    );
    browser.execute(&script, vec![]).await
}

/// The text of the countdown next to Resend (`span[part=countdown]`), trimmed.
pub async fn countdown_text(browser: &Browser) -> String {
    let text = in_shadow(
        browser,
        "const el = root.querySelector('[part~=countdown]'); return el ? el.textContent : null;",
    )
    .await;
    text.as_str().unwrap_or_default().trim().to_owned()
}

/// The whole seconds the countdown shows ("Resend in 27s" → 27), if any.
pub async fn countdown_seconds(browser: &Browser) -> Option<u64> {
    let text = countdown_text(browser).await;
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The text of the alert (`p[part=error][role=alert]`), whitespace collapsed.
pub async fn alert_text(browser: &Browser) -> String {
    let text = in_shadow(
        browser,
        "const el = root.querySelector('[role=alert]');\n\
         return el ? el.textContent.replace(/\\s+/g, ' ').trim() : null;",
    )
    .await;
    text.as_str().unwrap_or_default().to_owned()
}

/// The address field's value.
pub async fn field_value(browser: &Browser) -> String {
    let value = in_shadow(
        browser,
        "const el = root.querySelector('input[part~=input]'); return el ? el.value : null;",
    )
    .await;
    value
        .as_str()
        .unwrap_or_else(|| panic!("no address field in the shadow root"))
        .to_owned()
}

/// An attribute of the address field (`None` when absent).
pub async fn field_attribute(browser: &Browser, name: &str) -> Option<String> {
    let script = format!(
        "const el = root.querySelector('input[part~=input]');\n\
         return el ? el.getAttribute({name:?}) : null;"
    );
    in_shadow(browser, &script)
        .await
        .as_str()
        .map(str::to_owned)
}

/// The widget's stored value (`sessionStorage["magic-link-login:cli_demo"]`).
pub async fn stored_value(browser: &Browser) -> Option<String> {
    let key = format!("magic-link-login:{DEMO_CLIENT_ID}");
    let value = browser
        .execute(
            "return sessionStorage.getItem(arguments[0])",
            vec![json!(key)],
        )
        .await;
    value.as_str().map(str::to_owned)
}

/// Status polls in devapi's log, oldest first.
pub async fn status_requests(devapi: &DevApi) -> Vec<LoggedRequest> {
    requests_to(devapi, "status").await
}

/// Requests to `endpoint` (`"send"`, `"resend"`, `"status"`) in devapi's log.
pub async fn requests_to(devapi: &DevApi, endpoint: &str) -> Vec<LoggedRequest> {
    devapi
        .requests()
        .await
        .into_iter()
        .filter(|request| request.endpoint == endpoint)
        .collect()
}

/// Status polls that arrived after `after_ms` (epoch ms).
pub async fn status_requests_after(devapi: &DevApi, after_ms: u64) -> Vec<LoggedRequest> {
    status_requests(devapi)
        .await
        .into_iter()
        .filter(|request| request.at_ms > after_ms)
        .collect()
}

/// Waits until devapi logged a status poll after `after_ms`; returns the first.
pub async fn wait_for_status_after(
    devapi: &DevApi,
    after_ms: u64,
    timeout: Duration,
) -> LoggedRequest {
    let what = format!("a status poll after {after_ms}");
    e2e::wait_until(timeout, &what, || async {
        !status_requests_after(devapi, after_ms).await.is_empty()
    })
    .await;
    status_requests_after(devapi, after_ms).await[0].clone()
}

/// Presses `keys` one after the other on whatever has focus, as a keyboard does
/// (WebDriver actions: no element is targeted, nothing is clicked). Use
/// [`TAB`] and [`ENTER`] for those keys.
pub async fn press_keys(browser: &Browser, keys: &str) {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for key in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
    }
    browser
        .client()
        .perform_actions(actions)
        .await
        .unwrap_or_else(|error| panic!("pressing keys {keys:?}: {error}"));
}

/// Installs a counter of the page's `fetch` calls (`window.__fetches`, each
/// `{url, at}`), which also sees requests that never reach the network (offline).
/// The widget looks `fetch` up on `window` at each call, so installing it after
/// the widget started works.
pub async fn count_fetches(browser: &Browser) {
    browser
        .execute(
            "if (!window.__fetches) {\n\
               window.__fetches = [];\n\
               const original = window.fetch;\n\
               window.fetch = function (input, init) {\n\
                 const url = typeof input === 'string' ? input : (input && input.url) || String(input);\n\
                 window.__fetches.push({ url, at: Date.now() });\n\
                 return original.apply(this, arguments);\n\
               };\n\
             }",
            vec![],
        )
        .await;
}

/// URLs the page fetched since [`count_fetches`] at or after `since_ms`
/// (epoch ms, page clock) whose URL contains `needle`.
pub async fn fetches_since(browser: &Browser, needle: &str, since_ms: u64) -> Vec<String> {
    let urls = browser
        .execute(
            "return (window.__fetches || [])\n\
               .filter(f => f.at >= arguments[1] && f.url.includes(arguments[0]))\n\
               .map(f => f.url)",
            vec![json!(needle), json!(since_ms)],
        )
        .await;
    serde_json::from_value(urls).unwrap_or_default()
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) for `epoch_s`, as
/// `Retry-After` carries dates.
pub fn http_date(epoch_s: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = epoch_s / 86_400;
    let secs = epoch_s % 86_400;
    // Howard Hinnant's civil_from_days, for dates after 1970.
    let z = days as i64 + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[test]
fn http_dates_are_imf_fixdates() {
    assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
}
