"""Source files -> saved, tagged articles.

Pipeline, per page: read bytes (file, folder member or zip member) -> clean_page -> tag_sections ->
save article, sections and mentions in one transaction -> after commit, update the search index
in batches. A failure in one page never stops the others and never leaves half an article.
"""

import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from articles.cleaning import CleanPage, clean_page
from articles.entities import EntityTables, load_entity_tables
from articles.exceptions import ArchiveError
from articles.models import Article, CountryMention, LeaderMention, Section, TopicMention
from articles.search.indexing import update_search_index
from articles.tagging import tag_sections

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".html.gz", ".htm.gz", ".txt.gz", ".gz")
ARCHIVE_SUFFIX = ".zip"
# One news page is rarely above 2 MB; 20 MB leaves room for inline images while refusing dumps.
MAX_PAGE_BYTES = 20 * 1024 * 1024
# A zip member expanding more than this ratio is treated as a zip bomb.
MAX_ZIP_RATIO = 100
INDEX_BATCH_SIZE = 200


@dataclass
class SourceFile:
    name: str  # path as given, or "archive.zip/member.html"
    data: bytes


@dataclass
class ImportResult:
    file: str
    status: str  # created | updated | unchanged | failed
    slug: str = ""
    url: str = ""
    error: str = ""
    article_id: int | None = None

    def as_json(self) -> str:
        return json.dumps(
            {"file": self.file, "status": self.status, "slug": self.slug, "url": self.url, "error": self.error},
            ensure_ascii=False,
        )


def import_paths(
    paths: Iterable[str],
    *,
    on_result: Callable[[ImportResult], None] | None = None,
) -> list[ImportResult]:
    """Import every page under the given files, folders and zips; return one result per page.

    The search index is updated after each batch of committed pages, so a crash leaves the database
    ahead of the index (repairable with rebuild_index), never the index ahead of the database.
    """
    tables = load_entity_tables()
    results: list[ImportResult] = []
    to_index: list[int] = []
    for item in iter_source_files(paths):
        if isinstance(item, ImportResult):
            result = item
        else:
            result = _import_isolated(item, tables=tables)
        results.append(result)
        if result.article_id is not None and result.status in ("created", "updated"):
            to_index.append(result.article_id)
        if len(to_index) >= INDEX_BATCH_SIZE:
            update_search_index(article_ids=to_index)
            to_index = []
        if on_result:
            on_result(result)
    if to_index:
        update_search_index(article_ids=to_index)
    return results


def _import_isolated(item: SourceFile, *, tables: EntityTables) -> ImportResult:
    try:
        return import_page(item.data, filename=item.name, tables=tables)
    except Exception:
        # Boundary: one page's unexpected failure (a database error, a bug) must not stop the batch;
        # its transaction has rolled back, so nothing of it is stored.
        logger.exception("import failed unexpectedly: %s", item.name)
        return ImportResult(file=item.name, status="failed", error="Unexpected error while saving; see the server log.")


def count_source_files(paths: Iterable[str]) -> int:
    """Return how many pages import_paths will report on (for a progress bar)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            total += sum(1 for p in _walk_pages(path))
        elif path.suffix.lower() == ARCHIVE_SUFFIX and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                total += sum(1 for info in archive.infolist() if not info.is_dir())
        else:
            total += 1
    return total


def iter_source_files(paths: Iterable[str]) -> Iterator[SourceFile | ImportResult]:
    """Yield each page's bytes, or a failed ImportResult for what cannot be read."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for page_path in _walk_pages(path):
                yield _read_file(page_path)
        elif not path.exists():
            yield ImportResult(file=raw, status="failed", error=f"No such file or folder: '{raw}'.")
        elif path.suffix.lower() == ARCHIVE_SUFFIX:
            yield from _read_zip(path)
        else:
            yield _read_file(path)


def _walk_pages(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if name.lower().endswith(PAGE_SUFFIXES) or name.lower().endswith(ARCHIVE_SUFFIX):
                yield Path(root) / name


def _read_file(path: Path) -> SourceFile | ImportResult:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            return ImportResult(
                file=str(path),
                status="failed",
                error=f"'{path}' is {size // 1_000_000} MB; pages over {MAX_PAGE_BYTES // 1_000_000} MB are refused.",
            )
        return SourceFile(name=str(path), data=path.read_bytes())
    except OSError as error:
        return ImportResult(file=str(path), status="failed", error=f"Cannot read '{path}': {error.strerror}.")


def _read_zip(path: Path) -> Iterator[SourceFile | ImportResult]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield ImportResult(file=str(path), status="failed", error=f"'{path}' is not a readable zip archive: {error}.")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = f"{path}/{info.filename}"
            problem = _zip_member_problem(info)
            if problem:
                yield ImportResult(file=name, status="failed", error=problem)
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_PAGE_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as error:
                yield ImportResult(file=name, status="failed", error=f"Cannot read zip member: {error}.")
                continue
            if len(data) > MAX_PAGE_BYTES:
                yield ImportResult(file=name, status="failed", error="Member expands past the page size limit; skipped.")
                continue
            yield SourceFile(name=name, data=data)


def _zip_member_problem(info: zipfile.ZipInfo) -> str:
    member = PurePosixPath(info.filename)
    if member.is_absolute() or ".." in member.parts or "\\" in info.filename:
        return f"Unsafe path '{info.filename}' in archive; skipped."
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        return f"'{info.filename}' is a symbolic link; skipped."
    if not info.filename.lower().endswith(PAGE_SUFFIXES):
        return f"'{info.filename}' is not an HTML or text page (.html, .htm, .txt, optionally .gz); skipped."
    if info.file_size > MAX_PAGE_BYTES:
        return f"'{info.filename}' is {info.file_size // 1_000_000} MB uncompressed; pages over {MAX_PAGE_BYTES // 1_000_000} MB are refused."
    if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
        return f"'{info.filename}' expands {info.file_size // info.compress_size}x; refused as a possible zip bomb."
    return ""


def import_page(data: bytes, *, filename: str, tables: EntityTables, url: str | None = None) -> ImportResult:
    """Clean, tag and save one page; return what happened to it. Never raises for bad input."""
    try:
        page = clean_page(data, filename=filename, url=url)
        return _save_page(page, data=data, filename=filename, tables=tables)
    except ArchiveError as error:
        return ImportResult(file=filename, status="failed", error=str(error))


def content_hash(page: CleanPage) -> str:
    """Return a SHA-256 over everything of the page that the archive stores."""
    digest = hashlib.sha256()
    for part in (page.title, str(page.published or ""), page.source, page.url or ""):
        digest.update(part.encode() + b"\x00")
    for section in page.sections:
        digest.update((section.heading or "").encode() + b"\x01" + section.text.encode() + b"\x02")
    return digest.hexdigest()


def _find_existing(page: CleanPage, *, digest: str, source_name: str) -> Article | None:
    # Same cleaned content first (the same page from another file), then the same URL, then the same file.
    match = Article.objects.filter(content_hash=digest).first()
    if match is None and page.url:
        match = Article.objects.filter(url=page.url).first()
    if match is None:
        match = Article.objects.filter(source_name=source_name).first()
    return match


def _save_page(page: CleanPage, *, data: bytes, filename: str, tables: EntityTables) -> ImportResult:
    digest = content_hash(page)
    source_name = PurePosixPath(filename).name
    mentions = tag_sections([s.text for s in page.sections], gazetteer=tables.gazetteer, published=page.published)
    with transaction.atomic():
        article = _find_existing(page, digest=digest, source_name=source_name)
        if article is not None and article.content_hash == digest:
            return ImportResult(
                file=filename, status="unchanged", slug=article.slug, url=article.get_absolute_url(), article_id=article.pk
            )
        status = "updated" if article else "created"
        if article is None:
            article = Article(slug=_unique_article_slug(page.title))
        article.title = page.title[:500]
        article.published = page.published
        article.source = page.source[:200]
        article.url = (page.url or "")[:2000]
        article.source_name = source_name[:500]
        article.content_hash = digest
        article.raw_file = _store_raw_file(data, filename=filename)
        article.save()
        article.sections.all().delete()
        sections = Section.objects.bulk_create(
            Section(article=article, position=i, heading=(s.heading or "")[:500], anchor=anchor, text=s.text)
            for i, (s, anchor) in enumerate(zip(page.sections, _section_anchors(page)))
        )
        _save_mentions(article, sections=sections, mentions=mentions, tables=tables)
    logger.info("import %s %s -> %s", status, filename, article.slug)
    return ImportResult(
        file=filename, status=status, slug=article.slug, url=article.get_absolute_url(), article_id=article.pk
    )


def _save_mentions(article: Article, *, sections: list[Section], mentions, tables: EntityTables) -> None:
    leader_rows, country_rows, topic_rows = [], [], []
    for mention in mentions:
        common = dict(
            section=sections[mention.section],
            start=mention.start,
            end=mention.end,
            matched=mention.matched[:300],
            sentence=mention.sentence,
        )
        if mention.kind == "leader" and mention.name in tables.leaders:
            leader_rows.append(LeaderMention(leader=tables.leaders[mention.name], **common))
        elif mention.kind == "country" and mention.name in tables.countries:
            country_rows.append(CountryMention(country=tables.countries[mention.name], **common))
        elif mention.kind == "topic" and mention.name in tables.topics:
            topic_rows.append(TopicMention(topic=tables.topics[mention.name], **common))
    LeaderMention.objects.bulk_create(leader_rows)
    CountryMention.objects.bulk_create(country_rows)
    TopicMention.objects.bulk_create(topic_rows)
    article.leaders.set({row.leader for row in leader_rows})
    article.countries.set({row.country for row in country_rows})
    article.topics.set({row.topic for row in topic_rows})


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
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _store_raw_file(data: bytes, *, filename: str) -> str:
    # Named by content, so re-importing the same bytes reuses one file.
    suffix = "".join(PurePosixPath(filename).suffixes[-2:])[:20] or ".bin"
    name = f"raw/{hashlib.sha256(data).hexdigest()[:32]}{suffix}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name
