#!/usr/bin/env bash
# Builds the React, Vue and Svelte examples (examples/frameworks) from the packed npm
# package, as an app installing it would:
#
#   scripts/build-framework-examples.sh target/npm/magic-link-widget-<version>.tgz
#
# The frameworks and Vite come from the registry at the versions package-lock.json
# pins, installed once (again only when the lockfile changes). The widget comes from
# the tarball every time, without --save: the lockfile would otherwise record the
# tarball's digest, and a rebuilt package would no longer match it.
set -euo pipefail

tarball=$(realpath "${1:?usage: scripts/build-framework-examples.sh <packed tarball>}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root/examples/frameworks"

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[examples] installing React 19, Vue 3, Svelte 5 and Vite 8 from the registry (pinned by package-lock.json)"
  npm ci --no-audit --no-fund
fi
npm install --no-save --no-audit --no-fund "$tarball"
npm run build --silent --workspaces
