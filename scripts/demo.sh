#!/usr/bin/env bash
# Set up everything on a fresh machine and serve the demo archive at http://127.0.0.1:8000/
# venv + requirements, migrate (loads the gazetteer), import demo/pages (cleans, tags and builds the
# search index; a re-run reports every page "unchanged"), start the import worker (the admin's
# "Import pages" jobs; it resumes any batch left unfinished) beside the web server, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
mkdir -p var
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py import_pages demo/pages
.venv/bin/python manage.py run_import_worker &
worker_pid=$!
# Stop the worker with the server (Ctrl-C or any exit); a batch it was running resumes on the next start.
trap 'kill "$worker_pid" 2>/dev/null || true' EXIT
echo "Serving on http://127.0.0.1:${PORT:-8000}/  (admin: python manage.py createsuperuser, then /admin/)"
DEBUG=${DEBUG:-1} .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
