//! The storage room: the flow's snapshot in `sessionStorage`, under the widget's key.

use crate::browser::storage;
use crate::config::Settings;
use crate::flow::{snapshot, Flow, Snapshot};

/// Where one widget keeps its snapshot.
pub struct Saved {
    key: String,
}

impl Saved {
    /// The place of the widget these settings describe.
    pub fn new(settings: &Settings) -> Saved {
        Saved {
            key: snapshot::storage_key(settings),
        }
    }

    /// The stored flow, if there is a usable one (at `now`).
    pub fn load(&self, now: u64, settings: &Settings) -> Option<Flow> {
        snapshot::decode(&storage::load(&self.key)?, now, settings)
    }

    /// Stores `snapshot`. Failures are tolerated: the storage module keeps the value
    /// in memory, and a lost snapshot only costs the reload-proofing.
    pub fn save(&self, snapshot: &Snapshot) {
        let _ = storage::save(&self.key, &snapshot.encode());
    }

    /// Removes the stored snapshot.
    pub fn forget(&self) {
        let _ = storage::remove(&self.key);
    }
}
