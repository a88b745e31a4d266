"""The authors of an HTML page: JSON-LD authors, author meta tags, then the page's byline elements."""

import re

from lxml import html as lxml_html

from . import patterns
from .chrome import name_parts
from .whitespace import normalize_space

# Author meta tags, most trusted first. A Dublin Core creator (RDFa "dc:creator" or <meta name>
# "DC.creator") is the document's catalogued author; <meta name="author"> is often a template's
# default, the site's owner or web agency, when the two differ.
AUTHOR_META_NAMES = (
    "dc:creator", "dc.creator", "author", "article:author", "og:article:author", "parsely-author",
    "sailthru.author", "byl",
)
# Where bylines live when JSON-LD and meta tags name no author, most specific first.
AUTHOR_ELEMENT_XPATHS = (
    "//a[@rel='author'] | //*[@itemprop='author' and not(*)] | //*[@itemprop='author']/*[@itemprop='name']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' author-name ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' byline__name ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]//a[contains(@href, 'author')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]",
)
# An author box links the name to the author's page and adds a job title or bio beside it
# ("Ben Silverman" + "Games Editor"): the link's text is the name.
AUTHOR_LINK_XPATH = ".//a[contains(@href, 'author')]"
MAX_AUTHOR_WORDS = 6
MAX_ELEMENT_AUTHORS = 3
# Class or id parts of blocks listing other stories (teasers, recommendations): their bylines
# name other articles' writers (CNET's "contentPromo" under the story).
OTHER_STORIES_NAME_PARTS = frozenset({
    "related", "promo", "promotion", "recommended", "recommendations", "recirculation", "trending",
    "popular", "mostread", "mostpopular", "outbrain", "taboola", "sidebar",
})
# Byline lines: an element whose class names a byline or author and whose text opens with "By"
# ("By Erin Cunningham", "by Madeline Fry | November 18, 2019 12:01 PM", "By LISA MASCARO, MARY
# CLARE JALONICK and ERIC TUCKER"), read when no element holds the names alone.
BYLINE_LINE_CONDITION = (
    "[contains(translate(@class, 'BYLINEAUTHOR', 'bylineauthor'), 'byline')"
    " or contains(translate(@class, 'BYLINEAUTHOR', 'bylineauthor'), 'author')]"
)
BYLINE_PREFIX_RE = re.compile(r"^(?:written\s+)?(?:by|par|por|von)\s+", re.IGNORECASE)
# Where the names in a byline line end: a separator, a date, an update or publication note, or
# the next credit ("Written by Rob Ewaschuk Edited by Betsy Beyer").
BYLINE_END_RE = re.compile(
    r"\s+[|·•–—-]\s|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\s+\d"
    r"|\s+(?:updated|published|posted)\b|\s+(?:edited|photos?|illustrations?)\s+by\b",
    re.IGNORECASE,
)
BYLINE_NAME_SEPARATOR_RE = re.compile(r",\s*|\s+(?:and|&|et|y|und)\s+", re.IGNORECASE)
# Class prefixes that describe the article itself: WordPress's taxonomy classes on a post
# ("category-theatre-promotion", "tag-related-news") and layout variants ("has-sidebar").
ARTICLE_CLASS_PREFIXES = ("category-", "tag-", *patterns.LAYOUT_MODIFIER_PREFIXES)


def find_authors(tree: lxml_html.HtmlElement, meta: dict[str, str], *, json_ld_authors: list[str]) -> tuple[str, ...]:
    """Return author names from JSON-LD, author meta tags, byline elements (rel=author, itemprop, classes) or a "By" line."""
    names = [name for name in json_ld_authors if name]
    if not names:
        names = [meta[name] for name in AUTHOR_META_NAMES if name in meta and not meta[name].startswith("http")][:1]
    if not names:
        # A byline element can hold a whole sentence ("By Jane Doe, Reuters, updated 10:05"): names only.
        for xpath in AUTHOR_ELEMENT_XPATHS:
            elements = [element for element in tree.xpath(xpath) if not is_outside_story(element)]
            found = [name for element in elements for name in read_author_element(element)]
            names = [name for name in found if 0 < len(name.split()) <= MAX_AUTHOR_WORDS][:MAX_ELEMENT_AUTHORS]
            if names:
                break
    if not names:
        names = find_byline_line_names(tree)
    cleaned = [re.sub(r"^by\s+", "", normalize_space(name), flags=re.IGNORECASE) for name in names]
    return tuple(dict.fromkeys(name for name in cleaned if name))


def find_byline_line_names(tree: lxml_html.HtmlElement) -> list[str]:
    """Return the names in the page's first "By ..." line, without the date or notes after them."""
    for element in tree.xpath("//*" + BYLINE_LINE_CONDITION):
        # Pieces joined by spaces: a <br> between the names and the date leaves no space in text_content().
        text = normalize_space(" ".join(element.itertext()))
        prefix = BYLINE_PREFIX_RE.match(text)
        if not prefix or is_outside_story(element):
            continue
        # Nested byline boxes: the innermost holds the line alone ("… TUCKER" before "Associated Press").
        inner_lines = (normalize_space(inner.text_content()) for inner in element.xpath(".//*" + BYLINE_LINE_CONDITION))
        if any(BYLINE_PREFIX_RE.match(line) for line in inner_lines):
            continue
        line = BYLINE_END_RE.split(text[prefix.end():], maxsplit=1)[0]
        names = [name.strip() for name in BYLINE_NAME_SEPARATOR_RE.split(line)]
        if names and all(0 < len(name.split()) <= MAX_AUTHOR_WORDS for name in names):
            return names[:MAX_ELEMENT_AUTHORS]
    return []


def read_author_element(element: lxml_html.HtmlElement) -> list[str]:
    """Return the names in a byline element: its links to author pages when it holds more, else its text."""
    text = normalize_space(element.text_content())
    linked = [normalize_space(link.text_content()) for link in element.xpath(AUTHOR_LINK_XPATH)]
    linked = [name for name in linked if name]
    return linked if linked and " ".join(linked) != text else [text]


def is_outside_story(element: lxml_html.HtmlElement) -> bool:
    """Return whether element sits in a comment thread or a list of other stories, naming their writers."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html"):
            break  # their classes describe the whole page's layout ("epico-sidebar-left"), not a box
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if "comment" in names.lower():
            return True
        tokens = [token for token in names.split() if not token.lower().startswith(ARTICLE_CLASS_PREFIXES)]
        if any(name_parts(token) & OTHER_STORIES_NAME_PARTS for token in tokens):
            return True
    return False
