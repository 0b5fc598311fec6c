#!/usr/bin/env bash
# Runs the demo: devapi (the local magic-link API, port 8787) and `trunk serve`
# (the widget, port 8080). Ctrl-C stops both. Installs missing tools first.
#
#   scripts/demo.sh [devapi flags…]   e.g. --smtp 127.0.0.1:1025 to e-mail a mail catcher
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/bootstrap.sh --

cargo build -p devapi
target/debug/devapi --port 8787 "$@" &
devapi=$!
trap 'kill $devapi 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  Demo:    http://127.0.0.1:8080/
  Outbox:  http://127.0.0.1:8787/dev/outbox   (the magic links land here)

MSG
trunk serve --offline
