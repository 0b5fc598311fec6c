//! The sign-in flow, free of any browser type: the state machine, its timing rules,
//! e-mail checks and the stored snapshot. Everything here runs under plain
//! `cargo test`.

pub mod email;
pub mod event_detail;
pub mod machine;
pub mod snapshot;
pub mod timing;

#[cfg(test)]
mod machine_tests;
#[cfg(test)]
mod properties;

pub use machine::{
    Command, Expired, Flow, Form, Input, Moment, Navigation, Notice, Page, Polling, RequestId,
    Sending, StayReason, Step, StepKind, Waiting,
};
pub use snapshot::Snapshot;
