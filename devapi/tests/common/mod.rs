//! Test harness: runs the real devapi binary on a free port and talks HTTP to it.

#![allow(dead_code)] // Each test file uses a different subset.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use serde_json::{json, Value};

/// The client ID every test uses unless it tests client IDs.
pub const CLIENT: &str = "cli_test";

pub const SEND: &str = "/api/v1/auth/passwordless/magic-link/send";
pub const RESEND: &str = "/api/v1/auth/passwordless/magic-link/resend";
pub const STATUS: &str = "/api/v1/auth/passwordless/magic-link/status";
pub const VERIFY: &str = "/api/v1/auth/passwordless/magic-link/verify";

/// The one-time-code endpoints' two prefixes: every code call answers under both.
pub const CODE_PREFIXES: [&str; 2] = [
    "/api/v1/auth/passwordless/magic-otp",
    "/api/v1/auth/passwordless/email-otp",
];
/// The prefix the widget uses for sends (the other one for resend and verify).
pub const MAGIC_OTP: &str = CODE_PREFIXES[0];
/// The prefix the widget uses for resend and verify.
pub const EMAIL_OTP: &str = CODE_PREFIXES[1];
pub const CONFIG: &str = "/api/v1/config";

/// A running devapi; killed when dropped.
pub struct Server {
    child: Child,
    /// Kept open so the server never writes to a closed pipe.
    _stdout: BufReader<ChildStdout>,
    /// `http://127.0.0.1:<port>`
    pub base: String,
    pub port: u16,
    pub http: Client,
}

impl Server {
    /// Starts devapi with `--port 0` and the given extra flags, and waits for its
    /// "listening" line.
    pub fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_devapi"))
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("devapi starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("reads the first line");
        let port: u16 = line
            .trim()
            .strip_prefix("devapi listening on http://127.0.0.1:")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .parse()
            .expect("a port number");
        assert_ne!(port, 0);
        let http = Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Server {
            child,
            _stdout: stdout,
            base: format!("http://127.0.0.1:{port}"),
            port,
            http,
        }
    }

    /// The default server: long TTL, 1 s cooldown.
    pub fn default_for_tests() -> Self {
        Self::start(&["--resend-cooldown", "1"])
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit by itself (up to `limit`).
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// `path?client_id=CLIENT` plus extra query text.
    pub fn api(&self, path: &str, extra_query: &str) -> String {
        let mut url = format!("{}{}?client_id={CLIENT}", self.base, path);
        if !extra_query.is_empty() {
            url.push('&');
            url.push_str(extra_query);
        }
        url
    }

    pub fn send(&self, email: &str) -> Response {
        self.http
            .post(self.api(SEND, ""))
            .json(&json!({ "email": email }))
            .send()
            .expect("send answers")
    }

    /// Sends and returns the new state.
    pub fn send_ok(&self, email: &str) -> String {
        let response = self.send(email);
        assert_eq!(response.status(), 200);
        let body: Value = response.json().expect("JSON");
        body["state"].as_str().expect("a state").to_owned()
    }

    pub fn resend(&self, state: &str) -> Response {
        self.http
            .post(self.api(RESEND, ""))
            .json(&json!({ "state": state }))
            .send()
            .expect("resend answers")
    }

    pub fn status(&self, state: &str) -> Response {
        self.http
            .get(self.api(STATUS, &format!("state={state}")))
            .send()
            .expect("status answers")
    }

    /// `POST <prefix>/send` `{"email"}`.
    pub fn code_send(&self, prefix: &str, email: &str) -> Response {
        self.post_json(
            &self.api(&format!("{prefix}/send"), ""),
            json!({ "email": email }),
        )
    }

    /// Sends a code (under `magic-otp`) and returns the new state.
    pub fn code_send_ok(&self, email: &str) -> String {
        let response = self.code_send(MAGIC_OTP, email);
        assert_eq!(response.status(), 200);
        let body: Value = response.json().expect("JSON");
        body["state"].as_str().expect("a state").to_owned()
    }

    /// `POST <prefix>/resend` `{"state"}`.
    pub fn code_resend(&self, prefix: &str, state: &str) -> Response {
        self.post_json(
            &self.api(&format!("{prefix}/resend"), ""),
            json!({ "state": state }),
        )
    }

    /// `POST <prefix>/verify` `{"state", "otp"}`.
    pub fn code_verify(&self, prefix: &str, state: &str, otp: &str) -> Response {
        self.post_json(
            &self.api(&format!("{prefix}/verify"), ""),
            json!({ "state": state, "otp": otp }),
        )
    }

    /// The newest code e-mailed for `state`.
    pub fn code_for(&self, state: &str) -> String {
        let message = self.message_for(state);
        assert_eq!(message["carries"], "code", "{message}");
        message["code"].as_str().expect("a code").to_owned()
    }

    /// POSTs `body` as JSON.
    pub fn post_json(&self, url: &str, body: Value) -> Response {
        self.http
            .post(url)
            .json(&body)
            .send()
            .expect("POST answers")
    }

    /// The outbox, newest first.
    pub fn outbox(&self) -> Vec<Value> {
        self.http
            .get(self.url("/dev/outbox.json"))
            .send()
            .expect("outbox answers")
            .json()
            .expect("JSON array")
    }

    /// The newest magic link for `state`.
    pub fn link_for(&self, state: &str) -> String {
        self.outbox()
            .into_iter()
            .find(|m| m["state"] == state)
            .and_then(|m| m["link"].as_str().map(str::to_owned))
            .expect("a message for this state")
    }

    /// The newest outbox message for `state`.
    pub fn message_for(&self, state: &str) -> Value {
        self.outbox()
            .into_iter()
            .find(|m| m["state"] == state)
            .expect("a message for this state")
    }

    /// Confirms `link` as the person does: with number matching, picks the
    /// number its outbox message names.
    pub fn confirm(&self, link: &str) -> Response {
        let message = self
            .outbox()
            .into_iter()
            .find(|m| m["link"] == link)
            .expect("an outbox message with this link");
        match message["match_code"].as_str() {
            Some(number) => self.pick(link, number),
            None => self.post(link),
        }
    }

    /// Submits the confirm page's form with `number` picked.
    pub fn pick(&self, link: &str, number: &str) -> Response {
        self.http
            .post(link)
            .form(&[("match_code", number)])
            .send()
            .expect("POST answers")
    }

    pub fn get(&self, url: &str) -> Response {
        self.http.get(url).send().expect("GET answers")
    }

    pub fn post(&self, url: &str) -> Response {
        self.http.post(url).send().expect("POST answers")
    }

    /// Queues a fault, asserting it was accepted.
    pub fn fault(&self, spec: Value) {
        let response = self
            .http
            .post(self.url("/dev/faults"))
            .json(&spec)
            .send()
            .expect("faults answers");
        assert_eq!(response.status(), 200, "fault {spec} accepted");
    }

    /// The request log, oldest first.
    pub fn requests(&self) -> Vec<Value> {
        self.http
            .get(self.url("/dev/requests.json"))
            .send()
            .expect("requests answers")
            .json()
            .expect("JSON array")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Asserts the contract's JSON error body and returns it.
pub fn assert_error(response: Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: Value = response.json().expect("JSON error body");
    assert_eq!(body["error"], status, "{body}");
    assert_eq!(body["error_code"], code, "{body}");
    let description = body["error_description"].as_str().expect("description");
    assert!(!description.is_empty());
    assert_eq!(body["message"], description);
    body
}

/// A 6-digit code other than `code`.
pub fn other_code(code: &str) -> String {
    let n: u32 = code.parse().expect("6 digits");
    format!("{:06}", (n + 1) % 1_000_000)
}
