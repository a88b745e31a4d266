"""gunicorn settings from the environment: `gunicorn -c deploy/gunicorn.conf.py newsindex.wsgi`.

WEB_CONCURRENCY worker processes (default 2: one per core of a two-core machine; each holds one Whoosh
searcher, shared by its threads), GUNICORN_THREADS threads each (default 2), listening on GUNICORN_BIND
(default 0.0.0.0:$PORT, PORT default 8000).

Threads: Python runs one at a time, so a second thread only overlaps a request's database waits with
another's work. Measured with bench/worker_memory.py at 20,000 articles (one worker, 200 searches;
docs/performance.md, "A worker's memory"): on a quiet machine 1, 2 and 4 threads answered 32.0, 31.2
and 29.4 requests/s in 112, 123 and 143 MiB; on a busy one (load 8) 7.3, 9.3 and 9.1 requests/s.
At 100,000 articles: 153, 201 and 300 MiB, 17.2, 14.3 and 13.2 requests/s. Threads never added
throughput; the second one keeps a worker answering health checks and article pages while a long
search or a slow database holds the first. Processes, not threads, use more cores.
"""

import os

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT') or 8000}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
# newsindex.requests already logs every request as a JSON line (newsindex/logs.py).
accesslog = None
errorlog = "-"
# No preload_app: each worker opens its own database connections and Whoosh files after the fork.
preload_app = False
