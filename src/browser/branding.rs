//! Getting the client's branding for `use-config`: `GET /config` once per session,
//! its answer kept in `sessionStorage` (beside the stored flow), so that a
//! re-render or a reload shows the brand at once instead of asking again.
//!
//! Only an answer that reads is kept: a failure is asked again by the next widget.

use super::storage;
use crate::api::client::ApiClient;
use crate::branding::Branding;
use crate::config::Settings;
use crate::error::{ErrorCode, Failure};
use web_sys::AbortController;

/// Longest answer kept, in bytes: the storage is the page's too, and a branding
/// answer is a few hundred bytes.
const MAX_STORED: usize = 16 * 1024;

/// Longest wait for the answer, in milliseconds: then the widget renders with its
/// defaults (and tells the page `config_unavailable`).
const WAIT_MS: u64 = 3000;

/// Where the answer is kept: `magic-link-login-config:<client-id>`. Per client
/// (the branding is the client's), and apart from the flows' keys
/// (`magic-link-login:<client-id>[:<storage-key>]`), which it can never equal.
fn key(settings: &Settings) -> String {
    format!("magic-link-login-config:{}", settings.client_id)
}

/// The branding kept this session, when there is one that still reads.
pub fn cached(settings: &Settings) -> Option<Branding> {
    Branding::parse(&storage::load(&key(settings))?)
}

/// The client's branding: the kept one, else the API's (then kept). Every failure
/// (no answer, an error status, an answer that is no branding) is
/// [`ErrorCode::ConfigUnavailable`], without the API's words: the page is told,
/// the person sees the default form.
///
/// Gives up after three seconds (or the request time-out, if shorter); dropping the
/// future aborts the request too.
pub async fn load(settings: &Settings) -> Result<Branding, Failure> {
    if let Some(branding) = cached(settings) {
        return Ok(branding);
    }
    let unavailable = || Failure::new(ErrorCode::ConfigUnavailable);
    let abort = AbortOnDrop(AbortController::new().map_err(|_| unavailable())?);
    // The widget waits for this answer before it renders (the loader's instant
    // form meanwhile): never longer than this.
    let quick = Settings {
        request_timeout_ms: settings.request_timeout_ms.min(WAIT_MS),
        ..settings.clone()
    };
    let text = ApiClient::new(&quick)
        .config(&abort.0)
        .await
        .map_err(|_| unavailable())?;
    let branding = Branding::parse(&text).ok_or_else(unavailable)?;
    if text.len() <= MAX_STORED {
        // Kept in memory even when the storage refuses it: a re-render still finds it.
        let _ = storage::save(&key(settings), &text);
    }
    Ok(branding)
}

/// Aborts its request when dropped, answered or not (aborting an answered
/// request does nothing).
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
