//! Reliability: what the widget does when the person, the network or the API
//! misbehaves. devapi's fault injection (`POST /dev/faults`) makes the API fail
//! on purpose; Chromium's network emulation takes the browser offline.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::*;
use e2e::{chromium_only, widget_dist, Browser, DevApi, StaticServer};
use serde_json::{json, Value};

const ADDRESS: &str = "ana@example.com";

/// Asserts that `text` reads as words: no JSON, no markup, no stack trace.
fn assert_plain_words(text: &str, what: &str) {
    assert!(!text.is_empty(), "{what}: the alert is empty");
    for bad in ['{', '}', '<', '>', '"'] {
        assert!(
            !text.contains(bad),
            "{what}: the alert shows {bad:?}: {text}"
        );
    }
    for bad in [
        "error_code",
        "injected_fault",
        "Error:",
        "undefined",
        "null",
        "panicked",
        ".rs:",
        "wasm",
    ] {
        assert!(
            !text.contains(bad),
            "{what}: the alert shows {bad:?}: {text}"
        );
    }
}

/// Whether the form is usable again: the field is editable and Send is enabled.
async fn form_is_enabled(browser: &Browser) -> bool {
    let state = in_shadow(
        browser,
        "const input = root.querySelector('input[part~=input]');\n\
         const send = root.querySelector('button[type=submit]');\n\
         return !!input && !!send && !input.readOnly && !input.disabled && !send.disabled;",
    )
    .await;
    state == Value::Bool(true)
}

/// Clicks Send and waits for the `nth` `magic-link-error`; checks the form is
/// back, enabled, with the address kept and a plain-words alert that starts with
/// the event's message. Returns the event's detail.
async fn send_and_expect_error(browser: &Browser, nth: usize, what: &str) -> Value {
    browser.click_button("Send").await;
    let error = wait_for_error(browser, nth).await;
    browser
        .wait_until(WAIT, "the form to be enabled again", || {
            form_is_enabled(browser)
        })
        .await;
    assert_eq!(field_value(browser).await, ADDRESS, "{what}: address kept");
    let alert = alert_text(browser).await;
    assert_plain_words(&alert, what);
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        !message.is_empty() && alert.starts_with(message),
        "{what}: the alert {alert:?} shows the event's message {message:?}"
    );
    assert!(
        !browser.has_role("heading", "Check your inbox").await,
        "{what}: no waiting step"
    );
    error
}

#[tokio::test]
async fn an_invalid_address_is_refused_before_anything_is_sent() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    assert_eq!(
        field_attribute(&browser, "aria-invalid").await.as_deref(),
        Some("false")
    );

    // 255 characters, each part within its own limit: too long as a whole.
    let long = format!(
        "{}@{}.{}.{}.com",
        "a".repeat(64),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(58)
    );
    assert_eq!(long.chars().count(), 255);
    for (nth, typed) in [(1, "ana@"), (2, long.as_str())] {
        let field = browser
            .find_by_role("textbox", "Email")
            .await
            .expect("field");
        field.clear().await.expect("clear the field");
        browser.type_into_textbox("Email", typed).await;
        browser.click_button("Send").await;
        let error = wait_for_error(&browser, nth).await;
        assert_eq!(error["code"], "invalid_email", "{typed}: {error}");
        let alert = alert_text(&browser).await;
        assert_plain_words(&alert, typed);
        assert!(alert.contains("valid email address"), "{typed}: {alert}");
        assert_eq!(
            field_attribute(&browser, "aria-invalid").await.as_deref(),
            Some("true"),
            "{typed}: the field is marked invalid"
        );
        assert_eq!(field_value(&browser).await, typed, "the typed text stays");
        assert!(browser.has_role("button", "Send").await);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sends = requests_to(&devapi, "send").await;
    assert!(sends.is_empty(), "an invalid address was sent: {sends:?}");
    browser.close().await;
}

#[tokio::test]
async fn the_apis_error_description_shows_as_text_never_as_html() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    devapi
        .inject_fault(json!({
            "endpoint": "send",
            "status": 400,
            "body": r#"{"error_description":"<b>bad</b> address"}"#,
        }))
        .await;
    browser.type_into_textbox("Email", ADDRESS).await;
    browser.click_button("Send").await;
    let error = wait_for_error(&browser, 1).await;
    assert_eq!(error["code"], "invalid_email", "{error}");
    let alert = alert_text(&browser).await;
    assert!(
        alert.contains("<b>bad</b> address"),
        "the API's words show literally: {alert}"
    );
    let markup = in_shadow(&browser, "return root.querySelectorAll('b').length").await;
    assert_eq!(markup, json!(0), "no <b> element was created");
    assert_eq!(field_value(&browser).await, ADDRESS);
    browser.close().await;
}

#[tokio::test]
async fn server_errors_and_unreadable_answers_keep_the_form() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    browser.type_into_textbox("Email", ADDRESS).await;

    let html = "<!doctype html><html><body><h1>502 Bad Gateway</h1><pre>nginx</pre></body></html>";
    let cases = [
        ("500", json!({"endpoint": "send", "status": 500}), "server"),
        ("502", json!({"endpoint": "send", "status": 502}), "server"),
        ("503", json!({"endpoint": "send", "status": 503}), "server"),
        (
            "HTML error page",
            json!({"endpoint": "send", "status": 502, "body": html, "content_type": "text/html"}),
            "server",
        ),
        (
            "HTML with 200",
            json!({"endpoint": "send", "status": 200, "body": html, "content_type": "text/html"}),
            "bad_response",
        ),
        (
            "empty 200",
            json!({"endpoint": "send", "status": 200, "body": ""}),
            "bad_response",
        ),
        (
            "malformed JSON 200",
            json!({"endpoint": "send", "status": 200, "body": r#"{"state": "abc"#}),
            "bad_response",
        ),
    ];
    for (nth, (what, fault, code)) in cases.into_iter().enumerate() {
        devapi.inject_fault(fault).await;
        let error = send_and_expect_error(&browser, nth + 1, what).await;
        assert_eq!(error["code"], code, "{what}: {error}");
    }
    let sends = requests_to(&devapi, "send").await;
    assert_eq!(sends.len(), 7, "one request per attempt: {sends:?}");
    assert!(sends.iter().all(|send| send.fault), "{sends:?}");
    browser.close().await;
}

#[tokio::test]
async fn rate_limited_send_says_how_long_to_wait() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    devapi
        .inject_fault(json!({"endpoint": "send", "status": 429, "retry_after": "7"}))
        .await;
    browser.type_into_textbox("Email", ADDRESS).await;
    browser.click_button("Send").await;
    let error = wait_for_error(&browser, 1).await;
    assert_eq!(error["code"], "rate_limited", "{error}");
    assert_eq!(field_value(&browser).await, ADDRESS, "the address is kept");
    let alert = alert_text(&browser).await;
    assert_plain_words(&alert, "429 on send");
    assert!(alert.contains("7 seconds"), "the wait is named: {alert}");

    // Send waits out the server's Retry-After, visibly, also across a reload.
    assert!(browser.is_button_disabled("Send").await);
    let left = countdown_seconds(&browser).await;
    assert!(
        left.is_some_and(|left| (5..=7).contains(&left)),
        "a countdown next to Send: {:?}",
        countdown_text(&browser).await
    );
    press_keys(&browser, "\u{E007}").await; // Enter in the field sends nothing either
    browser.goto(&demo_url(&dist, &devapi, "")).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    assert_eq!(field_value(&browser).await, ADDRESS, "the address is kept");
    assert!(
        browser.is_button_disabled("Send").await,
        "still waiting after the reload"
    );
    assert!(countdown_text(&browser).await.starts_with("Try again in"));
    assert_eq!(
        requests_to(&devapi, "send").await.len(),
        1,
        "nothing sent inside the wait"
    );

    // Once the wait is over, Send works again and the link goes out.
    browser
        .wait_until(Duration::from_secs(10), "Send enabled again", || async {
            !browser.is_button_disabled("Send").await
        })
        .await;
    assert_eq!(
        alert_text(&browser).await,
        "",
        "the out-of-date alert is gone"
    );
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    assert_eq!(requests_to(&devapi, "send").await.len(), 2);
    browser.close().await;
}

#[tokio::test]
async fn rate_limited_resend_with_an_http_date_sets_the_countdown() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--resend-cooldown", "1"]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&resend-cooldown=1").await;
    send_link(&browser, ADDRESS).await;
    wait_for_resend_enabled(&browser).await;

    let date = http_date((now_ms() + 9000) / 1000);
    devapi
        .inject_fault(json!({"endpoint": "resend", "status": 429, "retry_after": date}))
        .await;
    browser.click_button("Resend").await;
    let error = wait_for_error(&browser, 1).await;
    assert_eq!(error["code"], "rate_limited", "{error}");
    let left = countdown_seconds(&browser).await;
    assert!(
        left.is_some_and(|left| (7..=10).contains(&left)),
        "Retry-After {date} should set the countdown to about 9 s, it shows {:?}",
        countdown_text(&browser).await
    );
    assert!(browser.is_button_disabled("Resend").await);
    let alert = alert_text(&browser).await;
    assert_plain_words(&alert, "429 on resend");
    assert!(
        browser.has_role("heading", "Check your inbox").await,
        "still waiting for the first link"
    );
    browser.close().await;
}

#[tokio::test]
async fn rate_limited_status_poll_waits_retry_after() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&poll-interval=500").await;
    devapi
        .inject_fault(json!({"endpoint": "status", "status": 429, "retry_after": "3"}))
        .await;
    send_link(&browser, ADDRESS).await;

    let limited = {
        e2e::wait_until(WAIT, "the 429 on status", || async {
            status_requests(&devapi)
                .await
                .iter()
                .any(|r| r.status == 429)
        })
        .await;
        status_requests(&devapi)
            .await
            .into_iter()
            .find(|r| r.status == 429)
            .expect("the 429")
    };
    let next = wait_for_status_after(&devapi, limited.at_ms, WAIT).await;
    let gap = next.at_ms - limited.at_ms;
    eprintln!("gap after the 429: {gap} ms");
    assert!(
        (2900..=4500).contains(&gap),
        "the poll after a 429 with Retry-After: 3 came {gap} ms later"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&request-timeout=1500").await;
    devapi
        .inject_fault(json!({"endpoint": "send", "delay_ms": 4000}))
        .await;
    browser.type_into_textbox("Email", ADDRESS).await;
    let started = Instant::now();
    let error = send_and_expect_error(&browser, 1, "slow send").await;
    let took = started.elapsed();
    assert_eq!(error["code"], "timeout", "{error}");
    assert!(
        took < Duration::from_millis(3500),
        "the time-out of 1.5 s took {took:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error() {
    let browser = Browser::start().await;
    let dist = StaticServer::start(widget_dist());
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    browser
        .goto(&dist.url(&format!("/index.html?api=http://127.0.0.1:{closed}")))
        .await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    browser.type_into_textbox("Email", ADDRESS).await;
    let error = send_and_expect_error(&browser, 1, "closed port").await;
    assert_eq!(error["code"], "network", "{error}");
    browser.close().await;
}

#[tokio::test]
async fn a_cors_failure_is_a_network_error() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    devapi
        .inject_fault(json!({"endpoint": "send", "status": 200, "no_cors": true, "body": r#"{"state":"0123456789abcdef01234567"}"#}))
        .await;
    browser.type_into_textbox("Email", ADDRESS).await;
    let error = send_and_expect_error(&browser, 1, "no CORS headers").await;
    assert_eq!(error["code"], "network", "{error}");
    browser.close().await;
}

/// Takes the browser offline or back online through Chromium's network emulation.
async fn set_offline(browser: &Browser, offline: bool) {
    browser.cdp("Network.enable", json!({})).await;
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": offline,
                "latency": 0,
                "downloadThroughput": -1,
                "uploadThroughput": -1,
            }),
        )
        .await;
    let wanted = !offline;
    browser
        .wait_until(WAIT, "navigator.onLine to change", || async {
            browser.execute("return navigator.onLine", vec![]).await == Value::Bool(wanted)
        })
        .await;
}

#[tokio::test]
async fn offline_while_waiting_pauses_polling_and_online_polls_at_once() {
    if !chromium_only("CDP network emulation (offline)") {
        return;
    }
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&poll-interval=500").await;
    send_link(&browser, ADDRESS).await;
    count_fetches(&browser).await;
    browser
        .wait_until(WAIT, "the fetch counter to see a status poll", || async {
            !fetches_since(&browser, "/status", 0).await.is_empty()
        })
        .await;
    browser
        .execute(
            "window.addEventListener('online', () => { window.__onlineAt = Date.now(); })",
            vec![],
        )
        .await;

    set_offline(&browser, true).await;
    let offline_at = now_ms();
    browser.wait_for_text("You are offline", WAIT).await;
    let note = in_shadow(&browser, "return !!root.querySelector('[part~=offline]')").await;
    assert_eq!(note, json!(true), "the offline note is part=offline");
    tokio::time::sleep(Duration::from_secs(2)).await;
    // A poll already in flight when the network went may be counted; none after.
    let attempts = fetches_since(&browser, "/status", offline_at + 200).await;
    assert!(attempts.is_empty(), "polled while offline: {attempts:?}");

    set_offline(&browser, false).await;
    let online_at = browser
        .execute("return window.__onlineAt || null", vec![])
        .await
        .as_u64()
        .expect("the online event fired");
    let poll = wait_for_status_after(&devapi, online_at.saturating_sub(1), WAIT).await;
    assert!(
        poll.at_ms <= online_at + 1000,
        "the first poll after going online came {} ms later",
        poll.at_ms - online_at
    );
    browser
        .wait_until(WAIT, "the offline note to go", || async {
            in_shadow(&browser, "return !!root.querySelector('[part~=offline]')").await
                == json!(false)
        })
        .await;
    browser.close().await;
}

#[tokio::test]
async fn the_status_region_stops_saying_offline_once_back_online() {
    if !chromium_only("CDP network emulation (offline)") {
        return;
    }
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&poll-interval=500").await;
    send_link(&browser, ADDRESS).await;
    set_offline(&browser, true).await;
    browser
        .wait_until(WAIT, "the status region to say offline", || async {
            browser
                .text_of_role("status")
                .await
                .is_some_and(|text| text.contains("offline"))
        })
        .await;

    set_offline(&browser, false).await;
    let back_online = now_ms();
    wait_for_status_after(&devapi, back_online, WAIT).await;
    // The widget is online and polling again; give it a moment to say so.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let status = browser.text_of_role("status").await.unwrap_or_default();
    assert!(
        !status.contains("offline"),
        "back online and polling, the status region still says: {status:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn sending_while_offline_sends_nothing() {
    if !chromium_only("CDP network emulation (offline)") {
        return;
    }
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;
    count_fetches(&browser).await;
    set_offline(&browser, true).await;
    browser.type_into_textbox("Email", ADDRESS).await;
    let error = send_and_expect_error(&browser, 1, "offline send").await;
    assert_eq!(error["code"], "offline", "{error}");
    assert!(fetches_since(&browser, "/send", 0).await.is_empty());
    assert!(requests_to(&devapi, "send").await.is_empty());

    // Back online the same address goes out with one click (and the counter
    // above does see sends).
    set_offline(&browser, false).await;
    browser.click_button("Send").await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    assert_eq!(fetches_since(&browser, "/send", 0).await.len(), 1);
    assert_eq!(devapi.wait_for_outbox(1, WAIT).await[0].to, ADDRESS);
    browser.close().await;
}

#[tokio::test]
async fn polling_backs_off_through_503s_and_still_signs_in() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&poll-interval=500").await;
    devapi
        .inject_fault(json!({"endpoint": "status", "status": 503, "count": 3}))
        .await;
    send_link(&browser, ADDRESS).await;

    e2e::wait_until(Duration::from_secs(15), "five status polls", || async {
        status_requests(&devapi).await.len() >= 5
    })
    .await;
    let polls = status_requests(&devapi).await;
    let statuses: Vec<u16> = polls.iter().map(|r| r.status).collect();
    assert_eq!(&statuses[..4], &[503, 503, 503, 200], "{polls:?}");
    let gaps: Vec<u64> = polls.windows(2).map(|w| w[1].at_ms - w[0].at_ms).collect();
    eprintln!("status polls {statuses:?}, gaps {gaps:?} ms");
    // After failure n the wait is between half and all of 500 ms × 2^n; after a
    // success, the interval again. 60 ms below for timer rounding, 400 ms above for
    // a busy machine.
    let bounds = [(500, 1000), (1000, 2000), (2000, 4000), (500, 500)];
    for (n, (&gap, (low, high))) in gaps.iter().zip(bounds).enumerate() {
        assert!(
            gap + 60 >= low && gap <= high + 400,
            "gap {n} after {} is {gap} ms, expected {low}..={high}: {gaps:?}",
            statuses[n]
        );
    }
    assert!(gaps[2] > gaps[0], "gaps grow: {gaps:?}");
    let errors = events_named(&browser, "magic-link-error").await;
    assert_eq!(errors.len(), 1, "one error event per outage: {errors:?}");
    assert_eq!(errors[0]["code"], "server");
    browser
        .wait_until(WAIT, "the alert to clear once polls succeed", || async {
            alert_text(&browser).await.is_empty()
        })
        .await;

    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser.wait_for_text("You are signed in", WAIT).await;
    wait_for_events(&browser, "magic-link-authenticated", 1).await;
    browser.close().await;
}

#[tokio::test]
async fn a_configuration_mistake_shows_a_message_not_a_blank_box() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    for (what, query) in [
        ("empty client-id", "&client-id="),
        (
            "javascript: redirect",
            "&redirect-uri=javascript%3Aalert(1)",
        ),
        ("ftp api-base", "&api-base=ftp%3A%2F%2Fx"),
    ] {
        browser.goto(&demo_url(&dist, &devapi, query)).await;
        browser
            .wait_for_role("heading", "Sign-in is not available", WAIT)
            .await;
        let error = wait_for_error(&browser, 1).await;
        assert_eq!(error["code"], "config", "{what}: {error}");
        let alert = alert_text(&browser).await;
        assert!(
            alert.contains("not set up correctly"),
            "{what}: an alert says why: {alert}"
        );
        assert!(
            !browser.has_role("textbox", "Email").await,
            "{what}: no form to send from"
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(devapi.requests().await.is_empty(), "nothing was requested");
    browser.close().await;
}

#[tokio::test]
async fn double_clicks_send_one_request() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--resend-cooldown", "1"]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&resend-cooldown=1").await;
    browser.type_into_textbox("Email", ADDRESS).await;
    in_shadow(
        &browser,
        "const send = root.querySelector('button[type=submit]'); send.click(); send.click();",
    )
    .await;
    browser
        .wait_for_role("heading", "Check your inbox", WAIT)
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sends = requests_to(&devapi, "send").await;
    assert_eq!(sends.len(), 1, "two clicks on Send: {sends:?}");
    assert_eq!(devapi.outbox().await.len(), 1);

    wait_for_resend_enabled(&browser).await;
    in_shadow(
        &browser,
        "const resend = root.querySelector('button[part~=resend]'); resend.click(); resend.click();",
    )
    .await;
    wait_for_events(&browser, "magic-link-resent", 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let resends = requests_to(&devapi, "resend").await;
    assert_eq!(resends.len(), 1, "two clicks on Resend: {resends:?}");
    assert_eq!(events_named(&browser, "magic-link-resent").await.len(), 1);
    browser.close().await;
}
