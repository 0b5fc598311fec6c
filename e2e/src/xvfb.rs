//! A virtual X display of our own, for WebKitGTK (which has no headless mode).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// An `Xvfb` server on a display it chose itself; stopped on drop.
pub(crate) struct Xvfb {
    child: Child,
    /// The value for `DISPLAY`.
    pub display: String,
}

impl Xvfb {
    /// Starts Xvfb on a free display. Xvfb picks the number (`-displayfd`), so
    /// parallel tests never race for one, and it skips the lock files of servers
    /// that are gone.
    ///
    /// # Panics
    /// When Xvfb is missing (`apt-get install xvfb`) or does not come up.
    pub fn start() -> Xvfb {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("starting Xvfb: {error} (install xvfb)"));
        // Xvfb writes the display number once it accepts connections.
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped");
        let _ = BufReader::new(stdout).read_line(&mut line);
        let number = line.trim();
        if number.is_empty() || !number.bytes().all(|byte| byte.is_ascii_digit()) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Xvfb did not report a display (it said {line:?})");
        }
        Xvfb {
            display: format!(":{number}"),
            child,
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: Xvfb then removes its lock file and socket.
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}
