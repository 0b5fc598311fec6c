//! The `Host` check that stops DNS rebinding: a page on `evil.example`, whose
//! name the attacker points at 127.0.0.1, would otherwise be same-origin with
//! devapi and read the outbox.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use common::{Server, SEND};

/// Sends a raw request with exactly these header lines; returns the status code
/// and the whole response.
fn raw(server: &Server, request_line: &str, headers: &[&str]) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let mut request = format!("{request_line}\r\n");
    for header in headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str("Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"));
    (status, response)
}

#[test]
fn loopback_names_are_served_with_or_without_the_port() {
    let server = Server::default_for_tests();
    let port = server.port;
    for host in [
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{port}"),
        "localhost".to_owned(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "[::1]".to_owned(),
        format!("[::1]:{port}"),
    ] {
        let (status, response) = raw(
            &server,
            "GET /dev/outbox.json HTTP/1.1",
            &[&format!("Host: {host}")],
        );
        assert_eq!(status, 200, "{host}: {response}");
    }
}

#[test]
fn any_other_host_is_refused_with_421() {
    let server = Server::default_for_tests();
    let port = server.port;
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.2:{port}"),
        format!("0.0.0.0:{port}"),
        format!("[::2]:{port}"),
        "127.0.0.1:80x".to_owned(),
        "127.0.0.1:".to_owned(),
        format!("[::1]{port}"),
        String::new(),
    ] {
        for request_line in [
            "GET /dev/outbox.json HTTP/1.1".to_owned(),
            format!("GET {SEND}?client_id=cli_test HTTP/1.1"),
            format!("OPTIONS {SEND} HTTP/1.1"),
            "GET / HTTP/1.1".to_owned(),
        ] {
            let (status, response) = raw(&server, &request_line, &[&format!("Host: {host}")]);
            assert_eq!(status, 421, "{host:?} {request_line}: {response}");
            assert!(
                response.contains("\"error_code\":\"host_not_allowed\""),
                "{response}"
            );
            assert!(
                !response
                    .to_ascii_lowercase()
                    .contains("access-control-allow-origin"),
                "{response}"
            );
        }
    }
    // No Host at all (HTTP/1.0 allows leaving it out).
    let (status, _) = raw(&server, "GET /dev/outbox.json HTTP/1.0", &[]);
    assert_eq!(status, 421);
    // An absolute request target names the host too.
    let (status, _) = raw(
        &server,
        "GET http://evil.example/dev/outbox.json HTTP/1.1",
        &[&format!("Host: 127.0.0.1:{port}")],
    );
    assert_eq!(status, 421);
    // Refused requests are not API requests: nothing was logged.
    assert!(server.requests().is_empty());
}
