//! The one-time-code endpoints ("Magic Auth Code"): send, resend and verify,
//! each under both prefixes ([`super::CODE_PREFIXES`]).
//!
//! The e-mail carries a 6-digit code instead of a link; the person types it into
//! the sign-in page, whose verify gets the tokens in its answer. There is no
//! `match_code`: typing the code proves the person holds the mailbox, which is
//! what number matching adds to a link.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    accept_send, authenticated, body_state, client_id, json_body, query_pairs, requester,
    ResendBody,
};
use crate::app::{App, AppState};
use crate::clock::now_ms;
use crate::codes::{Attempt, CodeSession};
use crate::errors::ApiError;
use crate::intercept::LoggedState;
use crate::outbox::{Draft, Kind};
use crate::store::Requester;
use crate::tokens;

#[derive(Deserialize)]
struct VerifyBody {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    session_id: Option<String>,
    /// Any JSON value: a body whose code is not a string is still a request,
    /// answered 400 `invalid_otp` like any other malformed code.
    #[serde(default)]
    otp: Option<Value>,
}

/// Puts the sign-in's current code in the outbox (and e-mails it, with
/// `--smtp`, naming `requester`) and in the log.
fn deliver(app: &App, session: &CodeSession, kind: Kind, requester: &Requester) {
    tracing::info!(
        "sign-in code for {}: {} (state {})",
        session.email,
        session.code,
        session.state,
    );
    app.deliver(
        Draft {
            to: &session.email,
            state: &session.state,
            link: None,
            code: &session.code,
            match_code: None,
            kind,
        },
        session.last_sent_at_ms,
        &requester.description,
        session.expires_at_ms,
    );
}

/// `POST …/send` `{"email"}` → `{"state"}`.
pub async fn send(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    extensions: Extensions,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (client_id, email, now) = accept_send(&app, query.as_deref(), &headers, &body)?;
    let email = email.as_str();
    let session = CodeSession::new(email, client_id, now, app.link_ttl_ms());
    app.store.insert_code(session.clone());
    deliver(
        &app,
        &session,
        Kind::Send,
        &requester(&headers, &extensions),
    );
    let answer = json!({ "state": session.state });
    Ok((Extension(LoggedState(session.state.clone())), Json(answer)).into_response())
}

/// `POST …/resend` `{"state"}` (or `{"session_id"}`) → `{}`: a new code, with
/// a new lifetime and new tries; the previous code stops working. The same
/// cooldown and limits as a link's resend.
pub async fn resend(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    extensions: Extensions,
    body: Bytes,
) -> Result<Response, ApiError> {
    let client_id = client_id(&query_pairs(query.as_deref()), &headers)?;
    let request: ResendBody = json_body(&headers, &body, r#"{"state": "…"}"#)?;
    let state = body_state(request.state, request.session_id)?;
    let now = now_ms();
    let ttl = app.link_ttl_ms();
    // Decided under the store's lock, so two concurrent resends cannot both
    // slip inside the cooldown.
    let mut outcome = Err(ApiError::unknown_state());
    let updated = app.store.update_code(&state, &mut |session| {
        outcome = if session.client_id != client_id {
            Err(ApiError::unknown_state())
        } else if session.used {
            Err(ApiError::already_verified())
        } else {
            app.allow_resend(
                session.last_sent_at_ms,
                &mut session.resent_at_ms,
                &session.email,
                now,
            )
            .map(|()| {
                session.new_code(now, ttl);
                session.resend_count += 1;
            })
        };
    });
    outcome?;
    let session = updated.ok_or_else(ApiError::unknown_state)?;
    deliver(
        &app,
        &session,
        Kind::Resend,
        &requester(&headers, &extensions),
    );
    Ok(Json(json!({})).into_response())
}

/// `POST …/verify` `{"state", "otp"}` → the authenticated body (fresh tokens
/// and the user) for the right code, once; otherwise the refusal
/// [`CodeSession::attempt`] decides.
pub async fn verify(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let client_id = client_id(&query_pairs(query.as_deref()), &headers)?;
    let request: VerifyBody = json_body(&headers, &body, r#"{"state": "…", "otp": "123456"}"#)?;
    let state = body_state(request.state, request.session_id)?;
    // Only a string can hold the 6 digits (a JSON number has lost any leading
    // zero); anything else is as malformed as "12 34".
    let otp = match &request.otp {
        Some(Value::String(otp)) => otp.as_str(),
        _ => "",
    };
    let now = now_ms();
    // Under the store's lock: of two concurrent right answers only one signs
    // in, and every wrong one is counted.
    let mut attempt = None;
    let session = app.store.update_code(&state, &mut |session| {
        if session.client_id == client_id {
            attempt = Some(session.attempt(otp, app.config.code_tries, now));
        }
    });
    let (Some(attempt), Some(session)) = (attempt, session) else {
        return Err(ApiError::unknown_state());
    };
    match attempt {
        Attempt::Verified => {}
        Attempt::Wrong { tries_left } => return Err(ApiError::wrong_otp(tries_left)),
        Attempt::Malformed { tries_left } => return Err(ApiError::malformed_otp(tries_left)),
        Attempt::TooManyAttempts => return Err(ApiError::too_many_attempts()),
        Attempt::Expired => return Err(ApiError::otp_expired()),
        Attempt::Used => return Err(ApiError::session_consumed()),
    }
    let user = app.store.sign_in_user(&session.email, now);
    let issued = tokens::issue(now);
    tracing::info!(
        "code sign-in verified for {} (state {})",
        session.email,
        session.state
    );
    Ok(Json(authenticated(&app, &issued, &user)).into_response())
}
