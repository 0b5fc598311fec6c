//! Command-line configuration.

use clap::Parser;

use lettre::message::Mailbox;

use crate::branding::{self, Branding};
use crate::smtp::{self, SmtpServer};

/// Settings of one devapi run, taken from the command line.
///
/// The defaults mirror the widget's defaults (see the HTTP contract), so that the
/// demo page behaves like production out of the box; tests shorten them.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "devapi",
    version,
    about = "Local development API for the magic-link widget: implements the \
             magic-link and one-time-code endpoints and GET /api/v1/config on \
             127.0.0.1, and keeps sent e-mail in an outbox (GET /dev/outbox); \
             with --smtp it also sends it, to a local mail catcher.",
    long_about = None
)]
pub struct Config {
    /// TCP port to listen on, on 127.0.0.1 only. 0 picks a free port; the port
    /// actually used is printed on the first line of standard output.
    #[arg(long, default_value_t = 8787)]
    pub port: u16,

    /// Lifetime of a magic link, and of a one-time code, in seconds, counted from
    /// its send or resend. After it the link shows an "expired" page and status
    /// answers 410; a code's verify answers 410 otp_expired.
    #[arg(long = "link-ttl", value_name = "SECONDS", default_value_t = 300)]
    pub link_ttl: u64,

    /// Minimum number of seconds between two e-mails of the same sign-in (the send
    /// and each resend). A resend inside it answers 429 with Retry-After.
    #[arg(long = "resend-cooldown", value_name = "SECONDS", default_value_t = 30)]
    pub resend_cooldown: u64,

    /// Turn number matching off. With it on (the default) the send and resend
    /// answers carry "match_code" (two digits the sign-in page shows) and the
    /// confirm page asks the person to pick that number among three; a wrong pick
    /// cancels the sign-in (status then answers 410 sign_in_cancelled). Off: no
    /// match_code, and the page has a single "Confirm sign-in" button.
    #[arg(long = "no-number-matching")]
    pub no_number_matching: bool,

    /// Most e-mails (sends and resends together) one address gets in any
    /// --limit-window; one more answers 429 with Retry-After. 0 turns it off.
    #[arg(long = "address-limit", value_name = "COUNT", default_value_t = 10)]
    pub address_limit: u32,

    /// Most resends of one sign-in in any --limit-window; one more answers 429
    /// with Retry-After. 0 turns it off.
    #[arg(long = "resend-limit", value_name = "COUNT", default_value_t = 5)]
    pub resend_limit: u32,

    /// The sliding window of --address-limit and --resend-limit, in seconds.
    #[arg(long = "limit-window", value_name = "SECONDS", default_value_t = 600)]
    pub limit_window: u64,

    /// How many codes may be tried against one e-mailed code. A wrong one
    /// answers 400 invalid_otp with the tries_left; the last wrong one answers
    /// 410 too_many_attempts instead, and the code is dead (a resend brings a
    /// new code and new tries). Malformed codes (not 6 digits) are not counted.
    /// At least 1.
    #[arg(
        long = "code-tries",
        value_name = "COUNT",
        default_value_t = 5,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub code_tries: u32,

    /// A JSON file whose object GET /api/v1/config answers as it is (the branding:
    /// btn_color, brand_logo, localization, ...). devapi does not start if the
    /// file cannot be read or holds anything but one JSON object. Without it,
    /// it answers a built-in sample ("Acme") whose logo devapi serves
    /// at /dev/logo.svg.
    #[arg(long = "config", value_name = "FILE", value_parser = branding::parse_file)]
    pub branding: Option<Branding>,

    /// Also send every e-mail the outbox records (magic links and codes) to
    /// this SMTP server, as text and HTML. Plain SMTP without TLS or
    /// authentication: meant for a local mail catcher (Mailpit, MailHog,
    /// python3 -m aiosmtpd). Sending never delays or fails the API answer; a
    /// failure is logged as a warning and the outbox keeps the message.
    #[arg(long = "smtp", value_name = "HOST:PORT", value_parser = smtp::parse_server)]
    pub smtp: Option<SmtpServer>,

    /// The From of e-mail sent with --smtp.
    #[arg(
        long = "smtp-from",
        value_name = "ADDRESS",
        default_value = smtp::DEFAULT_FROM,
        value_parser = smtp::parse_from
    )]
    pub smtp_from: Mailbox,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: 8787,
            link_ttl: 300,
            resend_cooldown: 30,
            no_number_matching: false,
            address_limit: 10,
            resend_limit: 5,
            limit_window: 600,
            code_tries: 5,
            branding: None,
            smtp: None,
            smtp_from: smtp::parse_from(smtp::DEFAULT_FROM).expect("the default sender parses"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_contract() {
        let parsed = Config::parse_from(["devapi"]);
        assert_eq!(parsed.port, 8787);
        assert_eq!(parsed.link_ttl, 300);
        assert_eq!(parsed.resend_cooldown, 30);
        let default = Config::default();
        assert_eq!(
            (default.port, default.link_ttl, default.resend_cooldown),
            (8787, 300, 30)
        );
    }

    #[test]
    fn flags_parse() {
        let parsed = Config::parse_from([
            "devapi",
            "--port",
            "0",
            "--link-ttl",
            "2",
            "--resend-cooldown",
            "1",
            "--no-number-matching",
        ]);
        assert_eq!(
            (parsed.port, parsed.link_ttl, parsed.resend_cooldown),
            (0, 2, 1)
        );
        assert!(parsed.no_number_matching);
        let limits = Config::parse_from([
            "devapi",
            "--address-limit",
            "3",
            "--resend-limit",
            "0",
            "--limit-window",
            "60",
        ]);
        assert_eq!(
            (
                limits.address_limit,
                limits.resend_limit,
                limits.limit_window
            ),
            (3, 0, 60)
        );
        let default = Config::default();
        assert_eq!(
            (
                default.address_limit,
                default.resend_limit,
                default.limit_window
            ),
            (10, 5, 600)
        );
        assert!(!Config::parse_from(["devapi"]).no_number_matching);
    }

    #[test]
    fn code_tries_defaults_to_5_and_is_at_least_1() {
        assert_eq!(Config::parse_from(["devapi"]).code_tries, 5);
        assert_eq!(Config::default().code_tries, 5);
        assert_eq!(
            Config::parse_from(["devapi", "--code-tries", "1"]).code_tries,
            1
        );
        assert!(Config::try_parse_from(["devapi", "--code-tries", "0"]).is_err());
    }

    #[test]
    fn config_reads_the_file_while_parsing() {
        assert!(Config::parse_from(["devapi"]).branding.is_none());
        let err = Config::try_parse_from(["devapi", "--config", "/nonexistent/b.json"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot read /nonexistent/b.json"), "{err}");
    }

    #[test]
    fn smtp_is_off_unless_given_and_checked_while_parsing() {
        let parsed = Config::parse_from(["devapi"]);
        assert!(parsed.smtp.is_none());
        assert_eq!(
            parsed.smtp_from.to_string(),
            Config::default().smtp_from.to_string()
        );
        let parsed = Config::parse_from([
            "devapi",
            "--smtp",
            "127.0.0.1:1025",
            "--smtp-from",
            "Acme <login@acme.test>",
        ]);
        assert_eq!(parsed.smtp.unwrap().to_string(), "127.0.0.1:1025");
        assert_eq!(parsed.smtp_from.email.to_string(), "login@acme.test");
        assert!(Config::try_parse_from(["devapi", "--smtp", "1025"]).is_err());
        assert!(Config::try_parse_from(["devapi", "--smtp-from", "nobody"]).is_err());
    }
}
