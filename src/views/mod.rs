//! The Leptos components. They render the flow's state and dispatch events; every
//! decision lives in [`crate::flow`].

mod back;
mod code_field;
mod countdown;
mod expired;
mod form;
mod resend;
mod signed_in;
mod unavailable;
mod waiting;
mod widget;

pub use widget::MagicLinkLogin;

use crate::browser::runtime::Runtime;
use std::sync::atomic::{AtomicU32, Ordering};

/// Unique ids for the elements of one instance, so that several widgets in the light
/// DOM (`no-shadow`) never share an `id`.
#[derive(Clone, Debug)]
pub(crate) struct Ids {
    email: String,
    code: String,
    error: String,
    countdown: String,
}

impl Ids {
    fn new() -> Ids {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        Ids {
            email: format!("mll{n}-email"),
            code: format!("mll{n}-code"),
            error: format!("mll{n}-error"),
            countdown: format!("mll{n}-countdown"),
        }
    }
}

/// What every step view needs.
#[derive(Clone)]
pub(crate) struct StepProps {
    runtime: Runtime,
    ids: Ids,
}
