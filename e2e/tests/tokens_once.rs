//! Tokens are handed out once: the API consumes a sign-in with the first status
//! answer that carries them. A second tab of the same page (a duplicated tab shares
//! the stored step) polls late, and must not break: it ends on the expired step,
//! with no script error, while the first keeps its sign-in. Real Chromium against
//! a real devapi over real HTTP.

use common::{events_named, open_demo, send_link, WAIT};
use e2e::{widget_dist, Browser, DevApi, StaticServer};

mod common;

#[tokio::test]
async fn a_second_tabs_late_poll_after_a_sign_in_ends_quietly_on_the_expired_step() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    send_link(&browser, "ana@example.com").await;
    let first = browser.client().window().await.expect("the first tab");

    // A copy of the tab: window.open copies sessionStorage, so it waits too.
    browser
        .execute("window.open(location.href, '_blank');", vec![])
        .await;
    let windows = browser.client().windows().await.expect("the tabs");
    let second = windows.into_iter().find(|w| *w != first).expect("the copy");
    browser
        .client()
        .switch_to_window(second.clone())
        .await
        .expect("to the copy");
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;

    // Confirmed while the copy is the visible tab: the copy signs in.
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser.wait_for_text("You are signed in", WAIT).await;
    assert_eq!(
        events_named(&browser, "magic-link-authenticated")
            .await
            .len(),
        1
    );

    // The first tab, shown again, polls at once and learns the sign-in is spent.
    browser
        .client()
        .switch_to_window(first)
        .await
        .expect("back to the first tab");
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
