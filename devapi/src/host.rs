//! Only loopback names may address devapi: the defence against DNS rebinding.
//!
//! devapi listens on 127.0.0.1 only, but a browser reaches it under any name that
//! resolves there. A page on `http://evil.example:8787` whose name the attacker
//! re-points at 127.0.0.1 is same-origin with devapi under that name, so CORS
//! does not stop it from reading the outbox (whose links sign in). Such requests
//! carry `Host: evil.example:8787`; refusing every name but the loopback ones
//! stops them. Refused: 421 Misdirected Request, before anything else runs.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;

/// The names devapi answers to, without the port.
const LOOPBACK_NAMES: &[&str] = &["127.0.0.1", "localhost", "[::1]"];

/// The middleware: refuses a request whose `Host` (and absolute target, if it
/// has one) is not a loopback name, with or without a port.
pub async fn check_host(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    let target = request.uri().authority().map(|a| a.as_str());
    let allowed = host.is_some_and(is_loopback) && target.is_none_or(is_loopback);
    if !allowed {
        return ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "host_not_allowed",
            "devapi answers only to 127.0.0.1, localhost and [::1].",
        )
        .into_response();
    }
    next.run(request).await
}

/// `name` or `name:port` for a loopback name (any case), the port 1 to 5 digits.
fn is_loopback(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        // The colons inside `[::1]` are not a port separator.
        Some((name, port)) if !port.ends_with(']') => (name, Some(port)),
        _ => (host, None),
    };
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok && LOOPBACK_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_names_only() {
        for ok in [
            "127.0.0.1",
            "127.0.0.1:8787",
            "localhost",
            "LOCALHOST:1",
            "[::1]",
            "[::1]:8787",
        ] {
            assert!(is_loopback(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:8787",
            "127.0.0.1.nip.io",
            "localhost.evil.example",
            "127.0.0.2",
            "::1",
            "[::1]x",
            "127.0.0.1:",
            "127.0.0.1:123456",
            "127.0.0.1:80x",
            "localhost:8787:1",
        ] {
            assert!(!is_loopback(bad), "{bad}");
        }
    }
}
