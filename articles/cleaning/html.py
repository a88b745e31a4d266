"""HTML pages -> CleanPage.

Pipeline:
1. parse with lxml (huge_tree; output before <!doctype> cut; nesting past 250 levels flattened)
   and read the metadata (metadata.py; the headline in titles.py, the authors in bylines.py)
   before anything is removed;
2. drop page chrome: CHROME_TAGS, hidden elements, containers whose class/id names chrome,
   except the boxes that hold the page's main run of paragraphs (chrome.py);
3. split the body into blocks: headings, paragraphs, list items, <br>-separated lines, a data
   table's rows (cells joined by " | "; layout tables read as paragraphs), and mark
   widget headings ("Related", "Most read") with what follows them (blocks.py);
4. score elements by the prose they hold (readability-style), pick the article container,
   widen it over split bodies, add strong siblings and boxes with its article-body class, and
   take the nearest larger box when it holds under half of the page's words (containers.py);
5. keep the container's blocks, drop link lists and boilerplate lines, group into sections;
6. when that gives much less than JSON-LD articleBody, or nothing: articleBody, framework state
   or a <noscript> copy (embedded.py), then trafilatura (fallback.py).
"""

import re

from lxml import etree
from lxml import html as lxml_html

from articles.exceptions import CleaningError

from .blocks import drop_edge_chrome, group_sections, mark_widget_blocks, split_blocks, text_key
from .chrome import remove_chrome
from .containers import find_containers, is_inside
from .embedded import find_state_paragraphs, split_body_text, unwrap_noscript
from .fallback import extract_sections_with_trafilatura
from .language import detect_language
from .metadata import read_metadata
from .tags import cut_oversized_tags
from .types import CleanPage, CleanSection, RefusalReason
from .whitespace import normalize_space

XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*>")
DOCUMENT_START_RE = re.compile(r"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
CONTENT_TAG_RE = re.compile(r"<(?:body|main|article|section|div|p|table|h[1-6])[\s>]", re.IGNORECASE)
# libxml2 reads at most this many levels of nesting with huge_tree (256 without).
MAX_PARSE_DEPTH = 2048
# Tags that only wrap other elements, removed when a page is nested past MAX_PARSE_DEPTH.
WRAPPER_TAG_RE = re.compile(r"</?(?:div|span|section|article|font|center|b|i|u|em|strong|small|big|a)\b[^>]*>", re.IGNORECASE)
# Block splitting walks the tree recursively; deeper elements are unwrapped to stay far from
# Python's recursion limit (1000). Real article markup is rarely more than 60 levels deep.
MAX_WALK_DEPTH = 250
# JSON-LD articleBody replaces what our cleaner kept when it is at least this many times longer
# than that (or than a short article): the visible page then holds a stub, the site's own
# structured data the article. Truncated articleBody teasers (500 characters) never qualify.
EMBEDDED_BODY_GAIN = 2.0
EMBEDDED_MIN_CHARS = 250
# A first section heading that repeats the title with up to this many more words is the full
# headline ("... - Blair"), not a section.
HEADLINE_TAIL_MAX_WORDS = 4
# The second extractor's text (fallback.py) is refused when at least this share of it is the
# page's link texts: that is a menu or a list of headlines, not an article.
FALLBACK_MAX_LINK_SHARE = 0.5


def clean_html(text: str, *, filename: str, url: str | None = None) -> CleanPage:
    """Return the article of an HTML page.

    Raises:
        CleaningError: the page cannot be parsed or has no article text outside its chrome.
    """
    tree = parse_document(text, filename=filename)
    metadata = read_metadata(tree)
    sections = extract_sections(tree, title=metadata.title)
    body_paragraphs = split_body_text(metadata.body)
    if sum(map(len, body_paragraphs)) >= EMBEDDED_BODY_GAIN * max(count_chars(sections), EMBEDDED_MIN_CHARS):
        sections = (CleanSection(heading=None, paragraphs=body_paragraphs),)
    if not sections:
        sections = extract_hidden_sections(text, filename=filename, title=metadata.title)
    if not sections:
        sections = extract_fallback_sections(text, filename=filename, title=metadata.title)
    if not sections:
        raise CleaningError(
            f"No article text in '{filename}': every paragraph is page chrome (navigation, footer, "
            "related lists, forms) or there are none, and the fallback extractor found only links; "
            "if the page does hold an article, add its container class to CONTENT_ATTRIBUTE_RE in "
            "cleaning/patterns.py.",
            filename=filename,
            reason=RefusalReason.NO_ARTICLE_TEXT,
        )
    title, sections = restore_headline(metadata.title, sections)
    return CleanPage(
        title=title or sections[0].heading or sections[0].paragraphs[0][:100],
        sections=sections,
        published=metadata.published,
        source=metadata.source,
        url=metadata.url or url,
        authors=metadata.authors,
        language=metadata.language or detect_language(" ".join(section.text for section in sections)),
    )


def restore_headline(title: str, sections: tuple[CleanSection, ...]) -> tuple[str, tuple[CleanSection, ...]]:
    """Return the title and sections, with a first heading that is the title plus a short tail
    ("Blunkett row should end - Blair" after "Blunkett row should end") taken as the title.

    Site suffixes are cut from <title> by shape, which sometimes cuts the headline's own tail;
    the page's first heading then still carries the full headline.
    """
    heading = sections[0].heading if sections else None
    if not title or not heading:
        return title, sections
    title_key, heading_key = text_key(title), text_key(heading)
    extra_words = len(heading.split()) - len(title.split())
    if heading_key != title_key and heading_key.startswith(title_key) and 0 < extra_words <= HEADLINE_TAIL_MAX_WORDS:
        return heading, (CleanSection(heading=None, paragraphs=sections[0].paragraphs), *sections[1:])
    return title, sections


def count_chars(sections: tuple[CleanSection, ...]) -> int:
    """Return the characters of the paragraphs of sections."""
    return sum(len(paragraph) for section in sections for paragraph in section.paragraphs)


def extract_sections(tree: lxml_html.HtmlElement, *, title: str) -> tuple[CleanSection, ...]:
    """Return the sections of the article in a parsed page (stages 2-5); () if none."""
    remove_chrome(tree)
    body = tree.find("body")
    blocks = mark_widget_blocks(split_blocks(body if body is not None else tree))
    containers = find_containers(blocks)
    blocks = [block for block in blocks if is_inside(block.owner, containers)]
    return drop_edge_chrome(group_sections(blocks, title=title))


def extract_hidden_sections(text: str, *, filename: str, title: str) -> tuple[CleanSection, ...]:
    """Return the sections of a <noscript> copy or of framework state (__NEXT_DATA__), () if none."""
    tree = parse_document(text, filename=filename)
    paragraphs = find_state_paragraphs(tree)
    if paragraphs:
        return (CleanSection(heading=None, paragraphs=paragraphs),)
    if unwrap_noscript(tree):
        return extract_sections(tree, title=title)
    return ()


def extract_fallback_sections(text: str, *, filename: str, title: str) -> tuple[CleanSection, ...]:
    """Return the sections the second extractor finds where ours found none, () if they are links.

    Measured on both development sets, asking it only when ours finds nothing is the only use
    that helps: where ours keeps less than it, its extra text is as often a gallery, hidden
    nodes or other posts as missed article text (bench/extraction.py; numbers in the README).
    """
    sections = extract_sections_with_trafilatura(text, title=title)
    extracted = "\n".join(paragraph for section in sections for paragraph in section.paragraphs)
    if not extracted:
        return ()
    tree = parse_document(text, filename=filename)
    link_texts = {
        normalize_space(link.text_content()) for link in tree.iter("a")
        if not (link.get("href") or "").startswith("javascript:")
    }
    rest = extracted
    for link_text in sorted(link_texts, key=len, reverse=True):
        if len(link_text) > 1:
            rest = rest.replace(link_text, "")
    link_chars = len(extracted) - len(rest)
    return () if link_chars >= FALLBACK_MAX_LINK_SHARE * len(extracted) else sections


def parse_document(text: str, *, filename: str) -> lxml_html.HtmlElement:
    """Return the lxml tree of a page, with nesting deeper than MAX_WALK_DEPTH flattened.

    Raises:
        CleaningError: lxml finds no document in the text, or it is nested too deeply to read.
    """
    text = XML_DECLARATION_RE.sub("", text, count=1)
    # Output before the document itself (PHP warnings, a stray <style>) is never article text.
    start = DOCUMENT_START_RE.search(text)
    if start and not CONTENT_TAG_RE.search(text, 0, start.start()):
        text = text[start.start():]
    text = cut_oversized_tags(text)
    tree = parse_markup(text, filename=filename)
    if tree is None:
        # Past libxml2's depth limit the rest of the page is silently dropped; wrapper tags
        # carry no text, so without them the page reads in full.
        tree = parse_markup(WRAPPER_TAG_RE.sub(" ", text), filename=filename)
    if tree is None:
        raise CleaningError(
            f"'{filename}' is too deeply nested: its elements go more than {MAX_PARSE_DEPTH} levels deep, "
            "where the HTML parser stops reading; re-save the page from a browser (which repairs the nesting).",
            filename=filename,
            reason=RefusalReason.TOO_DEEP,
        )
    flatten_deep_elements(tree)
    return tree


def parse_markup(text: str, *, filename: str) -> lxml_html.HtmlElement | None:
    """Return the lxml tree of text, or None when the parser stopped at its depth limit.

    Raises:
        CleaningError: lxml finds no document in the text.
    """
    # huge_tree lifts libxml2's default depth limit of 256 (which drops the rest of the page)
    # to MAX_PARSE_DEPTH; the parser is made per call as its error log is per parser.
    parser = lxml_html.HTMLParser(huge_tree=True)
    # Every element as a plain HtmlElement, looked up in C: lxml.html's default lookup runs a
    # Python function for each element proxy (to give forms and inputs classes the cleaner never
    # uses); under a profiler that was a quarter of the calls.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity,
    ))
    try:
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise CleaningError(f"Cannot parse '{filename}' as HTML ({error}); check that it is a web page.", filename=filename, reason=RefusalReason.UNPARSABLE) from error
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        return None
    return tree


def flatten_deep_elements(tree: lxml_html.HtmlElement) -> None:
    """Unwrap elements nested deeper than MAX_WALK_DEPTH, keeping their text in order."""
    for element in tree.xpath(f"//*[count(ancestor::*) >= {MAX_WALK_DEPTH}]"):
        element.drop_tag()
