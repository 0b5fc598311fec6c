//! The harness's side of devapi's number matching, without the widget: the
//! confirm helpers pick the number from the outbox, and a wrong pick cancels.

use std::time::Duration;

use e2e::{Browser, DevApi, Page, StaticServer};

const WAIT: Duration = Duration::from_secs(10);

/// A host page that sends a magic link and can poll its status.
fn sender_page(api_base: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><title>number matching</title>
<p role="status" id="status">idle</p>
<script>
const API = {api_base:?};
window.flowState = null;
fetch(API + "/auth/passwordless/magic-link/send?client_id=cli_test", {{
  method: "POST",
  headers: {{ "Content-Type": "application/json" }},
  body: JSON.stringify({{ email: "ada@example.com" }}),
}})
  .then((response) => response.json())
  .then((body) => {{
    window.flowState = body.state;
    document.getElementById("status").textContent = "sent " + (body.match_code || "none");
  }});
window.checkStatus = () =>
  fetch(API + "/auth/passwordless/magic-link/status?client_id=cli_test&state=" + window.flowState)
    .then(async (response) => ({{ status: response.status, body: await response.json() }}));
</script>"#
    )
}

/// Opens the sender page; returns the `match_code` its send was answered with.
async fn send(browser: &Browser, host: &StaticServer) -> String {
    browser.goto(&host.url("/")).await;
    browser
        .wait_until(WAIT, "the send to be answered", || async {
            browser
                .text_of_role("status")
                .await
                .is_some_and(|text| text.starts_with("sent "))
        })
        .await;
    let status = browser.text_of_role("status").await.unwrap();
    status.trim_start_matches("sent ").to_owned()
}

#[tokio::test]
async fn the_confirm_helper_picks_the_number_the_send_answered() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let host = StaticServer::pages(vec![Page::new("/", sender_page(&devapi.api_base()))]);
    let code = send(&browser, &host).await;
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    assert_eq!(outbox[0].match_code.as_deref(), Some(code.as_str()));

    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    let answer = browser.execute("return checkStatus()", vec![]).await;
    assert_eq!(answer["status"], 200, "{answer}");
    assert_eq!(answer["body"]["authenticated"], true, "{answer}");
    browser.close().await;
}

#[tokio::test]
async fn a_wrong_pick_cancels_the_sign_in() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let host = StaticServer::pages(vec![Page::new("/", sender_page(&devapi.api_base()))]);
    send(&browser, &host).await;
    let link = devapi.wait_for_outbox(1, WAIT).await[0].link.clone();

    let text = browser.pick_wrong_number_in_new_tab(&link).await;
    assert!(text.contains("Sign-in cancelled"), "{text}");
    let answer = browser.execute("return checkStatus()", vec![]).await;
    assert_eq!(answer["status"], 410, "{answer}");
    assert_eq!(
        answer["body"]["error_code"], "sign_in_cancelled",
        "{answer}"
    );
    // The right number no longer helps.
    let text = browser.try_confirm_link_in_new_tab(&link).await;
    assert!(text.contains("Sign-in cancelled"), "{text}");
    browser.close().await;
}

#[tokio::test]
async fn without_number_matching_the_helper_clicks_confirm() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--no-number-matching"]);
    let host = StaticServer::pages(vec![Page::new("/", sender_page(&devapi.api_base()))]);
    assert_eq!(send(&browser, &host).await, "none");
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    assert_eq!(outbox[0].match_code, None);
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    let answer = browser.execute("return checkStatus()", vec![]).await;
    assert_eq!(answer["body"]["authenticated"], true, "{answer}");
    browser.close().await;
}
