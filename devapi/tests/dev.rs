//! Developer routes: outbox, fault injection, request log, index.

mod common;

use std::time::{Duration, Instant};

use common::{assert_error, Server, RESEND, SEND, STATUS, VERIFY};
use serde_json::{json, Value};

#[test]
fn outbox_json_lists_messages_newest_first_with_working_links() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let first = server.send_ok("one@example.com");
    let second = server.send_ok("two@example.com");
    server.resend(&first);
    let outbox = server.outbox();
    assert_eq!(outbox.len(), 3);
    let ids: Vec<u64> = outbox.iter().map(|m| m["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [3, 2, 1]);
    assert_eq!(outbox[0]["to"], "one@example.com");
    assert_eq!(outbox[0]["kind"], "resend");
    assert_eq!(outbox[1]["state"], second.as_str());
    assert_eq!(outbox[1]["kind"], "send");
    for message in &outbox {
        let code = message["code"].as_str().unwrap();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
        let link = message["link"].as_str().unwrap();
        let prefix = format!(
            "http://127.0.0.1:{}{VERIFY}?client_id=cli_test&state=",
            server.port
        );
        assert!(link.starts_with(&prefix), "{link}");
        assert!(link.contains("&magictext="));
        assert!(message["sent_at_ms"].as_u64().unwrap() > 1_700_000_000_000);
    }
    assert!(outbox[0]["sent_at_ms"].as_u64() >= outbox[2]["sent_at_ms"].as_u64());
    // The newest link for a state is the one that works.
    assert_eq!(
        server.get(outbox[0]["link"].as_str().unwrap()).status(),
        200
    );
    assert_eq!(
        server.get(outbox[2]["link"].as_str().unwrap()).status(),
        400
    );
}

#[test]
fn outbox_page_is_escaped_html_that_refreshes() {
    let server = Server::default_for_tests();
    let state = server.send_ok("o'neil&co@example.com");
    let response = server.get(&server.url("/dev/outbox"));
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = response.text().unwrap();
    assert!(html.contains("http-equiv=\"refresh\""));
    assert!(html.contains("o&#39;neil&amp;co@example.com"));
    let link = server.link_for(&state).replace('&', "&amp;");
    assert!(html.contains(&format!("<a href=\"{link}\">")), "{html}");
    let index = server.get(&server.url("/")).text().unwrap();
    assert!(index.contains("href=\"/dev/outbox\""));
    // Clearing empties it.
    let cleared = server
        .http
        .delete(server.url("/dev/outbox"))
        .send()
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert!(server.outbox().is_empty());
}

#[test]
fn fault_answers_status_with_verbatim_retry_after() {
    let server = Server::default_for_tests();
    server.fault(json!({"endpoint": "status", "status": 429, "retry_after": "7"}));
    server.fault(json!({
        "endpoint": "status", "status": 503,
        "retry_after": "Wed, 21 Oct 2015 07:28:00 GMT"
    }));
    let state = server.send_ok("a@b.co");
    let first = server.status(&state);
    assert_eq!(first.headers()["retry-after"], "7");
    assert_eq!(first.headers()["access-control-allow-origin"], "*");
    assert_error(first, 429, "injected_fault");
    let second = server.status(&state);
    assert_eq!(
        second.headers()["retry-after"],
        "Wed, 21 Oct 2015 07:28:00 GMT"
    );
    assert_error(second, 503, "injected_fault");
    // Used up: back to normal.
    assert_eq!(server.status(&state).status(), 200);
}

#[test]
fn fault_defaults_to_one_500_and_count_is_consumed() {
    let server = Server::default_for_tests();
    server.fault(json!({"endpoint": "send"}));
    assert_error(server.send("a@b.co"), 500, "injected_fault");
    assert_eq!(server.send("a@b.co").status(), 200);

    server.fault(json!({"endpoint": "send", "count": 2, "status": 502}));
    let pending: Vec<Value> = server.get(&server.url("/dev/faults")).json().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["count"], 2);
    assert_eq!(server.send("a@b.co").status(), 502);
    assert_eq!(server.send("a@b.co").status(), 502);
    assert_eq!(server.send("a@b.co").status(), 200);
    // Faulted sends created nothing.
    assert_eq!(server.outbox().len(), 2);
}

#[test]
fn fault_serves_a_malformed_body_with_its_content_type() {
    let server = Server::default_for_tests();
    server.fault(json!({
        "endpoint": "send", "status": 200, "body": "{\"state\": ", "content_type": "text/plain"
    }));
    let response = server.send("a@b.co");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/plain");
    assert_eq!(response.text().unwrap(), "{\"state\": ");
    server.fault(json!({"endpoint": "resend", "status": 500, "body": "<html>oops"}));
    let response = server.resend("whatever");
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.text().unwrap(), "<html>oops");
}

#[test]
fn fault_delay_alone_delays_a_normal_answer() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    server.fault(json!({"endpoint": "status", "delay_ms": 300}));
    let started = Instant::now();
    let response = server.status(&state);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().unwrap()["authenticated"], false);
    // Delay with a status: waits, then answers the fault.
    server.fault(json!({"endpoint": "status", "delay_ms": 200, "status": 504}));
    let started = Instant::now();
    assert_eq!(server.status(&state).status(), 504);
    assert!(started.elapsed() >= Duration::from_millis(200));
    let started = Instant::now();
    assert_eq!(server.status(&state).status(), 200);
    assert!(started.elapsed() < Duration::from_millis(200));
}

#[test]
fn fault_answer_delay_acts_at_once_and_answers_late() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    assert_eq!(server.confirm(&server.link_for(&state)).status(), 200);
    server.fault(json!({"endpoint": "status", "answer_delay_ms": 800}));
    std::thread::scope(|scope| {
        let held = scope.spawn(|| {
            let started = Instant::now();
            (server.status(&state), started.elapsed())
        });
        std::thread::sleep(Duration::from_millis(300));
        // The held call has already taken the tokens: they are handed out once.
        let started = Instant::now();
        assert_eq!(server.status(&state).status(), 410);
        assert!(started.elapsed() < Duration::from_millis(300));
        let (response, took) = held.join().unwrap();
        assert!(took >= Duration::from_millis(800), "held {took:?}");
        assert_eq!(response.status(), 200);
        assert_eq!(response.json::<Value>().unwrap()["authenticated"], true);
    });
}

#[test]
fn fault_any_verify_no_cors_and_clear() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    let link = server.link_for(&state);
    server.fault(json!({"endpoint": "verify", "status": 500}));
    assert_eq!(server.get(&link).status(), 500);
    assert_eq!(server.get(&link).status(), 200);

    server.fault(json!({"endpoint": "status", "status": 500, "no_cors": true}));
    let response = server.status(&state);
    assert_eq!(response.status(), 500);
    assert!(!response
        .headers()
        .contains_key("access-control-allow-origin"));
    assert!(server
        .status(&state)
        .headers()
        .contains_key("access-control-allow-origin"));

    server.fault(json!({"endpoint": "any", "count": 5, "status": 418}));
    assert_eq!(server.status(&state).status(), 418);
    assert_eq!(server.send("a@b.co").status(), 418);
    let cleared = server
        .http
        .delete(server.url("/dev/faults"))
        .send()
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert_eq!(server.status(&state).status(), 200);
    let pending: Vec<Value> = server.get(&server.url("/dev/faults")).json().unwrap();
    assert!(pending.is_empty());
}

#[test]
fn invalid_faults_are_rejected() {
    let server = Server::default_for_tests();
    for bad in [
        json!({"endpoint": "login"}),
        json!({"status": 500}),
        json!({"endpoint": "send", "status": 42}),
        json!({"endpoint": "send", "count": 0}),
        json!({"endpoint": "send", "colour": "red"}),
        // Delays are capped at 60 s: a typo must not hang a test run.
        json!({"endpoint": "send", "delay_ms": 60_001}),
        json!({"endpoint": "send", "delay_ms": 86_400_000u64, "status": 504}),
    ] {
        let response = server
            .http
            .post(server.url("/dev/faults"))
            .json(&bad)
            .send()
            .unwrap();
        assert_error(response, 400, "invalid_fault");
    }
    assert_eq!(server.send("a@b.co").status(), 200);
    // The cap itself is accepted.
    server.fault(json!({"endpoint": "resend", "delay_ms": 60_000}));
}

#[test]
fn request_log_records_endpoint_method_state_and_status() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let state = server.send_ok("a@b.co");
    server.status(&state);
    server.status(&state);
    server.fault(json!({"endpoint": "status", "status": 503}));
    server.status(&state);
    server.resend(&state);
    let link = server.link_for(&state);
    server.get(&link);
    server.confirm(&link);
    server.send("bad");

    let log = server.requests();
    let summary: Vec<(String, String, u64)> = log
        .iter()
        .map(|e| {
            (
                e["endpoint"].as_str().unwrap().to_owned(),
                e["method"].as_str().unwrap().to_owned(),
                e["status"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("send", "POST", 200),
        ("status", "GET", 200),
        ("status", "GET", 200),
        ("status", "GET", 503),
        ("resend", "POST", 200),
        ("verify", "GET", 200),
        ("verify", "POST", 200),
        ("send", "POST", 400),
    ];
    let expected: Vec<(String, String, u64)> = expected
        .iter()
        .map(|(e, m, s)| (e.to_string(), m.to_string(), *s))
        .collect();
    assert_eq!(summary, expected);
    // Every request of this sign-in names the same handle, the resend included.
    for entry in &log[..7] {
        assert_eq!(entry["state"], state.as_str(), "{entry}");
    }
    assert_eq!(log[7]["state"], Value::Null);
    assert_eq!(log[3]["fault"], true);
    assert_eq!(log[2]["fault"], false);
    let times: Vec<u64> = log.iter().map(|e| e["at_ms"].as_u64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let polls = log.iter().filter(|e| e["endpoint"] == "status").count();
    assert_eq!(polls, 3);

    let cleared = server
        .http
        .delete(server.url("/dev/requests"))
        .send()
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert!(server.requests().is_empty());
    // Developer routes are not logged.
    server.outbox();
    assert!(server.requests().is_empty());
    assert!([SEND, RESEND, STATUS]
        .iter()
        .all(|p| p.starts_with("/api/v1/")));
}

/// The outbox is a ring of the newest 1,000 messages (`outbox::MAX_MESSAGES`).
#[test]
fn the_outbox_keeps_the_newest_thousand_messages() {
    let server = Server::default_for_tests();
    let mut last = String::new();
    for i in 0..1_003 {
        last = server.send_ok(&format!("p{i}@example.com"));
    }
    let outbox = server.outbox();
    assert_eq!(outbox.len(), 1_000);
    assert_eq!(outbox[0]["state"], last.as_str());
    assert_eq!(outbox[0]["id"], 1_003);
    assert_eq!(outbox[999]["id"], 4, "the three oldest made room");
}

/// At most 1,000 faults pend (`faults::MAX_PENDING`); more are refused, not
/// dropped, until some are used or cleared.
#[test]
fn at_most_a_thousand_faults_pend() {
    let server = Server::default_for_tests();
    for _ in 0..1_000 {
        server.fault(json!({"endpoint": "verify", "status": 503}));
    }
    let refused = server
        .http
        .post(server.url("/dev/faults"))
        .json(&json!({"endpoint": "send"}))
        .send()
        .unwrap();
    assert_error(refused, 409, "too_many_faults");
    assert_eq!(
        server.send("a@b.co").status(),
        200,
        "the refused fault is not armed"
    );
    let cleared = server
        .http
        .delete(server.url("/dev/faults"))
        .send()
        .unwrap();
    assert_eq!(cleared.status(), 204);
    server.fault(json!({"endpoint": "send"}));
}
