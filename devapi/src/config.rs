//! Command-line configuration.

use clap::Parser;

/// Settings of one devapi run, taken from the command line.
///
/// The defaults mirror the widget's defaults (see the HTTP contract), so that the
/// demo page behaves like production out of the box; tests shorten them.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "devapi",
    version,
    about = "Local development API for the magic-link widget: implements the \
             magic-link endpoints on 127.0.0.1 and keeps sent e-mail in an outbox \
             (GET /dev/outbox) instead of sending it.",
    long_about = None
)]
pub struct Config {
    /// TCP port to listen on, on 127.0.0.1 only. 0 picks a free port; the port
    /// actually used is printed on the first line of standard output.
    #[arg(long, default_value_t = 8787)]
    pub port: u16,

    /// Lifetime of a magic link in seconds, counted from its send or resend. After
    /// it the link shows an "expired" page and status answers 410.
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
}
