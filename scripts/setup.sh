#!/usr/bin/env bash
# Installs everything the kiosk and its tests need on a fresh Debian/Ubuntu machine.
# Idempotent: a second run only checks. Needs root or sudo for the apt step.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  pcscd libpcsclite-dev vsmartcard-vpcd opensc pcsc-tools
  python3 python3-venv python3-dev gcc make
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon0 libxkbcommon-x11-0
  libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-noto-cjk
  chromium  # the desk page's browser tests: Playwright drives this one (no browser download at run time)
  open-jtalk open-jtalk-mecab-naist-jdic espeak-ng alsa-utils
  # the kiosk appliance (scripts/install-kiosk.sh) and its tests: cage with the wlroots headless backend, Qt's
  # Wayland client, grim for screenshots, systemd-analyze for the generated units
  systemd cage grim libwayland-client0 libwayland-cursor0 libwayland-egl1
  tesseract-ocr tesseract-ocr-jpn
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PY="${PYTHON:-python3}"
STAMP=.venv/.installed
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ] || [ scripts/setup.sh -nt "$STAMP" ] \
   || [ scripts/python-deps.sh -nt "$STAMP" ]; then
  bash scripts/python-deps.sh .venv -e ".[dev]"
  touch "$STAMP"
fi
bash scripts/setup_voice.sh
echo "setup: ready (.venv)"
