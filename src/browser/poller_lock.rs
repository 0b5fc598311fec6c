//! The poller's lock: of the tabs waiting on one sign-in, only the one holding it
//! polls (`poller_lock.js`, over the Web Locks API). Released when the tab stops
//! wanting it (hidden, no longer waiting), when the widget unmounts, and by the
//! browser when the tab closes, so another tab takes over at once.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/browser/poller_lock.js")]
extern "C" {
    #[wasm_bindgen(js_name = requestLock)]
    fn request_lock(name: &str, granted: &Closure<dyn FnMut()>) -> Option<js_sys::Function>;
    #[wasm_bindgen(js_name = hasLocks)]
    fn has_locks() -> bool;
}

/// The lock one widget asks for, holds or gives up.
pub struct PollerLock {
    prefix: String,
    current: RefCell<Option<Held>>,
}

/// A lock asked for (and perhaps granted).
struct Held {
    name: String,
    release: js_sys::Function,
    _granted: Closure<dyn FnMut()>,
}

impl PollerLock {
    /// Locks named `<prefix>:<handle>`; `None` where the Web Locks API is missing.
    pub fn new(prefix: String) -> Option<PollerLock> {
        has_locks().then(|| PollerLock {
            prefix,
            current: RefCell::default(),
        })
    }

    /// Asks for the lock of `handle` (giving up any other), or gives it up with
    /// `None`. `granted` runs when a newly asked-for lock is held. Returns whether
    /// a new lock was asked for.
    pub fn want(&self, handle: Option<&str>, granted: impl FnMut() + 'static) -> bool {
        let name = handle.map(|handle| format!("{}:{handle}", self.prefix));
        let mut current = self.current.borrow_mut();
        if current.as_ref().map(|held| &held.name) == name.as_ref() {
            return false;
        }
        if let Some(held) = current.take() {
            let _ = held.release.call0(&JsValue::NULL);
        }
        let Some(name) = name else {
            return false;
        };
        let granted = Closure::<dyn FnMut()>::new(granted);
        let Some(release) = request_lock(&name, &granted) else {
            return false;
        };
        *current = Some(Held {
            name,
            release,
            _granted: granted,
        });
        true
    }
}

impl Drop for PollerLock {
    fn drop(&mut self) {
        if let Some(held) = self.current.get_mut().take() {
            let _ = held.release.call0(&JsValue::NULL);
        }
    }
}
