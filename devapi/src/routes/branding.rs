//! `GET /api/v1/config` (the branding) and the sample's logo.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::{client_id, query_pairs};
use crate::app::AppState;
use crate::branding::LOGO_SVG;
use crate::errors::ApiError;

/// `GET /config?client_id=…` → the branding object. Every client gets the same
/// one: devapi has a single application's look.
pub async fn config(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    client_id(&query_pairs(query.as_deref()), &headers)?;
    let content_type = [(header::CONTENT_TYPE, "application/json")];
    Ok((content_type, app.branding()).into_response())
}

/// `GET /dev/logo.svg` — the sample's logo.
///
/// The widget shows it in an `<img>` on the customer's page, another origin
/// (another port on localhost, in the demo), so it is explicitly
/// `Cross-Origin-Resource-Policy: cross-origin`: a page that isolates itself
/// (`Cross-Origin-Embedder-Policy: require-corp`) would otherwise refuse it. An
/// `<img>` needs no CORS, so, like every `/dev` route, it carries none. Opened
/// on its own it is a document: its policy lets it run nothing.
pub async fn logo() -> Response {
    let mut response = ([(header::CONTENT_TYPE, "image/svg+xml")], LOGO_SVG).into_response();
    let headers = response.headers_mut();
    headers.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'"),
    );
    response
}
