"""Entity pages and browsing: A-Z lists with a filter, an entity's profile and chart, co-mentions."""

import re

import pytest

from tests.conftest import HARBOUR_NEWEST_FIRST, write_page

CALL_PAGE = """{title}

Source: Sample Wire
Published: {published}

Russian President Vladimir Putin spoke with German Chancellor Olaf Scholz about the war in Ukraine on {published}, the Kremlin said. Putin told Scholz that Russia was open to talks on energy supplies.

Gas and sanctions

Scholz said Germany would keep sanctions in place until Russia withdrew its troops from Ukraine. Officials in Berlin said the call lasted an hour and covered gas deliveries and the fate of prisoners of war.
"""
CALLS = [
    ("gas-call.txt", "Putin and Scholz discuss gas", "2024-01-05"),
    ("second-call.txt", "Putin and Scholz speak again", "2024-01-20"),
    ("third-call.txt", "Putin & Scholz <b>third</b> call", "2024-03-02"),
]


@pytest.fixture
def calls(imported, tmp_path):
    """Three articles naming Putin, Scholz, Russia, Germany and Ukraine: two in January 2024, one in March."""
    paths = [write_page(tmp_path, name, CALL_PAGE.format(title=title, published=day)) for name, title, day in CALLS]
    results = imported(*paths)
    assert [r.status for r in results] == ["created"] * 3, [r.error for r in results]
    return results


def test_leader_page_shows_role_country_count_and_first_and_last_mention(client, calls):
    html = client.get("/leaders/vladimir-putin/").content.decode()
    assert "<h1>Vladimir Putin</h1>" in html
    assert 'President, <a href="/countries/russia/">Russia</a>' in html
    assert "<dt>Articles</dt><dd>3</dd>" in html
    assert "Prime Minister 1999–2000; President 2000–2008; Prime Minister 2008–2012; President 2012–" in html
    assert '<time datetime="2024-01-05">5 January 2024</time>' in html
    assert '<time datetime="2024-03-02">2 March 2024</time>' in html


def test_country_page_names_its_capital_and_leaders(client, calls):
    html = client.get("/countries/germany/").content.decode()
    assert "Capital: Berlin" in html
    assert '<a href="/leaders/olaf-scholz/">Olaf Scholz</a>' in html


def test_leader_found_by_the_tagger_is_marked_unreviewed(client, calls):
    from articles.models import Leader

    Leader.objects.filter(slug="olaf-scholz").update(is_reviewed=False)
    assert "not yet checked by an editor" in client.get("/leaders/olaf-scholz/").content.decode()
    assert "not yet checked by an editor" not in client.get("/leaders/vladimir-putin/").content.decode()


def test_entity_page_lists_its_articles_newest_first_with_titles_escaped(client, calls):
    html = client.get("/countries/germany/").content.decode()
    titles = re.findall(r'<li><a href="/articles/[^"]+/">([^<]+)</a>', html)
    assert titles == ["Putin &amp; Scholz &lt;b&gt;third&lt;/b&gt; call", "Putin and Scholz speak again", "Putin and Scholz discuss gas"]
    assert "<b>third</b>" not in html


def test_entity_page_paginates_articles(client, calls, monkeypatch):
    from articles.web import browsing

    monkeypatch.setattr(browsing, "ENTITY_PAGE_SIZE", 2)
    first = client.get("/leaders/olaf-scholz/").content.decode()
    second = client.get("/leaders/olaf-scholz/", {"page": 2}).content.decode()
    assert "Putin and Scholz speak again" in first and "Putin and Scholz discuss gas" not in first
    assert "Putin and Scholz discuss gas" in second
    assert 'rel="next" href="?page=2"' in first


GERMANY_PAGE = """{title}

Source: Sample Wire
Published: {published}

{body}
"""
# How much each article is about Germany: a headline mention, or how often its text names it.
GERMANY_ARTICLES = [
    ("passing-old.txt", "Sanctions on Norway widen", "2024-01-01", "Ministers in Oslo met on Tuesday. Germany sent a delegation to the talks."),
    ("many.txt", "Talks in Geneva", "2024-02-01", "Germany said the talks would go on. Officials from Germany and France met again. Germany wants a deal."),
    ("passing-new.txt", "Minister visits port", "2024-03-01", "The minister toured the port of Hamburg. Germany expects more ships next year."),
    ("passing-mid.txt", "Trade fair opens", "2024-01-15", "The trade fair opened in Milan. Germany sent the largest group of exhibitors."),
    ("headline.txt", "Germany holds rates", "2024-01-01", "The central bank in Frankfurt held rates on Tuesday. Officials said inflation was easing."),
    ("passing-mid-later-import.txt", "Port strike ends", "2024-01-15", "Dock workers in Rotterdam went back to work. Germany had rerouted ships."),
]
MOST_ABOUT_GERMANY = [
    "Germany holds rates",  # the headline names it (once in all)
    "Talks in Geneva",  # three mentions
    "Minister visits port",  # one mention each from here: newest first
    "Port strike ends",  # same day and count as the next: imported later
    "Trade fair opens",
    "Sanctions on Norway widen",
]


@pytest.fixture
def germany_articles(imported, tmp_path):
    """Six articles tagged Germany: one in its headline, one three times, four in passing."""
    paths = [
        write_page(tmp_path, name, GERMANY_PAGE.format(title=title, published=day, body=body))
        for name, title, day, body in GERMANY_ARTICLES
    ]
    results = imported(*paths)
    assert [r.status for r in results] == ["created"] * len(paths), [r.error for r in results]


def listed_titles(html: str) -> list[str]:
    return re.findall(r'<li><a href="/articles/[^"]+/">([^<]+)</a>', html)


def test_most_about_order_puts_headline_mentions_then_most_mentions_then_newest_first(client, germany_articles):
    html = client.get("/countries/germany/", {"sort": "relevance"}).content.decode()
    assert listed_titles(html) == MOST_ABOUT_GERMANY
    assert '<strong aria-current="true">Most about Germany</strong>' in html
    assert '<a href="?">Newest first</a>' in html  # the default order's link carries no sort


def test_entity_page_offers_the_most_about_order_beside_newest_first(client, germany_articles):
    html = client.get("/countries/germany/").content.decode()
    assert listed_titles(html)[:3] == ["Minister visits port", "Talks in Geneva", "Port strike ends"]
    assert '<strong aria-current="true">Newest first</strong>' in html
    assert '<a href="?sort=relevance">Most about Germany</a>' in html


@pytest.mark.parametrize("path, name", [
    ("/leaders/vladimir-putin/", "Vladimir Putin"), ("/countries/russia/", "Russia"), ("/topics/sanctions/", "Sanctions"),
])
def test_leader_country_and_topic_pages_sort_by_most_about(client, calls, path, name):
    response = client.get(path, {"sort": "relevance"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<strong aria-current="true">Most about {name}</strong>' in html
    assert len(listed_titles(html)) == 3


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_entity_page_pages_through_every_article_once_in_either_order(client, germany_articles, monkeypatch, sort):
    from articles.web import browsing

    monkeypatch.setattr(browsing, "ENTITY_PAGE_SIZE", 2)
    pages = [client.get("/countries/germany/", {"sort": sort, "page": number}).content.decode() for number in (1, 2, 3)]
    titles = [title for html in pages for title in listed_titles(html)]
    assert sorted(titles) == sorted(title for _, title, _, _ in GERMANY_ARTICLES)  # none twice, none left out
    assert "<dt>Articles</dt><dd>6</dd>" in pages[0] and "page 3 of 3" in pages[2]
    assert f'rel="next" href="?page=2&amp;sort={sort}"' in pages[0]  # the next page keeps the order


def test_most_about_order_continues_across_pages_and_a_new_order_starts_at_page_one(client, germany_articles, monkeypatch):
    from articles.web import browsing

    monkeypatch.setattr(browsing, "ENTITY_PAGE_SIZE", 2)
    pages = [client.get("/countries/germany/", {"sort": "relevance", "page": number}).content.decode() for number in (1, 2, 3)]
    assert [title for html in pages for title in listed_titles(html)] == MOST_ABOUT_GERMANY
    assert 'rel="prev" href="?page=1&amp;sort=relevance">← Previous</a>' in pages[1]
    assert '<a href="?">Newest first</a>' in pages[1]
    assert '<a href="?sort=relevance">Most about Germany</a>' in client.get("/countries/germany/", {"page": 2}).content.decode()


def test_article_tagged_by_hand_without_a_mention_comes_last_in_the_most_about_order(client, germany_articles, imported, tmp_path):
    from articles.models import Article, Country

    [result] = imported(write_page(tmp_path, "by-hand.txt", GERMANY_PAGE.format(
        title="Snow closes Oslo airport", published="2024-04-01", body="Heavy snow closed the airport in Oslo on Monday.",
    )))
    Country.objects.get(slug="germany").articles.add(Article.objects.get(slug=result.slug))  # as an admin can
    html = client.get("/countries/germany/", {"sort": "relevance"}).content.decode()
    assert listed_titles(html) == [*MOST_ABOUT_GERMANY, "Snow closes Oslo airport"]
    assert "<dt>Articles</dt><dd>7</dd>" in html


def test_entity_page_lists_undated_articles_after_the_dated_ones_on_every_page(client, harbour_articles, monkeypatch):
    from articles.web import browsing

    monkeypatch.setattr(browsing, "ENTITY_PAGE_SIZE", 2)
    pages = [client.get("/countries/germany/", {"page": number}).content.decode() for number in (1, 2, 3)]
    assert [title for html in pages for title in listed_titles(html)] == HARBOUR_NEWEST_FIRST  # each once, undated last
    assert "<dt>Articles</dt><dd>5</dd>" in pages[0] and "page 3 of 3" in pages[2]


@pytest.mark.parametrize("sort", ["bogus", "", "RELEVANCE", "relevance'--", "x" * 5000])
def test_unknown_order_shows_newest_first(client, germany_articles, sort):
    response = client.get("/countries/germany/", {"sort": sort})
    assert response.status_code == 200
    html = response.content.decode()
    assert listed_titles(html) == listed_titles(client.get("/countries/germany/").content.decode())
    assert '<strong aria-current="true">Newest first</strong>' in html


def test_month_chart_is_an_accessible_svg_whose_bars_open_that_months_search(client, calls):
    html = client.get("/leaders/vladimir-putin/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert '<title id="chart-title">Articles mentioning Vladimir Putin per month</title>' in svg
    assert "<desc" in svg
    assert '<a href="/search/?leader=vladimir-putin&amp;from=2024-01-01&amp;to=2024-01-31" aria-label="January 2024: 2 articles">' in svg
    assert '<a href="/search/?leader=vladimir-putin&amp;from=2024-03-01&amp;to=2024-03-31" aria-label="March 2024: 1 article">' in svg
    assert "February 2024" not in svg  # an empty month is a gap, not a link to nothing
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no external resources


def test_month_chart_link_finds_that_months_articles(client, calls):
    html = client.get("/search/", {"leader": "vladimir-putin", "from": "2024-01-01", "to": "2024-01-31"}).content.decode()
    assert "Putin and Scholz discuss gas" in html
    assert "Putin and Scholz speak again" in html
    assert "third" not in html


def test_entity_page_links_co_mentioned_entities_to_the_combined_search(client, calls):
    html = client.get("/leaders/vladimir-putin/").content.decode()
    aside = html[html.index('<aside class="co-mentions"') :]
    assert '<a href="/search/?leader=vladimir-putin&amp;country=germany"' in aside
    # Two leaders: both must apply, and repeated ?leader= means either, so the second goes in the query.
    assert '<a href="/search/?leader=vladimir-putin&amp;q=leader%3Aolaf-scholz"' in aside
    assert ">Vladimir Putin</a> <span" not in aside  # not co-mentioned with itself


def test_combined_search_from_entity_page_finds_the_shared_articles(client, calls):
    html = client.get("/search/", {"leader": "vladimir-putin", "country": "germany"}).content.decode()
    assert "3 articles" in html


def test_two_leaders_link_finds_the_articles_naming_both(client, calls, seed_article):
    html = client.get("/search/", {"leader": "vladimir-putin", "q": "leader:olaf-scholz"}).content.decode()
    assert "3 articles" in html
    assert "Putin and Netanyahu Discuss" not in html


def test_co_mentions_understand_field_prefixes_in_the_query(client, calls, seed_article):
    html = client.get("/co-mentions/", {"q": "leader:netanyahu"}).content.decode()
    assert "1 matching article." in html
    assert ">Olaf Scholz</a>" not in html


def test_entity_page_has_a_search_within_form_and_a_feed(client, calls):
    html = client.get("/topics/sanctions/").content.decode()
    form = html[html.index('<form class="search-within"') :]
    form = form[: form.index("</form>")]
    assert 'action="/search/" method="get"' in form
    assert '<input type="hidden" name="topic" value="sanctions">' in form
    assert '<label for="within-q">' in form
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="/topics/sanctions/feed/"' in html


def test_entity_without_articles_has_a_page_but_no_chart(client, db):
    response = client.get("/leaders/joe-biden/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No articles mention Joe Biden yet." in html
    assert "<svg" not in html


def test_entity_names_edited_in_the_admin_are_escaped_on_the_page_and_in_the_chart(client, calls):
    from articles.models import Article, Leader

    evil = Leader.objects.create(name='Evil <script>alert("x")</script>', slug="evil", aliases=["<img src=x onerror=alert(1)>"])
    evil.articles.set(Article.objects.all())
    pages = [client.get(path).content.decode() for path in ("/leaders/evil/", "/leaders/", "/leaders/vladimir-putin/", "/co-mentions/")]
    for html in pages:
        assert '<script>alert("x")' not in html
        assert "<img src=x" not in html
    assert "Articles mentioning Evil &lt;script&gt;" in pages[0]
    assert client.get("/api/suggest/", {"q": "evil"}).json()[0]["name"] == 'Evil <script>alert("x")</script>'  # JSON: text


@pytest.mark.parametrize("path", ["/leaders/nobody-at-all/", "/countries/atlantis/", "/topics/no-such-topic/"])
def test_unknown_entity_is_404(client, db, path):
    assert client.get(path).status_code == 404


def test_leader_list_is_grouped_a_to_z_by_surname_with_full_names_and_counts(client, calls):
    html = client.get("/leaders/").content.decode()
    assert '<h2 id="letter-P">P</h2>' in html and '<h2 id="letter-S">S</h2>' in html
    assert "letter-O" not in html and "letter-V" not in html
    groups = html[html.index('id="entity-groups"') :]
    assert groups.index('id="letter-P"') < groups.index("Vladimir Putin") < groups.index('id="letter-S"') < groups.index("Olaf Scholz")
    assert '<a href="/leaders/olaf-scholz/">Olaf Scholz</a> <span class="count">3' in html


@pytest.mark.parametrize(
    "name, aliases, filed_under",
    [
        ("Vladimir Putin", ["Vladimir Vladimirovich Putin", "President Putin", "Putin"], "Putin"),
        ("Xi Jinping", ["President Xi", "Xi"], "Xi"),  # family name first
        ("Ursula von der Leyen", ["von der Leyen", "VDL"], "von der Leyen"),
        ("Ferdinand Marcos Jr.", ["Marcos", "Bongbong Marcos"], "Marcos"),
        ("Olaf Scholz", [], "Scholz"),  # no short form listed: the last word
    ],
)
def test_leaders_are_filed_by_the_short_name_the_gazetteer_lists(name, aliases, filed_under):
    from articles.web.browsing import surname

    assert surname(name, aliases=aliases) == filed_under


@pytest.mark.parametrize(
    "typed, shown, hidden",
    [
        ("scho", "Olaf Scholz", "Vladimir Putin"),
        ("SCHOLZ", "Olaf Scholz", "Vladimir Putin"),
        ("vladimirovich", "Vladimir Putin", "Olaf Scholz"),  # an alias
    ],
)
def test_entity_list_filter_box_works_without_javascript(client, calls, typed, shown, hidden):
    html = client.get("/leaders/", {"filter": typed}).content.decode()
    assert f">{shown}</a>" in html
    assert f">{hidden}</a>" not in html
    assert f'name="filter" value="{typed}"' in html


def test_entity_list_filter_ignores_accents(client, calls):
    html = client.get("/countries/", {"filter": "gérmany"}).content.decode()
    assert ">Germany</a>" in html and ">Russia</a>" not in html


def test_entity_list_filter_without_matches_says_so(client, calls):
    html = client.get("/topics/", {"filter": "<script>"}).content.decode()
    assert "No names contain “&lt;script&gt;”" in html
    assert "<script>" not in html.split("<script src=")[0]


@pytest.mark.parametrize(
    "params, narrow, expected",
    [
        ([], [("leader", "a"), ("country", "b")], "leader=a&country=b"),
        ([("q", "gas"), ("page", "3")], [("country", "b")], "q=gas&country=b"),
        ([("leader", "a")], [("leader", "a")], "leader=a"),  # already the only leader
        ([("leader", "a")], [("leader", "c")], "leader=a&q=leader%3Ac"),  # two leaders, both required
        ([("leader", "a"), ("leader", "c")], [("leader", "a")], "leader=a&leader=c&q=leader%3Aa"),  # a or c, then a
        ([("q", "gas"), ("country", "b")], [("country", "d")], "country=b&q=gas+country%3Ad"),
    ],
)
def test_narrowed_search_query_adds_filters_that_must_all_apply(params, narrow, expected):
    from articles.web.browsing import narrowed_search_query

    assert narrowed_search_query(params=params, narrow=narrow) == expected


def test_co_mentions_table_counts_leaders_by_countries_for_a_search(client, calls, seed_article):
    html = client.get("/co-mentions/", {"q": "gas"}).content.decode()
    assert "3 matching articles" in html
    assert '<th scope="row"><a href="/leaders/olaf-scholz/">Olaf Scholz</a>' in html
    assert '<th scope="col"><a href="/countries/germany/">Germany</a>' in html
    assert '<td class="heat-5"><a href="/search/?q=gas&amp;leader=olaf-scholz&amp;country=germany" aria-label="3 articles naming Olaf Scholz and Germany"' in html
    assert "Benjamin Netanyahu" not in html  # the seed article does not match "gas"


def test_co_mentions_cell_opens_exactly_the_counted_articles(client, calls, seed_article):
    html = client.get("/search/", {"q": "gas", "leader": "olaf-scholz", "country": "germany"}).content.decode()
    assert "3 articles" in html


def test_co_mentions_applies_the_search_filters(client, calls, seed_article):
    html = client.get("/co-mentions/", {"leader": "benjamin-netanyahu"}).content.decode()
    assert "1 matching article." in html
    assert ">Benjamin Netanyahu</a>" in html
    assert ">Olaf Scholz</a>" not in html
    assert '<input type="hidden" name="leader" value="benjamin-netanyahu">' in html


def test_co_mentions_with_a_leader_filter_ands_another_leader_through_the_query(client, calls):
    html = client.get("/co-mentions/", {"leader": "vladimir-putin"}).content.decode()
    # Putin's own row keeps the filter as is; Scholz's row adds him in the query (repeated ?leader= means either).
    assert 'href="/search/?leader=vladimir-putin&amp;country=germany"' in html
    assert 'href="/search/?leader=vladimir-putin&amp;country=germany&amp;q=leader%3Aolaf-scholz"' in html


def test_co_mentions_apply_the_date_range(client, calls):
    html = client.get("/co-mentions/", {"q": "gas", "from": "2024-01-01", "to": "2024-01-31"}).content.decode()
    assert "2 matching articles." in html
    assert 'aria-label="2 articles naming Olaf Scholz and Germany"' in html


def test_co_mentions_says_when_nothing_matches(client, calls):
    html = client.get("/co-mentions/", {"q": "zebra"}).content.decode()
    assert "No matching articles." in html


def test_co_mentions_bad_date_is_a_400_with_the_reason(client, calls):
    response = client.get("/co-mentions/", {"from": "2024-13-45"})
    assert response.status_code == 400
    assert "use YYYY-MM-DD" in response.content.decode()


def test_co_mention_count_is_capped_and_says_so(client, calls, monkeypatch):
    from articles.web import comentions

    monkeypatch.setattr(comentions, "MAX_TABLE_ARTICLES", 2)
    html = client.get("/co-mentions/", {"q": "gas"}).content.decode()
    assert "3 matching articles; counted over the newest 2." in html
    assert 'aria-label="2 articles naming Olaf Scholz and Germany"' in html


def test_entity_list_filters_live_as_you_type_in_a_browser(browser_site, browser_page):
    page = browser_page
    page.goto(browser_site + "/countries/")
    page.get_by_label("Show names containing").fill("QAT")
    assert page.locator("#entity-groups li:visible a").all_inner_texts() == ["Qatar"]
    assert page.get_by_role("status").inner_text() == "1 name matches."
    assert page.get_by_role("navigation", name="Jump to letter").locator("a:visible").all_inner_texts() == ["Q"]


def test_month_chart_bars_are_reachable_by_keyboard_in_a_browser(browser_site, browser_page, django_db_blocker):
    from articles.models import Article

    with django_db_blocker.unblock():
        Article.objects.update(published="2024-05-06")
    page = browser_page
    page.goto(browser_site + "/leaders/vladimir-putin/")
    page.locator("#within-q").focus()  # the chart comes just before the search-within form
    page.keyboard.press("Shift+Tab")  # the table's <summary>
    page.keyboard.press("Shift+Tab")  # the one bar
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "May 2024: 1 article"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/search/?leader=vladimir-putin&from=2024-05-01&to=2024-05-31"))


def test_former_state_page_shows_its_life_span_and_successors(client, db):
    html = client.get("/countries/soviet-union/").content.decode()
    assert "State 1922–1991; succeeded by " in html
    assert '<a href="/countries/russia/">Russia</a>' in html


def test_successor_page_offers_the_former_state_apart(client, db):
    html = client.get("/countries/russia/").content.decode()
    assert 'Also: <a href="/countries/soviet-union/">Soviet Union (1922–1991)</a>' in html


SOVIET_ERA_PAGE = """{title}

Source: Sample Wire
Published: 1987-03-12

The prime minister told reporters in London that sterling would stay outside the exchange rate mechanism. Moscow has warned against new tariffs, and the Kremlin said talks would go on.
"""


def test_imported_title_is_tagged_and_a_soviet_era_kremlin_is_the_soviet_union(client, imported, tmp_path):
    title = "Thatcher Says Britain Will Not Join European Monetary System Yet"
    [result] = imported(write_page(tmp_path, "thatcher.txt", SOVIET_ERA_PAGE.format(title=title)))
    assert result.status == "created", result.error
    assert title in client.get("/leaders/margaret-thatcher/").content.decode()
    assert title in client.get("/countries/soviet-union/").content.decode()
    assert title not in client.get("/countries/russia/").content.decode()
