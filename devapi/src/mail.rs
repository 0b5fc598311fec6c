//! The e-mail itself: what a sign-in message says, as plain text and HTML, put
//! together as one MIME message (`multipart/alternative`).
//!
//! Pure: no clock, no network. [`crate::smtp`] sends what this builds.
//!
//! A link e-mail carries the link, a code e-mail the code to type. Neither
//! carries the number to match: the person must read that on the sign-in page,
//! which is the whole point of number matching (a person who only has the
//! e-mail cannot confirm someone else's sign-in by copying it from there).

use std::time::{Duration, UNIX_EPOCH};

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};

use crate::clock::rfc3339;
use crate::html::escape;
use crate::outbox::Message;

/// What one e-mail needs besides its outbox record.
#[derive(Debug, Clone, Copy)]
pub struct Letter<'a> {
    /// The outbox record: recipient, link or code, when it was sent.
    pub message: &'a Message,
    /// What asked for it, in words ("Firefox 128 on Linux"); see
    /// `useragent::describe`.
    pub requested_by: &'a str,
    /// When the link or code stops working, epoch milliseconds.
    pub expires_at_ms: u64,
}

/// An e-mail's words: its subject and both bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The `text/plain` body.
    pub text: String,
    /// The `text/html` body, every value from a request escaped.
    pub html: String,
    /// When it was sent, epoch milliseconds (its `Date`).
    pub sent_at_ms: u64,
}

/// The subject and bodies of `letter`'s e-mail.
pub fn compose(letter: &Letter<'_>) -> Mail {
    let m = letter.message;
    let expiry = format!(
        "{} ({})",
        utc(letter.expires_at_ms),
        from_now(letter.expires_at_ms.saturating_sub(m.sent_at_ms))
    );
    let (subject, text_lead, html_lead, what) = match &m.link {
        Some(link) => (
            "Your sign-in link",
            format!("Open this link to sign in as {}:\n\n{link}\n", m.to),
            format!(
                "<p>Open this link to sign in as <strong>{to}</strong>:</p>\n\
                 <p><a href=\"{link}\">Sign in</a></p>\n\
                 <p><code>{link}</code></p>\n",
                to = escape(&m.to),
                link = escape(link),
            ),
            "The link works once and expires",
        ),
        None => (
            "Your sign-in code",
            format!(
                "Your code to sign in as {} is:\n\n    {}\n\nType it on the sign-in page.\n",
                m.to, m.code
            ),
            format!(
                "<p>Your code to sign in as <strong>{to}</strong> is:</p>\n\
                 <p style=\"font-size:1.6rem;font-weight:700;letter-spacing:.2em\">{code}</p>\n\
                 <p>Type it on the sign-in page.</p>\n",
                to = escape(&m.to),
                code = escape(&m.code),
            ),
            "The code expires",
        ),
    };
    let requested = format!("Requested by {}.", letter.requested_by);
    let ignore = "If you did not ask to sign in, ignore this e-mail.";
    let text = format!("{text_lead}\n{what} at {expiry}.\n\n{requested}\n{ignore}\n");
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <title>{subject}</title></head>\n<body>\n{html_lead}\
         <p>{what} at {expiry}.</p>\n<p>{requested}<br>{ignore}</p>\n</body>\n</html>\n",
        expiry = escape(&expiry),
        requested = escape(&requested),
    );
    Mail {
        to: m.to.clone(),
        subject: subject.to_owned(),
        text,
        html,
        sent_at_ms: m.sent_at_ms,
    }
}

impl Mail {
    /// The MIME message from `from`: `multipart/alternative` with the text part
    /// first (the one readers fall back to). Fails if the recipient is not an
    /// address SMTP can carry.
    pub fn to_message(&self, from: &Mailbox) -> Result<lettre::Message, String> {
        let to: Mailbox = self
            .to
            .parse()
            .map_err(|e| format!("cannot address {:?}: {e}", self.to))?;
        lettre::Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&self.subject)
            .date(UNIX_EPOCH + Duration::from_millis(self.sent_at_ms))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(self.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(self.html.clone()),
                    ),
            )
            .map_err(|e| format!("cannot build the message: {e}"))
    }
}

/// `2026-12-01 18:30:00 UTC`.
fn utc(ms: u64) -> String {
    rfc3339(ms).replacen('T', " ", 1).replace('Z', " UTC")
}

/// "in 5 minutes", "in 1 minute", "in 45 seconds": rounded down, so the
/// e-mail never promises more time than there is.
fn from_now(left_ms: u64) -> String {
    let seconds = left_ms / 1000;
    let (n, unit) = if seconds < 60 {
        (seconds, "second")
    } else {
        (seconds / 60, "minute")
    };
    let plural = if n == 1 { "" } else { "s" };
    format!("in {n} {unit}{plural}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::{Carries, Kind};
    use mailparse::MailHeaderMap;

    /// 2023-05-18T12:28:22Z, the contract's example instant.
    const SENT: u64 = 1_684_412_902_000;

    fn message(link: Option<&str>) -> Message {
        Message {
            id: 1,
            to: "o'neil&co@example.com".into(),
            state: "s".into(),
            carries: if link.is_some() {
                Carries::Link
            } else {
                Carries::Code
            },
            link: link.map(str::to_owned),
            code: "012345".into(),
            match_code: Some("47".into()),
            sent_at_ms: SENT,
            kind: Kind::Send,
        }
    }

    fn letter<'a>(message: &'a Message, requested_by: &'a str) -> Letter<'a> {
        Letter {
            message,
            requested_by,
            expires_at_ms: SENT + 300_000,
        }
    }

    #[test]
    fn a_link_mail_has_the_link_browser_and_expiry_but_no_number() {
        let m = message(Some("http://127.0.0.1:1/v?client_id=c&state=s&magictext=m"));
        let mail = compose(&letter(&m, "Firefox 128 on Linux"));
        assert_eq!(mail.subject, "Your sign-in link");
        assert_eq!(mail.to, "o'neil&co@example.com");
        for body in [&mail.text, &mail.html] {
            assert!(body.contains("Firefox 128 on Linux"), "{body}");
            assert!(
                body.contains("2023-05-18 12:33:22 UTC (in 5 minutes)"),
                "{body}"
            );
            assert!(!body.contains("47"), "no number to match: {body}");
            assert!(!body.contains("012345"), "a link mail has no code: {body}");
        }
        assert!(mail
            .text
            .contains("\nhttp://127.0.0.1:1/v?client_id=c&state=s&magictext=m\n"));
        assert!(mail
            .html
            .contains("href=\"http://127.0.0.1:1/v?client_id=c&amp;state=s&amp;magictext=m\""));
        assert!(mail.html.contains("o&#39;neil&amp;co@example.com"));
        assert!(!mail.html.contains("o'neil&co"));
    }

    #[test]
    fn a_code_mail_has_the_code_and_no_link() {
        let m = message(None);
        let mail = compose(&Letter {
            expires_at_ms: SENT + 59_999,
            ..letter(&m, "curl 8")
        });
        assert_eq!(mail.subject, "Your sign-in code");
        for body in [&mail.text, &mail.html] {
            assert!(body.contains("012345"), "{body}");
            assert!(body.contains("curl 8"), "{body}");
            assert!(body.contains("(in 59 seconds)"), "{body}");
            assert!(!body.contains("http"), "{body}");
        }
    }

    #[test]
    fn html_escapes_what_requests_chose() {
        let mut m = message(None);
        m.to = "<b>x</b>@evil.co".into();
        let mail = compose(&letter(&m, "<script>"));
        assert!(mail.html.contains("&lt;b&gt;x&lt;/b&gt;@evil.co"));
        assert!(mail.html.contains("Requested by &lt;script&gt;."));
        assert!(!mail.html.contains("<b>") && !mail.html.contains("<script>"));
    }

    #[test]
    fn says_the_time_left_rounded_down() {
        assert_eq!(from_now(0), "in 0 seconds");
        assert_eq!(from_now(1_000), "in 1 second");
        assert_eq!(from_now(60_000), "in 1 minute");
        assert_eq!(from_now(119_999), "in 1 minute");
        assert_eq!(from_now(600_000), "in 10 minutes");
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
    }

    #[test]
    fn the_message_is_multipart_alternative_text_then_html() {
        let mut m = message(Some("http://127.0.0.1:1/v?a=1&b=2"));
        m.to = "ann@example.com".into();
        let mail = compose(&letter(&m, "Chrome 126 on Windows"));
        let from: Mailbox = "devapi <no-reply@devapi.localhost>".parse().unwrap();
        let raw = mail.to_message(&from).unwrap().formatted();
        let parsed = mailparse::parse_mail(&raw).unwrap();
        assert_eq!(
            parsed.headers.get_first_value("To").as_deref(),
            Some("ann@example.com")
        );
        assert_eq!(
            parsed.headers.get_first_value("Subject").as_deref(),
            Some("Your sign-in link")
        );
        assert!(parsed
            .headers
            .get_first_value("Date")
            .unwrap()
            .contains("18 May 2023 12:28:22"));
        assert_eq!(parsed.ctype.mimetype, "multipart/alternative");
        let types: Vec<_> = parsed.subparts.iter().map(|p| &p.ctype.mimetype).collect();
        assert_eq!(types, ["text/plain", "text/html"]);
        // On the wire every line ends in CRLF, as SMTP wants.
        let body = |i: usize| parsed.subparts[i].get_body().unwrap().replace("\r\n", "\n");
        assert_eq!(body(0), mail.text);
        assert_eq!(body(1), mail.html);
    }

    #[test]
    fn an_address_smtp_cannot_carry_is_an_error_not_a_panic() {
        let mut m = message(None);
        m.to = "a b@example.com".into();
        let from: Mailbox = "no-reply@devapi.localhost".parse().unwrap();
        assert!(compose(&letter(&m, "x")).to_message(&from).is_err());
    }
}
