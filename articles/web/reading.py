"""The article page: sections with the query's words marked, why each tag is there, related reading."""

import logging
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from articles.entities.reasons import TagReason, tag_reasons
from articles.kinds import COUNTRY, LEADER
from articles.models import NEWEST_FIRST, Article
from articles.search.query import normalize_query_text, parse_user_query
from articles.search.similar import similar_article_ids
from articles.search.snippets import HighlightTerms, highlight_terms_for, mark_paragraph
from articles.web.copies import StoryCopies, story_copies
from articles.web.links import original_url

logger = logging.getLogger(__name__)

RELATED_LIMIT = 5
# Shared tags weigh by how specific they are: a shared leader says more than a shared country.
RELATED_WEIGHTS = {"leaders": 3, "topics": 2, "countries": 1}


@dataclass
class SectionView:
    heading: str
    anchor: str
    paragraphs: list[SafeString]  # escaped, with matches in <mark>
    match_count: int


@dataclass
class Neighbours:
    """Previous and next article (by date) that share one leader or country with this one."""

    label: str  # "Vladimir Putin"
    url: str
    previous: Article | None = None
    next: Article | None = None


@dataclass
class ArticlePage:
    article: Article
    sections: list[SectionView]
    match_total: int
    query: str
    reasons: list[TagReason] = field(default_factory=list)
    related: list[Article] = field(default_factory=list)
    neighbours: Neighbours | None = None
    story: StoryCopies | None = None
    original_url: str = ""  # http(s) only


def get_article_page(*, slug: str, query: str = "", is_preview: bool = False) -> ArticlePage:
    """Return everything the article page shows; is_preview also finds an unpublished article (staff only).

    Raises:
        Http404: no published article has that slug (no article at all, for a preview).
    """
    query = normalize_query_text(query)
    articles = Article.objects.all() if is_preview else Article.objects.filter(is_published=True)
    article = get_object_or_404(
        articles.select_related("story").prefetch_related("sections", "leaders__country", "countries", "topics"),
        slug=slug,
    )
    parsed = parse_user_query(query) if query else None
    terms = highlight_terms_for(parsed.highlight_text, prefixes=parsed.prefixes) if parsed else HighlightTerms(frozenset())
    sections = []
    for section in article.sections.all():
        paragraphs = [mark_paragraph(p, terms) for p in section.paragraphs]
        count = sum(p.count("<mark>") for p in paragraphs)
        sections.append(SectionView(heading=section.heading, anchor=section.anchor, paragraphs=paragraphs, match_count=count))
    return ArticlePage(
        article=article,
        sections=sections,
        match_total=sum(s.match_count for s in sections),
        query=query,
        reasons=tag_reasons(article),
        related=related_articles(article),
        neighbours=neighbours(article),
        story=story_copies(article),
        original_url=original_url(article),
    )


def related_articles(article: Article, *, limit: int = RELATED_LIMIT) -> list[Article]:
    """Return published articles whose text is most like this one's, then those sharing the most tags.

    Measured on 40 articles of the 20,000-article bench archive against the corpus' own labels
    (Reuters TOPICS, BBC category): 59% of more_like_this's picks share a label with the article,
    37% of the shared-tags rule's, which also finds nothing for 5 of the 40; both take ~160 ms.
    """
    try:
        ids = similar_article_ids(article=article, limit=limit)
    except Exception:
        # Boundary: an engine without more_like_this (e.g. Solr without its MLT handler) must not
        # break the article page; the shared-tags rule below still fills the list.
        logger.exception("more_like_this failed for article %s; related articles by shared tags only", article.pk)
        ids = []
    by_id = Article.objects.filter(pk__in=ids, is_published=True).in_bulk()
    related = [by_id[pk] for pk in ids if pk in by_id]
    if len(related) < limit:
        shown = {a.pk for a in related}
        related += [a for a in articles_sharing_tags(article, limit=limit) if a.pk not in shown][: limit - len(related)]
    return related


def articles_sharing_tags(article: Article, *, limit: int) -> list[Article]:
    """Return published articles sharing the most (weighted) leaders, topics and countries, newest first on ties."""
    score = None
    for relation, weight in RELATED_WEIGHTS.items():
        ids = list(getattr(article, relation).values_list("pk", flat=True))
        if not ids:
            continue
        term = Count(relation, filter=Q(**{f"{relation}__in": ids}), distinct=True) * weight
        score = term if score is None else score + term
    if score is None:
        return []
    return list(
        Article.objects.filter(is_published=True)
        .exclude(pk=article.pk)
        .annotate(score=score)
        .filter(score__gt=1)
        .order_by("-score", *NEWEST_FIRST)[:limit]
    )


def neighbours(article: Article) -> Neighbours | None:
    """Return the previous and next article, by date, about the leader (else country) the article mentions most."""
    entity = main_entity(article)
    if entity is None or article.published is None:
        return None
    same = entity.articles.filter(is_published=True, published__isnull=False).exclude(pk=article.pk)
    earlier = same.filter(Q(published__lt=article.published) | Q(published=article.published, pk__lt=article.pk))
    later = same.filter(Q(published__gt=article.published) | Q(published=article.published, pk__gt=article.pk))
    return Neighbours(
        label=entity.name,
        url=entity.get_absolute_url(),
        previous=earlier.order_by("-published", "-pk").first(),
        next=later.order_by("published", "pk").first(),
    )


def main_entity(article: Article):
    """Return the leader the article mentions most often (first mentioned on ties), else such a country, else None."""
    for kind in (LEADER, COUNTRY):
        top = (
            kind.mention_model.objects.filter(section__article=article)
            .values(kind.param)
            .annotate(mentions=Count("pk"), first_section=Min("section__position"))
            .order_by("-mentions", "first_section")
            .first()
        )
        if top is not None:
            return kind.model.objects.get(pk=top[kind.param])
    return None


def news_article_json_ld(article: Article, *, absolute_url: str) -> dict:
    """Return schema.org NewsArticle data for the page (rendered with json_script, so escaped)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": absolute_url,
        "mainEntityOfPage": absolute_url,
        "about": [{"@type": "Person", "name": leader.name} for leader in article.leaders.all()]
        + [{"@type": "Country", "name": c.name} for c in article.countries.all()],
        "keywords": [t.name for t in article.topics.all()],
    }
    if article.published:
        data["datePublished"] = article.published.isoformat()
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if original_url(article):
        data["isBasedOn"] = original_url(article)
    return data
