//! One-time codes: send, resend and verify under both prefixes, tries, expiry,
//! single use, the outbox, CORS and faults.

mod common;

use std::time::Duration;

use common::{
    assert_error, other_code, Server, CLIENT, CODE_PREFIXES, EMAIL_OTP, MAGIC_OTP, STATUS,
};
use reqwest::Method;
use serde_json::{json, Value};

/// Asserts the authenticated body, the same shape a confirmed link's status
/// answers, and returns it.
fn assert_signed_in(response: reqwest::blocking::Response, email: &str) -> Value {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().expect("JSON");
    assert_eq!(body["authenticated"], true, "{body}");
    let oauth = &body["oauth"];
    for token in ["access_token", "refresh_token"] {
        assert!(
            oauth[token].as_str().unwrap().starts_with("v4.local."),
            "{body}"
        );
    }
    assert_eq!(oauth["token_type"], "Bearer");
    assert!(oauth["expires_at"].as_str().unwrap().ends_with('Z'));
    let user = &body["user"];
    assert!(user["user_id"].as_str().unwrap().starts_with("usr_"));
    assert_eq!(user["email"], email);
    assert_eq!(user["identifier"], email);
    for time in ["created_at", "updated_at", "last_login_at"] {
        assert!(user[time].is_string(), "{body}");
    }
    body
}

fn retry_after(response: &reqwest::blocking::Response) -> u64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("whole seconds")
}

#[test]
fn a_code_signs_in_under_either_prefix() {
    let server = Server::default_for_tests();
    // Each prefix sends, and the other verifies: all six paths answer.
    for (sender, verifier) in [(MAGIC_OTP, EMAIL_OTP), (EMAIL_OTP, MAGIC_OTP)] {
        let response = server.code_send(sender, " ana@example.com");
        assert_eq!(response.status(), 200, "{sender}");
        let body: Value = response.json().unwrap();
        let state = body["state"].as_str().unwrap().to_owned();
        assert_eq!(state.len(), 24);
        assert!(state
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
        assert_eq!(body, json!({ "state": state }), "no match_code");
        let code = server.code_for(&state);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(
            server.code_resend(verifier, &state).status(),
            429,
            "{verifier}/resend answers"
        );
        assert_signed_in(
            server.code_verify(verifier, &state, &code),
            "ana@example.com",
        );
    }
    let log: Vec<(String, u16)> = server
        .requests()
        .iter()
        .map(|r| {
            (
                r["endpoint"].as_str().unwrap().to_owned(),
                r["status"].as_u64().unwrap() as u16,
            )
        })
        .collect();
    let round = [
        ("code_send", 200),
        ("code_resend", 429),
        ("code_verify", 200),
    ];
    let expected: Vec<(String, u16)> = round
        .iter()
        .chain(round.iter())
        .map(|&(e, s)| (e.to_owned(), s))
        .collect();
    assert_eq!(log, expected);
}

#[test]
fn the_request_log_names_the_code_state() {
    let server = Server::default_for_tests();
    let state = server.code_send_ok("a@b.co");
    server.code_verify(EMAIL_OTP, &state, &server.code_for(&state));
    let log = server.requests();
    assert_eq!(log.len(), 2);
    for entry in &log {
        assert_eq!(entry["state"], state.as_str(), "{entry}");
        assert_eq!(entry["method"], "POST");
        assert_eq!(entry["fault"], false);
    }
}

#[test]
fn a_code_sign_in_is_the_same_user_as_a_link_sign_in() {
    let server = Server::start(&["--no-number-matching"]);
    let state = server.code_send_ok("Ana@example.com");
    let first = assert_signed_in(
        server.code_verify(EMAIL_OTP, &state, &server.code_for(&state)),
        "Ana@example.com",
    );
    let link_state = server.send_ok("ana@example.com");
    assert_eq!(server.confirm(&server.link_for(&link_state)).status(), 200);
    let by_link: Value = server.status(&link_state).json().unwrap();
    assert_eq!(by_link["user"]["user_id"], first["user"]["user_id"]);
    assert_eq!(by_link["user"]["created_at"], first["user"]["created_at"]);
    let again = server.code_send_ok("ana@example.com");
    let second = assert_signed_in(
        server.code_verify(EMAIL_OTP, &again, &server.code_for(&again)),
        "Ana@example.com",
    );
    assert_eq!(second["user"]["user_id"], first["user"]["user_id"]);
    assert_ne!(
        second["oauth"]["access_token"], first["oauth"]["access_token"],
        "fresh tokens"
    );
}

#[test]
fn a_code_works_once() {
    let server = Server::default_for_tests();
    let state = server.code_send_ok("a@b.co");
    let code = server.code_for(&state);
    assert_signed_in(server.code_verify(EMAIL_OTP, &state, &code), "a@b.co");
    assert_error(
        server.code_verify(EMAIL_OTP, &state, &code),
        410,
        "session_consumed",
    );
    assert_error(
        server.code_verify(MAGIC_OTP, &state, &other_code(&code)),
        410,
        "session_consumed",
    );
    // Nothing left to resend either, as for a confirmed link.
    assert_error(
        server.code_resend(EMAIL_OTP, &state),
        409,
        "already_verified",
    );
}

#[test]
fn wrong_codes_count_down_the_tries() {
    let server = Server::default_for_tests();
    let state = server.code_send_ok("a@b.co");
    let code = server.code_for(&state);
    for tries_left in (1..=4).rev() {
        let body = assert_error(
            server.code_verify(EMAIL_OTP, &state, &other_code(&code)),
            400,
            "invalid_otp",
        );
        assert_eq!(body["tries_left"], tries_left, "{body}");
        assert_eq!(body["error_description"], "That code is not right.");
    }
    // Four wrong, one try left: the right code still signs in.
    assert_signed_in(server.code_verify(EMAIL_OTP, &state, &code), "a@b.co");
}

#[test]
fn too_many_wrong_codes_kill_the_code_until_a_resend() {
    let server = Server::start(&["--code-tries", "3", "--resend-cooldown", "1"]);
    let state = server.code_send_ok("a@b.co");
    let code = server.code_for(&state);
    let wrong = other_code(&code);
    for tries_left in [2, 1] {
        let body = assert_error(
            server.code_verify(EMAIL_OTP, &state, &wrong),
            400,
            "invalid_otp",
        );
        assert_eq!(body["tries_left"], tries_left);
    }
    // The third wrong try is the last: the code is dead, the right one too.
    let last = assert_error(
        server.code_verify(EMAIL_OTP, &state, &wrong),
        410,
        "too_many_attempts",
    );
    assert_eq!(last["tries_left"], 0);
    assert_error(
        server.code_verify(EMAIL_OTP, &state, &code),
        410,
        "too_many_attempts",
    );
    // A resend brings a new code with new tries.
    std::thread::sleep(Duration::from_millis(1_100));
    assert_eq!(server.code_resend(EMAIL_OTP, &state).status(), 200);
    let new = server.code_for(&state);
    let body = assert_error(
        server.code_verify(EMAIL_OTP, &state, &other_code(&new)),
        400,
        "invalid_otp",
    );
    assert_eq!(body["tries_left"], 2, "the tries start again");
    assert_signed_in(server.code_verify(EMAIL_OTP, &state, &new), "a@b.co");
}

#[test]
fn malformed_codes_are_400_and_use_up_no_try() {
    let server = Server::start(&["--code-tries", "2"]);
    let state = server.code_send_ok("a@b.co");
    let code = server.code_for(&state);
    let url = server.api(&format!("{EMAIL_OTP}/verify"), "");
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let hyphened = format!("{}-{}", &code[..3], &code[3..]);
    let padded = format!(" {code}");
    let bodies = [
        json!({ "state": state, "otp": &code[..5] }),
        json!({ "state": state, "otp": format!("{code}0") }),
        json!({ "state": state, "otp": spaced }),
        json!({ "state": state, "otp": hyphened }),
        json!({ "state": state, "otp": padded }),
        json!({ "state": state, "otp": "abcdef" }),
        json!({ "state": state, "otp": "" }),
        json!({ "state": state, "otp": 123456 }),
        json!({ "state": state, "otp": null }),
        json!({ "state": state }),
    ];
    for body in bodies {
        let refused = assert_error(server.post_json(&url, body.clone()), 400, "invalid_otp");
        assert_eq!(refused["tries_left"], 2, "{body} counted as a try");
    }
    assert_signed_in(server.code_verify(EMAIL_OTP, &state, &code), "a@b.co");
}

#[test]
fn a_code_expires_after_the_link_ttl() {
    let server = Server::start(&["--link-ttl", "1"]);
    let state = server.code_send_ok("a@b.co");
    let code = server.code_for(&state);
    std::thread::sleep(Duration::from_millis(1_100));
    assert_error(
        server.code_verify(EMAIL_OTP, &state, &code),
        410,
        "otp_expired",
    );
    assert_error(
        server.code_verify(EMAIL_OTP, &state, &other_code(&code)),
        410,
        "otp_expired",
    );
}

#[test]
fn a_resend_inside_the_cooldown_is_429_and_after_it_replaces_the_code() {
    let server = Server::start(&["--resend-cooldown", "1", "--link-ttl", "2"]);
    let state = server.code_send_ok("a@b.co");
    let old = server.code_for(&state);
    let limited = server.code_resend(EMAIL_OTP, &state);
    assert_eq!(retry_after(&limited), 1);
    assert_error(limited, 429, "too_many_requests");
    assert_eq!(server.outbox().len(), 1, "nothing sent inside the cooldown");

    // After the cooldown: a new code (drawn again in the one-in-a-million case
    // that it repeats the old one, which could not then be told apart).
    let mut new = old.clone();
    while new == old {
        std::thread::sleep(Duration::from_millis(1_100));
        let resent = server.code_resend(EMAIL_OTP, &state);
        assert_eq!(resent.status(), 200);
        assert_eq!(resent.json::<Value>().unwrap(), json!({}));
        new = server.code_for(&state);
    }
    let message = server.message_for(&state);
    assert_eq!(message["kind"], "resend");
    assert_eq!(message["carries"], "code");
    // The resend also restarted the lifetime: 2.2 s after the send, past the
    // first code's 2 s, the new one still works and the old one never does.
    std::thread::sleep(Duration::from_millis(1_100));
    assert_error(
        server.code_verify(EMAIL_OTP, &state, &old),
        400,
        "invalid_otp",
    );
    assert_signed_in(server.code_verify(EMAIL_OTP, &state, &new), "a@b.co");
}

#[test]
fn resends_obey_the_resend_and_address_limits() {
    let server = Server::start(&["--resend-cooldown", "0", "--resend-limit", "1"]);
    let state = server.code_send_ok("a@b.co");
    assert_eq!(server.code_resend(EMAIL_OTP, &state).status(), 200);
    let refused = assert_error(
        server.code_resend(EMAIL_OTP, &state),
        429,
        "too_many_requests",
    );
    assert!(refused["error_description"]
        .as_str()
        .unwrap()
        .contains("resent too many times"));

    let server = Server::start(&["--resend-cooldown", "0", "--address-limit", "2"]);
    let state = server.code_send_ok("a@b.co");
    let link_state = server.send_ok("A@b.co");
    for refused in [
        server.code_resend(EMAIL_OTP, &state),
        server.code_send(MAGIC_OTP, "a@b.co"),
        server.resend(&link_state),
    ] {
        let body = assert_error(refused, 429, "too_many_requests");
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains("this address"),
            "codes and links share the address's e-mails: {body}"
        );
    }
    assert_eq!(server.outbox().len(), 2);
}

/// A resend the address limit refuses was not sent, so it does not count
/// against the sign-in's own resends either.
#[test]
fn a_resend_refused_by_the_address_limit_is_not_counted() {
    let server = Server::start(&[
        "--resend-cooldown",
        "0",
        "--address-limit",
        "1",
        "--resend-limit",
        "1",
        "--limit-window",
        "2",
    ]);
    let state = server.code_send_ok("a@b.co");
    std::thread::sleep(Duration::from_millis(1_000));
    let refused = assert_error(
        server.code_resend(EMAIL_OTP, &state),
        429,
        "too_many_requests",
    );
    assert!(refused["error_description"]
        .as_str()
        .unwrap()
        .contains("this address"));
    // The send has left the window; the refused resend, had it counted, would
    // still be in it.
    std::thread::sleep(Duration::from_millis(1_200));
    assert_eq!(server.code_resend(EMAIL_OTP, &state).status(), 200);
}

#[test]
fn a_resend_takes_session_id_too() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let state = server.code_send_ok("a@b.co");
    let response = server.post_json(
        &server.api(&format!("{MAGIC_OTP}/resend"), ""),
        json!({ "session_id": state }),
    );
    assert_eq!(response.status(), 200);
    let verified = server.post_json(
        &server.api(&format!("{EMAIL_OTP}/verify"), ""),
        json!({ "session_id": state, "otp": server.code_for(&state) }),
    );
    assert_signed_in(verified, "a@b.co");
}

#[test]
fn unknown_and_foreign_states_are_404() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let state = server.code_send_ok("a@b.co");
    let code = server.code_for(&state);
    for unknown in ["ffffffffffffffffffffffff", "nope"] {
        assert_error(
            server.code_verify(EMAIL_OTP, unknown, &code),
            404,
            "state_not_found",
        );
        assert_error(
            server.code_resend(EMAIL_OTP, unknown),
            404,
            "state_not_found",
        );
    }
    // Another application's client ID does not see the sign-in...
    let foreign = |call: &str, body: Value| {
        server
            .http
            .post(format!(
                "{}{EMAIL_OTP}/{call}?client_id=cli_other",
                server.base
            ))
            .json(&body)
            .send()
            .unwrap()
    };
    assert_error(
        foreign(
            "verify",
            json!({ "state": state, "otp": other_code(&code) }),
        ),
        404,
        "state_not_found",
    );
    assert_error(
        foreign("resend", json!({ "state": state })),
        404,
        "state_not_found",
    );
    // ...and the foreign wrong code did not count.
    assert_signed_in(server.code_verify(EMAIL_OTP, &state, &code), "a@b.co");

    // Code and link sign-ins are separate: neither kind's endpoints know the
    // other's states. (The widget never polls a code sign-in.)
    let code_state = server.code_send_ok("b@c.co");
    assert_error(server.status(&code_state), 404, "state_not_found");
    assert_error(server.resend(&code_state), 404, "state_not_found");
    let link_state = server.send_ok("b@c.co");
    let link_code = server.message_for(&link_state)["code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_error(
        server.code_verify(EMAIL_OTP, &link_state, &link_code),
        404,
        "state_not_found",
    );
    assert_error(
        server.code_resend(EMAIL_OTP, &link_state),
        404,
        "state_not_found",
    );
    assert_eq!(server.status(&link_state).status(), 200, "still pending");
    let status = server.get(&server.api(STATUS, &format!("state={code_state}")));
    assert_eq!(status.status(), 404);
}

#[test]
fn bad_requests_are_400_or_415() {
    let server = Server::default_for_tests();
    let state = server.code_send_ok("a@b.co");
    for prefix in CODE_PREFIXES {
        for (call, body) in [
            ("send", json!({ "email": "a@b.co" })),
            ("resend", json!({ "state": state })),
            ("verify", json!({ "state": state, "otp": "123456" })),
        ] {
            let url = format!("{}{prefix}/{call}", server.base);
            assert_error(
                server.post_json(&url, body.clone()),
                400,
                "missing_client_id",
            );
            let text = server
                .http
                .post(server.api(&format!("{prefix}/{call}"), ""))
                .header("content-type", "text/plain")
                .body(body.to_string())
                .send()
                .unwrap();
            assert_error(text, 415, "unsupported_media_type");
        }
        for bad in ["", "nobody", "a@@b.co"] {
            assert_error(server.code_send(prefix, bad), 400, "invalid_email");
        }
        for body in [
            json!({}),
            json!({ "state": " " }),
            json!({ "otp": "123456" }),
        ] {
            for call in ["resend", "verify"] {
                let url = server.api(&format!("{prefix}/{call}"), "");
                assert_error(server.post_json(&url, body.clone()), 400, "invalid_request");
            }
        }
    }
    assert_eq!(server.outbox().len(), 1, "no e-mail for a refused send");
}

#[test]
fn the_outbox_lists_code_messages() {
    let server = Server::default_for_tests();
    let link_state = server.send_ok("link@example.com");
    let state = server.code_send_ok("code@example.com");
    let outbox = server.outbox();
    assert_eq!(outbox.len(), 2);
    let message = &outbox[0];
    assert_eq!(message["to"], "code@example.com");
    assert_eq!(message["state"], state.as_str());
    assert_eq!(message["carries"], "code");
    assert_eq!(message["kind"], "send");
    assert!(message["link"].is_null(), "{message}");
    assert!(message["match_code"].is_null(), "{message}");
    assert!(message["sent_at_ms"].as_u64().unwrap() > 0);
    let code = message["code"].as_str().unwrap();
    // Link messages keep their shape, now saying what they carry.
    assert_eq!(outbox[1]["state"], link_state.as_str());
    assert_eq!(outbox[1]["carries"], "link");
    assert!(outbox[1]["link"]
        .as_str()
        .unwrap()
        .starts_with(&server.base));

    let page = server.get(&server.url("/dev/outbox")).text().unwrap();
    assert!(
        page.contains(&format!("<code class=\"otp\">{code}</code>")),
        "the code stands out: {page}"
    );
    assert!(page.contains("carries a sign-in code"), "{page}");
    assert_eq!(
        page.matches("Open magic link").count(),
        1,
        "only the link message has a link: {page}"
    );
}

#[test]
fn the_log_shows_each_code() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;

    let mut child = Command::new(env!("CARGO_BIN_EXE_devapi"))
        .args(["--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("devapi starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("devapi listening on ")
        .expect("the listening line")
        .to_owned();
    let (lines, received) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let http = reqwest::blocking::Client::new();
    let sent: Value = http
        .post(format!("{base}{MAGIC_OTP}/send?client_id={CLIENT}"))
        .json(&json!({"email": "log@example.com"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let state = sent["state"].as_str().unwrap();
    let outbox: Vec<Value> = http
        .get(format!("{base}/dev/outbox.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let code = outbox[0]["code"].as_str().unwrap();
    let wanted = format!("sign-in code for log@example.com: {code} (state {state})");
    let mut seen = Vec::new();
    let found = loop {
        match received.recv_timeout(Duration::from_secs(5)) {
            Ok(line) if line.contains(&wanted) => break true,
            Ok(line) => seen.push(line),
            Err(_) => break false,
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "{wanted:?} not logged in {seen:#?}");
}

#[test]
fn code_endpoints_answer_cors_preflights() {
    let server = Server::default_for_tests();
    let origin = "http://shop.example:5173";
    for prefix in CODE_PREFIXES {
        for call in ["send", "resend", "verify"] {
            let path = format!("{prefix}/{call}");
            let preflight = server
                .http
                .request(Method::OPTIONS, server.api(&path, ""))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type")
                .send()
                .unwrap();
            assert_eq!(preflight.status(), 204, "{path}");
            let h = preflight.headers();
            assert_eq!(h["access-control-allow-origin"], origin, "{path}");
            assert!(h["access-control-allow-methods"]
                .to_str()
                .unwrap()
                .contains("POST"));
            assert!(h["access-control-allow-headers"]
                .to_str()
                .unwrap()
                .contains("Content-Type"));
        }
    }
    let state = server.code_send_ok("a@b.co");
    // A wrong code's 400 is what the widget must read cross-origin.
    let wrong = server
        .http
        .post(server.api(&format!("{EMAIL_OTP}/verify"), ""))
        .header("origin", origin)
        .json(&json!({ "state": state, "otp": other_code(&server.code_for(&state)) }))
        .send()
        .unwrap();
    assert_eq!(wrong.status(), 400);
    assert_eq!(wrong.headers()["access-control-allow-origin"], origin);
    assert!(server.requests().iter().all(|r| r["method"] == "POST"));
}

#[test]
fn faults_hit_the_code_endpoints_they_name() {
    let server = Server::start(&["--resend-cooldown", "0", "--code-tries", "1"]);
    server.fault(json!({"endpoint": "code_send", "status": 503, "retry_after": "4"}));
    let faulted = server.code_send(EMAIL_OTP, "a@b.co");
    assert_eq!(faulted.status(), 503);
    assert_eq!(faulted.headers()["retry-after"], "4");
    assert!(server.outbox().is_empty(), "the handler did not run");
    // Not a link send's fault, and used up.
    server.fault(json!({"endpoint": "code_send", "status": 418}));
    server.send_ok("link@b.co");
    assert_eq!(server.code_send(MAGIC_OTP, "a@b.co").status(), 418);
    let state = server.code_send_ok("a@b.co");
    let code = server.code_for(&state);

    server.fault(json!({"endpoint": "code_resend", "status": 500}));
    assert_error(server.code_resend(MAGIC_OTP, &state), 500, "injected_fault");

    // A faulted verify never reaches the code: with one try, a counted wrong
    // code would have killed it.
    server.fault(json!({"endpoint": "code_verify", "count": 2, "status": 502}));
    assert_eq!(
        server
            .code_verify(EMAIL_OTP, &state, &other_code(&code))
            .status(),
        502
    );
    assert_eq!(
        server.code_verify(MAGIC_OTP, &state, &code).status(),
        502,
        "under the other prefix too"
    );
    server.fault(json!({"endpoint": "code_verify", "delay_ms": 300}));
    let started = std::time::Instant::now();
    assert_signed_in(server.code_verify(EMAIL_OTP, &state, &code), "a@b.co");
    assert!(started.elapsed() >= Duration::from_millis(300));

    let faulted: Vec<(String, u16)> = server
        .requests()
        .iter()
        .filter(|r| r["fault"] == true)
        .map(|r| {
            (
                r["endpoint"].as_str().unwrap().to_owned(),
                r["status"].as_u64().unwrap() as u16,
            )
        })
        .collect();
    let expected: Vec<(String, u16)> = [
        ("code_send", 503),
        ("code_send", 418),
        ("code_resend", 500),
        ("code_verify", 502),
        ("code_verify", 502),
        ("code_verify", 200),
    ]
    .into_iter()
    .map(|(e, s)| (e.to_owned(), s))
    .collect();
    assert_eq!(faulted, expected);
}
