//! CORS for the API, none for the developer routes.
//!
//! The widget runs on the customer's origin and calls devapi's origin, so every
//! API response names the caller's origin as allowed, and preflights are
//! answered here before routing. `Retry-After` is exposed because the widget
//! must read it on a 429 and a browser hides non-safelisted headers
//! cross-origin otherwise.
//!
//! The developer routes (`/` and `/dev/*`) get no CORS at all: the outbox holds
//! working sign-in links, so a page on another site must not read it, nor arm
//! faults or clear the log. Tests and people reach them directly, not from a
//! page on another origin.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Response extension: send this response without CORS headers (set by an
/// injected fault with `no_cors`, to simulate a CORS failure).
#[derive(Debug, Clone, Copy)]
pub struct NoCors;

/// Methods a preflight allows.
const ALLOW_METHODS: &str = "GET, POST, DELETE, OPTIONS";
/// Request headers a preflight allows: JSON bodies, and the newer API
/// generation's `client_id` header.
const ALLOW_HEADERS: &str = "Content-Type, client_id";
/// How long a browser may cache a preflight, in seconds.
const MAX_AGE: &str = "600";

/// The middleware: answers `OPTIONS` with 204 and decorates every other response.
pub async fn cors(request: Request, next: Next) -> Response {
    if is_developer_path(request.uri().path()) {
        return next.run(request).await;
    }
    let origin = allowed_origin(request.headers());
    if request.method() == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        add_origin_headers(headers, origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(MAX_AGE),
        );
        return response;
    }
    let mut response = next.run(request).await;
    if response.extensions().get::<NoCors>().is_none() {
        add_origin_headers(response.headers_mut(), origin);
    }
    response
}

/// The developer routes: the index and everything under `/dev`.
fn is_developer_path(path: &str) -> bool {
    path == "/" || path == "/dev" || path.starts_with("/dev/")
}

/// The request's `Origin`, echoed, or `*` when there is none.
fn allowed_origin(headers: &HeaderMap) -> HeaderValue {
    headers
        .get(header::ORIGIN)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("*"))
}

fn add_origin_headers(headers: &mut HeaderMap, origin: HeaderValue) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    // The answer depends on the request's Origin: caches must key on it.
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    );
}

#[cfg(test)]
mod tests {
    use super::is_developer_path;

    #[test]
    fn developer_paths() {
        for path in [
            "/",
            "/dev",
            "/dev/outbox",
            "/dev/outbox.json",
            "/dev/faults",
        ] {
            assert!(is_developer_path(path), "{path}");
        }
        for path in [
            "/api/v1/auth/passwordless/magic-link/send",
            "/devx",
            "/nowhere",
        ] {
            assert!(!is_developer_path(path), "{path}");
        }
    }
}
