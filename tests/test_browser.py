"""A real headless Chromium drives the site over the demo archive: search, open a hit, land on the highlighted section."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_search_then_open_a_hit_lands_on_the_marked_section_and_steps_through_matches(demo_site, desktop):
    page, site = desktop, demo_site
    page.goto(site + "/")
    box = page.get_by_label('Words, "exact phrases", OR, -exclude')
    box.fill("Kremlin readout")
    box.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/search/?q=Kremlin+readout"))
    assert page.locator("h1").inner_text() == "1 article for “Kremlin readout”"
    assert page.locator(".hit mark").first.inner_text() == "Kremlin"
    page.get_by_role("link", name="Putin and Netanyahu Discuss Gaza, Iran and Syria").click()
    page.wait_for_url(lambda url: url.endswith("?q=Kremlin%20readout#call-centers-on-gaza-ceasefire"))
    target = page.locator("section:target")
    assert target.get_attribute("id") == "call-centers-on-gaza-ceasefire"
    assert target.locator("mark.current").inner_text() == "Kremlin"
    position = page.locator(".match-position")
    assert position.inner_text() == "Match 1 of 3"
    page.get_by_role("button", name="Next match").click()
    assert position.inner_text() == "Match 2 of 3"
    assert page.locator("mark.current").inner_text() == "readout"
    page.get_by_role("button", name="Previous match").click()
    page.get_by_role("button", name="Previous match").click()
    assert position.inner_text() == "Match 3 of 3"


def test_ticking_a_leader_facet_filters_and_its_chip_removes_it(demo_site, desktop):
    page, site = desktop, demo_site
    page.goto(site + "/search/?q=Syria")
    # Ticking submits the form; see test_reading_browser.py for why not check().
    with page.expect_navigation(url=lambda url: "leader=vladimir-putin" in url):
        page.get_by_role("checkbox", name="Vladimir Putin").click(no_wait_after=True)
    assert "1 article" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Remove filter Leader: Vladimir Putin").click()
    page.wait_for_url(lambda url: "leader=" not in url)
    assert "2 articles" in page.locator("h1").inner_text()


def test_a_tag_chip_opens_the_entity_page(demo_site, desktop):
    page, site = desktop, demo_site
    page.goto(site + "/articles/putin-and-netanyahu-discuss-gaza-iran-and-syria/")
    page.locator(".tags a", has_text="Benjamin Netanyahu").click()
    page.wait_for_url(lambda url: url.endswith("/leaders/benjamin-netanyahu/"))
    assert page.locator("h1").inner_text() == "Benjamin Netanyahu"
    assert page.get_by_role("link", name="Putin and Netanyahu Discuss Gaza, Iran and Syria").count() >= 1


def test_results_page_fits_a_phone_screen(demo_site, desktop):
    page, site = desktop, demo_site
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site + "/search/?q=ceasefire")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
