#!/usr/bin/env bash
# Idempotent set-up: system packages (Debian), the virtualenv from the lock, and for tests Chromium
# and the npm packages. Usage: scripts/setup.sh site|test
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-site}"

# Debian packages. WeasyPrint needs Pango and fontconfig; PDFs need a CJK font.
site_pkgs=(fontconfig fonts-wqy-microhei libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
test_pkgs=(chromium)

missing=()
want=("${site_pkgs[@]}")
[ "$what" = test ] && want+=("${test_pkgs[@]}")
command -v npm >/dev/null 2>&1 || { [ "$what" = test ] && want+=(npm); }
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then want+=(python3-venv); fi
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else
    echo "setup: need root (or sudo) to run: apt-get install ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' || {
  echo "setup: Python 3.11 is required (found $("$PY" --version))" >&2; exit 1; }

lock=requirements.lock
[ "$what" = test ] && lock=requirements-test.lock
hash=$(cat requirements.lock requirements-test.lock | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
if [ ! -f ".venv/.stamp-$hash-test" ] && [ ! -f ".venv/.stamp-$hash-$what" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$lock"
  touch ".venv/.stamp-$hash-$what"
fi

if [ "$what" = test ]; then
  # axe-core (accessibility checks) and iframe-worker (offline search shim), exact versions from package-lock.json
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.wq-lock; then
    npm ci --no-audit --no-fund --silent
    cp package-lock.json node_modules/.wq-lock
  fi
  [ -x /usr/bin/chromium ] || { echo "setup: /usr/bin/chromium missing after install" >&2; exit 1; }
fi
