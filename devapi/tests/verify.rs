//! The magic link: the confirmation page, the one-time confirmation and the
//! authenticated status.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{assert_error, Server, CLIENT, VERIFY};
use serde_json::Value;

fn authenticated(server: &Server, state: &str) -> Value {
    let response = server.status(state);
    assert_eq!(response.status(), 200);
    response.json().unwrap()
}

#[test]
fn get_shows_a_confirmation_page_without_signing_in() {
    let server = Server::default_for_tests();
    let state = server.send_ok("o'neil&co@example.com");
    let link = server.link_for(&state);
    let response = server.get(&link);
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = response.text().unwrap();
    assert!(html.contains("<h1>Confirm sign-in</h1>"));
    assert!(html.contains("o&#39;neil&amp;co@example.com"), "{html}");
    assert!(!html.contains("o'neil&co"));
    assert!(html.contains("<form method=\"post\""));
    let action = format!("action=\"{VERIFY}?client_id={CLIENT}&amp;state={state}&amp;magictext=");
    assert!(html.contains(&action), "{html}");
    // Opening the page twice (a mail scanner, then the person) changes nothing.
    assert_eq!(server.get(&link).status(), 200);
    assert_eq!(authenticated(&server, &state)["authenticated"], false);
}

#[test]
fn post_completes_the_sign_in_with_tokens() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    let response = server.confirm(&server.link_for(&state));
    assert_eq!(response.status(), 200);
    let html = response.text().unwrap();
    assert!(html.contains("Successfully verified — you can close this tab"));

    let body = authenticated(&server, &state);
    assert_eq!(body["authenticated"], true);
    let oauth = &body["oauth"];
    for token in ["access_token", "refresh_token"] {
        let value = oauth[token].as_str().unwrap();
        assert!(
            value.starts_with("v4.local.") && value.len() > 40,
            "{value}"
        );
    }
    assert_ne!(oauth["access_token"], oauth["refresh_token"]);
    assert_eq!(oauth["token_type"], "Bearer");
    let expires_at = oauth["expires_at"].as_str().unwrap();
    assert_eq!(expires_at.len(), 20, "{expires_at}");
    assert!(expires_at.ends_with('Z') && expires_at.as_bytes()[10] == b'T');
    let user = &body["user"];
    assert_eq!(user["email"], "a@b.co");
    assert_eq!(user["identifier"], "a@b.co");
    assert_eq!(user["issuer"], server.base.as_str());
    assert!(user["user_id"].as_str().unwrap().starts_with("usr_"));
    for key in ["created_at", "updated_at", "last_login_at"] {
        assert!(user[key].as_str().unwrap().ends_with('Z'));
    }
    // Tokens are handed out once: the session is spent after that answer.
    assert_error(server.status(&state), 410, "session_consumed");
    assert_error(server.status(&state), 410, "session_consumed");
}

#[test]
fn concurrent_polls_hand_the_tokens_to_one_of_them() {
    let server = Server::default_for_tests();
    for round in 0..5 {
        let state = server.send_ok(&format!("r{round}@b.co"));
        assert_eq!(server.confirm(&server.link_for(&state)).status(), 200);
        let statuses: Vec<u16> = std::thread::scope(|scope| {
            let polls: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| server.status(&state).status().as_u16()))
                .collect();
            polls.into_iter().map(|p| p.join().unwrap()).collect()
        });
        let mut sorted = statuses.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [200, 410, 410, 410], "round {round}: {statuses:?}");
    }
}

#[test]
fn an_unknown_handle_stays_404_after_others_are_consumed() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    server.confirm(&server.link_for(&state));
    assert_eq!(server.status(&state).status(), 200);
    assert_error(server.status(&state), 410, "session_consumed");
    assert_error(
        server.status("ffffffffffffffffffffffff"),
        404,
        "state_not_found",
    );
}

#[test]
fn token_expiry_is_one_hour_ahead() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    server.confirm(&server.link_for(&state));
    let body = authenticated(&server, &state);
    let expires_at = body["oauth"]["expires_at"].as_str().unwrap().to_owned();
    // Compare the hour field against now + 1 h, computed independently.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let hour = ((now + 3600) % 86_400) / 3600;
    let hour_after = ((now + 3601) % 86_400) / 3600;
    let got: u64 = expires_at[11..13].parse().unwrap();
    assert!(got == hour || got == hour_after, "{expires_at}");
}

#[test]
fn a_link_works_only_once() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    let link = server.link_for(&state);
    assert_eq!(server.confirm(&link).status(), 200);
    let second = server.confirm(&link);
    assert_eq!(second.status(), 410);
    assert!(second.text().unwrap().contains("already been used"));
    let reopened = server.get(&link);
    assert_eq!(reopened.status(), 410);
    // The failed attempts did not disturb the completed sign-in.
    assert_eq!(authenticated(&server, &state)["authenticated"], true);
    // Nor does the link work once the tokens are handed out.
    assert_eq!(server.confirm(&link).status(), 410);
    assert_eq!(server.get(&link).status(), 410);
}

#[test]
fn invalid_links_show_a_400_page() {
    let server = Server::default_for_tests();
    let state = server.send_ok("a@b.co");
    let link = server.link_for(&state);
    let wrong_secret = format!("{}x", link);
    let unknown = link.replace(&state, "0123456789abcdef01234567");
    let other_client = link.replace(CLIENT, "cli_other");
    let incomplete = server.api(VERIFY, &format!("state={state}"));
    for url in [&wrong_secret, &unknown, &other_client, &incomplete] {
        let page = server.get(url);
        assert_eq!(page.status(), 400, "{url}");
        assert!(page.text().unwrap().contains("Invalid link"));
        assert_eq!(server.post(url).status(), 400, "{url}");
    }
    assert_eq!(authenticated(&server, &state)["authenticated"], false);
    // The real link still works after all that.
    assert_eq!(server.confirm(&link).status(), 200);
}

#[test]
fn the_same_address_keeps_its_user_id() {
    let server = Server::default_for_tests();
    // Each status answer with tokens is the only one: read each user id once.
    let id = |state: &str| authenticated(&server, state)["user"]["user_id"].clone();
    let first = server.send_ok("a@b.co");
    server.confirm(&server.link_for(&first));
    let first = id(&first);
    let second = server.send_ok("A@b.co");
    server.confirm(&server.link_for(&second));
    assert_eq!(id(&second), first);
    let other = server.send_ok("c@d.co");
    server.confirm(&server.link_for(&other));
    assert_ne!(id(&other), first);
    assert_error(
        server.status("ffffffffffffffffffffffff"),
        404,
        "state_not_found",
    );
}
