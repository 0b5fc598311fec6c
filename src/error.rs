//! Every error the widget can show or report, with its stable code.
//!
//! The code is public API (the `code` of the `magic-link-error` event) and is also
//! the key of the error's message in every language table (`crate::i18n`).

/// A stable, machine-readable error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The address is not a valid e-mail address (ours or the API's verdict).
    InvalidEmail,
    /// The API asked us to slow down; see [`Failure::retry_after_s`].
    RateLimited,
    /// The request did not reach the API (DNS, refused connection, CORS).
    Network,
    /// The API did not answer within the time-out.
    Timeout,
    /// The API answered with a 5xx status.
    Server,
    /// The API answered 2xx with a body the widget cannot read.
    BadResponse,
    /// The link expired (API said so, or its lifetime passed on this clock).
    Expired,
    /// Where the link was opened, a number other than the one this page showed was
    /// picked (number matching): the API cancelled this sign-in.
    Cancelled,
    /// The widget is misconfigured: missing `client-id`, a bad `api-base`, a refused
    /// `redirect-uri`, or the API refused the client (401/403).
    Config,
    /// The browser is offline; nothing was sent.
    Offline,
    /// The API refused the request for another reason (another 4xx).
    Rejected,
    /// The typed sign-in code is not six digits; nothing was sent.
    InvalidCode,
    /// The API refused the sign-in code; see [`Failure::tries_left`].
    WrongCode,
    /// `use-config` is on and `GET /config` failed or made no sense: the widget
    /// goes on with its defaults (reported to the page only, never shown).
    ConfigUnavailable,
}

impl ErrorCode {
    /// Every code, for exhaustive checks of the message tables.
    pub const ALL: [ErrorCode; 14] = [
        ErrorCode::InvalidEmail,
        ErrorCode::RateLimited,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Server,
        ErrorCode::BadResponse,
        ErrorCode::Expired,
        ErrorCode::Cancelled,
        ErrorCode::Config,
        ErrorCode::Offline,
        ErrorCode::Rejected,
        ErrorCode::InvalidCode,
        ErrorCode::WrongCode,
        ErrorCode::ConfigUnavailable,
    ];

    /// The code as it appears in `magic-link-error` events.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Server => "server",
            ErrorCode::BadResponse => "bad_response",
            ErrorCode::Expired => "expired",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Config => "config",
            ErrorCode::Offline => "offline",
            ErrorCode::Rejected => "rejected",
            ErrorCode::InvalidCode => "invalid_code",
            ErrorCode::WrongCode => "wrong_code",
            ErrorCode::ConfigUnavailable => "config_unavailable",
        }
    }

    /// Whether retrying the same request later may succeed on its own.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorCode::Network
                | ErrorCode::Timeout
                | ErrorCode::Server
                | ErrorCode::BadResponse
                | ErrorCode::Offline
                | ErrorCode::RateLimited
        )
    }
}

/// An error with what the person needs to see about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong.
    pub code: ErrorCode,
    /// For [`ErrorCode::RateLimited`]: whole seconds the API asked us to wait.
    pub retry_after_s: Option<u64>,
    /// Text the API gave (`error_description` or `message`), shown as plain text.
    pub detail: Option<String>,
    /// For [`ErrorCode::WrongCode`]: how many more codes the API accepts, when it
    /// said.
    pub tries_left: Option<u32>,
}

impl Failure {
    /// A failure with nothing but its code.
    pub fn new(code: ErrorCode) -> Self {
        Failure {
            code,
            retry_after_s: None,
            detail: None,
            tries_left: None,
        }
    }

    /// A rate limit with the server's wait in whole seconds.
    pub fn rate_limited(retry_after_s: Option<u64>) -> Self {
        Failure {
            code: ErrorCode::RateLimited,
            retry_after_s,
            detail: None,
            tries_left: None,
        }
    }

    /// Adds the API's own words, trimmed and cut to a readable length.
    pub fn with_detail(mut self, detail: Option<&str>) -> Self {
        const MAX_CHARS: usize = 200;
        self.detail = detail
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| d.chars().take(MAX_CHARS).collect());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(text.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }

    #[test]
    fn the_readme_and_the_typescript_name_every_code() {
        use crate::doc_lists::{backticked, between, ts_union, DTS, README};
        let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(ts_union(DTS, "ErrorCode"), codes);
        assert_eq!(backticked(between(README, "Error codes:", "\n\n")), codes);
    }

    #[test]
    fn detail_is_trimmed_cut_and_empty_dropped() {
        let long = "x".repeat(500);
        let failure = Failure::new(ErrorCode::Rejected).with_detail(Some(&long));
        assert_eq!(failure.detail.unwrap().len(), 200);
        assert_eq!(
            Failure::new(ErrorCode::Server)
                .with_detail(Some("  "))
                .detail,
            None
        );
        assert_eq!(
            Failure::new(ErrorCode::Server)
                .with_detail(Some(" busy "))
                .detail
                .as_deref(),
            Some("busy")
        );
    }
}
