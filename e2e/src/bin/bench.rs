//! The benchmark: our widget's release build and Hanko Elements 2.7.0, measured in
//! real headless Chromium against a real devapi. Prints a Markdown report and
//! writes it to `target/bench-report.md`. Run it through `scripts/bench.sh`, which
//! builds the widget first; `--help` lists the options.
//!
//! Not a test: it takes a few minutes and its numbers depend on the machine.
//! The measurements live in `e2e/src/bench/` (kept out of the harness library,
//! hence the `#[path]`s), the pages it navigates to in `e2e/src/bench/pages/`.

#[path = "../bench/args.rs"]
mod args;
#[path = "../bench/machine.rs"]
mod machine;
#[path = "../bench/memory.rs"]
mod memory;
#[path = "../bench/pages.rs"]
mod pages;
#[path = "../bench/polling.rs"]
mod polling;
#[path = "../bench/report.rs"]
mod report;
#[path = "../bench/sizes.rs"]
mod sizes;
#[path = "../bench/slow.rs"]
mod slow;
#[path = "../bench/startup.rs"]
mod startup;
#[path = "../bench/stats.rs"]
mod stats;

use e2e::{workspace_root, DevApi, StaticServer};

use crate::args::Options;
use crate::machine::Machine;
use crate::report::Report;

#[tokio::main]
async fn main() {
    let options = Options::from_env();
    // Before anything starts: the load average says whether the machine was idle.
    let mut machine = Machine::read();
    let hanko_dist = workspace_root().join("node_modules/@teamhanko/hanko-elements/dist");
    assert!(
        hanko_dist.join("elements.js").is_file(),
        "{} is missing: run npm ci (package.json pins @teamhanko/hanko-elements)",
        hanko_dist.join("elements.js").display()
    );

    let devapi = DevApi::start(&[]);
    let widget = StaticServer::with_pages(
        options.dist.clone(),
        pages::widget_pages(&devapi.api_base()),
    );
    let hanko = StaticServer::with_pages(hanko_dist.clone(), pages::hanko_pages(devapi.origin()));

    let startup = startup::measure(options.runs, &widget, &hanko).await;

    // The slow network: copies of both builds with brotli twins, served as a CDN does.
    let copies = tempfile::tempdir().expect("a temporary folder");
    let (widget_br, hanko_br) = (copies.path().join("widget"), copies.path().join("hanko"));
    copy_folder(&options.dist, &widget_br);
    copy_folder(&hanko_dist, &hanko_br);
    slow::precompress(&[&widget_br, &hanko_br]);
    // Builds from before the hints (compared in BENCHMARKS.md) get a page without.
    let hints =
        std::fs::read_to_string(options.dist.join("preload-hints.html")).unwrap_or_default();
    // Its own devapi: its sends must not be taken for the waiting section's.
    let slow_devapi = DevApi::start(&[]);
    let widget_slow = StaticServer::brotli(
        widget_br,
        pages::slow_pages(&slow_devapi.api_base(), &hints),
    );
    let hanko_slow = StaticServer::brotli(hanko_br, pages::hanko_pages(devapi.origin()));
    let slow = slow::measure(options.runs, &widget_slow, &hanko_slow).await;
    let memory = memory::measure(options.cycles, &widget).await;
    let polling =
        polling::measure(options.visible_secs, options.hidden_secs, &widget, &devapi).await;
    let tabs = polling::measure_tabs(options.visible_secs, &widget, &devapi).await;

    machine.load_at_end = machine::load_average();

    // Hanko's byte count covers exactly the files its page loaded.
    let hanko_files: Vec<String> = startup
        .hanko_files
        .iter()
        .map(|path| path.trim_start_matches('/').to_owned())
        .filter(|file| hanko_dist.join(file).is_file())
        .collect();
    let report = Report {
        machine,
        command: command(),
        dist: options.dist.display().to_string(),
        runs: options.runs,
        cycles: options.cycles,
        ours: sizes::widget(&options.dist),
        hanko: sizes::files(&hanko_dist, &hanko_files),
        startup,
        slow,
        memory,
        polling,
        tabs,
    }
    .markdown();

    println!("{report}");
    if let Some(folder) = options.out.parent() {
        std::fs::create_dir_all(folder).expect("create the report's folder");
    }
    std::fs::write(&options.out, &report)
        .unwrap_or_else(|error| panic!("writing {}: {error}", options.out.display()));
    eprintln!("[bench] report written to {}", options.out.display());
}

/// The command that reproduces this report: `BENCH_COMMAND` (set by
/// `scripts/bench.sh`), else this binary's own command line.
fn command() -> String {
    std::env::var("BENCH_COMMAND").unwrap_or_else(|_| {
        let args: Vec<String> = std::env::args().skip(1).collect();
        format!(
            "cargo run -p e2e --release --bin bench -- {}",
            args.join(" ")
        )
    })
}

/// Copies the files under `from` to `to` (created).
fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("creating a copy's folder");
    for entry in std::fs::read_dir(from).expect("reading a build").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copying a file");
        }
    }
}
