//! Status polling while the widget waits for the link (visible and hidden tab, one
//! and three waiting tabs), and whether the resend countdown is still right after
//! the tab was hidden.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use e2e::{Browser, DevApi, StaticServer};

use crate::pages::WAITING_COOLDOWN_SECS;
use crate::stats::Runs;

const WAIT: Duration = Duration::from_secs(10);

/// The widget's default `poll-interval`, which the waiting page keeps.
pub const DEFAULT_POLL_INTERVAL_MS: u64 = 2000;

/// What one waiting session showed.
pub struct Polling {
    /// Length of the visible window, seconds.
    pub visible_secs: u64,
    /// Status requests devapi logged during it.
    pub visible_polls: usize,
    /// Milliseconds between consecutive status requests in that window.
    pub visible_intervals: Runs,
    /// Length of the hidden window, seconds.
    pub hidden_secs: u64,
    /// Status requests devapi logged while the tab was hidden.
    pub hidden_polls: usize,
    /// From the command that shows the tab again to the next status request, ms.
    pub first_poll_after_show_ms: Option<u64>,
    /// The `resend-cooldown` the page set, seconds.
    pub cooldown_secs: u64,
    /// "Resend in Ns" right after the tab was shown again.
    pub countdown_shown: Option<u64>,
    /// What the countdown should say then: the cooldown minus the seconds since
    /// devapi received the send, unrounded.
    pub countdown_expected: f64,
}

/// Puts the widget in the waiting step, counts status polls for `visible_secs`
/// in a visible tab and `hidden_secs` in a hidden one, then shows the tab and
/// reads the countdown.
pub async fn measure(
    visible_secs: u64,
    hidden_secs: u64,
    widget: &StaticServer,
    devapi: &DevApi,
) -> Polling {
    eprintln!(
        "[bench] polling: {visible_secs} s visible, {hidden_secs} s hidden, then the countdown"
    );
    let browser = Browser::start().await;
    browser.goto(&widget.url("/bench/waiting.html")).await;
    browser
        .type_into_textbox("Email", "bench@example.com")
        .await;
    browser.click_button("Send").await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    let sent_at = devapi
        .requests()
        .await
        .iter()
        .find(|request| request.endpoint == "send")
        .expect("devapi logged the send")
        .at_ms;

    // The window starts half an interval after the first poll, not right after
    // the send: polls then fall mid-window, and a few milliseconds of lateness
    // per poll cannot push the last one out (which would count 9, not 10, in 20 s).
    browser
        .wait_until(WAIT, "the first status request", || async {
            devapi
                .requests()
                .await
                .iter()
                .any(|request| request.endpoint == "status")
        })
        .await;
    tokio::time::sleep(Duration::from_millis(DEFAULT_POLL_INTERVAL_MS / 2)).await;
    let visible_from = now_ms();
    tokio::time::sleep(Duration::from_secs(visible_secs)).await;
    let visible_until = now_ms();

    browser.set_visibility_hidden(true).await;
    let hidden_from = now_ms();
    tokio::time::sleep(Duration::from_secs(hidden_secs)).await;
    let hidden_until = now_ms();
    browser.set_visibility_hidden(false).await;
    let before_read = now_ms();
    let text = browser.page_text().await;
    let read_at = (before_read + now_ms()) / 2;

    // Give the poll that showing the tab triggers time to arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let statuses: Vec<u64> = devapi
        .requests()
        .await
        .iter()
        .filter(|request| request.endpoint == "status")
        .map(|request| request.at_ms)
        .collect();
    browser.close().await;

    let count_in = |from: u64, until: u64| {
        statuses
            .iter()
            .filter(|&&at| at >= from && at < until)
            .count()
    };
    let in_visible: Vec<u64> = statuses
        .iter()
        .copied()
        .filter(|&at| at >= visible_from && at < visible_until)
        .collect();
    Polling {
        visible_secs,
        visible_polls: in_visible.len(),
        visible_intervals: Runs(
            in_visible
                .windows(2)
                .map(|pair| (pair[1] - pair[0]) as f64)
                .collect(),
        ),
        hidden_secs,
        hidden_polls: count_in(hidden_from, hidden_until),
        first_poll_after_show_ms: statuses
            .iter()
            .find(|&&at| at >= hidden_until)
            .map(|at| at - hidden_until),
        cooldown_secs: WAITING_COOLDOWN_SECS,
        countdown_shown: countdown_seconds(&text),
        countdown_expected: WAITING_COOLDOWN_SECS as f64 - (read_at - sent_at) as f64 / 1000.0,
    }
}

/// Status requests with one waiting tab, then with three (the tabs elect one
/// poller).
pub struct TabsPolling {
    /// Length of each window, seconds.
    pub secs: u64,
    /// Status requests with one waiting tab.
    pub one_tab: usize,
    /// Status requests with three waiting tabs (visible windows side by side).
    pub three_tabs: usize,
}

/// Counts status polls for `secs` with one waiting tab, opens two more windows on
/// the same page (they join the waiting step) and counts again.
pub async fn measure_tabs(secs: u64, widget: &StaticServer, devapi: &DevApi) -> TabsPolling {
    eprintln!("[bench] polling: {secs} s with one waiting tab, {secs} s with three");
    let browser = Browser::start().await;
    let url = widget.url("/bench/waiting.html");
    browser.goto(&url).await;
    browser.type_into_textbox("Email", "tabs@example.com").await;
    browser.click_button("Send").await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    tokio::time::sleep(Duration::from_millis(DEFAULT_POLL_INTERVAL_MS / 2)).await;
    let count = |from: u64, until: u64| async move {
        devapi
            .requests()
            .await
            .iter()
            .filter(|r| r.endpoint == "status" && r.at_ms >= from && r.at_ms < until)
            .count()
    };
    let from = now_ms();
    tokio::time::sleep(Duration::from_secs(secs)).await;
    let one_tab = count(from, now_ms()).await;
    for _ in 0..2 {
        let window = browser.client().new_window(false).await.expect("a window");
        browser
            .client()
            .switch_to_window(window.handle)
            .await
            .expect("to the new window");
        browser.goto(&url).await;
        browser
            .wait_for_role("heading", "Check your inbox", WAIT)
            .await;
    }
    let from = now_ms();
    tokio::time::sleep(Duration::from_secs(secs)).await;
    let three_tabs = count(from, now_ms()).await;
    browser.close().await;
    TabsPolling {
        secs,
        one_tab,
        three_tabs,
    }
}

/// N out of "Resend in Ns".
fn countdown_seconds(text: &str) -> Option<u64> {
    let start = text.find("Resend in ")? + "Resend in ".len();
    text[start..].split('s').next()?.trim().parse().ok()
}

/// Milliseconds since the Unix epoch: the clock of devapi's request log.
fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as u64
}
