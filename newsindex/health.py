"""/healthz for load balancers: is the database answering, and does the search index open?"""

import logging

from django.http import JsonResponse
from django.views.decorators.http import require_safe
from haystack.query import SearchQuerySet

from articles.models import Article

logger = logging.getLogger(__name__)


def check_database() -> str:
    """Return "ok" when the articles table answers a query.

    Raises:
        django.db.Error: the database is unreachable or not migrated.
    """
    Article.objects.order_by().exists()
    return "ok"


def check_search_index() -> str:
    """Return "ok, N documents" when the search engine answers a query through haystack.

    An empty index is healthy (a fresh install has one until the first import); only haystack's API
    is used, so the check means the same on every engine SEARCH_URL can select.

    Raises:
        haystack or engine errors: the index cannot be opened, or Solr or Elasticsearch is unreachable.
    """
    return f"ok, {SearchQuerySet().count()} documents"


CHECKS = {"database": check_database, "search": check_search_index}


def run_health_checks() -> tuple[bool, dict[str, str]]:
    """Return whether every check passed, and each check's result or error."""
    results, is_healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:
            # Boundary: a health check reports any failure (driver, engine, file system) instead of raising.
            logger.exception("health check %s failed", name)
            results[name] = f"{type(error).__name__}: {error}"
            is_healthy = False
    return is_healthy, results


@require_safe
def healthz(request):
    is_healthy, results = run_health_checks()
    return JsonResponse({"status": "ok" if is_healthy else "error", "checks": results}, status=200 if is_healthy else 503)
