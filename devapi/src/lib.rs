//! devapi: the local development backend of the magic-link widget.
//!
//! It implements the magic-link and one-time-code endpoints and the branding
//! (`GET /api/v1/config`) of the project's HTTP contract
//! (`shared/api-contract.md`) on 127.0.0.1, keeps sessions in memory, and puts
//! e-mail in an outbox (`/dev/outbox`); with `--smtp` it sends it as well, to a
//! local mail catcher. Tests can inject faults (`/dev/faults`) and read a
//! request log (`/dev/requests.json`).
//!
//! The binary (`src/main.rs`) only parses flags and calls [`bind`] and
//! [`serve`]; tests may embed the server the same way.

#![deny(missing_docs)]

mod app;
mod branding;
mod clock;
mod codes;
mod config;
mod cors;
mod email;
mod errors;
mod faults;
mod headers;
mod host;
mod html;
mod intercept;
mod limits;
mod mail;
mod outbox;
mod requests;
mod routes;
mod smtp;
mod store;
mod tokens;
mod useragent;

use std::future::Future;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};

use tokio::net::TcpListener;

pub use branding::Branding;
pub use config::Config;
pub use store::{CodeSession, MemoryStore, Requester, Session, SessionStore, Tokens, User};

/// Binds `127.0.0.1:<config.port>` (port 0 picks a free one). devapi never
/// listens on other interfaces: it has no authentication at all.
pub async fn bind(config: &Config) -> io::Result<TcpListener> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, config.port))).await
}

/// The complete router for a server reachable at `base_url`
/// (`http://127.0.0.1:<port>`, used in magic links).
pub fn router(config: Config, base_url: String) -> axum::Router {
    routes::router(app::App::new(config, base_url))
}

/// Serves on `listener` until Ctrl-C (or SIGTERM on Unix), then finishes the
/// requests in flight. The signal handlers are installed when this is called;
/// a caller that announces the server before should call [`shutdown_signal`]
/// first and [`serve_until`] with it.
pub async fn serve(config: Config, listener: TcpListener) -> io::Result<()> {
    serve_until(config, listener, shutdown_signal()).await
}

/// Serves on `listener` until `shutdown` completes.
pub async fn serve_until(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let port = listener.local_addr()?.port();
    let app = router(config, format!("http://127.0.0.1:{port}"));
    // Connection info: the confirm page names the address a sign-in came from.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Completes on Ctrl-C, or on SIGTERM on Unix (what `kill` and process
/// supervisors send).
///
/// The handlers are installed right away, not when the future is first polled:
/// a signal that arrives between this call and the serving (say, just after the
/// "listening" line) then shuts down gracefully instead of killing the process.
/// Must be called inside a tokio runtime.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        // No signal handling available: never shut down by that signal.
        let mut interrupt = signal(SignalKind::interrupt()).ok();
        let mut terminate = signal(SignalKind::terminate()).ok();
        async move {
            let interrupted = async {
                match interrupt.as_mut() {
                    Some(signal) => signal.recv().await,
                    None => std::future::pending().await,
                }
            };
            let terminated = async {
                match terminate.as_mut() {
                    Some(signal) => signal.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = interrupted => {}
                _ = terminated => {}
            }
            tracing::info!("shutting down");
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            tracing::info!("shutting down");
        }
    }
}
