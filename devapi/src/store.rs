//! Sign-in sessions and the users they sign in, behind a small storage trait.
//!
//! devapi keeps everything in memory ([`MemoryStore`]); the trait exists so that
//! a persistent store could replace it without touching the handlers.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

/// Tokens issued when a sign-in is confirmed; handed out by the first status
/// answer after that, and only by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// Opaque access token (`v4.local.…`).
    pub access_token: String,
    /// Opaque refresh token (`v4.local.…`).
    pub refresh_token: String,
    /// When the access token expires, epoch milliseconds.
    pub expires_at_ms: u64,
}

/// A user, identified by e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Stable identifier, `usr_…`.
    pub user_id: String,
    /// The e-mail address, as first signed in with.
    pub email: String,
    /// First sign-in, epoch milliseconds.
    pub created_at_ms: u64,
    /// Last change of the record, epoch milliseconds.
    pub updated_at_ms: u64,
    /// Latest confirmed sign-in, epoch milliseconds.
    pub last_login_at_ms: u64,
}

/// One magic-link sign-in, from the send to its confirmation.
#[derive(Debug, Clone)]
pub struct Session {
    /// The public flow handle (24 hex characters).
    pub state: String,
    /// The address the link was sent to (trimmed).
    pub email: String,
    /// The application that started the sign-in; other clients cannot see it.
    pub client_id: String,
    /// The secret in the current link; a resend replaces it.
    pub magictext: String,
    /// The 6-digit code of the current e-mail.
    pub code: String,
    /// Number matching: the two digits the sign-in page shows for the current
    /// link, which the person must pick on the confirm page. `None` when number
    /// matching is off.
    pub match_code: Option<String>,
    /// The numbers the confirm page offers for the current link, in page order
    /// (the code and two others; empty when number matching is off). Drawn once
    /// per link, so reloading the page cannot tell which one stays.
    pub match_options: Vec<String>,
    /// What asked for the current link, in words ("Chrome 126 on Linux").
    pub requested_by: String,
    /// The network address the request for the current link came from.
    pub requested_from: Option<IpAddr>,
    /// When the sign-in started, epoch milliseconds.
    pub created_at_ms: u64,
    /// When the current link stops working, epoch milliseconds.
    pub expires_at_ms: u64,
    /// When the latest e-mail (send or resend) went out, epoch milliseconds.
    pub last_sent_at_ms: u64,
    /// How many resends there were.
    pub resend_count: u32,
    /// The sign-in was confirmed.
    pub verified: bool,
    /// A wrong number was picked on the confirm page: the sign-in is over for
    /// good (its link, resend and status all say so).
    pub cancelled: bool,
    /// The link was consumed (set together with `verified`; a used link never
    /// works again).
    pub used: bool,
    /// When the sign-in was confirmed, epoch milliseconds.
    pub verified_at_ms: Option<u64>,
    /// Tokens issued at confirmation, until a status answer hands them out.
    pub tokens: Option<Tokens>,
    /// A status answer handed the tokens out: the session is spent, and every
    /// later status answer is 410.
    pub consumed: bool,
    /// The user signed in, as of the confirmation.
    pub user: Option<User>,
}

impl Session {
    /// The current link has run out (a confirmed sign-in never "expires": its
    /// tokens wait for the status poll).
    pub fn is_expired(&self, now_ms: u64) -> bool {
        !self.verified && now_ms >= self.expires_at_ms
    }

    /// Gives the current link a new secret, code, lifetime and number to match,
    /// and records what asked for it: what a send and each resend do.
    pub fn new_link(
        &mut self,
        now_ms: u64,
        ttl_ms: u64,
        number_matching: bool,
        requester: Requester,
    ) {
        self.magictext = crate::tokens::magictext();
        self.code = crate::tokens::code();
        self.match_code = number_matching.then(crate::tokens::match_code);
        self.match_options = self
            .match_code
            .as_deref()
            .map(crate::tokens::match_options)
            .unwrap_or_default();
        self.expires_at_ms = now_ms.saturating_add(ttl_ms);
        self.last_sent_at_ms = now_ms;
        self.requested_by = requester.description;
        self.requested_from = requester.address;
    }
}

/// What sent a send or resend request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    /// The browser and system, in words (see `useragent::describe`).
    pub description: String,
    /// The peer's network address, when known.
    pub address: Option<IpAddr>,
}

/// Storage for sessions and users. Implementations must be safe to share
/// between request handlers.
pub trait SessionStore: Send + Sync {
    /// Stores a new session (replacing one with the same state, which random
    /// states make practically impossible).
    fn insert(&self, session: Session);

    /// A copy of the session with this state, if any.
    fn get(&self, state: &str) -> Option<Session>;

    /// Runs `change` on the session with this state atomically (no other
    /// change interleaves) and returns the session as it is afterwards.
    /// `change` reports its own outcome through variables it captures.
    fn update(&self, state: &str, change: &mut dyn FnMut(&mut Session)) -> Option<Session>;

    /// Records a confirmed sign-in for `email`: creates the user on first sign-in,
    /// otherwise bumps its last-login time. Returns the user as it is now.
    fn sign_in_user(&self, email: &str, now_ms: u64) -> User;
}

/// The in-memory store: everything is lost when devapi stops, which is what a
/// development backend wants.
#[derive(Debug, Default)]
pub struct MemoryStore {
    sessions: Mutex<HashMap<String, Session>>,
    /// Users by lower-cased e-mail address.
    users: Mutex<HashMap<String, User>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

/// Locks a mutex, ignoring poisoning: a handler that panicked mid-update leaves
/// at worst one odd session behind, which is fine for a development server.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SessionStore for MemoryStore {
    fn insert(&self, session: Session) {
        lock(&self.sessions).insert(session.state.clone(), session);
    }

    fn get(&self, state: &str) -> Option<Session> {
        lock(&self.sessions).get(state).cloned()
    }

    fn update(&self, state: &str, change: &mut dyn FnMut(&mut Session)) -> Option<Session> {
        let mut sessions = lock(&self.sessions);
        let session = sessions.get_mut(state)?;
        change(session);
        Some(session.clone())
    }

    fn sign_in_user(&self, email: &str, now_ms: u64) -> User {
        let mut users = lock(&self.users);
        let user = users.entry(email.to_lowercase()).or_insert_with(|| User {
            user_id: crate::tokens::user_id(),
            email: email.to_owned(),
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
            last_login_at_ms: now_ms,
        });
        user.updated_at_ms = now_ms;
        user.last_login_at_ms = now_ms;
        user.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(state: &str) -> Session {
        Session {
            state: state.into(),
            email: "a@b.co".into(),
            client_id: "cli_test".into(),
            magictext: "m".into(),
            code: "123456".into(),
            match_code: Some("47".into()),
            match_options: vec!["12".into(), "47".into(), "80".into()],
            requested_by: "Chrome 126 on Linux".into(),
            requested_from: None,
            created_at_ms: 1_000,
            expires_at_ms: 2_000,
            last_sent_at_ms: 1_000,
            resend_count: 0,
            verified: false,
            cancelled: false,
            used: false,
            verified_at_ms: None,
            tokens: None,
            consumed: false,
            user: None,
        }
    }

    #[test]
    fn insert_get_update() {
        let store = MemoryStore::new();
        assert!(store.get("s").is_none());
        store.insert(session("s"));
        assert_eq!(store.get("s").unwrap().email, "a@b.co");
        let updated = store
            .update("s", &mut |s| s.resend_count += 1)
            .expect("session exists");
        assert_eq!(updated.resend_count, 1);
        assert_eq!(store.get("s").unwrap().resend_count, 1);
        assert!(store
            .update("missing", &mut |_| panic!("not called"))
            .is_none());
    }

    #[test]
    fn expiry_ignores_verified_sessions() {
        let mut s = session("s");
        assert!(!s.is_expired(1_999));
        assert!(s.is_expired(2_000));
        s.verified = true;
        assert!(!s.is_expired(5_000));
    }

    #[test]
    fn users_are_stable_per_address() {
        let store = MemoryStore::new();
        let first = store.sign_in_user("A@b.co", 10);
        let again = store.sign_in_user("a@B.co", 20);
        assert_eq!(first.user_id, again.user_id);
        assert_eq!(again.created_at_ms, 10);
        assert_eq!(again.last_login_at_ms, 20);
        assert_ne!(store.sign_in_user("c@d.co", 30).user_id, first.user_id);
    }
}
