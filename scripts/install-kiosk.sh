#!/usr/bin/env bash
# Turns a Debian 12 machine into a reception kiosk that boots into `kiosk run` under cage on tty1.
#
#   sudo bash scripts/install-kiosk.sh [--simulate]     install or update (idempotent: a second run changes nothing)
#   sudo bash scripts/install-kiosk.sh --uninstall [--purge]
#                                                      remove it; --purge also deletes /etc/mynakiosk and the data
#   bash scripts/install-kiosk.sh --render DIR [--simulate]
#                                                      only write the generated files under DIR (no root needed)
#
# What it changes: the apt packages in RUNTIME_PACKAGES; a system user `mynakiosk` (home /var/lib/mynakiosk);
# this repository copied to /opt/mynakiosk/src with its own venv /opt/mynakiosk/venv; /etc/mynakiosk/ (settings
# and kiosk.env); /var/lib/mynakiosk/ (outbox, local store, today's receptions, run journal); the unit
# /etc/systemd/system/mynakiosk.service (enabled, graphical.target as default); /etc/pam.d/mynakiosk;
# /etc/systemd/logind.conf.d/mynakiosk.conf (NAutoVTs=0); the command /usr/local/sbin/mynakiosk.
set -euo pipefail
cd "$(dirname "$0")/.."

USER_NAME=mynakiosk
PREFIX=/opt/mynakiosk
WATCHDOG_SEC=10
RUNTIME_PACKAGES=(
  cage pcscd libpcsclite-dev python3 python3-venv python3-dev gcc fonts-noto-cjk
  libwayland-client0 libwayland-cursor0 libwayland-egl1 libxkbcommon0 libegl1 libgl1 libfontconfig1
  libdbus-1-3 libglib2.0-0
  open-jtalk open-jtalk-mecab-naist-jdic espeak-ng alsa-utils  # voice guidance (synthesis and playback)
  tesseract-ocr tesseract-ocr-jpn  # card-front OCR (birth date, expiry, security code)
)

mode=install simulate=0 purge=0 root=""
while [ $# -gt 0 ]; do
  case $1 in
    --simulate) simulate=1 ;;
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    --render) mode=render; root=${2:?--render needs a folder}; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "install-kiosk: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$simulate" -eq 1 ]; then
  # The embedded simulators (card, camera, backend) for demonstrations: F5 places a card, F6 removes it.
  RUN_ARGS="--simulate --fullscreen --no-tester-panel --workdir /var/lib/mynakiosk"
else
  RUN_ARGS="--fullscreen --config /etc/mynakiosk/config.toml"
fi

say() { echo "install-kiosk: $*"; }

render() {  # template -> file under $root, replacing the placeholders
  sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@USER@|$USER_NAME|g" -e "s|@RUN_ARGS@|$RUN_ARGS|g" \
      -e "s|@WATCHDOG_SEC@|$WATCHDOG_SEC|g" "$1"
}

put() {  # put MODE SOURCE_TEXT_FILE DEST: write only when different, so a second run changes nothing
  local mode=$1 from=$2 dest=$root$3
  mkdir -p "$(dirname "$dest")"
  if [ -f "$dest" ] && cmp -s "$from" "$dest"; then
    chmod "$mode" "$dest"
    return
  fi
  install -m "$mode" "$from" "$dest"
  say "wrote $3"
}

write_files() {
  local scratch
  scratch=$(mktemp -d)
  render deploy/mynakiosk.service.in > "$scratch/unit"
  render deploy/kiosk.env.in > "$scratch/env"
  render deploy/mynakiosk.in > "$scratch/command"
  put 0644 "$scratch/unit" /etc/systemd/system/mynakiosk.service
  put 0640 "$scratch/env" /etc/mynakiosk/kiosk.env
  put 0755 "$scratch/command" /usr/local/sbin/mynakiosk
  put 0644 deploy/pam.d-mynakiosk /etc/pam.d/mynakiosk
  put 0644 deploy/logind-mynakiosk.conf /etc/systemd/logind.conf.d/mynakiosk.conf
  rm -r "$scratch"
}

if [ "$mode" = render ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd)
  write_files
  exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "install-kiosk: run as root (sudo)" >&2; exit 1; }

if [ "$mode" = uninstall ]; then
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now mynakiosk.service 2>/dev/null || true
  fi
  rm -f /etc/systemd/system/mynakiosk.service /etc/pam.d/mynakiosk /etc/systemd/logind.conf.d/mynakiosk.conf \
        /usr/local/sbin/mynakiosk
  rm -rf "$PREFIX"
  if [ "$purge" -eq 1 ]; then
    rm -rf /etc/mynakiosk /var/lib/mynakiosk
    id -u "$USER_NAME" >/dev/null 2>&1 && userdel "$USER_NAME"
    say "removed, with settings, data and the user $USER_NAME"
  else
    say "removed; kept /etc/mynakiosk, /var/lib/mynakiosk (outbox, receptions) and the user (--purge deletes them)"
  fi
  [ -d /run/systemd/system ] && systemctl daemon-reload
  exit 0
fi

missing=()
for pkg in "${RUNTIME_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! id -u "$USER_NAME" >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/mynakiosk --no-create-home --shell /usr/sbin/nologin \
          --comment "reception kiosk" "$USER_NAME"
  say "created the system user $USER_NAME"
fi
for group in video render audio input; do
  getent group "$group" >/dev/null && usermod -a -G "$group" "$USER_NAME"
done

# The application from this repository: its tracked files (no .venv, no .git) into a fresh folder that then
# replaces the old one; tar keeps the files' times, so an unchanged source does not reinstall the venv.
mkdir -p "$PREFIX"
rm -rf "$PREFIX/src.new" "$PREFIX/src.old"
mkdir "$PREFIX/src.new"
if git rev-parse --git-dir >/dev/null 2>&1; then
  git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$PREFIX/src.new"
else
  tar --exclude=./.venv --exclude=./.git -cf - . | tar -xf - -C "$PREFIX/src.new"
fi
[ -d "$PREFIX/src" ] && mv "$PREFIX/src" "$PREFIX/src.old"
mv "$PREFIX/src.new" "$PREFIX/src"
rm -rf "$PREFIX/src.old"
stamp=$PREFIX/venv/.installed
# Debian's own python3 (the kiosk's user must be able to run it; a pyenv under /root would not do).
if ! grep -qx "home = /usr/bin" "$PREFIX/venv/pyvenv.cfg" 2>/dev/null; then
  rm -rf "$PREFIX/venv"
  /usr/bin/python3 -m venv "$PREFIX/venv"
fi
if [ ! -f "$stamp" ] || [ -n "$(find "$PREFIX/src" -newer "$stamp" -name '*.py' -print -quit)" ] \
   || [ "$PREFIX/src/pyproject.toml" -nt "$stamp" ]; then
  bash scripts/python-deps.sh "$PREFIX/venv" "$PREFIX/src"
  touch "$stamp"
  say "installed the application into $PREFIX/venv"
fi

install -d -m 0750 -o root -g "$USER_NAME" /etc/mynakiosk
install -d -m 0750 -o "$USER_NAME" -g "$USER_NAME" /var/lib/mynakiosk /var/lib/mynakiosk/cache
write_files
chgrp "$USER_NAME" /etc/mynakiosk/kiosk.env
if [ ! -f /etc/mynakiosk/config.toml ]; then
  "$PREFIX/venv/bin/python" -c "from pathlib import Path; from kiosk.config import KioskSettings, save_settings
save_settings(KioskSettings(), Path('/etc/mynakiosk/config.toml'))"
  chown "$USER_NAME:$USER_NAME" /etc/mynakiosk/config.toml
  chmod 0640 /etc/mynakiosk/config.toml
  say "wrote default settings to /etc/mynakiosk/config.toml (fill in [hardware] for a real kiosk)"
fi

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable mynakiosk.service >/dev/null
  systemctl set-default graphical.target >/dev/null
  say "enabled mynakiosk.service: it starts at the next boot (now: systemctl start mynakiosk)"
else
  say "systemd is not running here (a container?): units written, nothing enabled"
fi
if [ "$simulate" -eq 0 ] && ! runuser -u "$USER_NAME" -- test -s /var/lib/mynakiosk/staff-credential.sqlite3 \
   && ! runuser -u "$USER_NAME" -- test -s /var/lib/mynakiosk/staff-credential.json; then
  say "next: set the maintenance password (the kiosk refuses to start without one):"
  say "  sudo mynakiosk run --set-staff-password"
fi
say "done; 'sudo mynakiosk doctor' shows versions, devices, settings, the outbox and the last errors"
