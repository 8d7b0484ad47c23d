#!/usr/bin/env bash
# Install the app's dependencies into .venv and run it on the embedded DuckDB database.
# Usage: bash scripts/run.sh [extra streamlit options, e.g. --server.port 8502]
set -euo pipefail
cd "$(dirname "$0")/.."

# PDF exports embed DejaVu Sans (Debian's fonts-dejavu-core); everything else works without it.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
  else
    echo "Note: PDF exports need the DejaVu fonts: sudo apt-get install fonts-dejavu-core" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
# Builds data/igm_local.duckdb (or $IGM_DB_PATH) from the bundled files; a no-op when up to date.
.venv/bin/python -m indicators init-db
exec .venv/bin/python -m streamlit run app.py "$@"
