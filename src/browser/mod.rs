//! One module per browser side effect, each cleaning up after itself.

pub mod branding;
pub mod clock;
pub mod element;
pub mod handover;
pub mod host_events;
pub mod languages;
pub mod page_signals;
pub mod poller_lock;
pub mod runtime;
pub mod storage;
pub mod tab_channel;
pub mod wake;
