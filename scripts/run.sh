#!/usr/bin/env bash
# README quick start, command 1: install what is missing, then run the kiosk on simulated hardware.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/kiosk run --simulate "$@"
fi
echo "run: no display here, so the kiosk runs on a virtual screen (xvfb-run);" \
     "'bash scripts/screenshots.sh' renders every screen to docs/screenshots/"
exec xvfb-run -a -s "-screen 0 2048x1080x24" .venv/bin/kiosk run --simulate "$@"
