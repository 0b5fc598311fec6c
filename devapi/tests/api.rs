//! The JSON endpoints: send, resend and status, with every status code of the
//! contract.

mod common;

use std::time::Duration;

use common::{assert_error, Server, CLIENT, RESEND, SEND, STATUS};
use serde_json::{json, Value};

#[test]
fn send_returns_a_hex_state_and_fills_the_outbox() {
    let server = Server::default_for_tests();
    let state = server.send_ok("  person@example.com ");
    assert_eq!(state.len(), 24);
    assert!(state
        .chars()
        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
    let outbox = server.outbox();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0]["to"], "person@example.com");
    assert_eq!(outbox[0]["state"], state.as_str());
    assert_ne!(server.send_ok("person@example.com"), state);
}

#[test]
fn send_rejects_bad_emails_with_400() {
    let server = Server::default_for_tests();
    for bad in [
        "", "nobody", "a@b", "a@@b.co", "a b@c.co", "a@b..co", "@b.co",
    ] {
        assert_error(server.send(bad), 400, "invalid_email");
    }
    assert!(server.outbox().is_empty());
    // Internationalised addresses are fine.
    server.send_ok("jörg@bücher.de");
}

/// Format characters (Unicode category Cf) are invisible or reorder the text
/// around them: `moc.elpmaxe@\u{202e}...` shows as another address on the
/// confirm page and in the outbox. Refused wherever they are; the padding a paste
/// adds at the ends (zero-width space, byte-order mark) is trimmed as before.
#[test]
fn send_rejects_addresses_with_format_characters() {
    let server = Server::default_for_tests();
    for bad in [
        "ana\u{202e}moc.elpmaxe@example.com", // right-to-left override
        "ana\u{2066}x\u{2069}@example.com",   // isolates
        "an\u{200d}a@example.com",            // zero-width joiner
        "an\u{200c}a@example.com",            // zero-width non-joiner
        "an\u{200b}a@example.com",            // zero-width space, inside
        "an\u{feff}a@example.com",            // byte-order mark, inside
        "an\u{ad}a@example.com",              // soft hyphen
        "an\u{61c}a@example.com",             // Arabic letter mark
        "an\u{200e}a@example.com",            // left-to-right mark
        "ana@exam\u{200f}ple.com",            // right-to-left mark, in the domain
        "ana\u{e0041}@example.com",           // a tag character
        "ana@example.com\u{202e}",            // at the end: not padding
    ] {
        assert_error(server.send(bad), 400, "invalid_email");
    }
    assert!(server.outbox().is_empty());
    server.send_ok("\u{200b}ana@example.com\u{feff}");
    assert_eq!(server.outbox()[0]["to"], "ana@example.com");
}

#[test]
fn send_rejects_malformed_bodies_with_400() {
    let server = Server::default_for_tests();
    for body in [
        "{not json",
        "",
        "[]",
        r#"{"mail":"a@b.co"}"#,
        r#"{"email":5}"#,
    ] {
        let response = server
            .http
            .post(server.api(SEND, ""))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .unwrap();
        assert_error(response, 400, "invalid_request");
    }
}

#[test]
fn missing_or_empty_client_id_is_400_everywhere() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    for query in ["", "?client_id=", "?client_id=%20%20"] {
        let send = server
            .http
            .post(format!("{}{query}", server.url(SEND)))
            .json(&json!({"email": "a@b.co"}))
            .send()
            .unwrap();
        assert_error(send, 400, "missing_client_id");
    }
    let resend = server
        .http
        .post(server.url(RESEND))
        .json(&json!({ "state": state }))
        .send()
        .unwrap();
    assert_error(resend, 400, "missing_client_id");
    let status = server.get(&format!("{}?state={state}", server.url(STATUS)));
    assert_error(status, 400, "missing_client_id");
}

#[test]
fn client_id_header_is_accepted_and_scopes_sessions() {
    let server = Server::default_for_tests();
    let response = server
        .http
        .post(server.url(SEND))
        .header("client_id", "cli_other")
        .json(&json!({"email": "a@b.co"}))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let state = response.json::<Value>().unwrap()["state"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_header = server
        .http
        .get(format!("{}?state={state}", server.url(STATUS)))
        .header("client_id", "cli_other")
        .send()
        .unwrap();
    assert_eq!(by_header.status(), 200);
    // Another application cannot see this sign-in.
    assert_error(server.status(&state), 404, "state_not_found");
}

#[test]
fn status_is_pending_then_404_for_unknown_states() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    let response = server.status(&state);
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().unwrap(),
        json!({"authenticated": false})
    );
    // The newer API's name for the handle works too.
    let by_session_id = server.get(&server.api(STATUS, &format!("session_id={state}")));
    assert_eq!(by_session_id.status(), 200);
    assert_error(
        server.status("0123456789abcdef01234567"),
        404,
        "state_not_found",
    );
    assert_error(server.get(&server.api(STATUS, "")), 400, "invalid_request");
}

#[test]
fn resend_inside_the_cooldown_is_429_with_retry_after_then_200() {
    let server = Server::default_for_tests(); // 1 s cooldown
    let state = server.send_ok("a@b.co");
    let response = server.resend(&state);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_error(response, 429, "too_many_requests");
    std::thread::sleep(Duration::from_millis(1050));
    let response = server.resend(&state);
    assert_eq!(response.status(), 200);
    // `{}`, plus the new link's number (number matching is on by default).
    let body = response.json::<Value>().unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
    assert!(body["match_code"].is_string(), "{body}");
    // The resend restarts the cooldown.
    assert_error(server.resend(&state), 429, "too_many_requests");
}

#[test]
fn retry_after_is_whole_seconds_rounded_up() {
    let server = Server::start(&["--resend-cooldown", "3"]);
    let state = server.send_ok("a@b.co");
    let response = server.resend(&state);
    assert_eq!(response.status(), 429);
    let seconds: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("numeric Retry-After");
    // A few milliseconds passed since the send: 2.99… s left, rounded up.
    assert_eq!(seconds, 3);
}

#[test]
fn resend_replaces_the_link_and_counts_in_the_outbox() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let state = server.send_ok("a@b.co");
    let first = server.link_for(&state);
    let response = server
        .http
        .post(server.api(RESEND, ""))
        .json(&json!({ "session_id": state }))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let outbox = server.outbox();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[0]["kind"], "resend");
    assert_eq!(outbox[1]["kind"], "send");
    assert_eq!(outbox[0]["state"], state.as_str());
    assert_ne!(outbox[0]["link"], first.as_str());
    assert_ne!(outbox[0]["code"], Value::Null);
    // The superseded link no longer works; the new one does.
    let old = server.get(&first);
    assert_eq!(old.status(), 400);
    assert!(old.text().unwrap().contains("not valid"));
    let new_link = server.link_for(&state);
    assert_eq!(server.get(&new_link).status(), 200);
    assert_eq!(server.post(&first).status(), 400);
    assert_eq!(
        server.status(&state).json::<Value>().unwrap()["authenticated"],
        false
    );
}

#[test]
fn resend_errors() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    assert_error(
        server.resend("0123456789abcdef01234567"),
        404,
        "state_not_found",
    );
    let bad_body = server
        .http
        .post(server.api(RESEND, ""))
        .header("content-type", "application/json")
        .body(r#"{"other": 1}"#)
        .send()
        .unwrap();
    assert_error(bad_body, 400, "invalid_request");
    let malformed = server
        .http
        .post(server.api(RESEND, ""))
        .header("content-type", "application/json")
        .body("state=abc")
        .send()
        .unwrap();
    assert_error(malformed, 400, "invalid_request");
    // Once the sign-in is complete there is nothing to resend.
    let state = server.send_ok("a@b.co");
    assert_eq!(server.confirm(&server.link_for(&state)).status(), 200);
    assert_error(server.resend(&state), 409, "already_verified");
    assert_eq!(server.outbox().len(), 1);
}

#[test]
fn expired_links_answer_410_and_a_resend_revives_them() {
    let server = Server::start(&["--link-ttl", "1", "--resend-cooldown", "0"]);
    let state = server.send_ok("a@b.co");
    let link = server.link_for(&state);
    assert_eq!(server.status(&state).status(), 200);
    std::thread::sleep(Duration::from_millis(1100));
    assert_error(server.status(&state), 410, "link_expired");
    // Neither the page nor the confirmation works after expiry...
    let page = server.get(&link);
    assert_eq!(page.status(), 410);
    assert!(page.text().unwrap().contains("expired"));
    assert_eq!(server.post(&link).status(), 410);
    // ...and the sign-in did not complete.
    assert_error(server.status(&state), 410, "link_expired");
    // A resend sends a fresh link with a fresh lifetime.
    assert_eq!(server.resend(&state).status(), 200);
    assert_eq!(
        server.status(&state).json::<Value>().unwrap()["authenticated"],
        false
    );
    assert_eq!(server.confirm(&server.link_for(&state)).status(), 200);
    assert_eq!(
        server.status(&state).json::<Value>().unwrap()["authenticated"],
        true
    );
}

#[test]
fn unknown_routes_answer_a_json_404() {
    let server = Server::default_for_tests();
    let response = server.get(&server.url("/api/v1/nope"));
    assert_error(response, 404, "not_found");
    assert!(CLIENT.starts_with("cli_"));
}

/// The contract's bodies are JSON and the widget says so; anything else (what a
/// cross-site form or a preflight-free `fetch` can send) is refused before it is
/// read.
#[test]
fn posts_need_a_json_content_type() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let state = server.send_ok("a@b.co");
    let posts = [
        (server.api(SEND, ""), json!({"email": "b@c.co"})),
        (server.api(RESEND, ""), json!({ "state": state })),
        (server.url("/dev/faults"), json!({"endpoint": "send"})),
    ];
    for (url, body) in &posts {
        for content_type in [
            Some("text/plain"),
            Some("text/plain;charset=UTF-8"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            Some("application/jsonp"),
            None,
        ] {
            let mut request = server.http.post(url).body(body.to_string());
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let response = request.send().unwrap();
            assert_error(response, 415, "unsupported_media_type");
        }
    }
    assert_eq!(server.outbox().len(), 1, "nothing was sent");
    let pending: Vec<Value> = server.get(&server.url("/dev/faults")).json().unwrap();
    assert!(pending.is_empty(), "nothing was armed");
    // Parameters and case do not matter.
    for (content_type, (url, body)) in ["application/json; charset=utf-8", "Application/JSON"]
        .iter()
        .zip(&posts)
    {
        let response = server
            .http
            .post(url)
            .header("content-type", *content_type)
            .body(body.to_string())
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{content_type} {url}");
    }
}
