//! Headers for every answer, whatever route or fault produced it.
//!
//! - `Cache-Control: no-store`: every answer reflects one-time state (a pending
//!   sign-in, tokens handed out once, an outbox), so nothing may be kept by a
//!   browser or proxy cache.
//! - `X-Content-Type-Options: nosniff`: a body is what its type says, never
//!   sniffed into script or HTML (injected faults serve arbitrary bodies).
//! - HTML: never framed (`frame-ancestors 'none'`, and `X-Frame-Options: DENY`
//!   for older browsers), so a page on another site cannot lay the confirm page
//!   under its own and steer a click onto a number. devapi's own pages get
//!   [`PAGE_POLICY`]; a page that brings a policy (an injected fault's
//!   `sandbox`) keeps it, with `frame-ancestors 'none'` added.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of devapi's own HTML pages: no script, inline styles only, forms
/// posting back to devapi only, no framing.
pub const PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The framing directive every HTML answer carries.
const NO_FRAMING: &str = "frame-ancestors 'none'";

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
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"));
    if html {
        let policy = match headers.get(header::CONTENT_SECURITY_POLICY) {
            None => PAGE_POLICY.to_owned(),
            Some(existing) => with_no_framing(existing.to_str().unwrap_or("sandbox")),
        };
        if let Ok(value) = HeaderValue::from_str(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

/// `policy` with `frame-ancestors 'none'` in place of any `frame-ancestors` it
/// had.
fn with_no_framing(policy: &str) -> String {
    let mut directives: Vec<&str> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| {
            let name = d.split_whitespace().next().unwrap_or_default();
            !d.is_empty() && !name.eq_ignore_ascii_case("frame-ancestors")
        })
        .collect();
    directives.push(NO_FRAMING);
    directives.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_is_added_to_a_policy_and_replaces_a_laxer_one() {
        assert_eq!(
            with_no_framing("sandbox"),
            "sandbox; frame-ancestors 'none'"
        );
        assert_eq!(
            with_no_framing("default-src 'self'; Frame-Ancestors *;"),
            "default-src 'self'; frame-ancestors 'none'"
        );
        assert_eq!(with_no_framing(""), "frame-ancestors 'none'");
        assert!(PAGE_POLICY.ends_with(NO_FRAMING));
    }
}
