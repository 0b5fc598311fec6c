//! The request log: what the API endpoints were asked and what they answered.
//!
//! Tests read it (`GET /dev/requests.json`) to count status polls and to check
//! that a resend posts the same state handle as the send returned.

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

/// The log, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<Vec<Entry>>,
}

impl RequestLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Appends an entry.
    pub fn push(&self, entry: Entry) {
        self.lock().push(entry);
    }

    /// Every entry, oldest first.
    pub fn all(&self) -> Vec<Entry> {
        self.lock().clone()
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.lock().clear();
    }
}
