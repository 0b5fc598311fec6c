//! A minimal HTTP/1 client for the harness's own calls to devapi.
//!
//! hyper-util's legacy client is already in the tree for fantoccini, so this
//! adds no dependency; plain HTTP only, as everything runs on 127.0.0.1.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;

/// A response: status and the whole body.
pub(crate) struct Response {
    pub status: StatusCode,
    pub body: Bytes,
}

impl Response {
    /// The body as text, lossily (only ever used in messages and assertions).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request; `json` becomes the body with `Content-Type: application/json`.
///
/// # Panics
/// On connection errors: the server is a child of the test, so an unreachable
/// server is a failed test, not a condition to handle.
pub(crate) async fn send(method: Method, url: &str, json: Option<&serde_json::Value>) -> Response {
    match json {
        Some(value) => send_body(method, url, "application/json", value.to_string()).await,
        None => send_body(method, url, "", String::new()).await,
    }
}

/// Posts `pairs` as an HTML form does (`application/x-www-form-urlencoded`).
pub(crate) async fn post_form(url: &str, pairs: &[(&str, &str)]) -> Response {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    send_body(Method::POST, url, "application/x-www-form-urlencoded", body).await
}

/// Sends `body` as `content_type` (none when empty).
async fn send_body(method: Method, url: &str, content_type: &str, body: String) -> Response {
    // A client per call: calls are rare, and a pooled client would be tied to
    // whichever tokio runtime created it, while each #[tokio::test] has its own.
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let mut request = Request::builder().method(method.clone()).uri(url);
    if !content_type.is_empty() {
        request = request.header("content-type", content_type);
    }
    let body = Full::new(Bytes::from(body));
    let request = request.body(body).expect("a valid request");
    let response = client
        .request(request)
        .await
        .unwrap_or_else(|error| panic!("{method} {url} failed: {error}"));
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|error| panic!("reading the body of {method} {url} failed: {error}"))
        .to_bytes();
    Response { status, body }
}
