"""HTML pages -> CleanPage.

Pipeline:
1. parse with lxml and read the metadata (metadata.py) before anything is removed;
2. drop page chrome: CHROME_TAGS, hidden elements, containers whose class/id names chrome;
3. score elements by the paragraph text they hold and pick the article container(s);
4. split the container into blocks: headings, paragraphs, list items, <br>-separated lines;
5. drop link lists and boilerplate lines, skip widget headings and what follows them,
   and group the rest into sections.
"""

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from articles.exceptions import CleaningError

from . import patterns
from .metadata import normalize_space, read_metadata
from .text import is_heading_like
from .types import CleanPage, CleanSection

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = HEADING_TAGS | frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
    "thead", "tbody", "section", "article", "main", "header", "figure", "figcaption", "hr", "address",
    "details", "summary", "center", "caption",
})
BOLD_TAGS = frozenset({"b", "strong"})
PARAGRAPH_TAGS = ("p", "pre", "blockquote", "td", "li", "dd")
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"})
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*>")
# A paragraph shorter than this says little about where the article is (readability's value).
MIN_SCORED_CHARS = 25
# A chrome-named element holding more than this share of the page's paragraph text is a wrapper
# (e.g. <div class="page with-sidebar">), not chrome.
WRAPPER_TEXT_SHARE = 0.5
# Blocks whose text is mostly link text are teaser/navigation lists.
MAX_LINK_SHARE = 0.5
# The container widens to its parent when the parent adds at least this share more prose,
# the added text is mostly prose and few links (NYT-style bodies split over column divs).
WIDEN_MIN_ADDED = 0.2
WIDEN_PROSE_SHARE = 0.7
WIDEN_MAX_LINK_SHARE = 0.2
WIDEN_MIN_CHARS = 40
SENTENCE_END_CHARS = ".!?\"”’»)…:;"
# A sibling of the best container joins it when it scores at least this share of the best score.
SIBLING_SCORE_SHARE = 0.2


@dataclass
class Block:
    """A run of text between block boundaries, with how much of it is link text."""

    text: str
    is_heading: bool
    link_chars: int
    owner: lxml_html.HtmlElement
    is_bold: bool = False
    is_widget: bool = False

    @property
    def link_share(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def clean_html(text: str, *, filename: str, url: str | None = None) -> CleanPage:
    """Return the article of an HTML page.

    Raises:
        CleaningError: the page cannot be parsed or has no article text outside its chrome.
    """
    tree = parse_document(text, filename=filename)
    metadata = read_metadata(tree)
    remove_chrome(tree)
    body = tree.find("body")
    blocks = mark_widget_blocks(split_blocks(body if body is not None else tree))
    containers = find_containers(blocks)
    blocks = [block for block in blocks if is_inside(block.owner, containers)]
    sections = group_sections(blocks, title=metadata.title)
    if not sections:
        raise CleaningError(
            f"No article text in '{filename}': every paragraph is page chrome (navigation, footer, "
            "related lists, forms) or there are none; if the page does hold an article, add its "
            "container class to CONTENT_ATTRIBUTE_RE in cleaning/patterns.py.",
            filename=filename,
        )
    return CleanPage(
        title=metadata.title or sections[0].heading or sections[0].paragraphs[0][:100],
        sections=sections,
        published=metadata.published,
        source=metadata.source,
        url=metadata.url or url,
        authors=metadata.authors,
        language=metadata.language,
    )


def parse_document(text: str, *, filename: str) -> lxml_html.HtmlElement:
    """Return the lxml tree of a page.

    Raises:
        CleaningError: lxml finds no document in the text.
    """
    try:
        return lxml_html.document_fromstring(XML_DECLARATION_RE.sub("", text, count=1))
    except (etree.ParserError, ValueError) as error:
        raise CleaningError(f"Cannot parse '{filename}' as HTML ({error}); check that it is a web page.", filename=filename) from error


def remove_chrome(tree: lxml_html.HtmlElement) -> None:
    """Remove scripts, navigation, hidden and chrome-named elements from tree, keeping tail text."""
    for element in list(tree.iter(*patterns.CHROME_TAGS, etree.Comment, etree.ProcessingInstruction)):
        drop_element(element)
    total_chars = text_mass(tree)
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        if is_chrome_named(element):
            if not has_body_container(element):
                doomed.append(element)
        elif is_chrome_shaped(element) and not has_body_container(element):
            if text_mass(element) <= WRAPPER_TEXT_SHARE * total_chars:
                doomed.append(element)
    for element in doomed:
        drop_element(element)


def has_body_container(element: lxml_html.HtmlElement) -> bool:
    """Return whether element holds a marked article body (itemprop=articleBody, body class, <main>)."""
    for descendant in element.iter("div", "section", "main", "article"):
        if descendant.get("itemprop") == "articleBody" or descendant.tag == "main":
            return True
        if patterns.CONTENT_ATTRIBUTE_RE.search(descendant.get("class") or ""):
            return True
    return False


def is_chrome_shaped(element: lxml_html.HtmlElement) -> bool:
    """Return whether element is hidden or a chrome tag or role (which whole pages sometimes are)."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if HIDDEN_STYLE_RE.search(element.get("style") or ""):
        return True
    return element.tag in patterns.CHROME_CONTAINER_TAGS or (element.get("role") or "").lower() in CHROME_ROLES


def is_chrome_named(element: lxml_html.HtmlElement) -> bool:
    """Return whether element's class or id names chrome (related, share, comments, hidden...)."""
    tokens = (element.get("class") or "").split() + [element.get("id") or ""]
    if any(token.lower() in patterns.HIDDEN_CLASS_TOKENS for token in tokens):
        return True
    parts = [name_parts(token) for token in tokens if not token.lower().startswith(patterns.LAYOUT_MODIFIER_PREFIXES)]
    # An element naming itself both content and chrome ("page-content with-sidebar") is a wrapper.
    if any(token_parts & patterns.CONTENT_NAME_PARTS for token_parts in parts):
        return False
    return any(token_parts & patterns.CHROME_NAME_PARTS for token_parts in parts)


def name_parts(token: str) -> set[str]:
    """Return the lowercased words of a class/id token ("relatedPosts" -> {"related", "posts"})."""
    return {part.lower() for part in patterns.NAME_PART_SPLIT_RE.split(token) if part}


def drop_element(element: etree._Element) -> None:
    """Remove element from its tree, keeping the text that follows it."""
    if element.getparent() is not None:
        if isinstance(element.tag, str):
            element.drop_tree()
        else:
            tail, parent, previous = element.tail, element.getparent(), element.getprevious()
            parent.remove(element)
            if tail and previous is not None:
                previous.tail = (previous.tail or "") + tail
            elif tail:
                parent.text = (parent.text or "") + tail


def text_mass(element: lxml_html.HtmlElement) -> int:
    """Return the number of characters of element's text outside links."""
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return len(element.text_content()) - links


def split_blocks(root: lxml_html.HtmlElement) -> list[Block]:
    """Return the text blocks under root in document order, each with its owning block element."""
    blocks: list[Block] = []
    pieces: list[tuple[str, bool, bool]] = []  # (text, is in a link, is in bold)

    def flush(owner: lxml_html.HtmlElement) -> None:
        text = normalize_space("".join(piece for piece, _, _ in pieces))
        if text:
            link_chars = len(normalize_space("".join(piece for piece, is_link, _ in pieces if is_link)))
            bold_text = normalize_space("".join(piece for piece, _, is_bold in pieces if is_bold))
            blocks.append(Block(text=text, is_heading=False, link_chars=link_chars, owner=owner,
                                is_bold=bold_text == text))
        pieces.clear()

    def walk(element: lxml_html.HtmlElement, owner: lxml_html.HtmlElement, in_link: bool, in_bold: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in HEADING_TAGS:
            flush(owner)
            text = normalize_space(element.text_content())
            if text:
                blocks.append(Block(text=text, is_heading=True, link_chars=0, owner=element))
        elif tag == "br":
            flush(owner)
        else:
            is_block = tag in BLOCK_TAGS
            if is_block:
                flush(owner)
            inner_owner = element if is_block else owner
            inner_link, inner_bold = in_link or tag == "a", in_bold or tag in BOLD_TAGS
            if element.text and tag:
                pieces.append((element.text, inner_link, inner_bold))
            for child in element:
                walk(child, inner_owner, inner_link, inner_bold)
            if is_block:
                flush(element)
        if element.tail:
            pieces.append((element.tail, in_link, in_bold))

    for child in root:
        walk(child, root, False, False)
    flush(root)
    return blocks


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
    return {
        sibling for sibling in parent
        if sibling is best or scores.get(sibling, 0.0) >= threshold or is_loose_paragraph(sibling)
    }


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


def is_sentence_block(block: Block) -> bool:
    """Return whether block reads as running prose: long enough, few links, ends a sentence.

    Teaser descriptions in "recent articles" grids are prose-like but rarely end with a full stop.
    """
    return (
        len(block.text) >= WIDEN_MIN_CHARS
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


def mark_widget_blocks(blocks: list[Block]) -> list[Block]:
    """Return blocks with widget headings ("Related", "Most read"...) and their content marked."""
    is_in_widget = False
    for block in blocks:
        if block.is_heading:
            is_in_widget = bool(patterns.BOILERPLATE_HEADING_RE.match(block.text))
        block.is_widget = is_in_widget or any(
            pattern.match(block.text)
            for pattern in (patterns.BOILERPLATE_LINE_RE, patterns.TIMESTAMP_LINE_RE, patterns.COPYRIGHT_LINE_RE)
        )
    return blocks


def group_sections(blocks: list[Block], *, title: str) -> tuple[CleanSection, ...]:
    """Return sections from blocks, leaving out widgets, link lists and the title itself.

    A heading with no paragraph before the next heading (a group label such as "GIRLS SOCCER"
    above "h3" results) is kept as a paragraph of the section before it.
    """
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.is_heading or is_bold_subheading(block, following):
            is_kept = not (block.is_widget or same_text(block.text, title))
            groups.append((block.text if is_kept else None, []))
        elif not (block.is_widget or same_text(block.text, title) or block.link_share > MAX_LINK_SHARE):
            groups[-1][1].append(block.text)
    sections: list[CleanSection] = []
    orphans: list[str] = []
    for heading, paragraphs in groups:
        if not paragraphs:
            if heading is not None:
                orphans.append(heading)
            continue
        if orphans and sections:
            last = sections.pop()
            sections.append(CleanSection(heading=last.heading, paragraphs=last.paragraphs + tuple(orphans)))
        elif orphans:
            sections.append(CleanSection(heading=None, paragraphs=tuple(orphans)))
        orphans = []
        sections.append(CleanSection(heading=heading, paragraphs=tuple(paragraphs)))
    return tuple(sections)


def is_bold_subheading(block: Block, following: Block | None) -> bool:
    """Return whether block is a short bold line (<p><b>Subheading</b></p>) opening a paragraph."""
    if not block.is_bold or block.is_widget or block.link_share > MAX_LINK_SHARE or not is_heading_like(block.text):
        return False
    return following is not None and not following.is_heading and not following.is_bold


def same_text(first: str, second: str) -> bool:
    """Return whether two strings are equal ignoring case, spacing and punctuation."""
    return re.sub(r"\W+", "", first).lower() == re.sub(r"\W+", "", second).lower()
