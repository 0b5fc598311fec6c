//! Tokens are handed out once: the API consumes a sign-in with the first status
//! answer that carries them. A second tab of the same page (a duplicated tab shares
//! the stored step) hears the sign-in from the first over their channel and signs
//! in with the same tokens, without asking the API again. Where there is no channel
//! (`BroadcastChannel` missing), the second tab polls late and must not break: it
//! ends on the expired step, with no script error, while the first keeps its
//! sign-in. Real browsers against a real devapi over real HTTP.

use common::{demo_url, events_named, open_demo, send_link, WAIT};
use std::time::{Duration, Instant};

use e2e::fantoccini::wd::WindowHandle;
use e2e::{widget_dist, Browser, DevApi, Page, StaticServer};
use serde_json::json;

mod common;

#[tokio::test]
async fn a_duplicated_tab_signs_in_with_the_tokens_the_api_handed_out_once() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    send_link(&browser, "ana@example.com").await;
    let first = browser.client().window().await.expect("the first tab");
    let second = browser.duplicate_tab().await;
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    every_tab_signs_in_once_with_the_same_tokens(&browser, [first, second]).await;
    browser.close().await;
}

/// The race a loaded machine once lost (CI, Chromium): the polling tab was hidden
/// while its poll was on its way and gave up the poller's lock; the other tab,
/// shown, polled at once; the API handed the tokens to one poll and answered the
/// other "spent" (410), and that tab showed "Your link has expired". A tab now
/// keeps the lock until its poll is answered. Here devapi holds the copy's poll
/// until the link is confirmed (on another device, so no tab moves), then holds
/// its answer, tokens taken, while the test brings the first tab to the front.
#[tokio::test]
async fn a_tab_hidden_while_its_poll_is_on_the_way_keeps_the_poll_to_itself() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    send_link(&browser, "ana@example.com").await;
    let (first, second) = to_a_copy_of_the_tab(&browser).await;
    // The copy, in front, polls; devapi holds its next poll for 2 s, meanwhile the
    // link is confirmed, then the poll takes the tokens and its answer is held 4 s.
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    devapi
        .inject_fault(json!({"endpoint": "status", "delay_ms": 2000, "answer_delay_ms": 4000}))
        .await;
    devapi.wait_until_faults_taken(WAIT).await;
    devapi.confirm_elsewhere(&outbox[0]).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    // The first tab to the front: the copy, hidden, still waits for its answer.
    browser
        .client()
        .switch_to_window(first.clone())
        .await
        .expect("to the first tab");
    every_tab_signs_in_once_with_the_same_tokens(&browser, [first, second]).await;
    let log = devapi.requests().await;
    let held = log
        .iter()
        .find(|request| request.fault)
        .expect("the held poll in devapi's log");
    let confirmed = log
        .iter()
        .find(|request| request.endpoint == "verify" && request.method == "POST")
        .expect("the confirmation in devapi's log");
    assert!(
        confirmed.at_ms < held.at_ms + 2000,
        "the link was confirmed while the poll was held, so that poll took the tokens: {log:?}"
    );
    let spent: Vec<_> = log
        .iter()
        .filter(|request| request.endpoint == "status" && request.status == 410)
        .collect();
    assert!(spent.is_empty(), "no poll raced for the tokens: {spent:?}");
    browser.close().await;
}

/// Opens a copy of the waiting tab (`window.open` copies `sessionStorage`, so it
/// waits too), switches to it once it shows the waiting step, and returns the
/// first tab's handle and the copy's.
async fn to_a_copy_of_the_tab(browser: &Browser) -> (WindowHandle, WindowHandle) {
    let first = browser.client().window().await.expect("the first tab");
    let copy = browser.duplicate_tab().await;
    browser
        .client()
        .switch_to_window(copy.clone())
        .await
        .expect("to the copy");
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    (first, copy)
}

/// Each of `tabs` shows the signed-in step and hands the page one
/// `magic-link-authenticated`, all with the same tokens and user; none told the
/// page `magic-link-expired`.
async fn every_tab_signs_in_once_with_the_same_tokens<const N: usize>(
    browser: &Browser,
    tabs: [WindowHandle; N],
) {
    let mut details = Vec::new();
    for tab in tabs {
        browser.client().switch_to_window(tab).await.expect("a tab");
        browser
            .wait_for_role("heading", "You are signed in", WAIT)
            .await;
        let events = events_named(browser, "magic-link-authenticated").await;
        assert_eq!(events.len(), 1, "one hand-over per tab");
        assert!(
            events_named(browser, "magic-link-expired").await.is_empty(),
            "no tab ends on the expired step"
        );
        details.push(events[0].clone());
    }
    assert!(
        details.windows(2).all(|pair| pair[0] == pair[1]),
        "the same tokens and user in every tab: {details:?}"
    );
}

/// The demo page at `/alone.html`, with `script` run before the widget loads.
fn demo_after(script: &str) -> Vec<Page> {
    let demo = std::fs::read_to_string(widget_dist().join("index.html")).expect("the demo page");
    let loader = r#"<script src="magic-link-login.js" defer></script>"#;
    assert!(demo.contains(loader), "the demo page loads the loader");
    let page = demo.replace(
        loader,
        &format!(r#"<script src="before.js"></script>{loader}"#),
    );
    vec![
        Page::new("/alone.html", page),
        Page::new("/before.js", script).header("content-type", "text/javascript; charset=utf-8"),
    ]
}

/// Where [`demo_after`]'s page is served.
fn alone_url(dist: &StaticServer, devapi: &DevApi) -> String {
    demo_url(dist, devapi, "").replace("/index.html", "/alone.html")
}

/// The demo page with `BroadcastChannel` removed, as in a browser without it.
fn without_a_channel() -> Vec<Page> {
    demo_after("delete window.BroadcastChannel;")
}

/// The demo page where the browser refuses every Web Lock, as it does in an opaque
/// origin (a sandboxed frame): `navigator.locks.request` rejects with a
/// `SecurityError`.
fn with_locks_refused() -> Vec<Page> {
    demo_after("navigator.locks.request = () => Promise.reject(new DOMException('denied', 'SecurityError'));")
}

/// A tab that stood by for a lock it can never hold would never poll: where the
/// browser refuses the lock, there is no election, and the tab polls on its own.
#[tokio::test]
async fn where_the_browser_refuses_the_lock_the_tab_polls_on_its_own() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::with_pages(widget_dist(), with_locks_refused());
    browser.goto(&alone_url(&dist, &devapi)).await;
    assert_eq!(
        browser
            .execute(
                "return String(navigator.locks.request).includes('SecurityError')",
                vec![]
            )
            .await,
        true,
        "the page refuses locks"
    );
    send_link(&browser, "ana@example.com").await;
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    devapi.confirm_elsewhere(&outbox[0]).await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    assert_eq!(
        events_named(&browser, "magic-link-authenticated")
            .await
            .len(),
        1
    );
    browser.close().await;
}

#[tokio::test]
async fn without_a_channel_a_second_tabs_late_poll_ends_quietly_on_the_expired_step() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::with_pages(widget_dist(), without_a_channel());
    browser.goto(&alone_url(&dist, &devapi)).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    assert_eq!(
        browser
            .execute("return typeof BroadcastChannel", vec![])
            .await,
        "undefined"
    );
    send_link(&browser, "ana@example.com").await;
    let (first, second) = to_a_copy_of_the_tab(&browser).await;

    // Confirmed while the copy is selected. In Chromium and Firefox the copy is
    // the visible tab and signs in; WebKitGTK opens it as a second window, so both
    // are visible and either may poll first. The one that signs in is the winner.
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    let tabs = [second, first];
    let winner = tab_that_signs_in(&browser, &tabs).await;
    browser
        .client()
        .switch_to_window(tabs[winner].clone())
        .await
        .expect("to the tab that signed in");
    assert_eq!(
        events_named(&browser, "magic-link-authenticated")
            .await
            .len(),
        1
    );

    // The other tab, shown, polls at once and learns the sign-in is spent.
    browser
        .client()
        .switch_to_window(tabs[1 - winner].clone())
        .await
        .expect("to the other tab");
    browser
        .wait_for_role("heading", "Your link has expired", WAIT)
        .await;
    assert!(
        events_named(&browser, "magic-link-authenticated")
            .await
            .is_empty(),
        "no second hand-out of the tokens"
    );
    assert_eq!(events_named(&browser, "magic-link-expired").await.len(), 1);
    let problems: Vec<String> = browser
        .console_log()
        .await
        .into_iter()
        // The 410 of the spent sign-in is expected; the test server has no favicon.
        .filter(|line| {
            line.starts_with("SEVERE") && !line.contains("410") && !line.contains("favicon")
        })
        .collect();
    assert!(problems.is_empty(), "no script error: {problems:?}");
    browser.close().await;
}

/// The index of the first of `tabs` that shows the signed-in step within `WAIT`,
/// looking at each in turn.
async fn tab_that_signs_in(browser: &Browser, tabs: &[WindowHandle]) -> usize {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        for (index, tab) in tabs.iter().enumerate() {
            browser
                .client()
                .switch_to_window(tab.clone())
                .await
                .expect("a tab");
            if browser.page_text().await.contains("You are signed in") {
                return index;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no tab signed in within {WAIT:?}");
}
