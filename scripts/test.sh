#!/usr/bin/env bash
# Run the whole test suite. Creates .venv and installs requirements-test.txt (the runtime requirements and the
# test tools) on first use. Arguments go to pytest, e.g. -m "not browser and not slow" for the fast subset.
# Uses DATABASE_URL when set (PostgreSQL), SQLite otherwise. Browser tests need /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
exec .venv/bin/python -m pytest "$@"
