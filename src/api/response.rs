//! What an API answer means, decided without a browser.
//!
//! The HTTP client (`client.rs`) hands over the status, the `Retry-After` header and
//! the body as parsed JSON; these functions read it into serde types and turn it into
//! typed results. They read liberally, as `api-contract.md` decides: both API
//! generations (`state` or `session_id`; tokens under `oauth` or flat), 401/404 as
//! "not yet" while polling, unknown fields ignored, and a field of the wrong type
//! costs that field only.

use super::retry_after;
use crate::data::{loose, loose_object, Json};
use crate::error::{ErrorCode, Failure};
use crate::flow::timing::Millis;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// One HTTP answer, as the client received it.
#[derive(Clone, Debug)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// The `Retry-After` header, if the API sent (and exposed) one.
    pub retry_after: Option<String>,
    /// The body, when it was JSON.
    pub body: Option<Json>,
}

/// A signed-in session: the detail of the `magic-link-authenticated` event, the
/// token fields as the API gave them plus its `user` object, untouched.
///
/// Holds the tokens, so it is never stored and its `Debug` output hides them.
#[derive(Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Session {
    /// The access token.
    #[serde(
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<String>,
    /// The refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Json>,
    /// The ID token (newer API generation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Json>,
    /// The token type, e.g. `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<Json>,
    /// When the access token expires (a timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Json>,
    /// Seconds the access token lives (newer API generation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<Json>,
    /// The granted scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Json>,
    /// The API's `user` object, exactly as it came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Json>,
}

impl Session {
    /// The `user` object read as the app's own type, e.g. a struct with an `email`.
    pub fn user<T: DeserializeOwned>(&self) -> Option<T> {
        self.user.as_ref()?.read()
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session(<redacted>)")
    }
}

/// Which field the API named the flow's handle with; it is sent back the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
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

/// What a send gives: the flow's handle, and the number-matching code when the API
/// offers one (devapi's extension: the confirm page asks the person to pick it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The API's handle for this sign-in.
    pub handle: Handle,
    /// The digits to show on the waiting step, if any.
    pub match_code: Option<String>,
}

impl From<&str> for Link {
    fn from(handle: &str) -> Link {
        Link {
            handle: handle.into(),
            match_code: None,
        }
    }
}

/// The answer of a status poll.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// The link has not been confirmed yet.
    Pending,
    /// The link was confirmed; here are the tokens.
    Authenticated(Box<Session>),
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
    /// `POST …/email-otp/verify`
    Verify,
}

/// The answer to "e-mail a magic link".
#[derive(Deserialize)]
struct SendAnswer {
    #[serde(default, deserialize_with = "loose")]
    state: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    session_id: Option<String>,
    #[serde(default)]
    match_code: Option<Json>,
}

/// The answer to "resend the magic link": only a new number-matching code matters.
#[derive(Default, Deserialize)]
struct ResendAnswer {
    #[serde(default)]
    match_code: Option<Json>,
}

/// A number-matching code: a few digits, as a string or a number; anything else
/// is no code (the page then shows none).
fn match_code(field: &Option<Json>) -> Option<String> {
    let field = field.as_ref()?;
    let code = field
        .read::<String>()
        .or_else(|| field.read::<u32>().map(|n| n.to_string()))?;
    let digits = (1..=6).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit());
    digits.then_some(code)
}

/// What a status answer says besides flat tokens (read as a [`Session`]).
#[derive(Deserialize)]
struct StatusAnswer {
    #[serde(default, deserialize_with = "loose")]
    authenticated: Option<bool>,
    #[serde(default, deserialize_with = "loose_object")]
    oauth: Option<Session>,
}

/// An error body of either generation: `{"message"}`, or
/// `{"error": 400 or "invalid_email", "error_code", "error_description"}`.
#[derive(Default, Deserialize)]
struct ErrorBody {
    /// Only the string form names anything; a number repeats the status.
    #[serde(default, deserialize_with = "loose")]
    error: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    error_code: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    error_description: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    message: Option<String>,
    /// How many more codes a verify accepts (devapi's name, and two common others).
    #[serde(default, deserialize_with = "loose", alias = "attempts_left")]
    #[serde(alias = "remaining_attempts")]
    tries_left: Option<u32>,
}

impl ErrorBody {
    fn of(reply: &Reply) -> ErrorBody {
        read_object(reply).unwrap_or_default()
    }

    /// Whether its code (`error_code`, or a string `error`) names expiry.
    fn says_expired(&self) -> bool {
        self.code_contains("expired")
    }

    /// Whether the error code says the sign-in was cancelled (devapi's
    /// `sign_in_cancelled`, after a wrong number was picked).
    fn says_cancelled(&self) -> bool {
        self.code_contains("cancel")
    }

    fn code_contains(&self, word: &str) -> bool {
        non_empty(&self.error_code)
            .or(non_empty(&self.error))
            .is_some_and(|code| code.contains(word))
    }

    /// The API's own words about the error, shown as text.
    fn detail(&self) -> Option<&str> {
        non_empty(&self.error_description).or(non_empty(&self.message))
    }
}

fn non_empty(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|text| !text.is_empty())
}

/// The body read as `T`, when it is a JSON object.
fn read_object<T: DeserializeOwned>(reply: &Reply) -> Option<T> {
    reply.body.as_ref().filter(|body| body.is_object())?.read()
}

/// Reads the answer to "e-mail a magic link": the flow's handle (`state`, or
/// `session_id` where `state` is absent) and its number-matching code, if any.
pub fn read_send(reply: &Reply, now: Millis) -> Result<Link, Failure> {
    ensure_success(reply, Call::Send, now)?;
    let answer: SendAnswer = read_object(reply).ok_or(Failure::new(ErrorCode::BadResponse))?;
    let handle = |value: &Option<String>, field| {
        non_empty(value).map(|value| Handle {
            value: value.to_owned(),
            field,
        })
    };
    let handle = handle(&answer.state, HandleField::State)
        .or_else(|| handle(&answer.session_id, HandleField::SessionId))
        .ok_or(Failure::new(ErrorCode::BadResponse))?;
    Ok(Link {
        handle,
        match_code: match_code(&answer.match_code),
    })
}

/// Reads the answer to "resend the magic link": any 2xx is success, whatever its
/// body; a new number-matching code comes with it when the API offers one.
pub fn read_resend(reply: &Reply, now: Millis) -> Result<Option<String>, Failure> {
    ensure_success(reply, Call::Resend, now)?;
    let answer: ResendAnswer = read_object(reply).unwrap_or_default();
    Ok(match_code(&answer.match_code))
}

/// Reads the answer to a status poll.
pub fn read_status(reply: &Reply, now: Millis) -> Result<Status, Failure> {
    // "Not yet", as the newer API generation says it, unless the body names expiry.
    if matches!(reply.status, 401 | 404) && !ErrorBody::of(reply).says_expired() {
        return Ok(Status::Pending);
    }
    ensure_success(reply, Call::Status, now)?;
    read_tokens(reply)
}

/// Reads the answer to "verify this code": the tokens, like a status answer that
/// says signed in. A success without a token is a bad response: a code is
/// verified or not, there is no "not yet".
pub fn read_verify(reply: &Reply, now: Millis) -> Result<Box<Session>, Failure> {
    ensure_success(reply, Call::Verify, now)?;
    match read_tokens(reply)? {
        Status::Authenticated(session) => Ok(session),
        Status::Pending => Err(Failure::new(ErrorCode::BadResponse)),
    }
}

/// Tokens under `oauth` or flat, with the `user` object; pending without them.
fn read_tokens(reply: &Reply) -> Result<Status, Failure> {
    let bad = || Failure::new(ErrorCode::BadResponse);
    let answer: StatusAnswer = read_object(reply).ok_or_else(bad)?;
    let flat: Session = read_object(reply).ok_or_else(bad)?;
    let has_token = |session: &Session| non_empty(&session.access_token).is_some();
    let session = match answer.oauth {
        Some(nested) if has_token(&nested) => Session {
            user: flat.user,
            ..nested
        },
        _ => flat,
    };
    if !(answer.authenticated == Some(true) || has_token(&session)) {
        return Ok(Status::Pending);
    }
    Ok(Status::Authenticated(Box::new(session)))
}

/// `Ok` for a 2xx answer; otherwise the failure it means for `call`.
fn ensure_success(reply: &Reply, call: Call, now: Millis) -> Result<(), Failure> {
    if (200..300).contains(&reply.status) {
        return Ok(());
    }
    let body = ErrorBody::of(reply);
    let code = match (reply.status, call) {
        (429, _) => {
            let wait = reply
                .retry_after
                .as_deref()
                .and_then(|value| retry_after::seconds(value, now));
            return Err(Failure::rate_limited(wait));
        }
        _ if body.says_cancelled() => ErrorCode::Cancelled,
        (410, _) => ErrorCode::Expired,
        _ if body.says_expired() => ErrorCode::Expired,
        (500..=599, _) => ErrorCode::Server,
        // The send was accepted, so a refusal of the code is about the code.
        (400..=499, Call::Verify) => {
            // Our words and the tries left say it all; the API's repeat them.
            let mut failure = Failure::new(ErrorCode::WrongCode);
            failure.tries_left = body.tries_left;
            return Err(failure);
        }
        (401 | 403, _) | (404, Call::Send) => ErrorCode::Config,
        (404, _) => ErrorCode::Expired,
        (400, Call::Send) => ErrorCode::InvalidEmail,
        (400..=499, _) => ErrorCode::Rejected,
        _ => ErrorCode::BadResponse,
    };
    Err(Failure::new(code).with_detail(body.detail()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status,
            retry_after: None,
            body: Json::parse(body),
        }
    }

    fn rate_limited(retry_after: Option<&str>) -> Reply {
        Reply {
            retry_after: retry_after.map(str::to_owned),
            ..reply(429, "")
        }
    }

    fn code<T: std::fmt::Debug>(result: Result<T, Failure>) -> ErrorCode {
        result.unwrap_err().code
    }

    fn session(body: &str) -> Session {
        match read_status(&reply(200, body), 0) {
            Ok(Status::Authenticated(session)) => *session,
            other => panic!("not authenticated: {other:?}"),
        }
    }

    fn json(text: &str) -> Option<Json> {
        Some(Json::parse(text).unwrap())
    }

    #[test]
    fn send_reads_state_or_session_id_and_remembers_which() {
        let handle = |body| read_send(&reply(200, body), 0).unwrap().handle;
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
    fn send_ignores_unknown_fields_and_survives_wrongly_typed_ones() {
        let handle = |body| read_send(&reply(200, body), 0).unwrap().handle;
        assert_eq!(
            handle(r#"{"ok":true,"state":"a","expires_in":300,"meta":{"x":[1,2]}}"#),
            "a".into()
        );
        // A wrong-typed `state` costs that field only: `session_id` still reads.
        assert_eq!(
            handle(r#"{"state":5,"session_id":"s_2"}"#),
            Handle {
                value: "s_2".into(),
                field: HandleField::SessionId
            }
        );
        assert_eq!(
            handle(r#"{"state":"a","session_id":{"nested":1}}"#),
            "a".into()
        );
    }

    #[test]
    fn a_match_code_comes_with_the_send_and_the_resend_when_offered() {
        let sent = |body: &str| read_send(&reply(200, body), 0).unwrap().match_code;
        assert_eq!(
            sent(r#"{"state":"a","match_code":"47"}"#).as_deref(),
            Some("47")
        );
        assert_eq!(
            sent(r#"{"state":"a","match_code":7}"#).as_deref(),
            Some("7")
        );
        assert_eq!(
            sent(r#"{"state":"a"}"#),
            None,
            "an API without number matching"
        );
        for odd in [
            r#""4 7""#,
            r#""<b>""#,
            r#""1234567""#,
            "-3",
            "1.5",
            "null",
            "[]",
            r#""""#,
        ] {
            let body = format!(r#"{{"state":"a","match_code":{odd}}}"#);
            assert_eq!(sent(&body), None, "{odd}");
        }
        let resent = read_resend(&reply(200, r#"{"match_code":"08"}"#), 0);
        assert_eq!(resent, Ok(Some("08".into())));
    }

    #[test]
    fn send_without_a_handle_or_with_garbage_is_a_bad_response() {
        for body in [
            "",
            "{}",
            r#"{"state":""}"#,
            r#"{"state":5}"#,
            r#"{"state":null,"session_id":[]}"#,
            "<html>ok</html>",
            "[]",
            r#"["a"]"#,
            "\"state\"",
            "null",
            "{\"state\":\"a\"",
        ] {
            assert_eq!(
                code(read_send(&reply(200, body), 0)),
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
                code(read_send(&reply(status, "<h1>oops</h1>"), 0)),
                expected,
                "{status}"
            );
        }
    }

    #[test]
    fn error_body_text_becomes_plain_detail_from_either_generation() {
        let old = r#"{"message":"Invalid email format"}"#;
        let new = r#"{"error":400,"error_code":"invalid_email","error_description":"The email is not valid"}"#;
        let failure = read_send(&reply(400, old), 0).unwrap_err();
        assert_eq!(failure.detail.as_deref(), Some("Invalid email format"));
        let failure = read_send(&reply(400, new), 0).unwrap_err();
        assert_eq!(failure.detail.as_deref(), Some("The email is not valid"));
        let html = read_send(&reply(500, "<b>Internal</b>"), 0).unwrap_err();
        assert_eq!(html.detail, None, "HTML bodies are never shown");
    }

    #[test]
    fn error_bodies_with_odd_fields_still_say_what_they_can() {
        // `error` as a string names the code; a wrong-typed description is skipped
        // for the message.
        let body = r#"{"error":"link_expired","error_description":42,"message":"Gone"}"#;
        let failure = read_resend(&reply(400, body), 0).unwrap_err();
        assert_eq!(failure.code, ErrorCode::Expired);
        assert_eq!(failure.detail.as_deref(), Some("Gone"));
        // Neither field a string: no detail, the status decides.
        let body = r#"{"error":{"code":1},"message":["a"]}"#;
        let failure = read_send(&reply(400, body), 0).unwrap_err();
        assert_eq!(
            (failure.code, failure.detail),
            (ErrorCode::InvalidEmail, None)
        );
        // An array body is no error object.
        let failure = read_send(&reply(400, r#"["message"]"#), 0).unwrap_err();
        assert_eq!(failure.detail, None);
    }

    #[test]
    fn an_error_code_naming_expiry_means_expired() {
        let body = r#"{"error":400,"error_code":"link_expired","error_description":"gone"}"#;
        assert_eq!(code(read_resend(&reply(400, body), 0)), ErrorCode::Expired);
        assert_eq!(code(read_status(&reply(400, body), 0)), ErrorCode::Expired);
    }

    #[test]
    fn rate_limits_carry_the_server_wait_in_either_form() {
        assert_eq!(
            read_resend(&rate_limited(Some("17")), 0).unwrap_err(),
            Failure::rate_limited(Some(17))
        );
        let date = rate_limited(Some("Thu, 01 Jan 1970 00:01:00 GMT"));
        assert_eq!(
            read_send(&date, 20_000).unwrap_err().retry_after_s,
            Some(40)
        );
        assert_eq!(
            read_status(&rate_limited(None), 0).unwrap_err(),
            Failure::rate_limited(None)
        );
    }

    #[test]
    fn resend_accepts_any_success_body() {
        for body in ["{}", "", "null", "<html></html>"] {
            assert_eq!(read_resend(&reply(200, body), 0), Ok(None));
        }
        assert_eq!(code(read_resend(&reply(404, "{}"), 0)), ErrorCode::Expired);
        assert_eq!(code(read_resend(&reply(400, "{}"), 0)), ErrorCode::Rejected);
    }

    #[test]
    fn status_pending_shapes() {
        for (status, body) in [
            (200, r#"{"authenticated":false}"#),
            (200, "{}"),
            (200, r#"{"authenticated":"yes","oauth":null}"#),
            (200, r#"{"access_token":""}"#),
            (200, r#"{"access_token":7,"oauth":"at"}"#),
            (401, ""),
            (404, "nope"),
        ] {
            assert_eq!(
                read_status(&reply(status, body), 0),
                Ok(Status::Pending),
                "{status} {body}"
            );
        }
    }

    #[test]
    fn status_authenticated_with_nested_tokens_keeps_what_the_api_gave() {
        let session = session(
            r#"{"authenticated":true,
            "oauth":{"access_token":"v4.local.A","refresh_token":"v4.local.R","expires_at":"2023-05-18T12:28:22Z","token_type":"Bearer","extra":1},
            "user":{"user_id":"u1","email":"ana@example.com","roles":["a"],"profile":{"age":null}}}"#,
        );
        assert_eq!(session.access_token.as_deref(), Some("v4.local.A"));
        assert_eq!(session.refresh_token, json(r#""v4.local.R""#));
        assert_eq!(session.token_type, json(r#""Bearer""#));
        assert_eq!(session.expires_at, json(r#""2023-05-18T12:28:22Z""#));
        // The user object is handed on as it came, unknown members and all.
        assert_eq!(
            session.user,
            json(
                r#"{"user_id":"u1","email":"ana@example.com","roles":["a"],"profile":{"age":null}}"#
            )
        );
        #[derive(Deserialize)]
        struct User {
            email: String,
        }
        assert_eq!(session.user::<User>().unwrap().email, "ana@example.com");
    }

    #[test]
    fn status_authenticated_with_flat_tokens_of_the_newer_generation() {
        let session = session(
            r#"{"access_token":"at","id_token":"it","refresh_token":"rt","expires_in":3600,"token_type":"Bearer","scope":"openid"}"#,
        );
        assert_eq!(session.id_token, json(r#""it""#));
        assert_eq!(session.expires_in, json("3600"));
        assert_eq!(session.scope, json(r#""openid""#));
        assert_eq!(session.user, None);
    }

    #[test]
    fn status_authenticated_flag_with_odd_token_fields() {
        // `authenticated: true` counts even when `oauth` is not an object; a
        // wrong-typed access token is left out, the other fields are kept.
        let odd = session(
            r#"{"authenticated":true,"oauth":["at"],"access_token":5,"refresh_token":{"v":1},"user":"u1"}"#,
        );
        assert_eq!(odd.access_token, None);
        assert_eq!(odd.refresh_token, json(r#"{"v":1}"#));
        assert_eq!(odd.user, json(r#""u1""#));
        // Nested tokens without an access token: the flat ones are read instead.
        let flat = session(r#"{"oauth":{"refresh_token":"r"},"access_token":"flat"}"#);
        assert_eq!(flat.access_token.as_deref(), Some("flat"));
    }

    #[test]
    fn the_event_detail_has_exactly_the_fields_the_api_gave() {
        let session = session(
            r#"{"authenticated":true,"oauth":{"access_token":"a","token_type":"Bearer"},"user":{"id":1}}"#,
        );
        assert_eq!(
            Json::of(&session),
            json(r#"{"access_token":"a","token_type":"Bearer","user":{"id":1}}"#)
        );
    }

    #[test]
    fn a_cancelled_sign_in_is_cancelled_not_expired() {
        // devapi's answer after a wrong number was picked on the confirm page.
        let body = r#"{"error":410,"error_code":"sign_in_cancelled","error_description":"x"}"#;
        assert_eq!(
            code(read_status(&reply(410, body), 0)),
            ErrorCode::Cancelled
        );
        assert_eq!(
            code(read_resend(&reply(410, body), 0)),
            ErrorCode::Cancelled
        );
        let spelt = r#"{"error":"canceled"}"#;
        assert_eq!(
            code(read_status(&reply(400, spelt), 0)),
            ErrorCode::Cancelled
        );
        // Any other 410 is still an expiry.
        let consumed = r#"{"error":410,"error_code":"session_consumed"}"#;
        assert_eq!(
            code(read_status(&reply(410, consumed), 0)),
            ErrorCode::Expired
        );
    }

    #[test]
    fn status_401_or_404_naming_expiry_is_expired_not_pending() {
        let expired = r#"{"error":404,"error_code":"link_expired"}"#;
        assert_eq!(
            code(read_status(&reply(404, expired), 0)),
            ErrorCode::Expired
        );
        let session = r#"{"error_code":"session_expired"}"#;
        assert_eq!(
            code(read_status(&reply(401, session), 0)),
            ErrorCode::Expired
        );
    }

    #[test]
    fn status_failures_are_typed() {
        for (status, body, expected) in [
            (200, "not json", ErrorCode::BadResponse),
            (200, "[1]", ErrorCode::BadResponse),
            (200, r#"[{"access_token":"a"}]"#, ErrorCode::BadResponse),
            (200, "", ErrorCode::BadResponse),
            (200, "true", ErrorCode::BadResponse),
            (410, "", ErrorCode::Expired),
            (503, "<html>", ErrorCode::Server),
            (403, "", ErrorCode::Config),
        ] {
            assert_eq!(
                code(read_status(&reply(status, body), 0)),
                expected,
                "{status} {body}"
            );
        }
    }

    #[test]
    fn verify_reads_tokens_or_says_why_the_code_was_refused() {
        let signed_in = read_verify(
            &reply(
                200,
                r#"{"authenticated":true,"oauth":{"access_token":"a"},"user":{"email":"x"}}"#,
            ),
            0,
        )
        .unwrap();
        assert_eq!(signed_in.access_token.as_deref(), Some("a"));
        assert!(signed_in.user.is_some());
        let flat = read_verify(&reply(200, r#"{"access_token":"b"}"#), 0).unwrap();
        assert_eq!(flat.access_token.as_deref(), Some("b"));
        let wrong = read_verify(
            &reply(
                400,
                r#"{"error_code":"invalid_otp","error_description":"Nope","tries_left":2}"#,
            ),
            0,
        )
        .unwrap_err();
        assert_eq!(
            (wrong.code, wrong.tries_left, wrong.detail),
            (ErrorCode::WrongCode, Some(2), None)
        );
        let counted_elsewhere = read_verify(&reply(401, r#"{"attempts_left":"x"}"#), 0);
        assert_eq!(counted_elsewhere.unwrap_err().tries_left, None);
        let other_name = read_verify(&reply(422, r#"{"remaining_attempts":1}"#), 0);
        assert_eq!(other_name.unwrap_err().tries_left, Some(1));
        for (status, body, expected) in [
            (200, r#"{"authenticated":false}"#, ErrorCode::BadResponse),
            (200, "{}", ErrorCode::BadResponse),
            (
                410,
                r#"{"error_code":"too_many_attempts"}"#,
                ErrorCode::Expired,
            ),
            (400, r#"{"error_code":"otp_expired"}"#, ErrorCode::Expired),
            (429, "", ErrorCode::RateLimited),
            (502, "", ErrorCode::Server),
            (403, "", ErrorCode::WrongCode),
        ] {
            assert_eq!(
                code(read_verify(&reply(status, body), 0)),
                expected,
                "{status} {body}"
            );
        }
    }

    #[test]
    fn session_debug_output_hides_tokens() {
        let session = session(r#"{"access_token":"secret"}"#);
        assert!(!format!("{session:?}").contains("secret"));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_answers_never_panic(status in 0u16..1000, body in proptest::collection::vec(proptest::num::u8::ANY, 0..300), retry in proptest::option::of(".{0,40}")) {
            let body = String::from_utf8_lossy(&body);
            let reply = Reply { status, retry_after: retry, body: Json::parse(&body) };
            let _ = read_send(&reply, 1_700_000_000_000);
            let _ = read_resend(&reply, 1_700_000_000_000);
            let _ = read_status(&reply, 1_700_000_000_000);
        }

        #[test]
        fn arbitrary_json_objects_never_panic(body in r#"\{("(state|session_id|access_token|oauth|user|authenticated|error|message)":(null|true|1|-2\.5|"x"|\[\]|\{\}|\{"access_token":"y"\}),?){0,6}\}"#) {
            // Shapes near the real ones: every known field with every JSON type.
            let body = body.replace(",}", "}");
            for status in [200, 400, 401, 404, 429, 500] {
                let reply = reply(status, &body);
                let _ = read_send(&reply, 0);
                let _ = read_status(&reply, 0);
            }
        }
    }
}
