"""HTML pages -> CleanPage.

Pipeline:
1. parse with lxml (huge_tree; output before <!doctype> cut; nesting past 250 levels flattened)
   and read the metadata (metadata.py) before anything is removed;
2. drop page chrome: CHROME_TAGS, hidden elements, containers whose class/id names chrome,
   except the boxes that hold the page's main run of paragraphs (chrome.py);
3. split the body into blocks: headings, paragraphs, list items, <br>-separated lines, and mark
   widget headings ("Related", "Most read") with what follows them (blocks.py);
4. score elements by the prose they hold (readability-style), pick the article container,
   widen it over split bodies, add strong siblings and boxes with its article-body class, and
   take the nearest larger box when it holds under half of the page's words (this module);
5. keep the container's blocks, drop link lists and boilerplate lines, group into sections;
6. when that gives much less than JSON-LD articleBody, or nothing: articleBody, framework state
   or a <noscript> copy (embedded.py), then trafilatura (fallback.py).
"""

import re
from collections.abc import Iterable

from lxml import etree
from lxml import html as lxml_html

from articles.exceptions import CleaningError

from . import patterns
from .blocks import MAX_LINK_SHARE, Block, group_sections, is_link_list_item, mark_widget_blocks, split_blocks
from .chrome import is_comment_named, remove_chrome
from .embedded import find_state_paragraphs, split_body_text, unwrap_noscript
from .fallback import extract_sections_with_trafilatura
from .language import detect_language
from .metadata import normalize_space, read_metadata
from .types import CleanPage, CleanSection, RefusalReason

PARAGRAPH_TAGS = ("p", "pre", "blockquote", "td", "li", "dd")
WORD_RE = re.compile(r"\w+")
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
# A paragraph shorter than this says little about where the article is (readability's value).
MIN_SCORED_CHARS = 25
# The container widens to its parent when the parent adds at least this share more prose,
# the added text is mostly prose and few links (NYT-style bodies split over column divs).
WIDEN_MIN_ADDED = 0.2
WIDEN_PROSE_SHARE = 0.7
WIDEN_MAX_LINK_SHARE = 0.2
WIDEN_MIN_CHARS = 40
SENTENCE_END_CHARS = ".!?\"”’»)…:;"
# JSON-LD articleBody replaces what our cleaner kept when it is at least this many times longer
# than that (or than a short article): the visible page then holds a stub, the site's own
# structured data the article. Truncated articleBody teasers (500 characters) never qualify.
EMBEDDED_BODY_GAIN = 2.0
EMBEDDED_MIN_CHARS = 250
# The second extractor's text (fallback.py) is refused when at least this share of it is the
# page's link texts: that is a menu or a list of headlines, not an article.
FALLBACK_MAX_LINK_SHARE = 0.5
# When the chosen containers hold less than this share of the text of the page's content blocks
# (not widgets, not link lists), the nearest ancestor holding WIDE_CONTAINER_SHARE of it replaces
# them, provided at least WIDE_CONTENT_SHARE of that ancestor's text is content.
SMALL_CONTAINER_SHARE = 0.5
WIDE_CONTAINER_SHARE = 0.7
WIDE_CONTENT_SHARE = 0.6
# A box sharing the best container's article-body class joins it unless more of its text is links.
SPLIT_PART_MAX_LINK_SHARE = 0.3
# A sibling of the best container joins it when it scores at least this share of the best score.
SIBLING_SCORE_SHARE = 0.2


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
    return CleanPage(
        title=metadata.title or sections[0].heading or sections[0].paragraphs[0][:100],
        sections=sections,
        published=metadata.published,
        source=metadata.source,
        url=metadata.url or url,
        authors=metadata.authors,
        language=metadata.language or detect_language(" ".join(section.text for section in sections)),
    )


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
    return group_sections(blocks, title=title)


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


def find_containers(blocks: list[Block]) -> set[lxml_html.HtmlElement]:
    """Return the element(s) holding the article: best-scored container plus strong siblings.

    Readability's scoring: each prose block adds to its container (the parent of a <p>-like
    owner, or a <div> owner itself, for <br>-separated text) and half to the next level up.
    """
    scores: dict[lxml_html.HtmlElement, float] = {}
    for block in blocks:
        if block.is_heading or block.is_widget or len(block.text) < MIN_SCORED_CHARS:
            continue
        if block.link_share > MAX_LINK_SHARE:
            continue
        score = 1 + block.text.count(",") + min(len(block.text) / 100, 3)
        container = block.owner.getparent() if block.owner.tag in PARAGRAPH_TAGS else block.owner
        if container is None:
            container = block.owner
        for share, ancestor in ((1.0, container), (0.5, container.getparent())):
            if ancestor is not None:
                scores[ancestor] = scores.get(ancestor, 0.0) + score * share
    if not scores:
        return set()
    for element in scores:
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        bonus = 1.25 if patterns.CONTENT_ATTRIBUTE_RE.search(names) or element.get("itemprop") == "articleBody" else 1.0
        scores[element] *= bonus * (1 - link_density(element))
    top = max(scores, key=scores.__getitem__)
    best = widen_container(top, blocks)
    parent = best.getparent()
    if parent is None:
        return {best}
    threshold = max(10.0, max(scores.get(best, 0.0), scores[top]) * SIBLING_SCORE_SHARE)
    containers = {
        sibling for sibling in parent
        if sibling is best or scores.get(sibling, 0.0) >= threshold or is_loose_paragraph(sibling)
    }
    return widen_small_containers(containers | find_split_body_parts(best, blocks), best, blocks)


def find_split_body_parts(best: lxml_html.HtmlElement, blocks: list[Block]) -> set[lxml_html.HtmlElement]:
    """Return the other boxes that carry best's article-body class and hold prose.

    Bodies split around ads or promos ("story-body-1", "story-body-2") are cousins rather
    than siblings: each part sits in its own wrapper next to teasers.
    """
    body_classes = {token for token in (best.get("class") or "").split() if patterns.CONTENT_ATTRIBUTE_RE.search(token)}
    if not body_classes:
        return set()
    parts = set()
    for element in best.getroottree().iter(best.tag):
        if element is best or not body_classes & set((element.get("class") or "").split()):
            continue
        boxes = [element, *(ancestor for ancestor in element.iterancestors() if ancestor.tag not in ("body", "html"))]
        if any(is_comment_named(box) for box in boxes):
            continue  # replies often reuse the post's body class
        inside = [block for block in blocks if is_inside(block.owner, {element})]
        chars = sum(len(block.text) for block in inside)
        links = sum(block.link_chars for block in inside)
        if any(is_sentence_block(block) for block in inside) and links <= SPLIT_PART_MAX_LINK_SHARE * chars:
            parts.add(element)
    return parts


def widen_small_containers(
    containers: set[lxml_html.HtmlElement], best: lxml_html.HtmlElement, blocks: list[Block]
) -> set[lxml_html.HtmlElement]:
    """Return containers, or the nearest ancestor of best holding most of the page's text when
    they hold little of it (a how-to split into one box per step, a long page of lists).

    Link lists inside the wider box are still dropped when the sections are grouped.
    """
    # Coverage is counted in distinct words: pages repeat their headline, summary or whole body
    # in hidden metadata copies, which add no new words.
    content = [block for block in blocks if is_content_block(block)]
    page_words = len(distinct_words(content))
    if len(distinct_words(block for block in content if is_inside(block.owner, containers))) >= SMALL_CONTAINER_SHARE * page_words:
        return containers
    for ancestor in best.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        inside = [block for block in blocks if is_inside(block.owner, {ancestor})]
        content_words = distinct_words(block for block in inside if is_content_block(block))
        if len(content_words) >= WIDE_CONTAINER_SHARE * page_words:
            words = distinct_words(block for block in inside if len(block.text) >= MIN_SCORED_CHARS)
            return {ancestor} if len(content_words) >= WIDE_CONTENT_SHARE * len(words) else containers
    return containers


def distinct_words(blocks: Iterable[Block]) -> set[str]:
    """Return the distinct lowercased words of blocks."""
    return {word for block in blocks for word in WORD_RE.findall(block.text.lower())}


def widen_container(best: lxml_html.HtmlElement, blocks: list[Block]) -> lxml_html.HtmlElement:
    """Return best or the ancestor that adds mostly prose to it (bodies split into column divs)."""
    masses: dict[lxml_html.HtmlElement, list[int]] = {}
    for block in blocks:
        is_prose = is_sentence_block(block)
        element = block.owner
        while element is not None:
            mass = masses.setdefault(element, [0, 0, 0])
            mass[0] += len(block.text) if is_prose else 0
            mass[1] += len(block.text)
            mass[2] += block.link_chars
            element = element.getparent()
    accepted = best
    baseline = masses.get(best, [0, 0, 0])
    for ancestor in best.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        prose, chars, links = (masses[ancestor][i] - baseline[i] for i in range(3))
        if chars == 0:
            continue
        if prose < WIDEN_PROSE_SHARE * chars or links > WIDEN_MAX_LINK_SHARE * chars:
            break
        if prose >= WIDEN_MIN_ADDED * baseline[0]:
            accepted, baseline = ancestor, masses[ancestor]
    return accepted


def is_content_block(block: Block) -> bool:
    """Return whether block is text a reader reads: no widget or link list, words, not a stub."""
    return (
        not block.is_widget and len(block.text) >= MIN_SCORED_CHARS and " " in block.text
        and not is_link_list_item(block)
    )


def is_sentence_block(block: Block) -> bool:
    """Return whether block reads as running prose: long enough, few links, ends a sentence.

    Teaser descriptions in "recent articles" grids are prose-like but rarely end with a full stop.
    """
    return (
        not block.is_widget
        and len(block.text) >= WIDEN_MIN_CHARS
        and block.link_share <= MAX_LINK_SHARE
        and block.text[-1] in SENTENCE_END_CHARS
    )


def is_inside(element: lxml_html.HtmlElement, containers: set[lxml_html.HtmlElement]) -> bool:
    """Return whether element is one of containers or sits under one."""
    while element is not None:
        if element in containers:
            return True
        element = element.getparent()
    return False


def is_loose_paragraph(element: lxml_html.HtmlElement) -> bool:
    """Return whether element is a stand-alone prose <p> beside the container (split bodies)."""
    if element.tag != "p":
        return False
    text = element.text_content()
    return len(text) > 80 and link_density(element) < 0.25 and bool(re.search(r"\.\s|\.$", text))


def link_density(element: lxml_html.HtmlElement) -> float:
    """Return the share of element's text that sits inside links."""
    total = len(element.text_content())
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return links / total if total else 0.0
