//! The request log: what the API endpoints were asked and what they answered.
//!
//! Tests read it (`GET /dev/requests.json`) to count status polls and to check
//! that a resend posts the same state handle as the send returned. The newest
//! [`MAX_ENTRIES`] are kept; older ones make room.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;

use crate::faults::Endpoint;

/// One logged API request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Which endpoint.
    pub endpoint: Endpoint,
    /// HTTP method (`GET`, `POST`).
    pub method: String,
    /// The flow handle: from the query (`state`, else `session_id`), else from the
    /// JSON body, else (for a send) the state the send created.
    pub state: Option<String>,
    /// When the request arrived, epoch milliseconds.
    pub at_ms: u64,
    /// The status answered.
    pub status: u16,
    /// Whether an injected fault took part (answered or delayed it).
    pub fault: bool,
}

/// Most entries kept: a ring, the oldest dropped first.
pub const MAX_ENTRIES: usize = 10_000;

/// The log, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<Entry>>,
}

impl RequestLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Appends an entry, and logs it at debug level (`RUST_LOG=devapi::requests=debug`;
    /// the end-to-end harness turns it on, so a failing test shows every call).
    pub fn push(&self, entry: Entry) {
        tracing::debug!(
            "{} {:?} {} (state {})",
            entry.method,
            entry.endpoint,
            entry.status,
            entry.state.as_deref().unwrap_or("-"),
        );
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// Every entry, oldest first.
    pub fn all(&self) -> Vec<Entry> {
        self.lock().iter().cloned().collect()
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_max_entries() {
        let log = RequestLog::new();
        for at_ms in 0..(MAX_ENTRIES + 3) as u64 {
            log.push(Entry {
                endpoint: Endpoint::Status,
                method: "GET".into(),
                state: None,
                at_ms,
                status: 200,
                fault: false,
            });
        }
        let all = log.all();
        assert_eq!(all.len(), MAX_ENTRIES);
        assert_eq!(all[0].at_ms, 3, "the oldest made room");
        assert_eq!(all[MAX_ENTRIES - 1].at_ms, (MAX_ENTRIES + 2) as u64);
    }
}
