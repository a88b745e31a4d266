"""Import batches from the admin: store the upload, run it as a resumable job, report on it.

A job (run_import_batch) has three stages:
1. scan: list every page of the uploaded files (archives.iter_pages, in its fixed order) as
   ImportFile rows, refused members already failed with their reason; one transaction;
2. catch up: write to the search index the pages a killed run committed but had not indexed yet;
3. import: each pending page in its own transaction, together with its ImportFile row, so a page is
   either fully saved and marked done or not at all; the index is written after each commit batch.
Killing the worker at any point loses at most the index writes of the last batch, which stage 2 of
the next run redoes. The queue (tasks.py) only carries batch ids; the database holds the state.
"""

import csv
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from articles.entities.tables import load_entity_tables
from articles.exceptions import ArchiveError
from articles.imports.pipeline import (
    CONFLICT_RETRIES,
    ImportResult,
    PageDefaults,
    StageTimings,
    import_page,
    is_conflict_with_another_import,
    wait_before_retry,
)
from articles.imports.zips import PageFile, RefusedFile, iter_pages, save_upload
from articles.models import BatchStatus, ImportBatch, ImportFile, ImportStatus
from articles.search.indexing import update_search_index
from articles.settings import describe_size, import_limits

logger = logging.getLogger(__name__)

UPLOAD_FOLDER = "imports"
# Switching SQLite to write-ahead logging is tried this often while another connection is busy.
WAL_SWITCH_ATTEMPTS = 10
CSV_COLUMNS = ("position", "file", "status", "error", "warnings", "article", "url", "finished")


class UploadRefusedError(ArchiveError):
    """An upload refused as a whole (too large, no files)."""

    def __init__(self, message: str, *, name: str):
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class BatchProgress:
    done: int
    total: int
    counts: dict[str, int]
    pages_per_second: float | None
    seconds_left: float | None
    status: str

    def as_dict(self) -> dict:
        return {
            "done": self.done, "total": self.total, "counts": self.counts, "status": self.status,
            "pages_per_second": self.pages_per_second, "seconds_left": self.seconds_left,
        }


def check_upload_sizes(*, sizes: dict[str, int]) -> None:
    """Check the files of one upload against the size limits.

    Raises:
        UploadRefusedError: no file, or a file or the whole upload over its limit.
    """
    limits = import_limits()
    if not sizes:
        raise UploadRefusedError("No file was uploaded; choose one or more pages or .zip archives.", name="")
    total = sum(sizes.values())
    if total > limits.max_upload_bytes:
        raise UploadRefusedError(
            f"The upload is {describe_size(total)}; at most {describe_size(limits.max_upload_bytes)} "
            "per upload (ARTICLES_MAX_UPLOAD_BYTES). Upload the files in several parts.",
            name="",
        )
    for name, size in sizes.items():
        is_archive = name.lower().endswith(".zip")
        if not is_archive and size > limits.max_page_bytes:
            raise UploadRefusedError(
                f"'{name}' is {describe_size(size)}; a page may be at most {describe_size(limits.max_page_bytes)} "
                "(ARTICLES_MAX_PAGE_BYTES). Remove it from the upload.",
                name=name,
            )


def create_import_batch(
    *, files: Iterable, user=None, defaults: PageDefaults | None = None, is_preview: bool = False
) -> ImportBatch:
    """Store uploaded files (objects with .name, .size and .chunks(), e.g. UploadedFile) as a queued batch.

    A preview batch saves its new pages unpublished, for an admin to check and publish (preview.py).

    Raises:
        UploadRefusedError: see check_upload_sizes.
    """
    defaults = defaults or PageDefaults()
    files = list(files)
    check_upload_sizes(sizes={f.name: f.size for f in files})
    batch = ImportBatch.objects.create(
        created_by=user if user is not None and user.is_authenticated else None,
        default_source=defaults.source[:200],
        default_published=defaults.published,
        is_preview=is_preview,
    )
    uploads = []
    for number, uploaded in enumerate(files, start=1):
        # The stored name is ours: the client's name is kept for display only (no path from it is used).
        display_name = PurePosixPath(uploaded.name.replace("\\", "/")).name or f"upload-{number}"
        relative = f"{UPLOAD_FOLDER}/{batch.pk}/{number:03d}-{get_valid_filename(display_name)[:100]}"
        size = save_upload(_ChunkReader(uploaded), Path(settings.MEDIA_ROOT) / relative)
        uploads.append({"name": display_name, "path": relative, "size": size})
    batch.uploads = uploads
    batch.save(update_fields=["uploads"])
    return batch


class _ChunkReader:
    """A file-like read() over an UploadedFile's chunks (spooled to disk by Django past 2.5 MB)."""

    def __init__(self, uploaded):
        self._chunks = uploaded.chunks()
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


def run_import_batch(*, batch_id: int, timings: StageTimings | None = None) -> ImportBatch | None:
    """Run (or resume) a batch's job; return the batch, or None when another run holds it."""
    token = uuid.uuid4().hex
    claimed = ImportBatch.objects.filter(pk=batch_id, worker="").exclude(status=BatchStatus.DONE).update(
        worker=token, status=BatchStatus.RUNNING
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.get(pk=batch_id)
    logger.info("import batch %s started", batch_id)
    try:
        _run_claimed_batch(batch, timings=timings)
    except Exception as error:
        # Boundary: a job's unexpected failure is recorded on the batch for the admin, not lost in a log.
        logger.exception("import batch %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED, worker="", finished=timezone.now(), error=f"The job stopped: {error}"
        )
        raise
    ImportBatch.objects.filter(pk=batch_id).update(status=BatchStatus.DONE, worker="", finished=timezone.now())
    batch.refresh_from_db()
    logger.info("import batch %s done: %s", batch_id, batch_progress(batch=batch).counts)
    return batch


def _run_claimed_batch(batch: ImportBatch, *, timings: StageTimings | None) -> None:
    limits = import_limits()
    _tune_database_for_many_commits()
    if not batch.is_scanned:
        _scan_batch(batch)
    done = batch.files.exclude(status=ImportStatus.PENDING).count()
    ImportBatch.objects.filter(pk=batch.pk).update(started=timezone.now(), done_at_start=done, finished=None, error="")
    _index_files(batch.files.filter(status__in=(ImportStatus.CREATED, ImportStatus.UPDATED), is_indexed=False), timings=timings)
    pending = dict(batch.files.filter(status=ImportStatus.PENDING).values_list("position", "pk"))
    if not pending:
        return
    # Rows fresh from the database: a leader deleted and entered again has a new id. The compiled
    # tagger is what costs, and build_tagger reuses it while the gazetteer's value is unchanged.
    tables = load_entity_tables()
    defaults = PageDefaults(source=batch.default_source, published=batch.default_published)
    to_index: list[int] = []
    regrouped: set[int] = set()
    for position, item in enumerate(_iter_batch_pages(batch)):
        row_pk = pending.get(position)
        if row_pk is None:
            continue
        if isinstance(item, RefusedFile):
            _record_result(row_pk, ImportResult(file=item.name, status=ImportStatus.FAILED, error=item.reason))
            continue
        result = _import_row(
            row_pk, item, tables=tables, defaults=defaults, timings=timings, is_preview=batch.is_preview, since=batch.created
        )
        if result.status in (ImportStatus.CREATED, ImportStatus.UPDATED):
            to_index.append(row_pk)
            regrouped.update(result.regrouped_ids)
        if len(to_index) >= limits.index_batch_size:
            _index_files(ImportFile.objects.filter(pk__in=to_index), timings=timings, also=regrouped)
            to_index, regrouped = [], set()
    _index_files(ImportFile.objects.filter(pk__in=to_index), timings=timings, also=regrouped)


def _tune_database_for_many_commits() -> None:
    # One transaction per page means thousands of commits, and each waits for an fsync by default
    # (~20 ms here). On PostgreSQL, synchronous_commit=off for this connection: every commit stays
    # atomic, and a killed worker loses nothing (the server has the commit); only a crash of the
    # database server itself can lose the last fraction of a second of pages (with their report rows,
    # so they import again on resume; check_index --repair drops any index document written for them).
    if connection.in_atomic_block:
        return  # settings cannot change inside a transaction (as in tests); the job then runs untuned
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
        return
    if connection.vendor != "sqlite":
        return
    # SQLite: WAL with synchronous=NORMAL, the same trade-off, and readers (the progress page) read
    # while the job writes. journal_mode is stored in the database file; synchronous is per connection.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0] != "wal":
            _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
    # Two batches at once: a deferred transaction that read first cannot take the write lock once the
    # other committed (SQLITE_BUSY at once, no waiting). BEGIN IMMEDIATE takes the lock up front and waits
    # its turn (Django's OPTIONS["transaction_mode"], set on this connection only, for this job).
    connection.transaction_mode = "IMMEDIATE"


def _switch_to_wal(cursor) -> None:
    # Switching the journal mode needs the database to itself, and SQLite answers "locked" at once,
    # without its busy timeout, while another connection (the worker's other thread starting its own
    # batch) is in a transaction. The switch is only a speed-up, so a batch never fails for it.
    for attempt in range(1, WAL_SWITCH_ATTEMPTS + 1):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.05 * attempt)
    logger.warning("SQLite stayed busy; this batch runs without write-ahead logging")


def _iter_batch_pages(batch: ImportBatch):
    limits = import_limits()
    for upload in batch.uploads:
        yield from iter_pages(Path(settings.MEDIA_ROOT) / upload["path"], name=upload["name"], limits=limits)


def _scan_batch(batch: ImportBatch) -> None:
    rows = []
    for position, item in enumerate(_iter_batch_pages(batch)):
        row = ImportFile(batch=batch, position=position, name=item.name[:1000])
        if isinstance(item, RefusedFile):
            row.status, row.error, row.finished = ImportStatus.FAILED, item.reason, timezone.now()
        rows.append(row)
    with transaction.atomic():
        batch.files.all().delete()
        ImportFile.objects.bulk_create(rows, batch_size=500)
        ImportBatch.objects.filter(pk=batch.pk).update(is_scanned=True, total=len(rows))
    batch.refresh_from_db()


def _import_row(
    row_pk: int, item: PageFile, *, tables, defaults: PageDefaults, timings, is_preview: bool, since: datetime
) -> ImportResult:
    for attempt in range(1, CONFLICT_RETRIES + 1):
        try:
            before = dict(timings.seconds) if timings else {}
            started = time.perf_counter()
            with transaction.atomic():
                result = import_page(
                    item.data, filename=item.name, tables=tables, defaults=defaults, timings=timings, is_preview=is_preview,
                    since=since,
                )
                _record_result(row_pk, result)
            if timings:
                # "saving" is the whole transaction, its commit and the report row included.
                cleaning_and_tagging = sum(timings.seconds[s] - before[s] for s in ("cleaning", "tagging"))
                timings.seconds["saving"] = before["saving"] + time.perf_counter() - started - cleaning_and_tagging
            return result
        except OperationalError as error:
            if not is_conflict_with_another_import(error) or attempt == CONFLICT_RETRIES:
                return _record_unexpected_failure(row_pk, item.name)
            wait_before_retry(name=item.name, attempt=attempt)
        except Exception:
            return _record_unexpected_failure(row_pk, item.name)
    raise AssertionError("unreachable")


def _record_unexpected_failure(row_pk: int, name: str) -> ImportResult:
    # Boundary: one page's unexpected error (a database error, a bug) must not stop the batch; its
    # transaction rolled back, so nothing of it is stored.
    logger.exception("import failed unexpectedly: %s", name)
    result = ImportResult(file=name, status=ImportStatus.FAILED, error="Unexpected error while saving; see the worker log.")
    _record_result(row_pk, result)
    return result


def _record_result(row_pk: int, result: ImportResult) -> None:
    ImportFile.objects.filter(pk=row_pk).update(
        status=result.status, error=result.error, warnings="\n".join(result.warnings), article_id=result.article_id,
        finished=timezone.now(),
    )


def _index_files(rows, *, timings: StageTimings | None, also: Iterable[int] = ()) -> None:
    # also: other articles whose story changed with these pages (a copy that is no longer the first).
    pairs = list(rows.values_list("pk", "article_id"))
    if not pairs:
        return
    started = time.perf_counter()
    update_search_index(article_ids=[article_id for _, article_id in pairs if article_id is not None] + sorted(also))
    ImportFile.objects.filter(pk__in=[pk for pk, _ in pairs]).update(is_indexed=True)
    if timings is not None:
        timings.seconds["indexing"] += time.perf_counter() - started


def retry_failed_files(*, batch: ImportBatch, user=None) -> int:
    """Set the batch's failed pages back to pending and queue it again; return how many.

    Raises:
        UploadRefusedError: the batch's job is still running.
    """
    if batch.worker:
        raise UploadRefusedError(f"Import #{batch.pk} is still running; retry once it has finished.", name=str(batch.pk))
    with transaction.atomic():
        count = batch.files.filter(status=ImportStatus.FAILED).update(
            status=ImportStatus.PENDING, error="", warnings="", finished=None
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.QUEUED, retried=timezone.now(), retried_by=user if user and user.is_authenticated else None
        )
    return count


def unfinished_batch_ids() -> list[int]:
    """Release every batch a dead worker held and return the ids of those not done, oldest first.

    Call only when no worker is running (the worker command does, before it starts consuming).
    """
    ImportBatch.objects.exclude(worker="").update(worker="")
    return list(
        ImportBatch.objects.filter(status__in=(BatchStatus.QUEUED, BatchStatus.RUNNING)).order_by("pk").values_list("pk", flat=True)
    )


def batch_progress(*, batch: ImportBatch) -> BatchProgress:
    """Return pages done / total, counts per status, the current run's rate and time left."""
    counts = dict.fromkeys((ImportStatus.CREATED, ImportStatus.UPDATED, ImportStatus.UNCHANGED, ImportStatus.FAILED, ImportStatus.PENDING), 0)
    for status, count in _status_counts(batch):
        counts[status] = count
    total = batch.total if batch.is_scanned else 0
    done = total - counts[ImportStatus.PENDING]
    rate = seconds_left = None
    if batch.started and batch.status == BatchStatus.RUNNING:
        elapsed = (timezone.now() - batch.started).total_seconds()
        done_this_run = done - batch.done_at_start
        if elapsed > 0 and done_this_run > 0:
            rate = round(done_this_run / elapsed, 1)
            seconds_left = round((total - done) / (done_this_run / elapsed))
    elif batch.started and batch.finished and batch.status == BatchStatus.DONE:
        elapsed = (batch.finished - batch.started).total_seconds()
        if elapsed > 0:
            rate = round((done - batch.done_at_start) / elapsed, 1)
    return BatchProgress(done=done, total=total, counts=counts, pages_per_second=rate, seconds_left=seconds_left, status=batch.status)


def _status_counts(batch: ImportBatch):
    from django.db.models import Count

    return batch.files.values_list("status").annotate(n=Count("pk")).values_list("status", "n")


def write_batch_csv(*, batch: ImportBatch, stream, site_url: str = "") -> None:
    """Write the batch's per-page report as CSV (one row per page) to a text stream."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for row in batch.files.select_related("article").order_by("position"):
        article = row.article
        writer.writerow([
            row.position,
            _csv_safe(row.name),
            row.status,
            _csv_safe(row.error),
            _csv_safe(row.warnings),
            article.slug if article else "",
            f"{site_url}{article.get_absolute_url()}" if article else "",
            row.finished.isoformat() if row.finished else "",
        ])


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV injection);
    # file names and error texts come from the upload, so they are neutralised.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
