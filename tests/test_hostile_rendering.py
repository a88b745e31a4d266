"""Imported text built to break a page's layout: words longer than a phone's screen in the title, source
and body, and a query of one such word, must wrap, never push the page sideways; bidi overrides and
isolates in a title, the body or a query must not reorder what follows them."""

import re

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


BIDI_EMBEDDINGS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_PAGE = """Putin\u202e and Netanyahu talk\u2067 gas

Source: Wire\u202b
Published: 2023-06-02

Russian President Vladimir Putin\u202e met Israeli leaders on Friday to discuss gas prices and a ceasefire in Gaza\u2066.

Gas storage

Both leaders said gas storage\u202d must be filled before winter, officials said on the day.
"""


@pytest.mark.parametrize("query", ["gas\u202e prices", "\u2067ceasefire", "\u202bputin\u202c"])
def test_bidi_embeddings_in_titles_text_and_queries_never_reach_a_page(client, imported, tmp_path, query):
    [result] = imported(write_page(tmp_path, "bidi.txt", BIDI_PAGE))
    assert result.status == "created", result.error
    pages = {path: client.get(path, {"q": query}) for path in ("/search/", result.url, "/co-mentions/", "/api/search/")}
    pages["/leaders/vladimir-putin/"] = client.get("/leaders/vladimir-putin/")
    pages["error"] = client.get("/search/", {"q": query, "from": "not-a-date"})
    assert {path: response.status_code for path, response in pages.items()} == {path: 400 if path == "error" else 200 for path in pages}
    assert [hit["title"] for hit in pages["/api/search/"].json()["results"]] == ["Putin and Netanyahu talk gas"]
    # Hidden inputs carry the query as typed back to the server, which removes them again; they show nothing.
    shown = {path: re.sub(r'<input type="hidden"[^>]*>', "", response.content.decode()) for path, response in pages.items()}
    leaking = {path: sorted({c for c in text if c in BIDI_EMBEDDINGS}) for path, text in shown.items()}
    assert leaking == {path: [] for path in pages}
