//! A passwordless magic-link sign-in widget, in Rust compiled to WebAssembly.
//!
//! Where things are:
//! - [`flow`]: the sign-in flow as a pure state machine (tested on the host);
//! - [`api`]: what the API's answers mean (serde types), and the HTTP client
//!   (gloo-net);
//! - [`data`]: JSON through serde, by the browser's parser in the widget and by
//!   `serde_json` in host tests;
//! - `browser`: one module per browser side effect (storage, timers, page signals,
//!   host events, the custom element);
//! - `views`: the Leptos components, which only render state and dispatch events;
//! - [`i18n`]: every text the widget shows, per language.
//!
//! # In a Rust app
//!
//! A Leptos 0.8 app (client-side rendered, built for `wasm32-unknown-unknown`)
//! renders the widget as a component. Depend on the crate without its default
//! `element` feature, which defines the `<magic-link-login>` custom element for the
//! script-tag build:
//!
//! ```toml
//! [dependencies]
//! magic-link-widget = { version = "0.1", default-features = false }
//! leptos = { version = "0.8", features = ["csr"] }
//! ```
//!
#![cfg_attr(
    target_arch = "wasm32",
    doc = "The component is [`views::MagicLinkLogin`]: its page lists the props and has an example."
)]
#![cfg_attr(
    not(target_arch = "wasm32"),
    doc = "The component, `views::MagicLinkLogin`, exists only in the wasm32 build \
           (the one docs.rs documents); on other targets the crate is the pure core."
)]
#![deny(missing_docs)]

pub mod api;
pub mod branding;
pub mod config;
pub mod data;
pub mod error;
pub mod flow;
pub mod i18n;

#[cfg(test)]
mod doc_lists;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod views;

/// Defines `<magic-link-login>`; the loader calls it once the module is
/// instantiated, with its `(tag) => Promise<language file | null>`.
///
/// Behind the default `element` feature: a Rust app that embeds the component turns
/// it off and renders the component itself.
#[cfg(all(target_arch = "wasm32", feature = "element"))]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = defineElement)]
pub fn define_element(load_language: Option<js_sys::Function>) {
    browser::element::register(load_language);
}
