//! The part of the flow that survives a reload, and its storage format.
//!
//! Stored: the step, the address, the state handle, the cooldown deadline, the link's
//! expiry and the resend count. Never stored: tokens (the flow never holds them).
//! Reading is defensive: the value may come from an older version, another tab, or a
//! person editing storage by hand; anything unexpected means "start clean", and
//! deadlines are clamped so a far-future value cannot lock the person out.

use super::machine::{Expired, Flow, Form, Polling, Step, Waiting};
use super::timing::Millis;
use crate::api::response::{Handle, HandleField};
use crate::config::Settings;
use crate::data::{loose, Json};
use crate::error::Failure;
use crate::flow::timing::seconds_left;
use serde::{Deserialize, Serialize};

/// Version of the stored format; a stored value with another version is ignored.
pub const SCHEMA_VERSION: u64 = 1;

/// The storage key for one widget instance.
pub fn storage_key(settings: &Settings) -> String {
    let mut key = format!("magic-link-login:{}", settings.client_id);
    if let Some(extra) = &settings.storage_key {
        key.push(':');
        key.push_str(extra);
    }
    key
}

/// The part of a waiting or expired step (or of a form waiting out the server's
/// `Retry-After`) that is stored, field for field (the names are the stored format).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Snapshot {
    v: u64,
    step: StoredStep,
    email: String,
    state: String,
    /// Written only for `session_id`; anything unknown reads as `state`.
    #[serde(
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    state_field: Option<HandleField>,
    /// The end of the cooldown (waiting) or of the server's wait (form).
    cooldown_until: Millis,
    expires_at: Millis,
    resends: u32,
    /// The number-matching code, when the API gave one.
    #[serde(
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    match_code: Option<String>,
}

/// The steps worth keeping across a reload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
enum StoredStep {
    Waiting,
    Expired,
    /// The form while Send waits out a 429's `Retry-After` (no handle yet).
    Form,
}

impl Snapshot {
    /// The snapshot of `step`; `None` for steps not worth keeping (the form, a send
    /// in flight, signed in), whose stored value the flow forgets instead.
    pub fn of(step: &Step) -> Option<Snapshot> {
        let none = Handle::from("");
        let (kind, email, handle, cooldown_until, expires_at, resends, match_code) = match step {
            Step::Waiting(w) => (
                StoredStep::Waiting,
                &w.email,
                &w.handle,
                w.cooldown_until,
                w.expires_at,
                w.resends,
                w.match_code.clone(),
            ),
            Step::Expired(e) => (StoredStep::Expired, &e.email, &e.handle, 0, 0, 0, None),
            Step::Form(Form {
                email,
                send_not_before: Some(at),
                ..
            }) => (StoredStep::Form, email, &none, *at, 0, 0, None),
            _ => return None,
        };
        Some(Snapshot {
            v: SCHEMA_VERSION,
            step: kind,
            email: email.clone(),
            state: handle.value.clone(),
            state_field: (handle.field == HandleField::SessionId).then_some(handle.field),
            cooldown_until,
            expires_at,
            resends,
            match_code,
        })
    }

    /// A snapshot that stands for "some save" in transition tests.
    #[cfg(test)]
    pub(crate) fn placeholder() -> Snapshot {
        Snapshot {
            v: 0,
            step: StoredStep::Expired,
            email: String::new(),
            state: String::new(),
            state_field: None,
            cooldown_until: 0,
            expires_at: 0,
            resends: 0,
            match_code: None,
        }
    }

    /// The stored text.
    pub fn encode(&self) -> String {
        Json::of(self)
            .map(|json| json.to_text())
            .unwrap_or_default()
    }
}

/// The stored form of `flow`, or `None` when its step is not worth keeping.
pub fn encode(flow: &Flow) -> Option<String> {
    Snapshot::of(&flow.step).map(|snapshot| snapshot.encode())
}

/// Rebuilds a flow from its stored form at time `now`, or `None` if the value is
/// unusable. A restored waiting flow polls at once.
pub fn decode(text: &str, now: Millis, settings: &Settings) -> Option<Flow> {
    let stored: Snapshot = Json::parse(text).filter(Json::is_object)?.read()?;
    let needs_handle = stored.step != StoredStep::Form;
    if stored.v != SCHEMA_VERSION
        || stored.email.is_empty()
        || (needs_handle && stored.state.is_empty())
    {
        return None;
    }
    let handle = Handle {
        value: stored.state,
        field: stored.state_field.unwrap_or_default(),
    };
    let step = match stored.step {
        StoredStep::Form => {
            let at = stored.cooldown_until.min(now + settings.max_cooldown_ms());
            Step::Form(Form {
                email: stored.email,
                // The alert as it was: "try again in N seconds", N from now.
                error: Some(Failure::rate_limited(Some(seconds_left(at, now)))),
                send_not_before: Some(at),
            })
        }
        StoredStep::Expired => Step::Expired(Expired {
            email: stored.email,
            handle,
        }),
        StoredStep::Waiting => {
            let cooldown_until = stored.cooldown_until.min(now + settings.max_cooldown_ms());
            Step::Waiting(Waiting {
                email: stored.email,
                handle,
                match_code: stored.match_code,
                cooldown_until,
                expires_at: stored.expires_at.min(now + settings.link_ttl_ms()),
                resends: stored.resends,
                resending: None,
                error: None,
                poll: Polling {
                    next_at: now,
                    ..Polling::default()
                },
                // Not announced on a reload: "Resend" was already open before it.
                resend_open: now >= cooldown_until,
            })
        }
    };
    Some(Flow::at(step))
}
