#!/usr/bin/env bash
# Benchmarks the widget's release build, and Hanko Elements 2.7.0 for comparison, in
# real headless Chromium against a real devapi: bytes, startup, wasm compile time,
# heap over mount/unmount cycles, status polling and countdown accuracy. Prints a
# Markdown report and writes it to target/bench-report.md (takes about 3 minutes).
# Not part of scripts/test.sh: the numbers depend on the machine and its load.
#
#   scripts/bench.sh [--runs N] [--cycles N] [--visible-secs S] [--hidden-secs S] [--out FILE]
#
# Defaults: 7 runs per startup timing, 100 cycles, 20 s visible, 60 s hidden.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/bootstrap.sh --browser

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

# The comparison's package: a checkout that ran `npm ci` before it was added lacks it.
if [[ ! -f node_modules/@teamhanko/hanko-elements/dist/elements.js ]]; then
  say "installing @teamhanko/hanko-elements 2.7.0 from npm (the benchmark's comparison)"
  npm ci --no-audit --no-fund
fi

step "release build (dist-bench)"
trunk build --release --offline --dist dist-bench

step "benchmark"
# The report quotes the command that reproduces it.
export BENCH_COMMAND="scripts/bench.sh${*:+ $*}"
# Options given to this script come last, so they override these defaults.
cargo run -p e2e --release --bin bench -- --dist dist-bench --runs 7 "$@"
