//! The channel between tabs of one origin showing the same widget: a
//! `BroadcastChannel` named after the storage key, carrying [`TabMessage`]s as
//! JSON text, in memory only. Closed when dropped (on unmount).

use crate::data::Json;
use crate::flow::TabMessage;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// One open channel and its listener.
pub struct TabChannel {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl TabChannel {
    /// Opens channel `name`; `heard` receives every message other tabs post that
    /// reads as a [`TabMessage`]. `None` where `BroadcastChannel` is missing.
    pub fn open(name: &str, heard: impl Fn(TabMessage) + 'static) -> Option<TabChannel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let message = event
                .data()
                .as_string()
                .and_then(|text| Json::parse(&text))
                .and_then(|json| json.read::<TabMessage>());
            if let Some(message) = message {
                heard(message);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            _listener: listener,
        })
    }

    /// Posts `message` to the other tabs (a tab never hears its own).
    pub fn tell(&self, message: &TabMessage) {
        if let Some(json) = Json::of(message) {
            let _ = self.channel.post_message(&json.to_text().into());
        }
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
