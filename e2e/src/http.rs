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
    // A client per call: calls are rare, and a pooled client would be tied to
    // whichever tokio runtime created it, while each #[tokio::test] has its own.
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let mut request = Request::builder().method(method.clone()).uri(url);
    let body = match json {
        Some(value) => {
            request = request.header("content-type", "application/json");
            Full::new(Bytes::from(value.to_string()))
        }
        None => Full::new(Bytes::new()),
    };
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
