"""clean_page: page files (HTML, text dumps, gzip, odd encodings) -> title, metadata, sections."""

import gzip
import time
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.cleaning import CleanPage, clean_page
from articles.cleaning.language import detect_language
from articles.exceptions import CleaningError

FIXTURES = Path(__file__).parent / "fixtures" / "cleaning"


def clean_fixture(name: str) -> CleanPage:
    return clean_page((FIXTURES / name).read_bytes(), filename=name)


def body_text(page: CleanPage) -> str:
    return "\n\n".join(section.text for section in page.sections)


# --- the seed text dump (shared/seed/000_b648c3a06355d553.txt) ---

SEED = "seed_putin_netanyahu.txt"


def test_seed_dump_title_is_first_line():
    assert clean_fixture(SEED).title == "Putin and Netanyahu Discuss Gaza, Iran and Syria"


def test_seed_dump_has_intro_and_six_subheaded_sections():
    headings = [section.heading for section in clean_fixture(SEED).sections]
    assert headings == [
        None,
        "Call centers on Gaza ceasefire",
        "Russia’s push on Palestinian issue",
        "Focus on Iran’s nuclear program",
        "Syria as a critical theater",
        "Balancing acts and great‑power signaling",
        "Humanitarian backdrop to diplomatic moves",
    ]


def test_seed_dump_drops_slug_line():
    page = clean_fixture(SEED)
    assert page.sections[0].paragraphs[0].startswith("Russian President Vladimir Putin")
    assert "putin and netanyahu discuss" not in body_text(page)


def test_seed_dump_ends_with_last_article_paragraph():
    last = clean_fixture(SEED).sections[-1].paragraphs[-1]
    assert last.endswith("the uncertain trajectory of Iran’s nuclear ambitions.")


@pytest.mark.parametrize("boilerplate", [
    "Subscribe to Our Newsletter",
    "Related Articles",
    "Top Trending",
    "13 Best Transcription Services",
    "Fintech & Finance",
    "FintechZoom.com Bonds",
    "GAMING",
    "February Wellness Essentials",
])
def test_seed_dump_drops_trailing_boilerplate(boilerplate):
    page = clean_fixture(SEED)
    assert boilerplate not in body_text(page)
    assert boilerplate not in [section.heading for section in page.sections]


def test_seed_dump_keeps_unicode_as_is():
    text = body_text(clean_fixture(SEED))
    assert "“thorough exchange of views”" in text
    assert "long\u2011standing" in text


# --- text dumps with a metadata header ---

def test_dump_header_fills_metadata():
    page = clean_fixture("dump_with_header.txt")
    assert (page.title, page.source, page.published, page.url, page.authors) == (
        "City Council Approves New Park",
        "Example News",
        date(2024, 3, 5),
        "https://news.example.com/2024/03/new-park",
        ("Jane Doe", "John Roe"),
    )


def test_dump_header_lines_are_not_body_text():
    page = clean_fixture("dump_with_header.txt")
    assert page.sections[0].paragraphs[0].startswith("The city council approved")
    assert [section.heading for section in page.sections] == [None, "Funding the project"]
    assert "Tunnel closes" not in body_text(page)


# --- HTML ---

def test_html_metadata_from_og_json_ld_and_canonical():
    page = clean_fixture("article_with_chrome.html")
    assert (page.title, page.source, page.published, page.url, page.authors, page.language) == (
        "Harbour Bridge Reopens After Repairs",
        "Example News",
        date(2024, 3, 5),
        "https://news.example.com/2024/03/bridge-reopens",
        ("Jane Doe",),
        "en",
    )


def test_html_subheadings_become_sections():
    headings = [section.heading for section in clean_fixture("article_with_chrome.html").sections]
    assert headings == [None, "Cost of the works", "What comes next"]


def test_html_body_runs_from_first_to_last_paragraph():
    text = body_text(clean_fixture("article_with_chrome.html"))
    assert text.startswith("The harbour bridge reopened")
    assert text.endswith("the cables to last forty years.")


@pytest.mark.parametrize("chrome", [
    "Home", "Share on Facebook", "Advertisement", "never text", "Newsletter", "morning briefing",
    "Tunnel closes", "Great news, finally", "Copyright", "color: red", "<p>",
])
def test_html_drops_page_chrome(chrome):
    assert chrome not in body_text(clean_fixture("article_with_chrome.html"))


def test_html_title_suffix_removed_from_title_tag():
    page_html = b"<html><head><title>Quiet Night in Town | Example News</title></head><body>" \
        b"<p>Nothing happened in town last night, the police said on Sunday morning.</p></body></html>"
    assert clean_page(page_html, filename="quiet.html").title == "Quiet Night in Town"


# --- errors a person has to act on ---

@pytest.mark.parametrize("data, message", [
    (b"", r"'bad' is empty"),
    (b"  \n\n ", r"'bad' is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), r"binary file \(PNG image\)"),
    (b"\x00\x01\x02\x03garbage\x00" * 20, r"binary file \(contains NUL bytes\)"),
    (b"".join(bytes([n, 0]) for n in range(1, 32)) * 40, r"binary file \(contains NUL bytes\)"),
    (b"\x00\x00\x01\x00" * 500, r"binary file \(contains NUL bytes\)"),
    (bytes(range(128, 256)) * 20, r"Cannot decode 'bad'"),
    (b"\x1f\x8b\x08\x00broken", r"gzip-compressed but cannot be unpacked"),
    ("\u3000\u00a0\n".encode(), r"'bad' holds only blank characters"),
])
def test_unusable_file_raises_cleaning_error(data, message):
    with pytest.raises(CleaningError, match=message) as error:
        clean_page(data, filename="bad")
    assert error.value.filename == "bad"


def test_chrome_only_page_raises_no_article_text():
    with pytest.raises(CleaningError, match=r"No article text in 'chrome_only.html'"):
        clean_fixture("chrome_only.html")


def test_title_only_dump_raises_no_article_text():
    with pytest.raises(CleaningError, match=r"No article text in 'title.txt'"):
        clean_page(b"Just A Title\n\nRelated Articles\nSomething else\n", filename="title.txt")


def test_gzipped_dump_is_unpacked():
    data = gzip.compress((FIXTURES / SEED).read_bytes())
    assert clean_page(data, filename="seed.txt.gz").title == "Putin and Netanyahu Discuss Gaza, Iran and Syria"


# --- page shapes: one fixture per shape ---

SHAPES = {
    "article_with_chrome.html.gz": (
        "Harbour Bridge Reopens After Repairs", [None, "Cost of the works", "What comes next"],
        "The harbour bridge", "to last forty years.", ["Advertisement", "Tunnel closes", "Copyright"],
    ),
    "div_soup.html": (
        "Flood Barrier Passes First Winter Test", [None, "Lessons for the next storm"],
        "Riverside residents stayed dry", "reach the river quickly.", ["Most read", "Bakery wins", "Privacy", "Home"],
    ),
    "windows1252_meta_charset.html": (
        "Les cafés parisiens ferment plus tôt", [None],
        "À Paris, les cafés", "chiffre d’affaires.", ["Accueil", "droits réservés"],
    ),
    "latin1_http_equiv.html": (
        "Zürich opens its lakeside baths early", [None],
        "The lakeside baths in Zürich", "famous crêpe by noon.", ["Content-Type"],
    ),
    "windows1252_undeclared.html": (
        "Café owners fear the “long winter”", [None],
        "Café owners along the seafront", "in March – or earlier.", ["naďve"],
    ),
    "utf8_bom.html": (
        "Straßenbahn fährt wieder nach Köln", [None],
        "Nach zwei Jahren Bauzeit", "alle zehn Minuten.", ["\ufeff"],
    ),
    "entities.html": (
        "Café Culture Returns to the Old Town", [None],
        "The old town’s cafés", "no one seemed to mind.", ["&eacute;", "&amp;", "&rsquo;"],
    ),
    "wire_story.html": (
        "Earthquake Shakes Northern Chile, No Damage Reported", [None],
        "SANTIAGO, Chile (DW) —", "countries in the world.", ["All rights reserved", "About us"],
    ),
    "live_blog.html": (
        "Election night live: results as they come in",
        ["Polls close", "First seat declared", "Turnout lower than last time"],
        "Polls have closed", "the last general election.", ["Share this post", "22:00", "Most read", "Ten things"],
    ),
    "amp_page.html": (
        "Night Trains Return to the Alps", [None, "Sleeping cars and couchettes"],
        "Night trains between Vienna", "into seats for the morning.", ["Advertisement", "Travel", "gtag"],
    ),
    "br_breaks.html": (
        "Village Fair Draws Record Crowd", [None, "Plans for next year"],
        "More than four thousand people", "until the end of the month.", ["Archive"],
    ),
    "dump_byline_date_tags.txt": (
        "Ferry Service Resumes After Storm", [None, "Timetable changes"],
        "The ferry between the two islands", "the harbour wall is inspected.",
        ["By Jane Doe", "March 5, 2024", "Tags:", "transport", "Share this"],
    ),
    "inline_links_and_credits.html": (
        "Court Rules on River Access", [None],
        "The high court ruled", "take the case further.",
        ["Image copyright", "Profile:", "Timeline of", "[button", "newsletter", "Tell us", "1 2 3", "Filed under"],
    ),
    "mid_story_widget.html": (
        "Girl Found Safe After Search", [None],
        "A missing eight-year-old girl", "appear in court on Friday.",
        ["Trending News", "Bridge closed", "Storm warning"],
    ),
    "teaser_cards.html": (
        "Ferry Strike Ends", [None],
        "The ferry strike ended", "normally from Tuesday morning.",
        ["Council budget", "The council approved", "Museum reopens", "harbour festival"],
    ),
    "widget_headings.html": (
        "Library Extends Opening Hours", [None, "Weekend opening"],
        "The central library will open", "on Sunday afternoons.",
        ["inbox", "Facebook Twitter", "Museum gets", "Bus timetable", "About time"],
    ),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_page_shape_title_and_sections(name):
    title, headings, _, _, _ = SHAPES[name]
    page = clean_fixture(name)
    assert page.title == title
    assert [section.heading for section in page.sections] == headings


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_page_shape_body_first_and_last_words(name):
    _, _, first, last, _ = SHAPES[name]
    text = body_text(clean_fixture(name))
    assert text.startswith(first)
    assert text.endswith(last)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_page_shape_drops_its_boilerplate(name):
    *_, boilerplate = SHAPES[name]
    page = clean_fixture(name)
    text = body_text(page)
    for chrome in boilerplate:
        assert chrome not in text
    assert "<" not in text


@pytest.mark.parametrize("heading", ["Newsletter", "Share this", "Related", "Most read", "Comments"])
def test_widget_heading_is_never_a_section(heading):
    headings = [section.heading for section in clean_fixture("widget_headings.html").sections]
    assert heading not in headings


@pytest.mark.parametrize("name, authors, language", [
    ("live_blog.html", ("Priya Shah", "Tom Reed"), "en"),
    ("utf8_bom.html", ("Anna Müller",), "de"),
    ("wire_story.html", ("The Associated Demo",), "en"),
    ("windows1252_meta_charset.html", (), "fr"),
])
def test_html_authors_and_language(name, authors, language):
    page = clean_fixture(name)
    assert (page.authors, page.language) == (authors, language)


@pytest.mark.parametrize("name, published, source, url", [
    ("live_blog.html", date(2024, 7, 4), "", None),
    ("wire_story.html", date(2024, 2, 11), "Demo Wire", None),
    ("amp_page.html", None, "", "https://demo.example/travel/night-trains-alps"),
])
def test_html_published_source_and_canonical_url(name, published, source, url):
    page = clean_fixture(name)
    assert (page.published, page.source, page.url) == (published, source, url)


def test_url_argument_is_used_when_page_has_no_canonical():
    page = clean_page((FIXTURES / "div_soup.html").read_bytes(), filename="x.html", url="https://example.org/a")
    assert page.url == "https://example.org/a"


def test_time_element_gives_published_date():
    page_html = b"""<html><body><article><h1>Late Train</h1><time datetime="2023-11-02T10:00">2 Nov</time>
        <p>The last train arrived two hours late on Thursday night, the operator said.</p></article></body></html>"""
    assert clean_page(page_html, filename="t.html").published == date(2023, 11, 2)


@pytest.mark.parametrize("line", ["Copyright 2024 Example News. All rights reserved.", "Advertisement"])
def test_dump_drops_chrome_lines_inside_body(line):
    dump = f"A Title Here\n\nFirst paragraph of the story, long enough.\n\n{line}\n\nLast paragraph of it.\n"
    assert line not in body_text(clean_page(dump.encode(), filename="d.txt"))


def test_dump_without_slug_or_header_starts_body_after_title():
    dump = "Storm Closes Harbour\n\nThe harbour closed on Monday as winds reached 120 km/h.\n"
    page = clean_page(dump.encode(), filename="d.txt")
    assert (page.title, body_text(page)) == ("Storm Closes Harbour", "The harbour closed on Monday as winds reached 120 km/h.")


@pytest.mark.parametrize("data, paragraph", [
    ('<?xml version="1.0" encoding="ISO-8859-1"?><html><head><title>Caf\xe9</title></head>'
     '<body><p>Un caf\xe9 tr\xe8s bon, vraiment tr\xe8s bon.</p></body></html>'.encode("latin-1"),
     "Un café très bon, vraiment très bon."),
    (b'<html><head><meta charset="utf-16"><title>T</title></head>'
     b"<body><p>Plain text in a page that lies about its encoding.</p></body></html>",
     "Plain text in a page that lies about its encoding."),
    (b'<html><head><meta charset="x-bogus"><title>T</title></head>'
     b"<body><p>Text with an unknown charset label.</p></body></html>",
     "Text with an unknown charset label."),
])
def test_declared_charset_quirks_decode_to_text(data, paragraph):
    assert clean_page(data, filename="q.html").sections[0].paragraphs == (paragraph,)


def test_dump_with_old_mac_line_endings_splits_paragraphs():
    page = clean_page(b"Title Line\r\rFirst paragraph here.\r\rSecond one.\r", filename="mac.txt")
    assert (page.title, page.sections[0].paragraphs) == ("Title Line", ("First paragraph here.", "Second one."))


@pytest.mark.parametrize("page_html", [
    b'<html><body><script>var text = "a long script string that is never article text";</script></body></html>',
    b"<html><head><title>Only a title</title></head><body></body></html>",
])
def test_page_without_body_text_raises_no_article_text(page_html):
    with pytest.raises(CleaningError, match=r"No article text in 'n.html'"):
        clean_page(page_html, filename="n.html")


ARTICLE_BODY = b"<article><h1>Harbour Wall Repaired</h1><p>The harbour wall was repaired over the winter, the port said.</p></article>"


@pytest.mark.parametrize("head, title", [
    (b'<meta property="og:title" content="Opinion | Harbour Wall Repaired At Last">', "Harbour Wall Repaired At Last"),
    (b'<meta property="og:site_name" content="Port News"><meta property="og:title" content="Port News">',
     "Harbour Wall Repaired"),
    (b"<title>Harbour Wall Repaired - The Port Courier</title>", "Harbour Wall Repaired"),
    (b"<title>Port News | Harbour Wall Repaired</title><meta property='og:site_name' content='Port News'>",
     "Harbour Wall Repaired"),
])
def test_html_title_cleaned_of_site_name_and_kicker(head, title):
    page_html = b"<html><head>" + head + b"</head><body>" + ARTICLE_BODY + b"</body></html>"
    assert clean_page(page_html, filename="t.html").title == title


@pytest.mark.parametrize("head", [
    b'<meta itemprop="datePublished dateCreated" content="2019-11-19T11:00:09.000Z">',
    b'<meta name="pdate" content="20191119">',
    b'<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "01:38 PM IST Nov 19, 2019"}</script>',
])
def test_html_published_date_forms(head):
    page_html = b"<html><head>" + head + b"</head><body>" + ARTICLE_BODY + b"</body></html>"
    assert clean_page(page_html, filename="d.html").published == date(2019, 11, 19)


def test_dump_bare_byline_and_date_lines_fill_metadata():
    page = clean_fixture("dump_byline_date_tags.txt")
    assert (page.authors, page.published) == (("Jane Doe", "John Roe"), date(2024, 3, 5))


def test_stray_control_characters_are_removed():
    page = clean_page(b"<html><body><p>Form\x0cfeed and\x01 bell text here.</p></body></html>", filename="c.html")
    assert page.sections[0].paragraphs == ("Formfeed and bell text here.",)


def test_dump_hard_wrapped_paragraphs_are_joined():
    page = clean_fixture("dump_hard_wrapped.txt")
    assert [section.heading for section in page.sections] == [None, "Fishing grounds"]
    assert page.sections[0].paragraphs == (
        "Planners approved a wind farm of sixty turbines off the east coast on Thursday, the largest "
        "of its kind in the region, after a two-year review of its effects on birds and fishing.",
    )
    assert page.sections[1].paragraphs[0].endswith("where routes have to change.")
    assert "Solar park" not in body_text(page)


@pytest.mark.parametrize("byline, authors", [
    (b'<span itemprop="author">Jane Doe</span>', ("Jane Doe",)),
    (b'<div itemprop="author" itemscope><span itemprop="name">John Roe</span></div>', ("John Roe",)),
    (b'<a rel="author" href="/ann">By Ann Lee</a>', ("Ann Lee",)),
    (b'<p class="byline">By <a href="/authors/claire-duval">Claire Duval</a> in Paris</p>', ("Claire Duval",)),
    (b'<div class="story-meta"><span class="author">Peter Lind</span></div>'
     b'<div class="comments"><span class="author">reader42</span></div>', ("Peter Lind",)),
])
def test_html_byline_elements_give_authors(byline, authors):
    page_html = b"<html><body><article>" + byline + b"<p>The harbour wall was repaired over the winter.</p></article></body></html>"
    assert clean_page(page_html, filename="a.html").authors == authors


def test_cited_address_in_story_is_kept():
    paragraphs = clean_fixture("inline_links_and_credits.html").sections[0].paragraphs
    assert "https://courts.example/judgment-2024-17" in paragraphs


@pytest.mark.parametrize("text, language", [
    ("The council said on Monday that the bridge will reopen in the spring, and that the cost of the "
     "works was lower than expected for the city and its residents.", "en"),
    ("Die Stadt hat am Montag mitgeteilt, dass die Brücke im Frühjahr wieder öffnet und dass die Kosten "
     "für die Arbeiten nicht so hoch sind wie von der Stadt erwartet.", "de"),
    ("La ville a annoncé lundi que le pont sera rouvert au printemps et que le coût des travaux est "
     "moins élevé que prévu pour les habitants de la ville et pour le budget.", "fr"),
    ("Городской совет заявил в понедельник, что мост откроется весной.", "ru"),
    ("시의회는 월요일 다리가 봄에 다시 개통될 것이라고 밝혔다.", "ko"),
    ("Bridge reopens.", ""),
])
def test_detect_language_of_undeclared_text(text, language):
    assert detect_language(text) == language


def test_dump_without_language_header_gets_detected_language():
    assert clean_fixture(SEED).language == "en"


@pytest.mark.parametrize("slug", [
    "storm closes the harbour for two days",
    "storm-closes-the-harbour-for-two-days",
])
def test_dump_slug_line_forms_are_dropped(slug):
    dump = f"Storm Closes the Harbour for Two Days\n{slug}\n\nThe harbour closed on Monday as winds reached 120 km/h.\n"
    assert body_text(clean_page(dump.encode(), filename="s.txt")) == "The harbour closed on Monday as winds reached 120 km/h."


def test_preformatted_text_keeps_its_paragraphs():
    page_html = (b"<html><head><title>Dam Inspection Finds No Cracks</title></head><body><pre>"
                 b"Inspectors found no cracks in the old dam, the water board said on Friday.\n\n"
                 b"The next inspection is due in five years.\n</pre></body></html>")
    assert clean_page(page_html, filename="p.html").sections[0].paragraphs == (
        "Inspectors found no cracks in the old dam, the water board said on Friday.",
        "The next inspection is due in five years.",
    )


@pytest.mark.parametrize("trailer", [
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Associated Demo writers Ann Lee and Bo Chen contributed to this report.",
    "Have a tip? Jane Doe may be reached at jane@example.com.",
])
def test_wire_trailers_are_dropped(trailer):
    page_html = ("<html><body><article><p>The strike ended on Monday after the union accepted a new offer.</p>"
                 f"<p>{trailer}</p></article></body></html>").encode()
    assert trailer not in body_text(clean_page(page_html, filename="w.html"))


@pytest.mark.parametrize("line, is_dropped", [
    ("Get the latest updates right in your inbox. Subscribe to Example News’ newsletters.", True),
    ("Follow the Example Times Opinion section on Facebook, Twitter and Instagram.", True),
    ("Email Jane Doe at jane@example.com or follow her on social media.", True),
    ("The newsletter, which has two million readers, said on Monday that it would subscribe to the new rules.", False),
])
def test_promo_lines_are_dropped_and_news_about_newsletters_kept(line, is_dropped):
    page_html = ("<html><body><article><p>The strike ended on Monday after the union accepted a new offer.</p>"
                 f"<p>{line}</p></article></body></html>").encode()
    assert (line not in body_text(clean_page(page_html, filename="n.html"))) == is_dropped


def test_list_of_linked_headlines_after_story_is_dropped():
    page_html = (b"<html><body><article><p>Two soldiers were killed in a helicopter crash on Wednesday, the army said.</p>"
                 b"<h4>More:</h4><ul><li><h4><a href='/a'>Talks resume in Doha</a></h4></li>"
                 b"<li><h4><a href='/b'>Envoy visits Kabul</a></h4></li></ul></article></body></html>")
    page = clean_page(page_html, filename="m.html")
    assert body_text(page) == "Two soldiers were killed in a helicopter crash on Wednesday, the army said."
    assert [section.heading for section in page.sections] == [None]


# --- silent garbage: encodings, markup taken for text, invisible characters ---

def test_utf8_page_with_bad_bytes_keeps_its_utf8_text():
    text = body_text(clean_fixture("utf8_with_bad_bytes.html"))
    assert "Für die Vögel am Müggelsee" in text
    assert "sprzeciwiają się budowie" in text
    assert "Ã" not in text and "ń" not in text
    # Its two stray bytes (0xE4, 0xFF) are read as cp1252, as a pasted Latin-1 letter would be.
    assert "mild ä sagen" in text and "dannÿ mit" in text and "\ufffd" not in text


GERMAN = "Für die Vögel am Müggelsee war der Winter mild, sagen die Zählerinnen – „gut“ für die Brut."


@pytest.mark.parametrize("utf8_sentences, stray_paragraphs", [(40, 1), (3, 1), (1, 1), (10, 4)],
                         ids=["one stray byte among hundreds", "one among a few", "one sentence, one stray",
                              "a pasted Latin-1 paragraph"])
@pytest.mark.parametrize("charset", ["", "utf-8", "iso-8859-1"], ids=["undeclared", "declared utf-8", "declared latin-1"])
def test_utf8_page_with_stray_latin1_bytes_keeps_every_letter(utf8_sentences, stray_paragraphs, charset):
    meta = f'<meta charset="{charset}">' if charset else ""
    page_html = (f"<html><head>{meta}<title>Vögel</title></head><body><article><p>{' '.join([GERMAN] * utf8_sentences)}</p>"
                 ).encode() + b"<p>Le caf\xe9 du port a rouvert apr\xe8s l\x92hiver, dit le g\xe9rant.</p>" * stray_paragraphs \
        + b"</article></body></html>"
    page = clean_page(page_html, filename="mixed.html")
    assert page.title == "Vögel"
    assert body_text(page).split("\n\n") == [" ".join([GERMAN] * utf8_sentences)] + \
        ["Le café du port a rouvert après l’hiver, dit le gérant."] * stray_paragraphs


@pytest.mark.parametrize("text, encoding, charset", [
    ("東京都は月曜日、新しい防災計画を発表した。都の担当者は、地震に備えて避難所を増やすと述べた。", "shift_jis", "shift_jis"),
    ("北京市政府周一公布了新的交通计划，官员表示将在明年增加地铁线路。", "gbk", "gbk"),
    ("Ornitolodzy sprzeciwiają się budowie pomostu, bo ptaki zimują właśnie w tej zatoce.", "cp1250", "windows-1250"),
], ids=["Shift_JIS", "GBK", "cp1250"])
def test_declared_legacy_charset_still_wins_over_utf8(text, encoding, charset):
    page_html = (f'<html><head><meta charset="{charset}"></head><body><article><p>{text}</p></article></body></html>').encode(encoding)
    assert body_text(clean_page(page_html, filename="legacy.html")) == text


UTF16_PAGES = {
    "html": ("<html><head><title>Straßenbahn fährt wieder</title></head><body><article>"
             "<p>Nach zwei Jahren Bauzeit fährt die Straßenbahn wieder nach Köln, alle zehn Minuten.</p></article></body></html>"),
    "text dump": "Straßenbahn fährt wieder\n\nNach zwei Jahren Bauzeit fährt die Straßenbahn wieder nach Köln, alle zehn Minuten.\n",
    "Cyrillic text dump": "Трамвай снова ходит\n\nПосле двух лет стройки трамвай снова ходит в город, каждые десять минут.\n",
}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("shape", UTF16_PAGES)
def test_utf16_page_without_a_bom_is_decoded(shape, encoding):
    text = UTF16_PAGES[shape]
    page = clean_page(text.encode(encoding), filename="page.html" if shape == "html" else "page.txt")
    assert page.title in text and page.title.split()[0] in ("Straßenbahn", "Трамвай")
    assert body_text(page) in text and len(body_text(page)) > 60


@pytest.mark.parametrize("data, title", [
    (b"<html><head><title>Harbour\x00 Wall Approved</title></head><body><article><p>The council approved the plan "
     b"for the new harbour wall on Monday, the mayor said.</p></article></body></html>", "Harbour Wall Approved"),
    (b"Harbour Wall\x00 Approved\n\nThe council approved the plan for the new harbour wall on Monday, the mayor\x00 said.\n",
     "Harbour Wall Approved"),
    (b"Ab\x00c\n\nThe council approved the plan for the new harbour wall on Monday, the mayor said.\n", "Abc"),
], ids=["in an HTML title", "in a text dump", "one NUL in a short page"])
def test_a_stray_nul_byte_is_removed_not_taken_for_a_binary_file(data, title):
    page = clean_page(data, filename="nul.html" if data.startswith(b"<") else "nul.txt")
    assert page.title == title
    assert body_text(page) == "The council approved the plan for the new harbour wall on Monday, the mayor said."


def test_valid_utf8_page_declaring_utf16_reads_as_utf8():
    page_html = ('<html><head><meta charset="utf-16"><title>Köln</title></head><body><article><p>Die Straßenbahn '
                 "fährt wieder nach Köln, alle zehn Minuten, sagen die Verkehrsbetriebe.</p></article></body></html>").encode()
    assert body_text(clean_page(page_html, filename="k.html")).startswith("Die Straßenbahn fährt wieder nach Köln")


@pytest.mark.parametrize("head, paragraph", [
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour\\u0000 Wall \\u0007Approved\\ud800",'
     ' "author": {"name": "Ann\\u0000 Smith"}, "publisher": {"name": "Coast\\u0001 Wire"}}</script>', ""),
    ("<title>Harbour&#0; Wall &#1;Approved&#xd800;</title>"
     '<meta property="og:site_name" content="Coast&#1; Wire"><meta name="author" content="Ann&#0; Smith">', "<p>Tide &#1;tables&#x7f; follow.</p>"),
], ids=["JSON-LD escapes", "character references"])
def test_control_characters_from_escapes_are_removed_from_every_field(head, paragraph):
    page_html = (f"<html><head>{head}</head><body><article><p>The council approved the plan for the new harbour wall on "
                 f"Monday, the mayor said.</p>{paragraph}</article></body></html>").encode()
    page = clean_page(page_html, filename="c.html")
    fields = [page.title, page.source, *page.authors, *(p for s in page.sections for p in s.paragraphs)]
    assert not [f for f in fields if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in f)]
    assert page.title.replace("\ufffd", "") == "Harbour Wall Approved"


@pytest.mark.parametrize("name, title, paragraph_start", [
    ("style_block_before_html.html", "Library Opens on Sundays", "The central library will open"),
    ("php_warnings_before_html.php", "Tram Line Extended", "The tram line to the university"),
])
def test_markup_after_a_long_preamble_is_cleaned_as_html(name, title, paragraph_start):
    page = clean_fixture(name)
    assert page.title == title
    assert page.sections[0].paragraphs[0].startswith(paragraph_start)
    assert not any(marker in body_text(page) for marker in ("{", "<", "Warning", "Home"))


@pytest.mark.parametrize("name", ["soft_hyphens.html", "dump_soft_hyphens.txt"])
def test_no_soft_hyphen_survives_cleaning(name):
    page = clean_fixture(name)
    assert "\u00ad" not in page.title + body_text(page)
    assert "Bundesregierung" in body_text(page)


@pytest.mark.parametrize("depth", [300, 1500, 5000])
def test_deeply_nested_page_keeps_its_text(depth):
    page_html = ("<html><body><p>The first paragraph sits at the top of the page, before the nesting.</p>"
                 + "<div>" * depth + "<p>The deep paragraph holds the rest of the story, far down.</p>" + "</div>" * depth
                 + "</body></html>").encode()
    assert "The deep paragraph holds the rest" in body_text(clean_page(page_html, filename="deep.html"))


OVERSIZED_TAGS = {
    "50,000 attributes": "<p " + " ".join(f'data-n{n}="{n}"' for n in range(50_000)) + ">",
    "50,000 attributes holding >": "<p " + " ".join(f'data-n{n}=">"' for n in range(50_000)) + ">",
    "a 2 MB attribute": '<p class="story" title="' + "x" * 2_000_000 + '">',
}


@pytest.mark.parametrize("tag", OVERSIZED_TAGS.values(), ids=OVERSIZED_TAGS.keys())
def test_a_tag_with_enormous_attributes_is_cut_and_its_text_kept_in_little_time(tag):
    # The parser compares each attribute with those before it: 50,000 of them took about 40 seconds.
    page_html = ("<html><body><article><h1>Talks end in Geneva</h1><p>Negotiators left Geneva after talks on a ceasefire in "
                 f"Gaza, officials said on the day.</p>{tag}The oversized paragraph keeps its words.</p></article></body></html>").encode()
    started = time.perf_counter()
    page = clean_page(page_html, filename="attributes.html")
    assert time.perf_counter() - started < 5
    assert "The oversized paragraph keeps its words." in body_text(page)
    assert "data-n" not in body_text(page)


def test_page_nested_past_the_parser_limit_says_so():
    page_html = ("<html><body>" + "<table><tr><td>" * 3000 + "<p>Deep text of the story.</p></body></html>").encode()
    with pytest.raises(CleaningError, match=r"'deep.html' is too deeply nested") as error:
        clean_page(page_html, filename="deep.html")
    assert "chrome" not in str(error.value)


@pytest.mark.parametrize("published, expected", [
    ("1815-06-18", date(1815, 6, 18)),
    ("1799-12-31", None),
    ("2999-01-01", None),
])
def test_published_dates_from_1800_to_tomorrow(published, expected):
    page_html = (f'<html><head><meta property="article:published_time" content="{published}"></head>'
                 "<body><article><p>The battle ended in the evening, the dispatch said.</p></article></body></html>").encode()
    assert clean_page(page_html, filename="d.html").published == expected


# --- plain-text dumps like the seed: slug lines, metadata, question subheadings, promo blocks ---

@pytest.mark.parametrize("title, slug", [
    ("Sweden's Navy Buys Two Submarines", "swedens navy buys two submarines"),
    ("F-16 Pilots Train Over the Baltic", "f16 pilots train over the baltic"),
    ("Élysée Backs the EPR-2 Reactor Plan", "elysee backs the epr2 reactor plan"),
    ("Élysée Backs the EPR-2 Reactor Plan", "elysee-backs-the-epr-2-reactor-plan"),
    ("Élysée Backs the EPR-2 Reactor Plan", "2025/03/12/elysee-backs-the-epr-2-reactor-plan"),
])
def test_dump_slug_line_variants_are_dropped_and_metadata_read(title, slug):
    dump = (f"{title}\n{slug}\n\nSource: Example Wire\nPublished: 12 March 2025\n\n"
            "The navy confirmed the order on Wednesday, ending a two-year competition between shipyards.\n")
    page = clean_page(dump.encode(), filename="s.txt")
    assert body_text(page) == "The navy confirmed the order on Wednesday, ending a two-year competition between shipyards."
    assert (page.source, page.published) == ("Example Wire", date(2025, 3, 12))


@pytest.mark.parametrize("name, published, source, url, authors", [
    ("dump_slug_metadata_promo.txt", date(2025, 3, 12), "Example Wire",
     "https://wire.example.com/2025/03/12/sweden-f16-elysee", ()),
    ("dump_iso_metadata_any_order.txt", date(2025, 3, 12), "Example Harbour News", None, ("Jane Doe",)),
])
def test_dump_metadata_lines_after_slug_in_any_order(name, published, source, url, authors):
    page = clean_fixture(name)
    assert (page.published, page.source, page.url, page.authors) == (published, source, url, authors)
    assert not any(heading and ":" in heading for heading in (section.heading for section in page.sections))


@pytest.mark.parametrize("name, headings", [
    ("dump_slug_metadata_promo.txt", [None, "Can the deal survive the courts?", "What the plan means for industry"]),
    ("dump_iso_metadata_any_order.txt", [None, "When will it run again?"]),
])
def test_dump_question_subheadings_and_sections_after_promo_block(name, headings):
    assert [section.heading for section in clean_fixture(name).sections] == headings


@pytest.mark.parametrize("furniture", [
    "Share this article", "Facebook", "WhatsApp", "Copy link", "Follow us", "Read more",
    "Ministers meet in Brussels", "Related Articles", "Nuclear talks resume",
])
def test_dump_mid_article_promo_block_dropped_and_article_goes_on(furniture):
    page = clean_fixture("dump_slug_metadata_promo.txt")
    assert furniture not in body_text(page)
    assert body_text(page).endswith("the reactor parts in detail.")


@pytest.mark.parametrize("line, authors, published", [
    ("By Jane Doe | March 5, 2024", ("Jane Doe",), date(2024, 3, 5)),
    ("By Jane Doe and John Roe, 2024-03-05 08:15", ("Jane Doe", "John Roe"), date(2024, 3, 5)),
    ("By Ana Ruiz · 5 de marzo de 2024", ("Ana Ruiz",), date(2024, 3, 5)),
])
def test_dump_byline_with_date_fills_both(line, authors, published):
    dump = f"Harbour Wall Repaired\n\n{line}\n\nThe harbour wall was repaired over the winter, the port said on Monday.\n"
    page = clean_page(dump.encode(), filename="b.txt")
    assert (page.authors, page.published) == (authors, published)
    assert body_text(page) == "The harbour wall was repaired over the winter, the port said on Monday."


def test_dump_comment_thread_ends_the_article():
    text = body_text(clean_fixture("dump_iso_metadata_any_order.txt"))
    assert text.endswith("the weather allows divers to work.")
    assert "third time" not in text


# --- HTML pages whose article sits in chrome-looking boxes, in scripts, or in many small boxes ---

SEA_WALL_FIRST = "The regional council approved the new coastal defence plan"
SEA_WALL_LAST = "about half of the total cost of the works."


@pytest.mark.parametrize("name", [
    "chrome_named_article_container.html",  # share, banner, sidebar, print, Ads_…TakeOver, gallery
    "form_and_header_wrap_article.html",  # ASP.NET <form> and <header> around the story
    "json_ld_article_body_only.html",  # empty app shell, text in JSON-LD articleBody
    "next_data_only.html",  # empty app shell, text in __NEXT_DATA__
    "noscript_copy_only.html",  # empty app shell, text in a <noscript> copy
])
def test_article_in_chrome_looking_box_or_script_is_kept(name):
    page = clean_fixture(name)
    text = body_text(page)
    assert page.title == "Council Approves Sea Wall Plan"
    assert text.startswith(SEA_WALL_FIRST) and text.endswith(SEA_WALL_LAST)
    assert len(page.sections[0].paragraphs) == 4


@pytest.mark.parametrize("name, chrome", [
    ("chrome_named_article_container.html", "Share on Facebook"),
    ("chrome_named_article_container.html", "Ferry timetable changes"),
    ("chrome_named_article_container.html", "Great news for the town"),
    ("form_and_header_wrap_article.html", "cookies"),
    ("form_and_header_wrap_article.html", "editors pick"),
    ("form_and_header_wrap_article.html", "since 1921"),
    ("form_and_header_wrap_article.html", "copyright"),
    ("next_data_only.html", "mid-1"),
    ("json_ld_article_body_only.html", "Loading"),
])
def test_chrome_around_a_kept_wrapper_is_still_dropped(name, chrome):
    assert chrome not in body_text(clean_fixture(name))


def test_small_best_box_widens_to_the_whole_how_to():
    page = clean_fixture("small_box_in_long_page.html")
    assert [section.heading for section in page.sections] == [None, "What you need", "Step 1", "Step 2", "Step 3", "Step 4"]
    assert "Plants that like wet feet" in body_text(page)
    assert "How to compost leaves" not in body_text(page)


def test_kicker_post_meta_date_corrections_and_dash_headline():
    page = clean_fixture("kicker_meta_corrections.html")
    assert page.title == "Blunkett row should end - Blair"
    assert page.published == date(2024, 6, 11)
    assert [section.heading for section in page.sections] == [None]
    text = body_text(page)
    assert text.startswith("Tony Blair has said the row")
    assert text.endswith("as far as he was concerned.")
    assert "BRICS summit" not in text and "Spotted an error" not in text


@pytest.mark.parametrize("line, published", [
    ("Por María José Ibáñez | June 11, 2024 · 08:15", date(2024, 6, 11)),
    ("Publicado el 11 de junio de 2024", date(2024, 6, 11)),
    ("Von Anna Schmidt, 11. Juni 2024", date(2024, 6, 11)),
    ("Par Jean Dupont, le 1er mars 2024", date(2024, 3, 1)),
])
def test_byline_line_gives_the_date(line, published):
    page_html = (f'<html><body><article><div class="byline">{line}</div>'
                 "<p>The council met on the day and approved the plan for the harbour.</p></article></body></html>").encode()
    assert clean_page(page_html, filename="b.html").published == published


# --- clean_pages on a folder: refusals counted by reason ---

def test_clean_pages_on_a_folder_reports_refusals_by_reason(tmp_path, capsys):
    (tmp_path / "good.txt").write_bytes((FIXTURES / SEED).read_bytes())
    (tmp_path / "chrome.html").write_bytes((FIXTURES / "chrome_only.html").read_bytes())
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "menu.html").write_bytes((FIXTURES / "chrome_only.html").read_bytes())
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (tmp_path / "notes.json").write_text("{}")
    with pytest.raises(CommandError, match=r"3 of 4 file\(s\) could not be cleaned"):
        call_command("clean_pages", str(tmp_path))
    output = capsys.readouterr()
    assert len(output.out.splitlines()) == 4
    assert output.err.strip().splitlines()[-1] == "Refused 3 of 4 page(s) (75.0%): 2 no article text; 1 binary file."


def test_chrome_named_link_inside_a_sentence_keeps_its_words():
    page_html = (b"<html><body><article><p>I am a <a class='tooltip' href='#n1'>rather elderly</a> man, and my "
                 b"<span class='popup-note'>avocations</span> have been many over the years.</p></article></body></html>")
    assert body_text(clean_page(page_html, filename="t.html")) == (
        "I am a rather elderly man, and my avocations have been many over the years."
    )


@pytest.mark.parametrize("furniture", ["$915", "’22", "1/50", "Loading…", "正在加载...", "ADVERTISING"])
def test_letterless_labels_and_placeholders_are_dropped(furniture):
    page_html = (f"<html><body><article><p>The budget deficit grew again this year, the office said.</p>"
                 f"<div>{furniture}</div><p>Interest payments are the fastest-growing item.</p></article></body></html>").encode()
    assert furniture not in body_text(clean_page(page_html, filename="l.html"))


def test_figures_in_a_table_are_kept():
    page_html = (b"<html><body><article><p>The budget deficit grew again this year, the office said.</p>"
                 b"<table><tr><td>2023</td><td>$915</td></tr></table></article></body></html>")
    assert "$915" in body_text(clean_page(page_html, filename="t.html"))


def test_utf8_page_declaring_a_single_byte_charset_reads_as_utf8():
    page_html = ('<html><head><meta charset="windows-1252"></head><body><p>Für die Vögel am Müggelsee war '
                 "der Winter mild, sagen die Zählerinnen.</p></body></html>").encode()
    assert body_text(clean_page(page_html, filename="u.html")).startswith("Für die Vögel am Müggelsee")



def test_dump_teaser_list_with_summaries_after_related_is_dropped():
    dump = ("Harbour Wall Repaired\n\nThe harbour wall was repaired over the winter, the port authority said on Monday, "
            "and ferries will use the inner berth again from next week.\n\nRelated Articles\n"
            "Ferry Timetable Changes for Spring\nThe ferry company has published its new spring timetable with two extra sailings a day.\n"
            "New Lighthouse Keeper Appointed\nA former fisherman from the island has been appointed to look after the old lighthouse.\n"
            "Storm Damage Bill Revealed\nThe council says the storms of January cost the town more than it had set aside for repairs.\n")
    text = body_text(clean_page(dump.encode(), filename="r.txt"))
    assert text.startswith("The harbour wall was repaired")
    assert "timetable" not in text and "lighthouse" not in text and "storms of January" not in text


def test_single_byte_page_mislabelled_utf8_is_guessed_not_replaced():
    page_html = ('<html><head><meta charset="utf-8"></head><body><p>Ornitolodzy sprzeciwiają się budowie pomostu, '
                 "bo ptaki zimują właśnie w tej zatoce, mówi Ewa Nowak z towarzystwa.</p></body></html>").encode("cp1250")
    text = body_text(clean_page(page_html, filename="pl.html"))
    assert "\ufffd" not in text
    assert "sprzeciwiają się budowie" in text


def test_headline_tail_cut_from_title_is_restored_from_the_first_heading():
    page_html = (b"<html><head><title>Blunkett row should end - Blair</title></head><body><div class='story'>"
                 b"<h2>Blunkett row should end - Blair</h2><p>Tony Blair has said the row over David Blunkett should "
                 b"now end, speaking to reporters in London on Tuesday.</p></div></body></html>")
    page = clean_page(page_html, filename="b.html")
    assert page.title == "Blunkett row should end - Blair"
    assert [section.heading for section in page.sections] == [None]


@pytest.mark.parametrize("site_name, source", [
    ("LinkNaija | Nigeria's popular news platform", "LinkNaija"),
    ("Aktuálně.cz - Víte, co se právě děje", "Aktuálně.cz"),
    ("Mozilla Hacks – the Web developer blog", "Mozilla Hacks"),
    ("Autoracing | F1 | Indy | MotoGP | StockCar | NASCAR", "Autoracing"),
    ("San Antonio Express-News", "San Antonio Express-News"),
    ("Mac & i", "Mac & i"),
])
def test_source_is_the_site_name_without_its_tagline(site_name, source):
    head = f'<meta property="og:site_name" content="{site_name}">'.encode()
    page_html = b"<html><head>" + head + b"</head><body>" + ARTICLE_BODY + b"</body></html>"
    assert clean_page(page_html, filename="s.html").source == source


@pytest.mark.parametrize("label", ["shares", "comments", "Topics", "Text size"])
def test_a_widget_label_alone_on_a_line_is_not_a_paragraph(label):
    page_html = (f"<html><body><article><p>{label}</p><p>The harbour wall was repaired over the winter, the port said "
                 f"on Monday.</p><p>Ferries will use the inner berth again from next week.</p><p>{label}</p>"
                 "</article></body></html>").encode()
    paragraphs = [p for section in clean_page(page_html, filename="w.html").sections for p in section.paragraphs]
    assert paragraphs == ["The harbour wall was repaired over the winter, the port said on Monday.",
                          "Ferries will use the inner berth again from next week."]


@pytest.mark.parametrize("script", [
    '<![CDATA[ {"@type": "NewsArticle", "datePublished": "2024-12-06T22:00:40Z", "publisher": {"name": "NBC News"}} ]]>',
    '//<![CDATA[\n{"@type": "NewsArticle", "datePublished": "2024-12-06T22:00:40Z", "publisher": {"name": "NBC News"}}\n//]]>',
    '/*<![CDATA[*/ [{"@type": "NewsArticle", "datePublished": "2024-12-06T22:00:40Z", "publisher": {"name": "NBC News"}}] /*]]>*/',
])
def test_json_ld_wrapped_in_cdata_gives_date_and_source(script):
    # The update time in the meta tag must not win over the JSON-LD's publication date.
    head = f'<meta property="article:published_time" content="2024-12-07T10:00:00Z"><script type="application/ld+json">{script}</script>'
    page_html = b"<html><head>" + head.encode() + b"</head><body>" + ARTICLE_BODY + b"</body></html>"
    page = clean_page(page_html, filename="c.html")
    assert (page.published, page.source) == (date(2024, 12, 6), "NBC News")


@pytest.mark.parametrize("headline, title", [
    ("constitutional monarchy in Oceania", "New Zealand"),  # a short description, as Wikipedia's
    ("New Zealand votes on its flag", "New Zealand votes on its flag"),  # the <title> carries it: a headline
])
def test_json_ld_headline_that_describes_the_page_is_not_its_title(headline, title):
    script = f'{{"@type": "Article", "headline": "{headline}"}}'
    head = f'<title>{title} - Wikipedia</title><script type="application/ld+json">{script}</script>'
    body = "<h1>New Zealand</h1><p>New Zealand is an island country in the southwestern Pacific Ocean, the atlas says.</p>"
    page_html = f"<html><head>{head}</head><body><article>{body}</article></body></html>".encode()
    assert clean_page(page_html, filename="w.html").title == title


STORY_PARAGRAPHS = ["The harbour wall was repaired over the winter, the port said on Monday.",
                    "Ferries will use the inner berth again from next week."]


@pytest.mark.parametrize("first, last", [
    ("Oct 18, 2019 · 8 min read", "Undo"),
    ("Tempo de leitura: 2 minutos", "Read more:"),
    ("5 min read", "You may also like..."),
    ("We may earn a commission when you buy through links on our site.", "Like this story? Share it with a friend!"),
    ("Undo", "FTC: We use income earning auto affiliate links. More."),
])
def test_chrome_lines_at_the_article_edges_are_dropped(first, last):
    paragraphs = "".join(f"<p>{text}</p>" for text in [first, *STORY_PARAGRAPHS, last, last])
    page_html = f"<html><body><article>{paragraphs}</article></body></html>".encode()
    page = clean_page(page_html, filename="e.html")
    assert [p for section in page.sections for p in section.paragraphs] == STORY_PARAGRAPHS


@pytest.mark.parametrize("paragraphs", [
    # Inside the story a label is quoted, not the page's furniture.
    [STORY_PARAGRAPHS[0], "Read more:", STORY_PARAGRAPHS[1]],
    [*STORY_PARAGRAPHS, "Read more: the port's report on the repairs is published on its website today."],
    [*STORY_PARAGRAPHS, "The minister said it was a 5 min read and urged every ferry operator to read it."],
    [*STORY_PARAGRAPHS, "Shops on the quay may earn a commission on each ferry ticket they sell, the port said."],
])
def test_edge_chrome_words_in_real_sentences_or_inside_the_story_are_kept(paragraphs):
    page_html = ("<html><body><article>" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</article></body></html>").encode()
    page = clean_page(page_html, filename="k.html")
    assert [p for section in page.sections for p in section.paragraphs] == paragraphs


def paragraphs_of(page: CleanPage) -> list[str]:
    return [paragraph for section in page.sections for paragraph in section.paragraphs]


def test_data_table_in_an_article_reads_as_one_line_per_row():
    rows = "".join(f"<tr><td>{rank}</td><td><a href='/c/{name}'>{name}</a></td><td>{points}</td></tr>"
                   for rank, name, points in [(1, "Ana Silva", 412), (2, "Tom Berg", 398), (3, "Li Wei", 377)])
    page_html = (f"<html><body><article><p>{STORY_PARAGRAPHS[0]}</p><table><caption>Standings after the race</caption>"
                 f"<thead><tr><th>Pos.</th><th>Rider</th><th>Points</th></tr></thead><tbody>{rows}</tbody></table>"
                 f"<p>{STORY_PARAGRAPHS[1]}</p></article></body></html>").encode()
    assert paragraphs_of(clean_page(page_html, filename="t.html")) == [
        STORY_PARAGRAPHS[0], "Standings after the race", "Pos. | Rider | Points",
        "1 | Ana Silva | 412", "2 | Tom Berg | 398", "3 | Li Wei | 377", STORY_PARAGRAPHS[1],
    ]


@pytest.mark.parametrize("layout", [
    "<table><tr><td>{story}</td></tr><tr><td>{more}</td></tr></table>",  # one column holding the article
    "<table><tr><td><a href='/'>Home</a></td><td>{story}{more}</td></tr></table>",  # a menu column beside it
])
def test_layout_table_holding_the_article_reads_as_paragraphs(layout):
    story = "".join(f"<p>{text} It was the first repair in forty years, the harbour master said.</p>" for text in STORY_PARAGRAPHS)
    more = "<p>The old stones were kept and relaid, and the new ones were cut from the same quarry.</p>"
    page_html = f"<html><body>{layout.format(story=story, more=more)}</body></html>".encode()
    paragraphs = paragraphs_of(clean_page(page_html, filename="l.html"))
    assert paragraphs[0].startswith(STORY_PARAGRAPHS[0]) and len(paragraphs) == 3


HOVER_CARD = ("<span class='rollover-name'><a class='rollover-name-link' href='/people/jane-roe'>Jane Roe</a>"
              "<span class='rollover-card'><img src='/jane.jpg' alt=''><a href='/people/jane-roe'>Jane Q. Roe</a>"
              "<a href='/news/1'>Roe wins the harbour vote</a></span></span>")


@pytest.mark.parametrize("hidden", [
    HOVER_CARD.replace("Jane Roe</a>", "Jane Roe</a><span class='hovercard'><a href='/a'>Jane Q. Roe</a><a href='/b'>Profile</a></span>"),
    "<a href='/people/jane-roe'>Jane Roe</a><span role='tooltip'>Mayor of the town since 2019</span>",
    "<a href='/people/jane-roe'>Jane Roe</a><span aria-hidden='true'>Mayor of the town since 2019</span>",
    "<a href='/people/jane-roe'>Jane Roe</a><span style='display: none'>Mayor of the town since 2019</span>",
    "<a href='/people/jane-roe'>Jane Roe</a><span hidden>Mayor of the town since 2019</span>",
    HOVER_CARD,
])
def test_text_hidden_from_readers_inside_a_sentence_is_dropped(hidden):
    page_html = (f"<html><body><article><p>The mayor, {hidden}, said the harbour wall would be repaired by spring.</p>"
                 f"<p>{STORY_PARAGRAPHS[1]}</p></article></body></html>").encode()
    assert paragraphs_of(clean_page(page_html, filename="h.html")) == [
        "The mayor, Jane Roe, said the harbour wall would be repaired by spring.", STORY_PARAGRAPHS[1],
    ]


@pytest.mark.parametrize("site_name, source", [
    ("Politics", "HarbourTimes"),  # a section label, unlike every other name the page gives itself
    ("U.S.", "HarbourTimes"),
    ("Harbour Times", "Harbour Times"),
    ("The Quay Courier", "The Quay Courier"),  # a longer name unlike the domain is the publication's own
    ("Harbourside", "Harbourside"),  # starts like the domain: a name, not a section
])
def test_section_label_in_og_site_name_is_not_the_source(site_name, source):
    head = (f'<meta property="og:site_name" content="{site_name}"><meta name="twitter:site" content="@harbourtimes">'
            '<meta property="article:publisher" content="https://www.facebook.com/HarbourTimes/">'
            '<link rel="canonical" href="https://news.harbourtimes.co.uk/politics/wall-repaired">')
    page_html = f"<html><head>{head}</head><body>{ARTICLE_BODY.decode()}</body></html>".encode()
    assert clean_page(page_html, filename="s.html").source == source


@pytest.mark.parametrize("header, heading, title", [
    # The site's logo as the first <h1>: the <title> holds the headline.
    ("<h1><a href='/'>Port Daily</a></h1>", "", "Harbour wall repaired after the winter storms"),
    # A section's name as the first <h1>, the headline in a lower heading the <title> holds.
    ("<h1>Coastal Health Center</h1>", "<h2>Harbour wall repaired after the winter storms</h2>",
     "Harbour wall repaired after the winter storms"),
    ("<h1>Port Daily</h1>", "<h1>Harbour wall repaired after the winter storms</h1>",
     "Harbour wall repaired after the winter storms"),
    # A headline worded unlike the <title> is still the headline.
    ("", "<h1>Stones from the old quarry go back into the wall</h1>", "Stones from the old quarry go back into the wall"),
])
def test_site_or_section_name_in_first_h1_is_not_the_title(header, heading, title):
    page_html = ("<html><head><title>Harbour wall repaired after the winter storms · Port Daily</title></head><body>"
                 f"<header>{header}</header><article>{heading}<p>{STORY_PARAGRAPHS[0]}</p><p>{STORY_PARAGRAPHS[1]}</p>"
                 "</article></body></html>").encode()
    page = clean_page(page_html, filename="h.html")
    assert (page.title, paragraphs_of(page)) == (title, STORY_PARAGRAPHS)


@pytest.mark.parametrize("rows, kept", [
    # Linked values are data ("Owner | Harbour Board ...").
    ("<tr><td>Owner</td><td><a href='/wiki/board'>Harbour Board of the Port of Lyme</a></td></tr>"
     "<tr><td><a href='/wiki/built'>Built</a></td><td><a href='/wiki/1852'>1852</a></td></tr>",
     ["Owner | Harbour Board of the Port of Lyme", "Built | 1852"]),
    # A grid of links is a menu.
    ("<tr><td><a href='/'>Home</a></td><td><a href='/news'>News and weather</a></td></tr>"
     "<tr><td><a href='/sport'>Sport</a></td><td><a href='/contact'>Contact us</a></td></tr>", []),
])
def test_table_rows_with_linked_values_are_data_and_a_grid_of_links_is_a_menu(rows, kept):
    page_html = (f"<html><body><article><p>{STORY_PARAGRAPHS[0]}</p><table>{rows}</table>"
                 f"<p>{STORY_PARAGRAPHS[1]}</p></article></body></html>").encode()
    assert paragraphs_of(clean_page(page_html, filename="r.html")) == [STORY_PARAGRAPHS[0], *kept, STORY_PARAGRAPHS[1]]


@pytest.mark.parametrize("head, title", [
    ('<meta property="og:title" content="Home"><title>Harbour wall repaired - Port Daily</title>', "Harbour wall repaired"),
    ('<meta property="og:title" content="Politics"><title>Politics | Port Daily</title>', "Harbour wall repaired"),
    ('<meta name="twitter:title" content="Local News"><title>Port Daily</title>', "Harbour wall repaired"),
    # A social title rewording the headline shares its words: it stays the title.
    ('<meta property="og:title" content="Wall repaired"><title>Port Daily</title>', "Wall repaired"),
])
def test_label_in_og_title_gives_way_to_the_articles_h1(head, title):
    page_html = (f"<html><head>{head}</head><body><article><h1>Harbour wall repaired</h1><p>{STORY_PARAGRAPHS[0]}</p>"
                 f"<p>{STORY_PARAGRAPHS[1]}</p></article></body></html>").encode()
    assert clean_page(page_html, filename="o.html").title == title
