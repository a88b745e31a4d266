#!/usr/bin/env bash
# Run the whole test suite. Creates .venv and installs requirements-test.txt (requirements.txt + test-only) on first use.
# Uses DATABASE_URL when set (PostgreSQL), SQLite otherwise. Browser tests need /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
exec .venv/bin/python -m pytest "$@"
