"""Invisible characters inside a word of an imported page (soft hyphen, zero-width space, zero-width
non-joiner and joiner, word joiner, BOM): the word is stored, searched and shown whole, whether the
page is an HTML file, a text dump or a zip member, and whether the reader types the word whole or
pastes it with the character."""

import zipfile

import pytest

from tests.conftest import search_titles, write_page

INVISIBLE_CHARACTERS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
TITLE = "City newspaper reopens its printworks"
HEADING = "The handbook of the railway"
# Each word as the page holds it, one invisible character inside: the title, the intro, the heading
# and the body each hold one that the cleaner kept before (zero-width space and joiners).
WORDS = {
    "newspaper": "news\u200bpaper",  # title and intro
    "printworks": "print\u00adworks",  # title
    "dockworkers": "dock\u200bworkers",  # intro
    "ceasefire": "cease\u00adfire",  # intro
    "waterfront": "water\u2060front",  # intro
    "handbook": "hand\u200cbook",  # heading and body
    "railway": "rail\ufeffway",  # heading and body
    "landmark": "land\u200dmark",  # body
    "bookshop": "book\u200bshop",  # body
}

DUMP_PAGE = """City news\u200bpaper reopens its print\u00adworks

Source: Harbour Wire
Published: 2024-03-05

The harbour news\u200bpaper returned to print on Tuesday after a cease\u00adfire ended the dock\u200bworkers strike, its editor said at the water\u2060front.

The hand\u200cbook of the rail\ufeffway

Each reader got a copy of the old rail\ufeffway hand\u200cbook, a land\u200dmark of local publishing kept in the book\u200bshop for decades.
"""
# The same page as HTML: some characters written out, some as character references, the headline in JSON-LD too.
HTML_PAGE = """<html><head><title>City news&#8203;paper reopens its print&shy;works</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "City news\\u200bpaper reopens its print\\u00adworks",
"datePublished": "2024-03-05", "publisher": {"name": "Harbour Wire"}}</script></head>
<body><article><h1>City news\u200bpaper reopens its print\u00adworks</h1>
<p>The harbour news&#x200B;paper returned to print on Tuesday after a cease&shy;fire ended the dock&#8203;workers strike, its editor said at the water&#x2060;front.</p>
<h2>The hand&zwnj;book of the rail&#xFEFF;way</h2>
<p>Each reader got a copy of the old rail\ufeffway hand\u200cbook, a land&zwj;mark of local publishing kept in the book\u200bshop for decades.</p>
</article></body></html>
"""


@pytest.fixture
def search_index(any_search_index):
    """Each test here runs on each search engine (the PostgreSQL one on PostgreSQL)."""
    return any_search_index


def write_shape(folder, shape: str):
    """Return the path of the page as an HTML file, a text dump or a zip holding the HTML file."""
    if shape == "html":
        return write_page(folder, "harbour.html", HTML_PAGE)
    if shape == "dump":
        return write_page(folder, "harbour.txt", DUMP_PAGE)
    archive = folder / "pages.zip"
    with zipfile.ZipFile(archive, "w") as pages:
        pages.writestr("2024/harbour.html", HTML_PAGE)
    return archive


@pytest.mark.parametrize("shape", ["html", "dump", "zip"])
def test_a_word_with_an_invisible_character_inside_is_found_whole_and_shown_whole(client, imported, tmp_path, shape):
    [result] = imported(write_shape(tmp_path, shape))
    assert result.status == "created", result.error
    found = {word: search_titles(client, q=word) for word in WORDS}
    found_as_pasted = {word: search_titles(client, q=pasted) for word, pasted in WORDS.items()}
    assert found == {word: [TITLE] for word in WORDS}
    assert found_as_pasted == found
    page = client.get(result.url).content.decode()
    assert TITLE in page and HEADING in page
    assert [word for word in WORDS if word not in page] == []
    assert [f"U+{ord(character):04X}" for character in INVISIBLE_CHARACTERS if character in page] == []
