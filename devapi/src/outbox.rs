//! The outbox: every e-mail devapi "sends" (with `--smtp`, also really sent).
//!
//! People click through [`page`] (`GET /dev/outbox`); tests read the same
//! messages as JSON (`GET /dev/outbox.json`). The newest [`MAX_MESSAGES`] are
//! kept; older ones make room.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Serialize;

use crate::clock::rfc3339;
use crate::html::{escape, page as html_page};

/// Why a message was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The first e-mail of a sign-in.
    Send,
    /// A resend, which replaced the previous link.
    Resend,
}

/// What an e-mail carries: what the person uses to sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Carries {
    /// A magic link (a link sign-in).
    Link,
    /// A one-time code to type into the sign-in page (a code sign-in).
    Code,
}

/// One e-mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Sequence number, from 1, in sending order.
    pub id: u64,
    /// Recipient address.
    pub to: String,
    /// The sign-in's state.
    pub state: String,
    /// A link or a code: `link` for a link sign-in's e-mail, `code` for a code
    /// sign-in's.
    pub carries: Carries,
    /// The magic link (absolute, on the port devapi actually listens on);
    /// `null` in a code e-mail, which has none.
    pub link: Option<String>,
    /// The 6-digit code: in a code e-mail, the one to type; in a link e-mail,
    /// one sent along with the link.
    pub code: String,
    /// The number the sign-in page shows for this link, which the confirm page
    /// asks for; `null` with number matching off. Not part of the e-mail: the
    /// outbox shows it so that a person or a test can play the other side.
    pub match_code: Option<String>,
    /// When it was sent, epoch milliseconds.
    pub sent_at_ms: u64,
    /// Send or resend.
    pub kind: Kind,
}

/// Most messages kept: a ring, the oldest dropped first.
pub const MAX_MESSAGES: usize = 1_000;

/// The messages, oldest first in memory, and the next id to hand out.
#[derive(Debug, Default)]
pub struct Outbox {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    messages: VecDeque<Message>,
    /// Last id handed out; not reset by [`Outbox::clear`], so an id never
    /// names two different messages within one run.
    last_id: u64,
}

impl Outbox {
    /// An empty outbox.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a message, numbering it; returns the stored message.
    pub fn push(&self, draft: Draft<'_>, sent_at_ms: u64) -> Message {
        let mut inner = self.lock();
        inner.last_id += 1;
        let message = Message {
            id: inner.last_id,
            to: draft.to.to_owned(),
            state: draft.state.to_owned(),
            carries: match draft.link {
                Some(_) => Carries::Link,
                None => Carries::Code,
            },
            link: draft.link,
            code: draft.code.to_owned(),
            match_code: draft.match_code.map(str::to_owned),
            sent_at_ms,
            kind: draft.kind,
        };
        if inner.messages.len() >= MAX_MESSAGES {
            inner.messages.pop_front();
        }
        inner.messages.push_back(message.clone());
        message
    }

    /// All messages, newest first.
    pub fn newest_first(&self) -> Vec<Message> {
        self.lock().messages.iter().rev().cloned().collect()
    }

    /// Empties the outbox.
    pub fn clear(&self) {
        self.lock().messages.clear();
    }
}

/// What a handler hands to [`Outbox::push`].
#[derive(Debug)]
pub struct Draft<'a> {
    /// Recipient address.
    pub to: &'a str,
    /// The sign-in's state.
    pub state: &'a str,
    /// The absolute magic link; `None` for a code e-mail (which the message
    /// then says it carries).
    pub link: Option<String>,
    /// The 6-digit code.
    pub code: &'a str,
    /// The number to match, if number matching is on.
    pub match_code: Option<&'a str>,
    /// Send or resend.
    pub kind: Kind,
}

/// The outbox as an HTML page, newest first, refreshing itself every 2 s.
pub fn page(messages: &[Message]) -> String {
    let mut body = String::from(
        "<h1>devapi outbox</h1>\n<p class=\"muted\">E-mail that devapi would have sent, newest \
         first. This page refreshes every 2 seconds. \
         <a href=\"/dev/outbox.json\">JSON</a></p>\n",
    );
    if messages.is_empty() {
        body.push_str("<p>No messages yet. Sign in with the widget to send one.</p>\n");
    } else {
        body.push_str(
            "<table>\n<thead><tr><th>#</th><th>To</th><th>Sent (UTC)</th><th>Code</th>\
             <th>Number to pick</th><th>Magic link</th></tr></thead>\n<tbody>\n",
        );
        for m in messages {
            body.push_str(&row(m));
        }
        body.push_str("</tbody>\n</table>\n");
    }
    html_page(
        "devapi outbox",
        "<meta http-equiv=\"refresh\" content=\"2\">\n",
        &body,
    )
}

/// One message's table row. A code e-mail's code is what the person types, so
/// it stands out; it has no link to open.
fn row(m: &Message) -> String {
    let kind = match m.kind {
        Kind::Send => "",
        Kind::Resend => " <span class=\"muted\">(resend)</span>",
    };
    let (code, link) = match &m.link {
        Some(link) => (
            format!("<code>{}</code>", escape(&m.code)),
            format!(
                "<a href=\"{link}\">Open magic link</a><br><code class=\"muted\">{link}</code>",
                link = escape(link)
            ),
        ),
        None => (
            format!("<code class=\"otp\">{}</code>", escape(&m.code)),
            "<span class=\"muted\">None: this e-mail carries a sign-in code to type on the \
             sign-in page.</span>"
                .to_owned(),
        ),
    };
    format!(
        "<tr><td>{id}</td><td>{to}{kind}</td><td>{sent}</td><td>{code}</td>\
         <td>{number}</td><td>{link}</td></tr>\n",
        id = m.id,
        to = escape(&m.to),
        sent = escape(&rfc3339(m.sent_at_ms)),
        number = escape(m.match_code.as_deref().unwrap_or("—")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(to: &str, kind: Kind) -> Draft<'_> {
        Draft {
            to,
            state: "s",
            link: Some("http://127.0.0.1:1/x?a=1&b=2".into()),
            code: "000123",
            match_code: Some("47"),
            kind,
        }
    }

    #[test]
    fn lists_newest_first_and_keeps_ids_unique() {
        let outbox = Outbox::new();
        outbox.push(draft("a@b.co", Kind::Send), 1);
        outbox.push(draft("c@d.co", Kind::Resend), 2);
        let listed = outbox.newest_first();
        assert_eq!(listed.len(), 2);
        assert_eq!((listed[0].id, listed[0].to.as_str()), (2, "c@d.co"));
        assert_eq!(listed[1].id, 1);
        outbox.clear();
        assert!(outbox.newest_first().is_empty());
        assert_eq!(outbox.push(draft("e@f.co", Kind::Send), 3).id, 3);
    }

    #[test]
    fn keeps_the_newest_max_messages() {
        let outbox = Outbox::new();
        for i in 0..MAX_MESSAGES + 5 {
            outbox.push(draft("a@b.co", Kind::Send), i as u64);
        }
        let listed = outbox.newest_first();
        assert_eq!(listed.len(), MAX_MESSAGES);
        assert_eq!(listed[0].id, (MAX_MESSAGES + 5) as u64);
        assert_eq!(listed[MAX_MESSAGES - 1].id, 6);
    }

    #[test]
    fn page_escapes_everything() {
        let outbox = Outbox::new();
        outbox.push(draft("<b>x</b>@evil.co", Kind::Send), 0);
        let html = page(&outbox.newest_first());
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;@evil.co"));
        assert!(!html.contains("<b>x</b>"));
        assert!(html.contains("href=\"http://127.0.0.1:1/x?a=1&amp;b=2\""));
        assert!(html.contains("http-equiv=\"refresh\""));
        assert!(html.contains("000123"));
        assert!(html.contains("<td>47</td>"), "{html}");
    }

    #[test]
    fn a_code_message_carries_its_code_and_no_link() {
        let outbox = Outbox::new();
        let link = outbox.push(draft("a@b.co", Kind::Send), 1);
        assert_eq!(link.carries, Carries::Link);
        let code = outbox.push(
            Draft {
                link: None,
                match_code: None,
                code: "987654",
                ..draft("<i>c</i>@d.co", Kind::Resend)
            },
            2,
        );
        assert_eq!((code.carries, code.link.as_deref()), (Carries::Code, None));
        let json = serde_json::to_value(&code).unwrap();
        assert_eq!(json["carries"], "code");
        assert!(json["link"].is_null());
        assert_eq!(json["kind"], "resend");
        let html = page(&[code]);
        assert!(html.contains("<code class=\"otp\">987654</code>"), "{html}");
        assert!(!html.contains("href=\"http"), "no link to open: {html}");
        assert!(html.contains("&lt;i&gt;c&lt;/i&gt;@d.co"));
    }
}
