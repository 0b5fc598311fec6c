//! Headers for every answer, whatever route or fault produced it.
//!
//! - `Cache-Control: no-store`: every answer reflects one-time state (a pending
//!   sign-in, tokens handed out once, an outbox), so nothing may be kept by a
//!   browser or proxy cache.
//! - `X-Content-Type-Options: nosniff`: a body is what its type says, never
//!   sniffed into script or HTML (injected faults serve arbitrary bodies).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The middleware, outermost, so it sees preflights and faults too.
pub async fn harden(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
