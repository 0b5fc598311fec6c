//! Browser tests of reading data: the API answers, the stored snapshot and the
//! texts overrides go through the browser's `JSON.parse` and the widget's own
//! deserializer (`data::from_js`) here, where the host tests use `serde_json`.
#![cfg(target_arch = "wasm32")]

use magic_link_widget::api::response::{
    read_send, read_status, Handle, HandleField, Reply, Status,
};
use magic_link_widget::config::Settings;
use magic_link_widget::data::Json;
use magic_link_widget::error::ErrorCode;
use magic_link_widget::flow::snapshot;
use magic_link_widget::i18n::{overrides::with_overrides, texts_for};
use serde::Deserialize;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        retry_after: None,
        body: Json::parse(body),
    }
}

fn authenticated(body: &str) -> Box<magic_link_widget::api::response::Session> {
    match read_status(&reply(200, body), 0) {
        Ok(Status::Authenticated(session)) => session,
        other => panic!("not authenticated: {other:?}"),
    }
}

#[wasm_bindgen_test]
fn send_answers_of_both_generations_and_with_odd_fields() {
    let handle = |body| read_send(&reply(200, body), 0);
    assert_eq!(handle(r#"{"state":"a","extra":{"x":[1]}}"#), Ok("a".into()));
    assert_eq!(
        handle(r#"{"state":5,"session_id":"s_2"}"#).map(|link| link.handle),
        Ok(Handle {
            value: "s_2".into(),
            field: HandleField::SessionId
        })
    );
    let coded = handle(r#"{"state":"a","match_code":"47"}"#).unwrap();
    assert_eq!(coded.match_code.as_deref(), Some("47"));
    for garbage in [
        "",
        "[]",
        r#"["a"]"#,
        "null",
        "{}",
        r#"{"state":""}"#,
        "<html>",
    ] {
        assert_eq!(
            handle(garbage).unwrap_err().code,
            ErrorCode::BadResponse,
            "{garbage:?}"
        );
    }
}

#[wasm_bindgen_test]
fn status_answers_nested_flat_and_odd() {
    let nested = authenticated(
        r#"{"authenticated":true,"oauth":{"access_token":"A","expires_at":"2030-01-01T00:00:00Z"},"user":{"email":"ana@example.com","n":1.5}}"#,
    );
    assert_eq!(nested.access_token.as_deref(), Some("A"));
    #[derive(Deserialize)]
    struct User {
        email: String,
        n: f64,
    }
    let user: User = nested.user().unwrap();
    assert_eq!((user.email.as_str(), user.n), ("ana@example.com", 1.5));
    let flat = authenticated(r#"{"access_token":"B","expires_in":3600}"#);
    assert_eq!(flat.expires_in, Json::parse("3600"));
    let odd = authenticated(r#"{"authenticated":true,"oauth":["x"],"access_token":5}"#);
    assert_eq!(odd.access_token, None);
    assert_eq!(
        read_status(&reply(200, r#"{"authenticated":"yes"}"#), 0),
        Ok(Status::Pending)
    );
    assert_eq!(
        read_status(&reply(200, r#"[{"access_token":"a"}]"#), 0)
            .unwrap_err()
            .code,
        ErrorCode::BadResponse
    );
}

#[wasm_bindgen_test]
fn the_user_object_reaches_the_page_as_the_same_value() {
    let session = authenticated(r#"{"access_token":"a","user":{"id":"u1","roles":["x"]}}"#);
    let detail = Json::of(&*session).unwrap().into_js();
    let user = js_sys::Reflect::get(&detail, &"user".into()).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&user).unwrap(),
        r#"{"id":"u1","roles":["x"]}"#
    );
}

#[wasm_bindgen_test]
fn inherited_properties_are_never_read() {
    // A hostile page adds `state` to every object: an answer without one stays
    // unreadable instead of borrowing it.
    let prototype = js_sys::Object::get_prototype_of(&js_sys::Object::new().into());
    js_sys::Reflect::set(&prototype, &"state".into(), &"planted".into()).unwrap();
    let result = read_send(&reply(200, "{}"), 0);
    js_sys::Reflect::delete_property(&prototype, &"state".into()).unwrap();
    assert_eq!(result.unwrap_err().code, ErrorCode::BadResponse);
}

#[wasm_bindgen_test]
fn error_bodies_read_either_generation() {
    let failure = read_send(
        &reply(
            400,
            r#"{"error":400,"error_description":"Not valid","message":7}"#,
        ),
        0,
    )
    .unwrap_err();
    assert_eq!(failure.detail.as_deref(), Some("Not valid"));
    let failure = read_send(&reply(400, r#"{"error":"link_expired"}"#), 0).unwrap_err();
    assert_eq!(failure.code, ErrorCode::Expired);
}

fn settings() -> Settings {
    Settings::read(|name| (name == "client-id").then(|| "cli_data".to_string())).0
}

#[wasm_bindgen_test]
fn stored_snapshots_round_trip_and_the_first_format_reads() {
    let now = 1_700_000_000_000;
    let first = r#"{"v":1,"step":"waiting","email":"ana@example.com","state":"st_1","state_field":"session_id","cooldown_until":1700000030000,"expires_at":1700000300000,"resends":2}"#;
    let flow = snapshot::decode(first, now, &settings()).unwrap();
    let waiting = flow.waiting().expect("the waiting step");
    assert_eq!(waiting.handle.field, HandleField::SessionId);
    assert_eq!(
        (waiting.resend.cooldown_until, waiting.resend.count),
        (1_700_000_030_000, 2)
    );
    let written = snapshot::encode(&flow).unwrap();
    assert_eq!(written, first, "written as the first release wrote it");
    assert_eq!(snapshot::decode(&written, now, &settings()), Some(flow));
    for bad in [
        first.replace("\"resends\":2", "\"resends\":2.5"),
        first.replace("waiting", "dancing"),
        first.replace("\"v\":1", "\"v\":\"1\""),
        format!("[{first}]"),
    ] {
        assert_eq!(snapshot::decode(&bad, now, &settings()), None, "{bad}");
    }
}

#[wasm_bindgen_test]
fn text_overrides_keep_only_strings() {
    let en = texts_for(Some("en"));
    let texts = with_overrides(en, r#"{"send":"Go","resend":5,"sending":null,"0":"x"}"#);
    assert_eq!(
        (texts.send, texts.resend, texts.sending),
        ("Go", en.resend, en.sending)
    );
    assert!(std::ptr::eq(with_overrides(en, r#"["send"]"#), en));
}

#[wasm_bindgen_test]
fn retry_after_dates_read_in_all_three_forms() {
    use magic_link_widget::api::retry_after::seconds;
    // RFC 9110's example instant, 1994-11-06T08:49:37Z, in each form.
    for form in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        assert_eq!(seconds(form, 784_111_777_000 - 9_000), Some(9), "{form:?}");
    }
    assert_eq!(
        seconds("Tue, 29 Feb 2028 23:59:59 GMT", 1_835_481_599_000),
        Some(0)
    );
    assert_eq!(seconds("Tue, 30 Feb 2028 23:59:59 GMT", 0), None);
}

#[wasm_bindgen_test]
fn event_details_are_written_as_plain_objects() {
    use magic_link_widget::error::Failure;
    use magic_link_widget::flow::{event_detail::detail, Notice};
    let en = texts_for(Some("en"));
    let written = |notice: Notice| {
        let value = detail(&notice, en).unwrap().into_js();
        assert_eq!(
            js_sys::Object::get_prototype_of(&value),
            js_sys::Object::get_prototype_of(&js_sys::Object::new().into()),
            "a plain object, not a Map"
        );
        String::from(js_sys::JSON::stringify(&value).unwrap())
    };
    assert_eq!(
        written(Notice::Resent {
            email: "ana@example.com".into(),
            count: 2
        }),
        r#"{"email":"ana@example.com","count":2}"#
    );
    assert_eq!(
        written(Notice::Error(Failure::rate_limited(Some(3)))),
        r#"{"code":"rate_limited","message":"Too many attempts. Please try again in 3 seconds."}"#
    );
    let session = authenticated(r#"{"access_token":"a","expires_in":60,"user":{"id":1}}"#);
    assert_eq!(
        written(Notice::Authenticated(session)),
        r#"{"access_token":"a","expires_in":60,"user":{"id":1}}"#
    );
}

#[wasm_bindgen_test]
fn messages_between_tabs_cross_as_text_and_come_back_whole() {
    use magic_link_widget::flow::TabMessage;
    let session = authenticated(r#"{"access_token":"A","user":{"email":"ana@example.com"}}"#);
    let waiting = r#"{"v":1,"step":"waiting","email":"ana@example.com","state":"st_1","cooldown_until":1700000030000,"expires_at":1700000300000,"resends":2,"code":{"state":"otp_1","expires_at":1700000301000}}"#;
    let flow = snapshot::decode(
        waiting,
        1_700_000_000_000,
        &Settings::builder("cli").build().0,
    )
    .expect("a waiting snapshot");
    let step = magic_link_widget::flow::Snapshot::of(&flow.step).unwrap();
    for message in [
        TabMessage::Hello,
        TabMessage::Step { snapshot: step },
        TabMessage::SignedIn {
            handle: "st_1".into(),
            session,
        },
    ] {
        // As the channel carries them: JSON text, parsed by the other tab. (The
        // `user` object is a browser value: equal by its text, not by identity.)
        let text = Json::of(&message).unwrap().to_text();
        let back = Json::parse(&text).and_then(|json| json.read::<TabMessage>());
        let again = back.map(|back| Json::of(&back).unwrap().to_text());
        assert_eq!(again.as_deref(), Some(text.as_str()));
    }
    assert!(
        Json::of(&TabMessage::Hello).unwrap().to_text() == r#"{"kind":"hello"}"#,
        "plain objects"
    );
}
