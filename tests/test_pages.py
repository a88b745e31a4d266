"""Pages a visitor sees: home, search, permalink with anchors, entity pages, JSON API, bad input."""

import pytest

from tests.conftest import write_page

HOSTILE_PAGE = """<html><head><title>Hostile page</title></head><body><article>
<h1>Summit ends with a statement on Ukraine</h1>
<p>Leaders met in Brussels on Tuesday and agreed a statement on Ukraine after long talks.
<img src=x onerror="alert(1)"> The statement was read out by officials at noon.</p>
<script>alert("pwned")</script>
<p>Officials said <a href="javascript:alert(2)">the full text</a> would follow later in the week.</p>
</article></body></html>"""


def test_home_lists_recent_articles_and_top_entities(client, seed_article):
    html = client.get("/").content.decode()
    assert seed_article.title in html
    assert 'href="/leaders/vladimir-putin/"' in html


def test_search_page_links_each_hit_to_its_section(client, seed_article):
    response = client.get("/search/", {"q": "ceasefire"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/articles/{seed_article.slug}/?q=ceasefire#call-centers-on-gaza-ceasefire"' in html
    assert "<mark>ceasefire</mark>" in html


def test_search_filter_by_leader_slug(client, seed_article):
    html = client.get("/search/", {"leader": "benjamin-netanyahu"}).content.decode()
    assert seed_article.title in html
    assert "1 article" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced'},
        {"q": "<script>alert(1)</script>"},
        {"q": "x" * 5000},
        {"q": "*"},
        {"q": "AND OR -"},
    ],
)
def test_odd_queries_give_a_page_not_an_error_and_are_escaped(client, seed_article, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "0"}, {"from": "2024-13-45"}, {"sort": "bogus"}])
def test_bad_search_parameters_get_a_400_page_with_the_reason(client, seed_article, params):
    response = client.get("/search/", {"q": "gaza", **params})
    assert response.status_code == 400
    assert "We could not run that search" in response.content.decode()


def test_permalink_shows_sections_with_anchors_and_tag_links(client, seed_article):
    html = client.get(f"/articles/{seed_article.slug}/").content.decode()
    assert '<section id="syria-as-a-critical-theater"' in html
    assert 'href="/countries/qatar/"' in html
    assert "Top Trending" not in html


def test_permalink_with_query_marks_matches(client, seed_article):
    html = client.get(f"/articles/{seed_article.slug}/", {"q": "Kremlin"}).content.decode()
    assert html.count("<mark>Kremlin</mark>") == 2
    assert "2 matches" in html


def test_unknown_slug_is_404(client, db):
    assert client.get("/articles/no-such-article/").status_code == 404


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/leaders/vladimir-putin/", "Putin and Netanyahu Discuss Gaza, Iran and Syria"),
        ("/countries/israel/", "Putin and Netanyahu Discuss Gaza, Iran and Syria"),
        ("/leaders/", 'href="/leaders/benjamin-netanyahu/"'),
        ("/countries/", 'href="/countries/qatar/"'),
        ("/topics/", "/topics/"),
    ],
)
def test_entity_pages_list_what_the_archive_mentions(client, seed_article, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_entity_lists_leave_out_entities_without_articles(client, seed_article):
    assert 'href="/leaders/joe-biden/"' not in client.get("/leaders/").content.decode()


def test_api_article_json(client, seed_article):
    data = client.get(f"/api/articles/{seed_article.slug}/").json()
    assert data["title"] == seed_article.title
    assert data["url"].endswith(f"/articles/{seed_article.slug}/")
    assert [s["position"] for s in data["sections"]] == list(range(7))
    assert data["sections"][0]["heading"] is None
    assert {"name": "Vladimir Putin", "slug": "vladimir-putin"} in data["leaders"]
    assert {c["slug"] for c in data["countries"]} >= {"russia", "israel"}


def test_imported_markup_is_never_live(client, imported, tmp_path):
    [result] = imported(write_page(tmp_path, "hostile.html", HOSTILE_PAGE))
    assert result.status == "created", result.error
    pages = [
        client.get(result.url).content.decode(),
        client.get("/search/", {"q": "statement"}).content.decode(),
    ]
    for html in pages:
        assert "<script>alert" not in html
        assert "onerror=" not in html
        assert 'href="javascript:' not in html


def test_article_page_explains_each_tag_with_its_sentence(client, seed_article):
    html = client.get(f"/articles/{seed_article.slug}/").content.decode()
    assert "Why these tags" in html
    assert '<a href="/countries/qatar/">Qatar</a> <span class="count">country, 1 mention</span>' in html
    assert "“The ongoing indirect talks between Israel and Hamas, supported by mediators including Egypt, Qatar" in html


UNDATED_PREMIER_PAGE = """Premier Li Meets Investors

Source: Sample Wire

Premier Li met foreign investors in Beijing and promised that China would open more of its markets to them.
"""
DATED_PREMIER_PAGE = """Premier Li Opens Trade Fair

Source: Sample Wire
Published: 2015-06-01

Premier Li opened a trade fair in Shanghai and said that China expected growth of about seven percent this year.
"""


def test_article_page_says_when_a_leader_was_chosen_without_a_date(client, imported, tmp_path):
    [undated] = imported(write_page(tmp_path, "premier-li.txt", UNDATED_PREMIER_PAGE))
    [dated] = imported(write_page(tmp_path, "premier-li-2015.txt", DATED_PREMIER_PAGE))
    undated_html = client.get(undated.url).content.decode()
    assert '<a href="/leaders/li-qiang/">Li Qiang</a>' in undated_html
    assert "The article has no date: taken to be the latest holder of the title “Premier”." in undated_html
    dated_html = client.get(dated.url).content.decode()
    assert '<a href="/leaders/li-keqiang/">Li Keqiang</a>' in dated_html
    assert "latest holder" not in dated_html


def test_article_page_lists_related_articles_and_neighbours_by_shared_leader(client, imported, seed_article, tmp_path):
    later = write_page(
        tmp_path,
        "later.txt",
        "Putin Calls Netanyahu Again\n\nPublished: 2026-01-10\n\n"
        "Russian President Vladimir Putin spoke again with Israeli Prime Minister Benjamin Netanyahu about Syria.\n",
    )
    [result] = imported(later)
    html = client.get(result.url).content.decode()
    assert "Related articles" in html
    assert f'href="/articles/{seed_article.slug}/"' in html


def test_article_page_carries_news_article_json_ld_escaped(client, imported, tmp_path):
    [result] = imported(
        write_page(tmp_path, "x.txt", "Talks </script><b>end</b>\n\nPublished: 2024-05-01\n\nLeaders met in Paris for talks on Ukraine.\n")
    )
    html = client.get(result.url).content.decode()
    assert '<script type="application/ld+json">' in html
    assert '"@type": "NewsArticle"' in html and '"datePublished": "2024-05-01"' in html
    assert "</script><b>" not in html


def test_search_help_documents_the_syntax(client, db):
    html = client.get("/search/help/").content.decode()
    for example in ("leader:putin", "date:2023-10..2024-02", "gaza -hamas", "sanction*"):
        assert example in html


def test_results_page_offers_the_same_search_as_feed_export_and_co_mentions(client, seed_article):
    html = client.get("/search/", {"q": "Kremlin"}).content.decode()
    for link in ('href="/co-mentions/?q=Kremlin"', 'href="/search/feed/?q=Kremlin"', 'href="/search/export.csv?q=Kremlin"'):
        assert link in html


def test_article_page_lists_an_article_with_similar_text_as_related_even_without_shared_tags(client, imported, tmp_path):
    first, second, other = imported(
        write_page(tmp_path, "circus1.txt", "Jugglers Return to the Big Top\n\nPublished: 2024-08-01\n\n"
                   "Jugglers and acrobats returned to the circus tent; the clowns juggled flaming torches.\n"),
        write_page(tmp_path, "circus2.txt", "Acrobats Rehearse Under the Tent\n\nPublished: 2024-08-09\n\n"
                   "The circus acrobats rehearsed with the jugglers; clowns and torches filled the tent.\n"),
        write_page(tmp_path, "bakery.txt", "Bakery Wins Bread Prize\n\nPublished: 2024-08-05\n\n"
                   "A village bakery won the prize for its sourdough bread and rye loaves.\n"),
    )
    html = client.get(first.url).content.decode()
    assert "Related articles" in html
    assert f'href="{second.url}"' in html
    assert f'href="{other.url}"' not in html
