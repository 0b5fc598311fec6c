//! Headers every answer carries: caching, and the security headers of pages and
//! injected faults.

mod common;

use common::Server;
use reqwest::blocking::Response;
use serde_json::json;

fn assert_no_store(response: &Response, what: &str) {
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "{what}"
    );
}

#[test]
fn every_answer_is_no_store() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let send = server.send("a@b.co");
    assert_no_store(&send, "send");
    let state = send.json::<serde_json::Value>().unwrap()["state"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_no_store(&server.send("nobody"), "a 400");
    assert_no_store(&server.resend(&state), "resend");
    assert_no_store(&server.status(&state), "pending status");
    let link = server.link_for(&state);
    assert_no_store(&server.get(&link), "the confirm page");
    assert_no_store(&server.confirm(&link), "the verified page");
    assert_no_store(&server.status(&state), "the token answer");
    assert_no_store(&server.status(&state), "a 410");
    assert_no_store(&server.status("ffffffffffffffffffffffff"), "a 404");
    server.fault(json!({"endpoint": "status", "status": 200, "body": "{}"}));
    assert_no_store(&server.status(&state), "an injected fault");
    for path in [
        "/",
        "/dev/outbox",
        "/dev/outbox.json",
        "/dev/requests.json",
        "/nowhere",
    ] {
        assert_no_store(&server.get(&server.url(path)), path);
    }
}

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|v| v.to_str().unwrap())
}

/// An injected body is whatever a test asked for, HTML and script included: the
/// browser must neither sniff it into something else nor run it as a page.
#[test]
fn injected_fault_bodies_are_nosniff_and_sandboxed() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    for (content_type, body) in [
        ("text/html", "<script>alert(document.domain)</script>"),
        ("application/json", "{\"state\": "),
        ("text/plain", "<html>oops"),
    ] {
        server.fault(json!({
            "endpoint": "status", "status": 200, "body": body, "content_type": content_type
        }));
        let response = server.status(&state);
        assert_eq!(header(&response, "content-type"), Some(content_type));
        assert_eq!(
            header(&response, "x-content-type-options"),
            Some("nosniff"),
            "{content_type}"
        );
        let policy = header(&response, "content-security-policy").unwrap_or_default();
        assert!(
            policy.split(';').any(|d| d.trim() == "sandbox"),
            "{content_type}: {policy:?}"
        );
    }
    // A fault without a body of its own is sandboxed too.
    server.fault(json!({"endpoint": "send", "status": 503}));
    let response = server.send("a@b.co");
    assert_eq!(response.status(), 503);
    assert_eq!(header(&response, "x-content-type-options"), Some("nosniff"));
    assert!(header(&response, "content-security-policy").is_some_and(|p| p.contains("sandbox")));
}

#[test]
fn every_answer_is_nosniff() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    for url in [
        server.api(common::STATUS, &format!("state={state}")),
        server.link_for(&state),
        server.url("/dev/outbox.json"),
        server.url("/nowhere"),
    ] {
        assert_eq!(
            header(&server.get(&url), "x-content-type-options"),
            Some("nosniff"),
            "{url}"
        );
    }
}

fn directives(response: &Response) -> Vec<String> {
    header(response, "content-security-policy")
        .unwrap_or_default()
        .split(';')
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
        .collect()
}

/// No page of devapi may be framed: a page on another site could otherwise lay
/// the confirm page under its own and trick a click onto a number.
#[test]
fn html_pages_cannot_be_framed() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    let link = server.link_for(&state);
    let pages = [
        ("the confirm page", server.get(&link)),
        ("an invalid link", server.get(&format!("{link}x"))),
        ("the verified page", server.confirm(&link)),
        ("a used link", server.get(&link)),
        ("the outbox", server.get(&server.url("/dev/outbox"))),
        ("the index", server.get(&server.url("/"))),
    ];
    for (what, response) in &pages {
        assert!(header(response, "content-type")
            .unwrap()
            .starts_with("text/html"));
        let policy = directives(response);
        assert!(
            policy.contains(&"frame-ancestors 'none'".to_owned()),
            "{what}: {policy:?}"
        );
        // devapi's own pages run no script and post only to themselves.
        assert!(
            policy.contains(&"default-src 'none'".to_owned()),
            "{what}: {policy:?}"
        );
        assert!(
            policy.contains(&"form-action 'self'".to_owned()),
            "{what}: {policy:?}"
        );
        assert_eq!(header(response, "x-frame-options"), Some("DENY"), "{what}");
    }
    // An injected HTML body keeps its sandbox and is not framable either.
    server.fault(json!({
        "endpoint": "verify", "status": 200, "body": "<p>hi", "content_type": "text/html; charset=utf-8"
    }));
    let response = server.get(&link);
    let policy = directives(&response);
    assert!(policy.contains(&"sandbox".to_owned()), "{policy:?}");
    assert!(
        policy.contains(&"frame-ancestors 'none'".to_owned()),
        "{policy:?}"
    );
}
