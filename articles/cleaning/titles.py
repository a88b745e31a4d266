"""The headline of an HTML page: which of the titles a page gives itself names the article, site name removed."""

import re

from lxml import html as lxml_html

from . import patterns
from .sources import is_same_name, name_key
from .whitespace import normalize_space

# Dublin Core titles name the document as catalogued; sites reword og:title and twitter:title
# for sharing ("If You Can Picture A Tarot Card, It's Because of These 3 People" over the
# headline "The Deck of Cards That Made Tarot A Global Phenomenon"). Colon forms are RDFa
# properties, dot forms <meta name>; both occur.
DUBLIN_CORE_TITLE_NAMES = ("dc:title", "dc.title", "dcterms:title", "dcterms.title")
SOCIAL_TITLE_NAMES = ("og:title", "twitter:title")
# Parse.ly's analytics title: the publisher's own name for the article, set by its CMS.
ANALYTICS_TITLE_NAMES = ("parsely-title",)
# A heading this long that the <title> holds is the headline when the first <h1> is a site's name;
# shorter ones ("Home", "News") match titles by chance.
HEADLINE_HEADING_MIN_WORDS = 3
# A title candidate of at most this many words sharing none with the headline is a page label.
PAGE_LABEL_MAX_WORDS = 3
WORD_RE = re.compile(r"\w+")


def find_title(tree: lxml_html.HtmlElement, meta: dict[str, str], *, headline: str, source: str) -> str:
    """Return the headline from Dublin Core, og:title, Parse.ly, JSON-LD, the headline heading or <title>, site name removed."""
    title_tag = read_title_tag(tree)
    h1 = find_headline_heading(tree, title_tag=title_tag, source=source)
    site = name_key(source)
    # A dash tail that the page's own headline also carries belongs to the headline
    # ("Blunkett row should end - Blair"), not to the site name.
    h1_keys = {name_key(normalize_space(h.text_content())) for h in tree.iter("h1")} | {name_key(h1)}
    if is_description(headline, h1=h1, title_tag=title_tag):
        headline = ""
    is_h1_headline = is_same_name(name_key(h1), name_key(title_tag)) or is_article_heading(tree, h1)
    given = [meta.get(name, "") for name in (*SOCIAL_TITLE_NAMES, *ANALYTICS_TITLE_NAMES)] + [headline]
    if is_confirmed_headline(h1, title_tag=strip_site_suffix(title_tag, source)):
        # The page shows and names one headline; titles worded otherwise were written for sharing
        # or cut to a search engine's length ("... making him third Beijing local to contract").
        given = [value for value in given if name_key(strip_site_suffix(value, source)) == name_key(h1)]
    candidates = (*(meta.get(name) for name in DUBLIN_CORE_TITLE_NAMES), *given, h1, title_tag)
    for candidate in candidates:
        candidate = normalize_space(candidate or "")
        if candidate and candidate != h1 and is_page_label(candidate, h1=h1, is_h1_headline=is_h1_headline):
            continue
        is_headline = name_key(candidate) in h1_keys
        cleaned = strip_section_kicker(candidate if is_headline else strip_site_suffix(candidate, source))
        # Some sites put their own name in og:title; the next candidate is the headline then.
        if cleaned and name_key(cleaned) != site:
            return cleaned
    return ""


def read_title_tag(tree: lxml_html.HtmlElement) -> str:
    """Return the text of the page's <title>: the first one with text, outside any <svg>.

    An <svg> icon's <title> names the icon ("aoc-share"); an empty <title> in the <head> leaves
    the page's name to a later one (Atlas Obscura's sits in the <body> after its scripts).
    """
    for element in tree.iter("title"):
        text = normalize_space(element.text_content())
        if text and not any(ancestor.tag == "svg" for ancestor in element.iterancestors()):
            return text
    return ""


def is_confirmed_headline(h1: str, *, title_tag: str) -> bool:
    """Return whether the page's <h1> and its <title> (site name removed) are the same headline.

    Then a social, analytics or JSON-LD title worded otherwise is a rewrite for sharing or a
    cut, not the article's name.
    """
    return bool(name_key(h1)) and name_key(h1) == name_key(title_tag)


def is_page_label(candidate: str, *, h1: str, is_h1_headline: bool) -> bool:
    """Return whether a title candidate is a label ("Home", "Politics") beside an <h1> that is the headline.

    Social titles (og:title) reword the headline but share its words; a section's or site's
    label shares none.
    """
    words = set(WORD_RE.findall(candidate.lower()))
    if not is_h1_headline or len(words) > PAGE_LABEL_MAX_WORDS:
        return False
    return not words & set(WORD_RE.findall(h1.lower()))


def is_article_heading(tree: lxml_html.HtmlElement, text: str) -> bool:
    """Return whether a heading with this text is inside the page's <article> or <main>, or marked as its headline."""
    return bool(text) and any(
        normalize_space(heading.text_content()) == text
        for heading in tree.xpath("//article//h1 | //main//h1 | //*[@itemprop='headline']")
    )


def find_headline_heading(tree: lxml_html.HtmlElement, *, title_tag: str, source: str) -> str:
    """Return the heading that holds the headline: the first <h1>, unless it is a label of the page.

    The first <h1> of some pages is the site's logo ("V8", "Archive of Our Own beta") or a
    section's name ("Allergies Health Center") while the <title> holds the headline. Such an
    <h1> shares nothing with the <title> (site name removed); then the heading that the <title>
    holds is the headline, or none when the <h1> is only a link (a logo, a section's menu entry)
    or is shorter than a <title> that names one thing ("Lorem" under "Base URL test").
    """
    stripped_title = strip_site_suffix(title_tag, source)
    headings = [(heading, normalize_space(heading.text_content())) for heading in tree.iter("h1")]
    first, text = next(((heading, text) for heading, text in headings if text), (None, ""))
    if first is None or not stripped_title or is_same_name(name_key(text), name_key(stripped_title)):
        return text
    for heading in tree.iter("h1", "h2", "h3"):
        candidate = normalize_space(heading.text_content())
        if len(candidate.split()) >= HEADLINE_HEADING_MIN_WORDS and is_same_name(name_key(candidate), name_key(stripped_title)):
            return candidate
    link_text = normalize_space(" ".join(link.text_content() for link in first.iter("a")))
    is_link = link_text == text or any(ancestor.tag == "a" for ancestor in first.iterancestors())
    return "" if is_link or is_label_under_title(text, title_tag=title_tag) else text


def is_label_under_title(heading: str, *, title_tag: str) -> bool:
    """Return whether an <h1> that shares no word with the <title> is a label, the <title> being the page's name.

    A <title> without a separator (no " | Site" part) that is longer than the heading names the
    page itself ("Base URL test", "Share buttons removal test" over "Lorem", "Lorem ipsum
    dolor"). A site's name filling every page's <title> is shorter than the headline under it
    ("Port Daily" over "Harbour wall repaired"), so the heading stays the headline then.
    """
    if patterns.TITLE_SEPARATOR_RE.search(title_tag):
        return False
    heading_words, title_words = WORD_RE.findall(heading.lower()), WORD_RE.findall(title_tag.lower())
    return len(title_words) > len(heading_words) and not set(heading_words) & set(title_words)


def is_description(headline: str, *, h1: str, title_tag: str) -> bool:
    """Return whether a JSON-LD headline describes the page instead of naming it.

    Wikipedia's JSON-LD headline is the article's short description ("constitutional monarchy in
    Oceania" on "New Zealand"): the page's <h1> and <title> agree on another name, which the
    headline is in neither.
    """
    headline_key, h1_key, title_key = (name_key(value) for value in (headline, h1, title_tag))
    return bool(headline_key and h1_key) and h1_key in title_key and headline_key not in title_key


def strip_section_kicker(title: str) -> str:
    """Return title without a leading one- or two-word section label ("Opinion | ...")."""
    kicker, separator, rest = title.partition(" | ")
    if separator and len(kicker.split()) <= 2 and len(rest.split()) >= 4:
        return rest
    return title


def strip_site_suffix(title: str, source: str) -> str:
    """Return title without a trailing " | Site name" (or a leading "Site name | ")."""
    parts = patterns.TITLE_SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title
    site = source.strip().lower()
    if site and parts[-1].strip().lower() == site:
        return title[: title.rfind(parts[-1])].rstrip(" |-–—·:»")
    if site and parts[0].strip().lower() == site:
        return title[len(parts[0]):].lstrip(" |-–—·:»")
    last = parts[-1].strip()
    rest = title[: title.rfind(parts[-1])].rstrip(" |-–—·:»")
    # An unknown short last part after "|" is a site name far more often than part of a headline;
    # after a dash it is one when every word is capitalised ("... - The Valley Courier").
    is_short_tail = len(last.split()) <= 4 and len(rest.split()) >= 3
    is_name_like = all(word[:1].isupper() or word[:1].isdigit() for word in last.split())
    if is_short_tail and ("|" in title[len(rest):] or is_name_like):
        return rest
    return title
