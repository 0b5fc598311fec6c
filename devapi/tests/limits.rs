//! Per-address e-mail limits and the resend limit: 429 with `Retry-After`.

mod common;

use std::time::Duration;

use common::{assert_error, Server};
use reqwest::blocking::Response;

fn retry_after(response: &Response) -> u64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("whole seconds")
}

#[test]
fn by_default_an_address_gets_ten_emails_in_ten_minutes() {
    let server = Server::default_for_tests();
    for _ in 0..10 {
        server.send_ok("a@b.co");
    }
    let refused = server.send("A@B.co");
    let seconds = retry_after(&refused);
    assert!((599..=600).contains(&seconds), "{seconds}");
    let body = assert_error(refused, 429, "too_many_requests");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("this address"));
    assert_eq!(server.outbox().len(), 10);
    // Other addresses are not affected.
    server.send_ok("c@d.co");
}

#[test]
fn the_address_limit_and_window_are_flags_and_0_turns_it_off() {
    let server = Server::start(&["--address-limit", "2", "--limit-window", "1"]);
    server.send_ok("a@b.co");
    server.send_ok(" a@b.co");
    let refused = server.send("a@b.co");
    assert_eq!(retry_after(&refused), 1);
    assert_error(refused, 429, "too_many_requests");
    std::thread::sleep(Duration::from_millis(1_100));
    server.send_ok("a@b.co");

    let unlimited = Server::start(&["--address-limit", "0"]);
    for _ in 0..15 {
        unlimited.send_ok("a@b.co");
    }
}

#[test]
fn resends_count_against_the_address() {
    let server = Server::start(&["--address-limit", "3", "--resend-cooldown", "0"]);
    let state = server.send_ok("a@b.co");
    assert_eq!(server.resend(&state).status(), 200);
    server.send_ok("a@b.co");
    assert_error(server.resend(&state), 429, "too_many_requests");
    assert_error(server.send("a@b.co"), 429, "too_many_requests");
    assert_eq!(server.outbox().len(), 3);
}

#[test]
fn a_sign_in_gets_a_limited_number_of_resends() {
    let server = Server::start(&[
        "--resend-limit",
        "2",
        "--resend-cooldown",
        "0",
        "--limit-window",
        "2",
    ]);
    let state = server.send_ok("a@b.co");
    assert_eq!(server.resend(&state).status(), 200);
    assert_eq!(server.resend(&state).status(), 200);
    let refused = server.resend(&state);
    assert!((1..=2).contains(&retry_after(&refused)));
    let body = assert_error(refused, 429, "too_many_requests");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("resent too many times"));
    // The refused resend sent nothing and changed nothing: the last link works.
    assert_eq!(server.outbox().len(), 3);
    assert_eq!(server.get(&server.link_for(&state)).status(), 200);
    // Another sign-in of the same address has its own resends.
    let other = server.send_ok("a@b.co");
    assert_eq!(server.resend(&other).status(), 200);
    std::thread::sleep(Duration::from_millis(2_100));
    assert_eq!(server.resend(&state).status(), 200);
}

#[test]
fn by_default_a_sign_in_gets_five_resends() {
    let server = Server::start(&["--resend-cooldown", "0", "--address-limit", "0"]);
    let state = server.send_ok("a@b.co");
    for _ in 0..5 {
        assert_eq!(server.resend(&state).status(), 200);
    }
    assert_error(server.resend(&state), 429, "too_many_requests");
    // --resend-limit 0 turns it off.
    let unlimited = Server::start(&[
        "--resend-cooldown",
        "0",
        "--address-limit",
        "0",
        "--resend-limit",
        "0",
    ]);
    let state = unlimited.send_ok("a@b.co");
    for _ in 0..8 {
        assert_eq!(unlimited.resend(&state).status(), 200);
    }
}
