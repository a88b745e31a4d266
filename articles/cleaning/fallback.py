"""A second extractor, trafilatura, for pages where ours keeps little or nothing (HTML stage 6).

Ours runs first: it is about twice as fast and keeps subheadings as sections. trafilatura
(https://trafilatura.readthedocs.io, a maintained library made for this) has different
heuristics and recovers many of the pages whose markup ours misreads; measured on the AEB and
Readability sets, taking its text when ours keeps less than half of what it keeps raises
recall without costing precision (see bench/extraction.py).
"""

from lxml import etree

from .types import CleanSection
from .whitespace import normalize_space

# trafilatura's XML output: <head> opens a section, these hold paragraphs.
PARAGRAPH_TAGS = frozenset({"p", "quote", "item", "code", "row"})


def extract_sections_with_trafilatura(text: str, *, title: str) -> tuple[CleanSection, ...]:
    """Return the sections trafilatura finds in an HTML page, without the title; () if none."""
    # Imported on first use: the import takes 0.1-0.4 s (dateparser, courlan...) and most
    # processes (web, search, most imports) never need it.
    import trafilatura

    document = trafilatura.extract(
        text, output_format="xml", include_comments=False, include_tables=True, include_images=False,
    )
    if not document:
        return ()
    main = etree.fromstring(document.encode()).find("main")
    if main is None:
        return ()
    return group_sections(read_lines(main, title=title))


def read_lines(main: etree._Element, *, title: str) -> list[tuple[str, bool]]:
    """Return the text lines of trafilatura's <main> in order, each with whether it is a heading.

    The title, which trafilatura often repeats as the first heading, is left out.
    """
    title_key = normalize_space(title).lower()
    lines: list[tuple[str, bool]] = []

    def add(line: str, *, is_heading: bool) -> None:
        line = normalize_space(line)
        if line and line.lower() != title_key:
            lines.append((line, is_heading))

    add(main.text or "", is_heading=False)
    for element in main.iter():
        if is_text_block(element):
            add((" " if element.tag == "row" else "").join(element.itertext()), is_heading=element.tag == "head")
        if element.getparent() is main:
            add(element.tail or "", is_heading=False)  # text between blocks, straight in <main>
    return lines


def is_text_block(element: etree._Element) -> bool:
    """Return whether element is a heading or paragraph read as one line (not a box of paragraphs)."""
    if element.tag not in PARAGRAPH_TAGS and element.tag != "head":
        return False
    return element.tag in ("item", "row") or not any(child.tag in PARAGRAPH_TAGS for child in element)


def group_sections(lines: list[tuple[str, bool]]) -> tuple[CleanSection, ...]:
    """Return lines grouped into sections, each heading opening one."""
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    for line, is_heading in lines:
        if is_heading:
            groups.append((line, []))
        else:
            groups[-1][1].append(line)
    sections: list[CleanSection] = []
    for heading, paragraphs in groups:
        if paragraphs:
            sections.append(CleanSection(heading=heading, paragraphs=tuple(paragraphs)))
        elif heading and sections:  # a heading with nothing under it is kept as a line of text
            sections[-1] = CleanSection(heading=sections[-1].heading, paragraphs=sections[-1].paragraphs + (heading,))
        elif heading:
            sections.append(CleanSection(heading=None, paragraphs=(heading,)))
    return tuple(sections)
