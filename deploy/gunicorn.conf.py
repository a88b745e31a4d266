"""gunicorn settings from the environment: `gunicorn -c deploy/gunicorn.conf.py newsindex.wsgi`.

WEB_CONCURRENCY worker processes (default 2; about 2 per core, each holds its own Whoosh searchers),
GUNICORN_THREADS threads each (default 4: requests mostly wait on the database and the index),
listening on GUNICORN_BIND (default 0.0.0.0:$PORT, PORT default 8000).
"""

import os

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT') or 8000}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
# newsindex.requests already logs every request as a JSON line (newsindex/logs.py).
accesslog = None
errorlog = "-"
# No preload_app: each worker opens its own database connections and Whoosh files after the fork.
preload_app = False
