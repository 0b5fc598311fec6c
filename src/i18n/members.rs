//! The texts by key, as the `texts` option and the language files write them: a JSON
//! object whose keys are the field names of [`Texts`] (`errors.<code>` for error
//! messages), each a string; a counted text also takes an array of forms, one per
//! plural category of the language (in CLDR's order), where a single string is
//! used for every count.
//!
//! Texts built from JSON live for the page's life (`&'static`, leaked once per
//! table), like the built-in English one.

use super::{other_only, Plural, Texts};
use crate::data::{Entries, Json};

/// Every key of a text table, in the order of the fields of [`Texts`]: the one list
/// of the `texts` option's keys and the language files'. `apply` handles each; host
/// tests check it against the tables, the language files, the README and the `.d.ts`
/// (`TextKey`).
pub const TEXT_KEYS: [&str; 59] = [
    "form_title",
    "email_label",
    "send",
    "sending",
    "send_in",
    "waiting_title",
    "waiting_body",
    "waiting_status",
    "match_code",
    "resend",
    "resend_in",
    "resending",
    "resent",
    "resend_ready",
    "use_different_email",
    "offline_waiting",
    "back_online",
    "signed_in_title",
    "signed_in_body",
    "expired_title",
    "expired_body",
    "send_new_link",
    "config_title",
    "server_said",
    "email_placeholder",
    "send_code",
    "sending_code",
    "code_title",
    "code_body",
    "code_label",
    "verify_code",
    "verifying",
    "code_status",
    "resend_code",
    "resending_code",
    "code_resent",
    "resend_code_ready",
    "enter_code_instead",
    "code_expired_title",
    "code_expired_body",
    "send_new_code",
    "cancelled_title",
    "cancelled_body",
    "errors.invalid_email",
    "errors.rate_limited_for",
    "errors.rate_limited",
    "errors.network",
    "errors.timeout",
    "errors.server",
    "errors.bad_response",
    "errors.expired",
    "errors.cancelled",
    "errors.config",
    "errors.offline",
    "errors.rejected",
    "errors.invalid_code",
    "errors.wrong_code",
    "errors.wrong_code_left",
    "errors.config_unavailable",
];

/// The keys of [`TEXT_KEYS`] that are counted texts ([`super::Plural`]): a string or
/// an array of forms; every other key takes a string only.
pub const COUNTED_KEYS: [&str; 6] = [
    "waiting_status",
    "resent",
    "errors.rate_limited_for",
    "code_status",
    "code_resent",
    "errors.wrong_code_left",
];

/// One member's value.
pub enum Text {
    /// A string.
    One(String),
    /// The forms of a counted text.
    Forms(Vec<String>),
}

/// The members of a JSON object that are texts, in order; members of other types
/// are skipped, so one odd value never costs the others.
pub struct Members(pub Vec<(String, Text)>);

impl Members {
    /// The members of JSON `text`, when it is an object.
    pub fn parse(text: &str) -> Option<Members> {
        Members::of(&Json::parse(text)?)
    }

    /// The members of `json`, when it is an object.
    pub fn of(json: &Json) -> Option<Members> {
        let Entries(entries) = json.is_object().then(|| json.read()).flatten()?;
        let texts = entries.into_iter().filter_map(|(key, value)| {
            let text = match value.read::<String>() {
                Some(text) => Text::One(text),
                None => Text::Forms(value.read::<Vec<String>>().filter(|f| !f.is_empty())?),
            };
            Some((key, text))
        });
        Some(Members(texts.collect()))
    }

    /// Writes every member into `texts`; unknown keys are ignored.
    pub fn apply_to(self, texts: &mut Texts) {
        for (key, text) in self.0 {
            apply(texts, &key, text);
        }
    }
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// A counted text: one template for every count, or the language's forms under the
/// rule `current` already uses.
fn counted(current: &Plural, text: Text) -> Plural {
    match text {
        Text::One(text) => Plural {
            rule: other_only,
            forms: Box::leak(Box::new([leak(text)])),
        },
        Text::Forms(forms) => Plural {
            rule: current.rule,
            forms: Box::leak(forms.into_iter().map(leak).collect()),
        },
    }
}

fn apply(t: &mut Texts, key: &str, text: Text) {
    match (key, text) {
        ("form_title", Text::One(text)) => t.form_title = leak(text),
        ("email_label", Text::One(text)) => t.email_label = leak(text),
        ("send", Text::One(text)) => t.send = leak(text),
        ("sending", Text::One(text)) => t.sending = leak(text),
        ("send_in", Text::One(text)) => t.send_in = leak(text),
        ("waiting_title", Text::One(text)) => t.waiting_title = leak(text),
        ("waiting_body", Text::One(text)) => t.waiting_body = leak(text),
        ("waiting_status", text) => t.waiting_status = counted(&t.waiting_status, text),
        ("match_code", Text::One(text)) => t.match_code = leak(text),
        ("resend", Text::One(text)) => t.resend = leak(text),
        ("resend_in", Text::One(text)) => t.resend_in = leak(text),
        ("resending", Text::One(text)) => t.resending = leak(text),
        ("resent", text) => t.resent = counted(&t.resent, text),
        ("resend_ready", Text::One(text)) => t.resend_ready = leak(text),
        ("use_different_email", Text::One(text)) => t.use_different_email = leak(text),
        ("offline_waiting", Text::One(text)) => t.offline_waiting = leak(text),
        ("back_online", Text::One(text)) => t.back_online = leak(text),
        ("signed_in_title", Text::One(text)) => t.signed_in_title = leak(text),
        ("signed_in_body", Text::One(text)) => t.signed_in_body = leak(text),
        ("expired_title", Text::One(text)) => t.expired_title = leak(text),
        ("expired_body", Text::One(text)) => t.expired_body = leak(text),
        ("send_new_link", Text::One(text)) => t.send_new_link = leak(text),
        ("config_title", Text::One(text)) => t.config_title = leak(text),
        ("server_said", Text::One(text)) => t.server_said = leak(text),
        ("email_placeholder", Text::One(text)) => t.email_placeholder = leak(text),
        ("send_code", Text::One(text)) => t.send_code = leak(text),
        ("sending_code", Text::One(text)) => t.sending_code = leak(text),
        ("code_title", Text::One(text)) => t.code_title = leak(text),
        ("code_body", Text::One(text)) => t.code_body = leak(text),
        ("code_label", Text::One(text)) => t.code_label = leak(text),
        ("verify_code", Text::One(text)) => t.verify_code = leak(text),
        ("verifying", Text::One(text)) => t.verifying = leak(text),
        ("code_status", text) => t.code_status = counted(&t.code_status, text),
        ("resend_code", Text::One(text)) => t.resend_code = leak(text),
        ("resending_code", Text::One(text)) => t.resending_code = leak(text),
        ("code_resent", text) => t.code_resent = counted(&t.code_resent, text),
        ("resend_code_ready", Text::One(text)) => t.resend_code_ready = leak(text),
        ("enter_code_instead", Text::One(text)) => t.enter_code_instead = leak(text),
        ("code_expired_title", Text::One(text)) => t.code_expired_title = leak(text),
        ("code_expired_body", Text::One(text)) => t.code_expired_body = leak(text),
        ("send_new_code", Text::One(text)) => t.send_new_code = leak(text),
        ("cancelled_title", Text::One(text)) => t.cancelled_title = leak(text),
        ("cancelled_body", Text::One(text)) => t.cancelled_body = leak(text),
        ("errors.invalid_email", Text::One(text)) => t.errors.invalid_email = leak(text),
        ("errors.rate_limited_for", text) => {
            t.errors.rate_limited_for = counted(&t.errors.rate_limited_for, text)
        }
        ("errors.rate_limited", Text::One(text)) => t.errors.rate_limited = leak(text),
        ("errors.network", Text::One(text)) => t.errors.network = leak(text),
        ("errors.timeout", Text::One(text)) => t.errors.timeout = leak(text),
        ("errors.server", Text::One(text)) => t.errors.server = leak(text),
        ("errors.bad_response", Text::One(text)) => t.errors.bad_response = leak(text),
        ("errors.expired", Text::One(text)) => t.errors.expired = leak(text),
        ("errors.cancelled", Text::One(text)) => t.errors.cancelled = leak(text),
        ("errors.config", Text::One(text)) => t.errors.config = leak(text),
        ("errors.offline", Text::One(text)) => t.errors.offline = leak(text),
        ("errors.rejected", Text::One(text)) => t.errors.rejected = leak(text),
        ("errors.invalid_code", Text::One(text)) => t.errors.invalid_code = leak(text),
        ("errors.wrong_code", Text::One(text)) => t.errors.wrong_code = leak(text),
        ("errors.wrong_code_left", text) => {
            t.errors.wrong_code_left = counted(&t.errors.wrong_code_left, text)
        }
        ("errors.config_unavailable", Text::One(text)) => t.errors.config_unavailable = leak(text),
        _ => {}
    }
}
