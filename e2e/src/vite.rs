//! A Vite dev server for one of the framework examples, as a developer runs it
//! (`npm run dev`): modules served one by one, transformed on the fly.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::process::{forward_lines, free_port, wait_for_listener};

/// A running `vite` dev server, stopped on drop.
pub struct ViteDevServer {
    child: Child,
    origin: String,
}

impl ViteDevServer {
    /// Starts `vite` in `app` (a folder under `examples/frameworks`, installed).
    ///
    /// # Panics
    /// When Vite is not installed there or does not listen within 30 s.
    pub fn start(app: &Path) -> ViteDevServer {
        let vite = app.join("../node_modules/vite/bin/vite.js");
        assert!(
            vite.is_file(),
            "{} is missing: run scripts/build-framework-examples.sh",
            vite.display()
        );
        let port = free_port();
        let mut child = Command::new("node")
            .arg(&vite)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg("--strictPort")
            // Vite refuses a second dev server for one project (a developer's own
            // `npm run dev`, another test run); this one has its own port.
            .arg("--bypass-lock")
            .current_dir(app)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start node (vite)");
        forward_lines(child.stdout.take().expect("stdout"), "vite".into());
        forward_lines(child.stderr.take().expect("stderr"), "vite".into());
        assert!(
            wait_for_listener(port, Duration::from_secs(30)),
            "vite did not listen on port {port}"
        );
        ViteDevServer {
            child,
            origin: format!("http://127.0.0.1:{port}"),
        }
    }

    /// `path` on this server (`"/"` for the app).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

impl Drop for ViteDevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
