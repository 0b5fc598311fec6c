//! The magic-link JSON endpoints: send, resend and status.
//!
//! Status knows link sign-ins only: a code sign-in's state is as unknown to it
//! (404 `state_not_found`) as any other; the widget never polls one.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;

use super::{
    accept_send, authenticated, body_state, client_id, json_body, query_pairs, requester,
    state_param, ResendBody,
};
use crate::app::{App, AppState};
use crate::clock::now_ms;
use crate::errors::ApiError;
use crate::intercept::LoggedState;
use crate::outbox::{Draft, Kind};
use crate::store::Session;
use crate::tokens;

/// Puts the session's current link in the outbox (and e-mails it, with
/// `--smtp`) and in the log.
fn deliver(app: &App, session: &Session, kind: Kind) {
    let link = app.magic_link(&session.client_id, &session.state, &session.magictext);
    tracing::info!(
        "magic link for {}: {} (code {}, number {})",
        session.email,
        link,
        session.code,
        session.match_code.as_deref().unwrap_or("off"),
    );
    app.deliver(
        Draft {
            to: &session.email,
            state: &session.state,
            link: Some(link),
            code: &session.code,
            match_code: session.match_code.as_deref(),
            kind,
        },
        session.last_sent_at_ms,
        &session.requested_by,
        session.expires_at_ms,
    );
}

/// The number-matching part of a send or resend answer: `"match_code"` when
/// number matching is on.
fn with_match_code(mut answer: serde_json::Value, session: &Session) -> serde_json::Value {
    if let Some(code) = &session.match_code {
        answer["match_code"] = json!(code);
    }
    answer
}

/// `POST /send` `{"email"}` → `{"state"}`, plus `"match_code"` with number
/// matching.
pub async fn send(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    extensions: Extensions,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (client_id, email, now) = accept_send(&app, query.as_deref(), &headers, &body)?;
    let email = email.as_str();
    let mut session = Session {
        state: tokens::state(),
        email: email.to_owned(),
        client_id,
        magictext: String::new(),
        code: String::new(),
        match_code: None,
        match_options: Vec::new(),
        requested_by: String::new(),
        requested_from: None,
        created_at_ms: now,
        expires_at_ms: now,
        last_sent_at_ms: now,
        resend_count: 0,
        resent_at_ms: Default::default(),
        verified: false,
        cancelled: false,
        used: false,
        verified_at_ms: None,
        tokens: None,
        consumed: false,
        user: None,
    };
    session.new_link(
        now,
        app.link_ttl_ms(),
        app.number_matching(),
        requester(&headers, &extensions),
    );
    app.store.insert(session.clone());
    deliver(&app, &session, Kind::Send);
    let answer = with_match_code(json!({ "state": session.state }), &session);
    Ok((Extension(LoggedState(session.state.clone())), Json(answer)).into_response())
}

/// What a resend attempt came to, decided under the store's lock.
enum ResendOutcome {
    NotFound,
    AlreadyVerified,
    Cancelled,
    Refused(ApiError),
    Sent,
}

/// `POST /resend` `{"state"}` (or `{"session_id"}`) → `{}`, or
/// `{"match_code"}` (the new link's number) with number matching.
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
    let requester = requester(&headers, &extensions);
    let mut outcome = ResendOutcome::NotFound;
    let updated = app.store.update(&state, &mut |session| {
        outcome = if session.client_id != client_id {
            ResendOutcome::NotFound
        } else if session.verified {
            ResendOutcome::AlreadyVerified
        } else if session.cancelled {
            ResendOutcome::Cancelled
        } else if let Err(refusal) = app.allow_resend(
            session.last_sent_at_ms,
            &mut session.resent_at_ms,
            &session.email,
            now,
        ) {
            ResendOutcome::Refused(refusal)
        } else {
            // A new secret and number: the previous link stops working.
            session.new_link(now, ttl, app.number_matching(), requester.clone());
            session.resend_count += 1;
            ResendOutcome::Sent
        };
    });
    match (outcome, updated) {
        (ResendOutcome::Sent, Some(session)) => {
            deliver(&app, &session, Kind::Resend);
            Ok(Json(with_match_code(json!({}), &session)).into_response())
        }
        (ResendOutcome::Cancelled, _) => Err(ApiError::sign_in_cancelled()),
        (ResendOutcome::AlreadyVerified, _) => Err(ApiError::already_verified()),
        (ResendOutcome::Refused(refusal), _) => Err(refusal),
        _ => Err(ApiError::unknown_state()),
    }
}

/// `GET /status?state=…` → pending, authenticated (once: the session is then
/// spent), 404 or 410.
pub async fn status(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(query.as_deref());
    let client_id = client_id(&pairs, &headers)?;
    let state = state_param(&pairs).ok_or_else(|| {
        ApiError::bad_request("invalid_request", "The state query parameter is required.")
    })?;
    // Tokens are handed out once: taken under the store's lock, so of two
    // concurrent polls only one gets them.
    let mut handed_out = None;
    let session = app
        .store
        .update(&state, &mut |session| {
            if session.client_id == client_id && session.verified && !session.consumed {
                handed_out = session.tokens.take();
                session.consumed = handed_out.is_some();
            }
        })
        .filter(|s| s.client_id == client_id)
        .ok_or_else(ApiError::unknown_state)?;
    if let (Some(tokens), Some(user)) = (&handed_out, &session.user) {
        return Ok(Json(authenticated(&app, tokens, user)).into_response());
    }
    if session.verified {
        return Err(ApiError::session_consumed());
    }
    if session.cancelled {
        return Err(ApiError::sign_in_cancelled());
    }
    if session.is_expired(now_ms()) {
        return Err(ApiError::link_expired());
    }
    Ok(Json(json!({ "authenticated": false })).into_response())
}
