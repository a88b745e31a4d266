"""Chromium drives role search and the trends chart, at desktop width and at 390 px."""

import pytest

from tests.dated_pages import ROLE_CLOSING, ROLE_PAGES, TREND_CLOSING, TREND_PAGES, write_dated_pages

pytestmark = [pytest.mark.browser]


@pytest.fixture
def dated_site(live_server, search_index, transactional_db, tmp_path):
    from articles.entities.tables import seed_entities
    from articles.imports.pipeline import import_paths
    from articles.tagging import load_gazetteer

    # A transactional test flushes every table afterwards, the gazetteer rows the migration loaded too.
    seed_entities(gazetteer=load_gazetteer())
    (tmp_path / "roles").mkdir()
    (tmp_path / "trends").mkdir()
    paths = write_dated_pages(tmp_path / "roles", ROLE_PAGES, closing=ROLE_CLOSING)
    paths += write_dated_pages(tmp_path / "trends", TREND_PAGES, closing=TREND_CLOSING)
    results = import_paths([str(path) for path in paths])
    assert all(result.status == "created" for result in results), [r.error for r in results]
    return live_server.url


def test_role_search_lists_the_holders_and_their_articles_then_the_role_page_names_the_holder_on_a_date(dated_site, chromium):
    page = chromium.new_page(viewport={"width": 1100, "height": 800})
    page.goto(dated_site + "/")
    box = page.get_by_label('Words, "exact phrases", OR, -exclude')
    box.fill('role:"president of france"')
    box.press("Enter")
    page.wait_for_url(lambda url: "/search/?q=" in url)
    assert page.locator("h1").inner_text() == "2 articles for “role:\"president of france\"”"
    assert sorted(page.locator(".hit h2").all_inner_texts()) == ["Hollande Visits Brussels", "Macron Opens Debate"]
    holders = page.locator(".role-holders")
    assert "François Hollande (2012–2017)" in holders.inner_text()
    assert "Emmanuel Macron (2017–)" in holders.inner_text()
    holders.get_by_role("link", name="President of France").click()
    page.wait_for_url(lambda url: url.endswith("/roles/president-of-france/"))
    page.get_by_label("Who held it on").fill("2016-05-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: url.endswith("?on=2016-05-01"))
    assert page.locator(".holder-on").inner_text() == "On 1 May 2016: François Hollande (2012–2017)."


def test_trends_chart_at_390_px_fits_without_horizontal_scroll_and_a_point_opens_its_month(dated_site, chromium):
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(dated_site + "/trends/?leader=vladimir-putin&leader=xi-jinping&country=ukraine&q=sanctions&from=2024-01-01&to=2024-03-31")
    assert page.locator("svg.line-chart g.series").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chart_width = page.locator("svg.line-chart").bounding_box()["width"]
    assert 300 <= chart_width <= 390
    page.get_by_role("link", name="Share of all articles").click()
    page.wait_for_url(lambda url: url.endswith("show=share"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator('a[aria-label="Xi Jinping, March 2024: 50.0% of all articles (1)"]').click()
    page.wait_for_url(lambda url: "leader=xi-jinping" in url and "from=2024-03-01" in url)
    assert page.locator("h1").inner_text() == "1 article on Xi Jinping"
    assert page.locator(".hit h2").all_inner_texts() == ["Putin and Xi Meet in Beijing"]


def test_the_role_timeline_draws_each_term_in_proportion_under_the_style_policy(dated_site, chromium):
    page = chromium.new_page(viewport={"width": 1100, "height": 800})
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(dated_site + "/roles/president-of-france/")
    rows = page.locator(".timeline li")
    bars = {
        rows.nth(index).locator("a").first.inner_text(): rows.nth(index).locator(".timeline-bar rect").bounding_box()
        for index in range(rows.count())
    }
    macron, hollande = bars["Emmanuel Macron"], bars["François Hollande"]
    # Macron's term starts in the last year of Hollande's (2017 counts for both) and runs on longer.
    assert hollande["width"] > 0 and macron["width"] > hollande["width"]
    assert hollande["x"] < macron["x"] < hollande["x"] + hollande["width"]
    assert violations == []
