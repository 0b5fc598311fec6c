//! Start-up on a phone network: Chromium's "Slow 4G"-like emulation (CDP
//! `Network.emulateNetworkConditions`: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s
//! up) with files served brotli-compressed, as CDNs serve them. Ours and Hanko's
//! pages alternate within each run, each in a fresh Chromium with the cache off.

use std::path::Path;
use std::process::Command;

use e2e::{workspace_root, StaticServer};
use serde_json::{json, Value};

use crate::startup::cold_browser;
use crate::stats::Runs;

/// The emulated link.
pub const LATENCY_MS: f64 = 150.0;
/// Download throughput in bits per second.
pub const DOWN_BPS: f64 = 1.6e6;
/// Upload throughput in bits per second.
pub const UP_BPS: f64 = 750e3;

/// Every slow-network measurement, one value per run (ms from navigation start;
/// layout shift as the sum of `layout-shift` values).
pub struct Slow {
    /// Ours, English: the e-mail field takes typing and Send.
    pub typeable: Runs,
    /// Ours: a Send pressed at that moment reaches the network (request start).
    pub send: Runs,
    /// Ours: the widget runs (its own form has taken over).
    pub running: Runs,
    /// Ours: layout shift until half a second after running.
    pub layout_shift: Runs,
    /// The same three on a German page (`lang/de.json` too).
    pub typeable_german: Runs,
    pub running_german: Runs,
    pub layout_shift_german: Runs,
    /// The same on a page with the build's preload hint for the wasm.
    pub typeable_preload: Runs,
    pub running_preload: Runs,
    /// Hanko: `<hanko-auth>` defined.
    pub hanko_defined: Runs,
}

/// Writes the `.br` twins of every file in `folders` (scripts/precompress.mjs).
///
/// # Panics
/// When node cannot run the script.
pub fn precompress(folders: &[&Path]) {
    let status = Command::new("node")
        .arg(workspace_root().join("scripts/precompress.mjs"))
        .args(folders)
        .status()
        .expect("running node scripts/precompress.mjs");
    assert!(status.success(), "precompress.mjs failed");
}

/// Runs every page `runs` times, interleaved.
pub async fn measure(runs: usize, widget: &StaticServer, hanko: &StaticServer) -> Slow {
    let empty = || Runs(Vec::new());
    let mut slow = Slow {
        typeable: empty(),
        send: empty(),
        running: empty(),
        layout_shift: empty(),
        typeable_german: empty(),
        running_german: empty(),
        layout_shift_german: empty(),
        typeable_preload: empty(),
        running_preload: empty(),
        hanko_defined: empty(),
    };
    for run in 1..=runs {
        eprintln!("[bench] slow-network run {run}/{runs}");
        let ours = throttled(widget, &format!("/bench/slow.html?run={run}")).await;
        slow.typeable.0.push(mark(&ours, "interactive"));
        slow.running.0.push(mark(&ours, "running"));
        slow.layout_shift.0.push(shift(&ours));

        let theirs = throttled(hanko, &format!("/bench/hanko.html?run={run}")).await;
        slow.hanko_defined.0.push(mark(&theirs, "defined"));

        let sent = throttled(widget, &format!("/bench/slow.html?send=1&run={run}")).await;
        slow.send.0.push(mark(&sent, "send"));

        let german = throttled(widget, &format!("/bench/slow-de.html?run={run}")).await;
        slow.typeable_german.0.push(mark(&german, "interactive"));
        slow.running_german.0.push(mark(&german, "running"));
        slow.layout_shift_german.0.push(shift(&german));

        let hinted = throttled(widget, &format!("/bench/slow-preload.html?run={run}")).await;
        slow.typeable_preload.0.push(mark(&hinted, "interactive"));
        slow.running_preload.0.push(mark(&hinted, "running"));
    }
    slow
}

/// Opens `path` in a fresh Chromium on the emulated link, cache off, after a blank
/// page from the same origin (so the connection is open, as it is for the page's
/// own files), and returns what the page reported.
async fn throttled(server: &StaticServer, path: &str) -> Value {
    let browser = cold_browser(server).await;
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": LATENCY_MS,
                "downloadThroughput": DOWN_BPS / 8.0,
                "uploadThroughput": UP_BPS / 8.0,
            }),
        )
        .await;
    browser.goto(&server.url(path)).await;
    let result = browser.execute("return window.benchDone", vec![]).await;
    if let Some(error) = result.get("error") {
        panic!(
            "{path}: {error}\n{result}\n--- console ---\n{}",
            browser.console_log().await.join("\n")
        );
    }
    browser.close().await;
    result
}

fn mark(result: &Value, name: &str) -> f64 {
    result["marks"][name]
        .as_f64()
        .unwrap_or_else(|| panic!("the page reported no {name:?}: {result}"))
}

fn shift(result: &Value) -> f64 {
    result["layout_shift"].as_f64().unwrap_or(f64::NAN)
}
