//! The browser HTTP client for the magic-link API (gloo-net over `fetch`).
//!
//! It only moves bytes: the answer's meaning is decided by [`super::response`].
//! Every request has a time-out and is aborted when its future is dropped (the
//! widget unmounted, or the flow moved on), so no request outlives its widget.
//! The address travels only in a JSON body; the state handle only to the API origin.

use super::response::{self, Reply, Status};
use crate::browser::clock::now;
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};
use crate::json::write_string;
use gloo_net::http::{Request, RequestBuilder};
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{AbortController, RequestCache, RequestCredentials};

const MAGIC_LINK_PATH: &str = "/auth/passwordless/magic-link";

/// A client for one API base and client ID.
#[derive(Clone, Debug)]
pub struct ApiClient {
    base: String,
    client_id: String,
    timeout_ms: u32,
}

impl ApiClient {
    /// A client for the widget's configured API.
    pub fn new(settings: &Settings) -> Self {
        ApiClient {
            base: settings.api_base.clone(),
            client_id: settings.client_id.clone(),
            timeout_ms: settings.request_timeout_ms as u32,
        }
    }

    fn url(&self, action: &str, state: Option<&str>) -> String {
        let mut url = format!(
            "{}{MAGIC_LINK_PATH}/{action}?client_id={}",
            self.base,
            js_sys::encode_uri_component(&self.client_id)
        );
        if let Some(state) = state {
            url.push_str("&state=");
            url.push_str(&String::from(js_sys::encode_uri_component(state)));
        }
        url
    }

    /// E-mails a magic link; returns the flow's state handle.
    pub async fn send(&self, email: &str) -> Result<String, Failure> {
        let request = Request::post(&self.url("send", None));
        let (status, retry_after, body) = self
            .exchange(request, Some(json_object("email", email)))
            .await?;
        response::read_send(
            Reply {
                status,
                retry_after: retry_after.as_deref(),
                body: &body,
            },
            now(),
        )
    }

    /// E-mails the link again for the same state handle.
    pub async fn resend(&self, state: &str) -> Result<(), Failure> {
        let request = Request::post(&self.url("resend", None));
        let (status, retry_after, body) = self
            .exchange(request, Some(json_object("state", state)))
            .await?;
        response::read_resend(
            Reply {
                status,
                retry_after: retry_after.as_deref(),
                body: &body,
            },
            now(),
        )
    }

    /// Asks whether the link was confirmed.
    pub async fn status(&self, state: &str) -> Result<Status, Failure> {
        let request = Request::get(&self.url("status", Some(state))).cache(RequestCache::NoStore);
        let (status, retry_after, body) = self.exchange(request, None).await?;
        response::read_status(
            Reply {
                status,
                retry_after: retry_after.as_deref(),
                body: &body,
            },
            now(),
        )
    }
}

fn json_object(key: &str, value: &str) -> String {
    let mut body = format!("{{\"{key}\":");
    write_string(&mut body, value);
    body.push('}');
    body
}

/// Aborts the fetch when dropped: on completion this is a no-op, on cancellation it
/// stops the network request.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl ApiClient {
    /// Performs one request: returns the status, `Retry-After` and body text, or the
    /// failure that kept it from completing.
    async fn exchange(
        &self,
        request: RequestBuilder,
        json_body: Option<String>,
    ) -> Result<(u16, Option<String>, String), Failure> {
        let offline = web_sys::window().is_some_and(|w| !w.navigator().on_line());
        if offline {
            return Err(Failure::new(ErrorCode::Offline));
        }
        let controller = AbortController::new().map_err(|_| Failure::new(ErrorCode::Network))?;
        let timed_out = Rc::new(Cell::new(false));
        let _timeout = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timeout::new(self.timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let signal = controller.signal();
        let _abort = AbortOnDrop(controller);
        let request = request
            .abort_signal(Some(&signal))
            .credentials(RequestCredentials::Omit);
        let request = match json_body {
            Some(body) => request
                .header("Content-Type", "application/json")
                .body(body),
            None => request.build(),
        };
        let failed = |_| {
            Failure::new(if timed_out.get() {
                ErrorCode::Timeout
            } else {
                ErrorCode::Network
            })
        };
        let reply = request.map_err(failed)?.send().await.map_err(failed)?;
        let retry_after = reply.headers().get("Retry-After");
        let body = reply.text().await.map_err(failed)?;
        Ok((reply.status(), retry_after, body))
    }
}
