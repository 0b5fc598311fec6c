//! The JSON endpoints: send, resend and status.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{header, Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::json;

use super::{client_id, query_pairs, require_json, state_param};
use crate::app::{App, AppState};
use crate::clock::{now_ms, rfc3339};
use crate::errors::ApiError;
use crate::intercept::LoggedState;
use crate::outbox::{Draft, Kind};
use crate::store::{Requester, Session};
use crate::tokens;
use crate::useragent;

#[derive(Deserialize)]
struct SendBody {
    email: String,
}

#[derive(Deserialize)]
struct ResendBody {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    session_id: Option<String>,
}

/// Parses a JSON body, declared as such (415 otherwise, see [`require_json`]).
fn json_body<T: for<'de> Deserialize<'de>>(
    headers: &HeaderMap,
    bytes: &[u8],
    example: &str,
) -> Result<T, ApiError> {
    require_json(headers)?;
    serde_json::from_slice(bytes).map_err(|_| {
        ApiError::bad_request(
            "invalid_request",
            format!("The request body must be JSON like {example}."),
        )
    })
}

/// Puts the session's current link in the outbox and in the log.
fn deliver(app: &App, session: &Session, kind: Kind) {
    let link = app.magic_link(&session.client_id, &session.state, &session.magictext);
    tracing::info!(
        "magic link for {}: {} (code {}, number {})",
        session.email,
        link,
        session.code,
        session.match_code.as_deref().unwrap_or("off"),
    );
    app.outbox.push(
        Draft {
            to: &session.email,
            state: &session.state,
            link,
            code: &session.code,
            match_code: session.match_code.as_deref(),
            kind,
        },
        session.last_sent_at_ms,
    );
}

/// What sent this request: its `User-Agent` in words and the peer's address
/// (known when the server was started with connection info, as [`crate::serve`]
/// does).
fn requester(headers: &HeaderMap, extensions: &Extensions) -> Requester {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    Requester {
        description: useragent::describe(user_agent),
        address: extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip()),
    }
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
    let client_id = client_id(&query_pairs(query.as_deref()), &headers)?;
    let request: SendBody = json_body(&headers, &body, r#"{"email": "user@example.com"}"#)?;
    let email = crate::email::validate(&request.email).ok_or_else(|| {
        ApiError::bad_request("invalid_email", "Please enter a valid e-mail address.")
    })?;
    let now = now_ms();
    app.address_limits
        .record(email, app.address_limit(), now)
        .map_err(ApiError::too_many_emails)?;
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
    Cooldown(u64),
    TooManyResends(u64),
    TooManyEmails(u64),
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
    let state = request
        .state
        .or(request.session_id)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            ApiError::bad_request("invalid_request", "The request body must name the state.")
        })?;
    let now = now_ms();
    let (ttl, cooldown) = (app.link_ttl_ms(), app.cooldown_ms());
    let requester = requester(&headers, &extensions);
    let mut outcome = ResendOutcome::NotFound;
    let updated = app.store.update(state.trim(), &mut |session| {
        outcome = if session.client_id != client_id {
            ResendOutcome::NotFound
        } else if session.verified {
            ResendOutcome::AlreadyVerified
        } else if session.cancelled {
            ResendOutcome::Cancelled
        } else if now < session.last_sent_at_ms.saturating_add(cooldown) {
            let left_ms = session.last_sent_at_ms + cooldown - now;
            ResendOutcome::Cooldown(left_ms.div_ceil(1000).max(1))
        } else if let Err(seconds) = app.resend_limit().record(&mut session.resent_at_ms, now) {
            ResendOutcome::TooManyResends(seconds)
        } else if let Err(seconds) =
            app.address_limits
                .record(&session.email, app.address_limit(), now)
        {
            // Not sent after all: the resend does not count against the sign-in.
            session.resent_at_ms.pop_back();
            ResendOutcome::TooManyEmails(seconds)
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
        (ResendOutcome::AlreadyVerified, _) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "already_verified",
            "This sign-in is already complete; there is nothing to resend.",
        )),
        (ResendOutcome::Cooldown(seconds), _) => Err(ApiError::too_many_requests(seconds)),
        (ResendOutcome::TooManyResends(seconds), _) => Err(ApiError::too_many_resends(seconds)),
        (ResendOutcome::TooManyEmails(seconds), _) => Err(ApiError::too_many_emails(seconds)),
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
        return Ok(Json(json!({
            "authenticated": true,
            "oauth": {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "expires_at": rfc3339(tokens.expires_at_ms),
                "token_type": "Bearer",
            },
            "user": {
                "user_id": user.user_id,
                "identifier": user.email,
                "email": user.email,
                "issuer": app.base_url,
                "created_at": rfc3339(user.created_at_ms),
                "updated_at": rfc3339(user.updated_at_ms),
                "last_login_at": rfc3339(user.last_login_at_ms),
            },
        }))
        .into_response());
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
