//! A WebDriver server of our own (chromedriver, geckodriver or WebKitWebDriver, as
//! [`Engine::current`] says), on a free port.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::engine::Engine;
use crate::process;
use crate::xvfb::Xvfb;

/// A WebDriver server on its own port; killed, with its browsers, on drop.
pub(crate) struct Driver {
    child: Child,
    pub port: u16,
    /// WebKitGTK's display, closed after the browser.
    _display: Option<Xvfb>,
}

impl Driver {
    /// Starts the engine's driver on a free port, retrying when the port was taken.
    pub fn spawn(engine: Engine) -> Driver {
        // WebKitGTK has no headless mode: one virtual display per driver.
        let display = (engine == Engine::WebKit).then(Xvfb::start);
        for _ in 0..3 {
            let port = process::free_port();
            let (bin, args) = engine.driver(port);
            let mut command = Command::new(&bin);
            if let Some(display) = &display {
                command.env("DISPLAY", &display.display);
            }
            let mut child = command
                .args(&args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                // Its own process group, which Chromium joins: see `drop`.
                .process_group(0)
                .spawn()
                .unwrap_or_else(|error| {
                    panic!(
                        "starting {}: {error} (scripts/bootstrap.sh --browser installs the drivers)",
                        bin.display()
                    )
                });
            let pid = child.id();
            let prefix = format!("{} driver {pid}", engine.name());
            process::forward_lines(child.stdout.take().expect("piped"), prefix.clone());
            process::forward_lines(child.stderr.take().expect("piped"), prefix);
            let listening = process::wait_for_listener(port, Duration::from_secs(20));
            // Dropping a failed `driver` kills it before the next attempt.
            let mut driver = Driver {
                child,
                port,
                _display: None,
            };
            if listening && matches!(driver.child.try_wait(), Ok(None)) {
                driver._display = display;
                return driver;
            }
        }
        panic!(
            "the {} driver did not start (see its output above)",
            engine.name()
        );
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Killing the whole group leaves no orphaned Chromium behind, whatever
        // state the session was in.
        // SAFETY: kill(2) with a negative pid signals the group we created.
        unsafe {
            libc::kill(-(self.child.id() as libc::pid_t), libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

/// `DELETE /session/{id}` over a plain socket: usable from `Drop`, where the
/// async client may have no runtime left to run on.
pub(crate) fn delete_session_blocking(port: u16, session: &str) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    // Wait for the response head: chromedriver answers once Chromium has quit.
    // (It keeps the connection open despite `Connection: close`, so reading to
    // the end would only stop at the timeout.)
    let mut received = Vec::new();
    let mut buffer = [0u8; 1024];
    while !received.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(count) => received.extend_from_slice(&buffer[..count]),
        }
    }
}
