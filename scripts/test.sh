#!/usr/bin/env bash
# README quick start, command 2: install what is missing, then lint, type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest "$@"
