"""clean_page on HTML pages: which title and which authors a reader gets, one case per class of page.

Each page is written by hand on the markup of a real page of the development sets
(shared/data/readability, shared/data/aeb); the texts are invented.
"""

import pytest

from articles.cleaning import clean_page

STORY = ("<p>The harbour wall was repaired over the winter, the port said on Monday.</p>"
         "<p>Ferries will use the inner berth again from next week.</p>")
HEADLINE = "Harbour wall repaired after the winter storms"


def clean_html(head: str, body: str) -> tuple[str, tuple[str, ...]]:
    # A WordPress theme's layout class on <body>, as on two AEB pages: it names no box of the page.
    page_html = f'<html><head>{head}</head><body class="single theme-sidebar-left">{body}</body></html>'
    page = clean_page(page_html.encode(), filename="p.html")
    return page.title, page.authors


@pytest.mark.parametrize("head, body, title", [
    # Readability's test pages: a one-word <h1> under a <title> naming the page.
    ("<title>Base URL test</title>", f"<article><h1>Lorem</h1>{STORY}</article>", "Base URL test"),
    # Dublin Core names the document; og:title is a line for sharing (Readability's 004 page).
    (f'<meta property="x:title dc:title" content="{HEADLINE}"><meta property="og:title" content="Wall is back">'
     "<title>Title Element</title>", f"<article><h1>Port news</h1>{STORY}</article>", HEADLINE),
    # Parse.ly's title, set by the publisher's CMS, when the page has no og:title.
    (f'<meta name="parsely-title" content="{HEADLINE}">', f"<article><h1>Port news</h1>{STORY}</article>", HEADLINE),
    # The <h1> and the <title> agree; og:title rewords the story (Atlas Obscura, BBC) and the
    # JSON-LD headline is cut to a search engine's length (The Sun).
    (f'<meta property="og:title" content="The port\'s long wait is over"><title>{HEADLINE} - Port Daily</title>',
     f"<article><h1>{HEADLINE}</h1>{STORY}</article>", HEADLINE),
    ('<meta property="og:title" content="Wall in Port repaired"><script type="application/ld+json">'
     '{"@type": "NewsArticle", "headline": "Harbour wall repaired after the"}</script>'
     f"<title>{HEADLINE} – Port Daily</title>", f"<article><h1>{HEADLINE}</h1>{STORY}</article>", HEADLINE),
    # Atlas Obscura: an empty <title> in the <head>, the page's own after its scripts, icons' titles in <svg>.
    ('<title></title><meta property="og:title" content="The port\'s long wait is over">',
     f'<svg><title>icon-share</title></svg><title>{HEADLINE} - Port Daily</title><article><h1>{HEADLINE}</h1>{STORY}</article>',
     HEADLINE),
], ids=["label h1 under the page's title", "dublin core title", "parsely title", "reworded og:title",
        "reworded og:title, cut JSON-LD headline", "empty title in the head"])
def test_title_is_the_pages_own_name_for_the_article(head, body, title):
    assert clean_html(head, body)[0] == title


@pytest.mark.parametrize("head, body, authors", [
    # A Dublin Core creator beside a template's default author tag (Readability's 003 and 004 pages).
    ('<meta property="dc:creator twitter:site_name" content="Jane Roe"><meta name="author" content="Port Daily web team">',
     f"<article>{STORY}</article>", ("Jane Roe",)),
    # BBC's og:article:author.
    ('<meta property="og:article:author" content="Port Daily">', f"<article>{STORY}</article>", ("Port Daily",)),
    # Yahoo's author box: the name links to the author's page, a job title beside it.
    ("", '<div class="author"><a class="author-link" href="https://news.example.org/author/jane-roe">Jane Roe</a>'
     f'<div class="author-title">Harbour Editor</div></div><article>{STORY}</article>', ("Jane Roe",)),
    # CNET's and Libération's teasers for other stories carry their own bylines; the page's own
    # classes (the sidebar layout on <body>, WordPress's category class on the post) hide no byline.
    ("", f'<article class="post category-harbour-promotion"><div class="authorInfo"><a rel="author" '
     f'href="/profiles/jane-roe/">Jane Roe</a></div>{STORY}</article><section id="contentPromo"><span class="author">'
     '<a rel="author" href="/profiles/sam-poe/">Sam Poe</a></span></section><aside class="sidebar"><span class="author">'
     '<a rel="author" href="/profiles/ann-lee/">Ann Lee</a></span></aside>', ("Jane Roe",)),
    # LWN's and the Washington Post's byline lines: names after "By", a date after them.
    ("", f'<article><div class="FeatureByline">By <b>Jane Roe</b> and Sam Poe<br>March 25, 2015</div>{STORY}</article>',
     ("Jane Roe", "Sam Poe")),
], ids=["dublin core creator", "og:article:author", "name in an author box", "bylines of other stories",
        "by-line with a date"])
def test_authors_are_the_articles_own(head, body, authors):
    assert clean_html(head, body)[1] == authors

