"""Imported text built to break a page's layout: words longer than a phone's screen in the title, source
and body, and a query of one such word, must wrap, never push the page sideways."""

import pytest

from tests.conftest import DESKTOP, PHONE, write_page

LONG_WORD = "Scholz" + "x" * 400
LONG_WORD_PAGE = f"""{LONG_WORD} visits Rome

Source: Wire{"y" * 300}
Published: 2023-06-02

German Chancellor Olaf Scholz met Italian leaders in Rome on Friday, {LONG_WORD}, to discuss energy prices.

Gas storage

Both leaders said gas storage {"z" * 500} must be filled before winter.
"""


@pytest.fixture
def long_word_site(browser_site, tmp_path):
    from articles.imports.pipeline import import_paths

    [result] = import_paths([str(write_page(tmp_path, "long.txt", LONG_WORD_PAGE))])
    assert result.status == "created", result.error
    return browser_site, result.url


@pytest.mark.slow
@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_words_longer_than_the_screen_wrap_on_every_page_that_shows_them(long_word_site, chromium, screen):
    site, article_url = long_word_site
    context = chromium.new_context(viewport=screen)
    page = context.new_page()
    too_wide = []
    for path in [article_url, f"{article_url}?q={LONG_WORD}", "/search/?q=scholz", f"/search/?q={LONG_WORD}",
                 f"/search/?q={'q' * 900}", "/leaders/olaf-scholz/", "/search/?q=scholz&source=Wire" + "y" * 300]:
        page.goto(site + path)
        page.evaluate("document.querySelectorAll('details').forEach(details => { details.open = true; })")
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            too_wide.append(f"{path[:60]}: {scroll_width} > {inner_width}")
    page.wait_for_load_state("networkidle")
    context.close()
    assert too_wide == []
