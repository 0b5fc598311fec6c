//! What the page tells us about its surroundings: tab visibility and connectivity.
//!
//! Each listener is removed when its [`Listener`] is dropped.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// One DOM event listener, removed on drop.
#[must_use = "dropping the Listener removes it"]
pub struct Listener {
    target: EventTarget,
    name: &'static str,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    /// Listens for `name` events on `target`.
    pub fn new(
        target: &EventTarget,
        name: &'static str,
        callback: impl FnMut() + 'static,
    ) -> Listener {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let _ = target.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            name,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.name, self.callback.as_ref().unchecked_ref());
    }
}

/// Whether the page is hidden (a background tab, a minimised window).
pub fn is_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Whether the browser believes it is online.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `changed(hidden)` whenever the page is hidden or shown, and
/// `connectivity(online)` whenever the browser goes offline or online.
pub fn watch(
    changed: impl Fn(bool) + Clone + 'static,
    connectivity: impl Fn(bool) + Clone + 'static,
) -> Vec<Listener> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let mut listeners = Vec::new();
    if let Some(document) = window.document() {
        listeners.push(Listener::new(&document, "visibilitychange", move || {
            changed(is_hidden())
        }));
    }
    let online = connectivity.clone();
    listeners.push(Listener::new(&window, "online", move || online(true)));
    listeners.push(Listener::new(&window, "offline", move || {
        connectivity(false)
    }));
    listeners
}
