"""Articles like a given one, by the engine's more_like_this (the key terms of its indexed text)."""

from haystack.query import SearchQuerySet

from articles.models import Article


def similar_article_ids(*, article: Article, limit: int) -> list[int]:
    """Return the ids of up to `limit` indexed articles whose text is most like the article's, best first."""
    return [int(result.pk) for result in SearchQuerySet().models(Article).more_like_this(article)[:limit]]
