//! The browser HTTP client for the magic-link API, straight over `fetch`.
//!
//! It only moves bytes: the answer's meaning is decided by [`super::response`].
//! Every request has a time-out and an `AbortController` owned by the caller, which
//! aborts it when the widget unmounts or the flow moves on.
//! The address travels only in a JSON body; the state handle only to the API origin.

use super::response::{self, Handle, Reply, Status};
use crate::browser::clock::now;
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};
use crate::json::write_string;
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCache, RequestCredentials, RequestInit, Response};

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

    fn url(&self, action: &str, handle: Option<&Handle>) -> String {
        let mut url = format!(
            "{}{MAGIC_LINK_PATH}/{action}?client_id={}",
            self.base,
            js_sys::encode_uri_component(&self.client_id)
        );
        if let Some(handle) = handle {
            url.push('&');
            url.push_str(handle.field.name());
            url.push('=');
            url.push_str(&String::from(js_sys::encode_uri_component(&handle.value)));
        }
        url
    }

    /// E-mails a magic link; returns the flow's handle.
    pub async fn send(&self, email: &str, abort: &AbortController) -> Result<Handle, Failure> {
        let url = self.url("send", None);
        let reply = self
            .exchange("POST", &url, Some(json_object("email", email)), abort)
            .await?;
        response::read_send(reply.as_reply(), now())
    }

    /// E-mails the link again for the same state handle.
    pub async fn resend(&self, handle: &Handle, abort: &AbortController) -> Result<(), Failure> {
        let url = self.url("resend", None);
        let body = json_object(handle.field.name(), &handle.value);
        let reply = self.exchange("POST", &url, Some(body), abort).await?;
        response::read_resend(reply.as_reply(), now())
    }

    /// Asks whether the link was confirmed.
    pub async fn status(
        &self,
        handle: &Handle,
        abort: &AbortController,
    ) -> Result<Status, Failure> {
        let url = self.url("status", Some(handle));
        let reply = self.exchange("GET", &url, None, abort).await?;
        response::read_status(reply.as_reply(), now())
    }
}

/// What came back, owned.
struct Received {
    status: u16,
    retry_after: Option<String>,
    body: String,
}

impl Received {
    fn as_reply(&self) -> Reply<'_> {
        Reply {
            status: self.status,
            retry_after: self.retry_after.as_deref(),
            body: &self.body,
        }
    }
}

fn json_object(key: &str, value: &str) -> String {
    let mut body = format!("{{\"{key}\":");
    write_string(&mut body, value);
    body.push('}');
    body
}

impl ApiClient {
    /// Performs one request; `abort` cancels it (the caller's handle: unmount, or the
    /// flow moving on) and the time-out uses it too.
    async fn exchange(
        &self,
        method: &str,
        url: &str,
        json_body: Option<String>,
        abort: &AbortController,
    ) -> Result<Received, Failure> {
        let window = web_sys::window().ok_or(Failure::new(ErrorCode::Network))?;
        if !window.navigator().on_line() {
            return Err(Failure::new(ErrorCode::Offline));
        }
        let timed_out = Rc::new(Cell::new(false));
        let _timeout = {
            let (abort, timed_out) = (abort.clone(), timed_out.clone());
            Timeout::new(self.timeout_ms, move || {
                timed_out.set(true);
                abort.abort();
            })
        };
        let failed = |_| {
            let code = if timed_out.get() {
                ErrorCode::Timeout
            } else {
                ErrorCode::Network
            };
            Failure::new(code)
        };
        let init = RequestInit::new();
        init.set_method(method);
        init.set_signal(Some(&abort.signal()));
        init.set_credentials(RequestCredentials::Omit);
        init.set_cache(RequestCache::NoStore);
        if let Some(body) = json_body {
            let headers = Headers::new().map_err(failed)?;
            headers
                .set("Content-Type", "application/json")
                .map_err(failed)?;
            init.set_headers(&headers);
            init.set_body(&JsValue::from_str(&body));
        }
        let reply: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(failed)?
            .unchecked_into();
        let retry_after = reply.headers().get("Retry-After").ok().flatten();
        let body = JsFuture::from(reply.text().map_err(failed)?)
            .await
            .map_err(failed)?;
        Ok(Received {
            status: reply.status(),
            retry_after,
            body: body.as_string().unwrap_or_default(),
        })
    }
}
