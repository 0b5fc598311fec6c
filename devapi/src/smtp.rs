//! Sending e-mail over SMTP (`--smtp HOST:PORT`), besides the outbox.
//!
//! Plain SMTP, no TLS and no authentication: it is meant for a mail catcher on
//! this machine (Mailpit, MailHog, `python3 -m aiosmtpd`), not for the
//! internet. Each message goes out on a task of its own, so the API answer
//! never waits for the mail server, and a failure is only logged.

use std::fmt;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::mail::Mail;

/// The `From` of sent e-mail unless `--smtp-from` says otherwise.
pub const DEFAULT_FROM: &str = "devapi <no-reply@devapi.localhost>";

/// How long one delivery may take, connecting included, before it is given up
/// (and logged).
const TIMEOUT: Duration = Duration::from_secs(10);

/// Where `--smtp` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpServer {
    /// A host name or IP address (IPv6 without its brackets).
    pub host: String,
    /// The TCP port.
    pub port: u16,
}

impl fmt::Display for SmtpServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// Parses `HOST:PORT` (`127.0.0.1:1025`, `localhost:1025`, `[::1]:1025`), for
/// clap.
pub fn parse_server(text: &str) -> Result<SmtpServer, String> {
    let expected = || format!("expected HOST:PORT such as 127.0.0.1:1025, got {text:?}");
    let (host, port) = text.rsplit_once(':').ok_or_else(expected)?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let port: u16 = port.parse().map_err(|_| expected())?;
    if host.is_empty() || port == 0 || host.contains(['[', ']', '/', ' ']) {
        return Err(expected());
    }
    Ok(SmtpServer {
        host: host.to_owned(),
        port,
    })
}

/// Parses an address with an optional name (`devapi <no-reply@x.test>`), for
/// clap.
pub fn parse_from(text: &str) -> Result<Mailbox, String> {
    text.parse()
        .map_err(|e| format!("not an e-mail address ({e}): {text:?}"))
}

/// Sends e-mail to one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    server: SmtpServer,
    from: Mailbox,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `server`, sending as `from`. Connects only when sending.
    pub fn new(server: SmtpServer, from: Mailbox) -> Self {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&server.host)
            .port(server.port)
            .timeout(Some(TIMEOUT))
            .build();
        Self {
            server,
            from,
            transport,
        }
    }

    /// Sends `mail` on a task of its own and returns at once; the outcome is
    /// logged (a failure as a warning). Must be called inside a tokio runtime.
    pub fn send(&self, mail: Mail) {
        let mailer = self.clone();
        tokio::spawn(async move {
            let message = match mail.to_message(&mailer.from) {
                Ok(message) => message,
                Err(e) => {
                    tracing::warn!("not e-mailed to {} via {}: {e}", mail.to, mailer.server);
                    return;
                }
            };
            match mailer.transport.send(message).await {
                Ok(_) => tracing::info!("e-mailed {} via {}", mail.to, mailer.server),
                Err(e) => {
                    tracing::warn!("could not e-mail {} via {}: {e}", mail.to, mailer.server)
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_host_and_port() {
        let server = parse_server("127.0.0.1:1025").unwrap();
        assert_eq!((server.host.as_str(), server.port), ("127.0.0.1", 1025));
        assert_eq!(server.to_string(), "127.0.0.1:1025");
        let v6 = parse_server("[::1]:2525").unwrap();
        assert_eq!((v6.host.as_str(), v6.port), ("::1", 2525));
        assert_eq!(v6.to_string(), "[::1]:2525");
        assert_eq!(parse_server("localhost:25").unwrap().host, "localhost");
        for bad in [
            "",
            "1025",
            ":1025",
            "host:",
            "host:0",
            "host:99999",
            "a b:25",
            "[::1:25",
        ] {
            assert!(parse_server(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn parses_the_sender() {
        let from = parse_from(DEFAULT_FROM).unwrap();
        assert_eq!(from.email.to_string(), "no-reply@devapi.localhost");
        assert_eq!(from.name.as_deref(), Some("devapi"));
        assert!(parse_from("nobody").is_err());
    }
}
