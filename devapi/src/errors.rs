//! The JSON error body every API error answers with.
//!
//! It carries both generations of the real service's shapes at once:
//! `error`/`error_code`/`error_description` (the newer reference) and
//! `message` (what older clients print), so a client written against either works.
//! A one-time code's verify adds `tries_left` to its refusals.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An API error: an HTTP status, a machine-readable snake_case code and a
/// plain-words description.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status answered.
    pub status: StatusCode,
    /// Machine-readable code, snake_case (`invalid_email`, `link_expired`, …).
    pub code: &'static str,
    /// Human-readable description; clients may show it as plain text.
    pub description: String,
    /// Seconds for a `Retry-After` header, for 429 answers.
    pub retry_after: Option<u64>,
    /// How many more codes may be tried against a one-time code (a wrong one
    /// uses one up), as `"tries_left"` in the body of a code verify's refusals.
    pub tries_left: Option<u32>,
}

impl ApiError {
    /// An error with the given status, code and description.
    pub fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
            retry_after: None,
            tries_left: None,
        }
    }

    /// 400 with the given code.
    pub fn bad_request(code: &'static str, description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, description)
    }

    /// 400 `missing_client_id`: every API call must name its application.
    pub fn missing_client_id() -> Self {
        Self::bad_request(
            "missing_client_id",
            "The client_id query parameter (or client_id header) is required.",
        )
    }

    /// 400 `invalid_email`.
    pub fn invalid_email() -> Self {
        Self::bad_request("invalid_email", "Please enter a valid e-mail address.")
    }

    /// 415 `unsupported_media_type`: a POST body that is not declared as JSON.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the request body as JSON, with Content-Type: application/json.",
        )
    }

    /// 404 `state_not_found`: no sign-in with this handle (for this client).
    pub fn unknown_state() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "state_not_found",
            "No sign-in was found for this state.",
        )
    }

    /// 410 `link_expired`.
    pub fn link_expired() -> Self {
        Self::new(
            StatusCode::GONE,
            "link_expired",
            "The magic link has expired. Request a new one.",
        )
    }

    /// 410 `session_consumed`: the sign-in's tokens were already handed out.
    pub fn session_consumed() -> Self {
        Self::new(
            StatusCode::GONE,
            "session_consumed",
            "This sign-in is complete and its tokens were already handed out. Start a \
             new sign-in to get new ones.",
        )
    }

    /// 410 `sign_in_cancelled`: a wrong number was picked on the confirm page.
    pub fn sign_in_cancelled() -> Self {
        Self::new(
            StatusCode::GONE,
            "sign_in_cancelled",
            "This sign-in was cancelled because the wrong number was picked on the \
             confirmation page. Start again to get a new link.",
        )
    }

    /// 409 `already_verified`: a resend of a completed sign-in.
    pub fn already_verified() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "already_verified",
            "This sign-in is already complete; there is nothing to resend.",
        )
    }

    /// 400 `invalid_otp`: a well-formed code that is not the sign-in's; it
    /// counted as one of the tries.
    pub fn wrong_otp(tries_left: u32) -> Self {
        Self::bad_request("invalid_otp", "That code is not right.").with_tries_left(tries_left)
    }

    /// 400 `invalid_otp`: not a code at all (not exactly 6 digits). Not a guess,
    /// so no try is used up; `tries_left` says how many are left all the same.
    pub fn malformed_otp(tries_left: u32) -> Self {
        Self::bad_request(
            "invalid_otp",
            "The code is the 6 digits from the e-mail; type them without anything else.",
        )
        .with_tries_left(tries_left)
    }

    /// 410 `too_many_attempts`: the code's tries are used up; only a resend
    /// (a new code) can go on.
    pub fn too_many_attempts() -> Self {
        Self::new(
            StatusCode::GONE,
            "too_many_attempts",
            "Too many wrong codes were tried, so this code no longer works. Request a \
             new one.",
        )
        .with_tries_left(0)
    }

    /// 410 `otp_expired`.
    pub fn otp_expired() -> Self {
        Self::new(
            StatusCode::GONE,
            "otp_expired",
            "The code has expired. Request a new one.",
        )
    }

    fn with_tries_left(mut self, tries_left: u32) -> Self {
        self.tries_left = Some(tries_left);
        self
    }

    /// 429 `too_many_requests`: the address got its share of e-mails.
    pub fn too_many_emails(seconds: u64) -> Self {
        Self::too_many_requests(seconds).described(format!(
            "Too many e-mails were sent to this address. Please wait {seconds} s before \
             requesting another."
        ))
    }

    /// 429 `too_many_requests`: the sign-in was resent its share of times.
    pub fn too_many_resends(seconds: u64) -> Self {
        Self::too_many_requests(seconds).described(format!(
            "This sign-in was resent too many times. Please wait {seconds} s before \
             requesting another e-mail."
        ))
    }

    fn described(mut self, description: String) -> Self {
        self.description = description;
        self
    }

    /// 429 `too_many_requests` with `Retry-After: seconds`.
    pub fn too_many_requests(seconds: u64) -> Self {
        let mut err = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            format!("Please wait {seconds} s before requesting another e-mail."),
        );
        err.retry_after = Some(seconds);
        err
    }
}

/// Builds the error body for any status, code and description; also used for
/// injected faults that bring no body of their own.
pub fn error_body(status: StatusCode, code: &str, description: &str) -> serde_json::Value {
    json!({
        "error": status.as_u16(),
        "error_code": code,
        "error_description": description,
        "message": description,
    })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = error_body(self.status, self.code, &self.description);
        if let Some(tries_left) = self.tries_left {
            body["tries_left"] = json!(tries_left);
        }
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
