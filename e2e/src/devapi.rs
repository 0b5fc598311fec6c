//! The development API as a child process, and typed access to its `/dev` routes.

use std::cell::RefCell;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

use hyper::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

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
    /// What the e-mail carries: `"link"` (a magic-link sign-in) or `"code"` (a
    /// one-time-code sign-in, whose code the person types on the sign-in page).
    #[serde(default = "link_kind")]
    pub carries: String,
    /// The magic link; opening it shows the confirm page. Empty for a code
    /// e-mail (devapi's JSON has `null`), which has no link.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub link: String,
    /// The 6-digit code: in a code e-mail, the one to type; in a link e-mail,
    /// one sent along with the link.
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

impl OutboxMessage {
    /// Whether the e-mail carries a one-time code (and no link).
    pub fn carries_code(&self) -> bool {
        self.carries == "code"
    }
}

/// What a message without `carries` (an older devapi) carries: a link.
fn link_kind() -> String {
    "link".to_owned()
}

/// `null` (a code e-mail's link) as an empty string, so that `link` stays a
/// plain `String` for the many tests that open links.
fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// How long [`DevApi::latest_code_for`] waits for a code e-mail.
const CODE_WAIT: Duration = Duration::from_secs(10);

/// One API call devapi saw (`GET /dev/requests.json`).
#[derive(Clone, Debug, Deserialize)]
pub struct LoggedRequest {
    /// `"send"`, `"resend"`, `"status"` or `"verify"` (the magic link's);
    /// `"code_send"`, `"code_resend"` or `"code_verify"` (a one-time code's,
    /// under either prefix); `"config"`.
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
            // Every API call in the log: shown only when a test fails.
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or("info,devapi::requests=debug".into()),
            )
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

    /// The code of the newest code e-mail to `email` (any case), waiting up to
    /// 10 s for one to arrive.
    ///
    /// # Panics
    /// When none arrives in time, listing what the outbox does hold.
    pub async fn latest_code_for(&self, email: &str) -> String {
        self.wait_for_code(email, 0, CODE_WAIT).await.code
    }

    /// Waits until the outbox holds a code e-mail to `email` (any case) whose
    /// `id` is above `newer_than`, and returns the newest. Pass the id of the
    /// message a resend replaces to wait for the resent code; 0 takes any.
    ///
    /// # Panics
    /// After `timeout`, listing what the outbox does hold.
    pub async fn wait_for_code(
        &self,
        email: &str,
        newer_than: u64,
        timeout: Duration,
    ) -> OutboxMessage {
        let found = RefCell::new(None);
        let last = RefCell::new(Vec::new());
        wait::poll_until(timeout, || {
            let (found, last) = (&found, &last);
            async move {
                let messages = self.outbox().await;
                // Newest first: the first match is the newest.
                *found.borrow_mut() = messages
                    .iter()
                    .find(|m| {
                        m.carries_code() && m.id > newer_than && m.to.eq_ignore_ascii_case(email)
                    })
                    .cloned();
                *last.borrow_mut() = messages;
                found.borrow().is_some()
            }
        })
        .await;
        found.into_inner().unwrap_or_else(|| {
            panic!(
                "no code e-mail to {email} newer than #{newer_than} in devapi's outbox after \
                 {timeout:?}: {:#?}",
                last.into_inner()
            )
        })
    }

    /// Arms a fault (`POST /dev/faults`), e.g.
    /// `json!({"endpoint": "status", "count": 2, "status": 503})`; the
    /// endpoints are those of [`LoggedRequest::endpoint`], or `"any"`.
    pub async fn inject_fault(&self, fault: serde_json::Value) {
        self.expect_ok(Method::POST, "/dev/faults", Some(&fault))
            .await;
    }

    /// Waits until every armed fault has been taken by a request (`GET
    /// /dev/faults` lists none), e.g. to know that a delayed request is on its way.
    ///
    /// # Panics
    /// After `timeout`, listing the faults still pending.
    pub async fn wait_until_faults_taken(&self, timeout: Duration) {
        let pending = RefCell::new(Vec::<serde_json::Value>::new());
        let taken = wait::poll_until(timeout, || async {
            *pending.borrow_mut() = self.get_json("/dev/faults").await;
            pending.borrow().is_empty()
        })
        .await;
        let pending = pending.into_inner();
        assert!(
            taken,
            "after {timeout:?}, faults still pending: {pending:?}"
        );
    }

    /// Confirms `message`'s link the way a person does on another device (a
    /// phone reading the e-mail): over HTTP, the browser's tabs untouched. With
    /// number matching, it picks the number the message names.
    ///
    /// # Panics
    /// When devapi does not answer "Successfully verified".
    pub async fn confirm_elsewhere(&self, message: &OutboxMessage) {
        let pick = message.match_code.as_deref().unwrap_or_default();
        let response = http::post_form(&message.link, &[("match_code", pick)]).await;
        let text = response.text();
        assert!(
            response.status.is_success() && text.contains("Successfully verified"),
            "confirming {} answered {}: {text}",
            message.link,
            response.status
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_messages_read_with_an_empty_link() {
        let code: OutboxMessage = serde_json::from_str(
            r#"{"id":2,"to":"a@b.co","state":"s","carries":"code","link":null,
                "code":"012345","match_code":null,"sent_at_ms":1,"kind":"resend"}"#,
        )
        .unwrap();
        assert!(code.carries_code());
        assert_eq!((code.link.as_str(), code.code.as_str()), ("", "012345"));
        // A message from a devapi without `carries` is a link's.
        let link: OutboxMessage = serde_json::from_str(
            r#"{"id":1,"to":"a@b.co","state":"s","link":"http://127.0.0.1:1/v",
                "code":"111111","match_code":"47","sent_at_ms":1,"kind":"send"}"#,
        )
        .unwrap();
        assert!(!link.carries_code());
        assert_eq!(link.link, "http://127.0.0.1:1/v");
    }

    #[tokio::test]
    async fn latest_code_for_waits_for_the_newest_code_to_the_address() {
        let devapi = DevApi::start(&["--resend-cooldown", "0"]);
        let send = |prefix: &'static str, call: &'static str, body: serde_json::Value| {
            let url = format!(
                "{}/auth/passwordless/{prefix}/{call}?client_id=cli_test",
                devapi.api_base()
            );
            async move {
                let response = http::send(Method::POST, &url, Some(&body)).await;
                assert!(response.status.is_success(), "{url}: {}", response.text());
                serde_json::from_slice::<serde_json::Value>(&response.body).unwrap()
            }
        };
        let sent = send(
            "magic-otp",
            "send",
            serde_json::json!({"email": "Ana@example.com"}),
        )
        .await;
        let state = sent["state"].as_str().unwrap().to_owned();
        // A link e-mail to the same address is not a code e-mail.
        send(
            "magic-link",
            "send",
            serde_json::json!({"email": "ana@example.com"}),
        )
        .await;
        let first = devapi.latest_code_for("ana@example.com").await;
        assert_eq!(first.len(), 6);
        let first_id = devapi
            .wait_for_code("ana@example.com", 0, CODE_WAIT)
            .await
            .id;
        send("email-otp", "resend", serde_json::json!({ "state": state })).await;
        let resent = devapi
            .wait_for_code("ANA@example.com", first_id, CODE_WAIT)
            .await;
        assert_eq!(resent.kind, "resend");
        assert_eq!(resent.code, devapi.latest_code_for("ana@example.com").await);
    }
}
