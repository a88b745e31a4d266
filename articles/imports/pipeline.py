"""Source files -> saved, tagged articles.

Pipeline, per page: read bytes (file, folder member or zip member, see archives.py) -> clean_page ->
tag_sections -> save article, sections and mentions in one transaction -> after commit, update the
search index in batches. A failure in one page never stops the others and never leaves half an article.
The admin's background jobs (jobs.py) call import_page for each page of an upload.
"""

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles.cleaning import CleanPage, clean_page
from articles.cleaning.urls import web_url_or_none
from articles.entities.storage import FoundTags, find_tags, save_tags
from articles.entities.tables import EntityTables, load_entity_tables
from articles.exceptions import ArchiveError, ArticleImportError
from articles.imports.fields import column_size, fit_page_to_columns
from articles.imports.zips import (
    ARCHIVE_SUFFIX,
    PAGE_SUFFIXES,
    PageFile,
    RefusedFile,
    count_pages,
    iter_pages,
)
from articles.models import Article, ImportStatus, Section, SlugRedirect
from articles.search.consistency import find_unindexed_articles
from articles.search.indexing import update_search_index
from articles.settings import describe_size, import_limits
from articles.stories.grouping import group_article, store_fingerprint

logger = logging.getLogger(__name__)

STAGES = ("cleaning", "tagging", "saving", "indexing")
# How often a page's transaction is run again when the database cancelled it for a conflict with
# another import (see is_conflict_with_another_import).
CONFLICT_RETRIES = 10
# The PostgreSQL advisory lock key that serialises saving articles ("news" in ASCII).
ARTICLE_IDENTITY_LOCK = 0x6E657773
# PostgreSQL's SQLSTATE for a value over one of its limits (a search vector past 1 MB, an index row past 2,704 bytes).
PROGRAM_LIMIT_EXCEEDED = "54000"


@dataclass
class ImportResult:
    file: str
    status: ImportStatus
    slug: str = ""
    url: str = ""
    error: str = ""
    # What the admin should know about a page that imported: a value cut or dropped to fit the archive.
    warnings: tuple[str, ...] = ()
    article_id: int | None = None
    # Other articles whose story or first copy changed with this page: their index documents change too.
    regrouped_ids: tuple[int, ...] = ()

    def as_json(self) -> str:
        return json.dumps(
            {
                "file": self.file, "status": self.status, "slug": self.slug, "url": self.url, "error": self.error,
                "warnings": list(self.warnings),
            },
            ensure_ascii=False,
        )


@dataclass(frozen=True)
class PageDefaults:
    """Values for pages that carry none (chosen on the admin's import screen)."""

    source: str = ""
    published: date | None = None


@dataclass
class StageTimings:
    """Seconds spent per pipeline stage, summed over pages (for bench/import.py)."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started


@contextmanager
def _measure(timings: StageTimings | None, stage: str) -> Iterator[None]:
    if timings is None:
        yield
    else:
        with timings.measure(stage):
            yield


def import_paths(
    paths: Iterable[str],
    *,
    on_result: Callable[[ImportResult], None] | None = None,
) -> list[ImportResult]:
    """Import every page under the given files, folders and zips; return one result per page.

    The search index is updated after each batch of committed pages, so a crash leaves the database
    ahead of the index, never the index ahead of the database; the next run indexes the pages it finds
    saved but missing (or stale) in the index.
    """
    _take_sqlite_write_lock_up_front()
    started = timezone.now()
    tables = load_entity_tables()
    batch_size = import_limits().index_batch_size
    results: list[ImportResult] = []
    to_index: list[int] = []
    to_check: list[int] = []  # saved before: indexed unless a killed run left them out
    for item in iter_source_files(paths):
        if isinstance(item, ImportResult):
            result = item
        else:
            result = import_page_isolated(item, tables=tables, since=started)
        results.append(result)
        if result.article_id is not None and result.status in (ImportStatus.CREATED, ImportStatus.UPDATED):
            to_index.append(result.article_id)
            to_index.extend(result.regrouped_ids)
        elif result.article_id is not None and result.status == ImportStatus.UNCHANGED:
            to_check.append(result.article_id)
        if len(to_index) >= batch_size:
            update_search_index(article_ids=to_index)
            to_index = []
        if len(to_check) >= batch_size:
            update_search_index(article_ids=find_unindexed_articles(article_ids=to_check))
            to_check = []
        if on_result:
            on_result(result)
    if to_index:
        update_search_index(article_ids=to_index)
    if to_check:
        update_search_index(article_ids=find_unindexed_articles(article_ids=to_check))
    return results


def _take_sqlite_write_lock_up_front() -> None:
    # Two imports at once on SQLite: a deferred transaction that read first cannot take the write lock
    # once the other committed ("database is locked" at once, no waiting: 379 of 800 pages failed).
    # BEGIN IMMEDIATE takes the lock up front and waits its turn (the OPTIONS timeout). Set on this
    # connection only, as jobs.py does; not inside a transaction (as in tests), where it cannot apply.
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        connection.ensure_connection()  # connecting resets transaction_mode from OPTIONS
        connection.transaction_mode = "IMMEDIATE"


def is_conflict_with_another_import(error: OperationalError) -> bool:
    """Return True when the page's transaction failed only because another import wrote at the same time.

    SQLite: "database is locked" (a writer held the lock past the busy timeout). PostgreSQL: a
    deadlock (40P01; the search engine's shared counts are written by every import) or a
    serialisation failure (40001). The transaction rolled back whole; run again, it commits.
    """
    if connection.vendor == "sqlite":
        return "is locked" in str(error)  # "database is locked", "database table is locked"
    return getattr(error.__cause__, "sqlstate", None) in ("40P01", "40001")


def wait_before_retry(*, name: str, attempt: int) -> None:
    logger.warning("import of %s met another import's writes; attempt %s of %s", name, attempt, CONFLICT_RETRIES)
    time.sleep(0.05 * attempt)


def import_page_isolated(
    item: PageFile, *, tables: EntityTables, defaults: PageDefaults | None = None, since: datetime | None = None
) -> ImportResult:
    """Return import_page's result for one page; an unexpected error becomes a failed result."""
    try:
        for attempt in range(1, CONFLICT_RETRIES):
            try:
                return import_page(item.data, filename=item.name, tables=tables, defaults=defaults, since=since)
            except OperationalError as error:
                if not is_conflict_with_another_import(error) or connection.in_atomic_block:
                    raise
                wait_before_retry(name=item.name, attempt=attempt)
        return import_page(item.data, filename=item.name, tables=tables, defaults=defaults, since=since)
    except Exception:
        # Boundary: one page's unexpected failure (a database error, a bug) must not stop the batch;
        # its transaction has rolled back, so nothing of it is stored.
        logger.exception("import failed unexpectedly: %s", item.name)
        return ImportResult(file=item.name, status=ImportStatus.FAILED, error="Unexpected error while saving; see the server log.")


def count_source_files(paths: Iterable[str]) -> int:
    """Return how many pages import_paths will report on (for a progress bar)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            total += sum(count_pages(p) for p in _walk_pages(path))
        else:
            total += count_pages(path)
    return total


def iter_source_files(paths: Iterable[str]) -> Iterator[PageFile | ImportResult]:
    """Yield each page's bytes, or a failed ImportResult for what cannot be read."""
    limits = import_limits()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = list(_walk_pages(path))
        elif not path.exists():
            yield ImportResult(file=raw, status=ImportStatus.FAILED, error=f"No such file or folder: '{raw}'.")
            continue
        else:
            files = [path]
        for file_path in files:
            for item in iter_pages(file_path, limits=limits):
                if isinstance(item, RefusedFile):
                    yield ImportResult(file=item.name, status=ImportStatus.FAILED, error=item.reason)
                else:
                    yield item


def _walk_pages(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if name.lower().endswith(PAGE_SUFFIXES) or name.lower().endswith(ARCHIVE_SUFFIX):
                yield Path(root) / name


def import_page(
    data: bytes,
    *,
    filename: str,
    tables: EntityTables,
    url: str | None = None,
    defaults: PageDefaults | None = None,
    timings: StageTimings | None = None,
    is_preview: bool = False,
    since: datetime | None = None,
) -> ImportResult:
    """Clean, tag and save one page; return what happened to it. Never raises for bad input.

    A preview saves a new page unpublished and leaves an existing article as it is (UNCHANGED).
    since: when this import run began; an article saved since then came from another file of the run,
    so sharing only its file name does not make this page that article.
    """
    try:
        with _measure(timings, "cleaning"):
            page = clean_page(data, filename=filename, url=url)
        check_article_size(page, filename=filename)
        page, warnings = fit_page_to_columns(_with_defaults(page, defaults))
        with _measure(timings, "tagging"):
            found = find_tags(
                texts=[s.text for s in page.sections],
                tables=tables,
                published=page.published,
                title=page.title,
                headings=[s.heading for s in page.sections],
            )
        with _measure(timings, "saving"):
            result = _save_page(
                page, found=found, data=data, filename=filename, tables=tables, is_preview=is_preview, since=since
            )
        return replace(result, warnings=warnings)
    except ArchiveError as error:
        return ImportResult(file=filename, status=ImportStatus.FAILED, error=str(error))


def check_article_size(page: CleanPage, *, filename: str) -> None:
    """Refuse an article whose cleaned text or section count is over the limits, before tagging and saving it.

    Raises:
        ArticleImportError: the message gives the size, the limit and the setting.
    """
    limits = import_limits()
    if len(page.sections) > limits.max_article_sections:
        raise ArticleImportError(
            f"'{filename}' has {len(page.sections)} sections; the limit is {limits.max_article_sections} "
            "(ARTICLES_MAX_ARTICLE_SECTIONS). Split the page into several files, or raise the setting.",
            path=filename,
        )
    size = sum(len(section.text.encode()) + len((section.heading or "").encode()) for section in page.sections)
    if size > limits.max_article_text_bytes:
        raise ArticleImportError(
            f"'{filename}' has {describe_size(size)} of article text; the limit is {describe_size(limits.max_article_text_bytes)} "
            "(ARTICLES_MAX_ARTICLE_TEXT_BYTES). Split the page into several files, or raise the setting.",
            path=filename,
        )


def _with_defaults(page: CleanPage, defaults: PageDefaults | None) -> CleanPage:
    if defaults is None:
        return page
    return replace(
        page,
        source=page.source or defaults.source,
        published=page.published or defaults.published,
    )


def content_hash(page: CleanPage) -> str:
    """Return a SHA-256 over everything of the page that the archive stores."""
    digest = hashlib.sha256()
    for part in (page.title, str(page.published or ""), page.source, page.url or ""):
        digest.update(part.encode() + b"\x00")
    for section in page.sections:
        digest.update((section.heading or "").encode() + b"\x01" + section.text.encode() + b"\x02")
    return digest.hexdigest()


def text_hash(page: CleanPage) -> str:
    """Return a SHA-256 of the cleaned section text alone: the same article under another URL or file."""
    # Same formula as the 0003 migration's fill_text_hashes.
    return hashlib.sha256("\x02".join(section.text for section in page.sections).encode()).hexdigest()


def _find_existing(
    page: CleanPage, *, digest: str, body_digest: str, source_name: str, since: datetime | None
) -> Article | None:
    # Same cleaned content first (the same page from another file), then the same canonical URL,
    # then the same cleaned text (another URL or site chrome), then the same file name. A file name
    # is only a base name (index.html is common), so it does not join a page to an article with
    # another canonical URL, nor to one this run saved from another file (two folders' index.html).
    # One query for all four (each column is indexed); the order of preference is applied here.
    condition = Q(content_hash=digest) | Q(text_hash=body_digest) | Q(source_name=source_name)
    if page.url:
        condition |= Q(url=page.url)
    candidates = list(Article.objects.filter(condition).order_by("pk")[:20])
    preferences = (
        lambda a: a.content_hash == digest,
        lambda a: bool(page.url) and a.url == page.url,
        lambda a: a.text_hash == body_digest,
        lambda a: (
            a.source_name == source_name
            and not (page.url and a.url and a.url != page.url)
            and not (since and a.updated >= since)
        ),
    )
    for is_match in preferences:
        for candidate in candidates:
            if is_match(candidate):
                return candidate
    return None


def _save_page(
    page: CleanPage,
    *,
    found: FoundTags,
    data: bytes,
    filename: str,
    tables: EntityTables,
    is_preview: bool = False,
    since: datetime | None = None,
) -> ImportResult:
    try:
        return _save_page_at_once(
            page, found=found, data=data, filename=filename, tables=tables, is_preview=is_preview, since=since
        )
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != PROGRAM_LIMIT_EXCEEDED:
            raise
        raise ArticleImportError(_database_limit_message(error, filename=filename), path=filename) from error


def _database_limit_message(error: OperationalError, *, filename: str) -> str:
    if "tsvector" in str(error):
        # PostgreSQL's text search vector of one article holds at most 1 MB of distinct words and positions.
        return (
            f"'{filename}' has too many different words for the PostgreSQL search index ({error}); "
            "split the page into several files."
        )
    return f"'{filename}' is over a PostgreSQL limit ({error}); split the page into several files."


def _save_page_at_once(
    page: CleanPage,
    *,
    found: FoundTags,
    data: bytes,
    filename: str,
    tables: EntityTables,
    is_preview: bool,
    since: datetime | None,
) -> ImportResult:
    digest = content_hash(page)
    body_digest = text_hash(page)
    # Cut to the column before the lookup: a zip member's name may be longer than the column
    # holds, and a re-import must find the article by the name as it was stored.
    source_name = PurePosixPath(filename).name[: column_size(Article, "source_name")]
    with transaction.atomic():
        _lock_article_identities()
        article = _find_existing(page, digest=digest, body_digest=body_digest, source_name=source_name, since=since)
        # A preview never changes what readers see: a page already in the archive stays as it is.
        if article is not None and (article.content_hash == digest or (is_preview and article.is_published)):
            return ImportResult(
                file=filename, status=ImportStatus.UNCHANGED, slug=article.slug, url=article.get_absolute_url(), article_id=article.pk
            )
        status = ImportStatus.UPDATED if article else ImportStatus.CREATED
        is_new = article is None
        if article is None:
            article = Article(slug=_unique_article_slug(page.title), is_published=not is_preview)
        article.title = page.title
        article.published = page.published
        article.source = page.source
        article.url = web_url_or_none(page.url) or article.url or ""
        article.source_name = source_name
        article.content_hash = digest
        article.text_hash = body_digest
        article.raw_file = _store_raw_file(data, filename=filename)
        article.save()
        if not is_new:
            article.sections.all().delete()
        sections = Section.objects.bulk_create([
            Section(article=article, position=i, heading=s.heading or "", anchor=anchor, text=s.text)
            for i, (s, anchor) in enumerate(zip(page.sections, _section_anchors(page)))
        ])
        save_tags(article=article, sections=sections, found=found, tables=tables, is_new=is_new)
        fingerprint = store_fingerprint(article=article, texts=[s.text for s in page.sections], is_new=is_new)
        regrouped = group_article(article=article, fingerprint=fingerprint) - {article.pk}
    logger.info("import %s %s -> %s", status, filename, article.slug)
    return ImportResult(
        file=filename, status=status, slug=article.slug, url=article.get_absolute_url(), article_id=article.pk,
        regrouped_ids=tuple(sorted(regrouped)),
    )


def _lock_article_identities() -> None:
    """Hold, until the transaction ends, the right to find-or-create articles: two imports of one page at
    once must end with one article, and two new titles must not both take one free slug.

    PostgreSQL: a transaction-level advisory lock (two CLI runs made 8 duplicates without it). SQLite
    needs nothing here: imports begin their transactions IMMEDIATE (import_paths; jobs.py for the
    worker), which takes the database's write lock before _find_existing reads.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ARTICLE_IDENTITY_LOCK])


def _section_anchors(page: CleanPage) -> list[str]:
    anchors: list[str] = []
    for section in page.sections:
        base = slugify(section.heading)[:100] if section.heading else "intro"
        anchor, n = base or "section", 2
        while anchor in anchors:
            anchor, n = f"{base}-{n}", n + 1
        anchors.append(anchor)
    return anchors


def _unique_article_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "article"
    slug, n = base, 2
    # A former slug stays reserved: its permalink keeps redirecting to the article that had it.
    while Article.objects.filter(slug=slug).exists() or SlugRedirect.objects.filter(old_slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _store_raw_file(data: bytes, *, filename: str) -> str:
    # Named by content, so re-importing the same bytes reuses one file.
    suffix = "".join(PurePosixPath(filename).suffixes[-2:])[:20] or ".bin"
    name = f"raw/{hashlib.sha256(data).hexdigest()[:32]}{suffix}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name
