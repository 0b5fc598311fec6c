//! Where and when the benchmark ran, for the report's header.

use std::process::Command;

/// The facts the report's header states.
pub struct Machine {
    /// `2025-11-25 09:40 UTC`.
    pub date: String,
    /// What `nproc` prints.
    pub cores: String,
    /// The first `model name` in `/proc/cpuinfo`.
    pub cpu: String,
    /// `uname -sr`.
    pub kernel: String,
    /// The 1-minute load average when the benchmark started: timings are only
    /// comparable between runs on an otherwise idle machine.
    pub load: String,
    /// The same when it ended (set by the caller): the benchmark's own load
    /// shows here too, but a value far above the core count means something else
    /// ran meanwhile.
    pub load_at_end: String,
    /// The commit the widget was built from, and whether the tree had changes.
    pub source: String,
}

impl Machine {
    /// Reads the facts now.
    pub fn read() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
            .map_or("unknown", |(_, model)| model.trim());
        Machine {
            date: output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            cores: output("nproc", &[]),
            cpu: cpu.to_owned(),
            kernel: output("uname", &["-sr"]),
            load: load_average(),
            load_at_end: String::new(),
            source: source(),
        }
    }
}

/// The 1-minute load average, from `/proc/loadavg`.
pub fn load_average() -> String {
    let loadavg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    loadavg.split_whitespace().next().unwrap_or("?").to_owned()
}

/// `5c9c75a`, or `5c9c75a + uncommitted changes`: which source the numbers are for.
fn source() -> String {
    let root = e2e::workspace_root();
    let root = root.to_string_lossy();
    let commit = output("git", &["-C", &root, "rev-parse", "--short", "HEAD"]);
    let changes = output("git", &["-C", &root, "status", "--porcelain"]);
    if changes.is_empty() {
        format!("`{commit}`")
    } else {
        format!("`{commit}` + uncommitted changes")
    }
}

/// A command's trimmed output, or `unknown`.
fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}
