"""The import queue: huey with SQLite storage, carrying batch ids to jobs.run_import_batch.

Why huey (README, "Import jobs"): one consumer process with worker threads and no server; its queue
is a SQLite file beside the database. Messages carry only a batch id; the database holds the state,
so a message lost with a killed worker is re-sent by the worker command when it starts again.
"""

from functools import cache
from pathlib import Path

from django.db import close_old_connections, connection
from huey import SqliteHuey

from articles.settings import queue_file

QUEUE_NAME = "newsindex-imports"


@cache
def get_queue() -> SqliteHuey:
    """Return the process's huey queue with its task registered (created on first use, settings read then)."""
    filename = Path(queue_file())
    filename.parent.mkdir(parents=True, exist_ok=True)
    queue = SqliteHuey(QUEUE_NAME, filename=str(filename), results=False)
    queue.run_import_batch = queue.task(name="run_import_batch")(_run_import_batch_task)
    return queue


def enqueue_import_batch(*, batch_id: int) -> None:
    """Put a batch on the queue (in immediate mode, as in tests, run it now)."""
    get_queue().run_import_batch(batch_id)


def _run_import_batch_task(batch_id: int) -> None:
    from articles.imports.jobs import run_import_batch

    # Worker threads outlive requests: drop connections the database may have closed meanwhile.
    # Not inside a transaction: that is immediate mode running in the caller's (a test's) transaction.
    is_own_connection = not connection.in_atomic_block
    if is_own_connection:
        close_old_connections()
    try:
        run_import_batch(batch_id=batch_id)
    finally:
        if is_own_connection:
            close_old_connections()
