#!/usr/bin/env bash
# Set up a fresh Debian machine for Show-Me Records:
#   1. the Debian packages WeasyPrint needs (and, with --dev, the test tools), when missing;
#   2. a virtualenv in .venv with the pinned Python packages.
# Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# libharfbuzz-subset0: without it WeasyPrint silently falls back to a subsetter about 3x slower.
# fonts-wqy-microhei: the fallback font for Chinese, Japanese and Korean names, which DejaVu
# lacks (records/pdf.py FALLBACK_FAMILY); about 5 MB installed.
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-wqy-microhei)
# poppler-utils gives pdftotext/pdftoppm for checking PDFs; chromium drives the browser
# tests; wrk is the load generator for `make bench`; the serving tests start their own
# redis-server to share rate limits between gunicorn workers; postgresql gives the
# initdb and pg_ctl with which the database tests start a throwaway server of their own
# (tests/postgres.py), so every run proves PostgreSQL as well as SQLite.
((dev)) && want+=(poppler-utils chromium wrk redis-server postgresql)

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
req=requirements.txt
((dev)) && req=requirements-dev.txt
# uv installs the same pinned packages in seconds where pip takes about half a minute on a
# fresh clone; pip stays the fallback if uv cannot be had.
if [ -x .venv/bin/uv ] || .venv/bin/pip install -q --disable-pip-version-check uv==0.13.9; then
  .venv/bin/uv pip install -q --python .venv/bin/python -r "$req"
else
  .venv/bin/pip install -q --disable-pip-version-check -r "$req"
fi
