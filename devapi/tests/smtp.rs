//! `--smtp`: devapi e-mails what its outbox records to a real SMTP server,
//! aiosmtpd (Python), which writes each message it receives into a Maildir.
//!
//! The interpreter is `python3`, or `$DEVAPI_TEST_PYTHON`; it needs aiosmtpd,
//! which `scripts/bootstrap.sh` installs. Without it these tests fail, saying so.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{Server, MAGIC_OTP, SEND};
use mailparse::{MailHeaderMap, ParsedMail};
use serde_json::{json, Value};

const FIREFOX: &str =
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const BROWSER: &str = "Firefox 128 on Linux";

/// A running aiosmtpd that stores what it receives in a Maildir; killed and
/// its directory removed when dropped.
struct MailCatcher {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl MailCatcher {
    fn start() -> Self {
        let python = std::env::var("DEVAPI_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let check = Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {python} (set DEVAPI_TEST_PYTHON): {e}"));
        assert!(
            check.status.success(),
            "these tests need Python's aiosmtpd, which {python} lacks: run \
             scripts/bootstrap.sh (or {python} -m pip install aiosmtpd==1.4.6)\n{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let dir = unique_dir();
        let port = free_port();
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let mut catcher = MailCatcher { child, dir, port };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = catcher.child.try_wait().expect("try_wait") {
                panic!("aiosmtpd exited before listening: {status}");
            }
            assert!(Instant::now() < deadline, "aiosmtpd never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        catcher
    }

    fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Waits for the Maildir to hold `count` messages and returns them, oldest
    /// first.
    fn wait_for(&self, count: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let mut files: Vec<_> = std::fs::read_dir(self.dir.join("new"))
                .map(|entries| entries.map(|e| e.expect("entry").path()).collect())
                .unwrap_or_default();
            if files.len() >= count {
                files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
                return files
                    .iter()
                    .map(|p| std::fs::read(p).expect("reads"))
                    .collect();
            }
            assert!(
                Instant::now() < deadline,
                "{} of {count} messages arrived",
                files.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for MailCatcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A port nothing listens on now (the OS picked it; the listener is gone).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn unique_dir() -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!("devapi-smtp-{}-{nanos}", std::process::id()))
}

fn post_as_firefox(server: &Server, path: &str, email: &str) -> Value {
    let response = server
        .http
        .post(server.api(path, ""))
        .header("User-Agent", FIREFOX)
        .json(&json!({ "email": email }))
        .send()
        .expect("send answers");
    assert_eq!(response.status(), 200);
    response.json().expect("JSON")
}

/// The message's text and HTML parts, asserting it is multipart/alternative
/// with exactly those.
fn parts(mail: &ParsedMail<'_>) -> (String, String) {
    assert_eq!(mail.ctype.mimetype, "multipart/alternative");
    let types: Vec<_> = mail
        .subparts
        .iter()
        .map(|p| p.ctype.mimetype.as_str())
        .collect();
    assert_eq!(types, ["text/plain", "text/html"]);
    let body = |i: usize| mail.subparts[i].get_body().expect("decodes");
    (body(0), body(1))
}

/// The epoch second the e-mail says its link or code expires at, read from
/// its "… expires at 2026-12-01 18:30:00 UTC (in 5 minutes)".
fn stated_expiry(text: &str) -> (i64, String) {
    let at = text.find("expires at ").expect("names the expiry") + "expires at ".len();
    let stamp = &text[at..at + "2026-12-01 18:30:00".len()];
    let rest = &text[at + stamp.len()..];
    assert!(rest.starts_with(" UTC ("), "{rest}");
    let from_now = rest[" UTC (".len()..].split(')').next().unwrap().to_owned();
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month: usize = stamp[5..7].parse().unwrap();
    let rfc2822 = format!(
        "{} {} {} {} +0000",
        &stamp[8..10],
        MONTHS[month - 1],
        &stamp[..4],
        &stamp[11..]
    );
    (mailparse::dateparse(&rfc2822).expect("a date"), from_now)
}

fn sent_at(mail: &ParsedMail<'_>) -> i64 {
    let date = mail.headers.get_first_value("Date").expect("a Date");
    mailparse::dateparse(&date).expect("parses")
}

fn the_line_starting(text: &str, prefix: &str) -> String {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in {text}"))
        .to_owned()
}

/// Asserts the message's `To`, `From` and `Subject`.
fn assert_headers(mail: &mailparse::ParsedMail<'_>, to: &str, from: &str, subject: &str) {
    let header = |name: &str| mail.headers.get_first_value(name);
    assert_eq!(header("To").as_deref(), Some(to));
    assert_eq!(header("From").as_deref(), Some(from));
    assert_eq!(header("Subject").as_deref(), Some(subject));
}

#[test]
fn a_link_arrives_as_text_and_html_and_signs_in() {
    let catcher = MailCatcher::start();
    let server = Server::start(&["--resend-cooldown", "1", "--smtp", &catcher.address()]);
    let answer = post_as_firefox(&server, SEND, "ann@example.com");
    let state = answer["state"].as_str().unwrap();
    let raw = catcher.wait_for(1).remove(0);
    let mail = mailparse::parse_mail(&raw).expect("parses as MIME");
    assert_headers(
        &mail,
        "ann@example.com",
        "devapi <no-reply@devapi.localhost>",
        "Your sign-in link",
    );
    let (text, html) = parts(&mail);
    let link = the_line_starting(&text, "http://");
    assert_eq!(link, server.link_for(state), "the outbox has the same link");
    let href = format!("href=\"{}\"", link.replace('&', "&amp;"));
    assert!(html.contains(&href), "{html}");
    for body in [&text, &html] {
        assert!(body.contains(BROWSER), "{body}");
        let (expiry, from_now) = stated_expiry(body);
        assert_eq!(expiry, sent_at(&mail) + 300, "--link-ttl's default");
        assert_eq!(from_now, "in 5 minutes");
        let number = answer["match_code"].as_str().unwrap();
        assert!(
            !body.contains(&format!(" {number} ")),
            "the number to match is on the sign-in page, not in the e-mail"
        );
    }

    // What the person does: open the link, pick the number the sign-in page
    // shows (the send answer's), and the waiting page's poll gets the tokens.
    let page = server.get(&link);
    assert_eq!(page.status(), 200);
    assert!(page.text().unwrap().contains("Confirm sign-in"));
    let number = answer["match_code"].as_str().unwrap();
    assert_eq!(server.pick(&link, number).status(), 200);
    let status: Value = server.status(state).json().unwrap();
    assert_eq!(status["authenticated"], true, "{status}");
    assert!(status["oauth"]["access_token"]
        .as_str()
        .unwrap()
        .starts_with("v4.local."));
    assert_eq!(status["user"]["email"], "ann@example.com");
}

#[test]
fn a_code_arrives_and_signs_in() {
    let catcher = MailCatcher::start();
    let server = Server::start(&[
        "--link-ttl",
        "90",
        "--smtp",
        &catcher.address(),
        "--smtp-from",
        "Acme <login@acme.test>",
    ]);
    let answer = post_as_firefox(&server, &format!("{MAGIC_OTP}/send"), "bob@example.com");
    let state = answer["state"].as_str().unwrap();
    let raw = catcher.wait_for(1).remove(0);
    let mail = mailparse::parse_mail(&raw).expect("parses as MIME");
    assert_headers(
        &mail,
        "bob@example.com",
        "Acme <login@acme.test>",
        "Your sign-in code",
    );
    let (text, html) = parts(&mail);
    let code = the_line_starting(&text, "    ").trim().to_owned();
    assert_eq!(code, server.code_for(state), "the outbox has the same code");
    for body in [&text, &html] {
        assert!(body.contains(&code) && body.contains(BROWSER), "{body}");
        assert!(!body.contains("http://"), "no link: {body}");
        let (expiry, from_now) = stated_expiry(body);
        assert_eq!(expiry, sent_at(&mail) + 90);
        assert_eq!(from_now, "in 1 minute");
    }
    let verified = server.code_verify(MAGIC_OTP, state, &code);
    assert_eq!(verified.status(), 200);
    let body: Value = verified.json().unwrap();
    assert_eq!(body["authenticated"], true);
    assert_eq!(body["user"]["email"], "bob@example.com");
}

#[test]
fn every_resend_is_e_mailed_too() {
    let catcher = MailCatcher::start();
    let server = Server::start(&["--resend-cooldown", "0", "--smtp", &catcher.address()]);
    let state = server.send_ok("cy@example.com");
    assert_eq!(server.resend(&state).status(), 200);
    let links: Vec<String> = catcher
        .wait_for(2)
        .iter()
        .map(|raw| {
            let (text, _) = parts(&mailparse::parse_mail(raw).expect("parses as MIME"));
            // No User-Agent: the e-mail says so instead of guessing.
            assert!(text.contains("Requested by an unknown browser."), "{text}");
            the_line_starting(&text, "http://")
        })
        .collect();
    assert_ne!(links[0], links[1]);
    assert!(links.contains(&server.link_for(&state)), "the newest link");
}

#[test]
fn an_unreachable_mail_server_fails_no_send() {
    let nobody = format!("127.0.0.1:{}", free_port());
    let server = Server::start(&["--smtp", &nobody]);
    let state = server.send_ok("dee@example.com");
    let code_state = server.code_send_ok("dee@example.com");
    let outbox = server.outbox();
    assert_eq!(outbox.len(), 2, "{outbox:?}");
    assert_eq!(server.message_for(&state)["carries"], "link");
    assert_eq!(server.message_for(&code_state)["carries"], "code");
    // Still serving after the failed deliveries.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.status(&state).status(), 200);
}

#[test]
fn a_mail_server_that_never_answers_delays_no_send() {
    // Connections complete into the backlog, but no greeting ever comes: a
    // delivery waits there until its own timeout, the answer must not.
    let silent = TcpListener::bind("127.0.0.1:0").expect("binds");
    let address = silent.local_addr().unwrap().to_string();
    let server = Server::start(&["--smtp", &address]);
    let started = Instant::now();
    let state = server.send_ok("eve@example.com");
    server.code_send_ok("eve@example.com");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "answered in {:?}",
        started.elapsed()
    );
    assert_eq!(server.message_for(&state)["to"], "eve@example.com");
}
