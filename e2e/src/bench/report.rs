//! The Markdown report: a header saying where and how, then one section per
//! measurement.

use std::fmt::Write;

use crate::machine::Machine;
use crate::memory::Memory;
use crate::polling::{Polling, TabsPolling, DEFAULT_POLL_INTERVAL_MS};
use crate::sizes::{total, FileSize};
use crate::slow::{self, Slow};
use crate::startup::Startup;
use crate::stats::{bytes, ms, ratio, Runs};

/// Everything the report shows.
pub struct Report {
    /// Where and when.
    pub machine: Machine,
    /// The command that reproduces the report.
    pub command: String,
    /// The widget build's folder, as given.
    pub dist: String,
    /// Runs per startup timing.
    pub runs: usize,
    /// Mount/unmount cycles per heap reading.
    pub cycles: usize,
    /// Our files' sizes.
    pub ours: Vec<FileSize>,
    /// Hanko's files' sizes.
    pub hanko: Vec<FileSize>,
    pub startup: Startup,
    pub slow: Slow,
    pub memory: Memory,
    pub polling: Polling,
    pub tabs: TabsPolling,
}

impl Report {
    /// The whole report as Markdown.
    pub fn markdown(&self) -> String {
        [
            self.header(),
            self.bytes(),
            self.startup(),
            self.wasm(),
            self.heap(),
            self.polling(),
            self.slow(),
        ]
        .join("\n")
    }

    fn header(&self) -> String {
        let machine = &self.machine;
        format!(
            "# Benchmark: magic-link-login and Hanko Elements 2.7.0\n\n\
             | | |\n|---|---|\n\
             | date | {} |\n\
             | machine | {} cores (`nproc`), {}, {}; load average {} at start, {} at end |\n\
             | browser | headless Chromium ({}) |\n\
             | widget build | `{}` (`trunk build --release`) from {} |\n\
             | command | `{}` |\n\n\
             Timings are {} runs, each a fresh navigation in a fresh headless Chromium with \
             the HTTP cache disabled (CDP `Network.setCacheDisabled`), after a blank page \
             from the same origin; shown as median and worst, with every run in order. \
             All servers are on 127.0.0.1 (files served with `TCP_NODELAY`, as CDNs do), \
             so download time is near zero: the timings are parse, compile and run time, \
             the part a faster network does not shrink.\n",
            machine.date,
            machine.cores,
            machine.cpu,
            machine.kernel,
            machine.load,
            machine.load_at_end,
            self.startup.chromium,
            self.dist,
            machine.source,
            self.command,
            self.runs,
        )
    }

    fn bytes(&self) -> String {
        let mut out = String::from(
            "## 1. Bytes the page loads\n\n\
             | file | raw | gzip | brotli |\n|---|--:|--:|--:|\n",
        );
        for (name, files) in [
            ("magic-link-login", &self.ours),
            ("Hanko Elements 2.7.0", &self.hanko),
        ] {
            let _ = writeln!(out, "| **{name}** | | | |");
            for file in files.iter().chain([&total(files)]) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    file.file,
                    bytes(file.raw as i64),
                    bytes(file.gzip as i64),
                    bytes(file.brotli as i64)
                );
            }
        }
        let (ours, hanko) = (total(&self.ours).brotli, total(&self.hanko).brotli);
        let _ = writeln!(
            out,
            "\nBrotli, ours / Hanko: **{}**. Our files are those `scripts/size.mjs` counts; \
             Hanko's are every file its page loaded (Resource Timing).",
            ratio(ours as f64, hanko as f64)
        );
        for path in &self.startup.widget_files {
            let file = path.trim_start_matches('/');
            if !self.ours.iter().any(|counted| counted.file == file) {
                let _ = writeln!(
                    out,
                    "\n**Not counted above**: the page also loaded `{path}`."
                );
            }
        }
        out
    }

    fn startup(&self) -> String {
        let startup = &self.startup;
        let mut out = String::from(
            "## 2. Startup, ms from navigation start\n\n\
             | what | median | worst | runs |\n|---|--:|--:|---|\n",
        );
        for (what, runs) in [
            ("ours: e-mail field interactive", &startup.interactive),
            (
                "ours, German page (+ `lang/de.json`): e-mail field interactive",
                &startup.interactive_german,
            ),
            ("ours: `<magic-link-login>` defined", &startup.defined),
            ("ours: `MagicLinkLogin.ready` resolved", &startup.ready),
            (
                "Hanko: `<hanko-auth>` defined (`register()`)",
                &startup.hanko_defined,
            ),
        ] {
            row(&mut out, what, runs);
        }
        let _ = writeln!(
            out,
            "| ratio ours / Hanko, element defined | {} | {} | |",
            ratio(startup.defined.median(), startup.hanko_defined.median()),
            ratio(startup.defined.worst(), startup.hanko_defined.worst()),
        );
        out.push_str(
            "\n\"Interactive\": the first moment `magic-link-login`'s shadow root holds an \
             enabled `input[name=email]` (checked on every mutation and animation frame). \
             Hanko's `<hanko-auth>` shows its form only after calls to a Hanko API, which \
             devapi is not, so only its definition time is comparable.\n",
        );
        if startup.cached_loads > 0 {
            let _ = writeln!(
                out,
                "\n**Warning**: {} page load(s) took a file from a cache despite the settings.",
                startup.cached_loads
            );
        }
        out
    }

    fn slow(&self) -> String {
        let slow = &self.slow;
        let mut out = format!(
            "## 6. Start-up on a slow phone network, ms from navigation start\n\n\
             Chromium's network emulation (CDP `Network.emulateNetworkConditions`: \
             {latency:.0} ms latency, {down:.1} Mbit/s down, {up:.0} kbit/s up), every file \
             served brotli-compressed (quality 11, as CDNs precompress) with CORS, cache off, \
             a fresh Chromium per page; the pages alternate within each run (ours, Hanko's, \
             ours pressing Send, German, with the preload hint).\n\n\
             | what | median | worst | runs |\n|---|--:|--:|---|\n",
            latency = slow::LATENCY_MS,
            down = slow::DOWN_BPS / 1e6,
            up = slow::UP_BPS / 1e3,
        );
        for (what, runs) in [
            (
                "ours: e-mail field typeable (the instant form)",
                &slow.typeable,
            ),
            ("ours: a Send pressed then reaches the network", &slow.send),
            (
                "ours: the widget running (its own form took over)",
                &slow.running,
            ),
            ("ours, German page: typeable", &slow.typeable_german),
            ("ours, German page: running", &slow.running_german),
            (
                "ours, with the wasm preload hint: typeable",
                &slow.typeable_preload,
            ),
            (
                "ours, with the wasm preload hint: running",
                &slow.running_preload,
            ),
            ("Hanko: `<hanko-auth>` defined", &slow.hanko_defined),
        ] {
            row(&mut out, what, runs);
        }
        let hanko = slow.hanko_defined.median();
        for (what, ours, goal) in [
            ("typeable", slow.typeable.median(), "≤ 0.6"),
            ("running", slow.running.median(), "≤ 1.3"),
            (
                "running, with the preload hint",
                slow.running_preload.median(),
                "≤ 1.3",
            ),
        ] {
            let _ = writeln!(
                out,
                "| ratio ours / Hanko's definition, {what} (goal {goal}) | {} | | |",
                ratio(ours, hanko)
            );
        }
        let _ = writeln!(
            out,
            "\nLayout shift while loading (sum of `layout-shift` entries until half a \
             second after the widget runs): English {} (worst {}), German {} (worst {}).",
            shift(slow.layout_shift.median()),
            shift(slow.layout_shift.worst()),
            shift(slow.layout_shift_german.median()),
            shift(slow.layout_shift_german.worst()),
        );
        out
    }

    fn wasm(&self) -> String {
        let mut out = String::from(
            "## 3. WebAssembly compile and instantiate, ms\n\n\
             | step | median | worst | runs |\n|---|--:|--:|---|\n",
        );
        row(
            &mut out,
            "`WebAssembly.compileStreaming(fetch(wasm))`",
            &self.startup.compile,
        );
        row(
            &mut out,
            "`init({module_or_path: compiled})` + `defineElement()`",
            &self.startup.instantiate,
        );
        out.push_str(
            "\nA page that imports the glue module itself (not through the loader); the \
             compile time includes fetching the bytes from localhost.\n",
        );
        out
    }

    fn heap(&self) -> String {
        let memory = &self.memory;
        let cycles = self.cycles;
        let wasm = |value: Option<i64>| value.map_or("?".to_owned(), bytes);
        let first = memory.after_cycles - memory.after_mount;
        let second = memory.after_more_cycles - memory.after_cycles;
        format!(
            "## 4. Memory over mount/unmount cycles\n\n\
             | reading | JS heap, bytes | wasm memory, bytes |\n|---|--:|--:|\n\
             | loaded, nothing mounted | {} | |\n\
             | one widget mounted | {} | {} |\n\
             | after {cycles} unmount + mount cycles | {} | {} |\n\
             | after {cycles} more | {} | {} |\n\n\
             Growth over the first {cycles} cycles: **{}** ({} per cycle); over the next \
             {cycles}: {} ({} per cycle). The first includes V8 warming up (optimised code \
             and inline caches live on the JS heap too); the second is what a cycle keeps \
             once warm.\n\n\
             `performance.memory.usedJSHeapSize` after `gc()` (Chromium with \
             `--js-flags=--expose-gc --enable-precise-memory-info`), through \
             `MagicLinkLogin.mount`/`unmount`, waiting for each mount to render. The wasm \
             linear memory lies outside the JS heap and grows in 64 KiB pages, never \
             shrinking.\n",
            bytes(memory.loaded),
            bytes(memory.after_mount),
            wasm(memory.wasm_after_mount),
            bytes(memory.after_cycles),
            wasm(memory.wasm_after_cycles),
            bytes(memory.after_more_cycles),
            wasm(memory.wasm_after_more_cycles),
            signed(first),
            signed(first / cycles as i64),
            signed(second),
            signed(second / cycles as i64),
        )
    }

    fn polling(&self) -> String {
        let polling = &self.polling;
        let per_minute =
            |count: usize, secs: u64| format!("{:.1}", count as f64 * 60.0 / secs as f64);
        let shown = polling.countdown_shown;
        let error = shown.map(|shown| shown as f64 - polling.countdown_expected);
        format!(
            "## 5. Waiting for the link\n\n\
             | tab | window | status requests | per minute | expected |\n|---|--:|--:|--:|--:|\n\
             | visible | {} s | {} | {} | {} (`poll-interval` {} ms) |\n\
             | hidden | {} s | {} | {} | 0 |\n\n\
             | waiting tabs (visible) | window | status requests | per minute |\n|---|--:|--:|--:|\n\
             | one | {} s | {} | {} |\n\
             | three | {} s | {} | {} |\n\n\
             Interval between status requests while visible: median {} ms, longest {} ms. \
             First status request after the tab was shown again: {}.\n\n\
             | countdown after {} s hidden | shown | expected | error | budget |\n\
             |---|--:|--:|--:|--:|\n\
             | `resend-cooldown=\"{}\"` | {} | {:.1} s | {} | ≤ 1 s {} |\n\n\
             Tabs: the second and third are windows opened on the same page, visible \
             beside the first; they join its waiting step and elect one poller. \
             Requests counted in devapi's request log; the visible window starts half an \
             interval after the first poll. The next poll is scheduled when the previous \
             answer arrives (never two at a time), hence intervals a few ms over the \
             setting. Countdown expected: the cooldown minus the seconds since devapi \
             received the send, at the moment the text was read, right after showing the \
             tab.\n",
            polling.visible_secs,
            polling.visible_polls,
            per_minute(polling.visible_polls, polling.visible_secs),
            60_000 / DEFAULT_POLL_INTERVAL_MS,
            DEFAULT_POLL_INTERVAL_MS,
            polling.hidden_secs,
            polling.hidden_polls,
            per_minute(polling.hidden_polls, polling.hidden_secs),
            self.tabs.secs,
            self.tabs.one_tab,
            per_minute(self.tabs.one_tab, self.tabs.secs),
            self.tabs.secs,
            self.tabs.three_tabs,
            per_minute(self.tabs.three_tabs, self.tabs.secs),
            ms(polling.visible_intervals.median()),
            ms(polling.visible_intervals.worst()),
            polling
                .first_poll_after_show_ms
                .map_or("none".to_owned(), |at| format!("{at} ms")),
            polling.hidden_secs,
            polling.cooldown_secs,
            shown.map_or("no countdown".to_owned(), |shown| format!("{shown} s")),
            polling.countdown_expected,
            error.map_or("?".to_owned(), |error| format!("{error:+.1} s")),
            if error.is_some_and(|error| error.abs() <= 1.0) {
                "✓"
            } else {
                "✗"
            },
        )
    }
}

/// A `| what | median | worst | runs |` row.
fn shift(value: f64) -> String {
    format!("{value:.3}")
}

fn row(out: &mut String, what: &str, runs: &Runs) {
    let _ = writeln!(
        out,
        "| {what} | {} | {} | {} |",
        ms(runs.median()),
        ms(runs.worst()),
        runs.listing()
    );
}

/// Bytes with an explicit sign.
fn signed(value: i64) -> String {
    if value >= 0 {
        format!("+{}", bytes(value))
    } else {
        bytes(value)
    }
}
