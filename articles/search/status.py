"""Is the search index usable? For /healthz: it opens and answers, empty or not."""

from haystack import connections
from haystack.query import SearchQuerySet


def count_indexed_documents() -> int:
    """Return how many documents the search index holds; a missing Whoosh index is created empty first.

    A fresh install has no index until something opens it; an empty index is a healthy one (the first
    import fills it), so this opens it the way the first search would.

    Raises:
        OSError: the Whoosh folder cannot be created or read.
        haystack or engine errors: Solr or Elasticsearch is unreachable.
    """
    backend = connections["default"].get_backend()
    if hasattr(backend, "index") and hasattr(backend, "setup"):  # Whoosh: a folder on this machine
        if not backend.setup_complete:
            backend.setup()
        return backend.index.refresh().doc_count()
    return SearchQuerySet().count()
