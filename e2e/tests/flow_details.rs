//! The sign-in flow's details through the demo page, in real Chromium against a
//! real devapi: reload-proof countdowns, resend, expiry, a cancelled sign-in, going
//! back, the polling rate (visible and hidden) and keyboard-only use.

mod common;

use std::time::{Duration, Instant};

use common::*;
use e2e::{widget_dist, Browser, DevApi, StaticServer};
use serde_json::Value;

const ADDRESS: &str = "ana@example.com";

#[tokio::test]
async fn a_reload_during_the_cooldown_keeps_the_step_and_the_seconds() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    let url = demo_url(&dist, &devapi, "&resend-cooldown=20");
    browser.goto(&url).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    send_link(&browser, ADDRESS).await;

    // Let the cooldown run a while, so a countdown restarted from 20 would show.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = countdown_seconds(&browser)
        .await
        .expect("a countdown before the reload");
    let read_at = Instant::now();
    assert!(
        (15..=18).contains(&before),
        "countdown before the reload shows {before}s, 3 s into a 20 s cooldown"
    );

    browser.goto(&url).await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    browser.wait_for_text(ADDRESS, WAIT).await;
    let after = countdown_seconds(&browser)
        .await
        .expect("a countdown after the reload");
    let elapsed = read_at.elapsed().as_secs_f64();
    let expected = before as f64 - elapsed;
    eprintln!("countdown {before}s, reload, {after}s after {elapsed:.2}s");
    assert!(
        (after as f64 - expected).abs() <= 1.0,
        "after the reload the countdown shows {after}s; {before}s were left {elapsed:.1}s before"
    );
    assert!(
        browser.is_button_disabled("Resend").await,
        "Resend stays disabled after the reload"
    );

    let stored = stored_value(&browser).await.expect("a stored flow");
    let snapshot: Value = serde_json::from_str(&stored).expect("stored value is JSON");
    assert_eq!(snapshot["step"], "waiting", "{stored}");
    assert_eq!(snapshot["email"], ADDRESS, "{stored}");
    let state = &devapi.outbox().await[0].state;
    assert_eq!(snapshot["state"], state.as_str(), "{stored}");
    assert!(
        !stored.to_lowercase().contains("token"),
        "the stored value holds no token: {stored}"
    );
    let everything = browser
        .execute(
            "return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)",
            vec![],
        )
        .await;
    assert!(
        !everything
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
            .contains("token"),
        "no storage holds a token: {everything}"
    );
    browser.close().await;
}

#[tokio::test]
async fn resend_posts_the_same_state_and_doubles_the_cooldown() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--resend-cooldown", "1"]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&resend-cooldown=1").await;
    send_link(&browser, ADDRESS).await;

    wait_for_resend_enabled(&browser).await;
    browser.click_button("Resend").await;

    let resent = wait_for_events(&browser, "magic-link-resent", 1).await;
    let resent_seen = Instant::now();
    // Read the countdown straight away: 2 s (doubled) rounds up to "2", 1 s to "1".
    let left = countdown_seconds(&browser).await;
    assert!(
        browser.is_button_disabled("Resend").await,
        "Resend cools down again after a resend"
    );
    assert_eq!(
        left,
        Some(2),
        "the cooldown after the first resend is 2 × resend-cooldown (countdown: {:?})",
        countdown_text(&browser).await
    );
    assert_eq!(resent[0]["email"], ADDRESS);
    assert_eq!(resent[0]["count"], 1, "{resent:?}");

    let sends = requests_to(&devapi, "send").await;
    let resends = requests_to(&devapi, "resend").await;
    assert_eq!(
        (sends.len(), resends.len()),
        (1, 1),
        "{sends:?} {resends:?}"
    );
    assert!(sends[0].state.is_some(), "devapi logged the send's state");
    assert_eq!(
        resends[0].state, sends[0].state,
        "the resend names the state the send returned"
    );
    assert_eq!(resends[0].status, 200);
    let outbox = devapi.wait_for_outbox(2, WAIT).await;
    assert_eq!(outbox[0].kind, "resend", "{outbox:#?}");
    assert_eq!(outbox[0].to, ADDRESS);
    assert_eq!(Some(&outbox[0].state), sends[0].state.as_ref());

    wait_for_resend_enabled(&browser).await;
    let cooled = resent_seen.elapsed();
    eprintln!("second cooldown observed for {cooled:?}");
    assert!(
        cooled >= Duration::from_millis(1200),
        "the second cooldown lasted only {cooled:?}; it should be about 2 s"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_link_expires_then_one_click_sends_a_new_one() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--link-ttl", "4"]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&link-ttl=4&poll-interval=500").await;
    send_link(&browser, ADDRESS).await;
    let sent_at = Instant::now();

    browser
        .wait_for_role("heading", "Your link has expired", WAIT)
        .await;
    let expired_seen = now_ms();
    let lifetime = sent_at.elapsed();
    eprintln!("expired after {lifetime:?}");
    assert!(
        lifetime >= Duration::from_millis(3500),
        "the link expired after {lifetime:?}, before its 4 s lifetime"
    );
    let expired = wait_for_events(&browser, "magic-link-expired", 1).await;
    assert_eq!(expired[0]["email"], ADDRESS);
    assert!(browser.page_text().await.contains(ADDRESS));

    // Polling stopped: nothing after the expiry (with 1.5 s of grace).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let late = status_requests_after(&devapi, expired_seen + 1500).await;
    assert!(late.is_empty(), "status polled after expiry: {late:?}");

    browser.click_button("Send a new link").await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    let outbox = devapi.wait_for_outbox(2, WAIT).await;
    assert_eq!(outbox[0].to, ADDRESS);
    assert_eq!(outbox[0].kind, "send");
    assert_ne!(
        outbox[0].state, outbox[1].state,
        "a new sign-in, a new state"
    );
    wait_for_events(&browser, "magic-link-sent", 2).await;
    browser.close().await;
}

/// Number matching: where the link was opened, a number other than the one this
/// page shows was picked. This page says the sign-in was cancelled (not that the
/// link expired), also after a reload, and one click starts again.
#[tokio::test]
async fn a_different_number_picked_where_the_link_opened_cancels_the_sign_in_here() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    let url = demo_url(&dist, &devapi, "&poll-interval=500");
    browser.goto(&url).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    send_link(&browser, ADDRESS).await;
    let link = devapi.wait_for_outbox(1, WAIT).await[0].link.clone();

    let confirm_page = browser.pick_wrong_number_in_new_tab(&link).await;
    assert!(confirm_page.contains("Sign-in cancelled"), "{confirm_page}");
    browser
        .wait_for_role("heading", "Sign-in cancelled", WAIT)
        .await;
    let error = wait_for_error(&browser, 1).await;
    assert_eq!(error["code"], "cancelled", "{error}");
    assert!(events_named(&browser, "magic-link-expired")
        .await
        .is_empty());
    let text = browser.page_text().await;
    assert!(text.contains("a different number was picked"), "{text}");
    assert!(text.contains(ADDRESS), "{text}");
    assert_eq!(
        browser.active_element_description().await,
        "h2 \"Sign-in cancelled\""
    );

    browser.goto(&url).await;
    browser
        .wait_for_role("heading", "Sign-in cancelled", WAIT)
        .await;
    browser.click_button("Send a new link").await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    let outbox = devapi.wait_for_outbox(2, WAIT).await;
    assert_ne!(outbox[0].state, outbox[1].state, "a new sign-in");
    browser.close().await;
}

#[tokio::test]
async fn the_link_also_expires_on_the_client_clock() {
    let browser = Browser::start().await;
    // devapi keeps the link valid far longer: only the widget's clock expires it.
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&link-ttl=5&poll-interval=500").await;
    send_link(&browser, ADDRESS).await;
    let sent_at = Instant::now();

    browser
        .wait_for_role("heading", "Your link has expired", WAIT)
        .await;
    let expired_seen = now_ms();
    let lifetime = sent_at.elapsed();
    assert!(
        (Duration::from_millis(4500)..Duration::from_millis(6500)).contains(&lifetime),
        "a 5 s link expired after {lifetime:?}"
    );
    let expired = wait_for_events(&browser, "magic-link-expired", 1).await;
    assert_eq!(expired[0]["email"], ADDRESS);
    let polls = status_requests(&devapi).await;
    assert!(
        polls.iter().all(|poll| poll.status == 200),
        "devapi never said expired: {polls:?}"
    );
    let stored = stored_value(&browser).await.unwrap_or_default();
    assert!(stored.contains(r#""step":"expired""#), "stored: {stored}");

    tokio::time::sleep(Duration::from_secs(2)).await;
    let late = status_requests_after(&devapi, expired_seen).await;
    assert!(late.is_empty(), "status polled after expiry: {late:?}");
    browser.close().await;
}

#[tokio::test]
async fn going_back_to_the_form_stops_polling_and_forgets_the_flow() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&poll-interval=500").await;
    send_link(&browser, ADDRESS).await;
    e2e::wait_until(WAIT, "two status polls", || async {
        status_requests(&devapi).await.len() >= 2
    })
    .await;
    assert!(stored_value(&browser).await.is_some(), "the flow is stored");

    browser.click_button("different email").await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    let back_at = now_ms();
    assert_eq!(field_value(&browser).await, ADDRESS, "the address stays");
    assert_eq!(stored_value(&browser).await, None, "storage is cleared");

    tokio::time::sleep(Duration::from_secs(2)).await;
    let late = status_requests_after(&devapi, back_at).await;
    assert!(late.is_empty(), "status polled after going back: {late:?}");
    browser.close().await;
}

#[tokio::test]
async fn polls_at_the_interval_while_visible_and_not_at_all_while_hidden() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&poll-interval=500").await;
    send_link(&browser, ADDRESS).await;

    let start = now_ms();
    tokio::time::sleep(Duration::from_secs(4)).await;
    let end = now_ms();
    let visible = status_requests_after(&devapi, start)
        .await
        .into_iter()
        .filter(|request| request.at_ms <= end)
        .count();
    eprintln!("{visible} status polls in 4 s");
    // At most one poll per interval (the budget); the lower bound only catches a
    // stalled poller, with room for timers delayed by a loaded CI machine.
    assert!(
        (5..=9).contains(&visible),
        "{visible} status polls in 4 s at a 500 ms interval"
    );

    browser
        .execute(
            "document.addEventListener('visibilitychange', () => {\n\
               if (document.visibilityState === 'visible') window.__visibleAt = Date.now();\n\
             })",
            vec![],
        )
        .await;
    browser.set_visibility_hidden(true).await;
    let hidden_at = now_ms();
    tokio::time::sleep(Duration::from_secs(3)).await;
    // A poll already on the wire when the window was minimised may land just after.
    let while_hidden = status_requests_after(&devapi, hidden_at + 300).await;
    assert!(
        while_hidden.is_empty(),
        "status polled while the tab was hidden: {while_hidden:?}"
    );

    browser.set_visibility_hidden(false).await;
    let visible_at = browser
        .execute("return window.__visibleAt || null", vec![])
        .await
        .as_u64()
        .expect("visibilitychange to visible was seen");
    let poll = wait_for_status_after(&devapi, hidden_at, WAIT).await;
    eprintln!(
        "poll {} ms after visible",
        poll.at_ms as i64 - visible_at as i64
    );
    assert!(
        poll.at_ms <= visible_at + 1000,
        "the first poll after the tab became visible came {} ms later",
        poll.at_ms as i64 - visible_at as i64
    );
    browser.close().await;
}

#[tokio::test]
async fn keyboard_only_sign_in_and_back() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    assert_eq!(
        browser.active_element_description().await,
        "body",
        "the widget does not steal focus on first render"
    );

    let field = r#"input "Email address""#;
    for _ in 0..10 {
        if browser.active_element_description().await == field {
            break;
        }
        press_keys(&browser, &TAB.to_string()).await;
    }
    assert_eq!(
        browser.active_element_description().await,
        field,
        "Tab reaches the address field"
    );
    press_keys(&browser, &format!("{ADDRESS}{ENTER}")).await;

    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    browser
        .wait_until(WAIT, "focus on the waiting step's heading", || async {
            browser.active_element_description().await == r#"h2 "Check your inbox""#
        })
        .await;
    assert_eq!(devapi.wait_for_outbox(1, WAIT).await[0].to, ADDRESS);

    let back = r#"button "Use a different email""#;
    let mut stops = Vec::new();
    for _ in 0..5 {
        press_keys(&browser, &TAB.to_string()).await;
        let now = browser.active_element_description().await;
        stops.push(now.clone());
        if now == back {
            break;
        }
    }
    assert_eq!(
        stops.last().map(String::as_str),
        Some(back),
        "Tab from the heading reaches the back button; focus went {stops:?}"
    );
    press_keys(&browser, &ENTER.to_string()).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    browser
        .wait_until(WAIT, "focus back on the address field", || async {
            browser.active_element_description().await == field
        })
        .await;
    assert_eq!(field_value(&browser).await, ADDRESS);
    browser.close().await;
}
