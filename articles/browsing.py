"""Reading the archive outside search: article pages, entity pages, the home page's lists."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from articles.models import Article, Country, Leader, Topic
from articles.search.query import parse_user_query
from articles.search.snippets import HighlightTerms, highlight_terms_for, mark_paragraph

ENTITY_MODELS = {"leader": Leader, "country": Country, "topic": Topic}
ENTITY_PAGE_SIZE = 20


@dataclass
class SectionView:
    heading: str
    anchor: str
    paragraphs: list  # SafeString paragraphs with matches in <mark>
    match_count: int


@dataclass
class ArticleView:
    article: Article
    sections: list[SectionView]
    match_total: int
    query: str


def published_articles():
    return Article.objects.filter(is_published=True)


def get_article_view(*, slug: str, query: str = "") -> ArticleView:
    """Return the article with its sections, the query's words marked in each paragraph.

    Raises:
        Http404: no published article has that slug.
    """
    article = get_object_or_404(
        published_articles().prefetch_related("sections", "leaders", "countries", "topics"), slug=slug
    )
    parsed = parse_user_query(query) if query else None
    terms = highlight_terms_for(parsed.highlight_text, prefixes=parsed.prefixes) if parsed else HighlightTerms(frozenset())
    sections = []
    total = 0
    for section in article.sections.all():
        paragraphs = [mark_paragraph(p, terms) for p in section.paragraphs]
        count = sum(p.count("<mark>") for p in paragraphs)
        total += count
        sections.append(SectionView(heading=section.heading, anchor=section.anchor, paragraphs=paragraphs, match_count=count))
    return ArticleView(article=article, sections=sections, match_total=total, query=query)


def entity_with_articles(*, kind: str, slug: str):
    """Return (entity, its published articles newest first).

    Raises:
        Http404: no such entity.
    """
    entity = get_object_or_404(ENTITY_MODELS[kind], slug=slug)
    articles = entity.articles.filter(is_published=True).order_by("-published", "-id")
    return entity, articles


def entities_with_counts(*, kind: str):
    """Return every entity of the kind that has published articles, with its article count, A-Z."""
    return (
        ENTITY_MODELS[kind]
        .objects.annotate(article_count=Count("articles", filter=Q(articles__is_published=True)))
        .filter(article_count__gt=0)
        .order_by("name")
    )


def top_entities(*, kind: str, limit: int = 10):
    """Return the entities of the kind with the most published articles."""
    return entities_with_counts(kind=kind).order_by("-article_count", "name")[:limit]


def recent_articles(*, limit: int = 10):
    return published_articles().order_by("-published", "-id")[:limit]
