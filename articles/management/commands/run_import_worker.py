"""python manage.py run_import_worker [--workers N]"""

from django.core.management.base import BaseCommand

from articles.imports.jobs import unfinished_batch_ids
from articles.imports.queue import enqueue_import_batch, get_queue


class Command(BaseCommand):
    help = (
        "Run the import queue's worker (huey consumer). On start it re-queues every batch a stopped or killed "
        "worker left unfinished, which then resumes where it stopped. Run one worker per machine."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers", type=int, default=2, help="Threads, i.e. batches imported at the same time (default 2)."
        )

    def handle(self, *args, workers, **options):
        queue = get_queue()
        for batch_id in unfinished_batch_ids():
            enqueue_import_batch(batch_id=batch_id)
            self.stdout.write(f"Re-queued import #{batch_id}.")
        # max_delay: an idle worker polls the queue file at least once a second, so an upload starts at once.
        consumer = queue.create_consumer(workers=workers, worker_type="thread", periodic=False, max_delay=1.0)
        self.stdout.write(f"Import worker running with {workers} thread(s); queue {queue.storage.filename}.")
        self.stdout.flush()
        consumer.run()
