//! CORS: preflights and the headers every response carries.

mod common;

use common::{Server, RESEND, SEND, STATUS};
use reqwest::Method;
use serde_json::json;

const ORIGIN: &str = "http://shop.example:5173";

#[test]
fn preflights_answer_204_with_the_allowances() {
    let server = Server::default_for_tests();
    for path in [SEND, RESEND, STATUS, "/nowhere"] {
        let response = server
            .http
            .request(Method::OPTIONS, server.api(path, ""))
            .header("origin", ORIGIN)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type,client_id")
            .send()
            .unwrap();
        assert_eq!(response.status(), 204, "{path}");
        let h = response.headers();
        assert_eq!(h["access-control-allow-origin"], ORIGIN);
        assert_eq!(h["vary"], "Origin");
        assert_eq!(
            h["access-control-allow-methods"],
            "GET, POST, DELETE, OPTIONS"
        );
        assert_eq!(h["access-control-allow-headers"], "Content-Type, client_id");
        assert_eq!(h["access-control-max-age"], "600");
        assert_eq!(h["access-control-expose-headers"], "Retry-After");
    }
    // Preflights are not API requests: the log stays empty.
    assert!(server.requests().is_empty());
}

#[test]
fn every_response_allows_the_origin_and_exposes_retry_after() {
    let server = Server::default_for_tests();
    let send = server
        .http
        .post(server.api(SEND, ""))
        .header("origin", ORIGIN)
        .json(&json!({"email": "a@b.co"}))
        .send()
        .unwrap();
    assert_eq!(send.headers()["access-control-allow-origin"], ORIGIN);
    let state = send.json::<serde_json::Value>().unwrap()["state"]
        .as_str()
        .unwrap()
        .to_owned();
    // The 429 is the response whose Retry-After the widget must read.
    let limited = server
        .http
        .post(server.api(RESEND, ""))
        .header("origin", ORIGIN)
        .json(&json!({ "state": state }))
        .send()
        .unwrap();
    assert_eq!(limited.status(), 429);
    let h = limited.headers();
    assert_eq!(h["access-control-allow-origin"], ORIGIN);
    assert_eq!(h["access-control-expose-headers"], "Retry-After");
    assert!(h.contains_key("retry-after"));
    // Without an Origin (curl, tests) the answer is `*`; errors too.
    for url in [server.api(STATUS, "state=nope"), server.url("/nowhere")] {
        let response = server.get(&url);
        assert_eq!(
            response.headers()["access-control-allow-origin"],
            "*",
            "{url}"
        );
        assert_eq!(response.headers()["vary"], "Origin");
    }
}

/// A page on another site must not read the outbox (the links in it sign in),
/// nor arm faults or clear the log: the developer routes allow no origin.
#[test]
fn developer_routes_answer_no_cors() {
    let server = Server::default_for_tests();
    server.send_ok("a@b.co");
    let dev_paths = [
        "/",
        "/dev/outbox",
        "/dev/outbox.json",
        "/dev/faults",
        "/dev/requests",
        "/dev/requests.json",
    ];
    for path in dev_paths {
        let preflight = server
            .http
            .request(Method::OPTIONS, server.url(path))
            .header("origin", ORIGIN)
            .header("access-control-request-method", "DELETE")
            .send()
            .unwrap();
        let h = preflight.headers();
        assert!(!h.contains_key("access-control-allow-origin"), "{path}");
        assert!(!h.contains_key("access-control-allow-methods"), "{path}");
        let get = server
            .http
            .get(server.url(path))
            .header("origin", ORIGIN)
            .send()
            .unwrap();
        assert_eq!(get.status(), 200, "{path}");
        assert!(
            !get.headers().contains_key("access-control-allow-origin"),
            "{path}"
        );
    }
    let armed = server
        .http
        .post(server.url("/dev/faults"))
        .header("origin", ORIGIN)
        .json(&json!({"endpoint": "send"}))
        .send()
        .unwrap();
    assert!(!armed.headers().contains_key("access-control-allow-origin"));
}
