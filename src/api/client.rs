//! The browser HTTP client for the magic-link API, over gloo-net.
//!
//! It only moves bytes: the answer's meaning is decided by [`super::response`].
//! Every request has a time-out and an `AbortController` owned by the caller, which
//! aborts it when the widget unmounts or the flow moves on.
//! The address travels only in a JSON body; the state handle only to the API origin.

use super::response::{self, Handle, Link, Reply, Session, Status};
use crate::browser::clock::now;
use crate::config::Settings;
use crate::data::Json;
use crate::error::{ErrorCode, Failure};
use crate::flow::Channel;
use gloo_net::http::{Request, RequestBuilder};
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{AbortController, RequestCache, RequestCredentials};

const MAGIC_LINK_PATH: &str = "/auth/passwordless/magic-link";
// The API's own documentation spells the code's send `magic-otp` and the rest
// `email-otp` (api-contract.md); these are the spellings it documents.
const CODE_SEND_PATH: &str = "/auth/passwordless/magic-otp";
const CODE_PATH: &str = "/auth/passwordless/email-otp";

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

    /// A request to `<path>/<action>?client_id=…`.
    fn request(
        &self,
        builder: fn(&str) -> RequestBuilder,
        path: &str,
        action: &str,
    ) -> RequestBuilder {
        builder(&format!("{}{path}/{action}", self.base))
            .query([("client_id", self.client_id.as_str())])
    }

    /// E-mails a magic link or a code; returns the flow's handle (and, for a link,
    /// the number-matching code).
    pub async fn send(
        &self,
        email: &str,
        channel: Channel,
        abort: &AbortController,
    ) -> Result<Link, Failure> {
        let path = match channel {
            Channel::Link => MAGIC_LINK_PATH,
            Channel::Code => CODE_SEND_PATH,
        };
        let request = self.request(Request::post, path, "send");
        let body = json_body(&[("email", email)]);
        let reply = self.exchange(request, Some(body), abort).await?;
        response::read_send(&reply, now())
    }

    /// E-mails the link (or code) again for the same state handle; returns the new
    /// number-matching code, if any.
    pub async fn resend(
        &self,
        handle: &Handle,
        channel: Channel,
        abort: &AbortController,
    ) -> Result<Option<String>, Failure> {
        let path = match channel {
            Channel::Link => MAGIC_LINK_PATH,
            Channel::Code => CODE_PATH,
        };
        let request = self.request(Request::post, path, "resend");
        let body = json_body(&[(handle.field.name(), &handle.value)]);
        let reply = self.exchange(request, Some(body), abort).await?;
        response::read_resend(&reply, now())
    }

    /// Asks whether the link was confirmed.
    pub async fn status(
        &self,
        handle: &Handle,
        abort: &AbortController,
    ) -> Result<Status, Failure> {
        let request = self
            .request(Request::get, MAGIC_LINK_PATH, "status")
            .query([(handle.field.name(), handle.value.as_str())]);
        let reply = self.exchange(request, None, abort).await?;
        response::read_status(&reply, now())
    }

    /// Verifies a typed code (`otp`) for the code's state handle.
    pub async fn verify(
        &self,
        handle: &Handle,
        code: &str,
        abort: &AbortController,
    ) -> Result<Box<Session>, Failure> {
        let request = self.request(Request::post, CODE_PATH, "verify");
        let body = json_body(&[(handle.field.name(), &handle.value), ("otp", code)]);
        let reply = self.exchange(request, Some(body), abort).await?;
        response::read_verify(&reply, now())
    }

    /// Fetches the client's branding (`GET /config`, for `use-config`): the answer's
    /// JSON text when it is a 2xx with an object. What it means is
    /// [`crate::branding::Branding::parse`]'s to say.
    pub async fn config(&self, abort: &AbortController) -> Result<String, Failure> {
        let request = Request::get(&format!("{}/config", self.base))
            .query([("client_id", self.client_id.as_str())]);
        let reply = self.exchange(request, None, abort).await?;
        match reply.body {
            Some(body) if (200..300).contains(&reply.status) && body.is_object() => {
                Ok(body.to_text())
            }
            _ if reply.status >= 500 => Err(Failure::new(ErrorCode::Server)),
            _ => Err(Failure::new(ErrorCode::BadResponse)),
        }
    }

    /// Performs one request; `abort` cancels it (the caller's handle: unmount, or the
    /// flow moving on) and the time-out uses it too.
    async fn exchange(
        &self,
        request: RequestBuilder,
        json_body: Option<String>,
        abort: &AbortController,
    ) -> Result<Reply, Failure> {
        if !web_sys::window().is_some_and(|window| window.navigator().on_line()) {
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
        let signal = abort.signal();
        let request = request
            .abort_signal(Some(&signal))
            .credentials(RequestCredentials::Omit)
            .cache(RequestCache::NoStore);
        let request = match json_body {
            Some(body) => request
                .header("Content-Type", "application/json")
                .body(body)
                .map_err(failed)?,
            None => request.build().map_err(failed)?,
        };
        let reply = request.send().await.map_err(failed)?;
        let retry_after = reply.headers().get("Retry-After");
        let text = reply.text().await.map_err(failed)?;
        Ok(Reply {
            status: reply.status(),
            retry_after,
            body: Json::parse(&text),
        })
    }
}

/// A flat JSON object of strings, e.g. `{"email": "…"}`.
fn json_body(members: &[(&str, &str)]) -> String {
    Json::of(&JsonObject(members))
        .map(|json| json.to_text())
        .unwrap_or_default()
}

/// Serializes pairs as one object's members (a slice alone would be an array).
struct JsonObject<'a>(&'a [(&'a str, &'a str)]);

impl serde::Serialize for JsonObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().copied())
    }
}
