//! The HTTP surface: paths, the router, and request helpers shared by handlers.

mod dev;
mod magic_link;
mod verify;

use axum::http::{header, HeaderMap};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;

use crate::app::AppState;
use crate::errors::ApiError;

/// `POST` — e-mail a magic link.
pub const PATH_SEND: &str = "/api/v1/auth/passwordless/magic-link/send";
/// `POST` — e-mail a new magic link for the same sign-in.
pub const PATH_RESEND: &str = "/api/v1/auth/passwordless/magic-link/resend";
/// `GET` — the poll.
pub const PATH_STATUS: &str = "/api/v1/auth/passwordless/magic-link/status";
/// `GET` shows the confirmation page, `POST` confirms.
pub const PATH_VERIFY: &str = "/api/v1/auth/passwordless/magic-link/verify";

/// Builds the whole router: API routes (with fault injection and the request
/// log), developer routes, a JSON 404, CORS, the `Host` check, and the headers
/// every answer carries around everything.
pub fn router(app: AppState) -> Router {
    let api = Router::new()
        .route(PATH_SEND, post(magic_link::send))
        .route(PATH_RESEND, post(magic_link::resend))
        .route(PATH_STATUS, get(magic_link::status))
        .route(PATH_VERIFY, get(verify::show).post(verify::confirm))
        .route_layer(from_fn_with_state(app.clone(), crate::intercept::intercept));
    Router::new()
        .merge(api)
        .merge(dev::router())
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
    fn verify_query_encodes() {
        assert_eq!(
            verify_query("cli a&b", "s", "m-_"),
            "client_id=cli+a%26b&state=s&magictext=m-_"
        );
    }
}
