//! Fault injection: make the next N requests to an endpoint misbehave.
//!
//! Tests queue faults with `POST /dev/faults`; each API request to a matching
//! endpoint takes the oldest matching fault and uses up one of its `count`.
//! CORS preflights never take a fault (the browser would not show the test
//! anything about them).

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::errors::error_body;

/// Most faults pending at once; arming one more is refused until some are used
/// up or cleared (dropping an old one silently would change what a test sees).
pub const MAX_PENDING: usize = 1_000;

/// Longest injected delay, in milliseconds: a typo (seconds taken for
/// milliseconds, a stray zero) must not hang a test run.
pub const MAX_DELAY_MS: u64 = 60_000;

/// The API endpoints devapi serves (and logs, and can fault). A code
/// endpoint is one endpoint under either of its two prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    /// `POST …/magic-link/send`
    Send,
    /// `POST …/magic-link/resend`
    Resend,
    /// `GET …/magic-link/status`
    Status,
    /// `GET` and `POST …/magic-link/verify`
    Verify,
    /// `POST …/magic-otp/send` and `…/email-otp/send`
    CodeSend,
    /// `POST …/magic-otp/resend` and `…/email-otp/resend`
    CodeResend,
    /// `POST …/magic-otp/verify` and `…/email-otp/verify`
    CodeVerify,
    /// `GET /api/v1/config`
    Config,
}

/// Which endpoint a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// `POST …/magic-link/send`
    Send,
    /// `POST …/magic-link/resend`
    Resend,
    /// `GET …/magic-link/status`
    Status,
    /// `GET` and `POST …/magic-link/verify`
    Verify,
    /// `POST …/magic-otp/send` and `…/email-otp/send`
    CodeSend,
    /// `POST …/magic-otp/resend` and `…/email-otp/resend`
    CodeResend,
    /// `POST …/magic-otp/verify` and `…/email-otp/verify`
    CodeVerify,
    /// `GET /api/v1/config`
    Config,
    /// Every one of the above.
    Any,
}

impl Target {
    fn matches(self, endpoint: Endpoint) -> bool {
        matches!(
            (self, endpoint),
            (Target::Any, _)
                | (Target::Send, Endpoint::Send)
                | (Target::Resend, Endpoint::Resend)
                | (Target::Status, Endpoint::Status)
                | (Target::Verify, Endpoint::Verify)
                | (Target::CodeSend, Endpoint::CodeSend)
                | (Target::CodeResend, Endpoint::CodeResend)
                | (Target::CodeVerify, Endpoint::CodeVerify)
                | (Target::Config, Endpoint::Config)
        )
    }
}

fn one() -> u32 {
    1
}

/// A fault as `POST /dev/faults` takes it (and `GET /dev/faults` lists it,
/// with `count` being what is left).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// Endpoint to disturb.
    pub endpoint: Target,
    /// How many requests it applies to (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Status to answer. Absent: 500, unless `delay_ms` or `answer_delay_ms` is
    /// given, in which case the request is only delayed and answered normally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `Retry-After` header value, sent verbatim (seconds or an HTTP date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<String>,
    /// Milliseconds to wait before answering, at most [`MAX_DELAY_MS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Milliseconds to hold the answer after devapi acted on the request, at most
    /// [`MAX_DELAY_MS`]: its effects (a link e-mailed, tokens handed out) happen
    /// at once, and the browser hears of them late (a slow way back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_delay_ms: Option<u64>,
    /// Raw response body (may be deliberately malformed). Absent: the standard
    /// JSON error body for the status (`{}` for a status below 400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `Content-Type` of the response (default `application/json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Leave out the CORS headers, so a browser sees a CORS failure.
    #[serde(default)]
    pub no_cors: bool,
}

/// A validated fault, ready to apply.
#[derive(Debug, Clone)]
pub struct Fault {
    spec: FaultSpec,
    /// `None`: delay only, then the real handler answers.
    status: Option<StatusCode>,
    retry_after: Option<HeaderValue>,
    content_type: HeaderValue,
}

impl Fault {
    /// Checks a spec; the error says what is wrong in plain words.
    pub fn from_spec(spec: FaultSpec) -> Result<Self, String> {
        if spec.count == 0 {
            return Err("count must be at least 1".into());
        }
        if spec.delay_ms.is_some_and(|ms| ms > MAX_DELAY_MS) {
            return Err(format!("delay_ms must be at most {MAX_DELAY_MS}"));
        }
        if spec.answer_delay_ms.is_some_and(|ms| ms > MAX_DELAY_MS) {
            return Err(format!("answer_delay_ms must be at most {MAX_DELAY_MS}"));
        }
        let delays = spec.delay_ms.is_some() || spec.answer_delay_ms.is_some();
        let status = match (spec.status, delays) {
            (None, true) => None,
            (None, false) => Some(StatusCode::INTERNAL_SERVER_ERROR),
            (Some(code), _) => Some(
                StatusCode::from_u16(code)
                    .ok()
                    .filter(|s| (200..=599).contains(&s.as_u16()))
                    .ok_or_else(|| format!("status {code} is not an HTTP status in 200..=599"))?,
            ),
        };
        let retry_after = spec
            .retry_after
            .as_deref()
            .map(|v| {
                HeaderValue::from_str(v).map_err(|_| "retry_after is not a valid header value")
            })
            .transpose()?;
        let content_type =
            HeaderValue::from_str(spec.content_type.as_deref().unwrap_or("application/json"))
                .map_err(|_| "content_type is not a valid header value")?;
        Ok(Self {
            spec,
            status,
            retry_after,
            content_type,
        })
    }

    /// Whether the response must go out without CORS headers.
    pub fn no_cors(&self) -> bool {
        self.spec.no_cors
    }

    /// How long to wait before answering.
    pub fn delay(&self) -> Option<Duration> {
        self.spec.delay_ms.map(Duration::from_millis)
    }

    /// How long to hold the answer once the request was acted on.
    pub fn answer_delay(&self) -> Option<Duration> {
        self.spec.answer_delay_ms.map(Duration::from_millis)
    }

    /// The response to answer instead of the real one; `None` when the fault
    /// only delays.
    ///
    /// The body is whatever the test asked for (HTML and script included), so
    /// it goes out with `X-Content-Type-Options: nosniff` and
    /// `Content-Security-Policy: sandbox`: a browser that opens it neither
    /// guesses another type nor runs it as a page of devapi's origin.
    pub fn response(&self) -> Option<Response> {
        let status = self.status?;
        let body = match &self.spec.body {
            Some(body) => body.clone(),
            None if status.as_u16() >= 400 => error_body(
                status,
                "injected_fault",
                &format!("Injected fault: HTTP {}.", status.as_u16()),
            )
            .to_string(),
            None => "{}".to_owned(),
        };
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
        if let Some(retry_after) = &self.retry_after {
            headers.insert(header::RETRY_AFTER, retry_after.clone());
        }
        Some(response)
    }
}

/// The queue of pending faults, in the order they were added.
#[derive(Debug, Default)]
pub struct Faults {
    queue: Mutex<VecDeque<Fault>>,
}

impl Faults {
    /// No faults.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Fault>> {
        self.queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues a fault; refused when [`MAX_PENDING`] are pending already.
    pub fn add(&self, fault: Fault) -> Result<(), String> {
        let mut queue = self.lock();
        if queue.len() >= MAX_PENDING {
            return Err(format!(
                "{MAX_PENDING} faults are pending already; clear them (DELETE /dev/faults) first"
            ));
        }
        queue.push_back(fault);
        Ok(())
    }

    /// Takes one use of the oldest fault matching `endpoint`, if any.
    pub fn take(&self, endpoint: Endpoint) -> Option<Fault> {
        let mut queue = self.lock();
        let index = queue
            .iter()
            .position(|f| f.spec.endpoint.matches(endpoint))?;
        let fault = &mut queue[index];
        fault.spec.count -= 1;
        let taken = fault.clone();
        if fault.spec.count == 0 {
            queue.remove(index);
        }
        Some(taken)
    }

    /// The pending faults, `count` being the uses left.
    pub fn pending(&self) -> Vec<FaultSpec> {
        self.lock().iter().map(|f| f.spec.clone()).collect()
    }

    /// Removes every pending fault.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> Fault {
        Fault::from_spec(serde_json::from_str(json).expect("valid JSON")).expect("valid fault")
    }

    #[test]
    fn defaults_to_one_500() {
        let fault = spec(r#"{"endpoint":"send"}"#);
        let response = fault.response().expect("answers");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(
            response.headers()[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff"
        );
        assert_eq!(
            response.headers()[header::CONTENT_SECURITY_POLICY],
            "sandbox"
        );
        assert!(fault.delay().is_none());
    }

    #[test]
    fn delay_without_status_passes_through() {
        let fault = spec(r#"{"endpoint":"status","delay_ms":5}"#);
        assert!(fault.response().is_none());
        assert_eq!(fault.delay(), Some(Duration::from_millis(5)));
        let fault = spec(r#"{"endpoint":"status","answer_delay_ms":7}"#);
        assert!(fault.response().is_none());
        assert_eq!(fault.delay(), None);
        assert_eq!(fault.answer_delay(), Some(Duration::from_millis(7)));
    }

    #[test]
    fn rejects_bad_specs() {
        for bad in [
            r#"{"endpoint":"send","count":0}"#,
            r#"{"endpoint":"send","status":99}"#,
            r#"{"endpoint":"send","status":600}"#,
            r#"{"endpoint":"send","retry_after":"a\nb"}"#,
            r#"{"endpoint":"send","delay_ms":60001}"#,
            r#"{"endpoint":"send","answer_delay_ms":60001}"#,
        ] {
            let spec: FaultSpec = serde_json::from_str(bad).unwrap();
            assert!(Fault::from_spec(spec).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<FaultSpec>(r#"{"endpoint":"nope"}"#).is_err());
        assert!(serde_json::from_str::<FaultSpec>(r#"{"endpoint":"send","x":1}"#).is_err());
    }

    #[test]
    fn at_most_max_pending_faults() {
        let faults = Faults::new();
        for _ in 0..MAX_PENDING {
            faults.add(spec(r#"{"endpoint":"verify"}"#)).unwrap();
        }
        assert!(faults.add(spec(r#"{"endpoint":"verify"}"#)).is_err());
        assert_eq!(faults.pending().len(), MAX_PENDING);
        // Using one up makes room again.
        assert!(faults.take(Endpoint::Verify).is_some());
        assert!(faults.add(spec(r#"{"endpoint":"send"}"#)).is_ok());
    }

    #[test]
    fn uses_are_counted_and_matched_in_order() {
        let faults = Faults::new();
        faults
            .add(spec(r#"{"endpoint":"status","count":2,"status":503}"#))
            .unwrap();
        faults
            .add(spec(r#"{"endpoint":"any","status":502}"#))
            .unwrap();
        assert_eq!(
            faults
                .take(Endpoint::Send)
                .unwrap()
                .response()
                .unwrap()
                .status(),
            StatusCode::BAD_GATEWAY
        );
        assert!(faults.take(Endpoint::Send).is_none());
        assert_eq!(faults.pending()[0].count, 2);
        assert!(faults.take(Endpoint::Status).is_some());
        assert_eq!(faults.pending()[0].count, 1);
        assert!(faults.take(Endpoint::Status).is_some());
        assert!(faults.take(Endpoint::Status).is_none());
        faults.add(spec(r#"{"endpoint":"verify"}"#)).unwrap();
        faults.clear();
        assert!(faults.take(Endpoint::Verify).is_none());
    }

    #[test]
    fn code_and_config_targets_are_their_own() {
        let faults = Faults::new();
        for target in ["code_send", "code_resend", "code_verify", "config"] {
            faults
                .add(spec(&format!(r#"{{"endpoint":"{target}"}}"#)))
                .unwrap();
        }
        // The link endpoints of the same names are not disturbed.
        for endpoint in [
            Endpoint::Send,
            Endpoint::Resend,
            Endpoint::Verify,
            Endpoint::Status,
        ] {
            assert!(faults.take(endpoint).is_none(), "{endpoint:?}");
        }
        for endpoint in [
            Endpoint::CodeVerify,
            Endpoint::Config,
            Endpoint::CodeSend,
            Endpoint::CodeResend,
        ] {
            assert!(faults.take(endpoint).is_some(), "{endpoint:?}");
            assert!(faults.take(endpoint).is_none(), "{endpoint:?}");
        }
        faults.add(spec(r#"{"endpoint":"any","count":2}"#)).unwrap();
        assert!(faults.take(Endpoint::Config).is_some());
        assert!(faults.take(Endpoint::CodeVerify).is_some());
        assert_eq!(
            serde_json::to_value(Endpoint::CodeResend).unwrap(),
            "code_resend"
        );
    }
}
