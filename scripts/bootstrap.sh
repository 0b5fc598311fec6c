#!/usr/bin/env bash
# Installs what building and testing the widget needs, skipping whatever is already
# there (a second run installs nothing). Sourced by demo.sh and test.sh.
#
#   scripts/bootstrap.sh [--browser]   --browser also installs the browsers and their drivers
#                                      (Chromium, Firefox ESR, WebKitGTK)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

TRUNK_VERSION=0.21.14
GECKODRIVER_VERSION=0.37.1
AIOSMTPD_VERSION=1.4.6
# devapi's SMTP tests run this interpreter too.
smtp_python=${DEVAPI_TEST_PYTHON:-python3}
# wasm-bindgen's CLI must equal the crate version the lockfile resolved.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# Release builds of the tools themselves: without LTO they build in about 70% of
# the time, and the tools run just as well.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target (the widget compiles to WebAssembly)"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (builds and serves the widget; about 5 minutes)"
  fast_install --locked trunk --version "$TRUNK_VERSION"
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (must match Cargo.lock; about 4 minutes)"
  # Not --locked: the CLI's own lockfile names a crate version the registry lacks.
  fast_install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm records what it installed in node_modules/.package-lock.json; reinstall only
# when package-lock.json is newer (or nothing is installed).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing pinned npm tools: wasm-opt 132 (binaryen; Debian's older one breaks the build),"
  say "  esbuild (minifies the glue), axe-core (accessibility tests), typescript (checks the .d.ts),"
  say "  Hanko Elements (the benchmark's reference)"
  npm ci --no-audit --no-fund
fi

if ! "$smtp_python" -c 'import aiosmtpd' 2>/dev/null; then
  say "installing aiosmtpd $AIOSMTPD_VERSION from PyPI for $smtp_python (a real SMTP server: devapi's"
  say "  --smtp tests send their e-mail to it and read what arrived)"
  "$smtp_python" -m pip install --quiet --root-user-action=ignore "aiosmtpd==$AIOSMTPD_VERSION"
fi

if [[ "${1:-}" == "--browser" ]] &&
  ! { have chromium && have chromedriver && have firefox-esr && have WebKitWebDriver && have Xvfb; }; then
  say "installing from apt the three browser engines the end-to-end tests run in: chromium and"
  say "  chromium-driver, firefox-esr, webkit2gtk-driver (WebKitGTK, Safari's engine) and xvfb (a"
  say "  virtual display: WebKitGTK has no headless mode)"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    chromium chromium-driver firefox-esr webkit2gtk-driver xvfb
fi

if [[ "${1:-}" == "--browser" ]] && [[ "$(geckodriver --version 2>/dev/null | head -1)" != "geckodriver $GECKODRIVER_VERSION"* ]]; then
  say "installing geckodriver $GECKODRIVER_VERSION (drives Firefox in the end-to-end tests; about 5 minutes)"
  fast_install --locked geckodriver --version "$GECKODRIVER_VERSION"
fi

# Builds run with --offline (so trunk never downloads a tool): fetch the crates first.
# Quick when they are already there.
cargo fetch --locked --quiet

# Trunk finds wasm-opt 132 here before any other on PATH.
export PATH="$root/node_modules/.bin:$PATH"
