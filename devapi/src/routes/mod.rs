//! The HTTP surface: paths, the router, and request helpers shared by handlers.

mod branding;
mod codes;
mod dev;
mod magic_link;
mod verify;

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::http::{header, Extensions, HeaderMap};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::app::{App, AppState};
use crate::clock::rfc3339;
use crate::errors::ApiError;
use crate::store::{Requester, Tokens, User};
use crate::useragent;

/// `POST` — e-mail a magic link.
pub const PATH_SEND: &str = "/api/v1/auth/passwordless/magic-link/send";
/// `POST` — e-mail a new magic link for the same sign-in.
pub const PATH_RESEND: &str = "/api/v1/auth/passwordless/magic-link/resend";
/// `GET` — the poll.
pub const PATH_STATUS: &str = "/api/v1/auth/passwordless/magic-link/status";
/// `GET` shows the confirmation page, `POST` confirms.
pub const PATH_VERIFY: &str = "/api/v1/auth/passwordless/magic-link/verify";

/// The one-time-code endpoints' two prefixes. The public docs spell it
/// `magic-otp` for the send and `email-otp` for resend and verify; clients
/// copy either, so every code endpoint answers under both.
pub const CODE_PREFIXES: [&str; 2] = [
    "/api/v1/auth/passwordless/magic-otp",
    "/api/v1/auth/passwordless/email-otp",
];
/// `POST` (after a [`CODE_PREFIXES`] entry) — e-mail a one-time code.
pub const CODE_SEND: &str = "/send";
/// `POST` (after a [`CODE_PREFIXES`] entry) — e-mail a new code for the same
/// sign-in.
pub const CODE_RESEND: &str = "/resend";
/// `POST` (after a [`CODE_PREFIXES`] entry) — the code the person typed.
pub const CODE_VERIFY: &str = "/verify";

/// `GET` — the application's branding.
pub const PATH_CONFIG: &str = "/api/v1/config";

/// Builds the whole router: API routes (magic link, one-time code under both
/// prefixes, config; with fault injection and the request log), developer
/// routes and the sample's logo, a JSON 404, CORS, the `Host` check, and the
/// headers every answer carries around everything.
pub fn router(app: AppState) -> Router {
    let mut api = Router::new()
        .route(PATH_SEND, post(magic_link::send))
        .route(PATH_RESEND, post(magic_link::resend))
        .route(PATH_STATUS, get(magic_link::status))
        .route(PATH_VERIFY, get(verify::show).post(verify::confirm))
        .route(PATH_CONFIG, get(branding::config));
    for prefix in CODE_PREFIXES {
        api = api
            .route(&format!("{prefix}{CODE_SEND}"), post(codes::send))
            .route(&format!("{prefix}{CODE_RESEND}"), post(codes::resend))
            .route(&format!("{prefix}{CODE_VERIFY}"), post(codes::verify));
    }
    let api = api.route_layer(from_fn_with_state(app.clone(), crate::intercept::intercept));
    Router::new()
        .merge(api)
        .merge(dev::router())
        .route(crate::branding::LOGO_PATH, get(branding::logo))
        .fallback(dev::not_found)
        .with_state(app)
        .layer(from_fn(crate::cors::cors))
        .layer(from_fn(crate::host::check_host))
        .layer(from_fn(crate::headers::harden))
}

/// The query string's pairs, decoded. Decoding is lossy rather than failing, so
/// a garbled query reads as missing parameters (400) rather than a crash.
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default()
}

/// The first non-empty value of `name` in the query.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// The flow handle from the query: `state`, or the newer API's `session_id`.
pub fn state_param(pairs: &[(String, String)]) -> Option<String> {
    param(pairs, "state")
        .or_else(|| param(pairs, "session_id"))
        .map(str::to_owned)
}

/// The caller's client ID: the `client_id` query parameter, else the newer API
/// generation's `client_id` header. Missing or blank is a 400.
pub fn client_id(pairs: &[(String, String)], headers: &HeaderMap) -> Result<String, ApiError> {
    param(pairs, "client_id")
        .map(str::to_owned)
        .or_else(|| {
            headers
                .get("client_id")
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        })
        .ok_or_else(ApiError::missing_client_id)
}

/// Refuses a body not declared as `application/json` (parameters such as
/// `charset` allowed, any case) with 415.
///
/// The contract's request bodies are JSON and the widget declares them so. A
/// body of another type is what a cross-site form, or a `fetch` avoiding the
/// preflight, can send without the server's consent (`text/plain`, forms).
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim());
    match essence {
        Some(essence) if essence.eq_ignore_ascii_case("application/json") => Ok(()),
        _ => Err(ApiError::unsupported_media_type()),
    }
}

/// The body of a send (of a link or a code).
#[derive(Deserialize)]
pub struct SendBody {
    /// The address.
    pub email: String,
}

/// The body of a resend: the flow handle under either API generation's name.
#[derive(Deserialize)]
pub struct ResendBody {
    /// The handle (`state`).
    #[serde(default)]
    pub state: Option<String>,
    /// The newer generation's name for it.
    #[serde(default)]
    pub session_id: Option<String>,
}

/// Parses a JSON body, declared as such (415 otherwise, see [`require_json`]);
/// a body that does not parse is 400 `invalid_request` naming `example`.
pub fn json_body<T: for<'de> Deserialize<'de>>(
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

/// A send's common part, for links and codes alike: the client, the checked
/// address and the time, after the address's e-mail limit took this one.
pub fn accept_send(
    app: &App,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(String, String, u64), ApiError> {
    let client_id = client_id(&query_pairs(query), headers)?;
    let request: SendBody = json_body(headers, body, r#"{"email": "user@example.com"}"#)?;
    let email = crate::email::validate(&request.email).ok_or_else(ApiError::invalid_email)?;
    let now = crate::clock::now_ms();
    app.address_limits
        .record(email, app.address_limit(), now)
        .map_err(ApiError::too_many_emails)?;
    Ok((client_id, email.to_owned(), now))
}

/// The flow handle a body names: `state`, or the newer API's `session_id`;
/// neither (or blank) is 400 `invalid_request`.
pub fn body_state(state: Option<String>, session_id: Option<String>) -> Result<String, ApiError> {
    state
        .filter(|s| !s.trim().is_empty())
        .or(session_id.filter(|s| !s.trim().is_empty()))
        .map(|s| s.trim().to_owned())
        .ok_or_else(|| {
            ApiError::bad_request("invalid_request", "The request body must name the state.")
        })
}

/// What sent this request: its `User-Agent` in words and the peer's address
/// (known when the server was started with connection info, as [`crate::serve`]
/// does).
pub fn requester(headers: &HeaderMap, extensions: &Extensions) -> Requester {
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

/// The authenticated answer, the contract's shape: the tokens under `oauth`,
/// and the user. The status poll of a confirmed link and a right code's verify
/// both answer it.
pub fn authenticated(app: &App, tokens: &Tokens, user: &User) -> Value {
    json!({
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
    })
}

/// The query of a verify URL, encoded.
pub fn verify_query(client_id: &str, state: &str, magictext: &str) -> String {
    serde_urlencoded::to_string([
        ("client_id", client_id),
        ("state", state),
        ("magictext", magictext),
    ])
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn client_id_from_query_or_header() {
        let mut headers = HeaderMap::new();
        let pairs = query_pairs(Some("client_id=cli_1&state=abc"));
        assert_eq!(client_id(&pairs, &headers).unwrap(), "cli_1");
        assert!(client_id(&query_pairs(Some("client_id=%20")), &headers).is_err());
        assert!(client_id(&[], &headers).is_err());
        headers.insert("client_id", HeaderValue::from_static("cli_h"));
        assert_eq!(client_id(&[], &headers).unwrap(), "cli_h");
    }

    #[test]
    fn state_falls_back_to_session_id() {
        assert_eq!(
            state_param(&query_pairs(Some("session_id=x"))).as_deref(),
            Some("x")
        );
        assert_eq!(
            state_param(&query_pairs(Some("state=y&session_id=x"))).as_deref(),
            Some("y")
        );
        assert_eq!(state_param(&query_pairs(Some("state="))), None);
    }

    #[test]
    fn only_json_is_json() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            require_json(&headers).is_ok()
        };
        assert!(with("application/json"));
        assert!(with("APPLICATION/JSON ; charset=utf-8"));
        assert!(!with("text/plain"));
        assert!(!with("application/json-seq"));
        assert!(!with("application/x-www-form-urlencoded"));
        assert!(require_json(&HeaderMap::new()).is_err());
    }

    #[test]
    fn body_state_falls_back_to_session_id() {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(body_state(some(" a "), some("b")).unwrap(), "a");
        assert_eq!(body_state(None, some("b")).unwrap(), "b");
        assert_eq!(body_state(some(" "), some("b")).unwrap(), "b");
        assert!(body_state(some(""), None).is_err());
        assert!(body_state(None, None).is_err());
    }

    #[test]
    fn verify_query_encodes() {
        assert_eq!(
            verify_query("cli a&b", "s", "m-_"),
            "client_id=cli+a%26b&state=s&magictext=m-_"
        );
    }
}
