"""Plain-text dumps -> CleanPage.

A dump is: title line; an optional lowercase slug line repeating the title; an optional
header block of `Key: value` lines (Source, Published/Date, URL, Author, Language); then
paragraphs separated by blank lines, with short capitalised unpunctuated lines as
subheadings; then, often, site boilerplate (newsletter box, related and trending lists),
which is cut from its first marker line on.
"""

import re

from articles.exceptions import CleaningError

from . import patterns
from .dates import parse_date
from .language import detect_language
from .types import CleanPage, CleanSection
from .urls import web_url_or_none

WORD_RE = re.compile(r"\w+")
# Hard-wrapped prose: a block whose lines (but the last) are all at least this long is one paragraph.
WRAPPED_LINE_MIN_CHARS = 50


def clean_text_dump(text: str, *, filename: str, url: str | None = None) -> CleanPage:
    """Return the article of a plain-text dump.

    Raises:
        CleaningError: the dump has no paragraph of article text under its title.
    """
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    position = next_content_line(lines, 0)
    if position == len(lines):
        raise CleaningError(f"'{filename}' holds only blank characters; nothing to import.", filename=filename)
    title = lines[position]
    position = next_content_line(lines, position + 1)
    if position < len(lines) and is_slug_line(lines[position], title):
        position = next_content_line(lines, position + 1)
    header, position = read_header(lines, position)
    units = split_units(lines[position:])
    sections = group_sections(units)
    if not sections:
        raise CleaningError(
            f"No article text in '{filename}': the dump has a title ({title[:60]!r}) but no paragraph under it; "
            "check that the file is a complete article dump.",
            filename=filename,
        )
    return CleanPage(
        title=title,
        sections=sections,
        published=parse_date(header["published"]) if "published" in header else None,
        source=header.get("source", ""),
        url=web_url_or_none(header.get("url")) or url,
        authors=split_authors(header.get("authors", "")),
        language=header.get("language", "").lower() or detect_language(" ".join(section.text for section in sections)),
    )


def next_content_line(lines: list[str], start: int) -> int:
    """Return the index of the first non-blank line at or after start (len(lines) if none)."""
    while start < len(lines) and not lines[start]:
        start += 1
    return start


def is_slug_line(line: str, title: str) -> bool:
    """Return whether line is the lowercase slug form of title ("putin and netanyahu discuss ...")."""
    if line != line.lower() or line == title:
        return False
    return WORD_RE.findall(line.replace("-", " ")) == WORD_RE.findall(title.lower().replace("-", " "))


def read_header(lines: list[str], position: int) -> tuple[dict[str, str], int]:
    """Return the header fields found at position and the index after them.

    Header lines are `Key: value` pairs (Source, Published, URL, Author...), a bare byline
    ("By Jane Doe") or a bare date line ("March 5, 2024").
    """
    header: dict[str, str] = {}
    while position < len(lines):
        line = lines[position]
        match = patterns.HEADER_LINE_RE.match(line)
        field = match and patterns.HEADER_KEYS.get(match.group("key").lower())
        if field:
            header.setdefault(field, match.group("value").strip())
        elif patterns.BYLINE_RE.match(line):
            header.setdefault("authors", line)
        elif len(line.split()) <= patterns.DATE_LINE_MAX_WORDS and parse_date(line):
            header.setdefault("published", line)
        else:
            break
        position = next_content_line(lines, position + 1)
    return header, position


def split_units(lines: list[str]) -> list[str]:
    """Return the body's paragraphs and heading candidates, stopping at the first boilerplate marker."""
    units: list[str] = []
    block: list[str] = []
    for line in lines + [""]:
        if line:
            block.append(line)
            continue
        if block:
            units.extend(split_block(block))
            block = []
    kept: list[str] = []
    for unit in units:
        if patterns.BOILERPLATE_LINE_RE.match(unit) or patterns.COPYRIGHT_LINE_RE.match(unit):
            continue
        if patterns.BOILERPLATE_HEADING_RE.match(unit):
            break
        kept.append(unit)
    return kept


def split_block(block: list[str]) -> list[str]:
    """Return hard-wrapped prose as one paragraph (after an optional heading), else one unit per line."""
    if is_wrapped(block):
        return [" ".join(block)]
    if len(block) > 2 and is_heading_like(block[0]) and is_wrapped(block[1:]):
        return [block[0], " ".join(block[1:])]
    return block


def is_wrapped(block: list[str]) -> bool:
    """Return whether the lines of block are one hard-wrapped paragraph."""
    return len(block) > 1 and all(len(line) >= WRAPPED_LINE_MIN_CHARS for line in block[:-1])


def is_heading_like(unit: str) -> bool:
    """Return whether unit reads as a subheading: short, capitalised, no final punctuation."""
    return (
        len(unit) <= patterns.SUBHEADING_MAX_CHARS
        and len(unit.split()) <= patterns.SUBHEADING_MAX_WORDS
        and (unit[0].isupper() or unit[0].isdigit())
        and unit[-1] not in patterns.SENTENCE_END_CHARS
    )


def group_sections(units: list[str]) -> tuple[CleanSection, ...]:
    """Return sections: the intro, then one per subheading followed by prose."""
    sections: list[CleanSection] = []
    heading: str | None = None
    paragraphs: list[str] = []
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        if is_heading_like(unit) and following is not None and not is_heading_like(following):
            if paragraphs:
                sections.append(CleanSection(heading=heading, paragraphs=tuple(paragraphs)))
            heading, paragraphs = unit, []
        else:
            paragraphs.append(unit)
    if paragraphs:
        sections.append(CleanSection(heading=heading, paragraphs=tuple(paragraphs)))
    return tuple(sections)


def split_authors(value: str) -> tuple[str, ...]:
    """Return the names in an author line ("A, B and C")."""
    value = re.sub(r"^by\s+", "", value.strip(), flags=re.IGNORECASE)
    return tuple(name.strip() for name in re.split(r",|\s+and\s+|\s*&\s*|;", value) if name.strip())
