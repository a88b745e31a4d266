"""A second extractor, trafilatura, for pages where ours keeps little or nothing (HTML stage 6).

Ours runs first: it is about twice as fast and keeps subheadings as sections. trafilatura
(https://trafilatura.readthedocs.io, a maintained library made for this) has different
heuristics and recovers many of the pages whose markup ours misreads; measured on the AEB and
Readability sets, taking its text when ours keeps less than half of what it keeps raises
recall without costing precision (see bench/extraction.py).
"""

from lxml import etree

from .metadata import normalize_space
from .types import CleanSection

# trafilatura's XML output: <head> opens a section, these hold paragraphs.
PARAGRAPH_TAGS = frozenset({"p", "quote", "item", "code", "row"})


def extract_sections_with_trafilatura(text: str, *, title: str) -> tuple[CleanSection, ...]:  # noqa: C901 (one decision list read top to bottom; to be split)
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
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    title_key = normalize_space(title).lower()

    def add(line: str, *, is_heading: bool) -> None:
        line = normalize_space(line)
        if not line or line.lower() == title_key:
            return
        if is_heading:
            groups.append((line, []))
        else:
            groups[-1][1].append(line)

    add(main.text or "", is_heading=False)
    for element in main.iter():
        if element.tag in PARAGRAPH_TAGS or element.tag == "head":
            if element.tag in ("item", "row") or not any(child.tag in PARAGRAPH_TAGS for child in element):
                add((" " if element.tag == "row" else "").join(element.itertext()), is_heading=element.tag == "head")
        if element.getparent() is main:
            add(element.tail or "", is_heading=False)  # text between blocks, straight in <main>
    sections: list[CleanSection] = []
    for heading, paragraphs in groups:
        if paragraphs:
            sections.append(CleanSection(heading=heading, paragraphs=tuple(paragraphs)))
        elif heading and sections:  # a heading with nothing under it is kept as a line of text
            sections[-1] = CleanSection(heading=sections[-1].heading, paragraphs=sections[-1].paragraphs + (heading,))
        elif heading:
            sections.append(CleanSection(heading=None, paragraphs=(heading,)))
    return tuple(sections)
