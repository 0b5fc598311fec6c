//! Soak: the waiting step stays open for minutes against an API whose status
//! endpoint keeps failing. Polling must stay within the backoff bounds and the page's
//! JS heap must not grow. `SOAK_SECS` sets the length (default 180 s).

use std::time::Duration;

use e2e::{widget_dist, Browser, DevApi, StaticServer};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(10);
const POLL_INTERVAL_MS: u64 = 500;
const MAX_BACKOFF_MS: u64 = 30_000;

async fn heap_after_gc(browser: &Browser) -> u64 {
    let used = browser
        .execute(
            "gc(); gc(); return performance.memory.usedJSHeapSize;",
            vec![],
        )
        .await;
    used.as_u64()
        .expect("usedJSHeapSize (Chromium with --enable-precise-memory-info)")
}

#[tokio::test]
async fn a_failing_api_is_polled_within_the_backoff_bounds_without_leaking() {
    if !e2e::chromium_only("CDP heap readings") {
        return;
    }
    let soak = Duration::from_secs(
        std::env::var("SOAK_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(180),
    );
    let browser =
        Browser::start_with_args(&["--js-flags=--expose-gc", "--enable-precise-memory-info"]).await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    let url = format!(
        "/index.html?api={}&poll-interval={POLL_INTERVAL_MS}&link-ttl=3600",
        devapi.origin()
    );
    browser.goto(&dist.url(&url)).await;
    browser.type_into_textbox("Email", "ana@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;

    devapi
        .inject_fault(json!({ "endpoint": "status", "count": 100_000, "status": 503 }))
        .await;
    devapi.clear_requests().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let heap_before = heap_after_gc(&browser).await;
    tokio::time::sleep(soak).await;
    let heap_after = heap_after_gc(&browser).await;

    let polls: Vec<u64> = devapi
        .requests()
        .await
        .iter()
        .filter(|r| r.endpoint == "status")
        .map(|r| {
            assert_eq!(r.status, 503, "every poll met the failing API");
            r.at_ms
        })
        .collect();
    assert!(polls.len() >= 5, "kept polling: {} polls", polls.len());
    // The k-th failure in a row waits between half and all of min(interval·2^k, 30 s).
    // The first logged poll may already be a few failures into the outage.
    let ceilings: Vec<u64> = (1..64)
        .map(|k: u32| (POLL_INTERVAL_MS << k.min(16)).min(MAX_BACKOFF_MS))
        .collect();
    let gaps: Vec<u64> = polls.windows(2).map(|w| w[1] - w[0]).collect();
    let fits = |offset: usize| {
        gaps.iter().enumerate().all(|(i, &gap)| {
            let ceiling = ceilings[(i + offset).min(ceilings.len() - 1)];
            gap + 50 >= ceiling / 2 && gap <= ceiling + 500
        })
    };
    assert!(
        (0..8).any(fits),
        "poll gaps outside the backoff bounds: {gaps:?}"
    );
    let longest_run = soak.as_millis() as u64 / (MAX_BACKOFF_MS / 2) + 8;
    assert!(
        polls.len() as u64 <= longest_run,
        "{} polls in {soak:?}",
        polls.len()
    );

    let growth = heap_after.saturating_sub(heap_before);
    assert!(
        growth < 256 * 1024,
        "JS heap grew by {growth} B ({heap_before} → {heap_after}) over {soak:?}"
    );
    let alert = browser.text_of_role("alert").await.unwrap_or_default();
    assert!(alert.contains("problem"), "the person is told: {alert}");
    assert!(browser.has_role("button", "Resend").await, "still waiting");
    println!(
        "soak {soak:?}: {} polls, gaps {gaps:?}, heap {heap_before} → {heap_after}",
        polls.len()
    );
    browser.close().await;
}
