"""JSON views: the same domain calls as the pages, serialised."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from articles.browsing import published_articles


def article_json(request, slug):
    article = get_object_or_404(
        published_articles().prefetch_related("sections", "leaders", "countries", "topics"), slug=slug
    )
    return JsonResponse(serialize_article(article, absolute_url=request.build_absolute_uri(article.get_absolute_url())))


def serialize_article(article, *, absolute_url: str) -> dict:
    """Return the article as the API documents it."""
    return {
        "slug": article.slug,
        "url": absolute_url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "original_url": article.url or None,
        "sections": [
            {"position": s.position, "heading": s.heading or None, "anchor": s.anchor, "text": s.text}
            for s in article.sections.all()
        ],
        "leaders": [{"name": e.name, "slug": e.slug} for e in article.leaders.all()],
        "countries": [{"name": e.name, "slug": e.slug} for e in article.countries.all()],
        "topics": [{"name": e.name, "slug": e.slug} for e in article.topics.all()],
    }
