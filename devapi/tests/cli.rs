//! The command line: help text, the announced port, shutdown.

mod common;

use std::process::Command;
use std::time::Duration;

use common::Server;

#[test]
fn help_documents_every_flag() {
    let output = Command::new(env!("CARGO_BIN_EXE_devapi"))
        .arg("--help")
        .output()
        .expect("runs");
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--port",
        "--link-ttl",
        "--resend-cooldown",
        "--no-number-matching",
        "--address-limit",
        "--resend-limit",
        "--limit-window",
        "--code-tries",
        "too_many_attempts",
        "--config <FILE>",
        "GET /api/v1/config",
        "/dev/logo.svg",
        "0 turns it off",
        "match_code",
        "[default: 8787]",
        "--smtp <HOST:PORT>",
        "mail catcher",
        "--smtp-from <ADDRESS>",
        "[default: \"devapi <no-reply@devapi.localhost>\"]",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    assert!(help.contains("[default: 300]") && help.contains("[default: 30]"));
    for default in ["[default: 10]", "[default: 5]", "[default: 600]"] {
        assert!(help.contains(default), "{default} missing from:\n{help}");
    }
    assert!(help.contains("0 picks a free port"));
    assert!(help.contains("outbox"), "the summary explains the tool");
    let bad = Command::new(env!("CARGO_BIN_EXE_devapi"))
        .args(["--link-ttl", "soon"])
        .output()
        .expect("runs");
    assert!(!bad.status.success());
}

#[test]
fn announces_the_real_port_and_serves_on_it() {
    let a = Server::default_for_tests();
    let b = Server::default_for_tests();
    assert_ne!(a.port, b.port);
    let index = a.get(&a.url("/"));
    assert_eq!(index.status(), 200);
    assert!(index.text().unwrap().contains("devapi"));
}

#[test]
fn refuses_a_port_in_use() {
    let running = Server::default_for_tests();
    let output = Command::new(env!("CARGO_BIN_EXE_devapi"))
        .args(["--port", &running.port.to_string()])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot listen"));
}

#[cfg(unix)]
#[test]
fn sigterm_shuts_down_cleanly() {
    let mut server = Server::default_for_tests();
    let killed = Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = server
        .wait_exit(Duration::from_secs(5))
        .expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}");
}

/// The handlers are in place before the port is announced: a supervisor that
/// stops devapi as soon as it is up gets a clean exit, not a killed process.
#[cfg(unix)]
#[test]
fn sigterm_right_after_the_announcement_shuts_down_cleanly() {
    for round in 0..20 {
        let mut server = Server::default_for_tests();
        let killed = Command::new("kill")
            .args(["-TERM", &server.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = server
            .wait_exit(Duration::from_secs(5))
            .expect("exits after SIGTERM");
        assert!(status.success(), "round {round}: {status:?}");
    }
}
