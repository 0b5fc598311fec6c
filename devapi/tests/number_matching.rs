//! Number matching: the send answer's `match_code`, the confirm page that asks
//! for it among three numbers, and what a wrong pick does.

mod common;

use common::{assert_error, Server, RESEND, SEND};
use serde_json::{json, Value};

const CHROME_ON_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
     (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

fn is_two_digits(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Sends from "Chrome on Windows"; returns the state and the answer's match_code.
fn send_as_chrome(server: &Server, email: &str) -> (String, String) {
    let response = server
        .http
        .post(server.api(SEND, ""))
        .header("user-agent", CHROME_ON_WINDOWS)
        .json(&json!({ "email": email }))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().unwrap();
    let state = body["state"].as_str().expect("a state").to_owned();
    let code = body["match_code"]
        .as_str()
        .expect("a match_code")
        .to_owned();
    (state, code)
}

/// The `value`s of the page's submit buttons, in page order.
fn offered_numbers(html: &str) -> Vec<String> {
    html.split("name=\"match_code\" value=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

#[test]
fn send_and_resend_answer_a_two_digit_match_code_that_the_outbox_shows() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let (state, code) = send_as_chrome(&server, "a@b.co");
    assert!(is_two_digits(&code), "{code}");
    assert_eq!(server.message_for(&state)["match_code"], code.as_str());

    let resent = server.resend(&state);
    assert_eq!(resent.status(), 200);
    let new_code = resent.json::<Value>().unwrap()["match_code"]
        .as_str()
        .expect("the resend answers the new link's number")
        .to_owned();
    assert!(is_two_digits(&new_code), "{new_code}");
    let outbox = server.outbox();
    assert_eq!(outbox[0]["kind"], "resend");
    assert_eq!(outbox[0]["match_code"], new_code.as_str());
    assert_eq!(outbox[1]["match_code"], code.as_str());

    let html = server.get(&server.url("/dev/outbox")).text().unwrap();
    assert!(html.contains("Number to pick"), "{html}");
    assert!(html.contains(&format!("<td>{new_code}</td>")), "{html}");
}

#[test]
fn codes_are_drawn_per_link() {
    let server = Server::default_for_tests();
    let codes: std::collections::HashSet<String> = (0..20)
        .map(|i| send_as_chrome(&server, &format!("p{i}@b.co")).1)
        .collect();
    // Twenty draws of 100 numbers all equal: probability 1e-38.
    assert!(codes.len() > 1, "{codes:?}");
}

#[test]
fn the_page_says_who_asked_and_offers_three_numbers_that_stay_put() {
    let server = Server::default_for_tests();
    let (state, code) = send_as_chrome(&server, "a@b.co");
    let link = server.link_for(&state);
    let response = server.get(&link);
    assert_eq!(response.status(), 200);
    let html = response.text().unwrap();
    assert!(
        html.contains("<strong>Chrome 126 on Windows</strong>"),
        "{html}"
    );
    assert!(html.contains("from <strong>127.0.0.1</strong>"), "{html}");
    assert!(html.contains("less than a minute ago"), "{html}");
    assert!(html.contains("Pick the number shown on the sign-in page"));
    // The raw header never reaches the page.
    assert!(!html.contains("KHTML"));
    assert!(!html.contains("Confirm sign-in</button>"));

    let numbers = offered_numbers(&html);
    assert_eq!(numbers.len(), 3, "{html}");
    assert!(numbers.iter().all(|n| is_two_digits(n)), "{numbers:?}");
    assert!(numbers[0] != numbers[1] && numbers[1] != numbers[2] && numbers[0] != numbers[2]);
    assert_eq!(numbers.iter().filter(|n| **n == code).count(), 1);
    // One form, three submit buttons.
    assert_eq!(html.matches("<form ").count(), 1);
    assert_eq!(html.matches("<button type=\"submit\"").count(), 3);
    // Reloading shows the same three in the same order: nothing to compare.
    for _ in 0..5 {
        assert_eq!(offered_numbers(&server.get(&link).text().unwrap()), numbers);
    }
}

#[test]
fn the_right_number_confirms() {
    let server = Server::default_for_tests();
    let (state, code) = send_as_chrome(&server, "a@b.co");
    let response = server.pick(&server.link_for(&state), &code);
    assert_eq!(response.status(), 200);
    assert!(response.text().unwrap().contains("Successfully verified"));
    let body: Value = server.status(&state).json().unwrap();
    assert_eq!(body["authenticated"], true);
}

#[test]
fn a_wrong_number_cancels_the_sign_in_for_good() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let (state, code) = send_as_chrome(&server, "a@b.co");
    let link = server.link_for(&state);
    let numbers = offered_numbers(&server.get(&link).text().unwrap());
    let wrong = numbers.iter().find(|n| **n != code).unwrap();

    let response = server.pick(&link, wrong);
    assert_eq!(response.status(), 410);
    let page = response.text().unwrap();
    assert!(page.contains("Sign-in cancelled"), "{page}");
    assert!(page.contains("start again"), "{page}");

    let status = assert_error(server.status(&state), 410, "sign_in_cancelled");
    assert!(status["error_description"]
        .as_str()
        .unwrap()
        .contains("Start again"));
    // The right number no longer helps, the page says cancelled, and a resend
    // cannot revive it.
    assert_eq!(server.pick(&link, &code).status(), 410);
    let reopened = server.get(&link);
    assert_eq!(reopened.status(), 410);
    assert!(reopened.text().unwrap().contains("Sign-in cancelled"));
    assert_error(server.resend(&state), 410, "sign_in_cancelled");
    assert_eq!(server.outbox().len(), 1);
    assert_error(server.status(&state), 410, "sign_in_cancelled");
}

#[test]
fn a_number_that_was_not_offered_cancels_too_and_no_number_changes_nothing() {
    let server = Server::default_for_tests();
    let (state, code) = send_as_chrome(&server, "a@b.co");
    let link = server.link_for(&state);
    // No number at all (a bare POST): refused, the sign-in still stands.
    let bare = server.post(&link);
    assert_eq!(bare.status(), 400);
    assert!(bare.text().unwrap().contains("Pick a number"));
    assert_eq!(
        server.status(&state).json::<Value>().unwrap()["authenticated"],
        false
    );
    assert_eq!(server.pick(&link, &code).status(), 200);

    let (state, code) = send_as_chrome(&server, "c@d.co");
    let not_offered = if code == "7x" { "00" } else { "7x" };
    assert_eq!(
        server.pick(&server.link_for(&state), not_offered).status(),
        410
    );
    assert_error(server.status(&state), 410, "sign_in_cancelled");
}

#[test]
fn a_resends_new_number_is_the_one_that_counts() {
    let server = Server::start(&["--resend-cooldown", "0"]);
    let (state, _) = send_as_chrome(&server, "a@b.co");
    let resent: Value = server.resend(&state).json().unwrap();
    let new_code = resent["match_code"].as_str().unwrap();
    let link = server.link_for(&state);
    let numbers = offered_numbers(&server.get(&link).text().unwrap());
    assert!(numbers.iter().any(|n| n == new_code), "{numbers:?}");
    assert_eq!(server.pick(&link, new_code).status(), 200);
}

#[test]
fn without_number_matching_the_page_has_one_confirm_button() {
    let server = Server::start(&["--no-number-matching", "--resend-cooldown", "0"]);
    let response = server.send("a@b.co");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().unwrap();
    assert!(body.get("match_code").is_none(), "{body}");
    let state = body["state"].as_str().unwrap().to_owned();
    assert_eq!(server.message_for(&state)["match_code"], Value::Null);

    let resent = server
        .http
        .post(server.api(RESEND, ""))
        .json(&json!({ "state": state }))
        .send()
        .unwrap();
    assert_eq!(resent.json::<Value>().unwrap(), json!({}));

    let link = server.link_for(&state);
    let html = server.get(&link).text().unwrap();
    assert!(html.contains("Confirm sign-in</button>"), "{html}");
    assert!(offered_numbers(&html).is_empty());
    let confirmed = server.post(&link);
    assert_eq!(confirmed.status(), 200);
    assert!(confirmed.text().unwrap().contains("Successfully verified"));
}
