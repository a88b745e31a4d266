"""/healthz for load balancers: is the database answering, and does the search index open?

Anonymous visitors see only "ok" or "error" per check: the reasons (paths, database errors) go to
the log, where an operator looks.
"""

import logging

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.search.status import count_indexed_documents

logger = logging.getLogger(__name__)


def check_database() -> None:
    """Query the articles table.

    Raises:
        django.db.Error: the database is unreachable or not migrated.
    """
    Article.objects.order_by().exists()


def check_search_index() -> None:
    """Open the search index (an empty one is fine) and count its documents.

    Raises:
        OSError, haystack or engine errors: the index cannot be opened or the engine is unreachable.
    """
    count_indexed_documents()


CHECKS = {"database": check_database, "search": check_search_index}


def run_health_checks() -> tuple[bool, dict[str, str]]:
    """Return whether every check passed, and "ok" or "error" per check (the reason is logged)."""
    results, is_healthy = {}, True
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:
            # Boundary: a health check reports any failure (driver, engine, file system) instead of
            # raising; the details go to the log only, never to the anonymous caller.
            logger.exception("health check %s failed", name)
            results[name] = "error"
            is_healthy = False
    return is_healthy, results


@require_safe
def healthz(request):
    is_healthy, results = run_health_checks()
    return JsonResponse({"status": "ok" if is_healthy else "error", "checks": results}, status=200 if is_healthy else 503)
