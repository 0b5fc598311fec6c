//! Every tab in step: tabs of one origin showing the widget with the same client ID
//! coordinate (a `BroadcastChannel`) and elect one poller (a Web Lock). Real
//! browsers against a real devapi over real HTTP; the second tab is a separate,
//! visible window opened on the page's URL (not a copy: nothing is shared through
//! `sessionStorage`).

use std::time::Duration;

use common::{
    countdown_seconds, demo_url, events_named, now_ms, open_demo, send_link, status_requests_after,
    WAIT,
};
use e2e::fantoccini::wd::WindowHandle;
use e2e::{widget_dist, Browser, DevApi, StaticServer};

mod common;

/// Opens the demo in a new window beside the current one, waits until it shows
/// the waiting step it joined, and returns to the first window. Returns the new
/// window's handle.
async fn open_second_window(browser: &Browser, url: &str) -> WindowHandle {
    let first = browser.client().window().await.expect("the first window");
    let second = browser
        .client()
        .new_window(false)
        .await
        .expect("a window")
        .handle;
    browser
        .client()
        .switch_to_window(second.clone())
        .await
        .expect("to the second window");
    browser.goto(url).await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    browser
        .client()
        .switch_to_window(first)
        .await
        .expect("back to the first");
    second
}

/// Whether the current window's page is visible.
async fn visible(browser: &Browser) -> bool {
    browser
        .execute("return document.visibilityState", vec![])
        .await
        == "visible"
}

/// Status polls per second over `seconds`, from devapi's log.
async fn poll_rate(devapi: &DevApi, seconds: u64) -> f64 {
    let from = now_ms();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let polls = status_requests_after(devapi, from).await.len();
    polls as f64 / seconds as f64
}

#[tokio::test]
async fn two_waiting_tabs_poll_like_one_and_a_resend_in_one_cools_down_both() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--resend-cooldown", "3"]);
    let dist = StaticServer::start(widget_dist());
    let extra = "&poll-interval=500&resend-cooldown=3";
    open_demo(&browser, &dist, &devapi, extra).await;
    send_link(&browser, "ana@example.com").await;
    let first = browser.client().window().await.unwrap();
    let one_tab = poll_rate(&devapi, 4).await;

    let second = open_second_window(&browser, &demo_url(&dist, &devapi, extra)).await;
    for window in [&second, &first] {
        browser
            .client()
            .switch_to_window(window.clone())
            .await
            .unwrap();
        assert!(
            visible(&browser).await,
            "both windows are visible: both may poll"
        );
    }
    let two_tabs = poll_rate(&devapi, 4).await;
    assert!(
        one_tab >= 1.0,
        "one tab polls about twice a second: {one_tab}"
    );
    assert!(
        two_tabs <= one_tab * 1.3,
        "two waiting tabs poll like one: {two_tabs}/s against {one_tab}/s"
    );

    // A resend in the second cools down the first.
    browser
        .client()
        .switch_to_window(second.clone())
        .await
        .unwrap();
    common::wait_for_resend_enabled(&browser).await;
    browser.click_button("Resend").await;
    browser
        .wait_until(WAIT, "the resend", || async {
            countdown_seconds(&browser).await.is_some()
        })
        .await;
    browser
        .client()
        .switch_to_window(first.clone())
        .await
        .unwrap();
    browser
        .wait_until(WAIT, "the first tab's countdown", || async {
            countdown_seconds(&browser).await.is_some_and(|s| s > 3)
        })
        .await;
    assert!(browser.is_button_disabled("Resend").await);
    assert_eq!(
        events_named(&browser, "magic-link-resent").await.len(),
        0,
        "the resend was the other tab's"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_sign_in_completes_every_waiting_tab_with_the_same_detail() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    let extra = "&poll-interval=500";
    open_demo(&browser, &dist, &devapi, extra).await;
    send_link(&browser, "ana@example.com").await;
    let first = browser.client().window().await.unwrap();
    let second = open_second_window(&browser, &demo_url(&dist, &devapi, extra)).await;
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    assert_eq!(outbox.len(), 1, "the second tab sent nothing");

    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    let mut details = Vec::new();
    for window in [&first, &second] {
        browser
            .client()
            .switch_to_window(window.clone())
            .await
            .unwrap();
        browser
            .wait_for_role("heading", "You are signed in", WAIT)
            .await;
        let events = events_named(&browser, "magic-link-authenticated").await;
        assert_eq!(events.len(), 1);
        details.push(events[0].clone());
    }
    assert_eq!(
        details[0], details[1],
        "the same tokens and user in both tabs"
    );
    assert!(details[0]["access_token"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    // Tokens are handed out once: one status answer carried them.
    let stored: serde_json::Value = browser
        .execute(
            "return Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)).join(' ')",
            vec![],
        )
        .await;
    let token = details[0]["access_token"].as_str().unwrap();
    assert!(
        !stored.as_str().unwrap_or_default().contains(token),
        "no token in storage"
    );
    browser.close().await;
}

#[tokio::test]
async fn closing_the_polling_tab_hands_polling_over_within_one_interval() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    let extra = "&poll-interval=1000";
    open_demo(&browser, &dist, &devapi, extra).await;
    send_link(&browser, "ana@example.com").await;
    // The first tab polls (it asked for the lock first); the second stands by.
    let second = open_second_window(&browser, &demo_url(&dist, &devapi, extra)).await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    browser
        .client()
        .close_window()
        .await
        .expect("close the polling tab");
    browser.client().switch_to_window(second).await.unwrap();
    let closed = now_ms();
    let handed_over = common::wait_for_status_after(&devapi, closed, WAIT).await;
    assert!(
        handed_over.at_ms - closed <= 2_000,
        "the next poll came {} ms after the polling tab closed",
        handed_over.at_ms - closed
    );
    // And it goes on: the link confirmed now still signs this tab in.
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    browser.close().await;
}
