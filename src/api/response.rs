//! What an API answer means, decided without a browser.
//!
//! The HTTP client (`client.rs`) hands over the status, the `Retry-After` header and
//! the body text; these functions turn them into typed results. They read liberally,
//! as `api-contract.md` decides: both API generations (`state` or `session_id`;
//! tokens under `oauth` or flat), and 401/404 as "not yet" while polling.

use super::retry_after;
use crate::error::{ErrorCode, Failure};
use crate::flow::timing::Millis;
use crate::json::{self, Value};

/// One HTTP answer, as the client received it.
#[derive(Clone, Copy, Debug)]
pub struct Reply<'a> {
    /// HTTP status code.
    pub status: u16,
    /// The `Retry-After` header, if the API sent (and exposed) one.
    pub retry_after: Option<&'a str>,
    /// The body as text.
    pub body: &'a str,
}

/// A signed-in session: the detail of the `magic-link-authenticated` event.
///
/// Holds the tokens, so it is never stored and its `Debug` output hides them.
#[derive(Clone, PartialEq)]
pub struct Session(pub Value);

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session(<redacted>)")
    }
}

/// Which field the API named the flow's handle with; it is sent back the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HandleField {
    /// `state` (the documented API).
    #[default]
    State,
    /// `session_id` (the newer API generation).
    SessionId,
}

impl HandleField {
    /// The field's name in bodies and query strings.
    pub fn name(self) -> &'static str {
        match self {
            HandleField::State => "state",
            HandleField::SessionId => "session_id",
        }
    }
}

/// The API's handle for one sign-in flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handle {
    /// The opaque value.
    pub value: String,
    /// The field it came in.
    pub field: HandleField,
}

impl From<&str> for Handle {
    fn from(value: &str) -> Handle {
        Handle {
            value: value.to_owned(),
            field: HandleField::State,
        }
    }
}

/// The answer of a status poll.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// The link has not been confirmed yet.
    Pending,
    /// The link was confirmed; here are the tokens.
    Authenticated(Session),
}

/// Which call an answer belongs to: the same status means different things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// `POST …/magic-link/send`
    Send,
    /// `POST …/magic-link/resend`
    Resend,
    /// `GET …/magic-link/status`
    Status,
}

/// Reads the answer to "e-mail a magic link": the flow's handle (`state`, or
/// `session_id` where `state` is absent).
pub fn read_send(reply: Reply, now: Millis) -> Result<Handle, Failure> {
    ensure_success(reply, Call::Send, now)?;
    let body = json::parse(reply.body).ok_or(Failure::new(ErrorCode::BadResponse))?;
    let field = |field: HandleField| {
        body.str_field(field.name()).map(|value| Handle {
            value: value.to_owned(),
            field,
        })
    };
    field(HandleField::State)
        .or_else(|| field(HandleField::SessionId))
        .ok_or(Failure::new(ErrorCode::BadResponse))
}

/// Reads the answer to "resend the magic link". Any 2xx is success, whatever its body.
pub fn read_resend(reply: Reply, now: Millis) -> Result<(), Failure> {
    ensure_success(reply, Call::Resend, now)
}

/// Reads the answer to a status poll.
pub fn read_status(reply: Reply, now: Millis) -> Result<Status, Failure> {
    // "Not yet", as the newer API generation says it, unless the body names expiry.
    if matches!(reply.status, 401 | 404) && !says_expired(&json::parse(reply.body)) {
        return Ok(Status::Pending);
    }
    ensure_success(reply, Call::Status, now)?;
    let body = json::parse(reply.body).ok_or(Failure::new(ErrorCode::BadResponse))?;
    if !matches!(body, Value::Object(_)) {
        return Err(Failure::new(ErrorCode::BadResponse));
    }
    let tokens = body
        .get("oauth")
        .filter(|o| o.get("access_token").is_some())
        .unwrap_or(&body);
    let authenticated = body
        .get("authenticated")
        .and_then(Value::as_bool)
        .unwrap_or(false)
        || tokens.str_field("access_token").is_some();
    if !authenticated {
        return Ok(Status::Pending);
    }
    const TOKEN_FIELDS: [&str; 7] = [
        "access_token",
        "refresh_token",
        "id_token",
        "token_type",
        "expires_at",
        "expires_in",
        "scope",
    ];
    let mut detail: Vec<(String, Value)> = TOKEN_FIELDS
        .iter()
        .filter_map(|&k| tokens.get(k).map(|v| (k.to_owned(), v.clone())))
        .collect();
    if let Some(user) = body.get("user") {
        detail.push(("user".to_owned(), user.clone()));
    }
    Ok(Status::Authenticated(Session(Value::Object(detail))))
}

/// Whether an error body's code (`error_code`, or a string `error`) names expiry.
fn says_expired(body: &Option<Value>) -> bool {
    let field = |name: &str| body.as_ref().and_then(|b| b.str_field(name));
    field("error_code")
        .or(field("error"))
        .is_some_and(|c| c.contains("expired"))
}

/// `Ok` for a 2xx answer; otherwise the failure it means for `call`.
fn ensure_success(reply: Reply, call: Call, now: Millis) -> Result<(), Failure> {
    if (200..300).contains(&reply.status) {
        return Ok(());
    }
    let body = json::parse(reply.body);
    let field = |name: &str| body.as_ref().and_then(|b| b.str_field(name));
    let says_expired = says_expired(&body);

    let detail = field("error_description").or(field("message"));
    let code = match (reply.status, call) {
        (429, _) => {
            let wait = reply.retry_after.and_then(|v| retry_after::seconds(v, now));
            return Err(Failure::rate_limited(wait));
        }
        (410, _) => ErrorCode::Expired,
        _ if says_expired => ErrorCode::Expired,
        (500..=599, _) => ErrorCode::Server,
        (401 | 403, _) | (404, Call::Send) => ErrorCode::Config,
        (404, _) => ErrorCode::Expired,
        (400, Call::Send) => ErrorCode::InvalidEmail,
        (400..=499, _) => ErrorCode::Rejected,
        _ => ErrorCode::BadResponse,
    };
    Err(Failure::new(code).with_detail(detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply<'_> {
        Reply {
            status,
            retry_after: None,
            body,
        }
    }

    fn code<T: std::fmt::Debug>(result: Result<T, Failure>) -> ErrorCode {
        result.unwrap_err().code
    }

    #[test]
    fn send_reads_state_or_session_id_and_remembers_which() {
        let handle = |body| read_send(reply(200, body), 0).unwrap();
        assert_eq!(
            handle(r#"{"state":"646616daf9a276fa9a6446a1"}"#),
            "646616daf9a276fa9a6446a1".into()
        );
        assert_eq!(
            handle(r#"{"session_id":"s_1"}"#),
            Handle {
                value: "s_1".into(),
                field: HandleField::SessionId
            }
        );
        assert_eq!(handle(r#"{"state":"a","session_id":"b"}"#), "a".into());
    }

    #[test]
    fn send_without_a_handle_or_with_garbage_is_a_bad_response() {
        for body in [
            "",
            "{}",
            r#"{"state":""}"#,
            r#"{"state":5}"#,
            "<html>ok</html>",
            "[]",
            "{\"state\":\"a\"",
        ] {
            assert_eq!(
                code(read_send(reply(200, body), 0)),
                ErrorCode::BadResponse,
                "{body:?}"
            );
        }
    }

    #[test]
    fn send_errors_map_to_stable_codes() {
        let cases = [
            (400, ErrorCode::InvalidEmail),
            (401, ErrorCode::Config),
            (403, ErrorCode::Config),
            (404, ErrorCode::Config),
            (409, ErrorCode::Rejected),
            (410, ErrorCode::Expired),
            (429, ErrorCode::RateLimited),
            (500, ErrorCode::Server),
            (502, ErrorCode::Server),
            (503, ErrorCode::Server),
            (302, ErrorCode::BadResponse),
        ];
        for (status, expected) in cases {
            assert_eq!(
                code(read_send(reply(status, "<h1>oops</h1>"), 0)),
                expected,
                "{status}"
            );
        }
    }

    #[test]
    fn error_body_text_becomes_plain_detail_from_either_generation() {
        let old = r#"{"message":"Invalid email format"}"#;
        let new = r#"{"error":400,"error_code":"invalid_email","error_description":"The email is not valid"}"#;
        let failure = read_send(reply(400, old), 0).unwrap_err();
        assert_eq!(failure.detail.as_deref(), Some("Invalid email format"));
        let failure = read_send(reply(400, new), 0).unwrap_err();
        assert_eq!(failure.detail.as_deref(), Some("The email is not valid"));
        let html = read_send(reply(500, "<b>Internal</b>"), 0).unwrap_err();
        assert_eq!(html.detail, None, "HTML bodies are never shown");
    }

    #[test]
    fn an_error_code_naming_expiry_means_expired() {
        let body = r#"{"error":400,"error_code":"link_expired","error_description":"gone"}"#;
        assert_eq!(code(read_resend(reply(400, body), 0)), ErrorCode::Expired);
        assert_eq!(code(read_status(reply(400, body), 0)), ErrorCode::Expired);
    }

    #[test]
    fn rate_limits_carry_the_server_wait_in_either_form() {
        let seconds = Reply {
            status: 429,
            retry_after: Some("17"),
            body: "",
        };
        assert_eq!(
            read_resend(seconds, 0).unwrap_err(),
            Failure::rate_limited(Some(17))
        );
        let date = Reply {
            status: 429,
            retry_after: Some("Thu, 01 Jan 1970 00:01:00 GMT"),
            body: "",
        };
        assert_eq!(read_send(date, 20_000).unwrap_err().retry_after_s, Some(40));
        let none = Reply {
            status: 429,
            retry_after: None,
            body: "",
        };
        assert_eq!(
            read_status(none, 0).unwrap_err(),
            Failure::rate_limited(None)
        );
    }

    #[test]
    fn resend_accepts_any_success_body() {
        for body in ["{}", "", "null", "<html></html>"] {
            assert_eq!(read_resend(reply(200, body), 0), Ok(()));
        }
        assert_eq!(code(read_resend(reply(404, "{}"), 0)), ErrorCode::Expired);
        assert_eq!(code(read_resend(reply(400, "{}"), 0)), ErrorCode::Rejected);
    }

    #[test]
    fn status_pending_shapes() {
        for (status, body) in [
            (200, r#"{"authenticated":false}"#),
            (200, "{}"),
            (401, ""),
            (404, "nope"),
        ] {
            assert_eq!(
                read_status(reply(status, body), 0),
                Ok(Status::Pending),
                "{status} {body}"
            );
        }
    }

    #[test]
    fn status_authenticated_with_nested_tokens_keeps_what_the_api_gave() {
        let body = r#"{"authenticated":true,
            "oauth":{"access_token":"v4.local.A","refresh_token":"v4.local.R","expires_at":"2023-05-18T12:28:22Z","token_type":"Bearer"},
            "user":{"user_id":"u1","email":"ana@example.com"}}"#;
        let Ok(Status::Authenticated(Session(detail))) = read_status(reply(200, body), 0) else {
            panic!("not authenticated");
        };
        assert_eq!(detail.str_field("access_token"), Some("v4.local.A"));
        assert_eq!(detail.str_field("refresh_token"), Some("v4.local.R"));
        assert_eq!(detail.str_field("token_type"), Some("Bearer"));
        assert_eq!(detail.str_field("expires_at"), Some("2023-05-18T12:28:22Z"));
        assert_eq!(
            detail.get("user").unwrap().str_field("email"),
            Some("ana@example.com")
        );
    }

    #[test]
    fn status_authenticated_with_flat_tokens_of_the_newer_generation() {
        let body = r#"{"access_token":"at","id_token":"it","refresh_token":"rt","expires_in":3600,"token_type":"Bearer","scope":"openid"}"#;
        let Ok(Status::Authenticated(Session(detail))) = read_status(reply(200, body), 0) else {
            panic!("not authenticated");
        };
        assert_eq!(detail.str_field("id_token"), Some("it"));
        assert_eq!(detail.get("expires_in").and_then(Value::as_u64), Some(3600));
        assert_eq!(detail.get("user"), None);
    }

    #[test]
    fn status_401_or_404_naming_expiry_is_expired_not_pending() {
        let expired = r#"{"error":404,"error_code":"link_expired"}"#;
        assert_eq!(
            code(read_status(reply(404, expired), 0)),
            ErrorCode::Expired
        );
        let session = r#"{"error_code":"session_expired"}"#;
        assert_eq!(
            code(read_status(reply(401, session), 0)),
            ErrorCode::Expired
        );
    }

    #[test]
    fn status_failures_are_typed() {
        assert_eq!(
            code(read_status(reply(200, "not json"), 0)),
            ErrorCode::BadResponse
        );
        assert_eq!(
            code(read_status(reply(200, "[1]"), 0)),
            ErrorCode::BadResponse
        );
        assert_eq!(code(read_status(reply(200, ""), 0)), ErrorCode::BadResponse);
        assert_eq!(code(read_status(reply(410, ""), 0)), ErrorCode::Expired);
        assert_eq!(
            code(read_status(reply(503, "<html>"), 0)),
            ErrorCode::Server
        );
        assert_eq!(code(read_status(reply(403, ""), 0)), ErrorCode::Config);
    }

    #[test]
    fn session_debug_output_hides_tokens() {
        let session = Session(json::parse(r#"{"access_token":"secret"}"#).unwrap());
        assert!(!format!("{session:?}").contains("secret"));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_answers_never_panic(status in 0u16..1000, body in proptest::collection::vec(proptest::num::u8::ANY, 0..300), retry in proptest::option::of(".{0,40}")) {
            let body = String::from_utf8_lossy(&body);
            let reply = Reply { status, retry_after: retry.as_deref(), body: &body };
            let _ = read_send(reply, 1_700_000_000_000);
            let _ = read_resend(reply, 1_700_000_000_000);
            let _ = read_status(reply, 1_700_000_000_000);
        }
    }
}
