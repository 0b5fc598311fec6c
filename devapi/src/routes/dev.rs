//! Developer routes: the index, the outbox, fault injection and the request log.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::app::AppState;
use crate::errors::ApiError;
use crate::faults::{Fault, FaultSpec};
use crate::html::page;
use crate::outbox;

/// The `/` and `/dev/*` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/dev/outbox", get(outbox_page).delete(clear_outbox))
        .route("/dev/outbox.json", get(outbox_json))
        .route(
            "/dev/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/dev/requests.json", get(requests_json))
        .route("/dev/requests", get(requests_json).delete(clear_requests))
}

/// `GET /` — a pointer to the outbox.
async fn index() -> Html<String> {
    Html(page(
        "devapi",
        "",
        "<h1>devapi</h1>\n<p>The local development API of the magic-link widget.</p>\n\
         <ul>\n<li><a href=\"/dev/outbox\">Outbox</a>: the e-mails devapi would have sent.</li>\n\
         <li><a href=\"/dev/outbox.json\">Outbox as JSON</a></li>\n\
         <li><a href=\"/dev/requests.json\">Request log</a></li>\n</ul>",
    ))
}

/// `GET /dev/outbox` — the HTML outbox.
async fn outbox_page(State(app): State<AppState>) -> Html<String> {
    Html(outbox::page(&app.outbox.newest_first()))
}

/// `GET /dev/outbox.json` — the outbox, newest first.
async fn outbox_json(State(app): State<AppState>) -> Json<Vec<outbox::Message>> {
    Json(app.outbox.newest_first())
}

/// `DELETE /dev/outbox` — empties the outbox.
async fn clear_outbox(State(app): State<AppState>) -> StatusCode {
    app.outbox.clear();
    StatusCode::NO_CONTENT
}

/// `GET /dev/faults` — pending faults with the uses left.
async fn list_faults(State(app): State<AppState>) -> Json<Vec<FaultSpec>> {
    Json(app.faults.pending())
}

/// `POST /dev/faults` — queues a fault; answers `{"queued": <the fault>}`.
async fn add_fault(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    super::require_json(&headers)?;
    let spec: FaultSpec = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request("invalid_fault", format!("Invalid fault: {e}")))?;
    let fault = Fault::from_spec(spec.clone())
        .map_err(|e| ApiError::bad_request("invalid_fault", format!("Invalid fault: {e}")))?;
    app.faults
        .add(fault)
        .map_err(|e| ApiError::new(StatusCode::CONFLICT, "too_many_faults", e))?;
    Ok(Json(json!({ "queued": spec })).into_response())
}

/// `DELETE /dev/faults` — drops every pending fault.
async fn clear_faults(State(app): State<AppState>) -> StatusCode {
    app.faults.clear();
    StatusCode::NO_CONTENT
}

/// `GET /dev/requests.json` — the API request log, oldest first.
async fn requests_json(State(app): State<AppState>) -> Json<Vec<crate::requests::Entry>> {
    Json(app.requests.all())
}

/// `DELETE /dev/requests` — empties the request log.
async fn clear_requests(State(app): State<AppState>) -> StatusCode {
    app.requests.clear();
    StatusCode::NO_CONTENT
}

/// Any other path: a JSON 404.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is no such route on devapi.",
    )
}
