"""Preview before publishing: a batch's pages cleaned, tagged and saved unpublished, then checked and published.

A preview batch (ImportBatch.is_preview) runs the usual job, but each new page is saved with
is_published=False and nothing is written to the search index: readers' pages, search, feeds,
sitemaps and the API only ever read published articles. The batch page lists each page with what
an admin checks (preview_batch); the admin fixes a title or date, drops a tag, skips a page, and
publishes the batch or some pages: one transaction per page (publish, group into its story), then
one index write for all of them.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone

from articles.cleaning import count_page_text
from articles.entities.curation import reject_tags
from articles.entities.reasons import tag_reasons
from articles.exceptions import ArchiveError
from articles.kinds import kind_named
from articles.models import Article, ImportBatch, ImportFile, ImportStatus
from articles.search.indexing import update_search_index
from articles.stories.grouping import find_near_duplicates, group_article, read_fingerprint
from articles.tagging import rules

logger = logging.getLogger(__name__)

# Calibration: a news report under ~80 words is a brief or a page whose body was mostly lost.
SHORT_PAGE_WORDS = 80
# Cleaning keeps the article and drops navigation and footers; keeping less than half of a page's
# text is normal for chrome-heavy sites but is the first thing to check when a body looks cut.
MIN_KEPT_SHARE = 0.5


class PreviewError(ArchiveError):
    """A preview action that cannot be done (the page is published already, or was skipped)."""

    def __init__(self, message: str, *, row_id: int):
        super().__init__(message)
        self.row_id = row_id


@dataclass(frozen=True)
class ProposedTag:
    kind: str  # leader | country | topic
    name: str
    sentence: str  # the first sentence behind the tag
    mention_count: int
    note: str = ""  # why a guess was made, as on the article page
    is_hand_tag: bool = False  # an editor added it in the article form: kept whatever the text says


class WarningCode(TextChoices):
    NO_DATE = "no-date", "no date"
    SHORT = "short", "very short"
    DUPLICATE = "duplicate", "looks like a published article"
    LITTLE_KEPT = "little-kept", "cleaning kept less than half the text"
    HEADING_TAG = "heading-tag", "a tag found only in a heading"


@dataclass(frozen=True)
class PageWarning:
    code: WarningCode
    message: str
    url: str = ""  # the article it refers to (a possible duplicate)


@dataclass
class PagePreview:
    row: ImportFile
    article: Article | None  # None for a failed or skipped page
    headings: list[str] = field(default_factory=list)
    word_count: int = 0
    tags: list[ProposedTag] = field(default_factory=list)
    warnings: list[PageWarning] = field(default_factory=list)

    @property
    def is_publishable(self) -> bool:
        return self.article is not None and not self.article.is_published


def preview_batch(*, batch: ImportBatch, limit: int) -> list[PagePreview]:
    """Return the first `limit` pages of a preview batch with headings, word count, proposed tags and warnings."""
    rows = batch.files.select_related("article").prefetch_related("article__sections").order_by("position")[:limit]
    return [preview_page(row=row) for row in rows]


def preview_page(*, row: ImportFile) -> PagePreview:
    """Return what the batch page shows for one page."""
    article = row.article
    if article is None:
        return PagePreview(row=row, article=None)
    sections = list(article.sections.all())
    words = sum(len(section.text.split()) for section in sections)
    tags = [
        ProposedTag(
            kind=reason.kind, name=reason.name, sentence=reason.sentence, mention_count=reason.mention_count,
            note=reason.note, is_hand_tag=reason.is_hand_tag,
        )
        for reason in tag_reasons(article)
    ]
    return PagePreview(
        row=row,
        article=article,
        headings=[section.heading for section in sections if section.heading],
        word_count=words,
        tags=tags,
        warnings=page_warnings(article=article, sections=sections, words=words, tags=tags),
    )


def page_warnings(*, article: Article, sections: list, words: int, tags: list[ProposedTag]) -> list[PageWarning]:
    """Return what an admin should check before publishing the page."""
    warnings = []
    if article.published is None:
        warnings.append(PageWarning(WarningCode.NO_DATE, "No date found; set one below or the article is listed as undated."))
    if words < SHORT_PAGE_WORDS:
        warnings.append(PageWarning(WarningCode.SHORT, f"Very short: {words} words; check that the whole article was kept."))
    duplicate = _closest_published_copy(article)
    if duplicate is not None:
        other, similarity = duplicate
        warnings.append(PageWarning(
            WarningCode.DUPLICATE,
            f"Looks like a copy of “{other.title}” ({other.source or 'no source'}, {round(similarity * 100)}% alike); "
            "publishing groups it into that story.",
            url=other.get_absolute_url(),
        ))
    kept_share = _kept_share(article, sections)
    if kept_share is not None and kept_share < MIN_KEPT_SHARE:
        warnings.append(PageWarning(
            WarningCode.LITTLE_KEPT,
            f"Cleaning kept {round(kept_share * 100)}% of the page's text; open the preview and check the body is complete.",
        ))
    headlines = [article.title.lower(), *(section.heading.lower() for section in sections if section.heading)]
    for tag in tags:
        if not tag.is_hand_tag and tag.mention_count < rules.TOPIC_MIN_HITS and any(tag.name.lower() in headline for headline in headlines):
            warnings.append(PageWarning(
                WarningCode.HEADING_TAG,
                f"“{tag.name}” is named in a heading but only {tag.mention_count} time in the text; drop it if the article is not about it.",
            ))
    return warnings


def _closest_published_copy(article: Article) -> tuple[Article, float] | None:
    exact = Article.objects.filter(is_published=True, text_hash=article.text_hash).exclude(pk=article.pk).first()
    if exact is not None and article.text_hash:
        return exact, 1.0
    fingerprint = read_fingerprint(article=article)
    if fingerprint is None:
        return None
    matches = find_near_duplicates(fingerprint=fingerprint, exclude_id=article.pk)
    if not matches:
        return None
    return Article.objects.get(pk=matches[0].article_id), matches[0].similarity


def _kept_share(article: Article, sections: list) -> float | None:
    if not article.raw_file:
        return None
    try:
        with article.raw_file.open("rb") as raw:
            total = count_page_text(raw.read(), filename=article.raw_file.name)
    except (ArchiveError, OSError):
        # The stored file is gone or unreadable: the share cannot be told, which is no reason to block a preview.
        logger.warning("cannot read the stored page of article %s", article.pk, exc_info=True)
        return None
    kept = len(" ".join(" ".join(part.split()) for part in (article.title, *(s.heading for s in sections), *(s.text for s in sections)) if part))
    return min(1.0, kept / total) if total else None


def _previewed_article(row: ImportFile) -> Article:
    if row.article is None or row.article.is_published:
        state = "published" if row.article else row.status
        raise PreviewError(f"Page {row.position} ('{row.name}') is {state}; only unpublished previewed pages can be changed.", row_id=row.pk)
    return row.article


def fix_page(*, row: ImportFile, title: str, published: date | None) -> Article:
    """Set a previewed page's title and date; return its article.

    Raises:
        PreviewError: the page is published, skipped or failed; or the title is empty.
    """
    article = _previewed_article(row)
    title = " ".join(title.split())
    if not title:
        raise PreviewError(f"Page {row.position} ('{row.name}') needs a title; type one.", row_id=row.pk)
    Article.objects.filter(pk=article.pk).update(title=title[:500], published=published, updated=timezone.now())
    article.refresh_from_db()
    return article


def drop_tag(*, row: ImportFile, kind: str, name: str, user=None) -> None:
    """Remove one proposed tag from a previewed page and keep the tagger from putting it back.

    Raises:
        PreviewError: the page is not an unpublished preview, the kind is unknown, or it has no such tag.
    """
    article = _previewed_article(row)
    try:
        entity_kind = kind_named(kind)
    except LookupError as error:
        raise PreviewError(f"Page {row.position}: {error} Reload the batch page.", row_id=row.pk) from None
    entity = getattr(article, entity_kind.field).filter(name=name).first()
    if entity is None:
        raise PreviewError(f"Page {row.position} has no {kind} tag '{name}'; reload the batch page.", row_id=row.pk)
    reject_tags(article=article, entities=[entity], user=user)


def skip_page(*, row: ImportFile) -> None:
    """Leave a previewed page out of the archive: its unpublished article is deleted, the row says skipped.

    Raises:
        PreviewError: the page is published already.
    """
    article = _previewed_article(row)
    with transaction.atomic():
        ImportFile.objects.filter(pk=row.pk).update(status=ImportStatus.SKIPPED, article=None, is_indexed=False)
        article.delete()


def publish_pages(*, batch: ImportBatch, row_ids: list[int] | None = None) -> int:
    """Publish the batch's previewed pages (all, or the given rows), one transaction per page; return how many.

    Each page is published and grouped into its story in its own transaction; then the published
    articles and the copies whose story changed are written to the search index together.
    """
    rows = batch.files.filter(article__is_published=False).select_related("article").order_by("position")
    if row_ids is not None:
        rows = rows.filter(pk__in=row_ids)
    to_index: set[int] = set()
    published = 0
    for row in rows:
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=row.article_id)
            if article.is_published:
                continue
            article.is_published = True
            article.save(update_fields=["is_published", "updated"])
            to_index |= group_article(article=article, fingerprint=read_fingerprint(article=article)) | {article.pk}
        published += 1
    update_search_index(article_ids=sorted(to_index))
    ImportFile.objects.filter(batch=batch, article_id__in=to_index).update(is_indexed=True)
    return published
