//! The devapi binary: parse flags, bind, announce the port, serve.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = devapi::Config::parse();
    // Logs go to stderr: stdout is reserved for the one "listening" line that
    // scripts and tests parse.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let listener = match devapi::bind(&config).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("devapi: cannot listen on 127.0.0.1:{}: {e}", config.port);
            return ExitCode::FAILURE;
        }
    };
    let port = match listener.local_addr() {
        Ok(addr) => addr.port(),
        Err(e) => {
            eprintln!("devapi: cannot read the bound address: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Before the announcement: whoever reads it may stop devapi at once.
    let shutdown = devapi::shutdown_signal();
    println!("devapi listening on http://127.0.0.1:{port}");
    // Flush now: stdout is a pipe under tests and would otherwise be buffered.
    let _ = std::io::stdout().flush();
    tracing::info!("outbox at http://127.0.0.1:{port}/dev/outbox");

    match devapi::serve_until(config, listener, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("devapi: server error: {e}");
            ExitCode::FAILURE
        }
    }
}
