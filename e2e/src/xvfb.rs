//! A virtual X display of our own, for WebKitGTK (which has no headless mode).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An `Xvfb` server on display `:number`; killed on drop.
pub(crate) struct Xvfb {
    child: Child,
    /// The value for `DISPLAY`.
    pub display: String,
}

impl Xvfb {
    /// Starts Xvfb on the first display number from 90 that is free.
    ///
    /// # Panics
    /// When Xvfb is missing (`apt-get install xvfb`) or never comes up.
    pub fn start() -> Xvfb {
        for number in 90..200u32 {
            let socket = format!("/tmp/.X11-unix/X{number}");
            if Path::new(&socket).exists() || Path::new(&format!("/tmp/.X{number}-lock")).exists() {
                continue;
            }
            let child = Command::new("Xvfb")
                .args([
                    format!(":{number}"),
                    "-screen".into(),
                    "0".into(),
                    "1280x900x24".into(),
                ])
                .args(["-nolisten", "tcp"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|error| panic!("starting Xvfb: {error} (install xvfb)"));
            let mut xvfb = Xvfb {
                child,
                display: format!(":{number}"),
            };
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if Path::new(&socket).exists() {
                    return xvfb;
                }
                if matches!(xvfb.child.try_wait(), Ok(Some(_))) {
                    break; // another process took the display: try the next one
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = xvfb.child.kill();
        }
        panic!("no free X display for Xvfb");
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
