//! JS heap after mounting and after many mount/unmount cycles through
//! `MagicLinkLogin.mount`, read after forced garbage collections.

use std::time::Duration;

use e2e::{Browser, StaticServer};
use serde::Deserialize;
use serde_json::json;

/// Chromium flags for the readings: `gc()` for the page, and
/// `performance.memory` without the 100 KB rounding it has by default.
const FLAGS: &[&str] = &["--js-flags=--expose-gc", "--enable-precise-memory-info"];

/// Bytes reported by `benchMemory` in `pages/memory.html`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Memory {
    /// JS heap with the widget loaded and defined, nothing mounted.
    pub loaded: i64,
    /// JS heap with one widget mounted and rendered.
    pub after_mount: i64,
    /// JS heap with one widget mounted, after the cycles.
    pub after_cycles: i64,
    /// JS heap after as many cycles again: the growth from `after_cycles` is
    /// what cycles keep once V8 has warmed up.
    pub after_more_cycles: i64,
    /// The wasm linear memory (not part of the JS heap) after the first mount.
    pub wasm_after_mount: Option<i64>,
    /// The wasm linear memory after the cycles (it can grow, never shrink).
    pub wasm_after_cycles: Option<i64>,
    /// The wasm linear memory after as many cycles again.
    pub wasm_after_more_cycles: Option<i64>,
}

/// Mounts the widget, reads the heap, runs `cycles` unmount+mount cycles and
/// reads it again, twice, in a Chromium of its own (started with [`FLAGS`]).
pub async fn measure(cycles: usize, widget: &StaticServer) -> Memory {
    eprintln!("[bench] heap over 2 × {cycles} mount/unmount cycles");
    let browser = Browser::start_with_args(FLAGS).await;
    browser.goto(&widget.url("/bench/memory.html")).await;
    // WebDriver's default 30 s script timeout is too short for slow machines.
    browser
        .client()
        .update_timeouts(e2e::fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            None,
            None,
        ))
        .await
        .expect("set the script timeout");
    let result = browser
        .execute("return benchMemory(arguments[0])", vec![json!(cycles)])
        .await;
    browser.close().await;
    serde_json::from_value(result.clone())
        .unwrap_or_else(|error| panic!("unexpected memory readings ({error}): {result}"))
}
