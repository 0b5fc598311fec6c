//! The magic link's landing page.
//!
//! `GET` only shows the page; the `POST` it submits completes the sign-in. Mail
//! scanners open links with GET to check them, so a sign-in that completed on
//! GET would be used up (or completed) by a robot.
//!
//! With number matching (the default) the page says what asked for the sign-in
//! (browser and system, address, how long ago) and offers three numbers as three
//! submit buttons of one form (`match_code=<number>`): the one the sign-in page
//! shows confirms, any other cancels the sign-in for good. Someone who got the
//! link without starting the sign-in (it was started with their address by
//! somebody else) has no number to pick. Without number matching the page has a
//! single "Confirm sign-in" button.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::{client_id, param, query_pairs, verify_query, PATH_VERIFY};
use crate::app::AppState;
use crate::clock::now_ms;
use crate::html::{escape, page};
use crate::store::Session;
use crate::tokens;
use crate::useragent;

/// The form field of the picked number.
const PICK_FIELD: &str = "match_code";

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
    /// A wrong number was picked: the sign-in is over.
    Cancelled,
    /// The confirmation came without a number, though one is required.
    NoPick,
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
            LinkError::Cancelled => (
                StatusCode::GONE,
                "Sign-in cancelled",
                "The sign-in was cancelled because the number picked was not the one \
                 the sign-in page showed. If you were signing in, start again on that \
                 page to get a new link. If you were not, nobody was signed in.",
            ),
            LinkError::NoPick => (
                StatusCode::BAD_REQUEST,
                "Pick a number",
                "Open the link again and pick the number that the sign-in page shows.",
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
    if session.client_id != link.client_id
        || !tokens::secret_eq(&link.magictext, &session.magictext)
    {
        return Err(LinkError::Invalid);
    }
    if session.cancelled {
        return Err(LinkError::Cancelled);
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
    let body = if session.match_code.is_some() {
        number_matching_body(&session, &action, now_ms())
    } else {
        format!(
            "<h1>Confirm sign-in</h1>\n\
             <p>Sign in as <strong>{email}</strong>?</p>\n\
             <form method=\"post\" action=\"{action}\">\n\
             <button type=\"submit\">Confirm sign-in</button>\n</form>\n\
             <p class=\"muted\">Only confirm if you asked to sign in. This extra step stops \
             e-mail link scanners from signing in on your behalf.</p>",
            email = escape(&session.email),
            action = escape(&action),
        )
    };
    html_response(StatusCode::OK, page("Confirm sign-in", "", &body))
}

/// The page body with number matching: who asked, and the three numbers.
fn number_matching_body(session: &Session, action: &str, now_ms: u64) -> String {
    let address = session
        .requested_from
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "an unknown address".to_owned());
    let buttons: String = session
        .match_options
        .iter()
        .map(|n| {
            format!(
                "<button type=\"submit\" name=\"{PICK_FIELD}\" value=\"{n}\">{n}</button>\n",
                n = escape(n)
            )
        })
        .collect();
    format!(
        "<h1>Confirm sign-in</h1>\n\
         <p>Sign in as <strong>{email}</strong>?</p>\n\
         <p>Requested by <strong>{by}</strong>, from <strong>{address}</strong>, {ago}.</p>\n\
         <form method=\"post\" action=\"{action}\">\n\
         <fieldset>\n<legend>Pick the number shown on the sign-in page</legend>\n\
         {buttons}</fieldset>\n</form>\n\
         <p class=\"muted\">If you did not ask to sign in, or the sign-in page shows no \
         number, close this tab. Picking a wrong number cancels the sign-in.</p>",
        email = escape(&session.email),
        by = escape(&session.requested_by),
        address = escape(&address),
        ago = escape(&useragent::ago(session.last_sent_at_ms, now_ms)),
        action = escape(action),
    )
}

/// The number a confirmation picked: `match_code` of the form body.
fn picked(body: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == PICK_FIELD)
        .map(|(_, v)| v.trim().to_owned())
}

/// Whether the pick is the session's number (always, without number matching).
fn matches(session: &Session, pick: Option<&str>) -> bool {
    match (&session.match_code, pick) {
        (None, _) => true,
        (Some(code), Some(pick)) => tokens::secret_eq(pick, code),
        (Some(_), None) => false,
    }
}

/// `POST /verify` — completes the sign-in, once.
pub async fn confirm(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
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
    let pick = picked(&body);
    if session.match_code.is_some() && pick.is_none() {
        return LinkError::NoPick.page();
    }
    if !matches(&session, pick.as_deref()) {
        return cancel(&app, &link, now, pick.as_deref());
    }
    let user = app.store.sign_in_user(&session.email, now);
    let issued = tokens::issue(now);
    // ...and check again under the store's lock, so that two concurrent POSTs
    // cannot both succeed.
    let mut result = Err(LinkError::Invalid);
    app.store.update(&link.state, &mut |session| {
        result = check(session, &link, now).and_then(|()| {
            // The number belongs to the link checked above: a resend changes both.
            if matches(session, pick.as_deref()) {
                Ok(())
            } else {
                Err(LinkError::Invalid)
            }
        });
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

/// A wrong pick: cancels the sign-in (if the link still stands) and says so.
fn cancel(app: &AppState, link: &LinkParams, now: u64, pick: Option<&str>) -> Response {
    let mut result = Err(LinkError::Invalid);
    app.store.update(&link.state, &mut |session| {
        result = check(session, link, now);
        if result.is_ok() && !matches(session, pick) {
            session.cancelled = true;
            result = Err(LinkError::Cancelled);
        }
    });
    if result == Err(LinkError::Cancelled) {
        tracing::info!(
            "sign-in cancelled: a wrong number was picked (state {})",
            link.state
        );
    }
    // Whatever happened under the lock, this pick did not confirm anything.
    result.err().unwrap_or(LinkError::Invalid).page()
}
