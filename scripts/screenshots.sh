#!/usr/bin/env bash
# Takes PNGs of each step (light, dark, Arabic) into docs/screenshots/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/bootstrap.sh --browser
trunk build --release --offline --dist dist-screenshots
WIDGET_DIST="$root/dist-screenshots" cargo run -p e2e --bin screenshots
