//! Child-process plumbing shared by the devapi and chromedriver launchers.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// A port that was free a moment ago.
///
/// For programs that cannot report the port they bound (chromedriver): another
/// process may take it before the child binds, so callers retry on failure.
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind an ephemeral port on 127.0.0.1")
        .port()
}

/// Copies a child's output to this test's stderr, one prefixed line at a time.
///
/// Draining keeps the pipe from filling (a full pipe blocks the child), and
/// going through `eprintln!` lets the test harness capture the lines: they show
/// only when the test fails.
pub(crate) fn forward_lines(reader: impl Read + Send + 'static, prefix: String) {
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            match line {
                Ok(line) => eprintln!("[{prefix}] {line}"),
                Err(_) => break,
            }
        }
    });
}

/// Whether something accepts TCP connections on `127.0.0.1:port` within `timeout`.
pub(crate) fn wait_for_listener(port: u16, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}
