//! The development API as a child process, and typed access to its `/dev` routes.

use std::cell::RefCell;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

use hyper::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::{http, paths, process, wait};

/// One e-mail in devapi's outbox (`GET /dev/outbox.json`).
#[derive(Clone, Debug, Deserialize)]
pub struct OutboxMessage {
    /// Sequence number, from 1, in sending order.
    pub id: u64,
    /// Recipient address.
    pub to: String,
    /// The sign-in flow's `state` handle.
    pub state: String,
    /// The magic link; opening it shows the confirm page.
    pub link: String,
    /// The 6-digit code sent along with the link.
    pub code: String,
    /// The number the sign-in page shows for this link (number matching), which
    /// the confirm page asks the person to pick among three; `None` when devapi
    /// runs with `--no-number-matching`.
    #[serde(default)]
    pub match_code: Option<String>,
    /// When devapi "sent" it, epoch milliseconds.
    pub sent_at_ms: u64,
    /// `"send"` or `"resend"`.
    pub kind: String,
}

/// One API call devapi saw (`GET /dev/requests.json`).
#[derive(Clone, Debug, Deserialize)]
pub struct LoggedRequest {
    /// `"send"`, `"resend"`, `"status"` or `"verify"`.
    pub endpoint: String,
    /// HTTP method (`GET`, `POST`).
    pub method: String,
    /// The flow's `state`, when the call carried one.
    pub state: Option<String>,
    /// When it arrived, epoch milliseconds.
    pub at_ms: u64,
    /// The status devapi answered.
    pub status: u16,
    /// Whether an injected fault answered or delayed it.
    #[serde(default)]
    pub fault: bool,
}

/// A running devapi process on its own port; killed on drop.
pub struct DevApi {
    child: Child,
    origin: String,
}

impl DevApi {
    /// Starts devapi with `--port 0` plus `args` (e.g. `["--link-ttl", "5"]`) and
    /// waits until it reports its address.
    ///
    /// The binary is `DEVAPI_BIN` when set; otherwise the workspace's
    /// `target/debug/devapi`, after one `cargo build -p devapi` per test process
    /// (so an edited devapi is never tested stale; a no-op when up to date).
    ///
    /// # Panics
    /// When devapi cannot be built or started, or does not print
    /// `devapi listening on http://…` as its first line within 30 s.
    pub fn start(args: &[&str]) -> DevApi {
        let bin = devapi_bin();
        let mut child = Command::new(bin)
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("starting {}: {error}", bin.display()));
        let pid = child.id();
        process::forward_lines(child.stderr.take().expect("piped"), format!("devapi {pid}"));

        // The first stdout line carries the port; read it on the forwarding
        // thread so a silent devapi cannot hang the test, and keep draining.
        let stdout = child.stdout.take().expect("piped");
        let (first_line, port_line) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = first_line.send(lines.next().and_then(Result::ok));
            for line in lines.map_while(Result::ok) {
                eprintln!("[devapi {pid}] {line}");
            }
        });
        let line = port_line.recv_timeout(Duration::from_secs(30));
        let origin = line
            .ok()
            .flatten()
            .and_then(|line| {
                line.strip_prefix("devapi listening on ")
                    .map(|url| url.trim().trim_end_matches('/').to_owned())
            })
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!(
                    "devapi did not report `devapi listening on http://…` (see its output above)"
                )
            });
        DevApi { child, origin }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The API base the widget's `api-base` attribute takes: `<origin>/api/v1`.
    pub fn api_base(&self) -> String {
        format!("{}/api/v1", self.origin)
    }

    /// Every message sent so far, newest first.
    pub async fn outbox(&self) -> Vec<OutboxMessage> {
        self.get_json("/dev/outbox.json").await
    }

    /// Waits until the outbox holds at least `count` messages; returns them, newest first.
    ///
    /// # Panics
    /// After `timeout`, listing what the outbox does hold.
    pub async fn wait_for_outbox(&self, count: usize, timeout: Duration) -> Vec<OutboxMessage> {
        let last = RefCell::new(Vec::new());
        let arrived = wait::poll_until(timeout, || {
            let last = &last;
            async move {
                let messages = self.outbox().await;
                let enough = messages.len() >= count;
                *last.borrow_mut() = messages;
                enough
            }
        })
        .await;
        let messages = last.into_inner();
        assert!(
            arrived,
            "devapi's outbox holds {} message(s) after {timeout:?}, expected {count}: {messages:#?}",
            messages.len()
        );
        messages
    }

    /// Arms a fault (`POST /dev/faults`), e.g.
    /// `json!({"endpoint": "status", "count": 2, "status": 503})`.
    pub async fn inject_fault(&self, fault: serde_json::Value) {
        self.expect_ok(Method::POST, "/dev/faults", Some(&fault))
            .await;
    }

    /// Disarms every fault (`DELETE /dev/faults`).
    pub async fn clear_faults(&self) {
        self.expect_ok(Method::DELETE, "/dev/faults", None).await;
    }

    /// Every API call since start or the last [`clear_requests`](Self::clear_requests), oldest first.
    pub async fn requests(&self) -> Vec<LoggedRequest> {
        self.get_json("/dev/requests.json").await
    }

    /// Empties the request log (`DELETE /dev/requests`).
    pub async fn clear_requests(&self) {
        self.expect_ok(Method::DELETE, "/dev/requests", None).await;
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> T {
        let body = self.expect_ok(Method::GET, path, None).await;
        serde_json::from_str(&body)
            .unwrap_or_else(|error| panic!("GET {path}: unexpected JSON ({error}): {body}"))
    }

    async fn expect_ok(
        &self,
        method: Method,
        path: &str,
        json: Option<&serde_json::Value>,
    ) -> String {
        let url = format!("{}{path}", self.origin);
        let response = http::send(method.clone(), &url, json).await;
        assert!(
            response.status.is_success(),
            "{method} {url} answered {}: {}",
            response.status,
            response.text()
        );
        response.text()
    }
}

impl Drop for DevApi {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The devapi binary: `DEVAPI_BIN`, else `target/debug/devapi` after one
/// `cargo build -p devapi` per test process.
///
/// Building every time (not only when the file is missing) keeps the tests from
/// silently running a stale devapi after an edit; cargo makes it a no-op when
/// nothing changed. The `OnceLock` makes parallel tests wait for a single build.
fn devapi_bin() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("DEVAPI_BIN") {
            return PathBuf::from(bin);
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "devapi"])
            .current_dir(paths::workspace_root())
            .status()
            .expect("run cargo build -p devapi");
        assert!(status.success(), "cargo build -p devapi failed");
        paths::target_dir().join("debug").join("devapi")
    })
}
