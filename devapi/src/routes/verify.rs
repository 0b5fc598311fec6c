//! The magic link's landing page.
//!
//! `GET` only shows a "Confirm sign-in" button; the `POST` it submits completes
//! the sign-in. Mail scanners open links with GET to check them, so a sign-in
//! that completed on GET would be used up (or completed) by a robot.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::{client_id, param, query_pairs, verify_query, PATH_VERIFY};
use crate::app::AppState;
use crate::clock::now_ms;
use crate::html::{escape, page};
use crate::store::{Session, Tokens};
use crate::tokens;

/// How long issued access tokens live (the contract's example shows one hour).
const ACCESS_TOKEN_TTL_MS: u64 = 60 * 60 * 1000;

/// Why a link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkError {
    /// The URL lacks client_id, state or magictext.
    Incomplete,
    /// No such sign-in, or the secret does not match (mistyped, or replaced by a
    /// resend).
    Invalid,
    /// The sign-in was already confirmed with this link.
    Used,
    /// The link ran out before it was confirmed.
    Expired,
}

impl LinkError {
    fn page(self) -> Response {
        let (status, title, text) = match self {
            LinkError::Incomplete => (
                StatusCode::BAD_REQUEST,
                "Invalid link",
                "This sign-in link is incomplete. Open the whole link from the e-mail.",
            ),
            LinkError::Invalid => (
                StatusCode::BAD_REQUEST,
                "Invalid link",
                "This sign-in link is not valid. It may have been replaced by a newer \
                 e-mail; use the link in the most recent one.",
            ),
            LinkError::Used => (
                StatusCode::GONE,
                "Link already used",
                "This sign-in link has already been used. Each link works only once.",
            ),
            LinkError::Expired => (
                StatusCode::GONE,
                "Link expired",
                "This sign-in link has expired. Go back to the page where you signed in \
                 and request a new one.",
            ),
        };
        let body = format!("<h1>{}</h1>\n<p>{}</p>", escape(title), escape(text));
        html_response(status, page(title, "", &body))
    }
}

/// An HTML answer nobody should cache (each one reflects one-time state).
fn html_response(status: StatusCode, html: String) -> Response {
    let mut response = (status, Html(html)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// The link's parameters.
struct LinkParams {
    client_id: String,
    state: String,
    magictext: String,
}

fn link_params(query: Option<&str>, headers: &HeaderMap) -> Result<LinkParams, LinkError> {
    let pairs = query_pairs(query);
    let client_id = client_id(&pairs, headers).map_err(|_| LinkError::Incomplete)?;
    let state = param(&pairs, "state").ok_or(LinkError::Incomplete)?;
    let magictext = param(&pairs, "magictext").ok_or(LinkError::Incomplete)?;
    Ok(LinkParams {
        client_id,
        state: state.to_owned(),
        magictext: magictext.to_owned(),
    })
}

/// Whether this link may confirm this session now.
fn check(session: &Session, link: &LinkParams, now_ms: u64) -> Result<(), LinkError> {
    if session.client_id != link.client_id || session.magictext != link.magictext {
        return Err(LinkError::Invalid);
    }
    if session.used || session.verified {
        return Err(LinkError::Used);
    }
    if session.is_expired(now_ms) {
        return Err(LinkError::Expired);
    }
    Ok(())
}

/// `GET /verify` — the confirmation page (changes nothing).
pub async fn show(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let link = match link_params(query.as_deref(), &headers) {
        Ok(link) => link,
        Err(e) => return e.page(),
    };
    let Some(session) = app.store.get(&link.state) else {
        return LinkError::Invalid.page();
    };
    if let Err(e) = check(&session, &link, now_ms()) {
        return e.page();
    }
    let action = format!(
        "{PATH_VERIFY}?{}",
        verify_query(&link.client_id, &link.state, &link.magictext)
    );
    let body = format!(
        "<h1>Confirm sign-in</h1>\n\
         <p>Sign in as <strong>{email}</strong>?</p>\n\
         <form method=\"post\" action=\"{action}\">\n\
         <button type=\"submit\">Confirm sign-in</button>\n</form>\n\
         <p class=\"muted\">Only confirm if you asked to sign in. This extra step stops \
         e-mail link scanners from signing in on your behalf.</p>",
        email = escape(&session.email),
        action = escape(&action),
    );
    html_response(StatusCode::OK, page("Confirm sign-in", "", &body))
}

/// `POST /verify` — completes the sign-in, once.
pub async fn confirm(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let link = match link_params(query.as_deref(), &headers) {
        Ok(link) => link,
        Err(e) => return e.page(),
    };
    let now = now_ms();
    // Check first so that a failed attempt does not touch the user record...
    let Some(session) = app.store.get(&link.state) else {
        return LinkError::Invalid.page();
    };
    if let Err(e) = check(&session, &link, now) {
        return e.page();
    }
    let user = app.store.sign_in_user(&session.email, now);
    let issued = Tokens {
        access_token: tokens::opaque_token(),
        refresh_token: tokens::opaque_token(),
        expires_at_ms: now + ACCESS_TOKEN_TTL_MS,
    };
    // ...and check again under the store's lock, so that two concurrent POSTs
    // cannot both succeed.
    let mut result = Err(LinkError::Invalid);
    app.store.update(&link.state, &mut |session| {
        result = check(session, &link, now);
        if result.is_ok() {
            session.verified = true;
            session.used = true;
            session.verified_at_ms = Some(now);
            session.tokens = Some(issued.clone());
            session.user = Some(user.clone());
        }
    });
    if let Err(e) = result {
        return e.page();
    }
    tracing::info!(
        "sign-in confirmed for {} (state {})",
        session.email,
        link.state
    );
    let body = "<h1>Successfully verified</h1>\n<p>Successfully verified — you can close this \
                tab and return to the page where you signed in.</p>";
    html_response(StatusCode::OK, page("Successfully verified", "", body))
}
