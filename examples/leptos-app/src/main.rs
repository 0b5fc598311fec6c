//! Example: a Rust app (Leptos, client-side rendered) that embeds the sign-in widget
//! as a component, without the custom element or the loader: the `MagicLinkLogin`
//! component, its settings from `Settings::builder`, and one callback per moment
//! (`on_sent`, `on_resent`, `on_authenticated`, `on_expired`, `on_error`).
//!
//! Open it with devapi:
//!
//! ```sh
//! cargo run -p devapi -- --port 8787      # the local API; links land in http://127.0.0.1:8787/dev/outbox
//! cd examples/leptos-app && trunk serve --offline --port 8082
//! ```
//!
//! then open <http://127.0.0.1:8082/>. Checked by
//! `cargo clippy -p leptos-app-example --target wasm32-unknown-unknown -- -D warnings`.

#[cfg(target_arch = "wasm32")]
mod app;

fn main() {
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(app::App);
}
