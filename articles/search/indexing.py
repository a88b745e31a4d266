"""Writing to the search index: explicit calls after a commit, never a per-save signal."""

from collections.abc import Iterable

from haystack import connections

from articles.models import Article
from articles.search_indexes import with_index_data


def update_search_index(*, article_ids: Iterable[int]) -> None:
    """Index the given articles in one writer; drop the unpublished or deleted ones from the index."""
    ids = list(article_ids)
    if not ids:
        return
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    published = list(with_index_data(Article.objects.filter(pk__in=ids, is_published=True)))
    if published:
        backend.update(index, published)
    for missing in set(ids) - {a.pk for a in published}:
        backend.remove(f"articles.article.{missing}")
