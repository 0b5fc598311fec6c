//! Raw, gzip and brotli bytes of what the pages load, computed by node so that
//! the numbers are exactly those of `scripts/size.mjs` (the size budget's).

use std::path::Path;
use std::process::Command;

use serde::Deserialize;

/// One file's sizes in bytes.
#[derive(Clone, Debug, Deserialize)]
pub struct FileSize {
    /// The path relative to its `dist` folder.
    pub file: String,
    /// Uncompressed.
    pub raw: u64,
    /// gzip level 9.
    pub gzip: u64,
    /// brotli quality 11.
    pub brotli: u64,
}

/// The sums of a list of [`FileSize`]s.
pub fn total(files: &[FileSize]) -> FileSize {
    files.iter().fold(
        FileSize {
            file: "total".into(),
            raw: 0,
            gzip: 0,
            brotli: 0,
        },
        |sum, file| FileSize {
            raw: sum.raw + file.raw,
            gzip: sum.gzip + file.gzip,
            brotli: sum.brotli + file.brotli,
            ..sum
        },
    )
}

/// Our widget's files, as `node scripts/size.mjs --json <dist>` lists them.
pub fn widget(dist: &Path) -> Vec<FileSize> {
    let script = e2e::workspace_root().join("scripts/size.mjs");
    let mut command = Command::new("node");
    command.arg(script).arg("--json").arg(dist);
    parse(command)
}

/// The same compression settings as `scripts/size.mjs`, for files it does not
/// know: the paths (relative to the folder in `argv[1]`) follow.
const SIZE_OF_FILES_JS: &str = r#"
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
const [root, ...files] = process.argv.slice(1);
console.log(JSON.stringify(files.map((file) => {
  const bytes = readFileSync(join(root, file));
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli };
})));
"#;

/// The sizes of `files` (paths relative to `root`).
pub fn files(root: &Path, files: &[String]) -> Vec<FileSize> {
    let mut command = Command::new("node");
    command
        .args(["--input-type=module", "-e", SIZE_OF_FILES_JS, "--"])
        .arg(root)
        .args(files);
    parse(command)
}

fn parse(mut command: Command) -> Vec<FileSize> {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("running {command:?}: {error} (is node installed?)"));
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{command:?} printed no size list ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}
