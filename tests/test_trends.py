"""Trends side by side: per-month counts that equal the search's own counts, as a chart, a table, CSV and JSON."""

import json
import random
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from articles.exceptions import InvalidSearchQuery
from articles.search.service import search_articles
from articles.web.search_request import read_search_request
from articles.web.trends import build_trends, read_trend_request
from tests.dated_pages import TREND_CLOSING, TREND_PAGES, write_dated_pages


@pytest.fixture
def trend_archive(imported, tmp_path):
    paths = write_dated_pages(tmp_path, TREND_PAGES, closing=TREND_CLOSING)
    results = imported(*paths)
    assert all(result.status == "created" for result in results), [r.error for r in results]


def trends_for(query_string: str):
    return build_trends(read_trend_request(QueryDict(query_string)))


def search_total(url: str) -> int:
    wanted = read_search_request(QueryDict(urlsplit(url).query))
    return search_articles(wanted.query, filters=wanted.filters).total


def test_every_point_counts_what_its_search_finds(trend_archive):
    trends = trends_for("leader=vladimir-putin&leader=xi-jinping&country=ukraine&q=sanctions&from=2024-01-01&to=2024-03-31")
    assert [series.label for series in trends.series] == ["Vladimir Putin", "Xi Jinping", "Ukraine", "“sanctions”"]
    assert [period.label for period in trends.periods] == ["2024-01", "2024-02", "2024-03"]
    for series in trends.series:
        for point in series.points:
            assert point.count == search_total(point.search_url), (series.label, point.period.label)
    putin, xi, ukraine, sanctions = ([p.count for p in s.points] for s in trends.series)
    assert putin == [1, 0, 1]
    assert xi == [1, 0, 1]
    assert ukraine == [1, 0, 0]
    assert sanctions == [1, 0, 1]


def test_a_point_links_to_the_search_for_that_entity_and_month(trend_archive):
    trends = trends_for("leader=vladimir-putin&from=2024-01-01&to=2024-03-31")
    march = trends.series[0].points[2]
    assert parse_qs(urlsplit(march.search_url).query) == {
        "leader": ["vladimir-putin"], "from": ["2024-03-01"], "to": ["2024-03-31"],
    }


def test_share_is_the_part_of_all_articles_of_that_month(trend_archive):
    trends = trends_for("leader=xi-jinping&from=2024-03-01&to=2024-03-31")
    [march] = trends.series[0].points
    assert march.period.total == search_articles("", filters=read_search_request(QueryDict("from=2024-03-01&to=2024-03-31")).filters).total
    assert march.period.total == 2
    assert march.share == 50.0


def test_more_than_three_years_are_counted_per_year_and_still_match_the_search(trend_archive):
    trends = trends_for("leader=vladimir-putin")
    assert [period.label for period in trends.periods] == ["2020", "2021", "2022", "2023", "2024"]
    assert [point.count for point in trends.series[0].points] == [1, 0, 0, 0, 2]
    for point in trends.series[0].points:
        assert point.count == search_total(point.search_url)


def test_a_role_is_a_series_too(trend_archive):
    trends = trends_for("role=president+of+russia&from=2024-01-01&to=2024-03-31")
    assert trends.series[0].label == "President of Russia"
    assert [point.count for point in trends.series[0].points] == [1, 0, 1]


@pytest.mark.django_db
def test_more_than_six_series_are_refused_with_what_to_remove():
    with pytest.raises(InvalidSearchQuery, match="7 series asked for; a chart compares at most 6: remove 1"):
        read_trend_request(QueryDict("&".join(f"q=word{n}" for n in range(7))))


def test_an_unknown_leader_is_a_400_that_says_where_to_find_slugs(db, search_index, client):
    response = client.get("/trends/", {"leader": "nobody-at-all"})
    assert response.status_code == 400
    assert "No leader &#x27;nobody-at-all&#x27;; use a name or the slug from its page, as listed at /leaders/." in response.content.decode()


def test_the_page_draws_a_chart_a_table_and_links_the_data(trend_archive, client):
    html = client.get("/trends/", {"leader": ["vladimir-putin", "xi-jinping"], "from": "2024-01-01", "to": "2024-03-31"}).content.decode()
    assert html.count('<g class="series series-') == 2
    assert 'aria-label="Vladimir Putin, March 2024: 1 article"' in html
    assert '<th scope="row">2024-03</th>' in html
    assert 'href="/trends/data.csv?leader=vladimir-putin&amp;leader=xi-jinping&amp;from=2024-01-01&amp;to=2024-03-31"' in html


def test_the_share_toggle_draws_percentages(trend_archive, client):
    html = client.get("/trends/", {"leader": "xi-jinping", "from": "2024-03-01", "to": "2024-03-31", "show": "share"}).content.decode()
    assert 'aria-label="Xi Jinping, March 2024: 50.0% of all articles (1)"' in html


def test_csv_and_json_hold_the_same_numbers(trend_archive, client):
    params = {"leader": "vladimir-putin", "q": "sanctions", "from": "2024-01-01", "to": "2024-03-31"}
    csv_lines = client.get("/trends/data.csv", params).content.decode().splitlines()
    assert csv_lines[0] == "period,from,to,all_articles,Vladimir Putin articles,Vladimir Putin share %,“sanctions” articles,“sanctions” share %"
    assert csv_lines[3] == "2024-03,2024-03-01,2024-03-31,2,1,50.0,1,50.0"
    data = json.loads(client.get("/trends/data.json", params).content)
    assert data["unit"] == "month"
    assert [series["counts"] for series in data["series"]] == [[1, 0, 1], [1, 0, 1]]
    assert [period["all_articles"] for period in data["periods"]] == [2, 0, 2]


def test_the_add_form_redirects_to_the_url_naming_the_new_series(db, search_index, client):
    response = client.get("/trends/", {"leader": "vladimir-putin", "kind": "q", "add": "sanctions"})
    assert response.status_code == 302
    assert response["Location"] == "/trends/?leader=vladimir-putin&q=sanctions"


def test_entity_pages_and_the_results_page_link_to_compare(trend_archive, client):
    assert '<a href="/trends/?leader=vladimir-putin">Compare over time</a>' in client.get("/leaders/vladimir-putin/").content.decode()
    html = client.get("/search/", {"q": "sanctions", "leader": "xi-jinping"}).content.decode()
    assert '<a href="/trends/?q=sanctions&amp;leader=xi-jinping">Compare over time</a>' in html



def test_search_totals_and_month_counts_count_every_match_past_the_first_page(search_index, db):
    # Whoosh's matcher replacement once dropped matches scoring below the first page from the total
    # and the facets ("oil" counted 522 of 1,524 matching articles at 20,000 articles).
    from articles.models import Article, Section
    from articles.search.indexing import update_search_index

    rng = random.Random(3)
    expected = 0
    for number in range(300):
        words = [f"w{rng.randrange(500)}" for _ in range(rng.randrange(20, 300))]
        has_oil = rng.random() < 0.3
        for _ in range(rng.choice([1, 1, 1, 2, 3, 8]) if has_oil else 0):
            words.insert(rng.randrange(len(words)), "oil")
        expected += has_oil
        title = "Oil prices" if has_oil and rng.random() < 0.2 else "News"
        article = Article.objects.create(
            title=f"{title} {number}", slug=f"article-{number}", published=date(2024, 1 + number % 3, 1 + number % 28),
            content_hash=f"hash-{number}",
        )
        Section.objects.create(article=article, position=0, anchor="intro", text=" ".join(words))
    update_search_index(article_ids=Article.objects.values_list("pk", flat=True))
    page = search_articles("oil")
    assert page.total == expected
    assert sum(bar.count for bar in page.histogram) == expected
    trends = trends_for("q=oil")
    assert sum(point.count for point in trends.series[0].points) == expected
    for point in trends.series[0].points:
        assert point.count == search_total(point.search_url)


@pytest.mark.parametrize("dates", ["from=0001-01-01", "from=0999-12-31&to=2024-03-31", "from=0001-01-01&to=9999-12-31"])
def test_a_range_starting_before_the_year_1000_is_charted_not_a_server_error(client, trend_archive, dates):
    for path in ("/trends/", "/trends/data.json", "/trends/data.csv"):
        assert client.get(f"{path}?leader=vladimir-putin&{dates}").status_code == 200, path


def test_a_range_past_the_archive_is_charted_over_the_archive_only(trend_archive):
    wide = trends_for("leader=vladimir-putin&from=0001-01-01&to=9999-12-31")
    assert [period.label for period in wide.periods] == ["2020", "2021", "2022", "2023", "2024"]
    assert [point.count for point in wide.series[0].points] == [1, 0, 0, 0, 2]
    assert [p.label for p in trends_for("leader=vladimir-putin&to=9999-12-31").periods][-1] == "2024"
    inside = trends_for("leader=vladimir-putin&from=2024-01-01&to=2024-03-31")
    assert [period.label for period in inside.periods] == ["2024-01", "2024-02", "2024-03"]
