"""Search through haystack on each real engine (Whoosh; PostgreSQL on PostgreSQL): matches, sections, snippets, facets, filters."""

from datetime import date

import pytest

from articles.exceptions import InvalidSearchQuery
from articles.search.service import SearchFilters, search_articles
from articles.web.results import filter_chips
from tests.conftest import SEED_PAGE, write_page

ERDOGAN_PAGE = """Erdoğan Hosts Talks on Grain Exports

Source: Sample Daily
Published: 2022-07-22

Turkish President Recep Tayyip Erdoğan hosted talks in Istanbul on restarting grain exports from Ukraine.

Shipping corridor

Ships carrying grain will cross the Black Sea under an agreement that Erdoğan called a turning point.
"""

MACRON_PAGE = """Macron and Scholz Discuss Energy Prices

Source: Demo Wire
Published: 2023-06-01

French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris to discuss energy prices.

Gas storage

Both leaders said gas storage must be filled before winter and that running out was not an option.
"""


@pytest.fixture(scope="module")
def module_archive(read_only_archive, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    results = read_only_archive(
        SEED_PAGE, write_page(folder, "erdogan.txt", ERDOGAN_PAGE), write_page(folder, "macron.txt", MACRON_PAGE)
    )
    assert [r.status for r in results] == ["created"] * 3, [r.error for r in results]
    return results[0].slug


@pytest.fixture
def archive(module_archive, db):
    """The seed article, the Erdoğan page and the Macron page, imported once for this module (read only)."""
    from articles.models import Article

    return Article.objects.get(slug=module_archive)


@pytest.fixture
def search_index(any_search_index):
    """Tests here that import their own pages run on each engine (the PostgreSQL one on PostgreSQL)."""
    return any_search_index


def titles(page):
    return [hit.article.title for hit in page.hits]


def test_words_find_the_article_and_its_best_matching_section(archive):
    page = search_articles("ceasefire hostages")
    assert titles(page) == ["Putin and Netanyahu Discuss Gaza, Iran and Syria"]
    best = page.hits[0].best
    assert best.anchor == "call-centers-on-gaza-ceasefire"
    assert "<mark>ceasefire</mark>" in best.html
    assert "<mark>hostages</mark>" in best.html


def test_stemmed_forms_match_and_are_marked(archive):
    page = search_articles("ceasefires")
    assert titles(page) == ["Putin and Netanyahu Discuss Gaza, Iran and Syria"]
    assert "<mark>ceasefire</mark>" in page.hits[0].best.html


def test_running_finds_run_forms_with_the_snowball_stemmer(archive):
    assert titles(search_articles("run")) == ["Macron and Scholz Discuss Energy Prices"]


@pytest.mark.parametrize("query", ["Erdogan", "Erdoğan", "ERDOGAN"])
def test_diacritics_and_case_are_folded(archive, query):
    page = search_articles(query)
    assert titles(page) == ["Erdoğan Hosts Talks on Grain Exports"]
    assert "<mark>Erdoğan</mark>" in page.hits[0].best.html


def test_other_matching_sections_are_listed_after_the_best(archive):
    page = search_articles("Syria")
    hit = page.hits[0]
    assert len(hit.snippets) >= 3
    assert all("<mark>Syria" in s.html or "<mark>Syrian" in s.html or s.heading for s in hit.snippets)


def test_phrase_or_and_exclusion(archive):
    assert titles(search_articles('"gas storage"')) == ["Macron and Scholz Discuss Energy Prices"]
    assert titles(search_articles('"storage gas"')) == []
    assert len(search_articles("grain OR gas").hits) == 2
    assert titles(search_articles("Paris -grain")) == ["Macron and Scholz Discuss Energy Prices"]


def test_title_matches_rank_first(archive):
    assert titles(search_articles("Erdogan Istanbul Ukraine"))[0] == "Erdoğan Hosts Talks on Grain Exports"


def test_filter_by_leader_and_facet_counts_are_per_article(archive):
    page = search_articles("", filters=SearchFilters(leaders=("vladimir-putin",)))
    assert titles(page) == ["Putin and Netanyahu Discuss Gaza, Iran and Syria"]
    leaders = {f.value: f.count for f in page.facets["leaders"]}
    assert leaders["vladimir-putin"] == 1
    everything = search_articles("")
    assert everything.total == 3
    countries = {f.value: f.count for f in everything.facets["countries"]}
    assert countries["ukraine"] == 2  # the seed and the grain-talks page, once each


def test_filters_within_a_facet_are_or_and_across_facets_are_and(archive):
    either = search_articles("", filters=SearchFilters(leaders=("vladimir-putin", "emmanuel-macron")))
    assert len(either.hits) == 2
    both = search_articles("", filters=SearchFilters(leaders=("emmanuel-macron",), countries=("russia",)))
    assert both.total == 0


def test_date_range_and_newest_first_sort(archive):
    page = search_articles("", filters=SearchFilters(date_from=date(2022, 1, 1)), sort="newest")
    assert titles(page) == ["Macron and Scholz Discuss Energy Prices", "Erdoğan Hosts Talks on Grain Exports"]


@pytest.mark.parametrize(
    "query", ['"unbalanced', "AND OR NOT", "*", "title:(", "\\", "((", "<script>alert(1)</script>", "x" * 5000, "-", "OR"]
)
def test_odd_queries_never_raise(archive, query):
    page = search_articles(query)
    assert page.total >= 0




@pytest.mark.parametrize(
    "query, expected",
    [
        ("leader:putin", ["Putin and Netanyahu Discuss Gaza, Iran and Syria"]),
        ('leader:"Recep Tayyip Erdogan"', ["Erdoğan Hosts Talks on Grain Exports"]),
        ("country:French", ["Macron and Scholz Discuss Energy Prices"]),
        ("title:grain", ["Erdoğan Hosts Talks on Grain Exports"]),
        ('source:"sample daily"', ["Erdoğan Hosts Talks on Grain Exports"]),
        ("date:2022", ["Erdoğan Hosts Talks on Grain Exports"]),
        ("date:2022-07..2023-06 gas", ["Macron and Scholz Discuss Energy Prices"]),
        ("(leader:putin OR leader:macron) -energy", ["Putin and Netanyahu Discuss Gaza, Iran and Syria"]),
    ],
)
def test_field_prefixes_accept_names_aliases_and_date_ranges(archive, query, expected):
    assert titles(search_articles(query)) == expected


def test_did_you_mean_suggests_words_from_the_index_when_nothing_matched(archive):
    page = search_articles("ceasfire hostges")
    assert page.total == 0
    assert page.suggestion == "ceasefire hostages"


@pytest.mark.parametrize("query", ["the", "of the", '"of the"'])
def test_a_search_of_only_very_common_words_finds_nothing_and_says_why(archive, query):
    page = search_articles(query)
    assert page.total == 0
    assert page.query.notice.startswith("Words as common as")


def test_histogram_counts_hits_per_year_and_narrows_to_months_within_a_range(archive):
    yearly = search_articles("")
    assert [(bar.label, bar.count) for bar in yearly.histogram] == [("2022", 1), ("2023", 1)]
    monthly = search_articles("", filters=SearchFilters(date_from=date(2022, 1, 1), date_to=date(2023, 12, 31)))
    assert [bar.label for bar in monthly.histogram] == ["2022-07", "2023-06"]
    assert monthly.histogram[0].date_to == date(2022, 7, 31)


def test_filter_chips_name_the_selected_entities(archive):
    filters = SearchFilters(leaders=("vladimir-putin",), date_from=date(2020, 1, 1))
    page = search_articles("", filters=filters)
    assert [chip.label for chip in filter_chips(filters, result=page)] == ["Leader: Vladimir Putin", "Dates: 2020-01-01 – …"]


def test_a_date_range_that_ends_before_it_starts_is_refused(archive):
    with pytest.raises(InvalidSearchQuery, match="swap the dates"):
        search_articles("", filters=SearchFilters(date_from=date(2024, 1, 1), date_to=date(2023, 1, 1)))
