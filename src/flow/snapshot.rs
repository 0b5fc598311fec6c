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
use crate::json::{self, write_string, Value};

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

/// The stored form of `flow`, or `None` when there is nothing worth keeping (the
/// form, a send in flight, signed in): the caller then removes the stored value.
pub fn encode(flow: &Flow) -> Option<String> {
    let step = match flow.step {
        Step::Waiting => "waiting",
        Step::Expired => "expired",
        _ => return None,
    };
    let mut out = format!("{{\"v\":{SCHEMA_VERSION},\"step\":\"{step}\",\"email\":");
    write_string(&mut out, &flow.email);
    out.push_str(",\"state\":");
    write_string(&mut out, &flow.handle);
    if flow.handle_field == HandleField::SessionId {
        out.push_str(",\"state_field\":\"session_id\"");
    }
    out.push_str(&format!(
        ",\"cooldown_until\":{},\"expires_at\":{},\"resends\":{}}}",
        flow.cooldown_until, flow.expires_at, flow.resends
    ));
    Some(out)
}

/// Rebuilds a flow from its stored form at time `now`, or `None` if the value is
/// unusable. A restored waiting flow polls at once.
pub fn decode(text: &str, now: Millis, settings: &Settings) -> Option<Flow> {
    let value = json::parse(text)?;
    if value.get("v").and_then(Value::as_u64) != Some(SCHEMA_VERSION) {
        return None;
    }
    let step = match value.get("step")?.as_str()? {
        "waiting" => Step::Waiting,
        "expired" => Step::Expired,
        _ => return None,
    };
    let email = value.str_field("email")?.to_owned();
    let handle = value.str_field("state")?.to_owned();
    let handle_field = match value.str_field("state_field") {
        Some("session_id") => HandleField::SessionId,
        _ => HandleField::State,
    };
    let number = |key: &str| value.get(key).and_then(Value::as_u64);
    let cooldown_until = number("cooldown_until")?.min(now + settings.max_cooldown_ms());
    let expires_at = number("expires_at")?.min(now + settings.link_ttl_ms());
    let resends = u32::try_from(number("resends")?).ok()?;
    Some(Flow {
        step,
        email,
        handle,
        handle_field,
        cooldown_until,
        expires_at,
        resends,
        next_poll_at: now,
        ..Flow::new(None)
    })
}
