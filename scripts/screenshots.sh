#!/usr/bin/env bash
# Render every screen in Japanese and English to docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
QT_QPA_PLATFORM=offscreen exec .venv/bin/python scripts/screenshots.py "$@"
