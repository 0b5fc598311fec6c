//! Every text the widget shows, one table per language, and the one place where
//! error codes become words.
//!
//! Templates use `{n}` for a number of seconds and `{email}` for the address.
//! English is built in (`en.rs`); the other languages are files in `lang/`
//! ([`language_files`]), read at run time.

pub mod announce;
mod en;
#[cfg(test)]
mod key_tests;
pub mod language_files;
pub mod members;
pub mod overrides;
#[cfg(test)]
mod table_tests;

use crate::error::{ErrorCode, Failure};
use crate::flow::Ending;

/// The texts of one language.
#[derive(Clone, Debug)]
pub struct Texts {
    /// BCP 47 tag of the language.
    pub lang: &'static str,
    /// Whether the language is written right to left.
    pub rtl: bool,
    /// Heading of the form.
    pub form_title: &'static str,
    /// Label of the address field (must contain "Email" in English).
    pub email_label: &'static str,
    /// The submit button (must contain "Send" in English).
    pub send: &'static str,
    /// Status while the send is in flight.
    pub sending: &'static str,
    /// Visible countdown next to the send button after the API said "too many";
    /// `{n}` whole seconds.
    pub send_in: &'static str,
    /// Heading of the waiting step.
    pub waiting_title: &'static str,
    /// Body of the waiting step; `{email}` is the address.
    pub waiting_body: &'static str,
    /// Status announced when the waiting step opens; `{email}`, `{n}` seconds.
    pub waiting_status: Plural,
    /// The number-matching code on the waiting step; `{code}` is the digits.
    pub match_code: &'static str,
    /// The resend button (must contain "Resend" in English).
    pub resend: &'static str,
    /// Visible countdown next to the resend button; `{n}` whole seconds.
    pub resend_in: &'static str,
    /// Status while a resend is in flight.
    pub resending: &'static str,
    /// Status after a resend succeeded; `{n}` seconds until the next one.
    pub resent: Plural,
    /// Status when the cooldown ends.
    pub resend_ready: &'static str,
    /// The back button (must contain "different email" in English).
    pub use_different_email: &'static str,
    /// Shown on the waiting step while the browser is offline.
    pub offline_waiting: &'static str,
    /// Status when the browser is back online on the waiting step.
    pub back_online: &'static str,
    /// Heading when signed in.
    pub signed_in_title: &'static str,
    /// Body when signed in.
    pub signed_in_body: &'static str,
    /// Heading when the link expired.
    pub expired_title: &'static str,
    /// Body when the link expired; `{email}` is the address.
    pub expired_body: &'static str,
    /// Button that e-mails a new link after expiry.
    pub send_new_link: &'static str,
    /// Heading when the configuration cannot work.
    pub config_title: &'static str,
    /// Prefix for words the API gave with an error.
    pub server_said: &'static str,
    /// Placeholder of the address field; empty for none (`use-config` may set it).
    pub email_placeholder: &'static str,
    /// The submit button of `method="code"` (must contain "Send" in English).
    pub send_code: &'static str,
    /// Status while a code's send is in flight.
    pub sending_code: &'static str,
    /// Heading of the code step.
    pub code_title: &'static str,
    /// Body of the code step; `{email}` is the address.
    pub code_body: &'static str,
    /// Label of the code field (must contain "code" in English).
    pub code_label: &'static str,
    /// The code's submit button.
    pub verify_code: &'static str,
    /// Status while a code is being checked.
    pub verifying: &'static str,
    /// Status announced when the code step opens; `{email}`, `{n}` seconds.
    pub code_status: Plural,
    /// The resend button of a code (must contain "Resend" in English).
    pub resend_code: &'static str,
    /// Status while a code's resend is in flight.
    pub resending_code: &'static str,
    /// Status after a code's resend succeeded; `{n}` seconds until the next one.
    pub code_resent: Plural,
    /// Status when a code's cooldown ends.
    pub resend_code_ready: &'static str,
    /// The waiting step's switch to a code (`method="link code"`; must contain "code" in English).
    pub enter_code_instead: &'static str,
    /// Heading when the code expired (or took too many tries).
    pub code_expired_title: &'static str,
    /// Body when the code expired; `{email}` is the address.
    pub code_expired_body: &'static str,
    /// Button that e-mails a new code after expiry.
    pub send_new_code: &'static str,
    /// Heading when the sign-in was cancelled where the link was opened (a number
    /// other than this page's was picked).
    pub cancelled_title: &'static str,
    /// Body when the sign-in was cancelled; `{email}` is the address.
    pub cancelled_body: &'static str,
    /// Message per error code.
    pub errors: ErrorTexts,
}

/// One message per [`ErrorCode`]; `{n}` is a number of seconds where relevant.
#[derive(Clone, Debug)]
pub struct ErrorTexts {
    /// [`ErrorCode::InvalidEmail`]
    pub invalid_email: &'static str,
    /// [`ErrorCode::RateLimited`] with a known wait.
    pub rate_limited_for: Plural,
    /// [`ErrorCode::RateLimited`] without a known wait.
    pub rate_limited: &'static str,
    /// [`ErrorCode::Network`]
    pub network: &'static str,
    /// [`ErrorCode::Timeout`]
    pub timeout: &'static str,
    /// [`ErrorCode::Server`]
    pub server: &'static str,
    /// [`ErrorCode::BadResponse`]
    pub bad_response: &'static str,
    /// [`ErrorCode::Expired`]
    pub expired: &'static str,
    /// [`ErrorCode::Cancelled`]
    pub cancelled: &'static str,
    /// [`ErrorCode::Config`]
    pub config: &'static str,
    /// [`ErrorCode::Offline`]
    pub offline: &'static str,
    /// [`ErrorCode::Rejected`]
    pub rejected: &'static str,
    /// [`ErrorCode::InvalidCode`]
    pub invalid_code: &'static str,
    /// [`ErrorCode::WrongCode`] when the API did not say how many tries are left.
    pub wrong_code: &'static str,
    /// [`ErrorCode::WrongCode`] with the tries left; `{n}` is their number.
    pub wrong_code_left: Plural,
    /// [`ErrorCode::ConfigUnavailable`] (told to the page, never shown).
    pub config_unavailable: &'static str,
}

/// A text that depends on a count: one form per CLDR plural category the language
/// uses, picked by the language's rule.
#[derive(Clone, Debug)]
pub struct Plural {
    /// Picks the form for `n` (an index into `forms`).
    pub rule: fn(u64) -> usize,
    /// The forms, in the order the rule's indices name them.
    pub forms: &'static [&'static str],
}

impl Plural {
    /// The form for `n`, with `{n}` filled in.
    pub fn format(&self, n: u64) -> String {
        let form = self
            .forms
            .get((self.rule)(n))
            .or(self.forms.last())
            .copied()
            .unwrap_or("");
        fill_number(form, n)
    }
}

// Plural rules for whole numbers, from CLDR's cardinal rules
// (unicode-org/cldr, common/supplemental/plurals.xml). Each returns the index of the
// category in CLDR's order (zero, one, two, few, many, other), counting only the
// categories the language has. For whole numbers the operands are i = n, v = 0, e = 0.

/// English and German (CLDR `en`, `de`: `one: i = 1 and v = 0`): index 0 one (1),
/// 1 other (0, 2, 3, …).
pub fn one_other(n: u64) -> usize {
    usize::from(n != 1)
}

/// Japanese (CLDR `ja`, no rule but `other`): index 0 other, for every number.
pub fn other_only(_n: u64) -> usize {
    0
}

/// CLDR's `many` for French, Spanish and Portuguese whole numbers
/// (`e = 0 and i != 0 and i % 1000000 = 0 and v = 0`): a non-zero multiple of a
/// million, as in "1 000 000 de secondes".
fn millions(n: u64) -> bool {
    n != 0 && n % 1_000_000 == 0
}

/// French (CLDR `fr`: `one: i = 0,1`; `many: e = 0 and i != 0 and i % 1000000 = 0
/// and v = 0 or e != 0..5`): index 0 one (0, 1), 1 many (1000000, 2000000, …),
/// 2 other (2, 3, …, 100, 1000, …).
pub fn fr_rule(n: u64) -> usize {
    if n <= 1 {
        0
    } else if millions(n) {
        1
    } else {
        2
    }
}

/// Spanish (CLDR `es`: `one: n = 1`; `many` as French): index 0 one (1), 1 many
/// (1000000, 2000000, …), 2 other (0, 2, 3, …).
pub fn es_rule(n: u64) -> usize {
    if n == 1 {
        0
    } else if millions(n) {
        1
    } else {
        2
    }
}

/// Portuguese (CLDR `pt`: `one: i = 0..1`; `many` as French): index 0 one (0, 1),
/// 1 many (1000000, 2000000, …), 2 other (2, 3, …). CLDR's `pt_PT` puts 0 in
/// `other`; the one Portuguese table follows `pt`.
pub fn pt_rule(n: u64) -> usize {
    fr_rule(n)
}

/// Arabic (CLDR `ar`: `zero: n = 0`; `one: n = 1`; `two: n = 2`;
/// `few: n % 100 = 3..10`; `many: n % 100 = 11..99`): index 0 zero (0), 1 one (1),
/// 2 two (2), 3 few (3–10, 103–110, …), 4 many (11–99, 111–199, …), 5 other (100–102,
/// 200–202, 1000, …).
pub fn ar_rule(n: u64) -> usize {
    match n {
        0 => 0,
        1 => 1,
        2 => 2,
        _ => match n % 100 {
            3..=10 => 3,
            11..=99 => 4,
            _ => 5,
        },
    }
}

/// Replaces `{n}` with `n`.
pub fn fill_number(template: &str, n: u64) -> String {
    template.replace("{n}", &n.to_string())
}

/// The primary language subtag: `de` of `de-AT`.
pub fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// The CLDR plural rule of a language (English's for a language without one here).
pub fn plural_rule(lang: &str) -> fn(u64) -> usize {
    match lang {
        "fr" => fr_rule,
        "es" => es_rule,
        "pt" => pt_rule,
        "ja" => other_only,
        "ar" => ar_rule,
        _ => one_other,
    }
}

/// The table for a language tag (`de-AT` finds `de`): English, or a language added
/// from its file; English when unknown or not added.
pub fn texts_for(tag: Option<&str>) -> &'static Texts {
    let primary = primary_subtag(tag.unwrap_or("en"));
    language_files::added(primary).unwrap_or(&en::EN)
}

/// The words of the expired step for one [`Ending`].
pub struct EndingTexts {
    /// The heading.
    pub title: &'static str,
    /// The explanation; `{email}` is the address.
    pub body: &'static str,
    /// The button that starts again.
    pub again: &'static str,
}

impl Texts {
    /// The expired step's words for `ending`.
    pub fn ending(&self, ending: Ending) -> EndingTexts {
        let (title, body, again) = match ending {
            Ending::LinkExpired => (self.expired_title, self.expired_body, self.send_new_link),
            Ending::CodeExpired => (
                self.code_expired_title,
                self.code_expired_body,
                self.send_new_code,
            ),
            Ending::Cancelled => (
                self.cancelled_title,
                self.cancelled_body,
                self.send_new_link,
            ),
        };
        EndingTexts { title, body, again }
    }

    /// The message for an error: the code's text, with the wait filled in.
    pub fn error_message(&self, code: ErrorCode, retry_after_s: Option<u64>) -> String {
        let e = &self.errors;
        match code {
            ErrorCode::InvalidEmail => e.invalid_email.into(),
            ErrorCode::RateLimited => match retry_after_s {
                Some(n) if n > 0 => e.rate_limited_for.format(n),
                _ => e.rate_limited.into(),
            },
            ErrorCode::Network => e.network.into(),
            ErrorCode::Timeout => e.timeout.into(),
            ErrorCode::Server => e.server.into(),
            ErrorCode::BadResponse => e.bad_response.into(),
            ErrorCode::Expired => e.expired.into(),
            ErrorCode::Cancelled => e.cancelled.into(),
            ErrorCode::Config => e.config.into(),
            ErrorCode::Offline => e.offline.into(),
            ErrorCode::Rejected => e.rejected.into(),
            ErrorCode::InvalidCode => e.invalid_code.into(),
            ErrorCode::WrongCode => e.wrong_code.into(),
            ErrorCode::ConfigUnavailable => e.config_unavailable.into(),
        }
    }

    /// The message for `failure`: [`Texts::error_message`], and for a refused code
    /// the tries left when the API said.
    pub fn failure_message(&self, failure: &Failure) -> String {
        match (failure.code, failure.tries_left) {
            (ErrorCode::WrongCode, Some(n)) => self.errors.wrong_code_left.format(n.into()),
            (code, _) => self.error_message(code, failure.retry_after_s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_names_are_in_the_english_texts() {
        let en = texts_for(None);
        assert!(en.email_label.contains("Email"));
        assert!(en.send.contains("Send"));
        assert!(en.resend.contains("Resend"));
        assert!(en.use_different_email.contains("different email"));
        assert_eq!(fill_number(en.resend_in, 27), "Resend in 27s");
    }

    #[test]
    fn unknown_or_regional_tags_fall_back_sensibly() {
        assert_eq!(texts_for(Some("xx")).lang, "en");
        assert_eq!(texts_for(Some("EN-gb")).lang, "en");
    }

    #[test]
    fn english_plurals() {
        let en = texts_for(Some("en"));
        assert_eq!(
            en.errors.rate_limited_for.format(1),
            "Too many attempts. Please try again in 1 second."
        );
        assert_eq!(
            en.errors.rate_limited_for.format(5),
            "Too many attempts. Please try again in 5 seconds."
        );
    }

    #[test]
    fn every_language_has_every_text() {
        let languages = table_tests::all_languages();
        let tags: Vec<_> = languages.iter().map(|t| t.lang).collect();
        assert_eq!(tags, ["en", "ar", "de", "es", "fr", "ja", "pt"]);
        for t in languages {
            let plain = [
                t.form_title,
                t.email_label,
                t.send,
                t.sending,
                t.waiting_title,
                t.waiting_body,
                t.resend,
                t.resend_in,
                t.resending,
                t.resend_ready,
                t.use_different_email,
                t.offline_waiting,
                t.back_online,
                t.signed_in_title,
                t.signed_in_body,
                t.expired_title,
                t.expired_body,
                t.send_new_link,
                t.config_title,
                t.server_said,
            ];
            for text in plain {
                assert!(!text.trim().is_empty(), "{}: empty text", t.lang);
            }
            assert!(
                t.resend_in.contains("{n}"),
                "{}: countdown without digits",
                t.lang
            );
            assert!(t.waiting_body.contains("{email}"), "{}", t.lang);
            for code in ErrorCode::ALL {
                assert!(
                    !t.error_message(code, Some(3)).trim().is_empty(),
                    "{}: {code:?}",
                    t.lang
                );
            }
            for plural in [&t.waiting_status, &t.resent, &t.errors.rate_limited_for] {
                for n in 0..200 {
                    let text = plural.format(n);
                    assert!(
                        !text.contains("{n}") && !text.is_empty(),
                        "{}: {text}",
                        t.lang
                    );
                }
            }
        }
    }
}
