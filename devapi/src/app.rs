//! The shared application state every handler sees.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::config::Config;
use crate::errors::ApiError;
use crate::faults::Faults;
use crate::limits::{AddressLimits, Limit};
use crate::mail::{compose, Letter};
use crate::outbox::{Draft, Outbox};
use crate::requests::RequestLog;
use crate::smtp::Mailer;
use crate::store::{MemoryStore, SessionStore};

/// Cheaply clonable handle on [`App`].
pub type AppState = Arc<App>;

/// Everything one devapi instance holds.
pub struct App {
    /// The command-line settings.
    pub config: Config,
    /// `http://127.0.0.1:<port>` with the port actually bound; magic links and
    /// the token issuer use it.
    pub base_url: String,
    /// Sign-in sessions and users.
    pub store: Box<dyn SessionStore>,
    /// Sent e-mail.
    pub outbox: Outbox,
    /// Pending injected faults.
    pub faults: Faults,
    /// The API request log.
    pub requests: RequestLog,
    /// E-mails sent to each address, for `--address-limit`.
    pub address_limits: AddressLimits,
    /// The SMTP sender, with `--smtp`.
    pub mailer: Option<Mailer>,
}

impl App {
    /// A fresh instance with an in-memory store.
    pub fn new(config: Config, base_url: String) -> AppState {
        let mailer = config
            .smtp
            .clone()
            .map(|server| Mailer::new(server, config.smtp_from.clone()));
        Arc::new(Self {
            mailer,
            config,
            base_url,
            store: Box::new(MemoryStore::new()),
            outbox: Outbox::new(),
            faults: Faults::new(),
            requests: RequestLog::new(),
            address_limits: AddressLimits::new(),
        })
    }

    /// Puts an e-mail in the outbox and, with `--smtp`, sends it in the
    /// background. `requested_by` names what asked for it; `expires_at_ms` is
    /// when its link or code stops working.
    pub fn deliver(
        &self,
        draft: Draft<'_>,
        sent_at_ms: u64,
        requested_by: &str,
        expires_at_ms: u64,
    ) {
        let message = self.outbox.push(draft, sent_at_ms);
        if let Some(mailer) = &self.mailer {
            mailer.send(compose(&Letter {
                message: &message,
                requested_by,
                expires_at_ms,
            }));
        }
    }

    /// Link lifetime in milliseconds.
    pub fn link_ttl_ms(&self) -> u64 {
        self.config.link_ttl.saturating_mul(1000)
    }

    /// Resend cooldown in milliseconds.
    pub fn cooldown_ms(&self) -> u64 {
        self.config.resend_cooldown.saturating_mul(1000)
    }

    /// E-mails per address (`--address-limit` in `--limit-window`).
    pub fn address_limit(&self) -> Limit {
        Limit {
            limit: self.config.address_limit,
            window_ms: self.config.limit_window.saturating_mul(1000),
        }
    }

    /// Resends per sign-in (`--resend-limit` in `--limit-window`).
    pub fn resend_limit(&self) -> Limit {
        Limit {
            limit: self.config.resend_limit,
            window_ms: self.config.limit_window.saturating_mul(1000),
        }
    }

    /// Whether a sign-in (link or code) whose latest e-mail went out at
    /// `last_sent_at_ms` may e-mail `email` again now: the cooldown, then
    /// `--resend-limit` (counted in `resent_at_ms`), then `--address-limit`. An
    /// allowed resend is counted in both; a refused one in neither.
    pub fn allow_resend(
        &self,
        last_sent_at_ms: u64,
        resent_at_ms: &mut VecDeque<u64>,
        email: &str,
        now_ms: u64,
    ) -> Result<(), ApiError> {
        let ready_at_ms = last_sent_at_ms.saturating_add(self.cooldown_ms());
        if now_ms < ready_at_ms {
            let left_ms = ready_at_ms - now_ms;
            return Err(ApiError::too_many_requests(left_ms.div_ceil(1000).max(1)));
        }
        self.resend_limit()
            .record(resent_at_ms, now_ms)
            .map_err(ApiError::too_many_resends)?;
        if let Err(seconds) = self
            .address_limits
            .record(email, self.address_limit(), now_ms)
        {
            // Not sent after all: the resend does not count against the sign-in.
            resent_at_ms.pop_back();
            return Err(ApiError::too_many_emails(seconds));
        }
        Ok(())
    }

    /// Whether links carry a number to match (`--no-number-matching` turns it off).
    pub fn number_matching(&self) -> bool {
        !self.config.no_number_matching
    }

    /// What `GET /config` answers: the `--config` file's text, else the
    /// built-in sample (whose logo is on this instance's port).
    pub fn branding(&self) -> String {
        match &self.config.branding {
            Some(branding) => branding.as_str().to_owned(),
            None => crate::branding::sample(&self.base_url).to_string(),
        }
    }

    /// The absolute magic link for a session's current magic text.
    pub fn magic_link(&self, client_id: &str, state: &str, magictext: &str) -> String {
        format!(
            "{}{}?{}",
            self.base_url,
            crate::routes::PATH_VERIFY,
            crate::routes::verify_query(client_id, state, magictext)
        )
    }
}
