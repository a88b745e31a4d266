"""Stored articles -> tags again: the tagger re-applied to their saved sections.

Used by `manage.py retag` and by the admin (an edited, merged or new leader, country or topic
re-tags the articles it touches). Per batch of articles: load the gazetteer from the database once,
re-tag each article from its sections (title and headings as the importer passes them), replace its
mentions and tags in one transaction, and after the commit write the articles whose tags changed
to the search index. Admins' rejections (TagRejection) and hand tags (HandTag) are respected by
storage.save_tags.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from articles.entities.storage import find_tags, save_tags
from articles.entities.tables import EntityTables, load_entity_tables
from articles.exceptions import ArchiveError
from articles.kinds import ENTITY_KINDS, kind_of
from articles.models import (
    Article,
    Country,
    HandTag,
    Leader,
    Section,
    SlugRedirect,
    TagRejection,
    Topic,
)
from articles.search.indexing import update_search_index
from articles.settings import import_limits

Entity = Leader | Country | Topic


class UnknownArticleError(ArchiveError):
    """Article slugs given to retag that no article has."""

    def __init__(self, message: str, *, slugs: Sequence[str]):
        super().__init__(message)
        self.slugs = list(slugs)


@dataclass
class RetagReport:
    retagged: int = 0
    changed_ids: list[int] = field(default_factory=list)  # articles whose tags differ now


def find_article_ids(*, slugs: Sequence[str]) -> list[int]:
    """Return the ids of the articles with these slugs (a former slug finds its article), in the given order.

    Raises:
        UnknownArticleError: some slugs belong to no article.
    """
    by_slug = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    by_slug.update({
        old: pk for old, pk in SlugRedirect.objects.filter(old_slug__in=slugs).values_list("old_slug", "article_id")
        if old not in by_slug
    })
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        listed = ", ".join(f"'{slug}'" for slug in unknown)
        raise UnknownArticleError(
            f"No article with the slug {listed}; use the slug from the article's URL (/articles/<slug>/), or --all.",
            slugs=unknown,
        )
    return list(dict.fromkeys(by_slug[slug] for slug in slugs))


def all_article_ids() -> list[int]:
    """Return the id of every stored article, published or not, oldest first."""
    return list(Article.objects.order_by("pk").values_list("pk", flat=True))


def retag_articles(*, article_ids: Iterable[int], on_progress: Callable[[int], None] | None = None) -> RetagReport:
    """Re-tag the articles from their stored sections; return how many were re-tagged and which changed.

    on_progress(n) is called after each batch with the number of articles it held. Inside an outer
    transaction (an admin request) the index is written when that transaction commits.
    """
    ids = list(article_ids)
    report = RetagReport()
    if not ids:
        return report
    tables = load_entity_tables()
    batch_size = import_limits().index_batch_size
    for start in range(0, len(ids), batch_size):
        batch = ids[start:start + batch_size]
        with transaction.atomic():
            changed = [
                article.pk for article in Article.objects.filter(pk__in=batch).prefetch_related("sections")
                if retag_article(article=article, tables=tables)
            ]
            transaction.on_commit(lambda changed=changed: update_search_index(article_ids=changed))
        report.retagged += len(batch)
        report.changed_ids.extend(changed)
        if on_progress:
            on_progress(len(batch))
    return report


def retag_article(*, article: Article, tables: EntityTables) -> bool:
    """Replace the article's mentions and tags with the tagger's current ones; return whether its tags changed."""
    sections = sorted(article.sections.all(), key=lambda section: section.position)
    found = find_tags(
        texts=[section.text for section in sections],
        tables=tables,
        published=article.published,
        title=article.title,
        headings=[section.heading or None for section in sections],
    )
    before = read_tag_ids(article=article)
    for kind in ENTITY_KINDS:
        kind.mention_model.objects.filter(section__article=article).delete()
    save_tags(article=article, sections=sections, found=found, tables=tables, is_new=False)
    return read_tag_ids(article=article) != before


def read_tag_ids(*, article: Article) -> dict[str, set[int]]:
    """Return the article's tag ids as stored now: {"leaders": {…}, "countries": {…}, "topics": {…}}."""
    return {
        kind.field: set(getattr(Article, kind.field).through.objects.filter(article=article).values_list(
            f"{kind.param}_id", flat=True
        ))
        for kind in ENTITY_KINDS
    }


def retag_after_edit(*, entity: Entity, previous: Entity | None) -> RetagReport:
    """Re-tag the articles an admin's new or edited leader, country or topic may change; return the report.

    Affected: the articles tagged with it, plus the articles whose text holds one of its new names.
    A rename keeps the entity's rejections and hand tags attached to it.
    """
    kind = kind_of(entity).name
    if previous is not None and previous.name != entity.name:
        TagRejection.objects.filter(kind=kind, name=previous.name).update(name=entity.name)
        HandTag.objects.filter(kind=kind, name=previous.name).update(name=entity.name)
    new_terms = entity_terms(entity=entity) - (entity_terms(entity=previous) if previous else set())
    article_ids = set(entity.articles.values_list("pk", flat=True)) | articles_containing(terms=new_terms)
    report = retag_articles(article_ids=sorted(article_ids))
    if previous is not None and previous.slug != entity.slug:
        # The index stores tag slugs: articles whose tags did not change still carry the old one.
        tagged = list(entity.articles.values_list("pk", flat=True))
        transaction.on_commit(lambda: update_search_index(article_ids=tagged))
    return report


def entity_terms(*, entity: Entity) -> set[str]:
    """Return every name the tagger can match for the entity (name, aliases, demonyms, capitals)."""
    terms = {entity.name, *entity.aliases}
    if isinstance(entity, Leader):
        terms.update(entity.ambiguous_aliases)
    if isinstance(entity, Country):
        terms.update(entity.demonyms)
        terms.update(entity.capitals)
    return {term for term in terms if term.strip()}


def articles_containing(*, terms: Iterable[str]) -> set[int]:
    """Return the ids of articles whose section text contains any of the terms, case-insensitively."""
    # The database, not the search index: the index holds published articles only and stemmed words,
    # while retag covers every stored article and needs the literal term. icontains finds every
    # article the case-sensitive tagger can match except accent variants ("Erdoğan" for a new alias
    # "Erdogan"); those name the entity by another spelling and are re-tagged as tagged articles.
    # Only new terms are searched, so an edit scans the sections once or not at all.
    condition = Q()
    for term in terms:
        condition |= Q(text__icontains=term)
    if not condition:
        return set()
    return set(Section.objects.filter(condition).values_list("article_id", flat=True).distinct())
