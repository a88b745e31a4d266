#!/usr/bin/env bash
# Run the whole test suite. Creates .venv and installs requirements-test.txt (the runtime requirements and the
# test tools) on first use. Arguments go to pytest, e.g. -m "not browser and not slow" for the fast subset.
# Uses DATABASE_URL when set (PostgreSQL), SQLite otherwise. Browser tests need /usr/bin/chromium.
# Tests run on one process per core (pytest-xdist; TEST_WORKERS=0, or -n 0 in the arguments, runs them in this process).
# "--dist load" hands tests out in pytest-django's order, so on each process the tests that flush the database
# (transactional ones, live servers) run after every test that reads the gazetteer the migrations seeded;
# "--dist loadfile" would hand out whole files and run some of those after a flush.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" --dist load "$@"
