//! The complete sign-in flow through the demo page (`dist/index.html`), in real
//! Chromium against a real devapi process.

use std::time::Duration;

use common::{countdown_seconds, event_log, open_demo, WAIT};
use e2e::{widget_dist, Browser, DevApi, StaticServer};
use serde_json::Value;

mod common;

#[tokio::test]
async fn signs_in_when_the_link_from_the_outbox_is_confirmed() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "").await;

    browser.type_into_textbox("Email", "ana@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    assert!(
        browser.is_button_disabled("Resend").await,
        "resend cools down first"
    );
    let left = countdown_seconds(&browser)
        .await
        .expect("a visible countdown");
    assert!((28..=30).contains(&left), "countdown shows {left}s");
    assert!(browser.has_role("button", "different email").await);
    let status = browser.text_of_role("status").await.unwrap_or_default();
    assert!(
        status.contains("ana@example.com"),
        "status says where the link went: {status}"
    );
    assert_eq!(
        browser.active_element_description().await,
        r#"h2 "Check your inbox""#
    );

    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    assert_eq!(outbox[0].to, "ana@example.com");
    browser.confirm_link_in_new_tab(&outbox[0].link).await;

    browser.wait_for_text("You are signed in", WAIT).await;
    let events = event_log(&browser).await;
    assert!(
        events[0].starts_with(r#"magic-link-sent {"email":"ana@example.com"}"#),
        "{events:?}"
    );
    let authenticated = events
        .iter()
        .find(|e| e.starts_with("magic-link-authenticated"))
        .expect("authenticated event");
    for field in [
        "access_token",
        "refresh_token",
        "token_type",
        "expires_at",
        "user",
    ] {
        assert!(
            authenticated.contains(field),
            "{field} missing in {authenticated}"
        );
    }
    let storage = browser
        .execute("return JSON.stringify(sessionStorage)", vec![])
        .await;
    assert_eq!(
        storage,
        Value::String("{}".into()),
        "nothing stored after sign-in"
    );
    assert!(!browser
        .client()
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("token"));
    browser.close().await;
}

#[tokio::test]
async fn after_sign_in_the_page_goes_to_an_allowed_redirect_uri() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    let done = dist.url("/done.html");
    let redirect: String = url_escape(&done);
    open_demo(
        &browser,
        &dist,
        &devapi,
        &format!("&redirect-uri={redirect}"),
    )
    .await;
    browser.type_into_textbox("Email", "ana@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser
        .wait_until(WAIT, "the redirect", || async {
            browser
                .client()
                .current_url()
                .await
                .is_ok_and(|url| url.as_str() == done)
        })
        .await;
}

fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_cancelled_authenticated_event_keeps_the_page_and_focus_stays_where_the_person_is() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    let done = dist.url("/done.html");
    open_demo(
        &browser,
        &dist,
        &devapi,
        &format!("&redirect-uri={}", url_escape(&done)),
    )
    .await;
    browser
        .execute(
            "document.getElementById('login').addEventListener('magic-link-authenticated',
               (event) => event.preventDefault());
             const note = document.createElement('input');
             note.id = 'note'; note.setAttribute('aria-label', 'Note');
             document.body.appendChild(note);",
            vec![],
        )
        .await;
    browser.type_into_textbox("Email", "ana@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    // The person moves on to another field of the page while waiting.
    browser
        .execute("document.getElementById('note').focus()", vec![])
        .await;
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser.wait_for_text("You are signed in", WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let url = browser.client().current_url().await.unwrap();
    assert!(
        url.as_str().contains("/index.html"),
        "redirected to {url} despite preventDefault"
    );
    let active = browser
        .execute("return document.activeElement.id", vec![])
        .await;
    assert_eq!(
        active,
        Value::String("note".into()),
        "the widget took focus away from the page"
    );

    // Regression: an attribute change re-renders the element; it must not offer the
    // form again after the tokens were handed over.
    browser
        .execute(
            "document.getElementById('login').setAttribute('lang', 'de')",
            vec![],
        )
        .await;
    browser.wait_for_text("Sie sind angemeldet", WAIT).await;
    let inputs = browser
        .execute(
            "return document.getElementById('login').shadowRoot.querySelectorAll('input').length",
            vec![],
        )
        .await;
    assert_eq!(inputs, Value::from(0), "the form came back after sign-in");
    browser.close().await;
}

/// The newer API generation names the handle `session_id`; the widget sends it back
/// under that name (resend body, status query) and signs in.
#[tokio::test]
async fn a_session_id_handle_is_polled_as_session_id_and_signs_in() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&poll-interval=500").await;
    // A real session, created behind the widget's back, then handed to it as a
    // `session_id` by the next send.
    let created = browser
        .execute(
            "return fetch(arguments[0] + '/auth/passwordless/magic-link/send?client_id=cli_demo', {
               method: 'POST', headers: {'Content-Type': 'application/json'},
               body: JSON.stringify({email: 'ana@example.com'}) }).then(r => r.json())",
            vec![Value::String(devapi.api_base())],
        )
        .await;
    let session = created["state"].as_str().expect("a state").to_owned();
    devapi
        .inject_fault(serde_json::json!({
            "endpoint": "send", "status": 200,
            "body": format!(r#"{{"session_id":"{session}"}}"#)
        }))
        .await;
    browser.type_into_textbox("Email", "ana@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    let stored = browser
        .execute(
            "return sessionStorage.getItem('magic-link-login:cli_demo')",
            vec![],
        )
        .await;
    assert!(
        stored
            .as_str()
            .unwrap_or_default()
            .contains(r#""state_field":"session_id""#),
        "{stored}"
    );
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser.wait_for_text("You are signed in", WAIT).await;
    let polled_with_it = devapi
        .requests()
        .await
        .iter()
        .any(|r| r.endpoint == "status" && r.state.as_deref() == Some(session.as_str()));
    assert!(polled_with_it, "status was polled with the session_id");
    browser.close().await;
}
