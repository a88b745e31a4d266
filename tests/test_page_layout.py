"""Every page type at phone (390 x 844) and desktop (1280 x 900) width: no sideways scrolling, no serious
or critical accessibility violations (axe-core, bundled by axe-playwright-python: no download).
"""

import pytest

from tests.conftest import DESKTOP, PHONE, close_when_idle, log_in_as_admin

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]

ARTICLE = "/articles/gaza-ceasefire-takes-effect-as-first-hostages-and-prisoners-are-freed/"
PAGES = {
    "home": "/",
    "results": "/search/?q=ceasefire",
    "results-filtered": "/search/?q=ceasefire&leader=benjamin-netanyahu&country=israel",
    "results-dates": "/search/?q=minister&from=2019-01-01&to=2025-12-31",
    "results-filters-only": "/search/?topic=energy-policy",
    "results-empty": "/search/?q=ceasefire&topic=brexit&source=BBC",
    "article-with-query": ARTICLE + "?q=ceasefire#relief-and-grief-in-gaza",
    "leader": "/leaders/vladimir-putin/",
    "country": "/countries/russia/",
    "topic": "/topics/sanctions/",
    "topic-most-about": "/topics/sanctions/?sort=relevance",
    "leaders-a-z": "/leaders/",
    "countries-a-z": "/countries/",
    "topics-a-z": "/topics/",
    "co-mentions": "/co-mentions/",
    "help": "/search/help/",
}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen_and_has_no_serious_accessibility_violations(demo_site, chromium, name, width):
    context = chromium.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    response = page.goto(demo_site + PAGES[name])
    assert response.status == 200
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    assert axe_problems(page) == []
    close_when_idle(context)


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_batch_page_fits_the_screen_and_has_no_serious_accessibility_violations(demo_site, chromium, running_batch, width):
    context = chromium.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    log_in_as_admin(page, demo_site)
    page.goto(demo_site + running_batch.get_absolute_url())
    # The page polls its job; check it once its stylesheets and first poll have settled.
    page.wait_for_load_state("networkidle")
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    assert axe_problems(page) == []
    close_when_idle(context)
