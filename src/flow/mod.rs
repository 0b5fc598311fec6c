//! The sign-in flow, free of any browser type: the state machine, its timing rules,
//! e-mail checks and the stored snapshot. Everything here runs under plain
//! `cargo test`.

mod code;
pub mod email;
pub mod event_detail;
pub mod machine;
pub mod method;
pub mod snapshot;
pub mod tabs;
pub mod timing;

#[cfg(test)]
mod cancelled_tests;
#[cfg(test)]
mod code_tests;
#[cfg(test)]
mod machine_tests;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tabs_tests;

pub use machine::{
    CodeEntry, CodeStep, Command, Ending, Expired, Flow, Form, Input, LockState, Moment,
    Navigation, Notice, Page, Polling, RequestId, Resends, Sending, StayReason, Step, StepKind,
    Waiting,
};
pub use method::{Channel, Methods};
pub use snapshot::Snapshot;
pub use tabs::TabMessage;
