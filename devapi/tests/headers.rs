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
