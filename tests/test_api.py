"""JSON API (search, suggest) and CSV/JSON exports of a result set."""

import csv
import io

import pytest

from tests.conftest import write_page

MARKUP_DUMP = """Ministers publish the memo in full

Source: Sample Wire
Published: 2024-02-10

Foreign ministers in Brussels published the memo on Saturday after a week of talks about Ukraine and energy.

The text

The memo read <script>alert("memo")</script> and <b>bold claims</b> about gas prices, officials said, and was signed by all delegations.
"""


@pytest.fixture
def markup_article(imported, tmp_path):
    [result] = imported(write_page(tmp_path, "memo.txt", MARKUP_DUMP))
    assert result.status == "created", result.error
    return result


def test_api_search_returns_hits_with_snippets_tags_and_facets(client, seed_article):
    response = client.get("/api/search/", {"q": "ceasefire"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["page"] == 1
    [hit] = data["results"]
    assert hit["slug"] == seed_article.slug
    assert hit["title"] == "Putin and Netanyahu Discuss Gaza, Iran and Syria"
    assert hit["url"] == f"http://testserver/articles/{seed_article.slug}/"
    assert {"anchor": "call-centers-on-gaza-ceasefire", "heading": "Call centers on Gaza ceasefire"}.items() <= hit["snippets"][0].items()
    assert "<mark>ceasefire</mark>" in hit["snippets"][0]["html"]
    assert {"name": "Vladimir Putin", "slug": "vladimir-putin"} in hit["leaders"]
    assert {"slug": "vladimir-putin", "name": "Vladimir Putin", "count": 1, "selected": False} in data["facets"]["leaders"]
    assert {"leaders", "countries", "topics", "source"} <= set(data["facets"])


def test_api_search_applies_filters_like_the_page(client, seed_article, markup_article):
    assert client.get("/api/search/", {"leader": "benjamin-netanyahu"}).json()["count"] == 1
    assert client.get("/api/search/", {"q": "memo", "leader": "benjamin-netanyahu"}).json()["count"] == 0
    assert client.get("/api/search/", {"from": "2024-02-01", "to": "2024-02-29"}).json()["results"][0]["published"] == "2024-02-10"


def test_api_search_counts_hits_per_year_and_per_month_within_a_date_range(client, seed_article, markup_article):
    assert client.get("/api/search/").json()["facets"]["year"] == [
        {"value": "2024", "count": 1, "from": "2024-01-01", "to": "2024-12-31"}
    ]
    months = client.get("/api/search/", {"from": "2024-01-01", "to": "2024-06-30"}).json()["facets"]["month"]
    assert months == [{"value": "2024-02", "count": 1, "from": "2024-02-01", "to": "2024-02-29"}]


def test_api_search_offers_did_you_mean_when_nothing_matches(client, seed_article):
    data = client.get("/api/search/", {"q": "ceasfire"}).json()
    assert data["count"] == 0
    assert data["did_you_mean"] == "ceasefire"


def test_api_search_snippets_escape_imported_markup(client, markup_article):
    [hit] = client.get("/api/search/", {"q": "memo"}).json()["results"]
    html = " ".join(s["html"] for s in hit["snippets"])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "params, message",
    [
        ({"page": "abc"}, "Page 'abc' is not a number"),
        ({"page": "0"}, "out of range"),
        ({"from": "2024-13-45"}, "use YYYY-MM-DD"),
        ({"sort": "bogus"}, "Unknown sort 'bogus'"),
    ],
)
def test_api_search_bad_parameters_are_a_400_with_the_reason(client, seed_article, params, message):
    response = client.get("/api/search/", {"q": "gaza", **params})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("netan", ("leader", "Benjamin Netanyahu", "benjamin-netanyahu", "/leaders/benjamin-netanyahu/")),
        ("NETANYAHU", ("leader", "Benjamin Netanyahu", "benjamin-netanyahu", "/leaders/benjamin-netanyahu/")),
        ("bibi", ("leader", "Benjamin Netanyahu", "benjamin-netanyahu", "/leaders/benjamin-netanyahu/")),  # alias
        ("TÜRK", ("country", "Turkey", "turkey", "/countries/turkey/")),  # case and accents folded
        ("dawlat qat", ("country", "Qatar", "qatar", "/countries/qatar/")),  # alias "Dawlat Qaṭar"
    ],
)
def test_suggest_finds_entities_by_name_or_alias_prefix(client, seed_article, typed, expected):
    response = client.get("/api/suggest/", {"q": typed})
    assert response.status_code == 200
    kind, name, slug, url = expected
    assert {"kind": kind, "name": name, "slug": slug, "url": url} in response.json()


def test_suggest_ranks_name_prefixes_first_and_returns_at_most_ten(client, seed_article):
    found = client.get("/api/suggest/", {"q": "i"}).json()
    assert 0 < len(found) <= 10
    starts = [s["name"].lower().startswith("i") for s in found]
    assert starts == sorted(starts, reverse=True)  # "Iran", "Israel" before names with a later word or alias on "i"
    assert {"Iran", "Israel"} <= {s["name"] for s in found}


def test_suggest_speaks_opensearch_suggestions_for_address_bars(client, seed_article):
    response = client.get("/api/suggest/", {"q": "netan", "format": "opensearch"})
    assert response["Content-Type"] == "application/x-suggestions+json"
    assert response.json() == ["netan", ["Benjamin Netanyahu"], ["leader"], ["http://testserver/leaders/benjamin-netanyahu/"]]


@pytest.mark.parametrize("typed", ["", "   ", "joe biden", "zzz"])
def test_suggest_returns_nothing_for_empty_input_or_entities_without_articles(client, seed_article, typed):
    assert client.get("/api/suggest/", {"q": typed}).json() == []


def test_suggest_script_is_loaded_by_every_page_and_the_form_still_submits_without_it(client, db):
    html = client.get("/").content.decode()
    assert 'src="/static/js/suggest.js" data-suggest-url="/api/suggest/"' in html
    assert '<form class="search-box" role="search" action="/search/" method="get">' in html


def test_csv_export_has_a_header_and_one_row_per_article(client, seed_article, markup_article):
    response = client.get("/search/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="newsindex-search.csv"' == response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_title = {r["title"]: r for r in rows}
    assert set(by_title) == {"Ministers publish the memo in full", "Putin and Netanyahu Discuss Gaza, Iran and Syria"}
    assert "Vladimir Putin" in by_title["Putin and Netanyahu Discuss Gaza, Iran and Syria"]["leaders"].split("; ")
    assert by_title["Ministers publish the memo in full"]["published"] == "2024-02-10"


def test_json_export_follows_the_search_and_says_how_many_matched(client, seed_article, markup_article):
    data = client.get("/search/export.json", {"q": "memo"}).json()
    assert data["count"] == 1 and data["exported"] == 1 and data["max_rows"] == 1000
    assert data["results"][0]["url"].endswith("/articles/ministers-publish-the-memo-in-full/")


def test_export_is_capped(client, seed_article, markup_article, monkeypatch):
    from articles.web import exports

    monkeypatch.setattr(exports, "MAX_EXPORT_ROWS", 1)
    response = client.get("/search/export.json")
    data = response.json()
    assert (data["count"], data["exported"], data["max_rows"]) == (2, 1, 1)
    assert response["X-Total-Count"] == "2"


def test_csv_export_defuses_spreadsheet_formulas():
    from articles.web.exports import write_csv

    text = write_csv([{"slug": "x", "title": '=HYPERLINK("http://evil")', "source": "+cmd", "leaders": ["-2+3"]}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == "'=HYPERLINK(\"http://evil\")"
    assert row["source"] == "'+cmd"
    assert row["leaders"] == "'-2+3"


@pytest.mark.parametrize("path", ["/search/export.csv", "/search/export.json"])
def test_export_bad_parameters_are_a_400_with_the_reason(client, db, search_index, path):
    response = client.get(path, {"from": "yesterday"})
    assert response.status_code == 400
    assert "'yesterday' is not a date" in response.content.decode()


def test_suggest_box_in_a_browser_is_a_keyboard_listbox_that_opens_the_entity(browser_site, browser_page):
    page = browser_page
    page.goto(browser_site + "/")
    box = page.get_by_role("combobox", name="Search the archive")
    box.fill("netan")
    option = page.get_by_role("option", name="Benjamin Netanyahu Leader")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/leaders/benjamin-netanyahu/"))
    assert page.locator("h1").inner_text() == "Benjamin Netanyahu"


def test_suggest_box_escape_closes_the_list_and_enter_still_searches_the_words(browser_site, browser_page):
    page = browser_page
    page.goto(browser_site + "/")
    box = page.get_by_role("combobox", name="Search the archive")
    box.fill("qatar")
    page.get_by_role("option", name="Qatar Country").wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/search/?q=qatar"))
