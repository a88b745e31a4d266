#!/usr/bin/env bash
# Set up everything on a fresh machine and serve the demo archive at http://127.0.0.1:8000/
# venv + requirements, migrate (loads the gazetteer), import demo/pages (cleans, tags and builds the
# search index; a re-run reports every page "unchanged"), serve.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
mkdir -p var
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py import_pages demo/pages
echo "Serving on http://127.0.0.1:${PORT:-8000}/  (admin: python manage.py createsuperuser, then /admin/)"
DEBUG=${DEBUG:-1} exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
