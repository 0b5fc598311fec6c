//! The benchmark's command line.

use std::path::PathBuf;

const USAGE: &str = "\
usage: bench [--dist DIR] [--runs N] [--cycles N] [--visible-secs S] [--hidden-secs S] [--out FILE]

  --dist DIR         the widget's release build (default dist-bench)
  --runs N           fresh navigations per startup timing (default 7)
  --cycles N         mount/unmount cycles for the heap reading (default 100)
  --visible-secs S   window for counting status polls in a visible tab (default 20)
  --hidden-secs S    time the tab stays hidden: polls counted, then the countdown read (default 60)
  --out FILE         where the Markdown report goes too (default target/bench-report.md)";

/// What to measure and where the report goes.
#[derive(Clone, Debug)]
pub struct Options {
    /// The widget build under test (`trunk build --release --dist …`).
    pub dist: PathBuf,
    /// Fresh navigations per startup timing.
    pub runs: usize,
    /// Mount/unmount cycles between the two heap readings.
    pub cycles: usize,
    /// Seconds of visible waiting over which status polls are counted.
    pub visible_secs: u64,
    /// Seconds the tab stays hidden (polls counted, then the countdown checked).
    pub hidden_secs: u64,
    /// The report file, written in addition to stdout.
    pub out: PathBuf,
}

impl Options {
    /// Parses `std::env::args`; prints the usage and exits on `--help` or a mistake.
    pub fn from_env() -> Options {
        let mut options = Options {
            dist: PathBuf::from("dist-bench"),
            runs: 7,
            cycles: 100,
            visible_secs: 20,
            hidden_secs: 60,
            out: e2e::workspace_root().join("target/bench-report.md"),
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            if flag == "--help" || flag == "-h" {
                println!("{USAGE}");
                std::process::exit(0);
            }
            let Some(value) = args.next() else {
                fail(&format!("{flag} needs a value"));
            };
            match flag.as_str() {
                "--dist" => options.dist = PathBuf::from(value),
                "--runs" => options.runs = number(&flag, &value),
                "--cycles" => options.cycles = number(&flag, &value),
                "--visible-secs" => options.visible_secs = number(&flag, &value),
                "--hidden-secs" => options.hidden_secs = number(&flag, &value),
                "--out" => options.out = PathBuf::from(value),
                _ => fail(&format!("unknown option {flag}")),
            }
        }
        if !options.dist.join("magic-link-login.js").is_file() {
            fail(&format!(
                "{} holds no magic-link-login.js; build it with \
                 trunk build --release --offline --dist {}",
                options.dist.display(),
                options.dist.display()
            ));
        }
        options
    }
}

/// A positive whole number, or the usage and exit.
fn number<T: std::str::FromStr + PartialOrd + Default>(flag: &str, value: &str) -> T {
    match value.parse::<T>() {
        Ok(number) if number > T::default() => number,
        _ => fail(&format!(
            "{flag} wants a positive whole number, not {value:?}"
        )),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("bench: {message}\n\n{USAGE}");
    std::process::exit(2);
}
