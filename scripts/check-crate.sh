#!/usr/bin/env bash
# Checks the crate a Rust app takes (crates.io, docs.rs):
#  1. the package holds exactly the files in scripts/crate-files.txt (no stray file,
#     none missing); `scripts/check-crate.sh --update` rewrites that list;
#  2. the packaged .crate builds on its own (`cargo package` unpacks and builds it);
#  3. the docs of the wasm32 build (the one docs.rs renders) have no warnings, broken
#     intra-doc links included;
#  4. the component's doc example compiles for wasm32 (a `no_run` doc test).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
expected=scripts/crate-files.txt
# --allow-dirty: check the files as they are now, committed or not (an untracked
# file the include rules take shows up as a stray file).
pkg=(-p magic-link-widget --locked --allow-dirty)

# .cargo_vcs_info.json is cargo's own and comes and goes with the git checkout.
actual=$(cargo package "${pkg[@]}" --list | grep -vx '.cargo_vcs_info.json')
if [[ ${1:-} == --update ]]; then
  printf '%s\n' "$actual" >"$expected"
  echo "wrote $expected"
  exit 0
fi
for needed in Cargo.toml Cargo.lock README.md LICENSE build.rs src/lib.rs style/widget.css; do
  grep -qx "$needed" "$expected" || { echo "$expected lacks $needed" >&2; exit 1; }
done
if ! diff -u --label "expected ($expected)" --label "cargo package --list" \
  "$expected" <(printf '%s\n' "$actual"); then
  echo "The package's files changed: fix the include list in Cargo.toml, or run" >&2
  echo "scripts/check-crate.sh --update if the change is meant." >&2
  exit 1
fi
echo "package files: as in $expected ($(wc -l <"$expected") files)"

# Builds the unpacked crate on the host, like a `cargo publish` would.
cargo package "${pkg[@]}"

RUSTDOCFLAGS="-D warnings" cargo doc -p magic-link-widget --no-deps --locked \
  --target wasm32-unknown-unknown

# Doc tests are cross-compiled for wasm32; `no_run` ones are compiled, not run.
cargo test -p magic-link-widget --doc --locked --target wasm32-unknown-unknown
