"""Articles -> stories: store each body's fingerprint, find its near-duplicates, keep stories up to date.

Lookup is one query: the articles sharing any of the BANDS keys (indexed on FingerprintBand.key) and
their signatures by primary key, so its cost does not grow with the archive, only with how many articles
share a band. Call these inside the transaction that saves the article; the returned ids are the
articles whose search documents changed (their story or first copy) and need indexing after commit.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q

from articles.models import Article, BodyFingerprint, FingerprintBand, Story
from articles.stories.fingerprints import Fingerprint, estimate_overlap, fingerprint_text

# Estimated overlap (share of the smaller body's 3-word shingles found in the other) at or above
# which two bodies are one story. Calibrated with bench/duplicates.py on the BBC corpus: 98.7% of the
# copies with all four edits (new headline, last paragraph dropped, first sentence replaced, 5% of
# words replaced) reach it; the distinct BBC articles above it are nearly all reposts of one report,
# plus a few follow-ups that reuse whole paragraphs (0.6-0.9).
OVERLAP_THRESHOLD = 0.5
# A band key shared by more articles than this is boilerplate, not a story; its candidates are capped.
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class NearDuplicate:
    article_id: int
    similarity: float  # estimated overlap, 0..1 (see estimate_overlap)


def store_fingerprint(*, article: Article, texts: Sequence[str], is_new: bool) -> Fingerprint | None:
    """Store the fingerprint of the article's body (its section texts) and return it; None for a short body."""
    if not is_new:
        BodyFingerprint.objects.filter(article=article).delete()
        FingerprintBand.objects.filter(article=article).delete()
    fingerprint = fingerprint_text("\n\n".join(texts))
    if fingerprint is None:
        return None
    BodyFingerprint.objects.create(article=article, signature=fingerprint.signature, shingle_count=fingerprint.shingle_count)
    # One executemany instead of bulk_create: building 64 model instances per page was a third of
    # grouping's CPU time (bench/duplicates.py).
    table = FingerprintBand._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f'INSERT INTO "{table}" ("article_id", "key") VALUES (%s, %s)', [(article.pk, key) for key in fingerprint.band_keys]
        )
    return fingerprint


def read_fingerprint(*, article: Article) -> Fingerprint | None:
    """Return the article's stored fingerprint, or None when its body was too short to have one."""
    row = BodyFingerprint.objects.filter(article=article).first()
    if row is None:
        return None
    keys = tuple(FingerprintBand.objects.filter(article=article).order_by("pk").values_list("key", flat=True))
    return Fingerprint(signature=bytes(row.signature), band_keys=keys, shingle_count=row.shingle_count)


def find_near_duplicates(*, fingerprint: Fingerprint, exclude_id: int | None = None) -> list[NearDuplicate]:
    """Return the published articles whose bodies are near-duplicates of the fingerprint's, closest first."""
    candidates = FingerprintBand.objects.filter(key__in=fingerprint.band_keys)
    if exclude_id is not None:
        candidates = candidates.exclude(article_id=exclude_id)
    # One query: the candidates' ids (indexed on key) as a subquery of their signatures.
    candidate_ids = candidates.values("article_id").distinct()[:MAX_CANDIDATES]
    rows = BodyFingerprint.objects.filter(article_id__in=candidate_ids, article__is_published=True).values_list(
        "article_id", "signature", "shingle_count"
    )
    found = [
        NearDuplicate(
            article_id=article_id,
            similarity=estimate_overlap(fingerprint, Fingerprint(signature=bytes(signature), band_keys=(), shingle_count=count)),
        )
        for article_id, signature, count in rows
    ]
    return sorted((d for d in found if d.similarity >= OVERLAP_THRESHOLD), key=lambda d: (-d.similarity, d.article_id))


def group_article(*, article: Article, fingerprint: Fingerprint | None) -> set[int]:
    """Put a published article into the story of its closest near-duplicate (a new story if that one has none).

    Returns the ids of the articles whose story or first copy changed, this one included.
    """
    changed = leave_story(article=article)
    if fingerprint is None or not article.is_published:
        return changed
    matches = find_near_duplicates(fingerprint=fingerprint, exclude_id=article.pk)
    if not matches:
        return changed
    closest = Article.objects.only("pk", "story").get(pk=matches[0].article_id)
    story = closest.story
    if story is None:
        story = Story.objects.create()
        Article.objects.filter(pk=closest.pk).update(story=story)
    Article.objects.filter(pk=article.pk).update(story=story)
    article.story = story
    choose_first_copy(story=story)
    return changed | set(story.copies.values_list("pk", flat=True)) | {article.pk}


def leave_story(*, article: Article) -> set[int]:
    """Take the article out of its story (a story left with one copy is dissolved); return the ids that changed."""
    story_id = article.story_id
    if story_id is None:
        return set()
    Article.objects.filter(pk=article.pk).update(story=None)
    article.story = None
    story = Story.objects.get(pk=story_id)
    remaining = set(story.copies.filter(is_published=True).values_list("pk", flat=True))
    if len(remaining) <= 1:
        story.copies.update(story=None)
        story.delete()
    else:
        choose_first_copy(story=story)
    return remaining | {article.pk}


def choose_first_copy(*, story: Story) -> None:
    """Set the story's first copy: the earliest published copy by date (undated last), then import order."""
    first = (
        story.copies.filter(is_published=True)
        .order_by(F("published").asc(nulls_last=True), "pk")
        .values_list("pk", flat=True)
        .first()
    )
    Story.objects.filter(pk=story.pk).update(first_id=first)
    story.first_id = first


def group_published_articles(*, article_ids: Sequence[int]) -> set[int]:
    """Fingerprint and group the given published articles (their fingerprints stored anew); return changed ids."""
    changed: set[int] = set()
    for article in Article.objects.filter(pk__in=article_ids, is_published=True).prefetch_related("sections").order_by("pk"):
        fingerprint = store_fingerprint(article=article, texts=[s.text for s in article.sections.all()], is_new=False)
        changed |= group_article(article=article, fingerprint=fingerprint)
    return changed


def group_archive(*, chunk_size: int = 500, on_progress: Callable[[int], None] | None = None) -> int:
    """Fingerprint and group every published article (oldest import first), one transaction per chunk.

    For an archive imported before stories existed, and after changing the fingerprint constants.
    Returns how many articles are in a story afterwards; the caller updates the search index.
    """
    ids = list(Article.objects.filter(is_published=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        with transaction.atomic():
            group_published_articles(article_ids=chunk)
        if on_progress:
            on_progress(len(chunk))
    return Article.objects.filter(is_published=True, story__isnull=False).count()


def is_first_copy(prefix: str = "") -> Q:
    """Return the condition that an article (reached through prefix, e.g. "articles__") is not a later
    copy of a story: no story, a story without a first copy yet, or the story's first copy itself.

    The same rule as the search index's story_copy field, for counts made in the database.
    """
    return (
        Q(**{f"{prefix}story__isnull": True})
        | Q(**{f"{prefix}story__first__isnull": True})
        | Q(**{f"{prefix}story__first": F(f"{prefix}id")})
    )
