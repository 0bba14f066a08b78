#!/usr/bin/env bash
# Voice guidance (docs/voice.md), called by scripts/setup.sh: the Japanese HTS voice "Mei" (CC BY 3.0), taken from
# the pyopenjtalk sdist on PyPI (only the voice file and its licence are kept; pyopenjtalk itself is not built),
# then every prompt synthesized once into the cache and checked not silent. Idempotent: the second run only checks.
# VOICE_PY: the Python to run (default .venv/bin/python). KIOSK_VOICE_CACHE overrides the cache folder.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${VOICE_PY:-.venv/bin/python}"
CACHE="${KIOSK_VOICE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mynakiosk/voice}"
SDIST=pyopenjtalk-0.4.1
SDIST_SHA256=d5ada46f7fc2b52c1c79c273eb9668ff6ad7ab276a8db9d8be119ef93440f0dc
VOICE_DIR="$SDIST/pyopenjtalk/htsvoice"

if [ ! -f "$CACHE/voices/mei_normal.htsvoice" ]; then
  echo "setup: fetching the Japanese voice (mei_normal.htsvoice, CC BY 3.0) from the $SDIST sdist"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  "$PY" -m pip download -q --no-deps --no-binary pyopenjtalk "pyopenjtalk==${SDIST#pyopenjtalk-}" -d "$work"
  echo "$SDIST_SHA256  $work/$SDIST.tar.gz" | sha256sum -c --quiet
  tar -xzf "$work/$SDIST.tar.gz" -C "$work" "$VOICE_DIR/mei_normal.htsvoice" "$VOICE_DIR/LICENSE_mei_normal.htsvoice"
  mkdir -p "$CACHE/voices"
  cp "$work/$VOICE_DIR/LICENSE_mei_normal.htsvoice" "$CACHE/voices/"
  cp "$work/$VOICE_DIR/mei_normal.htsvoice" "$CACHE/voices/mei_normal.htsvoice"
fi
KIOSK_VOICE_CACHE="$CACHE" "$PY" -m kiosk.speech build
