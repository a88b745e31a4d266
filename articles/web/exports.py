"""A result set as rows for download: CSV and JSON exports of a search, capped.

Rows carry plain text only (no snippets, no markup); CSV cells that a spreadsheet would run as a
formula are prefixed with an apostrophe.
"""

import csv
import io
from dataclasses import dataclass

from django.db.models import Count

from articles.models import Article
from articles.search.service import Listing, SearchFilters, search_article_ids
from articles.web.links import original_url

# An export is a download of one result set, not a mirror of the archive; the API pages past this.
MAX_EXPORT_ROWS = 1000
EXPORT_COLUMNS = (
    "slug", "url", "title", "published", "source", "original_url", "leaders", "countries", "topics", "story", "story_copies",
)
# OWASP "CSV injection": spreadsheet apps run cells starting with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportRows:
    rows: list[dict]  # one per article, keys EXPORT_COLUMNS; entity lists as lists of names
    total: int  # all matches; more than len(rows) when capped
    limit: int  # the cap that applied
    counts: Listing = Listing.STORIES  # what a row and the total are: a story (its first copy) or any copy

    @property
    def is_capped(self) -> bool:
        return self.total > len(self.rows)


def export_search(query: str, *, filters: SearchFilters, sort: str, base_url: str, limit: int | None = None) -> ExportRows:
    """Return up to `limit` (default MAX_EXPORT_ROWS) matching articles as plain rows, in the search's order.

    base_url ("https://host") makes each row's permalink absolute.

    Raises:
        InvalidSearchQuery: the sort order cannot be used.
    """
    limit = MAX_EXPORT_ROWS if limit is None else limit
    matching = search_article_ids(query, filters=filters, sort=sort, limit=limit)
    articles = Article.objects.filter(pk__in=matching.ids, is_published=True).prefetch_related(
        "leaders", "countries", "topics"
    )
    by_id = {article.pk: article for article in articles}
    story_ids = {article.story_id for article in articles if article.story_id}
    copy_counts = dict(
        Article.objects.filter(story_id__in=story_ids, is_published=True).values_list("story_id").annotate(n=Count("pk"))
    )
    rows = [_row(by_id[pk], base_url=base_url, copy_counts=copy_counts) for pk in matching.ids if pk in by_id]
    return ExportRows(rows=rows, total=matching.total, limit=limit, counts=filters.resolved_listing)


def write_csv(rows: list[dict]) -> str:
    """Return the rows as CSV text with a header line; entity names joined with "; "."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell("; ".join(value) if isinstance(value, list) else value) for key, value in row.items()})
    return buffer.getvalue()


def _row(article: Article, *, base_url: str, copy_counts: dict[int, int]) -> dict:
    return {
        "slug": article.slug,
        "url": base_url + article.get_absolute_url(),
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "original_url": original_url(article) or None,
        "leaders": [e.name for e in article.leaders.all()],
        "countries": [e.name for e in article.countries.all()],
        "topics": [e.name for e in article.topics.all()],
        "story": article.story_id,
        "story_copies": copy_counts.get(article.story_id, 1),
    }


def write_table_csv(header: list[str], rows: list[list]) -> str:
    """Return the header and rows as CSV text, cells made safe for spreadsheets."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[csv_cell(cell) for cell in row] for row in [header, *rows]])
    return buffer.getvalue()


def csv_cell(value):
    """Return the value safe for a spreadsheet: text that would start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
