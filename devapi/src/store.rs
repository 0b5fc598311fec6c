//! Sign-in sessions and the users they sign in, behind a small storage trait.
//!
//! devapi keeps everything in memory ([`MemoryStore`]); the trait exists so that
//! a persistent store could replace it without touching the handlers. Link
//! sign-ins ([`Session`]) and code sign-ins ([`CodeSession`]) live in separate
//! tables: neither kind's endpoints can reach the other's state.
//!
//! Memory is bounded: a session is dropped [`RETENTION_MS`] after its link's (or
//! code's) lifetime ends (until then its status answers 410, not 404, which a
//! client would take for "not yet"), swept when sessions are added; at most
//! [`MAX_SESSIONS`] sessions of each kind and [`MAX_USERS`] users are kept, the
//! oldest making room.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

pub use crate::codes::CodeSession;

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
    /// When the resends inside the current `--limit-window` went out, oldest
    /// first (for `--resend-limit`).
    pub resent_at_ms: VecDeque<u64>,
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

    /// Stores a new code sign-in (as [`insert`](Self::insert) does a link's).
    fn insert_code(&self, session: CodeSession);

    /// Runs `change` on the code sign-in with this state atomically and returns
    /// it as it is afterwards (as [`update`](Self::update) does a link's).
    fn update_code(
        &self,
        state: &str,
        change: &mut dyn FnMut(&mut CodeSession),
    ) -> Option<CodeSession>;

    /// Records a confirmed sign-in for `email`: creates the user on first sign-in,
    /// otherwise bumps its last-login time. Returns the user as it is now.
    fn sign_in_user(&self, email: &str, now_ms: u64) -> User;
}

/// How long a session is kept after its link's lifetime ends: an hour.
pub const RETENTION_MS: u64 = 60 * 60 * 1000;
/// Most sessions kept; adding one more drops the oldest.
pub const MAX_SESSIONS: usize = 10_000;
/// Most users kept; signing in one more forgets the one whose last sign-in is
/// the oldest.
pub const MAX_USERS: usize = 10_000;
/// Sessions are swept for stale ones at most this often (and whenever the store
/// is full).
const SWEEP_EVERY_MS: u64 = 60 * 1000;

impl Session {
    /// Whether the session may be forgotten: [`RETENTION_MS`] after its link's
    /// lifetime ended (a confirmed or cancelled sign-in ends no later).
    pub fn is_stale(&self, now_ms: u64) -> bool {
        now_ms >= self.expires_at_ms.saturating_add(RETENTION_MS)
    }
}

/// What a table needs to know of the sessions it keeps.
trait Kept {
    /// When the sign-in started: the oldest makes room first.
    fn created_at_ms(&self) -> u64;
    /// Whether it may be forgotten.
    fn is_stale(&self, now_ms: u64) -> bool;
}

impl Kept for Session {
    fn created_at_ms(&self) -> u64 {
        self.created_at_ms
    }
    fn is_stale(&self, now_ms: u64) -> bool {
        Session::is_stale(self, now_ms)
    }
}

impl Kept for CodeSession {
    fn created_at_ms(&self) -> u64 {
        self.created_at_ms
    }
    fn is_stale(&self, now_ms: u64) -> bool {
        CodeSession::is_stale(self, now_ms)
    }
}

/// The in-memory store: everything is lost when devapi stops, which is what a
/// development backend wants.
#[derive(Debug, Default)]
pub struct MemoryStore {
    sessions: Mutex<Sessions<Session>>,
    codes: Mutex<Sessions<CodeSession>>,
    /// Users by lower-cased e-mail address.
    users: Mutex<HashMap<String, User>>,
}

/// One kind of session, by state.
#[derive(Debug)]
struct Sessions<S> {
    by_state: HashMap<String, S>,
    /// When stale sessions were last swept, epoch milliseconds.
    swept_at_ms: u64,
}

// Not derived: a derived `Default` would require `S: Default`.
impl<S> Default for Sessions<S> {
    fn default() -> Self {
        Self {
            by_state: HashMap::new(),
            swept_at_ms: 0,
        }
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many link sessions are kept now.
    pub fn session_count(&self) -> usize {
        lock(&self.sessions).by_state.len()
    }

    /// How many code sessions are kept now.
    pub fn code_session_count(&self) -> usize {
        lock(&self.codes).by_state.len()
    }

    /// How many users are kept now.
    pub fn user_count(&self) -> usize {
        lock(&self.users).len()
    }
}

impl<S: Kept> Sessions<S> {
    /// Makes room for one more session: drops stale ones (at most once a
    /// [`SWEEP_EVERY_MS`] unless full), then, if still full, the oldest.
    fn make_room(&mut self, now_ms: u64) {
        let full = self.by_state.len() >= MAX_SESSIONS;
        if full || now_ms >= self.swept_at_ms.saturating_add(SWEEP_EVERY_MS) {
            self.by_state.retain(|_, s| !s.is_stale(now_ms));
            self.swept_at_ms = now_ms;
        }
        while self.by_state.len() >= MAX_SESSIONS {
            let oldest = self
                .by_state
                .iter()
                .min_by_key(|(_, s)| s.created_at_ms())
                .map(|(state, _)| state.clone());
            match oldest {
                Some(state) => self.by_state.remove(&state),
                None => break,
            };
        }
    }

    /// Stores `session` under `state`, making room first.
    fn insert(&mut self, state: String, session: S) {
        self.make_room(crate::clock::now_ms());
        self.by_state.insert(state, session);
    }

    /// Changes the session with this state in place; a copy of it afterwards.
    fn update(&mut self, state: &str, change: &mut dyn FnMut(&mut S)) -> Option<S>
    where
        S: Clone,
    {
        let session = self.by_state.get_mut(state)?;
        change(session);
        Some(session.clone())
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
        lock(&self.sessions).by_state.get(state).cloned()
    }

    fn update(&self, state: &str, change: &mut dyn FnMut(&mut Session)) -> Option<Session> {
        lock(&self.sessions).update(state, change)
    }

    fn insert_code(&self, session: CodeSession) {
        lock(&self.codes).insert(session.state.clone(), session);
    }

    fn update_code(
        &self,
        state: &str,
        change: &mut dyn FnMut(&mut CodeSession),
    ) -> Option<CodeSession> {
        lock(&self.codes).update(state, change)
    }

    fn sign_in_user(&self, email: &str, now_ms: u64) -> User {
        let mut users = lock(&self.users);
        let key = email.to_lowercase();
        if users.len() >= MAX_USERS && !users.contains_key(&key) {
            let least_recent = users
                .iter()
                .min_by_key(|(_, u)| u.last_login_at_ms)
                .map(|(k, _)| k.clone());
            if let Some(k) = least_recent {
                users.remove(&k);
            }
        }
        let user = users.entry(key).or_insert_with(|| User {
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
            resent_at_ms: VecDeque::new(),
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
    fn code_sessions_are_a_table_of_their_own() {
        let store = MemoryStore::new();
        let code = CodeSession::new("a@b.co", "cli_test".into(), 1_000, 1_000);
        let state = code.state.clone();
        store.insert_code(code);
        assert_eq!(store.code_session_count(), 1);
        assert!(store.get(&state).is_none(), "not a link sign-in");
        let updated = store
            .update_code(&state, &mut |s| s.wrong_tries += 1)
            .expect("code session exists");
        assert_eq!(updated.wrong_tries, 1);
        store.insert(session("link"));
        assert!(store
            .update_code("link", &mut |_| panic!("not called"))
            .is_none());
        assert_eq!(store.session_count(), 1);
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
    fn stale_sessions_are_swept_when_sessions_are_added() {
        let store = MemoryStore::new();
        let now = crate::clock::now_ms();
        let mut old = session("old");
        old.expires_at_ms = now - RETENTION_MS - 1;
        let mut ended = session("ended");
        // Ended, but not long enough ago: still answers 410.
        ended.expires_at_ms = now - RETENTION_MS + 60_000;
        store.insert(old);
        store.insert(ended);
        // The first insert swept (nothing yet); the sweep waits a minute...
        assert_eq!(store.session_count(), 2);
        // ...so force the next one.
        lock(&store.sessions).swept_at_ms = 0;
        store.insert(session("new"));
        assert!(store.get("old").is_none());
        assert!(store.get("ended").is_some());
        assert!(store.get("new").is_some());
        assert!(session("x").is_stale(2_000 + RETENTION_MS));
        assert!(!session("x").is_stale(1_999 + RETENTION_MS));
    }

    #[test]
    fn at_most_max_sessions_are_kept_the_oldest_going_first() {
        let store = MemoryStore::new();
        let far = crate::clock::now_ms() + 10 * RETENTION_MS;
        for i in 0..=MAX_SESSIONS {
            let mut s = session(&format!("s{i}"));
            s.created_at_ms = 1_000 + i as u64;
            s.expires_at_ms = far;
            store.insert(s);
        }
        assert_eq!(store.session_count(), MAX_SESSIONS);
        assert!(store.get("s0").is_none(), "the oldest made room");
        assert!(store.get("s1").is_some());
        assert!(store.get(&format!("s{MAX_SESSIONS}")).is_some());
    }

    #[test]
    fn at_most_max_users_are_kept() {
        let store = MemoryStore::new();
        let first = store.sign_in_user("u0@b.co", 0);
        for i in 1..MAX_USERS {
            store.sign_in_user(&format!("u{i}@b.co"), i as u64);
        }
        assert_eq!(store.user_count(), MAX_USERS);
        // A known user signing in again makes no room...
        assert_eq!(store.sign_in_user("U0@b.co", 20_000).user_id, first.user_id);
        assert_eq!(store.user_count(), MAX_USERS);
        // ...a new one forgets the least recent (now u1).
        store.sign_in_user("new@b.co", 20_001);
        assert_eq!(store.user_count(), MAX_USERS);
        assert_eq!(store.sign_in_user("u0@b.co", 20_002).user_id, first.user_id);
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
