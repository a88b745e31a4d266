"""Who appears with whom: a leader x country table of article counts over a search's matching articles.

The matching articles come from the search index as ids (no snippets, no facets), capped; the
counting is done from the database's tag tables over those ids.
"""

import math
from collections import Counter
from dataclasses import dataclass

from articles.models import Article, Country, Leader
from articles.search.service import MatchingIds, SearchFilters, search_article_ids
from articles.web.browsing import narrowed_search_query

# Ids of the newest matches counted. Fetching 5,000 took 0.4 s on a 20,000-article index (haystack
# builds a result object per hit), keeping the page near half a second on any archive size; the
# newest 5,000 matches show who appears with whom well enough.
MAX_TABLE_ARTICLES = 5000
# Rows and columns shown: a dozen fits a phone in landscape and a laptop without scrolling sideways.
TABLE_SIZE = 12
# Shades of the heat map, besides none (0): few enough to tell apart at a glance.
HEAT_LEVELS = 5


@dataclass(frozen=True)
class CoMentionTable:
    leaders: list[tuple[Leader, int]]  # rows: leader and its article count, most first
    countries: list[tuple[Country, int]]  # columns
    cells: dict[tuple[int, int], int]  # (leader pk, country pk) -> articles naming both
    counted: MatchingIds
    search_params: list[tuple[str, str]]  # the search's query string, as pairs

    def rows(self) -> list[tuple[Leader, int, list[tuple[Country, int, str, int]]]]:
        """Return each leader with its total and, per column country, the count, the query string of those
        articles and the cell's heat level (0 for none, 1..HEAT_LEVELS by share of the largest count)."""
        highest = max(self.cells.values(), default=0)
        return [
            (
                leader,
                total,
                [
                    (
                        country,
                        self.cells.get((leader.pk, country.pk), 0),
                        narrowed_search_query(params=self.search_params, narrow=[("leader", leader.slug), ("country", country.slug)]),
                        heat_level(self.cells.get((leader.pk, country.pk), 0), highest=highest),
                    )
                    for country, _ in self.countries
                ],
            )
            for leader, total in self.leaders
        ]


def heat_level(count: int, *, highest: int) -> int:
    """Return 0 for no articles, else 1..HEAT_LEVELS in proportion to the table's largest count."""
    if not count or not highest:
        return 0
    return max(1, math.ceil(HEAT_LEVELS * count / highest))


def count_co_mentions(
    query: str, *, filters: SearchFilters, search_params: list[tuple[str, str]], size: int = TABLE_SIZE
) -> CoMentionTable:
    """Return the most-mentioned leaders x countries among the (newest, capped) matching articles.

    search_params (the search's query string as pairs, q and filters) are what each cell's link narrows.

    Raises:
        InvalidSearchQuery: the query cannot be searched.
    """
    counted = search_article_ids(query, filters=filters, sort="newest", limit=MAX_TABLE_ARTICLES)
    leader_rows = _tag_pairs(Article.leaders.through, "leader_id", counted.ids)
    country_rows = _tag_pairs(Article.countries.through, "country_id", counted.ids)
    top_leaders = _most_common(Counter(leader for _, leader in leader_rows), size)
    top_countries = _most_common(Counter(country for _, country in country_rows), size)
    wanted_leaders = {pk for pk, _ in top_leaders}
    wanted_countries = {pk for pk, _ in top_countries}
    countries_of: dict[int, set[int]] = {}
    for article, country in country_rows:
        if country in wanted_countries:
            countries_of.setdefault(article, set()).add(country)
    cells = Counter(
        (leader, country)
        for article, leader in leader_rows
        if leader in wanted_leaders
        for country in countries_of.get(article, ())
    )
    leaders = Leader.objects.in_bulk(wanted_leaders)
    countries = Country.objects.in_bulk(wanted_countries)
    return CoMentionTable(
        leaders=[(leaders[pk], count) for pk, count in top_leaders],
        countries=[(countries[pk], count) for pk, count in top_countries],
        cells=dict(cells),
        counted=counted,
        search_params=search_params,
    )


def _tag_pairs(through, column: str, article_ids: list[int]) -> list[tuple[int, int]]:
    # Unpublished since indexed: not counted (the next index repair drops them from the index).
    rows = through.objects.filter(article_id__in=article_ids, article__is_published=True)
    return list(rows.values_list("article_id", column))


def _most_common(counts: Counter, size: int) -> list[tuple[int, int]]:
    # Ties broken by id, so the same search always draws the same table.
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size]
