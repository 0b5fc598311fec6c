//! One-time codes as a person uses them: `method="code"` (a code instead of a link)
//! and `method="link code"` (a link, with "Enter a code instead" while the link
//! keeps working). Real browsers against a real devapi over real HTTP.

use common::{
    alert_text, events_named, field_attribute, in_shadow, open_demo, press_keys, send_link, WAIT,
};
use e2e::{widget_dist, Browser, DevApi, StaticServer};

mod common;

const ADDRESS: &str = "ana@example.com";

/// Opens the demo with `extra` and sends a code to [`ADDRESS`]; waits for the field.
async fn send_code(browser: &Browser, dist: &StaticServer, devapi: &DevApi, extra: &str) {
    open_demo(browser, dist, devapi, extra).await;
    browser.type_into_textbox("Email", ADDRESS).await;
    browser.click_button("Send sign-in code").await;
    browser
        .wait_for_role("heading", "Enter your code", WAIT)
        .await;
    browser.wait_for_role("textbox", "code", WAIT).await;
}

/// The code field's value and selection, and whether it has focus.
async fn code_field(browser: &Browser) -> (String, u64, u64, bool) {
    let state = in_shadow(
        browser,
        "const el = root.querySelector('input[name=code]');
         return [el.value, el.selectionStart, el.selectionEnd, root.activeElement === el];",
    )
    .await;
    (
        state[0].as_str().unwrap_or_default().to_owned(),
        state[1].as_u64().unwrap_or(u64::MAX),
        state[2].as_u64().unwrap_or(u64::MAX),
        state[3].as_bool().unwrap_or(false),
    )
}

/// A six-digit code that is not `code`.
fn another_code(code: &str) -> String {
    if code == "000000" { "111111" } else { "000000" }.to_owned()
}

#[tokio::test]
async fn a_code_typed_with_a_space_submits_itself_and_signs_in() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    send_code(&browser, &dist, &devapi, "&method=code").await;
    assert_eq!(
        field_attribute(&browser, "autocomplete").await.as_deref(),
        Some("one-time-code")
    );
    assert_eq!(
        field_attribute(&browser, "inputmode").await.as_deref(),
        Some("numeric")
    );
    assert!(code_field(&browser).await.3, "focus is in the code field");
    let sent = events_named(&browser, "magic-link-sent").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["email"], ADDRESS);

    let code = devapi.latest_code_for(ADDRESS).await;
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    // No button press: the sixth digit submits.
    browser.type_into_textbox("code", &spaced).await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    let signed_in = events_named(&browser, "magic-link-authenticated").await;
    assert_eq!(signed_in.len(), 1);
    assert_eq!(signed_in[0]["user"]["email"], ADDRESS);
    assert!(signed_in[0]["access_token"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    let verifies = common::requests_to(&devapi, "code_verify").await;
    assert_eq!(verifies.len(), 1, "one check for one complete code");
    browser.close().await;
}

#[tokio::test]
async fn a_pasted_code_with_a_hyphen_submits_itself() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    send_code(&browser, &dist, &devapi, "&method=code").await;
    let code = devapi.latest_code_for(ADDRESS).await;
    // A paste: the whole text arrives in one input event, as the browser does it.
    in_shadow(
        &browser,
        &format!(
            "const el = root.querySelector('input[name=code]');
             el.focus();
             el.value = {pasted:?};
             el.dispatchEvent(new InputEvent('input', {{ bubbles: true, inputType: 'insertFromPaste', data: {pasted:?} }}));
             return true;",
            pasted = format!("{}-{}", &code[..3], &code[3..])
        ),
    )
    .await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    browser.close().await;
}

#[tokio::test]
async fn a_wrong_code_is_an_alert_with_the_tries_left_and_the_field_kept_selected() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    send_code(&browser, &dist, &devapi, "&method=code").await;
    let code = devapi.latest_code_for(ADDRESS).await;
    let wrong = another_code(&code);
    browser.type_into_textbox("code", &wrong).await;
    browser
        .wait_until(WAIT, "the refusal", || async {
            alert_text(&browser).await.contains("4 tries left")
        })
        .await;
    assert_eq!(
        alert_text(&browser).await,
        "That code is not right. 4 tries left."
    );
    assert_eq!(code_field(&browser).await, (wrong.clone(), 0, 6, true));
    assert_eq!(
        field_attribute(&browser, "aria-invalid").await.as_deref(),
        Some("true")
    );
    let errors = events_named(&browser, "magic-link-error").await;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["code"], "wrong_code");

    // Typing over the selection (no click: focus is there) replaces it; the right
    // code signs in.
    press_keys(&browser, &code).await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    browser.close().await;
}

#[tokio::test]
async fn too_many_tries_is_the_expired_step_one_click_from_a_new_code() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--code-tries", "2", "--resend-cooldown", "1"]);
    let dist = StaticServer::start(widget_dist());
    send_code(&browser, &dist, &devapi, "&method=code").await;
    let first = devapi.latest_code_for(ADDRESS).await;
    let wrong = another_code(&first);
    browser.type_into_textbox("code", &wrong).await;
    browser
        .wait_until(WAIT, "the first refusal", || async {
            alert_text(&browser).await.contains("1 try left")
                && code_field(&browser).await == (wrong.clone(), 0, 6, true)
        })
        .await;
    // Typed over the selected refusal, as a person does (no click).
    press_keys(&browser, &wrong).await;
    browser
        .wait_for_role("heading", "Your code has expired", WAIT)
        .await;
    assert_eq!(events_named(&browser, "magic-link-expired").await.len(), 1);

    let before = devapi.outbox().await.len();
    browser.click_button("Send a new code").await;
    browser
        .wait_for_role("heading", "Enter your code", WAIT)
        .await;
    let outbox = devapi.wait_for_outbox(before + 1, WAIT).await;
    let fresh = outbox[0].code.clone();
    assert!(outbox[0].carries_code());
    browser.type_into_textbox("code", &fresh).await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    browser.close().await;
}

#[tokio::test]
async fn the_link_keeps_working_after_switching_to_a_code() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&method=link%20code").await;
    send_link(&browser, ADDRESS).await;
    assert!(
        !browser.has_role("textbox", "code").await,
        "no code field before asking"
    );

    browser.click_button("Enter a code instead").await;
    browser.wait_for_role("textbox", "code", WAIT).await;
    browser
        .wait_until(WAIT, "focus in the code field", || async {
            code_field(&browser).await.3
        })
        .await;
    assert!(
        !browser.has_role("button", "Enter a code instead").await,
        "asked once"
    );
    let outbox = devapi.wait_for_outbox(2, WAIT).await;
    assert!(outbox[0].carries_code(), "the newest e-mail is the code");
    let link = outbox
        .iter()
        .find(|m| !m.carries_code())
        .expect("the link")
        .link
        .clone();

    // The link, opened on another device, still signs this page in.
    browser.confirm_link_in_new_tab(&link).await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    assert_eq!(
        events_named(&browser, "magic-link-authenticated")
            .await
            .len(),
        1
    );
    browser.close().await;
}

#[tokio::test]
async fn a_code_typed_on_the_waiting_step_of_link_code_signs_in() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    open_demo(&browser, &dist, &devapi, "&method=link%20code").await;
    send_link(&browser, ADDRESS).await;
    browser.click_button("Enter a code instead").await;
    browser.wait_for_role("textbox", "code", WAIT).await;
    let code = devapi.latest_code_for(ADDRESS).await;
    browser
        .type_into_textbox("code", &format!("{}-{}", &code[..3], &code[3..]))
        .await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    // Polling stopped with the sign-in (a poll already on its way may still land).
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let polls = common::status_requests(&devapi).await.len();
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert_eq!(common::status_requests(&devapi).await.len(), polls);
    browser.close().await;
}
