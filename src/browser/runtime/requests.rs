//! The requests room: carries out `Send`, `Resend`, `Verify` and `CheckStatus` over the API
//! client, reports each answer back as an input, and aborts what the flow no longer
//! waits for.

use crate::api::client::ApiClient;
use crate::flow::{Command, Input, RequestId};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use web_sys::AbortController;

/// The requests of one widget, each with the `AbortController` that stops it.
pub struct Requests {
    api: ApiClient,
    in_flight: Rc<RefCell<Vec<(RequestId, AbortController)>>>,
}

impl Requests {
    /// Requests to the configured API.
    pub fn new(api: ApiClient) -> Requests {
        Requests {
            api,
            in_flight: Rc::default(),
        }
    }

    /// Starts the request `command` names (other commands are not requests);
    /// `answer` receives its answer as an input.
    pub fn start(&self, command: Command, answer: impl FnOnce(Input) + 'static) {
        let id = match &command {
            Command::Send { id, .. }
            | Command::Resend { id, .. }
            | Command::Verify { id, .. }
            | Command::CheckStatus { id, .. } => *id,
            _ => return,
        };
        let api = self.api.clone();
        // One task type for every request: each distinct future is code in the wasm.
        self.spawn(id, answer, move |abort| async move {
            ask(&api, command, &abort).await
        });
    }

    /// Runs one request as a task. Its `AbortController` is kept until the answer
    /// arrives, so that unmounting or the flow moving on can stop the fetch.
    fn spawn<F: Future<Output = Input> + 'static>(
        &self,
        id: RequestId,
        answer: impl FnOnce(Input) + 'static,
        task: impl FnOnce(AbortController) -> F,
    ) {
        let Ok(abort) = AbortController::new() else {
            return;
        };
        self.in_flight.borrow_mut().push((id, abort.clone()));
        let (in_flight, task) = (self.in_flight.clone(), task(abort));
        leptos::task::spawn_local(async move {
            let input = task.await;
            in_flight.borrow_mut().retain(|(other, _)| *other != id);
            // An aborted request answers too; the flow ignores answers it no longer
            // waits for, and a stopped runtime ignores everything.
            answer(input);
        });
    }

    /// Aborts every request but `wanted` (after "use a different email", expiry or
    /// sign-in), so that their fetches stop at once.
    pub fn keep_only(&self, wanted: [Option<RequestId>; 3]) {
        self.in_flight.borrow_mut().retain(|(id, abort)| {
            let keep = wanted.contains(&Some(*id));
            if !keep {
                abort.abort();
            }
            keep
        });
    }

    /// Aborts every request.
    pub fn abort_all(&self) {
        self.keep_only([None; 3]);
    }
}

/// Makes the request `command` names and returns its answer as an input.
async fn ask(api: &ApiClient, command: Command, abort: &AbortController) -> Input {
    match command {
        Command::Send { id, email, channel } => Input::Sent {
            id,
            result: api.send(&email, channel, abort).await,
        },
        Command::Resend {
            id,
            handle,
            channel,
        } => Input::Resent {
            id,
            result: api.resend(&handle, channel, abort).await,
        },
        Command::Verify { id, handle, code } => Input::Verified {
            id,
            result: api.verify(&handle, &code, abort).await,
        },
        Command::CheckStatus { id, handle } => Input::Polled {
            id,
            result: api.status(&handle, abort).await,
        },
        // Not a request: `start` passes requests only.
        _ => Input::Tick,
    }
}
