//! End-to-end test harness: real processes on real ports.
//!
//! A test typically starts three servers on three origins — the host page
//! ([`StaticServer`]), the widget's `dist` folder (another [`StaticServer`]) and
//! the development API ([`DevApi`]) — and drives headless Chromium through
//! chromedriver ([`Browser`]). Every helper picks its own free port and cleans up
//! its processes on drop, so tests can run in parallel; [`Browser::start`] limits
//! how many Chromium instances run at once (see [`BROWSER_SLOTS_ENV`]).
//!
//! DOM helpers ([`Browser::find_by_role`], [`Browser::click_button`], …) select
//! by role and accessible name and see through open shadow roots, because the
//! widget renders inside `<magic-link-login>`'s shadow root.
//!
//! # Running
//! `cargo test -p e2e` (about 1 s per browser test once built). It needs
//! Chromium and a chromedriver of the same version (`apt-get install chromium
//! chromium-driver`), and, for widget tests, the release build from
//! `trunk build --release --dist dist-e2e`. devapi is built on demand. Output of
//! the child processes is captured per test and shown when a test fails.
//!
//! | variable | default | what |
//! |---|---|---|
//! | `WIDGET_DIST` | `<workspace>/dist-e2e` | the widget build under test |
//! | `DEVAPI_BIN` | `cargo build -p devapi`, then `target/debug/devapi` | the devapi binary |
//! | `CHROMEDRIVER` | `chromedriver` on `PATH`, else `/usr/bin/chromedriver` | the driver |
//! | `CHROME_BIN` | `/usr/bin/chromium` when present | the browser |
//! | `E2E_BROWSERS` | number of CPU cores | Chromium instances at once per test binary |
#![deny(missing_docs)]

mod browser;
mod cdp;
mod chromedriver;
mod confirm;
mod console;
mod devapi;
mod dom;
mod engine;
mod http;
mod paths;
mod process;
mod slots;
mod static_server;
mod tabs;
mod vite;
mod wait;
mod xvfb;

pub use browser::{Browser, BROWSER_SLOTS_ENV};
pub use console::CONSOLE_CAPTURE;
pub use devapi::{DevApi, LoggedRequest, OutboxMessage};
pub use engine::{chromium_only, Engine, ENGINE_ENV};
pub use fantoccini;
pub use fantoccini::elements::Element;
pub use paths::{widget_dist, workspace_root};
pub use static_server::{Page, StaticServer};
pub use vite::ViteDevServer;
pub use wait::wait_until;
