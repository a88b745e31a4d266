"""The results page as a reader sees it: headings, order, pages, histogram, facets, tags, empty pages."""

import re

import pytest

from articles.search.service import HistogramBar
from tests.conftest import write_page

MERKEL_2019 = """Merkel Meets Putin in Berlin

Source: Sample Daily
Published: 2019-03-04

German Chancellor Angela Merkel met Russian President Vladimir Putin in Berlin to discuss gas supplies and Ukraine.
"""
SCHOLZ_2023 = """Scholz and Macron Discuss Energy

Source: Demo Wire
Published: 2023-06-01

German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris to discuss energy prices and gas storage.
"""
UNDATED = """Putin Speaks on Gas Exports

Source: Demo Wire

Russian President Vladimir Putin said gas exports to Europe would continue through Turkey.
"""


@pytest.fixture
def archive(imported, seed_article, tmp_path):
    """The seed article (undated: Putin, Netanyahu, ceasefire), Merkel-Putin (2019), Scholz-Macron (2023), an undated Putin one."""
    imported(
        write_page(tmp_path, "merkel.txt", MERKEL_2019),
        write_page(tmp_path, "scholz.txt", SCHOLZ_2023),
        write_page(tmp_path, "undated.txt", UNDATED),
    )
    return seed_article


def heading(html: str) -> str:
    return re.search(r'<h1 id="results-h">(.*?)</h1>', html, re.S).group(1)


def hit_titles(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", title) for title in re.findall(r'<li class="hit">\s*<h2><a [^>]+>(.*?)</a>', html, re.S)]


def test_a_query_of_only_a_leader_prefix_becomes_the_leader_filter(client, archive):
    response = client.get("/search/", {"q": "leader:putin"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?leader=vladimir-putin"
    html = client.get(response["Location"]).content.decode()
    assert heading(html) == "3 articles on Vladimir Putin"
    assert '<input type="checkbox" name="leader" value="vladimir-putin" checked>' in html


def test_a_leader_prefix_beside_a_leader_filter_is_named_in_the_heading_and_ticked(client, archive):
    # The entity page's "often mentioned with" link: both leaders must apply.
    html = client.get("/search/", {"leader": "vladimir-putin", "q": "leader:netanyahu"}).content.decode()
    assert heading(html) == "1 article on Benjamin Netanyahu and Vladimir Putin"
    assert '<input type="checkbox" name="leader" value="benjamin-netanyahu" checked disabled>' in html
    assert "leader:netanyahu”" not in html


def test_a_search_by_filters_alone_lists_newest_first_and_says_so(client, archive):
    html = client.get("/search/", {"leader": "vladimir-putin"}).content.decode()
    assert "No words to rank by: newest first." in html
    assert ">relevance<" not in html
    titles = hit_titles(html)
    assert titles[0] == "Merkel Meets Putin in Berlin"
    assert set(titles[1:]) == {"Putin and Netanyahu Discuss Gaza, Iran and Syria", "Putin Speaks on Gas Exports"}  # undated


UNDATED_TITLES = {"Putin and Netanyahu Discuss Gaza, Iran and Syria", "Putin Speaks on Gas Exports"}


@pytest.mark.parametrize(
    "sort, dated",
    [
        ("newest", ["Scholz and Macron Discuss Energy", "Merkel Meets Putin in Berlin"]),
        ("oldest", ["Merkel Meets Putin in Berlin", "Scholz and Macron Discuss Energy"]),
    ],
)
def test_date_orders_put_undated_articles_last_and_count_them(client, archive, sort, dated):
    html = client.get("/search/", {"q": "gas OR ceasefire", "sort": sort}).content.decode()
    titles = hit_titles(html)
    assert titles[:2] == dated
    assert set(titles[2:]) == UNDATED_TITLES
    assert "2 undated articles, listed last." in html


@pytest.mark.parametrize("page_size", [1, 3])
def test_undated_articles_stay_last_across_pages(archive, monkeypatch, page_size):
    import articles.search.service
    from articles.search.service import search_articles

    monkeypatch.setattr(articles.search.service, "PAGE_SIZE", page_size)
    pages = range(1, -(-4 // page_size) + 1)  # four matches
    order = [hit.article.title for number in pages for hit in search_articles("gas OR ceasefire", sort="newest", page=number).hits]
    assert order[:2] == ["Scholz and Macron Discuss Energy", "Merkel Meets Putin in Berlin"]
    assert set(order[2:]) == UNDATED_TITLES and len(order) == 4


def test_search_article_ids_put_undated_articles_last_in_date_orders(archive):
    from articles.models import Article
    from articles.search.service import SearchFilters, search_article_ids

    undated = set(Article.objects.filter(published=None).values_list("pk", flat=True))
    for sort in ("newest", "oldest"):
        assert set(search_article_ids("", filters=SearchFilters(), sort=sort, limit=10).ids[-2:]) == undated


@pytest.mark.parametrize("path", ["/search/", "/api/search/"])
def test_a_page_past_the_last_is_a_404_that_names_the_last_page(client, archive, path):
    response = client.get(path, {"q": "ceasefire", "page": "99"})
    assert response.status_code == 404
    assert "Page 99 is past the last page of this search (1, 1 result); go to page 1." in response.content.decode()


def test_page_one_of_an_empty_search_is_not_a_404(client, archive):
    assert client.get("/search/", {"q": "zzzqqq"}).status_code == 200


def test_histogram_draws_every_year_in_the_range_with_counts_and_an_axis(client, archive):
    html = client.get("/search/", {"q": "gas OR ceasefire"}).content.decode()
    svg = html[html.index('<svg class="chart"') : html.index("</svg>")]
    for year in ("2019", "2020", "2021", "2022", "2023"):
        assert f">{year}</text>" in svg  # empty years have their place on the axis
    assert 'aria-label="2019: 1 article"' in svg and 'aria-label="2023: 1 article"' in svg
    assert "2020: 0" not in svg  # an empty year is a gap, not a link
    assert '<text class="value"' in svg and 'text-anchor="end" aria-hidden="true">1</text>' in svg  # counts, y axis
    assert "Not shown: 2 undated." in html


def test_months_without_matches_are_filled_in():
    from datetime import date

    from articles.web.charts import fill_empty_periods

    bars = [
        HistogramBar(label="2023-11", count=2, date_from=date(2023, 11, 1), date_to=date(2023, 11, 30)),
        HistogramBar(label="2024-02", count=1, date_from=date(2024, 2, 1), date_to=date(2024, 2, 29)),
    ]
    filled = fill_empty_periods(bars, is_monthly=True)
    assert [(bar.label, bar.count) for bar in filled] == [("2023-11", 2), ("2023-12", 0), ("2024-01", 0), ("2024-02", 1)]
    assert filled[2].date_to == date(2024, 1, 31)


def test_facets_are_checkboxes_in_a_form_that_keeps_the_query(client, archive):
    html = client.get("/search/", {"q": "gas"}).content.decode()
    start = html.index('class="facet-form"')
    form = html[start : html.index("</form>", start)]
    assert '<input type="hidden" name="q" value="gas">' in form
    assert '<input type="checkbox" name="leader" value="vladimir-putin">' in form
    assert "☐" not in html and "☑" not in html
    assert '<summary>Filters</summary>' in html


def test_a_hit_shows_the_searched_tags_first_and_counts_the_others(client, archive):
    html = client.get("/search/", {"q": "hostages", "country": "qatar"}).content.decode()
    tags = html[html.index('<ul class="tags"') : html.index("</ul>", html.index('<ul class="tags"'))]
    chips = re.findall(r'<a class="chip (\w+)( searched)?" href="[^"]+">([^<]+)</a>', tags)
    assert len(chips) == 4
    assert chips[0] == ("country", " searched", "Qatar")
    assert chips[1][2] in ("Vladimir Putin", "Benjamin Netanyahu", "Israel", "Russia")  # the most mentioned next
    assert re.search(r">\+\d+ more<span class=\"visually-hidden\"> tags</span></a>", tags)


def test_hit_tag_links_follow_the_script_prefix_the_site_is_served_under(client, archive):
    # Tag URLs are remembered per process: one served under a prefix must not reach a page without it.
    from django.test.utils import override_script_prefix

    def tag_links() -> list[str]:
        html = client.get("/search/", {"q": "hostages"}).content.decode()
        return re.findall(r'<a class="chip \w+[^"]*" href="([^"]+)">', html)

    plain = tag_links()
    with override_script_prefix("/archive/"):
        prefixed = tag_links()
    assert plain and all(link.startswith(("/leaders/", "/countries/", "/topics/")) for link in plain)
    assert prefixed == ["/archive" + link for link in plain]
    assert tag_links() == plain


def test_query_words_are_marked_in_hit_titles(client, archive):
    html = client.get("/search/", {"q": "merkel"}).content.decode()
    assert "<mark>Merkel</mark> Meets Putin in Berlin" in html


def test_page_links_show_the_first_the_last_and_two_either_side():
    from articles.web.results import page_links

    assert page_links(current=1, last=1) == [1]
    assert page_links(current=1, last=3) == [1, 2, 3]
    assert page_links(current=10, last=40) == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert page_links(current=40, last=40) == [1, None, 38, 39, 40]


def test_an_empty_result_offers_only_the_filter_removals_that_find_articles_with_counts(client, archive):
    html = client.get("/search/", {"q": "ceasefire", "leader": "angela-merkel", "source": "Demo Wire"}).content.decode()
    assert heading(html) == "No articles for “ceasefire”"
    empty = html[html.index('<div class="empty">') :]
    # Without Merkel: still nothing (the ceasefire article is not from Demo Wire); without the source: nothing either
    # (Merkel's article has no ceasefire). Neither is offered.
    assert "Search without “" not in empty
    assert "removing any one filter finds nothing either" in empty
    html = client.get("/search/", {"q": "gas", "leader": "angela-merkel", "source": "Demo Wire"}).content.decode()
    empty = html[html.index('<div class="empty">') :]
    assert "Search without “Leader: Angela Merkel”</a> <span class=\"count\">2 articles</span>" in empty
    assert "Search without “Source: Demo Wire”</a> <span class=\"count\">1 article</span>" in empty


def test_home_lists_recently_added_articles_undated_too_and_links_help_and_co_mentions(client, archive):
    html = client.get("/").content.decode()
    assert "Recently added" in html
    assert "Putin Speaks on Gas Exports" in html  # undated
    assert 'href="/search/help/"' in html and 'href="/co-mentions/"' in html


def test_help_examples_run_their_search(client, db):
    html = client.get("/search/help/").content.decode()
    assert '<a href="/search/?q=%22gaza+ceasefire%22"><code>"gaza ceasefire"</code></a>' in html
    assert '<a href="/search/?q=leader%3Aputin"><code>leader:putin</code></a>' in html


def test_admins_can_list_the_undated_articles(admin_client, archive):
    html = admin_client.get("/admin/articles/article/", {"dated": "no"}).content.decode()
    assert "Putin Speaks on Gas Exports" in html
    assert "Merkel Meets Putin in Berlin" not in html


def test_more_on_names_the_leader_the_article_mentions_most(client, imported, tmp_path):
    page = write_page(
        tmp_path,
        "zelensky.txt",
        "Zelensky Answers Putin\n\nPublished: 2024-03-01\n\n"
        "Ukrainian President Volodymyr Zelensky answered Russian President Vladimir Putin. German Chancellor Angela Merkel "
        "once hosted both. Zelensky said Ukraine would not cede land, and Zelensky asked allies for air defence.\n",
    )
    [result] = imported(page)
    html = client.get(result.url).content.decode()
    assert 'More on <a href="/leaders/volodymyr-zelenskyy/">' in html
    assert 'More on <a href="/leaders/angela-merkel/">' not in html


def test_a_results_page_makes_as_many_queries_for_four_hits_as_for_one(client, archive, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/search/", {"q": "gas"})  # first use: the entity names folded once per process
    with CaptureQueriesContext(connection) as one_hit:
        assert len(hit_titles(client.get("/search/", {"q": "Scholz"}).content.decode())) == 1
    # Facet names, the articles, their sections, their tags with mention counts.
    with django_assert_max_num_queries(4):
        assert len(hit_titles(client.get("/search/", {"q": "gas OR Putin"}).content.decode())) == 4
    assert len(one_hit.captured_queries) == 4


def test_each_hit_carries_its_tags_by_kind_and_name_with_the_articles_mention_counts(archive):
    from articles.kinds import ENTITY_KINDS
    from articles.search.service import search_articles

    for hit in search_articles("gas OR Putin").hits:
        expected = [
            (kind.param, entity.slug, entity.name, kind.mention_model.objects.filter(section__article=hit.article, **{kind.param: entity}).count())
            for kind in ENTITY_KINDS
            for entity in getattr(hit.article, kind.field).order_by("name")
        ]
        assert [(tag.kind, tag.slug, tag.name, tag.mentions) for tag in hit.tags] == expected
        assert any(tag.mentions > 1 for tag in hit.tags) or hit.article.title != "Putin and Netanyahu Discuss Gaza, Iran and Syria"
        assert [section.text for section in hit.sections] == [section.text for section in hit.article.sections.all()]


BREAKWATER = """Port Authority Report

Source: Demo Wire
Published: 2024-03-01

The port authority published its yearly report on Monday, covering ferries, cargo and the winter repairs.

Breakwater Works

Crews finished the repairs over the winter months, and the ferries use the inner berth again.
"""


def test_a_section_heading_that_matches_is_marked_in_the_hit(client, imported, tmp_path):
    imported(write_page(tmp_path, "port.txt", BREAKWATER))
    html = client.get("/search/", {"q": "breakwater"}).content.decode()
    assert '#breakwater-works"><mark>Breakwater</mark> Works</a>: Crews finished' in html


@pytest.mark.parametrize("typed", ["the", "of the"])
def test_a_search_of_only_very_common_words_says_why_it_finds_nothing(client, archive, typed):
    html = client.get("/search/", {"q": typed}).content.decode()
    assert "No articles for" in heading(html)
    assert "Words as common as “" in html and "are left out of the index; add a less common word." in html
    assert client.get("/api/search/", {"q": typed}).json()["notice"].startswith("Words as common as")


def test_a_search_that_finds_articles_carries_no_common_words_notice(client, archive):
    assert client.get("/api/search/", {"q": "the ceasefire"}).json()["notice"] is None
