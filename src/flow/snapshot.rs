//! The part of the flow that survives a reload, and its storage format.
//!
//! Stored: the step, the address, the state handle, the cooldown deadline, the link's
//! expiry and the resend count, and the code's handle and expiry when a code is out. Never stored: tokens (the flow never holds them).
//! Reading is defensive: the value may come from an older version, another tab, or a
//! person editing storage by hand; anything unexpected means "start clean", and
//! deadlines are clamped so a far-future value cannot lock the person out.

use super::machine::{
    CodeEntry, CodeStep, Ending, Expired, Flow, Form, Polling, Resends, Step, Waiting,
};
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
    /// On the waiting step after "Enter a code instead": the code's handle and
    /// expiry (on the code step, `state` and `expires_at` are the code's).
    #[serde(
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    code: Option<StoredCode>,
}

/// A code on offer beside the link.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
struct StoredCode {
    state: String,
    #[serde(
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    state_field: Option<HandleField>,
    expires_at: Millis,
}

/// The steps worth keeping across a reload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
enum StoredStep {
    Waiting,
    Expired,
    /// The code step.
    Code,
    /// An expired code.
    CodeExpired,
    /// A link refused where it was opened (number matching).
    Cancelled,
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
                w.resend.cooldown_until,
                w.expires_at,
                w.resend.count,
                w.match_code.clone(),
            ),
            Step::Code(c) => (
                StoredStep::Code,
                &c.email,
                &c.code.handle,
                c.resend.cooldown_until,
                c.code.expires_at,
                c.resend.count,
                None,
            ),
            Step::Expired(e) => {
                let kind = match e.ending {
                    Ending::LinkExpired => StoredStep::Expired,
                    Ending::CodeExpired => StoredStep::CodeExpired,
                    Ending::Cancelled => StoredStep::Cancelled,
                };
                (kind, &e.email, &e.handle, 0, 0, 0, None)
            }
            Step::Form(Form {
                email,
                send_not_before: Some(at),
                ..
            }) => (StoredStep::Form, email, &none, *at, 0, 0, None),
            _ => return None,
        };
        let code = match step {
            Step::Waiting(Waiting {
                code: Some(code), ..
            }) => Some(StoredCode {
                state: code.handle.value.clone(),
                state_field: stored_field(&code.handle),
                expires_at: code.expires_at,
            }),
            _ => None,
        };
        Some(Snapshot {
            v: SCHEMA_VERSION,
            step: kind,
            email: email.clone(),
            state: handle.value.clone(),
            state_field: stored_field(handle),
            cooldown_until,
            expires_at,
            resends,
            match_code,
            code,
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
            code: None,
        }
    }

    /// The stored text.
    pub fn encode(&self) -> String {
        Json::of(self)
            .map(|json| json.to_text())
            .unwrap_or_default()
    }
}

/// The handle's field as stored: written only for `session_id`.
fn stored_field(handle: &Handle) -> Option<HandleField> {
    (handle.field == HandleField::SessionId).then_some(handle.field)
}

/// A restored code: not being checked, its earlier refusal not repeated.
fn restored_code(handle: Handle, expires_at: Millis) -> CodeEntry {
    CodeEntry {
        handle,
        expires_at,
        verifying: None,
        error: None,
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
    stored.restore(now, settings)
}

impl Snapshot {
    /// The handles it names: the link's or code's, and a code's beside a link.
    pub fn handles(&self) -> impl Iterator<Item = &str> {
        let code = self.code.as_ref().map(|code| code.state.as_str());
        std::iter::once(self.state.as_str())
            .chain(code)
            .filter(|handle| !handle.is_empty())
    }

    /// Whether it is a step a tab can join: waiting on a link, or on a code.
    pub fn is_waiting(&self) -> bool {
        matches!(self.step, StoredStep::Waiting | StoredStep::Code)
    }

    /// Whether it is the link's waiting step (a code asked for beside it included).
    pub fn is_waiting_for_the_link(&self) -> bool {
        self.step == StoredStep::Waiting
    }

    /// The flow it stands for at time `now` (read defensively, as [`decode`] does),
    /// or `None` if it is unusable. A restored waiting flow polls at once.
    pub fn restore(self, now: Millis, settings: &Settings) -> Option<Flow> {
        let stored = self;
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
            StoredStep::Expired | StoredStep::CodeExpired | StoredStep::Cancelled => {
                Step::Expired(Expired {
                    email: stored.email,
                    handle,
                    ending: match stored.step {
                        StoredStep::CodeExpired => Ending::CodeExpired,
                        StoredStep::Cancelled => Ending::Cancelled,
                        _ => Ending::LinkExpired,
                    },
                })
            }
            StoredStep::Waiting | StoredStep::Code => {
                let cooldown_until = stored.cooldown_until.min(now + settings.max_cooldown_ms());
                let resend = Resends {
                    cooldown_until,
                    count: stored.resends,
                    in_flight: None,
                    error: None,
                    // Not announced on a reload: "Resend" was already open before it.
                    open: now >= cooldown_until,
                };
                let expires_at = stored.expires_at.min(now + settings.link_ttl_ms());
                if stored.step == StoredStep::Code {
                    Step::Code(CodeStep {
                        email: stored.email,
                        code: restored_code(handle, expires_at),
                        resend,
                    })
                } else {
                    let code = stored
                        .code
                        .filter(|code| !code.state.is_empty())
                        .map(|code| {
                            let handle = Handle {
                                value: code.state,
                                field: code.state_field.unwrap_or_default(),
                            };
                            restored_code(handle, code.expires_at.min(now + settings.link_ttl_ms()))
                        });
                    Step::Waiting(Waiting {
                        email: stored.email,
                        handle,
                        match_code: stored.match_code,
                        expires_at,
                        resend,
                        poll: Polling {
                            next_at: now,
                            ..Polling::default()
                        },
                        code,
                        asking_code: None,
                    })
                }
            }
        };
        Some(Flow::at(step))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc_lists::{between, quoted, LOADER};

    /// The loader reads the stored snapshot before the wasm runs (to show a
    /// placeholder instead of the form after a reload): its version and its step
    /// names must be this file's.
    #[test]
    fn the_loader_reads_this_format() {
        let version = between(LOADER, "var SNAPSHOT_VERSION = ", ";");
        assert_eq!(version, SCHEMA_VERSION.to_string());
        let past_form: Vec<String> = [
            StoredStep::Waiting,
            StoredStep::Expired,
            StoredStep::Code,
            StoredStep::CodeExpired,
            StoredStep::Cancelled,
        ]
        .iter()
        .map(|step| {
            Json::of(step)
                .and_then(|json| json.read::<String>())
                .unwrap()
        })
        .collect();
        let listed = quoted(between(LOADER, "var PAST_FORM_STEPS = [", "];"));
        assert_eq!(listed, past_form);
        // Every stored step but the form is past the form.
        let form = Json::of(&StoredStep::Form)
            .unwrap()
            .read::<String>()
            .unwrap();
        assert!(!listed.contains(&form.as_str()));
    }
}
