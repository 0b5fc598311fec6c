//! One-time-code sign-ins ("Magic Auth Code"): the session, and what one
//! verify attempt comes to.
//!
//! A code sign-in has no link, confirm page or status poll: the person types
//! the e-mailed code into the sign-in page, and the verify answer carries the
//! tokens. So it is its own kind of session, kept apart from the link sessions
//! ([`crate::store::Session`]): a magic-link endpoint never sees a code
//! sign-in's state (it answers 404 `state_not_found`, as for any unknown
//! state), and the code endpoints never see a link's.

use std::collections::VecDeque;

/// One code sign-in, from the send to its verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSession {
    /// The public flow handle (24 hex characters, like a link sign-in's).
    pub state: String,
    /// The address the code was sent to (trimmed).
    pub email: String,
    /// The application that started the sign-in; other clients cannot see it.
    pub client_id: String,
    /// The 6-digit code of the latest e-mail; a resend replaces it.
    pub code: String,
    /// When the sign-in started, epoch milliseconds.
    pub created_at_ms: u64,
    /// When the current code stops working, epoch milliseconds.
    pub expires_at_ms: u64,
    /// When the latest e-mail (send or resend) went out, epoch milliseconds.
    pub last_sent_at_ms: u64,
    /// How many resends there were.
    pub resend_count: u32,
    /// When the resends inside the current `--limit-window` went out, oldest
    /// first (for `--resend-limit`).
    pub resent_at_ms: VecDeque<u64>,
    /// Wrong guesses at the current code; a resend starts again from 0.
    pub wrong_tries: u32,
    /// The right code was given: the sign-in is complete and the code never
    /// works again.
    pub used: bool,
}

/// What one verify attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// The right code: the sign-in is complete (and the code used up).
    Verified,
    /// A wrong code, with tries left.
    Wrong {
        /// How many more codes may be tried (at least 1).
        tries_left: u32,
    },
    /// Not 6 ASCII digits: no guess, so nothing counted.
    Malformed {
        /// Unchanged by this attempt.
        tries_left: u32,
    },
    /// The tries are used up (by this attempt or before): the code is dead.
    TooManyAttempts,
    /// The current code ran out before the right one came.
    Expired,
    /// The sign-in was already completed with its code.
    Used,
}

impl CodeSession {
    /// A fresh sign-in with its first code.
    pub fn new(email: &str, client_id: String, now_ms: u64, ttl_ms: u64) -> Self {
        let mut session = Self {
            state: crate::tokens::state(),
            email: email.to_owned(),
            client_id,
            code: String::new(),
            created_at_ms: now_ms,
            expires_at_ms: now_ms,
            last_sent_at_ms: now_ms,
            resend_count: 0,
            resent_at_ms: VecDeque::new(),
            wrong_tries: 0,
            used: false,
        };
        session.new_code(now_ms, ttl_ms);
        session
    }

    /// Gives the sign-in a new code, lifetime and set of tries: what the send
    /// and each resend do. The previous code stops working.
    pub fn new_code(&mut self, now_ms: u64, ttl_ms: u64) {
        self.code = crate::tokens::code();
        self.expires_at_ms = now_ms.saturating_add(ttl_ms);
        self.last_sent_at_ms = now_ms;
        self.wrong_tries = 0;
    }

    /// The current code has run out (a completed sign-in never "expires").
    pub fn is_expired(&self, now_ms: u64) -> bool {
        !self.used && now_ms >= self.expires_at_ms
    }

    /// Whether the sign-in may be forgotten: [`crate::store::RETENTION_MS`]
    /// after its code's lifetime ended.
    pub fn is_stale(&self, now_ms: u64) -> bool {
        now_ms
            >= self
                .expires_at_ms
                .saturating_add(crate::store::RETENTION_MS)
    }

    /// Tries `otp` against the current code, allowing `tries` tries in all
    /// (the last wrong one kills the code), and records the outcome (a wrong
    /// guess, or the sign-in complete).
    ///
    /// The checks run in the order a person would want to hear about them: a
    /// complete sign-in first, then a dead code (dead stays dead, even once it
    /// has also expired), then expiry; only then is the code looked at. The
    /// comparison takes the same time wherever the digits differ.
    pub fn attempt(&mut self, otp: &str, tries: u32, now_ms: u64) -> Attempt {
        if self.used {
            return Attempt::Used;
        }
        if self.wrong_tries >= tries {
            return Attempt::TooManyAttempts;
        }
        if self.is_expired(now_ms) {
            return Attempt::Expired;
        }
        let tries_left = tries - self.wrong_tries;
        if !is_well_formed(otp) {
            return Attempt::Malformed { tries_left };
        }
        if crate::tokens::secret_eq(otp, &self.code) {
            self.used = true;
            return Attempt::Verified;
        }
        self.wrong_tries += 1;
        match tries_left - 1 {
            0 => Attempt::TooManyAttempts,
            tries_left => Attempt::Wrong { tries_left },
        }
    }
}

/// Exactly 6 ASCII digits: the widget strips spaces and hyphens before it
/// sends, so anything else is not a code at all.
pub fn is_well_formed(otp: &str) -> bool {
    otp.len() == 6 && otp.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> CodeSession {
        let mut session = CodeSession::new("a@b.co", "cli_test".into(), 1_000, 1_000);
        session.code = "123456".into();
        session
    }

    #[test]
    fn a_new_code_is_six_digits_with_a_lifetime() {
        let s = CodeSession::new("a@b.co", "cli_test".into(), 1_000, 500);
        assert!(is_well_formed(&s.code), "{}", s.code);
        assert_eq!((s.expires_at_ms, s.last_sent_at_ms), (1_500, 1_000));
        assert_eq!(s.state.len(), 24);
    }

    #[test]
    fn the_right_code_verifies_once() {
        let mut s = session();
        assert_eq!(s.attempt("123456", 3, 1_500), Attempt::Verified);
        assert!(s.used);
        assert_eq!(s.attempt("123456", 3, 1_500), Attempt::Used);
        assert!(!s.is_expired(5_000), "a completed sign-in does not expire");
    }

    #[test]
    fn wrong_codes_count_down_and_the_last_kills_the_code() {
        let mut s = session();
        assert_eq!(
            s.attempt("000000", 3, 1_100),
            Attempt::Wrong { tries_left: 2 }
        );
        assert_eq!(
            s.attempt("000001", 3, 1_100),
            Attempt::Wrong { tries_left: 1 }
        );
        assert_eq!(s.attempt("000002", 3, 1_100), Attempt::TooManyAttempts);
        assert_eq!(s.attempt("123456", 3, 1_100), Attempt::TooManyAttempts);
        assert_eq!(
            s.attempt("123456", 3, 9_000),
            Attempt::TooManyAttempts,
            "dead stays dead after expiry"
        );
        assert_eq!(s.wrong_tries, 3);
        s.new_code(2_000, 1_000);
        assert_eq!(s.wrong_tries, 0, "a new code brings new tries");
        let code = s.code.clone();
        assert_eq!(s.attempt(&code, 3, 2_100), Attempt::Verified);
    }

    #[test]
    fn one_try_means_the_first_wrong_code_kills_it() {
        let mut s = session();
        assert_eq!(s.attempt("000000", 1, 1_100), Attempt::TooManyAttempts);
    }

    #[test]
    fn malformed_codes_are_not_guesses() {
        let mut s = session();
        for otp in [
            "",
            "12345",
            "1234567",
            "123 456",
            "123-456",
            " 23456",
            "12345a",
            "١٢٣٤٥٦",
        ] {
            assert_eq!(
                s.attempt(otp, 3, 1_100),
                Attempt::Malformed { tries_left: 3 },
                "{otp:?}"
            );
        }
        assert_eq!(s.wrong_tries, 0);
        assert_eq!(s.attempt("123456", 3, 1_100), Attempt::Verified);
    }

    #[test]
    fn an_expired_code_is_refused_whatever_it_is() {
        let mut s = session();
        assert_eq!(s.attempt("123456", 3, 2_000), Attempt::Expired);
        assert_eq!(s.attempt("000000", 3, 2_000), Attempt::Expired);
        assert_eq!(s.wrong_tries, 0);
        assert!(s.is_stale(2_000 + crate::store::RETENTION_MS));
        assert!(!s.is_stale(1_999 + crate::store::RETENTION_MS));
    }
}
