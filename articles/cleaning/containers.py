"""Choosing the article's box in an HTML page (HTML stage 4): scoring, widening, split bodies.

Readability-style scoring picks the element whose paragraphs weigh most; it then widens over
bodies split into column divs, adds strong siblings and boxes carrying its article-body class
("story-body-1", "story-body-2"), and takes the nearest larger box when the choice holds under
half of the page's words (a how-to with one box per step).
"""

import re
from collections.abc import Iterable

from lxml import html as lxml_html

from . import patterns
from .blocks import MAX_LINK_SHARE, Block, is_link_list_item
from .chrome import is_comment_named

PARAGRAPH_TAGS = ("p", "pre", "blockquote", "td", "li", "dd")
WORD_RE = re.compile(r"\w+")
# A paragraph shorter than this says little about where the article is (readability's value).
MIN_SCORED_CHARS = 25
# The container widens to its parent when the parent adds at least this share more prose,
# the added text is mostly prose and few links (NYT-style bodies split over column divs).
WIDEN_MIN_ADDED = 0.2
WIDEN_PROSE_SHARE = 0.7
WIDEN_MAX_LINK_SHARE = 0.2
WIDEN_MIN_CHARS = 40
SENTENCE_END_CHARS = ".!?\"”’»)…:;"
# When the chosen containers hold less than this share of the distinct words of the page's
# content blocks (not widgets, not link lists), the nearest ancestor holding WIDE_CONTAINER_SHARE
# of them replaces them, provided at least WIDE_CONTENT_SHARE of that ancestor's words are content.
# Calibrated on both development sets: no AEB page moved, five Readability pages gained.
SMALL_CONTAINER_SHARE = 0.5
WIDE_CONTAINER_SHARE = 0.7
WIDE_CONTENT_SHARE = 0.6
# A box sharing the best container's article-body class joins it unless more of its text is links.
SPLIT_PART_MAX_LINK_SHARE = 0.3
# A sibling of the best container joins it when it scores at least this share of the best score.
SIBLING_SCORE_SHARE = 0.2


def find_containers(blocks: list[Block]) -> set[lxml_html.HtmlElement]:
    """Return the element(s) holding the article: best-scored container plus strong siblings.

    Readability's scoring: each prose block adds to its container (the parent of a <p>-like
    owner, or a <div> owner itself, for <br>-separated text) and half to the next level up.
    """
    scores: dict[lxml_html.HtmlElement, float] = {}
    for block in blocks:
        # A data table's rows are figures, not prose: a long table must not outweigh the story around it.
        if block.is_heading or block.is_widget or block.is_table_row or len(block.text) < MIN_SCORED_CHARS:
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
