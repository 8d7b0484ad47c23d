#!/usr/bin/env bash
# Install everything the tests need (Debian's Chromium and PostgreSQL, Python packages) and run lint
# and all tests.
# The same script is CI's (.ci/run). Any failing step fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium for the browser tests, DejaVu fonts for readable screenshots, nginx for
# the reverse-proxy test of deploy/nginx.conf, PostgreSQL for the shared-database tests (they start a
# throwaway server of their own; the package's own cluster service is not needed).
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
if [ "${CI:-}" = "true" ] || [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core nginx postgresql >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

.venv/bin/ruff check .
.venv/bin/ruff format --check .
mkdir -p artifacts
CI=true .venv/bin/python -m pytest "$@"
