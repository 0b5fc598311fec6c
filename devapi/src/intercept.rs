//! The layer around the API endpoints (magic link, one-time code, config):
//! applies injected faults and writes the request log.

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::clock::now_ms;
use crate::cors::NoCors;
use crate::errors::ApiError;
use crate::faults::Endpoint;
use crate::requests::Entry;
use crate::routes::{
    query_pairs, state_param, CODE_PREFIXES, CODE_RESEND, CODE_SEND, CODE_VERIFY, PATH_CONFIG,
    PATH_RESEND, PATH_SEND, PATH_STATUS, PATH_VERIFY,
};

/// Largest request body read for the log; the contract's bodies are tiny.
const MAX_BODY: usize = 64 * 1024;

/// Response extension: the state a handler created, for the request log (a
/// send has no state in its request).
#[derive(Debug, Clone)]
pub struct LoggedState(pub String);

fn endpoint_of(path: &str) -> Option<Endpoint> {
    match path {
        PATH_SEND => Some(Endpoint::Send),
        PATH_RESEND => Some(Endpoint::Resend),
        PATH_STATUS => Some(Endpoint::Status),
        PATH_VERIFY => Some(Endpoint::Verify),
        PATH_CONFIG => Some(Endpoint::Config),
        _ => code_endpoint_of(path),
    }
}

/// A code endpoint, under either of its prefixes.
fn code_endpoint_of(path: &str) -> Option<Endpoint> {
    let call = CODE_PREFIXES
        .iter()
        .find_map(|prefix| path.strip_prefix(prefix))?;
    match call {
        CODE_SEND => Some(Endpoint::CodeSend),
        CODE_RESEND => Some(Endpoint::CodeResend),
        CODE_VERIFY => Some(Endpoint::CodeVerify),
        _ => None,
    }
}

/// The middleware (installed as a route layer, so it only sees matched routes).
pub async fn intercept(
    State(app): State<AppState>,
    matched: MatchedPath,
    request: Request,
    next: Next,
) -> Response {
    let Some(endpoint) = endpoint_of(matched.as_str()) else {
        return next.run(request).await;
    };
    let at_ms = now_ms();
    let method = request.method().to_string();
    let mut state = state_param(&query_pairs(request.uri().query()));

    // Read the body once to learn the state a resend names, then hand the same
    // bytes on to the handler.
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "The request body is too large.",
            )
            .into_response()
        }
    };
    if state.is_none() {
        state = state_from_body(&bytes);
    }
    let request = Request::from_parts(parts, Body::from(bytes));

    let fault = app.faults.take(endpoint);
    if let Some(delay) = fault.as_ref().and_then(|f| f.delay()) {
        tokio::time::sleep(delay).await;
    }
    let mut response = match fault.as_ref().and_then(|f| f.response()) {
        Some(response) => response,
        None => next.run(request).await,
    };
    if let Some(delay) = fault.as_ref().and_then(|f| f.answer_delay()) {
        tokio::time::sleep(delay).await;
    }
    if fault.as_ref().is_some_and(|f| f.no_cors()) {
        response.extensions_mut().insert(NoCors);
    }
    if state.is_none() {
        state = response
            .extensions()
            .get::<LoggedState>()
            .map(|s| s.0.clone());
    }
    app.requests.push(Entry {
        endpoint,
        method,
        state,
        at_ms,
        status: response.status().as_u16(),
        fault: fault.is_some(),
    });
    response
}

/// `state` (or `session_id`) from a JSON object body, if there is one.
fn state_from_body(bytes: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    ["state", "session_id"]
        .iter()
        .find_map(|key| value.get(key)?.as_str().map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_path_is_an_endpoint() {
        assert_eq!(endpoint_of(PATH_STATUS), Some(Endpoint::Status));
        assert_eq!(endpoint_of("/api/v1/config"), Some(Endpoint::Config));
        for prefix in ["magic-otp", "email-otp"] {
            let path = |call: &str| format!("/api/v1/auth/passwordless/{prefix}/{call}");
            assert_eq!(endpoint_of(&path("send")), Some(Endpoint::CodeSend));
            assert_eq!(endpoint_of(&path("resend")), Some(Endpoint::CodeResend));
            assert_eq!(endpoint_of(&path("verify")), Some(Endpoint::CodeVerify));
            assert_eq!(endpoint_of(&path("status")), None);
        }
        assert_eq!(endpoint_of("/dev/outbox"), None);
    }
}
