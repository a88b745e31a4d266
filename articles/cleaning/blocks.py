"""HTML text blocks: split a tree into headings and paragraphs, then group them into sections."""

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from . import patterns
from .text import is_heading_like
from .types import CleanSection
from .whitespace import normalize_space

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = HEADING_TAGS | frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
    "thead", "tbody", "section", "article", "main", "header", "figure", "figcaption", "hr", "address",
    "details", "summary", "center", "caption",
})
BOLD_TAGS = frozenset({"b", "strong"})
WORD_RE = re.compile(r"\w")
LETTER_RE = re.compile(r"[^\W\d]")  # letters, and "_" of "___" section rules (kept as before)
NON_WORD_RE = re.compile(r"\W+")
URL_TEXT_RE = re.compile(r"^(?:https?://|www\.)\S+$")
# A heading that is a link, in a box of at most this many characters, titles a teaser card.
TEASER_HEADING_LINK_SHARE = 0.8
TEASER_CARD_MAX_CHARS = 400
# A line of at most this many words right above the headline is its kicker (section label).
KICKER_MAX_WORDS = 5
# Blocks whose text is mostly link text are teaser/navigation lists...
MAX_LINK_SHARE = 0.5
# ...unless they are long sentences whose words link out (BBC-style inline links).
LINKED_SENTENCE_MIN_CHARS = 100
LINKED_SENTENCE_MAX_LINK_SHARE = 0.9
# A table reads as rows of data (one line per row, cells joined by CELL_SEPARATOR) when it nests
# no table, at least DATA_TABLE_MIN_ROWS rows have two cells or more, and no cell holds more than
# DATA_CELL_MAX_CHARS: a table whose cell holds the article (or a one-column table) is layout.
DATA_TABLE_MIN_ROWS = 2
DATA_CELL_MAX_CHARS = 200
CELL_SEPARATOR = " | "
# A table whose text is at least this share links is a grid of links (a menu), not data; its rows
# of data are kept even when most of a row is a linked name.
LINK_GRID_SHARE = 0.9


@dataclass
class Block:
    """A run of text between block boundaries, with how much of it is link text."""

    text: str
    is_heading: bool
    link_chars: int
    owner: lxml_html.HtmlElement
    is_bold: bool = False
    is_widget: bool = False
    is_table_row: bool = False

    @property
    def link_share(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def split_blocks(root: lxml_html.HtmlElement) -> list[Block]:
    """Return the text blocks under root in document order, each with its owning block element."""
    splitter = BlockSplitter()
    for child in root:
        splitter.walk(child, root, in_link=False, in_bold=False)
    splitter.flush(root)
    return splitter.blocks


def split_cell_blocks(cell: lxml_html.HtmlElement) -> list[Block]:
    """Return the text blocks inside a table cell (or caption), its own text included."""
    splitter = BlockSplitter()
    splitter.walk_children(cell, cell, tag=cell.tag, in_link=False, in_bold=False)
    return splitter.blocks


class BlockSplitter:
    """Walks a tree gathering inline text pieces, closing a block at each block boundary."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[tuple[str, bool, bool]] = []  # (text, is in a link, is in bold)

    def flush(self, owner: lxml_html.HtmlElement) -> None:
        """Close the pending inline text as one block of owner (rules such as "___" carry none)."""
        text = normalize_space("".join(piece for piece, _, _ in self.pieces))
        if WORD_RE.search(text):
            link_chars = len(normalize_space("".join(piece for piece, is_link, _ in self.pieces if is_link)))
            bold_text = normalize_space("".join(piece for piece, _, is_bold in self.pieces if is_bold))
            self.blocks.append(Block(text=text, is_heading=False, link_chars=link_chars, owner=owner,
                                     is_bold=bold_text == text))
        self.pieces.clear()

    def walk(self, element: lxml_html.HtmlElement, owner: lxml_html.HtmlElement, *, in_link: bool, in_bold: bool) -> None:
        """Add element's text, and its tail, to the blocks."""
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in HEADING_TAGS:
            self.flush(owner)
            self.add_heading(element, in_link=in_link)
        elif tag == "pre":
            self.flush(owner)
            self.add_preformatted(element)
        elif tag == "br":
            self.flush(owner)
        elif tag == "table" and is_data_table(element):
            self.flush(owner)
            self.add_table_rows(element)
        else:
            self.walk_children(element, owner, tag=tag, in_link=in_link, in_bold=in_bold)
        if element.tail:
            self.pieces.append((element.tail, in_link, in_bold))

    def walk_children(
        self, element: lxml_html.HtmlElement, owner: lxml_html.HtmlElement, *, tag: str, in_link: bool, in_bold: bool
    ) -> None:
        """Add the text inside element; a block element closes the text before and inside it."""
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush(owner)
        inner_owner = element if is_block else owner
        inner_link, inner_bold = in_link or tag == "a", in_bold or tag in BOLD_TAGS
        if element.text and tag:
            self.pieces.append((element.text, inner_link, inner_bold))
        for child in element:
            self.walk(child, inner_owner, in_link=inner_link, in_bold=inner_bold)
        if is_block:
            self.flush(element)

    def add_heading(self, element: lxml_html.HtmlElement, *, in_link: bool) -> None:
        """Add a heading element as one heading block, with how much of it is links."""
        text = normalize_space(element.text_content())
        if WORD_RE.search(text):
            links = len(text) if in_link else sum(len(normalize_space(a.text_content())) for a in element.iter("a"))
            self.blocks.append(Block(text=text, is_heading=True, link_chars=min(links, len(text)), owner=element))

    def add_table_rows(self, table: lxml_html.HtmlElement) -> None:
        """Add a data table's caption, then each row as one block of its cells' texts."""
        for caption in table.iter("caption"):
            self.blocks.extend(split_cell_blocks(caption))
        for row in table.iter("tr"):
            cells = [split_cell_blocks(cell) for cell in row if cell.tag in ("td", "th")]
            texts = [" ".join(block.text for block in blocks) for blocks in cells if blocks]
            if texts:
                link_chars = sum(block.link_chars for blocks in cells for block in blocks)
                self.blocks.append(Block(text=CELL_SEPARATOR.join(texts), is_heading=False, link_chars=link_chars,
                                         owner=row, is_table_row=True))

    def add_preformatted(self, element: lxml_html.HtmlElement) -> None:
        """Add a <pre> element's paragraphs: preformatted text keeps its own breaks (blank lines)."""
        for paragraph in re.split(r"\n\s*\n", element.text_content()):
            text = normalize_space(paragraph)
            if WORD_RE.search(text):
                self.blocks.append(Block(text=text, is_heading=False, link_chars=0, owner=element))


def is_data_table(table: lxml_html.HtmlElement) -> bool:
    """Return whether table holds data (rows of short cells) rather than laying out the page or a grid of links."""
    if table.find(".//table") is not None:
        return False
    cells = table.xpath(".//td | .//th")
    if any(len(normalize_space(cell.text_content())) > DATA_CELL_MAX_CHARS for cell in cells):
        return False
    text_chars = len(normalize_space(table.text_content()).replace(" ", ""))
    link_chars = sum(len(normalize_space(link.text_content()).replace(" ", "")) for link in table.iter("a"))
    if link_chars >= LINK_GRID_SHARE * text_chars:
        return False
    wide_rows = sum(1 for row in table.iter("tr") if len(row.xpath("./td | ./th")) >= 2)
    return wide_rows >= DATA_TABLE_MIN_ROWS


def mark_widget_blocks(blocks: list[Block]) -> list[Block]:
    """Return blocks with widget headings ("Related", "Most read"...) and their content marked.

    A widget's content is what follows its heading inside the heading's box, up to the next
    heading: a "Trending" box in the middle of a story ends where the story's <p>s resume.
    """
    scope: lxml_html.HtmlElement | None = None
    for block in blocks:
        if block.is_heading:
            scope = widget_scope(block) if patterns.BOILERPLATE_HEADING_RE.match(block.text) else teaser_card(block)
        elif scope is not None and scope not in block.owner.iterancestors() and scope is not block.owner:
            scope = None
        block.is_widget = scope is not None or any(
            pattern.match(block.text)
            for pattern in (
                patterns.BOILERPLATE_LINE_RE, patterns.TIMESTAMP_LINE_RE, patterns.COPYRIGHT_LINE_RE,
                patterns.WIDGET_LABEL_LINE_RE,
            )
        )
    return blocks


def widget_scope(heading: Block) -> lxml_html.HtmlElement:
    """Return the box of a widget heading: its parent, or higher while a box holds only the heading."""
    scope = heading.owner.getparent()
    while scope is not None and normalize_space(scope.text_content()) == heading.text:
        scope = scope.getparent()
    return scope if scope is not None else heading.owner


def teaser_card(heading: Block) -> lxml_html.HtmlElement | None:
    """Return the small box of a linked heading with its summary (a teaser card), else None.

    A linked heading in a long box is a listicle subheading ("1. <a>Product</a>") and stays.
    """
    if heading.link_share < TEASER_HEADING_LINK_SHARE:
        return None
    card = widget_scope(heading)
    return card if len(normalize_space(card.text_content())) <= TEASER_CARD_MAX_CHARS else None


def group_sections(blocks: list[Block], *, title: str) -> tuple[CleanSection, ...]:
    """Return sections from blocks, leaving out widgets, link lists and the title itself.

    A heading with no paragraph before the next heading (a group label such as "GIRLS SOCCER"
    above "h3" results) is kept as a paragraph of the section before it.
    """
    groups: list[tuple[Block | None, list[str]]] = [(None, [])]
    title_key = text_key(title)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.is_widget or text_key(block.text) == title_key:
            continue  # the story goes on in the current section after a widget box or the headline
        if following is not None and text_key(following.text) == title_key and is_label(block):
            continue  # a kicker ("BRICS summit") above the headline
        if block.is_heading or is_bold_subheading(block, following):
            groups.append((block, []))
        elif not is_link_list_item(block) and not is_letterless_label(block):
            groups[-1][1].append(block.text)
    sections: list[CleanSection] = []
    orphans: list[str] = []
    for heading_block, paragraphs in groups:
        heading = heading_block.text if heading_block else None
        if not paragraphs:
            # A linked heading with nothing under it is a headline in a list of links.
            if heading_block and heading_block.link_share < TEASER_HEADING_LINK_SHARE:
                orphans.append(heading_block.text)
            continue
        if orphans and sections:
            last = sections.pop()
            sections.append(CleanSection(heading=last.heading, paragraphs=last.paragraphs + tuple(orphans)))
        elif orphans:
            sections.append(CleanSection(heading=None, paragraphs=tuple(orphans)))
        orphans = []
        sections.append(CleanSection(heading=heading, paragraphs=tuple(paragraphs)))
    return tuple(sections)


def drop_edge_chrome(sections: tuple[CleanSection, ...]) -> tuple[CleanSection, ...]:
    """Return sections without the short chrome lines ("Undo", "5 min read") that open or close the article.

    Only at the edges: the same words inside the story are a quotation or a real sentence.
    """
    if not sections:
        return sections
    first, *rest = sections
    paragraphs = list(first.paragraphs)
    while paragraphs and patterns.EDGE_CHROME_LINE_RE.match(paragraphs[0]):
        paragraphs.pop(0)
    trimmed = [CleanSection(heading=first.heading, paragraphs=tuple(paragraphs)), *rest]
    while trimmed:
        last = trimmed.pop()
        paragraphs = list(last.paragraphs)
        while paragraphs and patterns.EDGE_CHROME_LINE_RE.match(paragraphs[-1]):
            paragraphs.pop()
        if paragraphs:
            trimmed.append(CleanSection(heading=last.heading, paragraphs=tuple(paragraphs)))
            break
    return tuple(section for section in trimmed if section.paragraphs)


def is_label(block: Block) -> bool:
    """Return whether block is a short label: a few words, no sentence punctuation."""
    return len(block.text.split()) <= KICKER_MAX_WORDS and block.text[-1] not in ".!?:;,…\"”’)"


def is_letterless_label(block: Block) -> bool:
    """Return whether block has no letters and stands outside a table or list ("$915", "’22", "1/50").

    Chart axis labels, counters and slide numbers; figures in a table or list stay.
    """
    return not LETTER_RE.search(block.text) and block.owner.tag not in ("td", "th", "li", "dd", "pre")


def is_link_list_item(block: Block) -> bool:
    """Return whether block is mostly link text and not a linked-up sentence (teasers, menus)."""
    if block.link_share <= MAX_LINK_SHARE or URL_TEXT_RE.match(block.text):
        return False  # a bare address in the story is a cited source, not a teaser
    if block.is_table_row:
        return False  # a row of data with linked names ("Ana Silva | 412"); grids of links are no data tables
    is_sentence = len(block.text) >= LINKED_SENTENCE_MIN_CHARS and block.text[-1] in ".!?\"”’»)…"
    return not (is_sentence and block.link_share < LINKED_SENTENCE_MAX_LINK_SHARE)


def is_bold_subheading(block: Block, following: Block | None) -> bool:
    """Return whether block is a short bold line (<p><b>Subheading</b></p>) opening a paragraph."""
    if not block.is_bold or block.is_widget or block.link_share > MAX_LINK_SHARE or not is_heading_like(block.text):
        return False
    return following is not None and not following.is_heading and not following.is_bold


def text_key(text: str) -> str:
    """Return text lowercased without spaces and punctuation, to compare a block with the title."""
    return NON_WORD_RE.sub("", text).lower()
