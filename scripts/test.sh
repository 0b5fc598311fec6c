#!/usr/bin/env bash
# Runs every test: formatting, lints (host and wasm32), host tests, browser tests in
# headless Chromium, the release build with its size budget, the npm package and the
# framework apps built from it, and end-to-end tests driving Chromium, Firefox and
# WebKit against a real devapi process. Installs missing tools first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/bootstrap.sh --browser

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "formatting"
cargo fmt --all -- --check

step "clippy (host)"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy (wasm32: the widget and the Leptos example app)"
cargo clippy -p magic-link-widget -p leptos-app-example --all-targets --target wasm32-unknown-unknown -- -D warnings

step "TypeScript declarations (dist/magic-link-login.d.ts, checked against examples/typescript)"
node_modules/.bin/tsc --noEmit -p examples/typescript

step "host tests (flow, API answers, devapi over HTTP)"
cargo test --workspace --exclude e2e

step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test -p magic-link-widget --target wasm32-unknown-unknown --test web --test data

step "crate package (its files, the packaged crate builds, wasm32 docs and doc example)"
# Offline: the crates were fetched by bootstrap; the verify build needs no index.
CARGO_NET_OFFLINE=true scripts/check-crate.sh

step "release build"
trunk build --release --offline --dist dist-e2e

step "size budget"
node scripts/size.mjs --check dist-e2e

step "npm package (packed from the release build; nothing missing, nothing extra)"
tarball=$(node scripts/npm-pack.mjs dist-e2e)
node scripts/check-npm-package.mjs "$tarball"

step "framework examples: React 19, Vue 3, Svelte 5 apps built with Vite from the packed package"
scripts/build-framework-examples.sh "$tarball"

step "end-to-end tests in Chromium (devapi + the release build over HTTP)"
WIDGET_DIST="$root/dist-e2e" E2E_ENGINE=chromium cargo test -p e2e

# The same suite in Firefox and in WebKit; tests that need a Chromium-only facility
# (CDP) say so and return at once, the soak test among them.
step "end-to-end tests in Firefox ESR"
WIDGET_DIST="$root/dist-e2e" E2E_ENGINE=firefox cargo test -p e2e

step "end-to-end tests in WebKitGTK (Safari's engine)"
WIDGET_DIST="$root/dist-e2e" E2E_ENGINE=webkit cargo test -p e2e

step "all tests passed"
