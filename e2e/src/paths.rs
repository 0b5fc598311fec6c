//! Where the artefacts under test live.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e lives inside the workspace")
        .to_path_buf()
}

/// Cargo's target folder: `CARGO_TARGET_DIR` when set, else `<workspace>/target`.
pub(crate) fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// The widget's release build: `WIDGET_DIST`, else `<workspace>/dist-e2e`.
///
/// # Panics
/// When `magic-link-login.js` or `index.html` is missing, with the command that
/// builds it — a stale or absent build must fail loudly, not as a blank page.
pub fn widget_dist() -> PathBuf {
    let dist = match std::env::var_os("WIDGET_DIST") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("dist-e2e"),
    };
    for file in ["magic-link-login.js", "index.html"] {
        assert!(
            dist.join(file).is_file(),
            "widget build not found: {} is missing; build it with: \
             trunk build --release --dist dist-e2e (or set WIDGET_DIST)",
            dist.join(file).display()
        );
    }
    dist
}
