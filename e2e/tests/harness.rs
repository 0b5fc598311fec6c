//! Proves the harness itself, without the widget: real Chromium, real devapi,
//! cross-origin calls, the confirm tab, and the shadow-piercing queries.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use e2e::{Browser, DevApi, Page, StaticServer};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(10);

/// A host page that sends a magic link straight from its own origin to
/// devapi's (so CORS is exercised) and reports in a `role="status"` element.
fn sender_page(api_base: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><title>harness</title>
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
    document.getElementById("status").textContent = "sent " + body.state;
  }})
  .catch((error) => {{ document.getElementById("status").textContent = "failed: " + error; }});
window.checkStatus = () =>
  fetch(API + "/auth/passwordless/magic-link/status?client_id=cli_test&state=" + window.flowState)
    .then((response) => response.json());
</script>"#
    )
}

#[tokio::test]
async fn cross_origin_send_then_confirm_in_a_new_tab() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let host = StaticServer::pages(vec![Page::new("/", sender_page(&devapi.api_base()))]);

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
    let state = status.trim_start_matches("sent ");

    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    assert_eq!(outbox[0].to, "ada@example.com");
    assert_eq!(outbox[0].state, state);
    assert_eq!(outbox[0].kind, "send");

    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    // Back on the host page: its own cross-origin poll sees the sign-in.
    let answer = browser.execute("return checkStatus()", vec![]).await;
    assert_eq!(answer["authenticated"], true, "status answered {answer}");

    let requests = devapi.requests().await;
    let send = requests
        .iter()
        .find(|request| request.endpoint == "send")
        .expect("devapi logged the send");
    assert_eq!((send.status, send.state.as_deref()), (200, Some(state)));
    browser.close().await;
}

#[tokio::test]
async fn page_headers_apply_a_content_security_policy() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    // connect-src 'self' forbids the call to devapi's origin: the header took effect.
    let host = StaticServer::pages(vec![Page::new("/", sender_page(&devapi.api_base()))
        .header(
            "content-security-policy",
            "default-src 'self'; script-src 'unsafe-inline'; connect-src 'self'",
        )]);

    browser.goto(&host.url("/")).await;
    browser
        .wait_until(WAIT, "the blocked send to fail", || async {
            browser
                .text_of_role("status")
                .await
                .is_some_and(|text| text.starts_with("failed"))
        })
        .await;
    assert!(devapi.outbox().await.is_empty());
    browser.close().await;
}

/// A custom element with an open shadow root, nested one level deeper, with
/// each way of naming a control the queries support.
const SHADOW_PAGE: &str = r#"<!doctype html><html lang="en"><title>shadow</title>
<x-login></x-login>
<button>Send outside</button>
<script>
customElements.define("x-inner", class extends HTMLElement {
  connectedCallback() {
    this.attachShadow({ mode: "open" }).innerHTML = `<button aria-label="Deep action">⋯</button>`;
  }
});
customElements.define("x-login", class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `
      <h2>Sign in</h2>
      <label for="email">Email address</label> <input id="email" type="email">
      <label>Your name <input type="text"></label>
      <span id="code-label">One-time code</span><input aria-labelledby="code-label">
      <button id="send" type="button">Send magic link</button>
      <p><button disabled>Resend</button> Resend in <b>27</b>s</p>
      <p role="status"></p>
      <div role="alert" hidden>Something went wrong</div>
      <x-inner></x-inner>`;
    root.getElementById("send").addEventListener("click", () => {
      root.querySelector("[role=status]").textContent = "Sending to " + root.getElementById("email").value;
    });
  }
});
</script>"#;

#[tokio::test]
async fn role_queries_pierce_open_shadow_roots() {
    let browser = Browser::start().await;
    let host = StaticServer::pages(vec![Page::new("/", SHADOW_PAGE)]);
    browser.goto(&host.url("/")).await;

    assert_eq!(
        browser.text_of_role("heading").await.as_deref(),
        Some("Sign in")
    );
    for name in ["Email", "Your name", "One-time code"] {
        assert!(browser.has_role("textbox", name).await, "textbox {name}");
    }
    assert!(
        browser.has_role("button", "Deep action").await,
        "nested shadow root"
    );
    // Case-sensitive: "Send" names the send button, not "Resend"; the light
    // DOM button after the element comes later in tree order.
    assert!(!browser.is_button_disabled("Send").await);
    assert!(browser.is_button_disabled("Resend").await);
    assert_eq!(browser.text_of_role("alert").await, None, "hidden alert");

    browser.type_into_textbox("Email", "ada@example.com").await;
    assert_eq!(
        browser.active_element_description().await,
        r#"input "Email address""#
    );
    browser.click_button("Send magic link").await;
    browser
        .wait_until(WAIT, "the click to update the status", || async {
            browser.text_of_role("status").await.as_deref() == Some("Sending to ada@example.com")
        })
        .await;

    let text = browser.page_text().await;
    assert!(text.contains("Resend Resend in 27s"), "page text:\n{text}");
    assert!(text.contains("Send outside"), "page text:\n{text}");

    browser.set_visibility_hidden(true).await;
    browser.set_visibility_hidden(false).await;
    browser.close().await;
}

#[test]
fn static_files_have_browser_mime_types() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("app.wasm"), b"\0asm").unwrap();
    std::fs::write(root.path().join("app.js"), "1").unwrap();
    let server = StaticServer::start(root.path().to_path_buf());

    for (file, mime) in [
        ("app.wasm", "application/wasm"),
        ("app.js", "text/javascript"),
    ] {
        let head = raw_request(server.origin(), "GET", &format!("/{file}"), "");
        assert!(head.starts_with("http/1.1 200"), "{file}: {head}");
        assert!(
            head.contains(&format!("content-type: {mime}")),
            "{file}: {head}"
        );
        assert!(
            head.contains("access-control-allow-origin: *"),
            "{file}: {head}"
        );
    }
}

#[tokio::test]
async fn devapi_faults_and_request_log() {
    let devapi = DevApi::start(&[]);
    let send = "/api/v1/auth/passwordless/magic-link/send?client_id=cli_test";
    let body = r#"{"email":"ada@example.com"}"#;
    devapi
        .inject_fault(json!({"endpoint": "send", "count": 1, "status": 503, "retry_after": "7"}))
        .await;

    let faulted = raw_request(devapi.origin(), "POST", send, body);
    assert!(faulted.starts_with("http/1.1 503"), "{faulted}");
    assert!(faulted.contains("retry-after: 7"), "{faulted}");
    let normal = raw_request(devapi.origin(), "POST", send, body);
    assert!(normal.starts_with("http/1.1 200"), "{normal}");
    assert_eq!(devapi.wait_for_outbox(1, WAIT).await.len(), 1);

    let log: Vec<(u16, bool)> = devapi
        .requests()
        .await
        .iter()
        .map(|request| (request.status, request.fault))
        .collect();
    assert_eq!(log, [(503, true), (200, false)]);

    devapi
        .inject_fault(json!({"endpoint": "any", "count": 5}))
        .await;
    devapi.clear_faults().await;
    devapi.clear_requests().await;
    assert!(devapi.requests().await.is_empty());
    let after_clear = raw_request(devapi.origin(), "POST", send, body);
    assert!(after_clear.starts_with("http/1.1 200"), "{after_clear}");
}

/// Sends one request with a JSON body over a plain socket; returns the
/// response's status line and headers, lower-cased.
fn raw_request(origin: &str, method: &str, path: &str, json_body: &str) -> String {
    let address = origin.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json_body}",
        json_body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    head.to_lowercase()
}
