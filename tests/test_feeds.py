"""Atom feeds for searches and entities, the OpenSearch description, sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from tests.conftest import HARBOUR_NEWEST_FIRST, write_page

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP_DUMP = """Ministers publish the memo in full

Source: Sample Wire
Published: 2024-02-10

The memo read <script>alert("memo")</script> and <b>bold claims</b> about gas prices in Ukraine, officials in Brussels said on Saturday.

Reactions

Diplomats said the memo would be discussed again at the next meeting of foreign ministers in March.
"""


@pytest.fixture
def markup_article(imported, tmp_path):
    [result] = imported(write_page(tmp_path, "memo.txt", MARKUP_DUMP))
    assert result.status == "created", result.error
    return result


def entries(response) -> list[dict]:
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_search_feed_lists_the_matching_articles(client, seed_article, markup_article):
    response = client.get("/search/feed/", {"q": "ceasefire"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    [entry] = entries(response)
    assert entry["title"] == "Putin and Netanyahu Discuss Gaza, Iran and Syria"
    assert entry["link"] == f"http://testserver/articles/{seed_article.slug}/"
    assert "Vladimir Putin" in entry["categories"]


def test_search_feed_keeps_the_filters_and_links_back_to_the_search(client, seed_article, markup_article):
    response = client.get("/search/feed/", {"leader": "benjamin-netanyahu", "page": "3"})
    assert [e["title"] for e in entries(response)] == ["Putin and Netanyahu Discuss Gaza, Iran and Syria"]
    feed = ET.fromstring(response.content)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/search/?leader=benjamin-netanyahu"
    assert links["self"] == "http://testserver/search/feed/?leader=benjamin-netanyahu"


def test_search_feed_holds_up_to_twenty_newest_articles(client, imported, tmp_path):
    pages = [
        write_page(tmp_path, f"day-{day:02d}.txt", MARKUP_DUMP.replace("Ministers publish the memo in full", f"Memo day {day}")
                   .replace("2024-02-10", f"2024-01-{day:02d}").replace("Saturday", f"day {day}"))
        for day in range(1, 23)
    ]
    assert {r.status for r in imported(*pages)} == {"created"}
    titles = [e["title"] for e in entries(client.get("/search/feed/", {"q": "memo"}))]
    assert titles == [f"Memo day {day}" for day in range(22, 2, -1)]


def test_feed_summaries_are_escaped_text_so_imported_markup_never_runs(client, markup_article):
    for path in ("/search/feed/?q=memo", "/countries/ukraine/feed/"):
        [entry] = entries(client.get(path))
        # The summary is type="html": after XML parsing it must still be escaped HTML.
        assert "<script>" not in entry["summary"] and "<b>" not in entry["summary"]
        assert "&lt;script&gt;" in entry["summary"]


def test_search_feed_bad_parameters_are_a_400_with_the_reason(client, db, search_index):
    response = client.get("/search/feed/", {"to": "2024-02-30"})
    assert response.status_code == 400
    assert "'2024-02-30' is not a date for 'to'" in response.content.decode()


@pytest.mark.parametrize("kind", ["leaders", "countries", "topics"])
def test_entity_feeds_list_the_entitys_articles(client, seed_article, kind):
    entity = getattr(seed_article, kind).order_by("name").first()
    response = client.get(f"{entity.get_absolute_url()}feed/")
    assert response.status_code == 200
    assert [e["title"] for e in entries(response)] == [seed_article.title]
    assert f"newsindex: {entity.name}" in response.content.decode()


def test_entity_feed_lists_undated_articles_after_the_dated_ones(client, harbour_articles):
    assert [entry["title"] for entry in entries(client.get("/countries/germany/feed/"))] == HARBOUR_NEWEST_FIRST


def test_entity_feed_of_an_unknown_entity_is_404(client, db):
    assert client.get("/leaders/nobody-at-all/feed/").status_code == 404


def test_search_tools_offer_the_same_search_as_feed_exports_and_co_mentions(rf, db):
    from django.template.loader import render_to_string

    request = rf.get("/search/", {"q": "gas & oil", "leader": "vladimir-putin", "page": "2"})
    html = render_to_string("articles/_search_tools.html", {"request": request})
    same_search = "?leader=vladimir-putin&amp;q=gas+%26+oil"
    assert f'<a href="/co-mentions/{same_search}">Leaders × countries</a>' in html
    assert f'<a href="/search/feed/{same_search}" type="application/atom+xml">Atom feed</a>' in html
    assert f'<a href="/search/export.csv{same_search}" download>CSV</a>' in html
    assert f'<a href="/search/export.json{same_search}" download>JSON</a>' in html


def test_opensearch_description_is_linked_from_every_page(client, seed_article):
    html = client.get("/").content.decode()
    assert '<link rel="search" type="application/opensearchdescription+xml" title="newsindex" href="/opensearch.xml">' in html
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.content)
    templates = {u.get("type"): u.get("template") for u in root.findall("{http://a9.com/-/spec/opensearch/1.1/}Url")}
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert templates["application/atom+xml"] == "http://testserver/search/feed/?q={searchTerms}"
    assert templates["application/x-suggestions+json"] == "http://testserver/api/suggest/?format=opensearch&q={searchTerms}"


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_index_lists_one_sitemap_per_section(client, seed_article):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert locations == [f"http://testserver/sitemap-{section}.xml" for section in ("articles", "leaders", "countries", "topics")]


def test_sitemaps_list_articles_and_entity_pages_with_articles(client, seed_article):
    locations = set()
    for section in ("articles", "leaders", "countries", "topics"):
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        locations |= {loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}
    assert f"http://testserver/articles/{seed_article.slug}/" in locations
    assert "http://testserver/leaders/vladimir-putin/" in locations
    assert "http://testserver/countries/qatar/" in locations
    assert "http://testserver/leaders/joe-biden/" not in locations


def test_article_sitemap_is_paged_and_the_index_lists_every_page(client, seed_article, imported, tmp_path, monkeypatch):
    from articles.web.sitemaps import ArticleSitemap

    [result] = imported(write_page(tmp_path, "memo.txt", MARKUP_DUMP))
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    locations = [loc.text for loc in ET.fromstring(client.get("/sitemap.xml").content).iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-articles.xml" in locations
    assert "http://testserver/sitemap-articles.xml?p=2" in locations
    second = client.get("/sitemap-articles.xml", {"p": 2})
    assert second.status_code == 200
    assert len(list(ET.fromstring(second.content).iter(f"{SITEMAP}loc"))) == 1


def test_article_sitemap_lists_undated_articles_after_the_dated_ones_across_its_pages(client, harbour_articles, monkeypatch):
    from articles.models import Article
    from articles.web.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    pages = [client.get("/sitemap-articles.xml", {"p": number}) for number in (1, 2, 3)]
    locations = [loc.text for page in pages for loc in ET.fromstring(page.content).iter(f"{SITEMAP}loc")]
    slugs = {article.title: article.slug for article in Article.objects.all()}
    assert locations == [f"http://testserver/articles/{slugs[title]}/" for title in HARBOUR_NEWEST_FIRST]


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_api(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
