//! The part of the flow that survives a reload, and its storage format.
//!
//! Stored: the step, the address, the state handle, the cooldown deadline, the link's
//! expiry and the resend count. Never stored: tokens (the flow never holds them).
//! Reading is defensive: the value may come from an older version, another tab, or a
//! person editing storage by hand; anything unexpected means "start clean", and
//! deadlines are clamped so a far-future value cannot lock the person out.

use super::machine::{Flow, Step};
use super::timing::Millis;
use crate::api::response::HandleField;
use crate::config::Settings;
use crate::data::{loose, Json};
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

/// The stored value, field for field (the names are the stored format).
#[derive(Deserialize, Serialize)]
struct Stored {
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
    cooldown_until: Millis,
    expires_at: Millis,
    resends: u32,
}

/// The steps worth keeping across a reload.
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
enum StoredStep {
    Waiting,
    Expired,
}

/// The stored form of `flow`, or `None` when there is nothing worth keeping (the
/// form, a send in flight, signed in): the caller then removes the stored value.
pub fn encode(flow: &Flow) -> Option<String> {
    let step = match flow.step {
        Step::Waiting => StoredStep::Waiting,
        Step::Expired => StoredStep::Expired,
        _ => return None,
    };
    let stored = Stored {
        v: SCHEMA_VERSION,
        step,
        email: flow.email.clone(),
        state: flow.handle.clone(),
        state_field: (flow.handle_field == HandleField::SessionId).then_some(flow.handle_field),
        cooldown_until: flow.cooldown_until,
        expires_at: flow.expires_at,
        resends: flow.resends,
    };
    Some(Json::of(&stored)?.to_text())
}

/// Rebuilds a flow from its stored form at time `now`, or `None` if the value is
/// unusable. A restored waiting flow polls at once.
pub fn decode(text: &str, now: Millis, settings: &Settings) -> Option<Flow> {
    let stored: Stored = Json::parse(text).filter(Json::is_object)?.read()?;
    if stored.v != SCHEMA_VERSION || stored.email.is_empty() || stored.state.is_empty() {
        return None;
    }
    Some(Flow {
        step: match stored.step {
            StoredStep::Waiting => Step::Waiting,
            StoredStep::Expired => Step::Expired,
        },
        email: stored.email,
        handle: stored.state,
        handle_field: stored.state_field.unwrap_or_default(),
        cooldown_until: stored.cooldown_until.min(now + settings.max_cooldown_ms()),
        expires_at: stored.expires_at.min(now + settings.link_ttl_ms()),
        resends: stored.resends,
        next_poll_at: now,
        ..Flow::new(None)
    })
}
